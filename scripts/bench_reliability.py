#!/usr/bin/env python
"""Reliability of the checker's sentence score: what share of sentences at each score is supported.

    python scripts/bench_reliability.py     # reads docs/results/checker-benchmark.json and faithful.json

Sentence-level labels come from three sets: QAGS (each summary sentence voted on by three
annotators), the faithful-sentence benchmark (80 faithful, 80 with one planted error), and FRANK
valid read at the sentence level (every sentence of a summary labelled factual counts as
supported; a one-sentence summary labelled unfactual as unsupported). No model is run: the scores
are the ones the stored benchmark runs gave. A Platt map fitted on each set is then scored on the
other two, to see whether a calibration chosen on one set holds on another
(:mod:`summarize.evaluation.reliability`). Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from summarize.evaluation.reliability import fit_platt, reliability
from summarize.evaluation.report_md import write_section


def labelled_sentences(benchmark: dict, faithful: dict) -> dict[str, list[tuple[float, int]]]:
    """``{set: [(sentence score, 1 supported / 0 not), ...]}`` from the stored runs."""
    sets = {"qags": [(e["raw"][0], int(e["label"])) for e in benchmark["examples"]["qags-sentences"] if e["raw"]]}
    frank = []
    for e in benchmark["examples"]["frank-valid"]:
        if int(e["label"]) == 1:
            frank += [(score, 1) for score in e["raw"]]
        elif len(e["raw"]) == 1:
            frank.append((e["raw"][0], 0))
    sets["frank-valid (sentences)"] = frank
    sets["faithful benchmark"] = [(r["score"], int(r["label"] == "faithful")) for r in faithful["rows"]["default"]]
    return sets


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scores", default="docs/results/checker-benchmark.json")
    parser.add_argument("--faithful", default="docs/results/faithful.json")
    parser.add_argument("--output", default="docs/BENCHMARKS.md")
    args = parser.parse_args(argv)
    benchmark = json.loads(Path(args.scores).read_text())
    sets = labelled_sentences(benchmark, json.loads(Path(args.faithful).read_text()))
    tables = {name: reliability(*zip(*pairs)) for name, pairs in sets.items()}

    lines = ["| set | n (share supported) | ECE | " + " | ".join(
        f"{row['low']:.2f}-{row['high']:.2f}" for row in tables["qags"]["bins"]) + " |",
        "|---|---|---|" + "---|" * len(tables["qags"]["bins"])]
    for name, table in tables.items():
        cells = {(row["low"], row["high"]): f"{row['n']}: {row['mean_score']:.2f} → {row['supported']:.2f}"
                 for row in table["bins"]}
        lines.append(f"| {name} | {table['n']} ({table['base_rate']:.2f}) | {table['ece']:.3f} | " + " | ".join(
            cells.get((row["low"], row["high"]), "–") for row in tables["qags"]["bins"]) + " |")

    cross = ["| Platt map fitted on | " + " | ".join(f"ECE on {name} (raw → mapped)" for name in sets) + " |",
             "|---|" + "---|" * len(sets)]
    for fitted_on, pairs in sets.items():
        platt = fit_platt(*zip(*pairs))
        row = []
        for name, other in sets.items():
            if name == fitted_on:
                row.append("(fitted here)")
                continue
            mapped = reliability([platt(s) for s, _ in other], [y for _, y in other])
            row.append(f"{tables[name]['ece']:.3f} → {mapped['ece']:.3f}")
        cross.append(f"| {fitted_on} | " + " | ".join(row) + " |")

    command = "python scripts/bench_reliability.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    meta = benchmark.get("meta", {})
    body = (f"`{command}`, from the sentence scores stored in `{args.scores}` (model {meta.get('model')}) and "
            f"`{args.faithful}` (default config). Each cell: sentences in the bin: their mean score → the share "
            "a person labelled supported. A calibrated score has the two equal; ECE is the size-weighted mean gap.\n\n"
            + "\n".join(lines) + "\n\nCalibration chosen on one set, scored on the others (ECE before → after the "
            "map; lower is better):\n\n" + "\n".join(cross))
    write_section(Path(args.output), "checker-reliability", "Checker: reliability of the sentence score", body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
