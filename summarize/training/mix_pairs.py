"""Mix training-pair files into one shuffled file (fixed seed), optionally repeating some rows.

    python -m summarize.training.mix_pairs runs/mix/train.jsonl runs/a/train.jsonl runs/b/train.jsonl \\
        --repeat-source reworded --seed 13

Every input line is kept; lines whose ``source`` starts with a ``--repeat-source`` prefix are
written ``--times`` times. The output is shuffled, so ``data.max_train_samples`` takes a sample of
the whole mix, not its first file.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--repeat-source", action="append", default=[], help="source prefix of rows to repeat")
    parser.add_argument("--times", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    rows: list[str] = []
    for path in args.inputs:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            source = json.loads(line).get("source", "")
            times = args.times if any(source.startswith(p) for p in args.repeat_source) else 1
            rows += [line] * times
    random.Random(args.seed).shuffle(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
