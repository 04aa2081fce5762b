"""The offline extractive planner: salient, non-redundant sentences across a cluster's articles.

Each sentence is scored by its centrality (cosine similarity of its MiniLM embedding to the
cluster centroid) plus a lead prior (news puts the main facts first); sentences are then
picked greedily with maximal marginal relevance until ``max_words`` (a sentence whose
embedding is within ``paraphrase`` cosine of a chosen one is skipped), and printed in
source order (by position in the article, then article). Every summary sentence is a
source sentence, so the checker can always find its evidence.
"""

from __future__ import annotations

import re

import torch

from ..records import Cluster
from .packing import dedupe_sentences

# a sentence that leans on the one before it: "But ...", "This was ...", "He said ..."
_DANGLING = re.compile(r"^\s*(?:but|and|or|so|yet|also|however|still|meanwhile|instead|moreover|rather|thus|therefore|this|that|these|those|"
                       r"such|it|its|he|she|they|him|her|his|their|them|there)\b", re.I)
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
    ...                            '"It shows weakness," Stoltenberg said.', "Stoltenberg spoke in Brussels on Friday."]]
    [False, False, False, False, True, True]
    >>> stands_alone("Sierra Leone bore the brunt of new infections, with"), stands_alone('"We lost," he said. "')
    (False, True)
    """
    if not _ENDS.search(sentence):
        return False
    if _DANGLING.match(sentence):
        return False
    if sentence.rstrip().endswith("?") and len(sentence.split()) <= 6 and '"' not in sentence:
        return False  # a sub-heading: "Ukraine to join NATO?"
    outside = re.sub(r'"[^"]*"', " ", sentence)
    if _NEWSROOM.search(outside.replace("U.S.", "")):
        return False
    if '"' in sentence and not _SAYS.search(outside):
        return False  # a quotation without its speaker
    return True


class ExtractivePlanner:
    def __init__(self, max_words: int = 260, lead_weight: float = 0.35, redundancy: float = 0.6,
                 paraphrase: float = 0.85, dedupe_threshold: float = 90.0, embedder=None):
        from ..models.embeddings import shared_embedder

        self.embedder = embedder or shared_embedder()
        self.max_words = max_words
        self.lead_weight = lead_weight
        self.redundancy = redundancy
        self.paraphrase = paraphrase
        self.dedupe_threshold = dedupe_threshold

    def select(self, cluster: Cluster, max_words: int | None = None,
               max_sentences: int | None = None) -> tuple[list[tuple[int, int, str]], torch.Tensor, list[int]]:
        """All candidate ``(article_index, position, sentence)`` items, their unit-norm embeddings,
        and the indices of the chosen ones in the order they were chosen (most salient first)."""
        max_words = self.max_words if max_words is None else max_words
        articles = dedupe_sentences([a.sentences for a in cluster.articles], self.dedupe_threshold)
        items = [(i, p, s) for i, sents in enumerate(articles) for p, s in enumerate(sents)
                 if len(s.split()) >= 4 and stands_alone(s)]
        if not items:
            items = [(i, p, s) for i, sents in enumerate(articles) for p, s in enumerate(sents)]
        if not items:
            return [], torch.zeros(0, 0), []
        vectors = self.embedder.encode([s for _, _, s in items])
        centroid = torch.nn.functional.normalize(vectors.mean(0), dim=0)
        centrality = vectors @ centroid
        lead = torch.tensor([1.0 / (1.0 + p) ** 0.5 for _, p, _ in items])
        relevance = centrality + self.lead_weight * lead
        chosen: list[int] = []
        words = 0
        candidates = set(range(len(items)))
        while candidates:
            if chosen:
                overlap = (vectors[list(candidates)] @ vectors[chosen].T).max(dim=1).values
            else:
                overlap = torch.zeros(len(candidates))
            cand = list(candidates)
            scores = relevance[cand] - self.redundancy * overlap
            best = cand[int(scores.argmax())]
            candidates.discard(best)
            if chosen and float((vectors[best] @ vectors[chosen].T).max()) > self.paraphrase:
                continue  # says again what a chosen sentence says
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
        return sorted((items[i] for i in chosen), key=lambda t: (t[1], t[0]))
