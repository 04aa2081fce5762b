"""Packing a cluster into one model window: dedupe across articles, then a per-article budget.

PRIMERA's recipe: each of n articles gets ``(max_input - reserved) // n`` tokens, and the budget
a short article leaves unused is handed on to the longer ones, so nothing is cut while
room remains.

>>> allocate_budgets([10, 500, 500], 300)
[10, 145, 145]
>>> allocate_budgets([10, 20], 300)
[10, 20]
>>> dedupe_sentences([["The vote was 5-4.", "It was close."], ["The vote was 5-4.", "Judges split."]])
[['The vote was 5-4.', 'It was close.'], ['Judges split.']]
"""

from __future__ import annotations

from rapidfuzz import fuzz

PRIMERA_SEPARATOR = "<doc-sep>"
PLAIN_SEPARATOR = " ||||| "


def separator_for(model_type: str, tokenizer, separator: str = "auto") -> tuple[str, int | None]:
    """PRIMERA's conventions, for inference and training alike: the text between articles
    (``<doc-sep>`` for an LED model whose vocabulary has it, else ``separator`` or the plain
    one) and the ``<doc-sep>`` token id (None where the vocabulary has no such token)."""
    has_docsep = PRIMERA_SEPARATOR in tokenizer.get_vocab()
    if separator == "auto":
        separator = f" {PRIMERA_SEPARATOR} " if model_type == "led" and has_docsep else PLAIN_SEPARATOR
    return separator, tokenizer.convert_tokens_to_ids(PRIMERA_SEPARATOR) if has_docsep else None


def global_attention_mask(input_ids: list[list[int]], docsep_id: int | None) -> list[list[int]]:
    """LED's global attention as PRIMERA sets it: the first token and every ``<doc-sep>``.

    >>> global_attention_mask([[0, 7, 5, 7, 2]], docsep_id=7)
    [[1, 1, 0, 1, 0]]
    """
    return [[1 if i == 0 or (docsep_id is not None and t == docsep_id) else 0 for i, t in enumerate(ids)]
            for ids in input_ids]


def _norm(sentence: str) -> str:
    return " ".join(sentence.lower().split())


def dedupe_sentences(articles: list[list[str]], threshold: float = 90.0) -> list[list[str]]:
    """Drop sentences that repeat (rapidfuzz ratio >= threshold) a sentence kept earlier."""
    kept: list[str] = []
    exact: set[str] = set()
    out = []
    for sentences in articles:
        mine = []
        for sentence in sentences:
            key = _norm(sentence)
            if key in exact or any(abs(len(k) - len(key)) < 0.2 * len(key) and fuzz.ratio(k, key) >= threshold
                                   for k in kept):
                continue
            exact.add(key)
            kept.append(key)
            mine.append(sentence)
        out.append(mine)
    return out


def allocate_budgets(lengths: list[int], total: int) -> list[int]:
    """Token budget per article: equal shares, with what short articles leave unused passed on."""
    budgets = [0] * len(lengths)
    remaining = set(range(len(lengths)))
    left = max(0, total)
    while remaining and left > 0:
        share = left // len(remaining)
        if share == 0:
            break
        satisfied = {i for i in remaining if lengths[i] - budgets[i] <= share}
        if not satisfied:
            for i in remaining:
                budgets[i] += share
            left -= share * len(remaining)
            break
        for i in satisfied:
            left -= lengths[i] - budgets[i]
            budgets[i] = lengths[i]
        remaining -= satisfied
    return budgets


def truncate_to_tokens(sentences: list[str], tokenizer, budget: int) -> str:
    """Whole sentences while they fit; the last one cut at the token budget."""
    out: list[str] = []
    used = 0
    for sentence in sentences:
        ids = tokenizer(sentence, add_special_tokens=False)["input_ids"]
        if used + len(ids) <= budget:
            out.append(sentence)
            used += len(ids)
            continue
        room = budget - used
        if room >= 8:
            out.append(tokenizer.decode(ids[:room], skip_special_tokens=True))
        break
    return " ".join(out)


def article_units(cluster, include_titles: bool = True, order: str = "input") -> list[list[str]]:
    """The sentences of each article (title first when asked), in the configured order."""
    articles = [([a.title] if include_titles and a.title else []) + list(a.sentences) for a in cluster.articles]
    if order == "longest_first":
        articles.sort(key=lambda s: -sum(len(x) for x in s))
    elif order == "shortest_first":
        articles.sort(key=lambda s: sum(len(x) for x in s))
    return articles


def pack_articles(articles: list[list[str]], tokenizer, max_tokens: int, separator: str,
                  dedupe: bool = True, dedupe_threshold: float = 90.0) -> tuple[str, bool]:
    """The packed input text, and whether anything had to be cut to fit."""
    if dedupe:
        articles = dedupe_sentences(articles, dedupe_threshold)
    articles = [a for a in articles if a]
    sep_tokens = len(tokenizer(separator, add_special_tokens=False)["input_ids"]) if separator.strip() else 0
    room = max_tokens - sep_tokens * max(0, len(articles) - 1)
    lengths = [len(tokenizer(" ".join(a), add_special_tokens=False)["input_ids"]) for a in articles]
    budgets = allocate_budgets(lengths, room)
    parts = [truncate_to_tokens(a, tokenizer, b) for a, b in zip(articles, budgets)]
    cut = any(b < n for b, n in zip(budgets, lengths))
    return separator.join(p for p in parts if p), cut
