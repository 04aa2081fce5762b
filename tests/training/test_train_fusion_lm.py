"""The SmolLM2 fusion recipe's plumbing on a tiny random decoder: train, write the adapter, load it
into the fusion backend, and the recipe's checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("peft")

from summarize.config import ConfigError  # noqa: E402
from summarize.models.adapters import is_adapter, read_meta  # noqa: E402
from summarize.training.train_fusion_lm import is_copy, parse, train_fusion  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [{"text": "The Harbor Bridge will close on Monday for repairs. Ferries will run every 20 minutes.",
          "summary": "The Harbor Bridge closes on Monday; ferries will run every 20 minutes.", "coverage": 1.0},
         {"text": "The council voted 7-2 to approve the wind farm.",
          "summary": "The council approved the wind farm.", "coverage": 0.9},
         {"text": "Rain fell. The mayor quit.", "summary": "The mayor quit.", "coverage": 1.0}]


def _recipe(tmp_path: Path, base: Path) -> Path:
    data = tmp_path / "pairs.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in PAIRS), encoding="utf-8")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"""model:
  model_name_or_path: {base}
  max_source_tokens: 64
  max_target_tokens: 24
data:
  train_file: {data}
  validation_file: {data}
lora:
  r: 2
  alpha: 4
  target_modules: [q_proj, v_proj]
training:
  output_dir: {tmp_path / 'out'}
  max_steps: 2
  per_device_train_batch_size: 2
  learning_rate: 1.0e-3
  report_to: none
  use_cpu: true
  save_strategy: "no"
""", encoding="utf-8")
    return recipe


def test_copies_are_left_out_of_training():
    assert is_copy(PAIRS[2]["summary"], PAIRS[2]["text"])
    assert not is_copy(PAIRS[0]["summary"], PAIRS[0]["text"])


def test_train_write_and_load_into_the_fusion_backend(tmp_path, tiny, monkeypatch):
    from summarize.models import selfcheck
    from summarize.models.selfcheck import SelfCheckError
    from summarize.summarizer.engine import Summarizer

    out = train_fusion(_recipe(tmp_path, tiny("llama")))
    assert is_adapter(out)
    meta = read_meta(out)
    assert meta["backend"] == "fusion" and meta["base"] == str(tiny("llama").resolve())
    assert meta["instruction"] and len(meta["adapter_sha256"]) == 64
    with pytest.raises(SelfCheckError, match="degenerate"):  # two steps from a random decoder: refused at start-up
        Summarizer(str(out), rewrites="any", verifier=None)
    monkeypatch.setattr(selfcheck, "wants_check", lambda reference: False)  # the plumbing past the self-check
    summarizer = Summarizer(str(out), rewrites="any", verifier=None)
    assert summarizer.backend == "fusion" and summarizer.causal
    summary = summarizer.summarize(["The Harbor Bridge will close on Monday for six weeks of repairs.",
                                    "Ferries will run every 20 minutes while the Harbor Bridge is closed."])
    assert summary.strip()  # a random model's rewrites fail the guards: the planned sentences come back
    assert summarizer.fusion.stats.sentences >= 1


def test_an_altered_adapter_is_refused(tmp_path, tiny):
    from summarize.models.adapters import ADAPTER, load_adapter
    from summarize.models.base_model import BaseModelError

    out = train_fusion(_recipe(tmp_path, tiny("llama")))
    with open(out / ADAPTER, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(BaseModelError, match="sha256"):
        load_adapter(out)


def test_recipe_errors_name_the_key(tmp_path, tiny):
    recipe = _recipe(tmp_path, tiny("llama"))
    with pytest.raises(ConfigError, match="data.train_file"):
        parse(recipe, ["data.train_file=null"])
    with pytest.raises(ConfigError, match="model.model_name_or_path"):
        train_fusion(recipe, [f"model.model_name_or_path={tmp_path / 'nowhere'}"])
    with pytest.raises(ConfigError, match="unknown key lora.rank"):
        parse(recipe, ["lora.rank=4"])


def test_shipped_recipe_parses():
    model, data, lora, training = parse(ROOT / "configs" / "experiments" / "train" / "fusion-smollm2.yaml")
    assert model.model_name_or_path == "smollm2" and lora.r > 0 and training.max_steps > 0
