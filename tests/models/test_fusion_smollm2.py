"""The shipped SmolLM2 fusion adapter: its files match its card, and (where the base has been
fetched) it loads, passes its self-check and writes one sentence from a pair, in its sources' words."""

from __future__ import annotations

import json

import pytest

from summarize.models.adapters import ADAPTER, is_adapter
from summarize.models.base_model import BaseModelError, sha256_file
from summarize.models.hub import EMBEDDED_DIR

FOLDER = EMBEDDED_DIR / "fusion-smollm2"


def test_the_shipped_adapter_is_what_its_marker_names():
    assert is_adapter(FOLDER)
    meta = json.loads((FOLDER / "embedded.json").read_text())
    assert sha256_file(FOLDER / ADAPTER) == meta["adapter_sha256"]
    assert (FOLDER / ADAPTER).stat().st_size < 25 * 2 ** 20
    assert meta["backend"] == "fusion" and meta["instruction"]
    assert "MODEL_CARD.md" in {p.name for p in FOLDER.iterdir()}


def _base_or_skip():
    pytest.importorskip("peft")
    pytest.importorskip("gguf")
    from summarize.models.smollm2 import smollm2_path

    try:
        smollm2_path()
    except BaseModelError:
        pytest.skip("the SmolLM2 base is not fetched here (python -m summarize.models.smollm2)")


def test_it_writes_one_faithful_sentence_from_a_pair():
    _base_or_skip()
    from summarize.summarizer import Summarizer

    summarizer = Summarizer("embedded:fusion-smollm2", rewrites="any", num_beams=1)  # the self-check runs here
    (output,) = summarizer.generate(["The Harbor Bridge will close on Monday for six weeks of cable repairs. "
                                     "Ferries will run every 20 minutes while the bridge is closed."])
    from summarize.summarizer.fusion import support

    assert "Monday" in output and output.count(".") == 1  # one sentence, the date kept
    assert support(output, ["The Harbor Bridge will close on Monday for six weeks of cable repairs.",
                            "Ferries will run every 20 minutes while the bridge is closed."]) >= 0.8
