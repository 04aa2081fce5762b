"""``ConsistencyChecker``: a verdict for every summary sentence, with evidence and reasons.

For each summary sentence (with the previous one as context when it opens with a pronoun),
a retriever picks the ``top_k`` premise units of the cluster, the NLI model scores them, and

- ``score`` = max P(entailment) over the scored units, or with ``score: blend`` its mean with the
  sentence's similarity to the closest article sentence and its lexical support
  (:mod:`summarize.checker.signals`);
- ``supported`` when ``score >= threshold`` (one article is enough) and no fact rule fires;
  otherwise ``contradicted`` when a passage about the same thing contradicts it (P > 0.5, above
  the entailment evidence) *and* states a conflicting fact (a rule hit that names the fact the articles give),
  else ``unsupported`` (:func:`summarize.checker.decision.label`);
- with ``copies_supported``, a sentence that is word for word one premise unit (case and spacing
  aside) scores 1.0: an article says exactly this, whatever the NLI model makes of it;
- every fact-rule hit (date, number, name, quotation, speaker, negation, roles reversed) is an
  issue, and flags the sentence even where NLI says entailed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from ..config import CheckerConfig
from ..reading.sentences import split_sentences
from ..records import Cluster, Evidence, Issue, SentenceVerdict, shown_score
from ..text import shared_share, shorten
from .claims import split_claims
from .decision import conflicting, penalised, rules_apply, sentence_score
from .decision import label as decide
from .judges import backend_for, load_judge
from .retrieval import RETRIEVERS
from .rules import SourceFacts, rule_issues
from .signals import Signals
from .units import Unit, chunk_units, containing, copied_units, joinable, premise_units

_NEEDS_CONTEXT = re.compile(r"^(?:\W*)(he|she|they|it|his|her|their|its|this|that|these|those|the\s+\w+\s+said)\b|"
                            r"^\W*\"[^\"]+\"\s*,?\s*(he|she|they)\s+(said|added)", re.I)
RELATED = 0.4  # share of a sentence's content words a passage needs before it can contradict it


def as_articles(source) -> dict[str, list[str]]:
    """A Cluster, a list of documents, or one document -> {article id: sentences}."""
    if isinstance(source, Cluster):
        return {a.id: (a.sentences or split_sentences(a.text)) for a in source.articles}
    if isinstance(source, str):
        source = [source]
    return {f"doc{i + 1}": split_sentences(text) for i, text in enumerate(source)}


def summary_sentences(summary: str | Sequence[str]) -> list[str]:
    """A summary as the sentences the checker judges (a given list is kept as it is)."""
    return split_sentences(summary) if isinstance(summary, str) else [s for s in summary if s.strip()]


@dataclass
class _Job:
    """One (cluster, summary) pair being checked."""

    articles: dict[str, list[str]]
    sentences: list[str]
    units: list[Unit]
    hypotheses: list[list[str]]  # per sentence: the sentence, and with context when needed
    candidates: list[list[list[int]]]  # per sentence, per hypothesis: unit indices
    facts: SourceFacts | None
    signals: list[tuple[float, float]] | None = None  # per sentence (similarity, support) for ``blend``
    copies: list[int | None] | None = None  # per sentence: the unit it copies (``copies_supported``)
    joins: list[list[tuple[int, int]]] | None = None  # per sentence: pairs of units scored joined (``join_units``)
    claims: list[int] | None = None  # per sentence: how many of its hypotheses (the last ones) are its claims


class ConsistencyChecker:
    """Check summaries against their source articles.

    >>> checker = ConsistencyChecker()            # the embedded default
    >>> verdicts = checker.check(["The storm hit Oslo on Monday."], "The storm hit Oslo on Friday.")
    >>> verdicts[0].flagged, verdicts[0].issues[0].type
    (True, 'date')
    """

    def __init__(self, model: str | None = None, config: CheckerConfig | None = None, **overrides):
        config = dataclasses.replace(config or CheckerConfig(), **overrides)
        if model:
            config = dataclasses.replace(config, model=model)
        self.config = config
        self.backend = backend_for(config.model, config.backend)
        self.nli = load_judge(config, self.backend)  # the model that scores (premise, sentence) pairs
        self.signals = None
        if config.score == "blend":
            self.signals = Signals.on(self.nli.device)

    def info(self) -> dict:
        """What ``run.json`` records about the checker: the model, its weights' hashes and how it is asked."""
        return {**self.nli.loaded.info(), "backend": self.backend,
                "entailment_index": getattr(self.nli, "entailment", None),
                "contradiction_index": getattr(self.nli, "contradiction", None),
                "premises": f"chunks of about {self.config.chunk_words} words" if self.config.chunk_words
                else f"windows of {self.config.window_sizes} sentences",
                "premises_cut": getattr(self.nli, "truncated", 0)}

    # ------------------------------------------------------------------ planning
    def _job(self, source, summary: str | Sequence[str]) -> _Job:
        cfg = self.config
        articles = as_articles(source)
        sentences = summary_sentences(summary)
        units = chunk_units(articles, cfg.chunk_words) if cfg.chunk_words else premise_units(articles, cfg.window_sizes)
        hypotheses, claims = [], []
        for i, sentence in enumerate(sentences):
            hyps = [sentence]
            if i > 0 and _NEEDS_CONTEXT.search(sentence):
                hyps.append(sentences[i - 1] + " " + sentence)
            cut = split_claims(sentence) if cfg.claims else []
            claims.append(len(cut))
            hypotheses.append(hyps + cut)
        candidates: list[list[list[int]]]
        if not units:
            candidates = [[[] for _ in h] for h in hypotheses]
        elif cfg.top_k == 0 or cfg.top_k >= len(units):
            candidates = [[list(range(len(units))) for _ in h] for h in hypotheses]
        else:
            retriever = RETRIEVERS[cfg.retriever]([u.text for u in units])
            flat = [h for hyps in hypotheses for h in hyps]
            found = iter(retriever.top_k(flat, cfg.top_k)) if flat else iter(())
            candidates = [[next(found) for _ in hyps] for hyps in hypotheses]
        facts = SourceFacts.from_articles(articles) if cfg.rules else None
        signals = None
        if self.signals is not None:
            signals = self.signals(sentences, [s for sents in articles.values() for s in sents])
        copies = self._copies(sentences, articles, units) if cfg.copies_supported else None
        if copies is not None:  # a copy is supported by the passage it copies: no model is asked about it
            candidates = [[[] for _ in per_hyp] if copy is not None else per_hyp
                          for per_hyp, copy in zip(candidates, copies)]
        return _Job(articles, sentences, units, hypotheses, candidates, facts, signals, copies, claims=claims)

    def _copies(self, sentences: list[str], articles: dict[str, list[str]], units: list[Unit]) -> list[int | None]:
        """Per sentence, the unit that holds a passage it copies word for word (with chunks: the
        chunk holding the copied sentences), else None."""
        if not self.config.chunk_words:
            return copied_units(sentences, units)
        windows = premise_units(articles, self.config.window_sizes)
        return [None if w is None else containing(units, windows[w].article, windows[w].start)
                for w in copied_units(sentences, windows)]

    # ------------------------------------------------------------------ verdicts
    def _verdict(self, job: _Job, i: int, probs: dict[tuple, np.ndarray], issues: list[Issue]) -> SentenceVerdict:
        """``probs``: (sentence, hypothesis, unit or joined pair of units) -> (P(entailment), P(contradiction))."""
        cfg = self.config
        sentence = job.sentences[i]
        entail: dict[int | tuple[int, int], float] = {}  # unit (or joined pair) -> best P(entailment) over hypotheses
        contra: dict[int, float] = {}  # unit -> P(contradiction) for the sentence itself
        n_claims = job.claims[i] if job.claims else 0
        whole = len(job.candidates[i]) - n_claims
        claim_best = [max((float(probs[(i, h, u)][0]) for u in units), default=0.0)
                      for h, units in enumerate(job.candidates[i]) if h >= whole]
        for h, units in enumerate(job.candidates[i][:whole]):
            for u in units:
                p = probs[(i, h, u)]
                entail[u] = max(entail.get(u, 0.0), float(p[0]))
                if h == 0:
                    contra[u] = float(p[1])
        for pair in (job.joins[i] if job.joins else []):
            entail[pair] = float(probs[(i, 0, pair)][0])
        score = max(entail.values(), default=0.0)
        weakest = None
        if claim_best:  # supported claim by claim: as strong as its weakest claim
            weakest = min(range(n_claims), key=lambda c: claim_best[c])
            if claim_best[weakest] > score:
                score = claim_best[weakest]
        copied = job.copies[i] if job.copies is not None else None  # the unit that says exactly this
        copy = copied is not None
        score = sentence_score(score, job.signals[i] if job.signals is not None else None, copy)
        if copied is not None:
            entail[copied] = score
        # contradiction counts only from a passage about the same thing: a small NLI model also
        # "contradicts" a sentence with unrelated text, and "contradicted" is a strong word
        related = {u: p for u, p in contra.items() if shared_share(sentence, job.units[u].text) >= RELATED}
        best_contra = max(related.values(), default=0.0)
        if not rules_apply(copy):
            issues = []
        # ... and only with a second signal: a rule names the fact the articles give instead (decision.label)
        found = conflicting(issues)
        label = decide(score, cfg.threshold, best_contra, found is not None, hard=bool(issues),
                       margin=cfg.contradiction_margin)
        ranked: list
        evidence_scores: dict
        if label == "contradicted":
            ranked = sorted(related, key=lambda u: -related[u])
            evidence_scores = related
        else:
            ranked = sorted(entail, key=lambda u: -entail[u])
            evidence_scores = entail
        evidence = []
        for key in ranked[: cfg.evidence]:  # a joined premise is evidence from each of its units
            for u in (key if isinstance(key, tuple) else (key,)):
                evidence.append(Evidence(job.units[u].article, job.units[u].text, round(evidence_scores[key], 4)))
        if issues:
            score = penalised(score, cfg.threshold)
        verdict = SentenceVerdict(sentence, label, shown_score(float(score), label == "supported"), evidence, [],
                                  contradiction=best_contra)
        if weakest is not None and label != "supported":
            verdict.claim = job.hypotheses[i][whole + weakest]
        verdict.issues = list(issues) or self._explain(verdict, found)
        return verdict

    @staticmethod
    def _explain(verdict: SentenceVerdict, found: Issue | None) -> list[Issue]:
        """The reason for a flag that no rule on the whole cluster gives."""
        top = verdict.evidence[0] if verdict.evidence else None
        if verdict.label == "contradicted" and top is not None and found is not None:
            return [Issue("contradicted", verdict.text, top.sentence,
                          f"article {top.article} says otherwise ({found.message}; P(contradiction) "
                          f"{verdict.contradiction:.2f}): '{shorten(top.sentence, 160)}'")]
        if verdict.label != "supported":
            where = (f"; the closest passage (article {top.article}, P(entailment) {top.score:.2f}) is "
                     f"'{shorten(top.sentence, 160)}'") if top else ""
            what = f"its claim '{verdict.claim}'" if verdict.claim else "this sentence"
            return [Issue("unsupported", verdict.claim or verdict.text, top.sentence if top else None,
                          f"no article supports {what}{where}")]
        return []

    def check_many(self, items: Sequence[tuple], batch_size: int | None = None,
                   show_progress_bar: bool = False) -> list[list[SentenceVerdict]]:
        """Verdicts for many ``(source, summary)`` pairs; all NLI pairs are batched together."""
        jobs = [self._job(source, summary) for source, summary in items]
        keys, pairs = [], []
        for j, job in enumerate(jobs):
            for i, per_hyp in enumerate(job.candidates):
                for h, units in enumerate(per_hyp):
                    for u in units:
                        keys.append((j, i, h, u))
                        pairs.append((job.units[u].text, job.hypotheses[i][h]))
        scores = self.nli.predict(pairs, batch_size or self.config.batch_size, show_progress_bar)
        by_job: list[dict] = [{} for _ in jobs]
        for (j, i, h, u), p in zip(keys, scores):
            by_job[j][(i, h, u)] = p
        if self.config.join_units:
            self._score_joins(jobs, by_job, batch_size)
        results = []
        for job, probs in zip(jobs, by_job):
            issues = rule_issues(job.sentences, job.facts) if job.facts else [[] for _ in job.sentences]
            results.append([self._verdict(job, i, probs, issues[i]) for i in range(len(job.sentences))])
        return results

    def _score_joins(self, jobs: list[_Job], by_job: list[dict], batch_size: int | None) -> None:
        """Second pass: premises joining two of each sentence's best ``join_units`` units, so a
        sentence that fuses facts from two articles (or from distant sentences of one) can be
        entailed by the two together."""
        keys, pairs = [], []
        for j, job in enumerate(jobs):
            job.joins = []
            for i, per_hyp in enumerate(job.candidates):
                best = sorted(per_hyp[0] if per_hyp else [], key=lambda u: -float(by_job[j][(i, 0, u)][0]))
                joins = joinable(job.units, best[: self.config.join_units])
                job.joins.append(joins)
                for a, b in joins:
                    keys.append((j, i, (a, b)))
                    pairs.append((job.units[a].text + " " + job.units[b].text, job.sentences[i]))
        if pairs:
            for (j, i, pair), p in zip(keys, self.nli.predict(pairs, batch_size or self.config.batch_size)):
                by_job[j][(i, 0, pair)] = p

    def check(self, source, summary: str | Sequence[str], batch_size: int | None = None,
              show_progress_bar: bool = False) -> list[SentenceVerdict]:
        """Verdicts for one summary against one cluster (a Cluster, documents, or one text)."""
        return self.check_many([(source, summary)], batch_size, show_progress_bar)[0]

    def check_batches(self, items: Sequence[tuple], chunk: int = 16, show_progress_bar: bool = False):
        """``check_many`` in chunks (bounded memory), yielding one verdict list per item."""
        for start in tqdm(range(0, len(items), chunk), disable=not show_progress_bar, desc="check"):
            yield from self.check_many(items[start:start + chunk])
