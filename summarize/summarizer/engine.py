"""``Summarizer``: a cluster in, one summary out, with any seq2seq or instruct model.

>>> s = Summarizer("extractive:lead", max_words=12)
>>> s.summarize(["Rain fell in Oslo on Monday. Roads flooded in the north.", "Oslo saw rain on Monday. Schools closed."])
'Rain fell in Oslo on Monday. Oslo saw rain on Monday.'

12 words at most, and never longer than the longest article (11 words). Clusters the reader
made (or :class:`~summarize.records.Cluster` objects) go in as a list, and a list comes back:

>>> from summarize.records import Cluster
>>> s.summarize([Cluster.from_texts(["Rain fell in Oslo on Monday."]), Cluster.from_texts(["Schools closed."])])
['Rain fell in Oslo on Monday.', 'Schools closed.']
"""

from __future__ import annotations

import dataclasses
import json
import time
import warnings

import torch
from tqdm.auto import tqdm

from ..config import SummarizerConfig
from ..models.devices import pick_device, pick_dtype, quantize_int8
from ..models.hub import BUILTIN_MODELS
from ..reading.sentences import split_sentences
from ..records import Cluster
from .baselines import lead_sentences
from .casing import polish
from .generation import NoRepeatNGramOutsideSource, whole_sentences
from .length import word_budget
from .packing import article_units, global_attention_mask, pack_articles, separator_for

FUSED_SENTENCE_TOKENS = 64  # the fusion backend writes one sentence per planned group


class Summarizer:
    """Summarize article clusters with the model ``config.model`` names.

    Backends: ``seq2seq`` (``AutoModelForSeq2SeqLM``: BART, PEGASUS, T5, LED/PRIMERA),
    ``causal`` (``AutoModelForCausalLM`` with the tokenizer's chat template; GGUF through
    ``gguf_file``), ``fusion`` (plan, then fuse each planned sentence group with a seq2seq
    model, or with a decoder trained to fuse, such as ``embedded:fusion-smollm2``, prompted with
    the instruction it was trained on: :mod:`summarize.summarizer.fusion`; the embedded
    summarizer's backend) and
    ``extractive`` (``extractive:minilm``, ``extractive:lead``, also written ``lead``). The model is loaded once, when the
    Summarizer is made.
    """

    def __init__(self, model: str | None = None, config: SummarizerConfig | None = None, nli=None, checker=None,
                 **overrides):
        """``checker``: the run's :class:`~summarize.checker.ConsistencyChecker`; the fusion backend
        then emits no rewrite it would flag, and uses its NLI model as the verifier when that is the
        model ``verifier`` names (``nli``: such a model alone), so the process loads it once."""
        if checker is not None and nli is None:
            nli = checker.nli
        config = dataclasses.replace(config or SummarizerConfig(), **overrides)
        if model:
            config = dataclasses.replace(config, model=model)
        self.config = config
        self.is_lead = BUILTIN_MODELS.get(config.model) == "extractive:lead"
        self.backend = self._pick_backend()
        if self.backend in ("seq2seq", "causal") and config.max_words != SummarizerConfig.max_words:
            warnings.warn(f"summarizer.max_words ({config.max_words}) is ignored by the {self.backend} backend "
                          "(its length is max_new_tokens); it applies to the extractive, lead and fusion backends",
                          stacklevel=2)
        self.loaded = None
        self.planner = None
        self.fusion = None
        if self.backend in ("extractive", "fusion") and not self.is_lead:
            from .extractive import ExtractivePlanner

            self.planner = ExtractivePlanner(dedupe_threshold=config.dedupe_threshold)
        if self.backend != "extractive":
            self._load_generator()
        if self.backend == "fusion":
            from .fusion import FusionSummarizer

            verifier = None
            if config.verifier:
                from ..models.nli import NLIModel

                if nli is None or nli.loaded.reference != config.verifier:
                    nli = NLIModel(config.verifier, device=config.device)
                self.verifier_nli = nli
                verifier = lambda pairs: nli.predict(pairs)[:, 0]  # noqa: E731
            self.fusion = FusionSummarizer(self.generate, self.planner, verifier=verifier,
                                           min_entailment=config.verifier_threshold, checker=checker,
                                           rewrites=config.rewrites)
        from ..models import selfcheck

        if selfcheck.wants_check(config.model):  # a shipped model (its self-check input is known to pass) or one trained here
            quantized = config.quantize_int8 and self.loaded is not None and self.model is not self.loaded.model
            selfcheck.check_fusion(config.model, self.generate, "summarizer.quantize_int8" if quantized else None)

    # ------------------------------------------------------------------ loading
    def _pick_backend(self) -> str:
        cfg = self.config
        if cfg.backend != "auto":
            return cfg.backend
        if cfg.model in BUILTIN_MODELS:
            return "extractive"
        if cfg.gguf_file:
            return "causal"
        from ..models.hub import resolve

        folder = resolve(cfg.model, "summarizer.model")
        marker = folder / "embedded.json"
        backend = json.loads(marker.read_text()).get("backend") if marker.is_file() else None
        if backend:
            return backend
        config_file = folder / "config.json"
        if config_file.is_file():
            data = json.loads(config_file.read_text())
            return "seq2seq" if data.get("is_encoder_decoder") else "causal"
        return "seq2seq"

    def _is_decoder(self) -> bool:
        """Whether the generator is a decoder-only model (the ``causal`` backend, or a fusion
        model such as a LoRA adapter over SmolLM2)."""
        if self.backend == "causal":
            return True
        from ..models.adapters import is_adapter
        from ..models.hub import resolve

        return is_adapter(resolve(self.config.model, "summarizer.model"))

    def _fusion_instruction(self) -> str:
        """The instruction a decoder fusion model was trained with (its ``embedded.json``), else the recipe default."""
        from ..models.adapters import FUSION_INSTRUCTION, is_adapter, read_meta

        folder = self.loaded.path if self.loaded else None
        if folder and is_adapter(folder):
            return read_meta(folder).get("instruction") or FUSION_INSTRUCTION
        return FUSION_INSTRUCTION

    def _load_generator(self) -> None:
        from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

        from ..models.hub import load

        cfg = self.config
        auto = AutoModelForCausalLM if self._is_decoder() else AutoModelForSeq2SeqLM
        self.device = pick_device(cfg.device)
        dtype = pick_dtype(cfg.dtype, self.device)
        kwargs: dict = {"dtype": dtype}
        if cfg.gguf_file:
            kwargs["gguf_file"] = cfg.gguf_file
        self.loaded = load(cfg.model, auto, "summarizer.model", **kwargs)
        model = self.loaded.model.to(self.device)
        if cfg.quantize_int8 and self.device.type == "cpu":
            model = quantize_int8(model)
        self.model = model
        self.tokenizer = self.loaded.tokenizer
        self.causal = not getattr(model.config, "is_encoder_decoder", False)
        self.fusion_instruction = self._fusion_instruction()
        model_type = getattr(model.config, "model_type", "")
        self.is_led = model_type == "led"
        self.separator, self.docsep_id = separator_for(model_type, self.tokenizer, cfg.separator)
        if self.causal:
            self.tokenizer.padding_side = "left"
            if self.tokenizer.pad_token is None:
                self.tokenizer.pad_token = self.tokenizer.eos_token
        limits = [cfg.max_input_tokens]
        configs = [model.config, getattr(model.config, "encoder", None)]  # encoder-decoder: the encoder's limit
        for config in filter(None, configs):
            for attr in ("max_position_embeddings", "max_encoder_position_embeddings", "n_positions"):
                value = getattr(config, attr, None)
                if isinstance(value, int) and value > 0:
                    limits.append(value)
        self.max_input_tokens = min(limits)

    def info(self) -> dict:
        base = {"backend": self.backend, "model": self.config.model}
        return {**base, **self.loaded.info()} if self.loaded else base

    # ------------------------------------------------------------------ packing
    def _room(self) -> int:
        """Tokens available to the articles once specials, prefix and prompt are counted."""
        cfg = self.config
        fixed = 2 + cfg.reserved_tokens
        if cfg.prefix:
            fixed += len(self.tokenizer(cfg.prefix, add_special_tokens=False)["input_ids"])
        if self.backend == "causal":
            fixed += len(self.tokenizer(self._wrap(""), add_special_tokens=False)["input_ids"])
        return max(16, self.max_input_tokens - fixed)

    def _wrap(self, packed: str) -> str:
        cfg = self.config
        if self.backend == "causal":
            prompt = cfg.prompt.format(articles=packed)
            if getattr(self.tokenizer, "chat_template", None):
                return self.tokenizer.apply_chat_template([{"role": "user", "content": prompt}],
                                                          add_generation_prompt=True, tokenize=False)
            return prompt + "\n\nSummary:"
        return cfg.prefix + packed

    def pack(self, articles: list[list[str]]) -> tuple[str, bool]:
        """Model input text for one cluster's articles, and whether it had to be cut."""
        packed, cut = pack_articles(articles, self.tokenizer, self._room(), self.separator,
                                    self.config.dedupe_sentences, self.config.dedupe_threshold)
        return self._wrap(packed), cut

    # ------------------------------------------------------------------ generation
    def _generation_kwargs(self) -> dict:
        cfg = self.config
        max_new_tokens = cfg.max_new_tokens
        if self.backend == "fusion":  # one sentence per group
            max_new_tokens = min(max_new_tokens, FUSED_SENTENCE_TOKENS)
        kwargs = {"num_beams": cfg.num_beams, "length_penalty": cfg.length_penalty,
                  "max_new_tokens": max_new_tokens, "min_new_tokens": cfg.min_new_tokens,
                  "do_sample": False}
        if cfg.num_beams > 1:
            kwargs["early_stopping"] = cfg.early_stopping
        if self.backend == "fusion":  # one sentence from one or two source sentences: the library's ban
            kwargs["no_repeat_ngram_size"] = cfg.no_repeat_ngram_size
        return kwargs

    @torch.inference_mode()
    def generate(self, texts: list[str]) -> list[str]:
        """One batch of model inputs to decoded outputs."""
        from transformers import LogitsProcessorList

        if self.backend == "fusion" and self.causal:  # one group, as the decoder was trained to see it
            from ..models.adapters import prompt

            texts = [prompt(self.tokenizer, self.fusion_instruction, text) for text in texts]
        limit = self.max_input_tokens if not self.causal else None
        encoded = self.tokenizer(texts, padding=True, truncation=limit is not None, max_length=limit,
                                 return_tensors="pt", add_special_tokens=not self.causal)
        encoded = {k: v.to(self.device) for k, v in encoded.items() if k in ("input_ids", "attention_mask")}
        kwargs = self._generation_kwargs()
        if self.is_led:
            kwargs["global_attention_mask"] = torch.tensor(
                global_attention_mask(encoded["input_ids"].tolist(), self.docsep_id), device=self.device)
        if (self.backend in ("seq2seq", "causal") or self.causal) and self.config.no_repeat_ngram_size:
            # repeats banned in what is generated, except n-grams the articles contain (names, numbers)
            kwargs.pop("no_repeat_ngram_size", None)  # a decoder's prompt is in its sequence: the library's ban would forbid copying it
            prompt_length = encoded["input_ids"].shape[1] if self.causal else 0
            sources = [ids[mask.bool()].tolist() for ids, mask in zip(encoded["input_ids"], encoded["attention_mask"])]
            kwargs["logits_processor"] = LogitsProcessorList([NoRepeatNGramOutsideSource(
                self.config.no_repeat_ngram_size, prompt_length, sources, kwargs["num_beams"])])
        if self.tokenizer.pad_token_id is not None:
            kwargs["pad_token_id"] = self.tokenizer.pad_token_id
        if getattr(self.model, "needs_source_ids", False):  # a copy head points into the source
            kwargs["source_ids"] = encoded["input_ids"]
        output = self.model.generate(**encoded, **kwargs)
        if self.causal:
            output = output[:, encoded["input_ids"].shape[1]:]
        texts = [" ".join(t.split()) for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
        if self.backend in ("seq2seq", "causal"):  # a summary ends on a whole sentence
            texts = [whole_sentences(t) for t in texts]
        return texts

    def _summarize_articles(self, batch: list[list[list[str]]], batch_size: int) -> list[str]:
        packed = [self.pack(articles) for articles in batch]
        hierarchical = self.config.long_input == "hierarchical"
        needs_split = {i for i, (_, cut) in enumerate(packed)
                       if hierarchical and cut and len(batch[i]) > self.config.group_size}
        direct = [i for i in range(len(batch)) if i not in needs_split]
        outputs: list[str | None] = [None] * len(batch)
        order = sorted(direct, key=lambda i: len(packed[i][0]))  # batch by packed length
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            for i, text in zip(idx, self.generate([packed[i][0] for i in idx])):
                outputs[i] = text
        for i in needs_split:
            size = self.config.group_size
            groups = [batch[i][k:k + size] for k in range(0, len(batch[i]), size)]
            partials = self._summarize_articles(groups, batch_size)
            outputs[i] = self._summarize_articles([[split_sentences(p) or [p] for p in partials]], batch_size)[0]
        return [o or "" for o in outputs]

    def summarize(self, clusters, batch_size: int | None = None, show_progress_bar: bool = False):
        """One summary per cluster, in input order.

        ``clusters``: :class:`Cluster` objects or, per cluster, the list of its article texts.
        Given one cluster's article texts (a list of strings), it returns that cluster's summary
        alone: ``Summarizer().summarize(["first article ...", "second article ..."])``.
        """
        if isinstance(clusters, str):
            raise TypeError("summarize() takes a cluster's article texts as a list of strings, or a list of clusters")
        if clusters and all(isinstance(c, str) for c in clusters):
            return self.summarize([Cluster.from_texts(clusters)], batch_size, show_progress_bar)[0]
        clusters = [c if isinstance(c, Cluster) else Cluster.from_texts(c, id=f"cluster-{k}")
                    for k, c in enumerate(clusters, 1)]
        return [" ".join(sentences) for sentences in self.summarize_sentences(clusters, batch_size, show_progress_bar)]

    def _generate_summaries(self, clusters: list[Cluster], batch_size: int | None = None,
                            show_progress_bar: bool = False) -> list[str]:
        """The seq2seq and causal backends: one generated text per cluster."""
        cfg = self.config
        batch_size = batch_size or cfg.batch_size
        units = [article_units(c, cfg.include_titles, cfg.article_order) for c in clusters]
        outputs: list[str] = []
        chunk = max(batch_size, 1) * 4
        for start in tqdm(range(0, len(units), chunk), disable=not show_progress_bar, desc="summarize"):
            outputs.extend(self._summarize_articles(units[start:start + chunk], batch_size))
        return outputs

    def summarize_sentences(self, clusters: list[Cluster], batch_size: int | None = None,
                            show_progress_bar: bool = False) -> list[list[str]]:
        """Each cluster's summary as its sentences: for the extractive and fusion backends the ones
        they chose, as they chose them (a sentence splitter may not find the same boundaries again
        in the joined text: "at 7 p.m. \"He deserved it,\" ..."), else the summary split into sentences."""
        cfg = self.config
        clusters = [c if isinstance(c, Cluster) else Cluster.from_texts(c, id=f"cluster-{k}")
                    for k, c in enumerate(clusters, 1)]
        if self.backend not in ("extractive", "fusion"):
            return [split_sentences(s) for s in self._generate_summaries(clusters, batch_size, show_progress_bar)]
        iterator = tqdm(clusters, disable=not show_progress_bar, desc="summarize")
        # the word budget, resolved once per cluster here and passed down (planner, fusion and lead keep no default)
        budgets = ((c, word_budget(c, cfg.max_words, cfg.dedupe_threshold)) for c in iterator)
        if self.is_lead:
            return [lead_sentences(c, max_words=words, max_sentences=cfg.max_sentences) for c, words in budgets]
        if self.fusion is not None:
            return [polish(c, [s.text for s in self.fusion.fuse(c, words, cfg.max_sentences)], words) for c, words in budgets]
        assert self.planner is not None  # set for the extractive backend
        return [polish(c, [s for _, _, s in self.planner.plan(c, words, cfg.max_sentences)], words) for c, words in budgets]

    def summarize_timed(self, cluster: Cluster) -> tuple[str, float]:
        start = time.perf_counter()
        (summary,) = self.summarize([cluster])
        return summary, time.perf_counter() - start
