"""Embedded models: small fine-tuned deltas over the verified MiniLM base.

An embedded model folder holds ``config.json`` (the full architecture), ``delta.safetensors``
(every weight that differs from the base, in fp16: the word-embedding matrix, frozen in
training, is left out) and ``embedded.json`` (the base id and sha256, the delta's sha256).
Loading rebuilds the architecture, fills it with the base weights, then the delta.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from .base_model import MINILM_ID, MINILM_SHA256, minilm_path, sha256_file

MARKER = "embedded.json"
DELTA = "delta.safetensors"
FROZEN = ("embeddings.word_embeddings.weight",)


def is_embedded(path: str | Path) -> bool:
    return (Path(path) / MARKER).is_file()


def _strip_prefix(model: torch.nn.Module, key: str) -> str:
    prefix = getattr(model, "base_model_prefix", "") + "."
    return key[len(prefix):] if key.startswith(prefix) else key


def save_embedded(model: torch.nn.Module, folder: str | Path, extra: dict | None = None) -> Path:
    """Write ``model`` as a delta over the MiniLM base; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {
        key: value.detach().to(torch.float16).contiguous()
        for key, value in model.state_dict().items()
        if _strip_prefix(model, key) not in FROZEN and value.dtype.is_floating_point
    }
    # tied or shared tensors are stored once
    seen: dict[int, str] = {}
    for key in list(state):
        ptr = model.state_dict()[key].data_ptr()
        if ptr in seen:
            del state[key]
        else:
            seen[ptr] = key
    save_file(state, folder / DELTA)
    model.config.save_pretrained(folder)
    meta = {"base": MINILM_ID, "base_sha256": MINILM_SHA256, "delta_sha256": sha256_file(folder / DELTA),
            "dtype": "float16", **(extra or {})}
    (folder / MARKER).write_text(json.dumps(meta, indent=2) + "\n")
    return folder


def load_embedded(folder: str | Path, auto_class):
    """Rebuild an embedded model with ``auto_class`` (e.g. ``AutoModelForSequenceClassification``)."""
    from transformers import AutoConfig

    folder = Path(folder)
    meta = json.loads((folder / MARKER).read_text())
    if meta.get("base_sha256") != MINILM_SHA256:
        raise ValueError(f"{folder / MARKER}: built over an unknown base {meta.get('base')!r}")
    delta_path = folder / DELTA
    if meta.get("delta_sha256") and sha256_file(delta_path) != meta["delta_sha256"]:
        raise ValueError(f"{delta_path} does not match the sha256 recorded in {folder / MARKER}")
    config = AutoConfig.from_pretrained(folder)
    model = auto_class.from_config(config)
    base = load_file(minilm_path() / "model.safetensors")
    own = model.state_dict()
    merged = {}
    for key in own:
        short = _strip_prefix(model, key)
        if short in base:
            merged[key] = base[short]
    delta = load_file(delta_path)
    merged.update({k: v.to(torch.float32) for k, v in delta.items()})
    missing = [k for k in own if k not in merged]
    if missing:
        raise ValueError(f"{delta_path} lacks weights the architecture needs: {missing[:5]}")
    model.load_state_dict(merged)
    return model.eval()


def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_path())
