from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    """tiny("bart") -> folder of a tiny random checkpoint (built once per session)."""
    from .tiny_models import build

    cache: dict[str, Path] = {}

    def get(kind: str) -> Path:
        if kind not in cache:
            cache[kind] = build(kind, tmp_path_factory.mktemp(f"tiny-{kind}"))
        return cache[kind]

    return get


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"needs ../shared (not found at {SHARED}); a user's clone has none")
    return SHARED


def embedded_checker_available() -> bool:
    from summarize.models.hub import EMBEDDED_DIR

    return (EMBEDDED_DIR / "checker-minilm" / "embedded.json").is_file()
