#!/usr/bin/env python
"""Leave one dataset out: the checker's decision, chosen on the other labelled sets, per set.

    python scripts/bench_transfer.py                     # reads docs/results/checker-benchmark.json

For each dataset family (FRANK, SummEval, XSumFaith, FactCC, Polytope, QAGS), the threshold
is chosen on the other families and applied to it (:mod:`summarize.evaluation.transfer`),
beside the untrained MiniLM-cosine floor chosen the same way and the shipped threshold.
Uses the per-sentence scores a checker benchmark run stored (no model is run), and writes
its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import numpy as np

from summarize.config import CheckerConfig
from summarize.evaluation.report_md import write_section
from summarize.evaluation.transfer import AGGREGATES, SCORES, at_threshold, choose_decision, leave_one_out, rows_from_benchmark

COSINE_GRID = [round(x, 2) for x in np.arange(0.3, 1.0, 0.01)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scores", default="docs/results/checker-benchmark.json")
    parser.add_argument("--output", default="docs/BENCHMARKS.md")
    args = parser.parse_args(argv)
    stored = json.loads(Path(args.scores).read_text())
    families = rows_from_benchmark(stored["examples"])
    table = leave_one_out(families, cosine_grid=COSINE_GRID)
    shipped = at_threshold(families, CheckerConfig().threshold)
    lines = ["| held-out family | n | threshold chosen on the others | balanced accuracy | MiniLM-cosine floor "
             f"(its threshold) | shipped threshold {CheckerConfig().threshold} |", "|---|---|---|---|---|---|"]
    for name, row in table.items():
        mark = "" if row["bacc"] > row["floor"] else " (below the floor)"
        lines.append(f"| {name} | {row['n']} | {row['threshold']:.2f} | {row['bacc']:.1f}{mark} | "
                     f"{row['floor']:.1f} ({row['floor_threshold']:.2f}) | {shipped[name]:.1f} |")
    baccs = [row["bacc"] for row in table.values()]
    floors = [row["floor"] for row in table.values()]
    lines.append(f"| **mean / worst** | | | **{np.mean(baccs):.1f} / {min(baccs):.1f}** | "
                 f"{np.mean(floors):.1f} / {min(floors):.1f} | {np.mean(list(shipped.values())):.1f} / "
                 f"{min(shipped.values()):.1f} |")
    command = "python scripts/bench_transfer.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    meta = stored.get("meta", {})
    body = (f"`{command}`, from the per-sentence scores of `{args.scores}` (model {meta.get('model')}, "
            f"{meta.get('subsampled')}; rules as configured there). The decision is `summarize check`'s: a summary "
            "is inconsistent when a sentence scores below the threshold or has a rule hit. Goal (issue 20): above the "
            "floor on every family, mean at least 70.\n\n" + "\n".join(lines))
    candidates = {f"{score} {aggregate}{' + rules' if rules else ''}":
                  rows_from_benchmark(stored["examples"], rules=rules, score=score, aggregate=aggregate)
                  for score in SCORES for aggregate in AGGREGATES for rules in (True, False)}
    nested = choose_decision(candidates)
    chosen = ["| held-out family | decision chosen on the others | threshold | balanced accuracy | MiniLM-cosine floor |",
              "|---|---|---|---|---|"]
    for name, row in nested.items():
        mark = "" if row["bacc"] > table[name]["floor"] else " (below the floor)"
        chosen.append(f"| {name} | {row['decision']} | {row['threshold']:.2f} | {row['bacc']:.1f}{mark} | "
                      f"{table[name]['floor']:.1f} |")
    nested_baccs = [row["bacc"] for row in nested.values()]
    chosen.append(f"| **mean / worst** | | | **{np.mean(nested_baccs):.1f} / {min(nested_baccs):.1f}** | "
                  f"{np.mean(floors):.1f} / {min(floors):.1f} |")
    body += ("\n\nThe decision itself chosen the same way, from " + str(len(candidates)) + " candidates (sentence "
             "score NLI, NLI averaged with cosine, or blend; min or mean over sentences; rules on or off): for "
             "each family, the candidate and threshold best on the other families. `min` is the only aggregation "
             "that flags sentences, as `summarize check` does; `mean` judges whole summaries.\n\n" + "\n".join(chosen))
    lines += [""] + chosen
    write_section(Path(args.output), "transfer", "Leave one dataset out", body)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
