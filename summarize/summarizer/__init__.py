"""The summarizer engine, its packing, and the offline extractive planner."""

from .engine import Summarizer

__all__ = ["Summarizer"]
