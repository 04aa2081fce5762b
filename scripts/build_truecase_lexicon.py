#!/usr/bin/env python
"""Build the truecasing lexicon the summarizer ships (summarize/models/truecase/lexicon.json.gz).

    python scripts/build_truecase_lexicon.py --data ../shared/data

Multi-News here is lower-cased throughout (articles and references: "lower-cased with sentence
case restored"), so the lexicon is counted on cased text the project may train on: the premises
and hypotheses of ``nli/docnli_binary-{FEVER-NLI,MNLI}_{dev,test}.txt`` (Wikipedia and news-like
prose, 37,856 pairs; none of the benchmarks). It counts how each word is written away from a
sentence start. A word goes in the lexicon when one
capitalized form is at least ``--share`` (0.9) of its uses and it was seen ``--min-count`` times; a
pair of words (``"new york"``, ``"supreme court"``) goes in, both capitalized, when the pair is
written so in 70 % of its uses, seen ``--min-pair-count`` times, a word of it is not in alone, and
each of its words is capitalized in 30 % of all its uses (or the pair was seen 15 times): not the
words of a title ("get back", "late show"). The summarizer uses it for clusters that have no cased article of their own.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import re
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z][A-Za-z'.-]*[A-Za-z]|[A-Za-z]")
ROOT = Path(__file__).resolve().parents[1]
STOP = frozenset("a an the and or but of in on at to for from by with as is was are were be it its he she they we you "
                 "i his her their this that these those not no".split())  # never half of a name pair
OUT = ROOT / "summarize" / "models" / "truecase" / "lexicon.json.gz"


def tokens(text: str):
    """``(token, at_sentence_start)`` for each word of ``text``."""
    start = True
    end = 0
    for m in TOKEN.finditer(text):
        gap = text[end:m.start()]
        if re.search(r"[.!?]\s*[\"')\]]*\s*$", gap) or re.search(r"[\"“(:]\s*$", gap) or not end:
            start = True
        yield m.group(), start
        start = False
        end = m.end()


def cased(text: str) -> bool:
    caps = total = 0
    for token, start in tokens(text):
        if not start:
            total += 1
            caps += token[0].isupper()
    return total >= 5 and caps >= 0.05 * total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--files", default="docnli_binary-FEVER-NLI_dev.txt,docnli_binary-FEVER-NLI_test.txt,"
                                           "docnli_binary-MNLI_dev.txt,docnli_binary-MNLI_test.txt")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.9, help="share of a word's uses capitalized for it to go in alone")
    parser.add_argument("--min-pair-count", type=int, default=2)
    args = parser.parse_args()
    words: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    pairs: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    firsts: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    articles = used = 0
    seen: set[str] = set()
    for name in args.files.split(","):
        with open(args.data / "nli" / name, encoding="utf-8") as handle:
            for line in handle:
                for doc in line.rstrip("\n").split("\t")[1:]:
                    articles += 1
                    if doc in seen or not cased(doc):
                        continue
                    seen.add(doc)
                    used += 1
                    previous = None
                    for token, start in tokens(doc):
                        low = token.lower()
                        if not start:
                            words[low][token] += 1
                            if previous is not None:
                                pairs[(previous[1], low)][token] += 1
                                firsts[(previous[1], low)][previous[0]] += 1
                        previous = None if start else (token, low)
    lexicon = {}
    for low, forms in words.items():
        total = sum(forms.values())
        form, count = forms.most_common(1)[0]
        if total >= args.min_count and form != low and form[0].isupper() and count >= args.share * total:
            lexicon[low] = form
    bigrams = {}
    for (previous, low), forms in pairs.items():
        total = sum(forms.values())
        form, count = forms.most_common(1)[0]
        first = firsts[(previous, low)].most_common(1)[0][0]
        if total < args.min_pair_count or not (form[0].isupper() and first[0].isupper()) or {previous, low} & STOP:
            continue
        shares = [sum(c for f, c in words[w].items() if f[0].isupper()) / max(1, sum(words[w].values()))
                  for w in (previous, low)]
        if min(shares) < 0.3 and total < 15:
            continue  # "get back", "late show", "another texas": a title's words, not a name's
        if count >= 0.7 * total and (previous not in lexicon or low not in lexicon):
            bigrams[f"{previous} {low}"] = f"{first} {form}"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"words": lexicon, "pairs": bigrams}, sort_keys=True, separators=(",", ":")).encode()
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write(payload)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(json.dumps({"files": args.files, "texts": articles, "cased_distinct_texts": used, "words": len(lexicon),
                      "pairs": len(bigrams), "bytes": OUT.stat().st_size, "sha256": digest}))


if __name__ == "__main__":
    main()
