"""Training pairs for the embedded summarizer's fusion step: source sentences -> summary sentence.

The embedded summarizer plans (picks salient source sentences, :mod:`summarize.summarizer.extractive`)
and then rewrites each pick, fused with the sentence of another article that says most about it,
into one summary sentence. Its training pairs come from reference summaries: each reference
sentence is aligned greedily to the one or two source sentences that cover most of its content
words and bigrams, and kept only when the sources cover enough of it (so the model learns to
compress and fuse what the articles say, not to invent).

>>> sources = ["The mayor of Oslo resigned on Monday after a long scandal.",
...            "Oslo's mayor, Anna Berg, quit her post.", "Rain is expected tomorrow."]
>>> picked, coverage = align("Oslo mayor Anna Berg resigned on Monday.", sources)
>>> picked, round(coverage, 2)
([0, 1], 1.0)
"""

from __future__ import annotations

import re

from ..text import STOPWORDS, words


def _content(tokens: list[str]) -> set[str]:
    return {w for w in tokens if w not in STOPWORDS}


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def align(target: str, sources: list[str], max_sources: int = 2, min_gain: float = 0.15) -> tuple[list[int], float]:
    """Indices (in source order) of the sentences that best cover ``target``, and the share of its
    content words they cover. A second sentence is added only if it covers ``min_gain`` more."""
    tokens = words(target)
    content, bigrams = _content(tokens), _bigrams(tokens)
    if not content:
        return [], 0.0
    units = [(_content(words(s)), _bigrams(words(s))) for s in sources]

    def gain(covered_c: set, covered_b: set, i: int) -> float:
        c, b = units[i]
        new_c = len((c & content) - covered_c) / len(content)
        new_b = len((b & bigrams) - covered_b) / max(1, len(bigrams))
        return new_c + new_b

    picked: list[int] = []
    covered_c: set = set()
    covered_b: set = set()
    for _ in range(max_sources):
        candidates = [i for i in range(len(sources)) if i not in picked]
        if not candidates:
            break
        best = max(candidates, key=lambda i: gain(covered_c, covered_b, i))
        if picked and (len((units[best][0] & content) - covered_c) / len(content)) < min_gain:
            break
        picked.append(best)
        covered_c |= units[best][0] & content
        covered_b |= units[best][1] & bigrams
    return sorted(picked), len(covered_c) / len(content)


def reference_sentences(summary: str) -> list[str]:
    """A Multi-News reference split into sentences, its leading dash removed."""
    from ..reading.sentences import split_sentences

    text = re.sub(r"^\s*[–—-]\s*", "", summary.strip())
    return [s for s in split_sentences(text) if len(s.split()) >= 4]


def cluster_pairs(documents: list[str], summary: str, min_coverage: float = 0.6,
                  max_source_words: int = 90) -> list[dict]:
    """``{"text", "summary", "coverage", "n_sources"}`` for every well-covered reference sentence.

    ``text`` is the aligned source sentences in article order, joined by a space.
    """
    from ..reading.sentences import split_sentences

    sources = [s for d in documents if d and d.strip() for s in split_sentences(d) if len(s.split()) >= 4]
    pairs = []
    for target in reference_sentences(summary):
        picked, coverage = align(target, sources)
        if not picked or coverage < min_coverage:
            continue
        text = " ".join(sources[i] for i in picked)
        if len(text.split()) > max_source_words:
            continue
        pairs.append({"text": text, "summary": target, "coverage": round(coverage, 3), "n_sources": len(picked)})
    return pairs
