"""Scoring labelled examples once with NLI, then deciding with and without the fact rules.

One NLI pass serves both rows of the benchmark table: the checker runs with ``rules: false``,
and the rules are applied afterwards exactly as :meth:`ConsistencyChecker.apply_rules` does.
A summary is predicted consistent when no sentence has a rule hit (with rules on) and the
aggregated NLI score reaches the threshold (a ``contradicted`` sentence is always below it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from ..checker.checker import RULE_PENALTY, as_articles, summary_sentences
from ..checker.rules import SourceFacts, rule_issues


@dataclass
class Scored:
    raw: list[float]  # per sentence: max P(entailment)
    contradicted: list[bool]
    rule_types: list[list[str]]

    def summary(self, aggregate: str, rules: bool) -> tuple[float, float, bool]:
        """(score for AUC, aggregated NLI score for the threshold, hard flag)."""
        if not self.raw:
            return 1.0, 1.0, False
        hit = [bool(t) and rules for t in self.rule_types]
        penalised = [r * RULE_PENALTY if h else r for r, h in zip(self.raw, hit)]
        agg = min if aggregate == "min" else (lambda xs: float(np.mean(xs)))
        hard = any(hit)  # "contradicted" implies score < threshold, so the threshold already decides it
        return agg(penalised), agg(self.raw), hard


def score_examples(checker, examples, chunk: int = 16, desc: str = "score") -> list[Scored]:
    """``checker`` must have ``config.rules`` off; rules are computed here, once."""
    assert not checker.config.rules, "score with rules off; they are applied separately"
    out: list[Scored] = []
    for start in tqdm(range(0, len(examples), chunk), desc=desc, mininterval=10):
        batch = examples[start:start + chunk]
        verdicts = checker.check_many([(e.documents, e.summary) for e in batch])
        for example, vs in zip(batch, verdicts):
            facts = SourceFacts.from_articles(as_articles(example.documents))
            issues = rule_issues([v.text for v in vs], facts)
            out.append(Scored([v.score for v in vs], [v.label == "contradicted" for v in vs],
                              [sorted({i.type for i in found}) for found in issues]))
    return out


def rules_for(example, n_sentences: int) -> list[list[str]]:
    """Rule hit types per sentence, splitting the summary as the checker does."""
    sentences = summary_sentences(example.summary)
    if len(sentences) != n_sentences:
        raise ValueError("stored scores do not match the examples (another subsample or splitter?)")
    facts = SourceFacts.from_articles(as_articles(example.documents))
    return [sorted({i.type for i in found}) for found in rule_issues(sentences, facts)]


def reuse_scores(examples, stored: list[dict]) -> list[Scored]:
    """Stored NLI scores of an earlier run with the rules computed afresh (rules change cheaply)."""
    if len(stored) != len(examples) or any(s["label"] != e.label for s, e in zip(stored, examples)):
        raise ValueError("stored scores are for other examples")
    return [Scored(s["raw"], s["contradicted"], rules_for(e, len(s["raw"]))) for e, s in zip(examples, stored)]
