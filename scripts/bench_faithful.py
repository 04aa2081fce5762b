#!/usr/bin/env python
"""Faithful sentences passed and planted errors flagged, on clusters no setting was chosen on.

    python scripts/bench_faithful.py --variant "threshold-0.6 checker.threshold=0.6"

Checks every sentence of the faithful-sentence benchmark (:mod:`summarize.evaluation.faithful`:
the editor set, 8 clusters with 80 faithful sentences and 80 planted errors; the seed set, a new
user's 40 sentences about the real seed cluster; with ``--final``, the final slice) with the
default config and with every ``--variant`` (a name, then ``section.key=value`` overrides), per
set and split (``dev``: looked at while rules were written; ``heldout`` and ``final``: not), and
writes the rates by sentence type to docs/BENCHMARKS.md and the verdicts to docs/results/faithful.json.
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
from summarize.evaluation.faithful import evaluate, load_claims, summarize_rows
from summarize.evaluation.report_md import write_section

EDITOR = {c.cluster for c in load_claims(sets=("editor",))}


def percent(value) -> str:
    return "-" if value is None else f"{100 * value:.0f}"


def table(results: dict) -> str:
    lines = ["| variant | set, split | faithful passed | faithful labelled contradicted | errors flagged | "
             "errors typed | date/number/quote errors typed |", "|---|---|---|---|---|---|---|"]
    for name, by_split in results.items():
        for split, summary in by_split.items():
            if split == "all":
                continue
            lines.append(f"| {name} | {split} | {percent(summary['faithful_passed'])} % of {summary['faithful']} | "
                         f"{summary['faithful_contradicted']} | "
                         f"{percent(summary['errors_flagged'])} % of {summary['errors']} | "
                         f"{percent(summary['errors_typed'])} % | {percent(summary['date_number_quote_typed'])} % |")
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
    parser.add_argument("--final", action="store_true", help="also the final slice (look at it once, at release)")
    args = parser.parse_args(argv)
    variants = {"default": []}
    for spec in args.variant:
        name, *overrides = shlex.split(spec)
        variants[name] = overrides
    results, rows, start = {}, {}, time.perf_counter()
    sets = ("editor", "seed", "final") if args.final else ("editor", "seed")
    for name, overrides in variants.items():
        checker = ConsistencyChecker(config=load_config(None, overrides).checker)
        found = evaluate(checker, sets=sets)
        rows[name] = found["rows"]
        groups: dict = {}
        for row in found["rows"]:
            group = "editor" if row["cluster"] in EDITOR else "seed" if row["cluster"] == "nato-stoltenberg" else "final"
            groups.setdefault(f"{group}, {row['split']}", []).append(row)
        results[name] = {key: summarize_rows(group_rows) for key, group_rows in groups.items()}
        results[name]["all"] = found["summary"]
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps({"results": results, "rows": rows}, indent=1) + "\n")
    command = "python scripts/bench_faithful.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    machine = f"{platform.machine()}, {platform.python_version()}, {time.perf_counter() - start:.0f} s"
    body = (f"`{command}` ({machine}). Each sentence checked alone against its cluster. Sets "
            f"(`summarize/evaluation/faithful/`): *editor*, 8 invented clusters, sentences an editor wrote (`dev` was "
            f"looked at while rules were written, `heldout` not); *seed*, a new user's own rewordings of the real seed "
            f"cluster (`../shared/seeds`, absent from a user's clone) and planted errors with role swaps, labelled "
            f"blind (`dev` looked at, `heldout` not); *final*, three invented clusters looked at once, at release "
            f"(`--final`). Goals (issue 28): at least 90 % of faithful sentences pass and none is labelled "
            f"contradicted; at least 95 % of planted errors flagged and 90 % typed.\n\n{table(results)}\n\n"
            f"By type, default config, every set:\n\n{by_type(results['default']['all'])}\n\n"
            f"Every verdict: `{args.results}`.")
    write_section(Path(args.output), "faithful", "Faithful sentences and planted errors", body)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
