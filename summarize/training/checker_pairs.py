"""Training pairs for a consistency checker: NLI files plus synthetic pairs from news clusters.

Every pair is ``{"premise", "hypothesis", "label", "source"}`` with ``label`` one of
``entailment``, ``neutral``, ``contradiction`` or ``not_entailment`` (binary NLI data, where
neutral and contradiction are not told apart; the trainer treats it as "either of the two").

The synthetic pairs mirror what the checker scores at run time: a premise of one to three
consecutive source sentences, a hypothesis that is one summary-like sentence.

>>> import random
>>> cluster = ["Officials said 42 people died on Friday. The storm hit the coast at night. "
...            "Rescue teams are still searching.", "The storm killed 42 people, officials said."]
>>> pairs = cluster_pairs(cluster, "The storm killed 42 people.", ["A cat sat on a mat."], random.Random(0))
>>> sorted({p["label"] for p in pairs}) == ["contradiction", "entailment", "neutral"]
True

:func:`evidence_pairs` adds the case extrinsic hallucinations need: a real (abstractive) reference
sentence with the source sentences that support it, and the same sentence once its main support
is taken away, so that what the premise lacks, not the wording, decides.

>>> sources = ["Officials said 42 people died on Friday.", "The storm hit the coast at night.",
...            "Rescue teams searched the harbour.", "Schools stay closed this week."]
>>> [(p["label"], p["premise"]) for p in evidence_pairs(sources, "Friday's storm killed 42 people, officials said.",
...                                                        random.Random(0))]  # doctest: +NORMALIZE_WHITESPACE
[('entailment', 'Officials said 42 people died on Friday. The storm hit the coast at night.'),
 ('neutral', 'The storm hit the coast at night. Rescue teams searched the harbour.')]
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from ..reading.sentences import split_sentences
from ..text import content_words
from .corruptions import BASE_KINDS, corrupt, light_rewrite

LABELS = ("entailment", "neutral", "contradiction")


def recall(hypothesis: str, premise: str) -> float:
    """Share of the hypothesis's content words found in the premise."""
    words = content_words(hypothesis)
    return len(words & content_words(premise)) / max(1, len(words))


def windows(sentences: list[str], sizes=(1, 2, 3)) -> list[tuple[int, int]]:
    return [(i, i + n) for n in sizes for i in range(0, max(0, len(sentences) - n + 1))]


def _pair(premise: str, hypothesis: str, label: str, source: str) -> dict:
    return {"premise": premise, "hypothesis": hypothesis, "label": label, "source": source}


def cluster_pairs(documents: list[str], summary: str, foreign: list[str], rng: random.Random,
                  per_cluster: int = 10, window_sizes=(1, 2, 3), corruptions=BASE_KINDS) -> list[dict]:
    """Synthetic pairs from one cluster: copies, aligned summary sentences, corruptions, extrinsic.

    ``window_sizes``: the premise windows (in sentences) of the copy and foreign pairs; match the
    checker's ``checker.window_sizes`` when you train for longer premises. ``corruptions``: the
    kinds of :func:`~summarize.training.corruptions.corrupt` the negatives draw from.
    """
    articles = [[s for s in split_sentences(d) if len(s.split()) >= 5] for d in documents]
    articles = [a for a in articles if a]
    if not articles:
        return []
    cluster_text = " ".join(" ".join(a) for a in articles)
    pairs: list[dict] = []

    def add_with_corruption(premise: str, hypothesis: str, source: str) -> None:
        pairs.append(_pair(premise, hypothesis, "entailment", source))
        rewritten = light_rewrite(hypothesis, rng)
        if rewritten:  # the same fact in other words is still entailed
            pairs.append(_pair(premise, rewritten[1], "entailment", f"rewrite-{rewritten[0]}"))
        corrupted = corrupt(hypothesis, cluster_text, rng, kinds=corruptions)
        if corrupted:
            pairs.append(_pair(premise, corrupted[1], "contradiction", f"corrupt-{corrupted[0]}"))

    # 1. A window and one of its sentences (the copy case the checker sees for extractive text).
    for _ in range(2):
        article = rng.choice(articles)
        start, end = rng.choice(windows(article, window_sizes) or windows(article))
        premise = " ".join(article[start:end])
        add_with_corruption(premise, article[rng.randrange(start, end)], "window")

    # 2. Reference-summary sentences with the source window that covers them: real paraphrases.
    all_windows = [" ".join(a[s:e]) for a in articles for s, e in windows(a, (1, 2))]
    for sentence in rng.sample(split_sentences(summary), k=min(2, len(split_sentences(summary)))):
        best = max(all_windows, key=lambda w: recall(sentence, w))
        score = recall(sentence, best)
        if score >= 0.75:
            add_with_corruption(best, sentence, "aligned")
        elif score <= 0.35:
            pairs.append(_pair(best, sentence, "neutral", "unaligned"))

    # 2b. The same fact as another outlet of the cluster wrote it: real paraphrases, same numbers.
    if len(articles) >= 2:
        first, second = rng.sample(range(len(articles)), 2)
        found = 0
        for sentence in articles[first]:
            best = max(articles[second], key=lambda other: recall(sentence, other))
            numbers_match = re.findall(r"\d+", sentence) == re.findall(r"\d+", best)
            if 0.8 <= recall(sentence, best) and best.lower() != sentence.lower() and numbers_match:
                pairs.append(_pair(best, sentence, "entailment", "cross-article"))
                found += 1
                if found == 2:
                    break

    # 3. A sentence from another cluster: unrelated, so neutral.
    if foreign:
        article = rng.choice(articles)
        start, end = rng.choice(windows(article, window_sizes) or windows(article))
        pairs.append(_pair(" ".join(article[start:end]), rng.choice(foreign), "neutral", "foreign"))

    # 4. Extrinsic: a supported sentence with a clause the premise lacks (hallucinated detail).
    article = rng.choice(articles)
    if len(article) >= 4:
        i = rng.randrange(len(article))
        other = rng.choice([s for j, s in enumerate(article) if abs(j - i) > 1] or [article[0]])
        clause = other.rstrip(".!?").split(",")[0].strip()
        if len(clause.split()) >= 4 and recall(clause, article[i]) < 0.3:
            clause = clause[0].lower() + clause[1:]
            hypothesis = article[i].rstrip(".!?") + ", and " + clause + "."
            pairs.append(_pair(article[i], hypothesis, "neutral", "extrinsic"))
    rng.shuffle(pairs)
    return pairs[:per_cluster]


def evidence_pairs(sources: list[str], summary: str, rng: random.Random, per_cluster: int = 2,
                   min_coverage: float = 0.75, max_left: float = 0.5) -> list[dict]:
    """Reference sentences with and without their evidence.

    Each of up to ``per_cluster`` reference sentences is aligned to the one or two source
    sentences that cover most of it (:func:`summarize.training.fusion_pairs.align`). Covered by at
    least ``min_coverage`` of its content words, it is entailed by them (``evidence``). Without the
    sentence that covers most of it, and with a neighbouring source sentence in its place (so the
    premise keeps its length and topic), it is ``neutral`` (``missing``) when at most ``max_left``
    of its content words remain: the case of a summary sentence whose fact no article states.
    """
    from .fusion_pairs import align, reference_sentences

    pairs: list[dict] = []
    sentences = reference_sentences(summary)
    for sentence in rng.sample(sentences, k=len(sentences)):
        picked, coverage = align(sentence, sources)
        if coverage < min_coverage:
            continue
        pairs.append(_pair(" ".join(sources[i] for i in picked), sentence, "entailment", "evidence"))
        main = max(picked, key=lambda i: recall(sentence, sources[i]))
        rest = [i for i in picked if i != main]
        neighbours = [j for j in (main + 1, main - 1, main + 2) if 0 <= j < len(sources) and j not in picked]
        if neighbours:
            rest = sorted(rest + neighbours[:1])
            premise = " ".join(sources[i] for i in rest)
            if recall(sentence, premise) <= max_left:
                pairs.append(_pair(premise, sentence, "neutral", "missing"))
        if len(pairs) >= 2 * per_cluster:
            break
    return pairs


def read_snli(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["label"] in LABELS:
                yield _pair(row["premise"].strip(), row["hypothesis"].strip(), row["label"], "snli")


def read_binary_nli(path: Path, source: str) -> Iterator[dict]:
    """DocNLI-style TSV: ``label<TAB>premise<TAB>hypothesis`` with entailment / not_entailment."""
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) != 3:
                continue
            label, premise, hypothesis = row
            if label in ("entailment", "not_entailment"):
                yield _pair(premise.strip(), hypothesis.strip(), label, source)
