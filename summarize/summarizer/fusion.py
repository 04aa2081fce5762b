"""Plan, then fuse: the embedded summarizer's way of writing an abstractive summary on a CPU budget.

1. **Plan**: the :class:`~summarize.summarizer.extractive.ExtractivePlanner` ranks salient,
   non-redundant sentences across the cluster's articles (MiniLM centrality, lead prior, MMR).
2. **Group**: each planned sentence is joined by its *partner*, the sentence of another article
   most similar to it (cosine in ``[partner_min, paraphrase)``), when there is one: two reports
   of one fact, worded differently, which the model may fuse.
3. **Fuse**: a seq2seq model trained on such groups (``summarize/training/build_fusion_data.py``) rewrites
   each group into one summary sentence; case and spacing come back from the cluster's own text
   (:mod:`summarize.summarizer.truecase`).
4. **Guard**: a rewrite whose content words are not, for the most part (``min_support``), in its
   group's sentences, that is too short or does not stand alone, or (with a ``verifier``, an NLI model: by default the
   embedded checker) that its group's sentences do not entail with probability ``min_entailment``,
   or (with a ``checker``, the run's own) that the checker flags against the whole cluster, is
   replaced by the planned sentence itself: a rewrite never adds a flag.
5. **No fact twice**: a sentence that a chosen one already says (the same quotation, nearly the
   same words, or, with the verifier, entailment either way at 0.9) is left out
   (:mod:`summarize.summarizer.redundancy`).
6. **Budget**: sentences are taken most salient first while they fit in ``max_words``, then printed
   in source order. The plan holds ``plan_factor`` times the budget (rewrites are shorter than
   their sources, so a plan of exactly the budget leaves it unfilled); groups are rewritten
   ``batch_size`` at a time and rewriting stops once the budget is full. Every summary sentence
   keeps the source sentences it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Cluster
from ..text import lexical_support, word_set
from .extractive import stands_alone
from .redundancy import entailed_repeats, repeats
from .truecase import SurfaceRestorer


@dataclass
class FusedSentence:
    text: str
    sources: list[str]
    position: tuple[int, int]  # (sentence position, article index) of the planned sentence
    rewritten: bool = True
    support: float = 1.0

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class FusionStats:
    sentences: int = 0
    rewritten: int = 0
    fused: int = 0  # groups with a partner sentence
    rejected_support: int = 0  # rewrites replaced: content words not in the sources, too short, or not standing alone
    rejected_entailment: int = 0  # rewrites replaced: the verifier did not find them entailed
    repeats: int = 0  # sentences left out: a chosen sentence already says them
    rejected_check: int = 0  # rewrites replaced: the run's checker would flag them
    words_by_sentence: list[int] = field(default_factory=list)


def support(text: str, sources: list[str]) -> float:
    """Share of ``text``'s content words that occur in ``sources``.

    >>> support("Oslo's mayor quit on Monday", ["The mayor of Oslo resigned on Monday."])
    0.75
    """
    return lexical_support(text, word_set(" ".join(sources)))


class FusionSummarizer:
    """``generate``: a callable from model inputs to outputs (``Summarizer.generate``)."""

    def __init__(self, generate, planner, max_words: int = 260, plan_factor: float = 2.5,
                 partner_min: float = 0.6, min_support: float = 0.8, min_words: int = 4, partners: bool = True,
                 verifier=None, min_entailment: float = 0.5, batch_size: int = 8, checker=None):
        self.generate = generate
        self.planner = planner
        self.max_words = max_words
        self.plan_factor = plan_factor
        self.partner_min = partner_min
        self.min_support = min_support
        self.min_words = min_words
        self.partners = partners
        self.verifier = verifier
        self.min_entailment = min_entailment
        self.batch_size = batch_size
        self.checker = checker  # the run's ConsistencyChecker: a rewrite it would flag is not emitted
        self.stats = FusionStats()

    def groups(self, cluster: Cluster, max_words: int | None = None) -> list[tuple[tuple[int, int], str, list[str]]]:
        """``(position, planned sentence, sources)`` for each planned sentence, most salient first;
        ``sources`` (the planned sentence and its partner, if any) in article order."""
        budget = self.max_words if max_words is None else max_words
        items, vectors, chosen = self.planner.select(cluster, int(budget * self.plan_factor))
        out, used = [], set()  # a sentence serves in one group only, so no fact is rewritten twice
        for index in chosen:
            if index in used:
                continue  # already a partner in a more salient group
            article, position, sentence = items[index]
            group = [index]
            used.add(index)
            if self.partners:
                similarity = vectors @ vectors[index]
                for other in similarity.argsort(descending=True).tolist():
                    value = float(similarity[other])
                    if value < self.partner_min:
                        break
                    if items[other][0] != article and value < self.planner.paraphrase and other not in used:
                        group.append(other)
                        used.add(other)
                        break
            group.sort(key=lambda i: (items[i][0], items[i][1]))
            out.append(((position, article), sentence, [items[i][2] for i in group]))
        return out

    def fuse(self, cluster: Cluster, max_words: int | None = None, max_sentences: int | None = None) -> list[FusedSentence]:
        """The summary's sentences, in output order.

        Groups are rewritten ``batch_size`` at a time, most salient first, and taken while they
        fit in ``max_words`` (and ``max_sentences``); no more groups are rewritten once the
        budget is full."""
        budget = self.max_words if max_words is None else max_words
        groups = self.groups(cluster, budget)
        restorer = SurfaceRestorer([s for a in cluster.articles for s in a.sentences])
        chosen: list[FusedSentence] = []
        words = 0
        for start in range(0, len(groups), self.batch_size):
            if (budget - words < self.min_words and chosen) or (max_sentences and len(chosen) >= max_sentences):
                break
            batch = self._rewrite(groups[start:start + self.batch_size], restorer, cluster)
            entailed = (entailed_repeats([s.text for s in batch], [c.text for c in chosen], self.verifier)
                        if self.verifier is not None and chosen else [False] * len(batch))
            earlier = len(chosen)  # sentences chosen before this batch; the NLI check above covered them
            for sentence, said in zip(batch, entailed):
                if (words + sentence.words > budget and chosen) or (max_sentences and len(chosen) >= max_sentences):
                    continue
                if not said and self.verifier is not None and len(chosen) > earlier:  # and those of this batch
                    said = entailed_repeats([sentence.text], [c.text for c in chosen[earlier:]], self.verifier)[0]
                if said or repeats(sentence.text, [c.text for c in chosen]):
                    self.stats.repeats += 1
                    continue  # no fact twice
                chosen.append(sentence)
                words += sentence.words
        self._count(chosen)
        return sorted(chosen, key=lambda s: s.position)

    def _rewrite(self, groups, restorer: SurfaceRestorer, cluster: Cluster | None = None) -> list[FusedSentence]:
        """Each group's rewrite where it passes the guards, else its planned sentence."""
        outputs = self.generate([" ".join(sources) for _, _, sources in groups])
        texts = [restorer.restore(output) if output.strip() else "" for output in outputs]
        scores = [support(text, sources) for text, (_, _, sources) in zip(texts, groups)]
        ok = [len(t.split()) >= self.min_words and s >= self.min_support and stands_alone(t) for t, s in zip(texts, scores)]
        self.stats.rejected_support += ok.count(False)
        if self.verifier is not None and any(ok):
            todo = [i for i in range(len(groups)) if ok[i]]
            entailed = self.verifier([(" ".join(groups[i][2]), texts[i]) for i in todo])
            for i, p in zip(todo, entailed):
                if float(p) < self.min_entailment:
                    ok[i] = False
                    self.stats.rejected_entailment += 1
        if self.checker is not None and cluster is not None and any(ok):
            todo = [i for i in range(len(groups)) if ok[i]]
            (verdicts,) = self.checker.check_many([(cluster, [texts[i] for i in todo])])
            for i, verdict in zip(todo, verdicts):
                if verdict.flagged:  # what the user's check would flag never leaves the summarizer
                    ok[i] = False
                    self.stats.rejected_check += 1
        fused = []
        for (position, planned, sources), text, score, good in zip(groups, texts, scores, ok):
            if good:
                fused.append(FusedSentence(text, sources, position, support=score))
            else:
                fused.append(FusedSentence(planned, [planned], position, rewritten=False, support=score))
        return fused

    def _count(self, chosen: list[FusedSentence]) -> None:
        self.stats.sentences += len(chosen)
        self.stats.rewritten += sum(s.rewritten for s in chosen)
        self.stats.fused += sum(len(s.sources) > 1 for s in chosen)
        self.stats.words_by_sentence.extend(s.words for s in chosen)

    def summarize(self, cluster: Cluster, max_words: int | None = None, max_sentences: int | None = None) -> str:
        return " ".join(s.text for s in self.fuse(cluster, max_words, max_sentences))
