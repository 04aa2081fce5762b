"""``summarize train-fusion RECIPE.yaml``: teach a pretrained decoder to fuse a sentence group into one sentence.

The fusion step of plan-then-fuse (:mod:`summarize.summarizer.fusion`) hands the model one or two
source sentences (a planned sentence and its partner from another article) and takes back one
summary sentence. Here a decoder (by default SmolLM2-135M-Instruct, the verified GGUF of
:mod:`summarize.models.smollm2`: ``model_name_or_path: smollm2``) learns that task from the
fusion pairs of :mod:`summarize.training.build_fusion_data` with a peft LoRA adapter: the
instruction and the group go in as the user's turn of its chat template, the reference sentence
is the assistant's turn, and only that turn is in the loss.

The recipe has ``model`` (:class:`FusionModelArguments`), ``data`` (:class:`FusionDataArguments`),
``lora`` (:class:`~summarize.training.train_summarizer.LoraArguments`) and ``training``
(``TrainingArguments``) sections. The adapter, with ``embedded.json`` naming the base and its
sha256, the instruction and the adapter's sha256, is written to ``OUTPUT/embedded``: the folder
``--set summarizer.model=...`` loads (:mod:`summarize.models.adapters`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError
from ..models.adapters import FUSION_INSTRUCTION, prompt
from ..text import words
from .common import log_callback, parse_recipe, prepare_splits, quiet_load_report, report_to_available, train_resumable, write_marker
from .train_summarizer import LoraArguments

SMOLLM2_BASE = "smollm2"


@dataclass
class FusionModelArguments:
    model_name_or_path: str = field(default=SMOLLM2_BASE, metadata={
        "help": "'smollm2' (the verified SmolLM2-135M-Instruct GGUF) or a local folder of a causal LM with a chat template"})
    instruction: str = FUSION_INSTRUCTION
    max_source_tokens: int = 192
    max_target_tokens: int = 64


@dataclass
class FusionDataArguments:
    train_file: str | None = field(default=None, metadata={"help": "JSONL of fusion pairs: text (the group) + summary"})
    validation_file: str | None = None
    text_column: str = "text"
    summary_column: str = "summary"
    min_coverage: float = field(default=0.0, metadata={"help": "keep pairs whose coverage column is at least this"})
    drop_copies: bool = field(default=True, metadata={
        "help": "leave out pairs whose target is a source sentence word for word (the planner copies without a model)"})
    max_train_samples: int | None = None
    max_eval_samples: int | None = None


def is_copy(target: str, text: str) -> bool:
    """Whether ``target`` is, word for word, one of the sentences of ``text`` (or all of it).

    >>> is_copy("The mayor quit.", "Rain fell. The mayor quit.")
    True
    >>> is_copy("The mayor of Oslo quit.", "Rain fell. The mayor quit.")
    False
    """
    from ..reading.sentences import split_sentences

    wanted = words(target)
    return wanted == words(text) or any(words(s) == wanted for s in split_sentences(text))


def load_base(name: str):
    """(model, tokenizer, base id, base sha256 or None) for ``model_name_or_path``."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if name == SMOLLM2_BASE:
        from ..models.base_model import BaseModelError
        from ..models.smollm2 import GGUF_SHA256, SMOLLM2_ID, load_smollm2

        try:
            model, tokenizer = load_smollm2()
        except BaseModelError as err:
            raise ConfigError(f"model.model_name_or_path: {err}") from None
        return model, tokenizer, SMOLLM2_ID, GGUF_SHA256
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"model.model_name_or_path: {name!r} is neither 'smollm2' nor a local model folder")
    try:
        with quiet_load_report():
            model = AutoModelForCausalLM.from_pretrained(folder)
        tokenizer = AutoTokenizer.from_pretrained(folder)
    except (OSError, ValueError) as err:
        raise ConfigError(f"model.model_name_or_path: cannot load {name!r} as a causal LM ({str(err).splitlines()[0][:300]})") from None
    return model, tokenizer, str(folder.resolve()), None


def encoder(tokenizer, model_args: FusionModelArguments, data_args: FusionDataArguments):
    """A ``datasets.map`` function: prompt + target ids, the prompt's labels masked out."""
    end = tokenizer.eos_token or ""

    def encode(batch):
        out: dict[str, list] = {"input_ids": [], "attention_mask": [], "labels": []}
        for text, target in zip(batch[data_args.text_column], batch[data_args.summary_column]):
            source = tokenizer(prompt(tokenizer, model_args.instruction, text), add_special_tokens=False,
                               truncation=True, max_length=model_args.max_source_tokens)["input_ids"]
            answer = tokenizer(target.strip() + end, add_special_tokens=False, truncation=True,
                               max_length=model_args.max_target_tokens)["input_ids"]
            out["input_ids"].append(source + answer)
            out["attention_mask"].append([1] * (len(source) + len(answer)))
            out["labels"].append([-100] * len(source) + answer)
        return out

    return encode


def parse(config_path: str | Path, overrides=None):
    from transformers import TrainingArguments

    values = parse_recipe(config_path, overrides, {"model": FusionModelArguments, "data": FusionDataArguments,
                                                   "lora": LoraArguments, "training": TrainingArguments})
    if not values["data"].train_file:
        raise ConfigError(f"{config_path}: data.train_file is required")
    report_to_available(values["training"])
    return values["model"], values["data"], values["lora"], values["training"]


def build_trainer(model_args: FusionModelArguments, data_args: FusionDataArguments, lora: LoraArguments, training_args):
    from datasets import load_dataset
    from transformers import DataCollatorForSeq2Seq, Trainer, set_seed

    try:
        from peft import LoraConfig, TaskType, get_peft_model
    except ImportError:
        raise ConfigError("lora: needs peft (pip install 'summarize[smollm2]')") from None
    set_seed(training_args.seed)
    files: dict[str, str] = {"train": str(data_args.train_file)}
    if data_args.validation_file:
        files["validation"] = data_args.validation_file
    for split, path in files.items():
        if not Path(path).is_file():
            raise ConfigError(f"data.{split}_file: {path} does not exist")
    raw = load_dataset("json", data_files=files)
    for split in raw:
        missing = {data_args.text_column, data_args.summary_column} - set(raw[split].column_names)
        if missing:
            raise ConfigError(f"data.{split}_file: no column {', '.join(sorted(missing))} (has {', '.join(raw[split].column_names)})")
        if data_args.min_coverage and "coverage" in raw[split].column_names:
            raw[split] = raw[split].filter(lambda row: row["coverage"] >= data_args.min_coverage)
        if data_args.drop_copies:
            raw[split] = raw[split].filter(lambda row: not is_copy(row[data_args.summary_column], row[data_args.text_column]))
    model, tokenizer, base, base_sha = load_base(model_args.model_name_or_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    config = LoraConfig(task_type=TaskType.CAUSAL_LM, r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                        target_modules=lora.target_modules)
    try:
        model = get_peft_model(model, config)
    except ValueError as err:
        raise ConfigError(f"lora: {str(err).splitlines()[0]}") from None
    splits = prepare_splits(raw, encoder(tokenizer, model_args, data_args), training_args, data_args, "fusion pairs")
    trainer = Trainer(model=model, args=training_args, train_dataset=splits["train"],
                      eval_dataset=splits.get("validation"), processing_class=tokenizer,
                      data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100),
                      callbacks=[log_callback()])
    trainer.fusion_meta = {"base": base, "base_sha256": base_sha}  # type: ignore[attr-defined]
    return trainer


def train_fusion(config_path: str | Path, overrides: dict | list | None = None) -> Path:
    """Run the recipe; returns the adapter folder to load (``--set summarizer.model=...``)."""
    from ..models.adapters import write_adapter

    model_args, data_args, lora, training_args = parse(config_path, overrides)
    trainer = build_trainer(model_args, data_args, lora, training_args)
    train_resumable(trainer, training_args, save=False)
    metrics = trainer.evaluate() if trainer.eval_dataset is not None else {}
    out = Path(training_args.output_dir) / "embedded"
    if trainer.is_world_process_zero():
        write_adapter(trainer.model, out, {**trainer.fusion_meta, "instruction": model_args.instruction,
                                           "recipe": str(config_path), "eval": metrics})
        write_marker(out, "summarizer", config_path, metrics)
        (Path(training_args.output_dir) / "eval_results.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return out
