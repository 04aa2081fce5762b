"""summarize: multi-document news summarization with a sentence-level fact-consistency checker.

>>> from summarize import ConsistencyChecker, Summarizer, load_config
"""

from importlib import metadata as _metadata

from .config import RunConfig, load_config
from .records import Article, Cluster, Evidence, Issue, SentenceVerdict

try:
    __version__ = _metadata.version("summarize")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"


def __getattr__(name):  # heavy imports (torch, transformers) only when used
    if name == "Summarizer":
        from .summarizer import Summarizer

        return Summarizer
    if name == "ConsistencyChecker":
        from .checker import ConsistencyChecker

        return ConsistencyChecker
    raise AttributeError(name)


__all__ = ["Article", "Cluster", "ConsistencyChecker", "Evidence", "Issue", "RunConfig", "SentenceVerdict",
           "Summarizer", "load_config"]
