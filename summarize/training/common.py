"""What both training paths share: capping and tokenizing the splits, and resumable training."""

from __future__ import annotations

from pathlib import Path


def prepare_splits(raw, encode, training_args, data_args, desc: str):
    """Cap the splits (``max_train_samples``/``max_eval_samples``), then tokenize them with ``encode``."""
    if data_args.max_train_samples:
        raw["train"] = raw["train"].select(range(min(data_args.max_train_samples, len(raw["train"]))))
    if "validation" in raw and data_args.max_eval_samples:
        raw["validation"] = raw["validation"].select(range(min(data_args.max_eval_samples, len(raw["validation"]))))
    with training_args.main_process_first(desc=desc):
        return raw.map(encode, batched=True, remove_columns=raw["train"].column_names)


def train_resumable(trainer, training_args) -> Path:
    """Train, resuming from the last checkpoint in ``output_dir`` when there is one; save the model."""
    from transformers.trainer_utils import get_last_checkpoint

    resume = training_args.resume_from_checkpoint
    if resume is None and Path(training_args.output_dir).is_dir():
        resume = get_last_checkpoint(training_args.output_dir)
    trainer.train(resume_from_checkpoint=resume)
    trainer.save_model()
    return Path(training_args.output_dir)
