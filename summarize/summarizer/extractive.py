"""The offline extractive planner: salient, non-redundant sentences across a cluster's articles.

Each sentence is scored by its centrality (cosine similarity of its MiniLM embedding to the
cluster centroid) plus a lead prior (news puts the main facts first); sentences are then
picked greedily with maximal marginal relevance until ``max_words`` (a sentence whose
embedding is within ``paraphrase`` cosine of a chosen one, or that repeats one in words, is
skipped; an article unrelated to the rest of its cluster gives none; a sentence that leans on
the one before it comes only with it), and printed with the most salient first, then in source
order (by position in the article, then article), a leaning sentence right after its antecedent.
Every summary sentence is a source sentence, so the checker can always find its evidence.
"""

from __future__ import annotations

import re

import torch

from ..records import Cluster
from .packing import dedupe_sentences

# a sentence that leans on the one before it: "But ...", "This was ...", "He said ...", "The pair ...",
# a quotation opening on "That"/"This"/"It", "On Monday, he said ..."
_REFERENCES = (r"but|and|or|so|yet|also|however|still|meanwhile|instead|moreover|rather|thus|therefore|this|that|these|"
               r"at the same time|in addition|additionally|furthermore|as a result|in response|afterwards|then|"
               r"later|even so|nevertheless|nonetheless|in turn|in fact|indeed|otherwise|likewise|similarly|"
               r"those|such|it|its|he|she|they|him|her|his|their|them|there|both|another|others|the latter|the former|"
               r"the same|the pair|the two|the three|the four|the couple|the duo|the trio|the escape|the move|"
               r"the incident|the latest|the other|the rest|the man|the woman|the men|the women|the boy|the girl|"
               r"the teen|the teenager|the victim|the victims|the suspect|the suspects|the company|the firm|the group|"
               r"the agency|the department|the ministry|the report|the study|the researchers|the decision|the deal|"
               r"the case|the attack|the shooting|the crash|the announcement|the statement|the letter|the lawsuit|"
               r"the bill|the plan|the proposal|the measure|the ruling|the video|the photo|the post|the tweet|"
               r"the comments|the remarks|the news|the event|the show|the film|the book|the song|the game|the move|"
               r"the officer|the officers|the driver|the pilot|the mother|the father|the son|the daughter|the wife|"
               r"the husband|the family|the child|the children|the baby|the student|the students|the singer|"
               r"the actor|the actress|the star|the player|the president|the senator|the governor|the mayor|"
               r"the judge|the lawmaker|the candidate|the former|the new|the animal|the dog|the cat|the bear")
_DANGLING = re.compile(rf"^[\s\"'“(]*(?:{_REFERENCES})\b(?!\s+(?:who|named|identified|called|known as|of)\b)"
                       rf"|^[^,\"]{{0,40}},\s*(?:it|its|he|she|they|his|her|their|this|that|these|those)\b", re.I)
# the newsroom speaking as itself, outside quotations: "Our own Chidi Okafor", "we reported"
_NEWSROOM = re.compile(r"\b(?:we|our|us|i|my|me)\b", re.I)
_ENDS = re.compile(r"[.!?…][\s\"'”’)\]]*$")  # a sentence's end, quotes and brackets closing after it
_SAYS = re.compile(r"\b(?:said|says|say|told|added|stated|according to|asked|wrote|tweeted|insisted|warned)\b", re.I)


def stands_alone(sentence: str) -> bool:
    """Whether a sentence can open a summary or follow any other: no reference to a sentence
    that may be left out, no newsroom voice, no quotation without its speaker, and an end (not
    text cut off mid-sentence, as scraped articles often are: "... bore the brunt of new infections, with").

    >>> [stands_alone(s) for s in ["But this is also dangerous for NATO.", "Our own Chidi Okafor won.",
    ...                            '"None of that shows strength."', "Ukraine to join NATO?",
    ...                            '"Russia will fail," Stoltenberg said.', "Stoltenberg spoke in Brussels on Friday.",
    ...                            '"It shows weakness," Stoltenberg said.']]
    [False, False, False, False, True, True, False]
    >>> stands_alone("Sierra Leone bore the brunt of new infections, with"), stands_alone('"We lost," he said. "')
    (False, True)
    """
    if not _ENDS.search(sentence):
        return False
    if leans_back(sentence):
        return False
    if sentence.rstrip().endswith("?") and '"' not in sentence:
        return False  # a sub-heading ("Ukraine to join NATO?") or the writer's question to the reader
    outside = re.sub(r'"[^"]*"', " ", sentence)
    if _NEWSROOM.search(outside.replace("U.S.", "")):
        return False
    if '"' in sentence and not _SAYS.search(outside):
        return False  # a quotation without its speaker
    return True


def leans_back(sentence: str) -> bool:
    """Whether a sentence opens on a reference to something before it: a pronoun or demonstrative
    subject, a connective, a definite description with no name ("The pair", "the escape"), a
    quotation opening on "That"/"This"/"It", or an opening phrase then a pronoun ("On Monday, he ...").

    >>> [leans_back(s) for s in ["The pair fled on Monday.", '"That was a mistake," Reyes said.', "On Monday, he resigned.",
    ...                          "The man who drove the car was arrested.", "Joshua Vallum, 29, pleaded guilty."]]
    [True, True, True, False, False]
    """
    return _DANGLING.match(sentence) is not None


def followable(sentence: str) -> bool:
    """Whether a sentence that leans back could follow the sentence it leans on: it ends, and is
    neither a sub-heading nor in the newsroom's voice, and a quotation in it keeps its speaker."""
    if not _ENDS.search(sentence) or (sentence.rstrip().endswith("?") and len(sentence.split()) <= 6):
        return False
    outside = re.sub(r'"[^"]*"', " ", sentence)
    if _NEWSROOM.search(outside.replace("U.S.", "")):
        return False
    return '"' not in sentence or _SAYS.search(outside) is not None


def output_order(triples: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``(article, position, sentence)`` in the order a reader needs them: the most salient (the
    cluster's main fact: the first given) first, then source order (position, then article), and a
    sentence that leans back right after the sentence it leans on.

    >>> output_order([(1, 0, "B0."), (0, 0, "A0."), (0, 1, "He left."), (1, 2, "B2.")])
    [(1, 0, 'B0.'), (0, 0, 'A0.'), (0, 1, 'He left.'), (1, 2, 'B2.')]
    """
    if not triples:
        return []
    keys = {(a, p) for a, p, _ in triples}
    follows = {(a, p): t for t in triples for a, p in [(t[0], t[1] - 1)]
               if leans_back(t[2]) and (a, p) in keys}
    placed: set[tuple[int, int]] = set()
    out: list[tuple[int, int, str]] = []

    def put(t):
        out.append(t)
        placed.add((t[0], t[1]))
        after = follows.get((t[0], t[1]))
        if after is not None and (after[0], after[1]) not in placed:
            put(after)

    first = triples[0]
    while (first[0], first[1] - 1) in follows and leans_back(first[2]):  # a lead that leans back brings its antecedent first
        first = next(t for t in triples if (t[0], t[1]) == (first[0], first[1] - 1))
    put(first)
    leaning = {(t[0], t[1]) for t in follows.values()}
    for t in sorted(triples, key=lambda t: (t[1], t[0])):
        if (t[0], t[1]) not in placed and (t[0], t[1]) not in leaning:
            put(t)
    for t in triples:  # anything left (its antecedent placed after it): in source order at the end
        if (t[0], t[1]) not in placed:
            put(t)
    return out


class ExtractivePlanner:
    def __init__(self, max_words: int | None = None, lead_weight: float = 0.35, redundancy: float = 0.6,
                 paraphrase: float = 0.85, dedupe_threshold: float = 90.0, embedder=None, off_topic: float = 0.3,
                 off_topic_gap: float = 0.15, scorer=None):
        """``max_words``: the budget when :meth:`select` is given none (None: no limit; the engine
        resolves each cluster's budget once, :func:`~summarize.summarizer.length.word_budget`).
        ``off_topic``: an article whose MiniLM centroid is below this cosine to the centroid of the
        other articles, and ``off_topic_gap`` below the best sibling's, is left out (of two articles,
        the much shorter one below it). ``scorer``: a learned salience model (:mod:`.salience`)
        in place of centrality plus the lead prior."""
        from ..models.embeddings import shared_embedder

        self.embedder = embedder or shared_embedder()
        self.max_words = max_words
        self.lead_weight = lead_weight
        self.redundancy = redundancy
        self.paraphrase = paraphrase
        self.dedupe_threshold = dedupe_threshold
        self.off_topic = off_topic
        self.off_topic_gap = off_topic_gap
        self.scorer = scorer

    def unrelated(self, items: list[tuple[int, int, str]], vectors: torch.Tensor) -> set[int]:
        """Articles (by index) unrelated to the rest of their cluster, by MiniLM centroid similarity."""
        by_article: dict[int, list[int]] = {}
        for k, (a, _, _) in enumerate(items):
            by_article.setdefault(a, []).append(k)
        if len(by_article) < 2 or self.off_topic is None:
            return set()
        ids = sorted(by_article)
        centroids = torch.stack([torch.nn.functional.normalize(vectors[by_article[a]].mean(0), dim=0) for a in ids])
        if len(ids) == 2:
            similarity = float(centroids[0] @ centroids[1])
            small, large = sorted(ids, key=lambda a: len(by_article[a]))
            if similarity < self.off_topic - 0.05 and len(by_article[large]) >= 3 * len(by_article[small]) \
                    and len(by_article[large]) >= 4:
                return {small}
            return set()
        sims = []
        for k in range(len(ids)):
            rest = torch.cat([centroids[:k], centroids[k + 1:]]).mean(0)
            sims.append(float(centroids[k] @ torch.nn.functional.normalize(rest, dim=0)))
        out = set()
        for k, a in enumerate(ids):
            best_sibling = max(s for j, s in enumerate(sims) if j != k)
            if sims[k] < self.off_topic and best_sibling - sims[k] > self.off_topic_gap:
                out.add(a)
        return out if len(out) < len(ids) else set()

    def relevance(self, cluster: Cluster, items: list[tuple[int, int, str]], vectors: torch.Tensor) -> torch.Tensor:
        """Each candidate's salience: the learned scorer's, else centrality plus the lead prior."""
        if self.scorer is not None:
            return self.scorer.score(cluster, items, vectors)
        centroid = torch.nn.functional.normalize(vectors.mean(0), dim=0)
        lead = torch.tensor([1.0 / (1.0 + p) ** 0.5 for _, p, _ in items])
        return vectors @ centroid + self.lead_weight * lead

    def candidates(self, cluster: Cluster) -> tuple[list[tuple[int, int, str]], dict[int, int]]:
        """Candidate ``(article_index, position, sentence)`` items, and for each one that leans on
        the sentence before it (a candidate itself), that sentence's item index."""
        articles = dedupe_sentences([a.sentences for a in cluster.articles], self.dedupe_threshold)
        items: list[tuple[int, int, str]] = []
        leaning: dict[int, int] = {}
        index: dict[tuple[int, int], int] = {}
        for i, sents in enumerate(articles):
            for p, s in enumerate(sents):
                if len(s.split()) < 4:
                    continue
                if stands_alone(s):
                    index[(i, p)] = len(items)
                    items.append((i, p, s))
                elif p and (i, p - 1) in index and leans_back(s) and followable(s):
                    leaning[len(items)] = index[(i, p - 1)]
                    index[(i, p)] = len(items)
                    items.append((i, p, s))
        if not items:
            items = [(i, p, s) for i, sents in enumerate(articles) for p, s in enumerate(sents)]
            leaning = {}
        return items, leaning

    def select(self, cluster: Cluster, max_words: int | None = None,
               max_sentences: int | None = None) -> tuple[list[tuple[int, int, str]], torch.Tensor, list[int]]:
        """All candidate ``(article_index, position, sentence)`` items, their unit-norm embeddings,
        and the indices of the chosen ones in the order they were chosen (most salient first).

        A sentence that leans on the one before it is chosen only after that one; an article
        unrelated to the rest of the cluster gives none; a sentence that says again what a chosen
        one says (a paraphrase by MiniLM cosine, or :func:`~.redundancy.repeats`) is left out."""
        from .redundancy import repeats

        max_words = self.max_words if max_words is None else max_words
        max_words = max_words if max_words is not None else 10 ** 9
        items, leaning = self.candidates(cluster)
        if not items:
            return [], torch.zeros(0, 0), []
        vectors = self.embedder.encode([s for _, _, s in items])
        dropped = self.unrelated(items, vectors)
        relevance = self.relevance(cluster, items, vectors)
        chosen: list[int] = []
        words = 0
        candidates = {k for k, (a, _, _) in enumerate(items) if a not in dropped}
        while candidates:
            taken = set(chosen)
            cand = [k for k in candidates if k not in leaning or leaning[k] in taken]
            if not cand:
                break
            if chosen:
                overlap = (vectors[cand] @ vectors[chosen].T).max(dim=1).values
            else:
                overlap = torch.zeros(len(cand))
            scores = relevance[cand] - self.redundancy * overlap
            best = cand[int(scores.argmax())]
            candidates.discard(best)
            if chosen and float((vectors[best] @ vectors[chosen].T).max()) > self.paraphrase:
                continue  # says again what a chosen sentence says
            if chosen and repeats(items[best][2], [items[c][2] for c in chosen]):
                continue
            n = len(items[best][2].split())
            if words + n > max_words:
                if chosen:
                    continue
            chosen.append(best)
            words += n
            if words >= max_words * 0.95 or (max_sentences and len(chosen) >= max_sentences):
                break
        return items, vectors, chosen

    def plan(self, cluster: Cluster, max_words: int | None = None,
             max_sentences: int | None = None) -> list[tuple[int, int, str]]:
        """The chosen ``(article_index, position, sentence)`` triples in output order."""
        items, _, chosen = self.select(cluster, max_words, max_sentences)
        return output_order([items[i] for i in chosen])
