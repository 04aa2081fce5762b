"""The consistency checker: NLI over retrieved premise units, plus fact rules."""

from ..models.nli import NLIModel
from .checker import ConsistencyChecker

__all__ = ["ConsistencyChecker", "NLIModel"]
