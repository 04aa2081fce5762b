"""Scoring labelled examples once with NLI, then deciding with and without the fact rules.

One NLI pass serves every column of the benchmark table: the checker runs with ``rules: false``
and ``score: nli``; the rules, the copy rule and the ``blend`` score are applied afterwards by
the functions the checker decides with (:mod:`summarize.checker.decision`), from the stored
P(entailment) and the two signals of :mod:`summarize.checker.signals`.
A summary is predicted consistent when no sentence has a rule hit (with rules on) and the
aggregated NLI score reaches the threshold (a ``contradicted`` sentence is always below it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from ..checker.checker import as_articles, summary_sentences
from ..checker.decision import penalised, rules_apply, sentence_score
from ..checker.rules import SourceFacts, rule_issues
from ..checker.signals import Signals
from ..checker.units import copied_units, premise_units


@dataclass
class Scored:
    raw: list[float]  # per sentence: max P(entailment)
    contradicted: list[bool]
    rule_types: list[list[str]]
    signals: list[tuple[float, float]] | None = None  # per sentence: (similarity, support); for ``blend``
    copies: list[bool] | None = None  # per sentence: an article says it word for word (``with_copies``)

    def sentence_scores(self, score: str = "nli") -> list[float]:
        copies = self.copies or [False] * len(self.raw)
        if score == "blend":
            if self.signals is None:
                raise ValueError("the blend score needs the signals: score the examples with a Signals")
            return [sentence_score(r, sig, c) for r, sig, c in zip(self.raw, self.signals, copies)]
        return [sentence_score(r, copy=c) for r, c in zip(self.raw, copies)]

    def summary(self, aggregate: str, rules: bool, score: str = "nli") -> tuple[float, float, bool]:
        """(score for AUC, aggregated score for the threshold, hard flag)."""
        if not self.raw:
            return 1.0, 1.0, False
        raw = self.sentence_scores(score)
        hit = [bool(t) and rules for t in self.rule_types]
        ranked = [penalised(r) if h else r for r, h in zip(raw, hit)]
        agg = min if aggregate == "min" else (lambda xs: float(np.mean(xs)))
        hard = any(hit)  # "contradicted" implies score < threshold, so the threshold already decides it
        return agg(ranked), agg(raw), hard


def split(example, n_sentences: int) -> tuple[list[str], dict[str, list[str]]]:
    """The summary's sentences and each article's sentences, split as the checker splits them."""
    sentences = summary_sentences(example.summary)
    if len(sentences) != n_sentences:
        raise ValueError("stored scores do not match the examples (another subsample or splitter?)")
    return sentences, as_articles(example.documents)


def signals_for(signals: Signals, sentences: list[str], articles: dict[str, list[str]]) -> list[tuple[float, float]]:
    """(similarity, support) per summary sentence."""
    return signals(sentences, [s for sents in articles.values() for s in sents])


def rules_for(sentences: list[str], articles: dict[str, list[str]]) -> list[list[str]]:
    """Rule hit types per summary sentence."""
    facts = SourceFacts.from_articles(articles)
    return [sorted({i.type for i in found}) for found in rule_issues(sentences, facts)]


def score_examples(checker, examples, signals: Signals | None = None, chunk: int = 16, desc: str = "score") -> list[Scored]:
    """``checker`` must have ``config.rules`` off and ``score: nli``; rules and signals are computed here, once."""
    assert not checker.config.rules and checker.config.score == "nli", "score NLI alone; the rest is applied here"
    out: list[Scored] = []
    for start in tqdm(range(0, len(examples), chunk), desc=desc, mininterval=10):
        batch = examples[start:start + chunk]
        verdicts = checker.check_many([(e.documents, e.summary) for e in batch])
        for example, vs in zip(batch, verdicts):
            sentences, articles = [v.text for v in vs], as_articles(example.documents)
            out.append(Scored([v.score for v in vs], [v.label == "contradicted" for v in vs], rules_for(sentences, articles),
                              signals_for(signals, sentences, articles) if signals else None))
    return out


def with_copies(scored: Scored, sentences: list[str], articles: dict[str, list[str]], window_sizes: list[int]) -> Scored:
    """``checker.copies_supported`` applied to stored scores: a sentence that is word for word a
    premise unit scores 1.0, is not contradicted and has no rule hit, as the checker decides it."""
    copies = copied_units(sentences, premise_units(articles, window_sizes))
    raw = [sentence_score(r, copy=c is not None) for r, c in zip(scored.raw, copies)]
    contradicted = [False if c is not None else k for k, c in zip(scored.contradicted, copies)]
    rule_types = [t if rules_apply(c is not None) else [] for t, c in zip(scored.rule_types, copies)]
    return Scored(raw, contradicted, rule_types, scored.signals, [c is not None for c in copies])


def reuse_scores(examples, stored: list[dict], signals: Signals | None, copies_windows: list[int] | None = None) -> list[Scored]:
    """Stored NLI scores of an earlier run with the rules and signals computed afresh (they change
    cheaply), and with ``copies_windows`` (the premise windows) the copy rule applied afresh too."""
    if len(stored) != len(examples) or any(s["label"] != e.label for s, e in zip(stored, examples)):
        raise ValueError("stored scores are for other examples")
    out = []
    for e, s in tqdm(list(zip(examples, stored)), desc="rules and signals", mininterval=10):
        sentences, articles = split(e, len(s["raw"]))
        scored = Scored(s["raw"], s["contradicted"], rules_for(sentences, articles),
                        signals_for(signals, sentences, articles) if signals else None)
        out.append(with_copies(scored, sentences, articles, copies_windows) if copies_windows else scored)
    return out
