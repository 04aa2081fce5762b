#!/usr/bin/env python
"""Two checker benchmark runs side by side, with paired bootstrap intervals on every set.

Both runs must have scored the same examples (`summarize evaluate checker` subsamples with a fixed
seed, so two runs of the same release do). For every set (FRANK test also by part) it gives, for
the new run minus the old, the difference in

- balanced accuracy of the `config` decision (each run's own `checker.threshold`, rules on, a
  summary passes when no sentence is flagged), and
- ROC AUC of the `config` score (the lowest sentence score, a rule hit multiplying it down),

with a 95 % interval from resampling the examples (the same draws for both runs). An interval
that excludes zero says the difference holds beyond the luck of which examples were drawn.

    python scripts/compare_checker_benchmarks.py docs/results/checker-benchmark.json \
        runs/checker-benchmark-w5.json --old-name v2 --new-name w5
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import sys
from pathlib import Path

import numpy as np

from summarize.evaluation.metrics import balanced_accuracy, roc_auc
from summarize.evaluation.report_md import write_section
from summarize.evaluation.scoring import Scored


def load(path: Path) -> tuple[dict, float]:
    """Per-set stored scores (as :class:`Scored`, rules as the run stored them) and the run's threshold."""
    run = json.loads(path.read_text())
    sets = {name: [Scored(e["raw"], e["contradicted"], e["rules"]) for e in rows]
            for name, rows in run["examples"].items()}
    labels = {name: [e["label"] for e in rows] for name, rows in run["examples"].items()}
    parts = {name: [e.get("part") for e in rows] for name, rows in run["examples"].items()}
    return {"scored": sets, "labels": labels, "parts": parts}, run["variants"]["config"]["threshold"]


def decide(scored: list[Scored], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AUC score, thresholded score and hard flag of the `config` decision, per example."""
    rows = [s.summary("min", rules=True) for s in scored]
    return tuple(np.array([r[k] for r in rows], dtype=float) for k in range(3))


def metrics(auc_score, score, hard, labels, threshold) -> tuple[float, float | None]:
    auc = roc_auc(auc_score, labels)
    return 100 * balanced_accuracy(score, labels, threshold, hard), None if auc is None else 100 * auc


def compare(old: dict, new: dict, old_threshold: float, new_threshold: float, resamples: int = 1000,
            seed: int = 0) -> list[dict]:
    """One row per set (and FRANK test part): old, new, difference and its 95 % interval."""
    rows = []
    for name in new["scored"]:
        if name == "frank-valid" or name not in old["scored"]:
            continue
        if old["labels"][name] != new["labels"][name]:
            raise SystemExit(f"{name}: the two runs scored different examples; compare runs of the same subsample")
        subsets = [(name, list(range(len(new["labels"][name]))))]
        if name == "frank-test":
            subsets += [(f"{name}/{p}", [i for i, q in enumerate(new["parts"][name]) if q == p]) for p in ("cnndm", "xsum")]
        a_all = decide(old["scored"][name], old_threshold)
        b_all = decide(new["scored"][name], new_threshold)
        for sub, idx in subsets:
            idx = np.array(idx)
            y = np.array(new["labels"][name])[idx]
            a = [x[idx] for x in a_all]
            b = [x[idx] for x in b_all]
            base = metrics(*a, y, old_threshold)
            ours = metrics(*b, y, new_threshold)
            rng = np.random.default_rng(seed)
            diffs = []
            for _ in range(resamples):
                draw = rng.integers(0, len(y), len(y))
                if len(set(y[draw])) < 2:
                    continue
                m_a = metrics(*(x[draw] for x in a), y[draw], old_threshold)
                m_b = metrics(*(x[draw] for x in b), y[draw], new_threshold)
                diffs.append((m_b[0] - m_a[0], m_b[1] - m_a[1]))
            diffs = np.array(diffs)
            rows.append({"set": sub, "n": len(y), "bacc": (base[0], ours[0], *np.percentile(diffs[:, 0], [2.5, 97.5])),
                         "auc": (base[1], ours[1], *np.percentile(diffs[:, 1], [2.5, 97.5]))})
    return rows


def render(rows: list[dict], old_name: str, new_name: str) -> str:
    lines = [f"| set | n | BAcc config {old_name} | {new_name} | difference [95 % CI] | AUC config {old_name} | {new_name} | difference [95 % CI] |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        cells = []
        for key in ("bacc", "auc"):
            old, new, low, high = r[key]
            cells.append(f"{old:.1f} | {new:.1f} | {new - old:+.1f} [{low:+.1f}, {high:+.1f}]")
        lines.append(f"| {r['set']} | {r['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="results JSON of the baseline run")
    parser.add_argument("new", type=Path, help="results JSON of the run compared with it")
    parser.add_argument("--old-name", default="old")
    parser.add_argument("--new-name", default="new")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"), help="'-' prints only")
    parser.add_argument("--section", default="checker-comparison", help="marker name of the section it writes")
    args = parser.parse_args(argv)
    old, old_threshold = load(args.old)
    new, new_threshold = load(args.new)
    table = render(compare(old, new, old_threshold, new_threshold, args.resamples), args.old_name, args.new_name)
    command = "python scripts/compare_checker_benchmarks.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    body = (f"Command: `{command}`  \nMachine: {platform.machine()}, CPU (no scoring: it reads the stored per-example "
            f"scores of both runs).  \n`config` = the decision `summarize check` makes (threshold {args.old_name} "
            f"{old_threshold:.3f}, {args.new_name} {new_threshold:.3f}, rules on); {args.resamples} paired resamples "
            "of the examples.\n\n" + table)
    print(table)
    if str(args.output) != "-":
        write_section(args.output, args.section, f"Checker: {args.new_name} against {args.old_name}, paired", body)


if __name__ == "__main__":
    main()
