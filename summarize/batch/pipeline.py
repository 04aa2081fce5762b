"""``Pipeline``: one cluster in, one output record out (summarize, then check)."""

from __future__ import annotations

import hashlib
import json
import time

from ..config import RunConfig
from ..records import Cluster
from ..text import tidy


def config_hash(config: RunConfig, check: bool) -> str:
    """What decides the output besides the articles: summarizer, checker and input settings."""
    data = config.to_dict()
    data.pop("output", None)
    data["input"].pop("max_file_seconds", None)  # budgets change no output, only whether it is made
    data["checker"].pop("max_pair_seconds", None)
    data["check"] = check
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def cluster_hash(cluster: Cluster) -> str:
    digest = hashlib.sha256()
    for article in cluster.articles:
        digest.update(json.dumps([article.id, article.title, article.text]).encode())
    return digest.hexdigest()[:16]


class Pipeline:
    """The summarizer and (unless ``check=False``) the checker, loaded once."""

    def __init__(self, config: RunConfig, check: bool = True):
        from ..summarizer import Summarizer

        self.config = config
        self.check = check
        self.checker = None
        if check:
            from ..checker import ConsistencyChecker

            self.checker = ConsistencyChecker(config=config.checker)
        # the fusion verifier and the checker are one loaded model when they name the same one
        # and a rewrite the checker would flag is not emitted
        self.summarizer = Summarizer(config=config.summarizer, checker=self.checker)
        self.config_hash = config_hash(config, check)

    def models(self) -> dict:
        out = {"summarizer": self.summarizer.info()}
        if self.checker:
            out["checker"] = self.checker.info()
        return out

    def process(self, cluster: Cluster, read_seconds: float = 0.0) -> dict:
        start = time.perf_counter()
        (sentences,) = self.summarizer.summarize_sentences([cluster])  # checked as the summarizer wrote them
        sentences = [tidy(s) for s in sentences if s.strip()]  # no leading or doubled spaces, whichever backend wrote them
        summary = " ".join(sentences)
        summarized = time.perf_counter()
        verdicts = self.checker.check(cluster, sentences) if self.checker else []
        checked = time.perf_counter()
        return {
            "cluster": cluster.id,
            "articles": [a.summary_dict() for a in cluster.articles],
            "summary": summary,
            "sentences": [v.to_dict() for v in verdicts],
            "flagged": sum(v.flagged for v in verdicts),
            "timings": {"read": round(read_seconds, 4), "summarize": round(summarized - start, 4),
                        "check": round(checked - summarized, 4)},
            "fingerprint": f"{self.config_hash}:{cluster_hash(cluster)}",
        }
