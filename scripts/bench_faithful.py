#!/usr/bin/env python
"""Faithful sentences passed and planted errors flagged, on clusters no setting was chosen on.

    python scripts/bench_faithful.py --variant "threshold-0.6 checker.threshold=0.6"

Checks every sentence of the faithful-sentence benchmark (:mod:`summarize.evaluation.faithful`:
8 clusters, 80 faithful sentences as an editor writes them, 80 with one planted error) with the
default config and with every ``--variant`` (a name, then ``section.key=value`` overrides), per
split (``dev``: looked at while rules were written; ``heldout``: not), and writes the rates by
sentence type to docs/BENCHMARKS.md and the verdicts to docs/results/faithful.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import sys
import time
from pathlib import Path

from summarize.checker import ConsistencyChecker
from summarize.config import load_config
from summarize.evaluation.faithful import evaluate, summarize_rows
from summarize.evaluation.report_md import write_section


def percent(value) -> str:
    return "-" if value is None else f"{100 * value:.0f}"


def table(results: dict) -> str:
    lines = ["| variant | split | faithful passed | errors flagged | date/number/quote errors typed |",
             "|---|---|---|---|---|"]
    for name, by_split in results.items():
        for split, summary in by_split.items():
            lines.append(f"| {name} | {split} | {percent(summary['faithful_passed'])} % of {summary['faithful']} | "
                         f"{percent(summary['errors_flagged'])} % of {summary['errors']} | "
                         f"{percent(summary['date_number_quote_typed'])} % |")
    return "\n".join(lines)


def by_type(summary: dict) -> str:
    lines = ["| sentence type | n | passed (faithful) / flagged (errors) |", "|---|---|---|"]
    for kind, row in summary["by_type"].items():
        value = row.get("passed", row.get("flagged"))
        lines.append(f"| {kind} | {row['n']} | {percent(value)} % |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", default=[], help='"NAME key=value ..."')
    parser.add_argument("--output", default="docs/BENCHMARKS.md")
    parser.add_argument("--results", default="docs/results/faithful.json")
    args = parser.parse_args(argv)
    variants = {"default": []}
    for spec in args.variant:
        name, *overrides = shlex.split(spec)
        variants[name] = overrides
    results, rows, start = {}, {}, time.perf_counter()
    for name, overrides in variants.items():
        checker = ConsistencyChecker(config=load_config(None, overrides).checker)
        found = evaluate(checker)
        rows[name] = found["rows"]
        results[name] = {split: summarize_rows([r for r in found["rows"] if r["split"] == split])
                         for split in ("dev", "heldout")}
        results[name]["all"] = found["summary"]
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps({"results": results, "rows": rows}, indent=1) + "\n")
    command = "python scripts/bench_faithful.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    machine = f"{platform.machine()}, {platform.python_version()}, {time.perf_counter() - start:.0f} s"
    body = (f"`{command}` ({machine}). Each sentence checked alone against its cluster (8 invented clusters; "
            f"`summarize/evaluation/faithful/`). Goal (issue 20): at least 90 % of faithful sentences pass, 90 % of "
            f"planted errors flagged, 90 % of date, number and quote errors typed.\n\n{table(results)}\n\n"
            f"By type, default config, both splits:\n\n{by_type(results['default']['all'])}\n\n"
            f"Every verdict: `{args.results}`.")
    write_section(Path(args.output), "faithful", "Faithful sentences and planted errors", body)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
