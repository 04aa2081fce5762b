"""The consistency checker: NLI over retrieved premise units, plus fact rules."""

from .checker import ConsistencyChecker
from .nli import NLIModel

__all__ = ["ConsistencyChecker", "NLIModel"]
