"""Build the rewording stage of the embedded checker's training data (fixed seed, fixed slices).

    python -m summarize.training.build_checker_data --data ../shared/data --out runs/checker-data
    python -m summarize.training.build_reworded_data --data ../shared/data --replay runs/checker-data/train.jsonl \\
        --out runs/checker-reworded

Writes ``train.jsonl`` and ``dev.jsonl`` of ``{premise, hypothesis, label, source}``:

- ``reworded`` / ``reworded-*``: sentences aligned across the articles of Multi-News train
  clusters ``--start`` to ``--start + --clusters`` (after the first 4,000, which the first stage
  read), each with a corrupted twin (:mod:`summarize.training.reworded_pairs`);
- ``user-*``: indirect speech and a moved negation of article sentences, entailed by their passage;
- ``--replay`` pairs drawn from the first stage's training file, so the model keeps what it knew.

Never reads FRANK, QAGS, SummEval, XSumFaith or SummaC: those are the benchmark.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import json
import random
from pathlib import Path

from tqdm.auto import tqdm

from .checker_pairs import _pair
from .reworded_pairs import cluster_sentences, meaning_preserving, reworded_pairs, swap_entities


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the folder holding multi_news/train.jsonl.gz")
    parser.add_argument("--out", type=Path, default=Path("runs/checker-reworded"))
    parser.add_argument("--replay", type=Path, help="a first-stage train.jsonl to mix in")
    parser.add_argument("--replay-pairs", type=int, default=12000)
    parser.add_argument("--start", type=int, default=4000)
    parser.add_argument("--clusters", type=int, default=2000)
    parser.add_argument("--reworded-copies", type=int, default=1, help="times each rewording pair is repeated")
    parser.add_argument("--no-align", action="store_true", help="only the user-* rewrites (no MiniLM alignment: fast)")
    parser.add_argument("--dev", type=int, default=600)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    from ..models.embeddings import shared_embedder

    embed = None if args.no_align else shared_embedder().encode
    pairs: list[dict] = []
    with gzip.open(args.data / "multi_news" / "train.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = itertools.islice(handle, args.start, args.start + args.clusters)
        for line in tqdm(rows, total=args.clusters, desc="clusters"):
            articles = cluster_sentences(json.loads(line)["documents"])
            if embed is not None:
                pairs += reworded_pairs(articles, embed, rng) * args.reworded_copies
            for sentences in articles:
                for i, sentence in enumerate(sentences):
                    premise = " ".join(sentences[max(0, i - rng.randint(0, 1)): i + 1 + rng.randint(0, 1)])
                    for kind, rewritten in meaning_preserving(sentence):
                        pairs.append(_pair(premise, rewritten, "entailment", f"user-{kind}"))
                    swapped = swap_entities(sentence, rng) if rng.random() < 0.3 else None
                    if swapped and swapped != sentence:  # who did what to whom, reversed
                        pairs.append(_pair(premise, swapped, "contradiction", "user-roles"))
    if args.replay:
        replay = [json.loads(line) for line in args.replay.read_text(encoding="utf-8").splitlines() if line.strip()]
        rng.shuffle(replay)
        pairs += replay[: args.replay_pairs]
    rng.shuffle(pairs)
    args.out.mkdir(parents=True, exist_ok=True)
    dev, train = pairs[: args.dev], pairs[args.dev:]
    for name, split in (("train", train), ("dev", dev)):
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in split)
    counts = collections.Counter((p["source"].split("-")[0] if not p["source"].startswith(("reworded", "user"))
                                  else p["source"], p["label"]) for p in pairs)
    print(json.dumps({"train": len(train), "dev": len(dev),
                      "by_source_label": {f"{s}/{label}": n for (s, label), n in sorted(counts.items())}}, indent=1))


if __name__ == "__main__":
    main()
