"""Typed records of the output contract: what goes into ``summaries.jsonl`` and ``errors.jsonl``.

>>> v = SentenceVerdict(text="It rained.", label="supported", score=0.91)
>>> v.to_dict()["label"], v.flagged
('supported', False)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

Label = Literal["supported", "unsupported", "contradicted"]
IssueType = Literal["date", "number", "entity", "quote", "attribution", "negation", "unsupported", "contradicted"]


@dataclass
class Article:
    """One news article: read from a file by the reader, or made from text alone.

    >>> Article("a", text="The bridge closed on Monday. It reopens in May.").sentences
    ['The bridge closed on Monday.', 'It reopens in May.']
    """

    id: str
    path: str = ""  # the file it was read from, relative to the input folder ("" when made from text)
    text: str = ""
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    sentences: list[str] = None  # type: ignore[assignment]  # split from ``text`` when not given

    def __post_init__(self) -> None:
        if self.sentences is None:
            from .reading.sentences import split_sentences

            self.sentences = split_sentences(self.text) if self.text.strip() else []

    def summary_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "title": self.title, "n_sentences": len(self.sentences)}


@dataclass
class Cluster:
    """The articles about one event: a folder read by the reader, or texts given directly.

    >>> cluster = Cluster.from_texts(["Rain fell in Oslo on Monday.", "Oslo saw rain on Monday. Schools shut."])
    >>> [a.id for a in cluster.articles], cluster.articles[1].sentences
    (['article-1', 'article-2'], ['Oslo saw rain on Monday.', 'Schools shut.'])
    """

    id: str
    path: str
    articles: list[Article]

    @classmethod
    def from_texts(cls, texts: Sequence[str], id: str = "cluster") -> Cluster:
        """A cluster of one article per text (ids ``article-1``, ``article-2``, ...); empty texts are skipped."""
        return cls(id, "", [Article(f"article-{k}", text=t) for k, t in enumerate(texts, 1) if t and t.strip()])

    @property
    def documents(self) -> list[str]:
        return [a.text for a in self.articles]


@dataclass
class Evidence:
    article: str
    sentence: str
    score: float


@dataclass
class Issue:
    type: IssueType
    span: str
    source_span: str | None
    message: str


def shown_score(score: float, supported: bool, digits: int = 4) -> float:
    """``score`` rounded so that it stays on the side of the threshold that labelled it: down for
    a flagged sentence, up for a supported one (a flagged 0.7696 never reads "0.77" when the
    threshold is 0.77).

    >>> shown_score(0.7696, supported=False, digits=2), shown_score(0.7701, supported=True, digits=2)
    (0.76, 0.78)
    >>> shown_score(0.29, supported=False, digits=2), shown_score(0.77, supported=True, digits=2)
    (0.29, 0.77)
    """
    scale = 10 ** digits
    scaled = score * scale
    return (math.ceil(scaled - 1e-6) if supported else math.floor(scaled + 1e-6)) / scale


@dataclass
class SentenceVerdict:
    text: str
    label: Label
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    contradiction: float = field(default=0.0, repr=False)  # best P(contradiction); not in the record
    claim: str | None = field(default=None, repr=False)  # the claim no article supports, when the sentence was cut

    @property
    def flagged(self) -> bool:
        return self.label != "supported"

    def to_dict(self) -> dict:
        record = asdict(self)
        del record["contradiction"], record["claim"]
        return record


@dataclass
class FileError:
    path: str
    cluster: str | None
    error: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)
