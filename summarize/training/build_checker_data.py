"""Build the embedded checker's training data (reproducible: fixed seed, fixed slices).

    python -m summarize.training.build_checker_data --data ../shared/data --out runs/checker-data

Writes ``train.jsonl`` and ``dev.jsonl`` of ``{premise, hypothesis, label, source}`` from
- the NLI pairs in ``data/nli`` (SNLI 3-way; MNLI and FEVER binary), and
- synthetic pairs from the first ``--clusters`` clusters of ``multi_news/train.jsonl.gz``
  (see ``summarize.training.checker_pairs``), and with ``--evidence N`` up to N reference
  sentences per cluster with and without their evidence (``evidence_pairs``).
Never reads FRANK, QAGS, SummEval, XSumFaith or SummaC: those are the benchmark.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
from pathlib import Path

from ..reading.sentences import split_sentences
from .checker_pairs import cluster_pairs, evidence_pairs, read_binary_nli, read_snli
from .corruptions import ALL_KINDS, BASE_KINDS


def multi_news(path: Path, limit: int):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= limit:
                return
            yield json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("runs/checker-data"))
    parser.add_argument("--clusters", type=int, default=4000)
    parser.add_argument("--snli", type=int, default=12000, help="SNLI pairs to sample")
    parser.add_argument("--mnli", type=int, default=12000, help="binary MNLI pairs to sample")
    parser.add_argument("--fever", type=int, default=8000, help="binary FEVER pairs to sample")
    parser.add_argument("--evidence", type=int, default=0, help="reference sentences per cluster with/without evidence")
    parser.add_argument("--windows", default="1,2,3", help="premise window sizes (sentences) of the copy and foreign pairs")
    parser.add_argument("--corruptions", default=",".join(BASE_KINDS),
                        help=f"corruption kinds of the negatives, from {','.join(ALL_KINDS)} (default: the shipped recipe's)")
    parser.add_argument("--dev", type=int, default=1500, help="pairs held out for evaluation")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    nli = args.data / "nli"

    def sample(rows, k):
        rows = list(rows)
        rng.shuffle(rows)
        return rows[:k]

    pairs = sample(list(read_snli(nli / "snli_dev_from_esnli.jsonl")) + list(read_snli(nli / "snli_test_from_esnli.jsonl")), args.snli)
    for name, source, n in (("MNLI", "mnli", args.mnli), ("FEVER-NLI", "fever", args.fever)):
        files = [nli / f"docnli_binary-{name}_{split}.txt" for split in ("dev", "test")]
        pairs += sample([row for path in files for row in read_binary_nli(path, source)], n)

    clusters = list(multi_news(args.data / "multi_news" / "train.jsonl.gz", args.clusters))
    foreign_pool = [s for c in clusters[: 300] for s in split_sentences(c["summary"])[:2]]
    for index, cluster in enumerate(clusters):
        foreign = [s for s in rng.sample(foreign_pool, 5)]
        # clusters that lent foreign sentences are not paired with their own sentences
        pairs += cluster_pairs(cluster["documents"], cluster["summary"], foreign if index >= 300 else [], rng,
                               window_sizes=tuple(int(n) for n in args.windows.split(",")),
                               corruptions=tuple(args.corruptions.split(",")))
        if args.evidence:
            sources = [s for d in cluster["documents"] for s in split_sentences(d) if len(s.split()) >= 5]
            pairs += evidence_pairs(sources, cluster["summary"], rng, per_cluster=args.evidence)

    rng.shuffle(pairs)
    args.out.mkdir(parents=True, exist_ok=True)
    dev, train = pairs[: args.dev], pairs[args.dev:]
    for name, rows in (("train", train), ("dev", dev)):
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = collections.Counter((p["source"].split("-")[0], p["label"]) for p in pairs)
    print(json.dumps({"train": len(train), "dev": len(dev),
                      "by_source_label": {f"{s}/{label}": n for (s, label), n in sorted(counts.items())}}, indent=1))


if __name__ == "__main__":
    main()
