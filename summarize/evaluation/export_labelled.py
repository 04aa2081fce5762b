"""Write one labelled benchmark set from ``../shared/data`` as ``summarize calibrate`` input.

    python -m summarize.evaluation.export_labelled frank-valid runs/frank-valid.jsonl --data ../shared/data
    summarize calibrate runs/frank-valid.jsonl -o runs/calibrated.yaml

Lines are ``{"documents": [...], "summary": str | [sentences], "label": 0 | 1}``; sentence lists are
kept as the set gives them. FRANK ``valid`` is the one set the project calibrates on; the others
are benchmarks. Write the output outside the repository (``runs/`` is ignored): the data is not ours.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .labelled import benchmark_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="a set of summarize.evaluation.labelled.benchmark_sets, e.g. frank-valid")
    parser.add_argument("output")
    parser.add_argument("--data", required=True, help="the folder holding the benchmark sets (frank/, qags/, ...)")
    args = parser.parse_args()
    sets = benchmark_sets(Path(args.data))
    if args.name not in sets:
        parser.error(f"unknown set {args.name!r}; choose one of {', '.join(sets)}")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        for e in sets[args.name]:
            handle.write(json.dumps({"documents": e.documents, "summary": e.summary, "label": e.label}) + "\n")
    print(f"{len(sets[args.name])} examples -> {out}")


if __name__ == "__main__":
    main()
