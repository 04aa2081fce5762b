"""``summarize calibrate DATA.jsonl``: pick ``checker.threshold`` on a labelled set.

DATA lines: ``{"document": str | "documents": [str], "summary": str | [sentence, ...], "label": 1 | 0}``
(1 = consistent; a list summary is taken as already split into sentences). A summary is predicted
consistent when none of its sentences is flagged, exactly
as ``summarize check --pairs`` decides; the threshold that maximises balanced accuracy wins and
is written into a copy of the config.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from ..config import ConfigError, RunConfig
from .labelled import Example
from .metrics import balanced_accuracy, best_threshold, roc_auc


def read_labelled(path: Path) -> list[Example]:
    from ..reading.datasets import documents_of, iter_rows

    examples = []
    for number, row in iter_rows(path):
        try:
            docs = documents_of(row)
            label = int(row["label"])
            summary = row["summary"]
            is_sentences = isinstance(summary, list) and all(isinstance(x, str) for x in summary)
            if not docs or not (isinstance(summary, str) or is_sentences) or label not in (0, 1):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise ConfigError(f"{path} line {number}: expected {{document|documents, summary (text or sentences), label (0/1)}}") from None
        examples.append(Example(docs, summary, label))
    if len({e.label for e in examples}) < 2:
        raise ConfigError(f"{path}: needs both consistent (1) and inconsistent (0) examples")
    return examples


def calibrate(data: Path, config: RunConfig, output: Path | None = None) -> dict:
    from ..checker import ConsistencyChecker
    from .scoring import score_examples

    examples = read_labelled(data)
    checker = ConsistencyChecker(config=dataclasses.replace(config.checker, rules=False, score="nli"))
    signals = None
    if config.checker.score == "blend":
        from ..checker.signals import Signals

        signals = Signals.on(checker.nli.device)
    scored = score_examples(checker, examples, signals, desc="calibrate")
    labels = [e.label for e in examples]
    summaries = [s.summary("min", config.checker.rules, config.checker.score) for s in scored]
    threshold = best_threshold([s[1] for s in summaries], labels, [s[2] for s in summaries])
    threshold = min(1.0, max(0.0, threshold))
    result: dict = {"examples": len(examples), "threshold": threshold,
              "balanced_accuracy": balanced_accuracy([s[1] for s in summaries], labels, threshold, [s[2] for s in summaries]),
              "roc_auc": roc_auc([s[0] for s in summaries], labels), "previous_threshold": config.checker.threshold}
    if output:
        data_out = config.to_dict()
        data_out["checker"]["threshold"] = threshold
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(f"# checker.threshold calibrated on {data} ({len(examples)} examples): balanced accuracy "
                          f"{result['balanced_accuracy']:.3f}\n" + yaml.safe_dump(data_out, sort_keys=False))
        result["config"] = str(output)
    return result
