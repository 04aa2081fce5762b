"""Plan, then fuse: the embedded summarizer's way of writing an abstractive summary on a CPU budget.

1. **Plan**: the :class:`~summarize.summarizer.extractive.ExtractivePlanner` ranks salient,
   non-redundant sentences across the cluster's articles (MiniLM centrality, lead prior, MMR).
2. **Group**: each planned sentence is joined by its *partner*, the sentence of another article
   most similar to it (cosine in ``[partner_min, paraphrase)``), when there is one: two reports
   of one fact, worded differently, which the model may fuse.
3. **Fuse**: a seq2seq model trained on such groups (``summarize/training/build_fusion_data.py``) rewrites
   each group into one summary sentence; case and spacing come back from the cluster's own text
   (:mod:`summarize.summarizer.truecase`).
4. **Guard**: a rewrite that (with ``rewrites="clause-trims"``, the default) is not one of its
   source sentences cut where a clause begins or ends (:func:`clause_trim`), whose content words
   are not, for the most part (``min_support``), in its group's sentences, that is too short or
   does not stand alone, or (with a ``verifier``, an NLI model: by default the embedded checker)
   that its group's sentences do not entail with probability ``min_entailment``, or (with a
   ``checker``, the run's own) that the checker flags against the whole cluster, is replaced by
   the planned sentence itself: a rewrite never adds a flag. A rewrite in the planned sentence's
   own words is that sentence, not a rewrite.
5. **No fact twice**: a sentence that a chosen one already says (the same quotation, nearly the
   same words, or, with the verifier, entailment either way at 0.9) is left out
   (:mod:`summarize.summarizer.redundancy`).
6. **Budget**: sentences are taken most salient first while they fit in ``max_words``, then printed
   the most salient first, then in source order, a sentence that leans on the one before it right
   after it (and left out when that one is). The plan holds ``plan_factor`` times the budget (rewrites are shorter than
   their sources, so a plan of exactly the budget leaves it unfilled); groups are rewritten
   ``batch_size`` at a time and rewriting stops once the budget is full. Every summary sentence
   keeps the source sentences it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Cluster
from ..text import lexical_support, word_set, words
from .extractive import leans_back, output_order, stands_alone
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
    own: int = 0  # rewritten sentences in the model's own words: neither a source sentence nor a clause trim of one
    rejected_support: int = 0  # rewrites replaced: content words not in the sources, too short, or not standing alone
    rejected_trim: int = 0  # rewrites replaced: not a source sentence cut at a clause boundary (rewrites="clause-trims")
    unchanged: int = 0  # rewrites in the planned sentence's own words (kept as that sentence, not counted as rewritten)
    not_cuttable: int = 0  # groups not sent to the model: no clause boundary inside them to cut at (rewrites="clause-trims")
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


_WORD = re.compile(r"\w+")
_CLAUSE_AFTER = re.compile(r"\s*[,;:()\[\]{}\"“”—–]|\s+-+\s")  # where a clause may end: before , ; : ( ) " — or " - "
_CLAUSE_BEFORE = re.compile(r"(?:[,;:()\[\]{}—–]|\s-+)\s*$")  # where one may begin (not inside a quotation the head opens)
_TO_THE_END = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\W*")  # a bracket that runs to the sentence's end
# words that open what a comma can drop without taking the sentence's verb with it: relative and
# subordinate clauses, prepositional phrases, participles. Not "he said", "the ministry said".
_ADJUNCT_OPENERS = frozenset(
    "which who whom whose where when while as after before because although though since until unless "
    "whereas including according but and or nor with without despite amid like such so than then in on "
    "at for from by to during over under into onto near between among up down about against even just "
    "only also not almost nearly once if made known seen taken given born built led held found left sent "
    "shown written paid brought struck kept thrown drawn chosen done won lost sold bought spent".split())
_ATTRIBUTION = frozenset(
    "added noted stated reported claimed explained warned insisted announced confirmed revealed tweeted "
    "argued asked answered replied remarked observed acknowledged admitted suggested declared described".split())


def _droppable(tail: str) -> bool:
    """Whether the rest of a sentence after a cut can go without leaving its head a fragment."""
    rest = tail.strip()
    if not _WORD.search(rest):
        return True  # only the closing punctuation
    if rest[0] in ";—–)]" or re.match(r"\s+-+\s", tail):
        return True  # an independent clause, an aside, or the end of the bracket the head sits in
    if rest[0] in "([":
        return _TO_THE_END.fullmatch(tail) is not None
    if rest[0] != ",":
        return False
    following = _WORD.search(rest)
    word = following.group().lower() if following else ""
    if _resumes(rest):
        return False  # ", for example, have been modified": an aside, and the sentence goes on after it
    if word in _ADJUNCT_OPENERS or word.endswith("ing"):
        return True
    return word.endswith("ed") and word not in _ATTRIBUTION


def _resumes(rest: str) -> bool:
    """Whether what follows a comma is an aside closed by a second comma after which the clause
    goes on (its verb, not another adjunct): cutting at the first comma would leave a fragment.

    >>> _resumes(", for example, have been genetically modified.")
    True
    >>> _resumes(", which is 60 years old, according to the city.")
    False
    """
    parts = rest[1:].split(",", 1)
    if len(parts) < 2 or len(parts[0].split()) > 4:
        return False
    after = _WORD.search(parts[1])
    word = after.group().lower() if after else ""
    return bool(word) and word not in _ADJUNCT_OPENERS and not word.endswith("ing") and word not in _ATTRIBUTION \
        and not parts[1].strip()[:1].isupper()


def _balanced(span: str) -> bool:
    return span.count("(") == span.count(")") and span.count("[") == span.count("]") and span.count('"') % 2 == 0


def clause_trim(text: str, sources: list[str]) -> bool:
    """Whether ``text`` is one source sentence, or a run of its words cut where a clause begins
    or ends without breaking the sentence: what is cut from the end is a clause or phrase that
    a comma, semicolon, dash or a closing bracket sets off (a relative clause, a participle, a
    prepositional phrase: not the verb, and not "he said"), and no bracket or quotation is left
    open. Cut anywhere else, or joined from two runs, it is not.

    >>> source = ["Prosecutors in Marrakesh will investigate the claims, made by a former minister."]
    >>> clause_trim("Prosecutors in Marrakesh will investigate the claims.", source)
    True
    >>> clause_trim("Prosecutors in Marrakesh will investigate the claims made.", source)
    False
    >>> clause_trim("Prosecutors will investigate the claims.", source)  # two runs spliced together
    False
    >>> clause_trim("The chief, who tried to defect.", ["The chief, who tried to defect, has been jailed."])
    False
    >>> clause_trim('"The harmful use of alcohol," they wrote.', ['Disorders refer to "the harmful use of alcohol," they wrote.'])
    False
    """
    wanted = words(text)
    if not wanted:
        return False
    n = len(wanted)
    for source in sources:
        found = list(_WORD.finditer(source))
        tokens = [m.group().lower() for m in found]
        for start in range(len(tokens) - n + 1):
            if tokens[start:start + n] != wanted:
                continue
            head, tail = source[:found[start].start()], source[found[start + n - 1].end():]
            opening = re.search(r"[\"“]\s*$", head)  # a quotation the span opens with
            span = source[opening.start() if opening else found[start].start():found[start + n - 1].end()]
            begins = start == 0 or _CLAUSE_BEFORE.search(head) is not None
            if begins and _droppable(tail) and _balanced(span):
                return True
    return False


def cuttable(sentence: str) -> bool:
    """Whether a clause boundary lies inside ``sentence``, so that a clause trim can be shorter than it.

    >>> cuttable("Crews will replace the deck, which is 60 years old."), cuttable("Crews will replace the deck.")
    (True, False)
    """
    found = list(_WORD.finditer(sentence))
    return any(_CLAUSE_AFTER.match(sentence[m.end():]) for m in found[:-1])


class FusionSummarizer:
    """``generate``: a callable from model inputs to outputs (``Summarizer.generate``)."""

    def __init__(self, generate, planner, max_words: int | None = None, plan_factor: float = 2.5,
                 partner_min: float = 0.6, min_support: float = 0.8, min_words: int = 4, partners: bool = True,
                 verifier=None, min_entailment: float = 0.5, batch_size: int = 8, checker=None,
                 rewrites: str = "clause-trims"):
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
        if rewrites not in ("clause-trims", "any"):
            raise ValueError(f"rewrites must be 'clause-trims' or 'any', not {rewrites!r}")
        self.rewrites = rewrites
        self.stats = FusionStats()

    def groups(self, cluster: Cluster, max_words: int | None = None) -> list[tuple[tuple[int, int], str, list[str]]]:
        """``(position, planned sentence, sources)`` for each planned sentence, most salient first;
        ``sources`` (the planned sentence and its partner, if any) in article order."""
        budget = self.max_words if max_words is None else max_words
        items, vectors, chosen = self.planner.select(cluster, None if budget is None else int(budget * self.plan_factor))
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
        budget = budget if budget is not None else 10 ** 9  # no budget given: every planned group
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
        chosen = self._anchored(chosen)
        self._count(chosen)
        return self._ordered(chosen)

    @staticmethod
    def _anchored(chosen: list[FusedSentence]) -> list[FusedSentence]:
        """Without the sentences that lean on one that was left out (by the budget or as a repeat)."""
        while True:
            keys = {(s.position[1], s.position[0]) for s in chosen}
            kept = [s for s in chosen if not leans_back(s.text) or (s.position[1], s.position[0] - 1) in keys]
            if len(kept) == len(chosen):
                return kept
            chosen = kept

    @staticmethod
    def _ordered(chosen: list[FusedSentence]) -> list[FusedSentence]:
        """The most salient first, then source order, a leaning sentence after its antecedent (:func:`output_order`)."""
        by_key = {(s.position[1], s.position[0]): s for s in chosen}
        order = output_order([(s.position[1], s.position[0], s.text) for s in chosen])
        return [by_key[(a, p)] for a, p, _ in order]

    def _rewrite(self, groups, restorer: SurfaceRestorer, cluster: Cluster | None = None) -> list[FusedSentence]:
        """Each group's rewrite where it passes the guards, else its planned sentence."""
        todo = [i for i, (_, _, sources) in enumerate(groups)
                if self.rewrites == "any" or any(cuttable(s) for s in sources)]
        self.stats.not_cuttable += len(groups) - len(todo)
        texts = [planned for _, planned, _ in groups]  # a group the model does not see keeps its planned sentence
        outputs = self.generate([" ".join(groups[i][2]) for i in todo]) if todo else []
        for i, output in zip(todo, outputs):
            texts[i] = restorer.restore(output) if output.strip() else ""
        same = [words(text) == words(planned) for text, (_, planned, _) in zip(texts, groups)]
        self.stats.unchanged += sum(same) - (len(groups) - len(todo))
        trimmed = [s or self.rewrites == "any" or clause_trim(t, g[2]) for t, g, s in zip(texts, groups, same)]
        self.stats.rejected_trim += trimmed.count(False)
        scores = [support(text, sources) for text, (_, _, sources) in zip(texts, groups)]
        ok = [trim and not s and len(t.split()) >= self.min_words and sc >= self.min_support and stands_alone(t)
              for t, s, sc, trim in zip(texts, same, scores, trimmed)]
        self.stats.rejected_support += sum(t and not s and not k for t, s, k in zip(trimmed, same, ok))
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
        self.stats.own += sum(s.rewritten and not clause_trim(s.text, s.sources) for s in chosen)
        self.stats.words_by_sentence.extend(s.words for s in chosen)
