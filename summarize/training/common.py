"""What both training paths share: reading and validating a recipe, capping and tokenizing the
splits, resumable training, one log of every evaluation, and the marker a trained model carries.

A recipe is validated like a run config (:func:`summarize.config.load_config`) before anything
loads: an unknown key, in any section and including every ``TrainingArguments`` key, is one
:class:`~summarize.config.ConfigError` that names it and the closest known key.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import typing
from pathlib import Path
from typing import Any

from ..config import ConfigError, apply_overrides, read_yaml
from ..models.selfcheck import TRAINED_MARKER

LOG_FILE = "train_log.jsonl"  # one line per logging step and per evaluation, from the main process


def _did_you_mean(key: str, section: str, sections: dict[str, set[str]]) -> str:
    """``did you mean training.max_steps?`` from the section's own keys first, then any section's."""
    close = difflib.get_close_matches(key, sorted(sections[section]), n=1, cutoff=0.6)
    if close:
        return f"did you mean {section}.{close[0]}?"
    for other, names in sections.items():
        if key in names:
            return f"it belongs in section {other}: {other}.{key}"
    for other, names in sections.items():
        close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.75)
        if close:
            return f"did you mean {other}.{close[0]}?"
    if len(sections[section]) <= 12:
        return f"known keys: {', '.join(sorted(sections[section]))}"
    return f"see the {section} keys in README 'Fine-tuning'"


def _check_value(where: str, value: Any, annotation: Any) -> Any:
    """Scalars checked against ``int``/``float``/``bool`` annotations (HfArgumentParser.parse_dict checks none)."""
    options = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType")) \
        else (annotation,)
    if value is None and type(None) in options:
        return value
    scalars = [o for o in options if o in (int, float, bool)]
    if not scalars or len(scalars) != len([o for o in options if o is not type(None)]):
        return value  # str, enums, lists, dicts: the argument class checks them
    if bool in scalars:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if int in scalars and float not in scalars and not float(value).is_integer():
        raise ConfigError(f"{where}: expected an integer, got {value!r}")
    return int(value) if int in scalars and float not in scalars else value


def parse_recipe(config_path: str | Path, overrides, classes: dict[str, type], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """Read the recipe's sections into ``classes`` (section -> argument dataclass); ``optional``
    sections may be absent (then None). Every key, value type and the argument classes' own
    checks fail as one ConfigError naming the recipe."""
    from transformers import HfArgumentParser

    data = apply_overrides(read_yaml(config_path), overrides)
    known = list(classes) + list(optional)
    for name in sorted(set(data) - set(known)):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ConfigError(f"{config_path}: unknown section {name!r} ({hint}expected {', '.join(known)})")
    names = {section: {f.name for f in dataclasses.fields(cls) if f.init} for section, cls in classes.items()}
    values: dict[str, Any] = {}
    for section, cls in classes.items():
        body = data.get(section) or {}
        if section in optional and section not in data:
            values[section] = None
            continue
        if not isinstance(body, dict):
            raise ConfigError(f"{config_path}: section {section} must be a mapping of keys, got {body!r}")
        for key in body:
            if key not in names[section]:
                raise ConfigError(f"{config_path}: unknown key {section}.{key} ({_did_you_mean(key, section, names)})")
        try:
            hints = typing.get_type_hints(cls)
        except Exception:  # pragma: no cover - an annotation this Python cannot resolve
            hints = {}
        try:
            checked = {key: _check_value(f"{section}.{key}", value, hints.get(key, Any)) for key, value in body.items()}
        except ConfigError as err:
            raise ConfigError(f"{config_path}: {err}") from None
        try:
            (values[section],) = HfArgumentParser(cls).parse_dict(checked)  # type: ignore[arg-type]
        except (ValueError, TypeError) as err:
            lines = [line.strip() for line in str(err).splitlines() if line.strip()]
            raise ConfigError(f"{config_path}: section {section}: {' '.join(lines)[:400]}") from None
    return values


def prepare_splits(raw, encode, training_args, data_args, desc: str):
    """Cap the splits (``max_train_samples``/``max_eval_samples``), then tokenize them with ``encode``."""
    if data_args.max_train_samples:
        raw["train"] = raw["train"].select(range(min(data_args.max_train_samples, len(raw["train"]))))
    if "validation" in raw and data_args.max_eval_samples:
        raw["validation"] = raw["validation"].select(range(min(data_args.max_eval_samples, len(raw["validation"]))))
    with training_args.main_process_first(desc=desc):
        return raw.map(encode, batched=True, remove_columns=raw["train"].column_names)


def log_callback():
    """A TrainerCallback appending every log and evaluation (with its step) to ``OUTPUT/train_log.jsonl``,
    from the main process only: one log however many processes train."""
    from transformers import TrainerCallback

    class _JsonlLog(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero and logs:
                Path(args.output_dir).mkdir(parents=True, exist_ok=True)
                with open(Path(args.output_dir) / LOG_FILE, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"step": state.global_step, "epoch": state.epoch, **logs}) + "\n")

    return _JsonlLog()


def report_to_available(training_args) -> None:
    """``report_to: tensorboard`` (or wandb, ...) without the package installed: one line, not a traceback."""
    import importlib.util

    packages = {"tensorboard": "tensorboard", "wandb": "wandb", "mlflow": "mlflow", "comet_ml": "comet_ml",
                "trackio": "trackio"}
    for name in training_args.report_to or []:
        package = packages.get(name)
        if package and importlib.util.find_spec(package) is None and not (
                name == "tensorboard" and importlib.util.find_spec("tensorboardX")):
            raise ConfigError(f"training.report_to: {name} is not installed (pip install {package}); "
                              "use report_to: none, or install it")


def train_resumable(trainer, training_args, save: bool = True) -> Path:
    """Train, resuming from the last checkpoint in ``output_dir`` when there is one; save the model
    (``save``: a LoRA run saves its merged model itself)."""
    from transformers.trainer_utils import get_last_checkpoint

    resume = training_args.resume_from_checkpoint
    if resume is None and Path(training_args.output_dir).is_dir():
        resume = get_last_checkpoint(training_args.output_dir)
    if resume is not None and not Path(resume).is_dir():
        raise ConfigError(f"training.resume_from_checkpoint: {resume} is not a checkpoint folder")
    trainer.train(resume_from_checkpoint=resume)
    if save:
        trainer.save_model()
    return Path(training_args.output_dir)


def model_folder(name: str) -> str:
    """A hub id or local folder as a local folder (offline: one line saying how to get a copy)."""
    from ..config import model_reference_problem
    from ..models.hub import resolve

    problem = model_reference_problem(name)
    if problem:
        raise ConfigError(f"model.model_name_or_path: {problem}")
    return str(resolve(name, "model.model_name_or_path"))


def write_marker(folder: Path, kind: str, config_path, metrics: dict, extra: dict | None = None) -> None:
    """Mark ``folder`` as a model the training commands wrote: loading it runs the start-up self-check."""
    folder.mkdir(parents=True, exist_ok=True)
    body = {"kind": kind, "recipe": str(config_path), "eval": metrics, **(extra or {})}
    (folder / TRAINED_MARKER).write_text(json.dumps(body, indent=2, default=str) + "\n", encoding="utf-8")


def quiet_load_report():
    """A context that keeps transformers' load report (the table of newly initialised heads,
    expected when a classifier is put on a base model) out of the console."""
    import contextlib

    from transformers.utils import logging as hf_logging

    @contextlib.contextmanager
    def quiet():
        level = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()
        try:
            yield
        finally:
            hf_logging.set_verbosity(level)

    return quiet()
