"""``accelerate launch`` with 2 processes on CPU: one model, one log, each checkpoint once."""

import json
import os
import subprocess
import sys

import yaml

from summarize.checker import ConsistencyChecker
from summarize.models import selfcheck

from ..conftest import ROOT

LAUNCH = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
          "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "summarize"]


def test_train_checker_under_accelerate_launch_with_two_cpu_processes(tiny, tmp_path, monkeypatch):
    pairs = [json.loads(line) for line in (ROOT / "data" / "tiny" / "nli-train.jsonl").read_text().splitlines()][:32]
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(p) for p in pairs) + "\n")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(yaml.safe_dump({
        "model": {"model_name_or_path": str(tiny("nli")), "max_length": 32},
        "data": {"train_file": str(data), "validation_file": str(data)},
        "training": {"output_dir": str(tmp_path / "run"), "max_steps": 4, "per_device_train_batch_size": 4,
                     "report_to": "none", "use_cpu": True, "save_strategy": "steps", "save_steps": 2,
                     "eval_strategy": "steps", "eval_steps": 2, "logging_steps": 1, "seed": 3}}))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    done = subprocess.run([*LAUNCH, "train-checker", str(recipe)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = tmp_path / "run"
    # both processes trained (one rng state each), process 0 alone wrote everything else
    assert sorted(p.name for p in (out / "checkpoint-4").glob("rng_state_*.pth")) == ["rng_state_0.pth", "rng_state_1.pth"]
    assert sorted(p.name for p in out.glob("checkpoint-*")) == ["checkpoint-2", "checkpoint-4"]
    assert len(list(out.rglob("model.safetensors"))) == 3  # the model and one per checkpoint
    assert done.stderr.count("checker written to") == 1
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    evals = [row["step"] for row in log if "eval_binary_accuracy" in row]
    assert evals[:2] == [2, 4] and len(evals) == 3  # each checkpoint once, then the final evaluation
    losses = [row["step"] for row in log if "loss" in row]
    assert losses == sorted(set(losses)) == [1, 2, 3, 4]
    monkeypatch.setattr(selfcheck, "wants_check", lambda reference: False)  # a tiny random model: the plumbing
    assert ConsistencyChecker(str(out)).nli.entailment == 0
