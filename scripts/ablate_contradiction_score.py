#!/usr/bin/env python
"""Does P(contradiction) help rank summaries? SummaC-ZS scores a sentence by P(e) - P(c).

    python -m summarize.evaluation.export_labelled frank-valid runs/frank-valid.jsonl --data ../shared/data
    python scripts/ablate_contradiction_score.py runs/frank-valid.jsonl

Scores every summary sentence with the configured checker (NLI only, no rules) and prints the ROC AUC
of three sentence scores, min and mean over a summary's sentences: P(entailment) (what the checker
uses), P(entailment) - P(contradiction), and 1 - P(contradiction). Results are in docs/models.md.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

from summarize.checker import ConsistencyChecker
from summarize.config import load_config
from summarize.evaluation.calibrate import read_labelled
from summarize.evaluation.metrics import roc_auc

SCORES = {"P(e)": lambda e, c: e, "P(e) - P(c)": lambda e, c: e - c, "1 - P(c)": lambda e, c: 1 - c}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="labelled JSONL, as summarize calibrate reads it")
    parser.add_argument("--config", type=Path, default=None)
    args = parser.parse_args()
    examples = read_labelled(args.data)
    config = load_config(args.config)
    checker = ConsistencyChecker(config=dataclasses.replace(config.checker, rules=False, score="nli"))
    verdicts = list(checker.check_batches([(e.documents, e.summary) for e in examples], show_progress_bar=True))
    labels = [e.label for e in examples]
    print(f"{args.data}: {len(examples)} summaries, checker {config.checker.model}")
    for name, f in SCORES.items():
        for aggregate in (np.min, np.mean):
            scores = [float(aggregate([f(s.score, s.contradiction) for s in v])) if v else 1.0 for v in verdicts]
            print(f"{name:12s} {aggregate.__name__:4s} ROC AUC {100 * roc_auc(scores, labels):.1f}")


if __name__ == "__main__":
    main()
