"""Embedded models: small fine-tuned deltas over the verified MiniLM base.

An embedded model folder holds ``config.json`` (the full architecture), ``delta.safetensors``
(every weight that differs from the base, in fp16: the word-embedding matrix, frozen in
training, is left out) and ``embedded.json`` (the base id and sha256, the delta's sha256).
Loading rebuilds the architecture, fills it with the base weights, then the delta.

With ``quantize_delta`` a weight that started from a base tensor is stored as its difference
from that tensor in int8, one fp16 scale per row (``KEY.qdelta`` + ``KEY.qscale``): training
moves weights little, so the rounding error is a small fraction of the change itself, and the
file is half the size. Cross-attention started as a copy of its layer's self-attention
(:mod:`summarize.models.bert2bert`), so that is its base tensor.
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
    """The base checkpoint's name for ``key`` (``bert.x``, ``encoder.x``, ``decoder.bert.x`` -> ``x``)."""
    for prefix in (getattr(model, "base_model_prefix", "") + ".", "encoder.", "decoder.bert."):
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def _canonical_keys(model: torch.nn.Module) -> dict[str, str]:
    """Every state-dict key -> the first key sharing its storage (tied weights are one tensor)."""
    first: dict[int, str] = {}
    return {key: first.setdefault(value.data_ptr(), key) for key, value in model.state_dict().items()}


def _base_key(model: torch.nn.Module, key: str) -> str:
    """The base tensor ``key`` started from (cross-attention: its layer's self-attention)."""
    return _strip_prefix(model, key).replace(".crossattention.", ".attention.")


def _quantize(value: torch.Tensor, base: torch.Tensor) -> dict[str, torch.Tensor]:
    delta = (value.float() - base.float()).reshape(value.shape[0], -1) if value.dim() > 1 else (value.float() - base.float())[None]
    scale = (delta.abs().amax(dim=1, keepdim=True) / 127).clamp_min(1e-12)
    return {"qdelta": torch.round(delta / scale).to(torch.int8).reshape(value.shape).contiguous(),
            "qscale": scale.to(torch.float16).contiguous()}


def _dequantize(q: torch.Tensor, scale: torch.Tensor, base: torch.Tensor) -> torch.Tensor:
    rows = q.shape[0] if q.dim() > 1 else 1
    return base.float() + (q.float().reshape(rows, -1) * scale.float()).reshape(q.shape)


def save_embedded(model: torch.nn.Module, folder: str | Path, extra: dict | None = None,
                  quantize_delta: bool = False) -> Path:
    """Write ``model`` as a delta over the MiniLM base; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    canonical = _canonical_keys(model)
    frozen = {canonical[k] for k in canonical if _strip_prefix(model, k) in FROZEN}
    base = load_file(minilm_path() / "model.safetensors") if quantize_delta else {}
    # tied or shared tensors are stored once, under their first key; frozen ones not at all
    state = {}
    for key, value in model.state_dict().items():
        if canonical[key] != key or key in frozen or not value.dtype.is_floating_point:
            continue
        start = base.get(_base_key(model, key))
        if start is not None and start.shape == value.shape:
            parts = _quantize(value.detach(), start)
            state[f"{key}.qdelta"], state[f"{key}.qscale"] = parts["qdelta"], parts["qscale"]
        else:
            state[key] = value.detach().to(torch.float16).contiguous()
    save_file(state, folder / DELTA)
    model.config.save_pretrained(folder)  # type: ignore[union-attr, operator]
    meta = {"base": MINILM_ID, "base_sha256": MINILM_SHA256, "delta_sha256": sha256_file(folder / DELTA),
            "dtype": "int8 delta + float16" if quantize_delta else "float16", **(extra or {})}
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
    if meta.get("pointer"):
        from .bert2bert import PointerBert2Bert

        model = PointerBert2Bert(config)
    else:
        model = auto_class.from_config(config)
    if meta.get("shared") == "bert2bert":
        from .bert2bert import set_special_tokens, share_weights

        share_weights(model)
        set_special_tokens(model, tokenizer())
    canonical = _canonical_keys(model)
    base = load_file(minilm_path() / "model.safetensors")
    merged = {}
    for key in canonical:
        short = _strip_prefix(model, key)
        if canonical[key] == key and short in base:
            merged[key] = base[short]
    delta = load_file(delta_path)
    for key, value in delta.items():
        if key.endswith(".qdelta"):
            name = key[: -len(".qdelta")]
            merged[name] = _dequantize(value, delta[f"{name}.qscale"], base[_base_key(model, name)])
        elif not key.endswith(".qscale"):
            merged[key] = value.to(torch.float32)
    missing = [k for k in canonical if canonical[k] == k and k not in merged]
    if missing:
        raise ValueError(f"{delta_path} lacks weights the architecture needs: {missing[:5]}")
    result = model.load_state_dict(merged, strict=False)  # tied keys are filled through their first key
    if result.unexpected_keys:
        raise ValueError(f"{delta_path} holds weights the architecture lacks: {result.unexpected_keys[:5]}")
    return model.eval()


def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_path())
