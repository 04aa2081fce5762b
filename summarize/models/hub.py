"""Loading models by reference: ``embedded:NAME``, a local folder, or a Hugging Face hub id.

Hub ids load unchanged for users who are online (or have the model in their cache). Offline,
loading fails within seconds with :class:`ModelNotAvailable`, whose message names the model
and says how to point the config at a local copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .adapters import is_adapter, load_adapter
from .base_model import minilm_path, sha256_file
from .embedded import is_embedded, load_embedded

EMBEDDED_DIR = Path(__file__).resolve().parent  # the shipped models sit beside this module
BUILTIN_PREFIXES = ("extractive:",)
# summarizers with no weights of their own; "lead" is the short name of extractive:lead
BUILTIN_MODELS = {"extractive:minilm": "extractive:minilm", "extractive:lead": "extractive:lead", "lead": "extractive:lead"}
WEIGHT_SUFFIXES = (".safetensors", ".gguf")


class ModelNotAvailable(RuntimeError):
    """A model reference that cannot be loaded here; the message says what to do."""


@dataclass
class LoadedModel:
    reference: str
    model: Any
    tokenizer: Any
    path: str | None = None
    weights_sha256: dict[str, str] = field(default_factory=dict)

    def info(self) -> dict:
        return {"model": self.reference, "path": self.path, "weights_sha256": self.weights_sha256}


def resolve_embedded(reference: str) -> Path:
    name = reference.split(":", 1)[1]
    folder = EMBEDDED_DIR / name
    if not (folder / "embedded.json").is_file():
        known = sorted(p.name for p in EMBEDDED_DIR.glob("*/embedded.json")) if EMBEDDED_DIR.is_dir() else []
        raise FileNotFoundError(f"no embedded model {name!r} in {EMBEDDED_DIR} (shipped: {known or 'none'})")
    return folder


def weight_hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and
            (p.suffix in WEIGHT_SUFFIXES or (p.name.startswith("pytorch_model") and p.suffix == ".bin"))}


def _offline_message(reference: str, key: str, reason: str) -> str:
    return (
        f"cannot load model '{reference}' ({key}): it is not a local folder, not in the Hugging Face cache, "
        f"and the hub cannot be reached ({reason}). On a machine that is online run "
        f"`hf download {reference} --local-dir DIR` (or `save_pretrained(DIR)`), copy DIR here, "
        f"and set `{key}: DIR` in the config (or pass --set {key}=DIR)."
    )


def _hub_folder(reference: str, key: str) -> Path:
    """The local snapshot of a hub id: from the cache, else downloaded; fails fast offline."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    patterns = ["*.json", "*.model", "*.txt", "*.safetensors", "*.tiktoken", "*.py"]
    try:
        return Path(snapshot_download(reference, local_files_only=True, allow_patterns=patterns))
    except (LocalEntryNotFoundError, OSError, ValueError):
        pass
    if os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes"):
        raise ModelNotAvailable(_offline_message(reference, key, "HF_HUB_OFFLINE is set"))
    os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "5")
    try:
        return Path(snapshot_download(reference, allow_patterns=patterns, etag_timeout=5))
    except Exception as err:  # connection, DNS, 401/404: all mean "not available here"
        reason = type(err).__name__ + (f": {str(err).splitlines()[0][:160]}" if str(err) else "")
        raise ModelNotAvailable(_offline_message(reference, key, reason)) from err


def _trained_redirect(folder: Path) -> Path:
    """A training output whose loadable model is a subfolder (a shared BERT2BERT's ``embedded/``)
    names it in its marker (``summarize_training.json``: ``{"load": "embedded"}``)."""
    import json

    from .selfcheck import TRAINED_MARKER

    marker = folder / TRAINED_MARKER
    if marker.is_file():
        try:
            sub = json.loads(marker.read_text(encoding="utf-8")).get("load")
        except (ValueError, AttributeError):
            sub = None
        if sub and (folder / sub).is_dir():
            return folder / sub
    return folder


def resolve(reference: str, key: str) -> Path:
    """The local folder a model reference names (downloading a hub id when online)."""
    if reference.startswith("embedded:"):
        return resolve_embedded(reference)
    path = Path(reference).expanduser()
    if path.is_dir():
        return _trained_redirect(path)
    if path.exists():
        raise ModelNotAvailable(f"{key}: {reference} is a file; give the folder that holds config.json")
    return _hub_folder(reference, key)


def _tokenizer(folder: Path, required: bool, **kwargs) -> Any:
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(folder, **kwargs)
    except (OSError, ValueError, KeyError, ImportError):  # ImportError: no tokenizer files, and no protobuf to look further
        if required:
            raise
        return None


def load(reference: str, auto_class, key: str, tokenizer_required: bool = True, **kwargs) -> LoadedModel:
    """Load ``reference`` with ``auto_class`` (an ``AutoModelFor...``) and its tokenizer (None when
    the folder has none and ``tokenizer_required`` is false: remote code that tokenizes itself)."""
    from transformers import AutoTokenizer

    folder = resolve(reference, key)
    if is_adapter(folder):  # a LoRA adapter over a verified decoder (SmolLM2)
        model, tokenizer, hashes = load_adapter(folder, kwargs.get("dtype"))
        return LoadedModel(reference, model, tokenizer, str(folder), hashes)
    if is_embedded(folder):
        model = load_embedded(folder, auto_class)
        tokenizer = AutoTokenizer.from_pretrained(minilm_path())
        hashes = {**weight_hashes(folder), "base:model.safetensors": sha256_file(minilm_path() / "model.safetensors")}
        return LoadedModel(reference, model, tokenizer, str(folder), hashes)
    gguf = kwargs.pop("gguf_file", None)
    extra = {"gguf_file": gguf} if gguf else {}
    try:
        tokenizer = _tokenizer(folder, tokenizer_required, trust_remote_code=kwargs.get("trust_remote_code", False), **extra)
        model = auto_class.from_pretrained(folder, **extra, **kwargs)
    except (OSError, ValueError, KeyError, ImportError) as err:
        raise ModelNotAvailable(f"{key}: could not load '{reference}' from {folder}: {str(err).strip()}") from err
    return LoadedModel(reference, model.eval(), tokenizer, str(folder), weight_hashes(folder))
