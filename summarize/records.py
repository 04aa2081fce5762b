"""Typed records of the output contract: what goes into ``summaries.jsonl`` and ``errors.jsonl``.

>>> v = SentenceVerdict(text="It rained.", label="supported", score=0.91)
>>> v.to_dict()["label"], v.flagged
('supported', False)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

Label = Literal["supported", "unsupported", "contradicted"]
IssueType = Literal["date", "number", "entity", "quote", "attribution", "negation", "unsupported"]


@dataclass
class Article:
    id: str
    path: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    sentences: list[str] = field(default_factory=list)

    def summary_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "title": self.title, "n_sentences": len(self.sentences)}


@dataclass
class Cluster:
    id: str
    path: str
    articles: list[Article]

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
