"""Checker backends: how a (premise, claim) pair becomes P(supported), whatever kind of model judges it.

- ``nli``: a 3-way (or 2-way) NLI classifier (:class:`~summarize.models.nli.NLIModel`): P(entailment)
  and P(contradiction), label order from ``config.id2label``.
- ``binary``: a supported / unsupported classifier (MiniCheck-RoBERTa, MiniCheck-DeBERTa): the same
  class with the "supported" row (``checker.entailment_index``) and no contradiction. A model whose
  remote code scores text pairs itself (HHEM-2.1-Open's ``predict``) is asked through that.
- ``seq2seq-judge``: a seq2seq model that answers a prompt with a token (MiniCheck-Flan-T5 writes
  "1" for supported, "0" for not): P(supported) is the first answer's probability against the
  second's at the first decoding step.
- ``llm-judge``: a causal LM asked with a prompt template (through its chat template when it has
  one; GGUF files too): P("Yes") against P("No") at the answer position.

Every backend is registered once, with :func:`register`: its name (a ``checker.backend`` value),
how it loads from the checker config, and which ``config.json`` calls for it. Whatever it loads
follows the :class:`Judge` protocol. ``checker.backend: auto`` asks the registered backends in
order: an encoder-decoder is a seq2seq judge, a ``...ForCausalLM`` an LLM judge, a classifier with
3 labels NLI and with 2 binary. Adding a backend is one decorated loader; the config's choices,
``auto`` and the checker follow from the registry.

>>> pick_backend({"is_encoder_decoder": True, "architectures": ["T5ForConditionalGeneration"]})
'seq2seq-judge'
>>> pick_backend({"architectures": ["Qwen2ForCausalLM"]})
'llm-judge'
>>> pick_backend({"architectures": ["RobertaForSequenceClassification"], "id2label": {"0": "LABEL_0", "1": "LABEL_1"}})
'binary'
>>> pick_backend({"architectures": ["DebertaV2ForSequenceClassification"], "id2label": {"0": "a", "1": "b", "2": "c"}})
'nli'

A judge never cuts the claim off: when a premise is longer than ``max_length`` allows, the
premise's end is cut, the claim is kept whole, and the number of cut premises is counted and
warned about once (``truncated``). With ``checker.chunk_words`` the premises are chunks of the
articles sized to fit, so nothing is cut.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import torch
from tqdm.auto import tqdm

from ..models.devices import pick_device, pick_dtype
from ..models.nli import NLIModel, fit_prompt

if TYPE_CHECKING:
    from ..config import CheckerConfig


class Judge(Protocol):
    """What the checker asks of a backend's model."""

    loaded: Any  # the loaded model's record: ``info()`` (reference, weight hashes) for run.json
    device: Any

    def predict(self, pairs: list[tuple[str, str]], batch_size: int = 8, show_progress_bar: bool = False) -> np.ndarray:
        """One row per (premise, claim): (P(supported), P(contradiction)), the second 0 when the
        model does not say."""
        ...


@dataclass(frozen=True)
class Backend:
    name: str
    load: Callable[[CheckerConfig], Judge]
    calls_for: Callable[[dict], bool]  # does a model's config.json call for this backend (``auto``)?
    priority: int = 0  # ``auto`` asks higher priorities first, then in registration order


_REGISTRY: dict[str, Backend] = {}


def register(name: str, calls_for: Callable[[dict], bool], priority: int = 0):
    """Register a backend's loader under ``name``; ``auto`` asks backends by ``priority``, then in
    registration order (the catch-all ``binary`` has -1, so it is asked last)."""
    def decorate(load: Callable[[CheckerConfig], Judge]) -> Callable[[CheckerConfig], Judge]:
        _REGISTRY[name] = Backend(name, load, calls_for, priority)
        return load
    return decorate


def backend_names() -> tuple[str, ...]:
    """The ``checker.backend`` values: ``auto`` and every registered backend."""
    return ("auto", *_REGISTRY)


def load_judge(config: CheckerConfig, backend: str) -> Judge:
    """The model that scores pairs for ``backend``."""
    if backend not in _REGISTRY:
        raise ValueError(f"checker.backend: {backend!r} is not one of {list(backend_names())}")
    return _REGISTRY[backend].load(config)

PROMPTS = {
    # MiniCheck-Flan-T5's input ("predict: " + document + end token + claim); its preset gives the
    # answer token ids its code reads (209 supported, 3 not)
    "seq2seq-judge": ("predict: {document}{eos}{claim}", ["1", "0"]),
    # Bespoke-MiniCheck's instruction; any instruct LLM can answer it
    "llm-judge": ("Determine whether the provided claim is consistent with the corresponding document. "
                  "Consistency in this context implies that all information presented in the claim is substantiated "
                  "by the document. If not, it should be considered inconsistent.\n\nDocument: {document}\n"
                  "Claim: {claim}\n\nPlease assess the claim's consistency with the document by responding with "
                  'either "Yes" or "No".', ["Yes", "No"]),
}


def pick_backend(config: dict) -> str:
    """The backend a model's ``config.json`` calls for (``checker.backend: auto``)."""
    return next(b.name for b in sorted(_REGISTRY.values(), key=lambda b: -b.priority) if b.calls_for(config))


def _labels(config: dict) -> int:
    return len(config.get("id2label") or {}) or int(config.get("num_labels", 2))


def backend_for(reference: str, backend: str, key: str = "checker.model") -> str:
    """``backend``, or for ``auto`` the one the model's config calls for."""
    if backend != "auto":
        return backend
    if reference.startswith("embedded:"):
        return "nli"
    from ..models.hub import resolve

    config = Path(resolve(reference, key)) / "config.json"
    return pick_backend(json.loads(config.read_text())) if config.is_file() else "nli"


class GenerativeJudge:
    """A seq2seq or causal LM that answers whether a document supports a claim.

    ``predict(pairs)`` returns rows ``(P(supported), 0.0)``, like :class:`NLIModel` does for a
    model without a contradiction label, so the checker treats every backend alike.
    """

    def __init__(self, model: str, kind: str, prompt: str | None = None, answers: list[str | int] | None = None,
                 max_length: int = 512, device: str = "auto", trust_remote_code: bool = False,
                 gguf_file: str | None = None):
        from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

        from ..models.hub import load

        if kind not in PROMPTS:
            raise ValueError(f"checker.backend: {kind!r} is not a generative judge ({', '.join(PROMPTS)})")
        default_prompt, default_answers = PROMPTS[kind]
        self.kind = kind
        self.prompt = prompt or default_prompt
        if "{document}" not in self.prompt or "{claim}" not in self.prompt:
            raise ValueError("checker.prompt must contain {document} and {claim}")
        self.device = pick_device(device)
        auto = AutoModelForSeq2SeqLM if kind == "seq2seq-judge" else AutoModelForCausalLM
        kwargs: dict = {"dtype": pick_dtype("auto", self.device)}
        if trust_remote_code:
            kwargs["trust_remote_code"] = True
        if gguf_file:
            kwargs["gguf_file"] = gguf_file
        self.loaded = load(model, auto, "checker.model", **kwargs)
        self.model = self.loaded.model.to(self.device).eval()
        self.tokenizer = self.loaded.tokenizer
        if kind == "llm-judge":
            self.tokenizer.padding_side = "left"
            if self.tokenizer.pad_token is None:
                self.tokenizer.pad_token = self.tokenizer.eos_token
        self.answers = answers or default_answers
        self.answer_ids = [self._first_token(a) for a in self.answers]
        if len(self.answer_ids) != 2 or self.answer_ids[0] == self.answer_ids[1]:
            raise ValueError(f"checker.answers {self.answers!r}: need two answers that start with different tokens "
                             f"for {self.loaded.reference} (token ids {self.answer_ids})")
        limit = getattr(self.tokenizer, "model_max_length", max_length) or max_length
        self.max_length = min(max_length, limit) if limit < 10**6 else max_length
        self.truncated = 0

    def _first_token(self, answer: str | int) -> int:
        if isinstance(answer, int):  # a token id, as MiniCheck-Flan-T5's code gives them
            return answer
        ids = self.tokenizer(answer, add_special_tokens=False)["input_ids"]
        if not ids:
            raise ValueError(f"checker.answers: {answer!r} is no token for {self.loaded.reference}")
        return ids[0]

    def _text(self, premise: str, claim: str) -> str:
        """The prompt for one pair, its premise cut (and counted) only if the whole would not fit."""
        text, cut = fit_prompt(self.tokenizer, self.prompt, premise, claim, self.max_length, self._wrap)
        if cut:
            self.truncated += 1
            if self.truncated == 1:
                warnings.warn(f"{self.loaded.reference}: a premise is longer than checker.max_length ({self.max_length} "
                              "tokens) allows; its end is cut, the claim is kept. Set checker.chunk_words to score "
                              "articles in chunks that fit.", stacklevel=3)
        return text

    def _wrap(self, text: str) -> str:
        """An instruct model's chat template around the prompt, asking for the assistant's answer."""
        if self.kind == "llm-judge" and getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template([{"role": "user", "content": text}], tokenize=False,
                                                      add_generation_prompt=True)
        return text

    @torch.inference_mode()
    def predict(self, pairs: list[tuple[str, str]], batch_size: int = 8, show_progress_bar: bool = False) -> np.ndarray:
        out = np.zeros((len(pairs), 2), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for start in tqdm(range(0, len(order), batch_size), disable=not show_progress_bar, desc="judge"):
            idx = order[start:start + batch_size]
            texts = [self._text(*pairs[i]) for i in idx]
            batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt",
                                   add_special_tokens=self.kind == "seq2seq-judge")
            batch = {k: v.to(self.device) for k, v in batch.items() if k in ("input_ids", "attention_mask")}
            if self.kind == "seq2seq-judge":
                start_id = self.model.config.decoder_start_token_id
                decoder = torch.full((len(idx), 1), start_id, dtype=torch.long, device=self.device)
                logits = self.model(**batch, decoder_input_ids=decoder).logits[:, -1]
            else:  # left-padded: positions count from each prompt's first real token
                positions = (batch["attention_mask"].cumsum(-1) - 1).clamp(min=0)
                logits = self.model(**batch, position_ids=positions).logits[:, -1]
            pair = torch.softmax(logits[:, self.answer_ids].float(), dim=-1).cpu().numpy()
            out[idx, 0] = pair[:, 0]
        return out


class PairScoringJudge:
    """A classifier whose own (remote) code scores text pairs: ``model.predict([(premise, claim)])``
    returns P(consistent) (HHEM-2.1-Open). Loaded only with ``checker.trust_remote_code: true``."""

    def __init__(self, loaded, device: str = "auto"):
        self.loaded = loaded
        self.device = pick_device(device)
        self.model = loaded.model.to(self.device).eval()

    @torch.inference_mode()
    def predict(self, pairs: list[tuple[str, str]], batch_size: int = 8, show_progress_bar: bool = False) -> np.ndarray:
        out = np.zeros((len(pairs), 2), dtype=np.float32)
        for start in tqdm(range(0, len(pairs), batch_size), disable=not show_progress_bar, desc="judge"):
            scores = self.model.predict([tuple(p) for p in pairs[start:start + batch_size]])
            out[start:start + len(scores), 0] = torch.as_tensor(scores).float().cpu().numpy().reshape(-1)
        return out


# ----------------------------------------------------------------------------- the registered backends
@register("seq2seq-judge", calls_for=lambda config: bool(config.get("is_encoder_decoder")))
def _seq2seq_judge(config: CheckerConfig) -> Judge:
    return GenerativeJudge(config.model, "seq2seq-judge", config.prompt, config.answers, config.max_length,
                           config.device, config.trust_remote_code, config.gguf_file)


@register("llm-judge", calls_for=lambda config: any(a.endswith(("ForCausalLM", "ForConditionalGeneration"))
                                                   for a in config.get("architectures") or []))
def _llm_judge(config: CheckerConfig) -> Judge:
    return GenerativeJudge(config.model, "llm-judge", config.prompt, config.answers, config.max_length,
                           config.device, config.trust_remote_code, config.gguf_file)


def _classifier(config: CheckerConfig) -> Judge:
    """An NLI or binary classifier; with ``trust_remote_code``, a model whose own code scores pairs
    (HHEM-2.1-Open's ``predict``) goes through :class:`PairScoringJudge`."""
    loaded = None
    if config.trust_remote_code:
        from transformers import AutoModelForSequenceClassification

        from ..models.hub import load

        loaded = load(config.model, AutoModelForSequenceClassification, "checker.model", tokenizer_required=False,
                      trust_remote_code=True)
        if callable(getattr(loaded.model, "predict", None)):
            return PairScoringJudge(loaded, config.device)
    return NLIModel(config.model, config.entailment_index, config.contradiction_index, config.max_length, config.device,
                    config.quantize_int8, trust_remote_code=config.trust_remote_code, loaded=loaded,
                    template=config.prompt)


@register("nli", calls_for=lambda config: _labels(config) >= 3)
def _nli(config: CheckerConfig) -> Judge:
    return _classifier(config)


@register("binary", calls_for=lambda config: True, priority=-1)
def _binary(config: CheckerConfig) -> Judge:
    judge = _classifier(config)
    if isinstance(judge, NLIModel):
        judge.contradiction = None  # a supported / unsupported classifier says nothing of contradiction
    return judge
