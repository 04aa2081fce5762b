import json

import pytest
import torch
import yaml

from summarize.checker import ConsistencyChecker
from summarize.cli import main
from summarize.models import selfcheck
from summarize.models.selfcheck import SelfCheckError
from summarize.training.checker_pairs import cluster_pairs
from summarize.training.train_checker import NLITrainer

from ..conftest import EXAMPLES, embedded_checker_available

PAIRS = [
    {"premise": "The bridge closes on Monday.", "hypothesis": "The bridge closes on Monday.", "label": "entailment"},
    {"premise": "The bridge closes on Monday.", "hypothesis": "The bridge closes on Friday.", "label": "contradiction"},
    {"premise": "The bridge closes on Monday.", "hypothesis": "Ferries are free.", "label": "neutral"},
    {"premise": "Rain fell in Oslo.", "hypothesis": "It was sunny in Oslo.", "label": "not_entailment"},
] * 4


def recipe(tmp_path, model, **training):
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(p) for p in PAIRS) + "\n")
    config = {
        "model": {"model_name_or_path": model, "max_length": 32},
        "data": {"train_file": str(data), "validation_file": str(data)},
        "training": {"output_dir": str(tmp_path / "run"), "max_steps": 2, "per_device_train_batch_size": 8,
                     "report_to": "none", "use_cpu": True, "save_strategy": "steps", "save_steps": 1,
                     "eval_strategy": "steps", "eval_steps": 2, "logging_steps": 1, **training},
    }
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_binary_label_counts_either_non_entailment_class():
    logits = torch.tensor([[0.0, 5.0, -5.0], [0.0, -5.0, 5.0]])
    either = NLITrainer.loss(logits, torch.tensor([3, 3]))
    assert either.item() < 0.01
    assert NLITrainer.loss(logits, torch.tensor([0, 0])).item() > 4


@pytest.fixture
def plumbing(monkeypatch):
    """Tiny random models fail the start-up self-check (as they should): tests of the plumbing load them anyway."""
    monkeypatch.setattr(selfcheck, "wants_check", lambda reference: reference.startswith("embedded:"))


def test_a_degenerate_trained_checker_is_refused_when_loaded(tiny, tmp_path, capsys):
    path = recipe(tmp_path, str(tiny("nli")), eval_strategy="no", save_strategy="no")
    assert main(["train-checker", str(path)]) == 0
    err = capsys.readouterr().err
    assert "self-check failed" in err and "--set checker.model" not in err
    with pytest.raises(SelfCheckError, match="not yet usable"):
        ConsistencyChecker(str(tmp_path / "run"))
    assert main(["check", str(EXAMPLES / "harbor-bridge"), "--summary-text", "The bridge closes.",
                 "--set", f"checker.model={tmp_path / 'run'}"]) == 2
    assert "not yet usable" in capsys.readouterr().err.strip().splitlines()[-1]


def test_train_checker_from_yaml_loads_in_the_checker_and_resumes(tiny, tmp_path, capsys, plumbing):
    path = recipe(tmp_path, str(tiny("nli")))
    assert main(["train-checker", str(path)]) == 0
    out = tmp_path / "run"
    assert (out / "config.json").is_file() and (out / "eval_results.json").is_file()
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    assert any("eval_binary_accuracy" in row and row["step"] == 2 for row in log)
    checker = ConsistencyChecker(str(out))
    assert checker.nli.entailment == 0 and checker.nli.contradiction == 2
    assert checker.check(["The bridge closes on Monday."], "The bridge closes on Monday.")[0].score > 0
    # a second run with more steps resumes from the last checkpoint instead of starting over
    assert main(["train-checker", str(path), "--set", "training.max_steps=3"]) == 0
    state = json.loads((out / "checkpoint-3" / "trainer_state.json").read_text())
    assert state["global_step"] == 3


def test_minilm_recipe_ships_a_small_embedded_delta(tmp_path, plumbing):
    path = recipe(tmp_path, "minilm", max_steps=1, eval_strategy="no", save_strategy="no")
    assert main(["train-checker", str(path)]) == 0
    embedded = tmp_path / "run" / "embedded"
    assert (embedded / "delta.safetensors").stat().st_size < 25 * 1024 * 1024
    meta = json.loads((embedded / "embedded.json").read_text())
    assert meta["base_sha256"].startswith("53aa5117")
    full = ConsistencyChecker(str(tmp_path / "run"))
    small = ConsistencyChecker(str(embedded))
    pairs = [("The bridge closes on Monday.", "It closes on Monday."), ("Rain fell.", "Snow fell in May.")]
    assert torch.allclose(torch.tensor(full.nli.predict(pairs)), torch.tensor(small.nli.predict(pairs)), atol=2e-2)


@pytest.mark.skipif(not embedded_checker_available(), reason="the embedded checker is not in this checkout")
def test_the_shipped_checker_fine_tunes_further_and_ships_a_delta_again(tmp_path):
    pairs = [("The bridge closes on Monday.", "It closes on Monday."), ("Rain fell.", "Snow fell in May.")]
    path = recipe(tmp_path, "embedded:checker-minilm", max_steps=1, learning_rate=1e-12,
                  eval_strategy="no", save_strategy="no")
    assert main(["train-checker", str(path)]) == 0
    before = ConsistencyChecker("embedded:checker-minilm").nli.predict(pairs)
    after = ConsistencyChecker(str(tmp_path / "run" / "embedded")).nli.predict(pairs)
    # one step at a negligible learning rate: the same model, rebuilt from its new delta (int8/fp16 rounding)
    assert torch.allclose(torch.tensor(before), torch.tensor(after), atol=3e-2)


def test_unknown_recipe_section_names_it(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text("model: {}\ndata: {}\ntrainer: {}\n")
    assert main(["train-checker", str(path)]) == 2
    assert "did you mean training?" in capsys.readouterr().err


@pytest.mark.parametrize("override, expected", [
    ("training.max_step=3", "unknown key training.max_step (did you mean training.max_steps?)"),
    ("training.lerning_rate=1e-5", "did you mean training.learning_rate?"),
    ("model.max_lenght=64", "did you mean model.max_length?"),
    ("model.max_steps=3", "it belongs in section training: training.max_steps"),
    ("training.learning_rate=fast", "training.learning_rate: expected a number, got 'fast'"),
    ("training.max_steps=2.5", "training.max_steps: expected an integer"),
])
def test_recipe_mistakes_are_one_line_and_exit_2(tmp_path, capsys, override, expected):
    path = recipe(tmp_path, "minilm")
    assert main(["train-checker", str(path), "--set", override]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1 and not (tmp_path / "run").exists()


@pytest.mark.parametrize("label", ["supported", "unsupported", "ENTAILMENT", 1])
def test_unknown_labels_name_the_file_the_line_and_the_accepted_labels(tmp_path, capsys, label):
    path = recipe(tmp_path, "minilm")
    data = tmp_path / "pairs.jsonl"
    rows = PAIRS[:3] + [{"premise": "Rain fell.", "hypothesis": "It rained.", "label": label}]
    data.write_text("\n".join(json.dumps(p) for p in rows) + "\n")
    assert main(["train-checker", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{data} line 4: unknown label {label!r}" in err
    assert "entailment, neutral, contradiction, not_entailment" in err and not (tmp_path / "run").exists()


def test_synthetic_pairs_are_reproducible():
    import random

    docs = ["Officials said 42 people died on Friday. The storm hit the coast at night. Rescue teams searched.",
            "The storm killed 42 people, officials said on Friday."]
    a = cluster_pairs(docs, "The storm killed 42 people.", ["Cats sleep a lot."], random.Random(5))
    b = cluster_pairs(docs, "The storm killed 42 people.", ["Cats sleep a lot."], random.Random(5))
    assert a == b and {p["label"] for p in a} <= {"entailment", "neutral", "contradiction"}


def test_copy_and_foreign_premises_follow_the_window_sizes():
    import random

    from summarize.reading.sentences import split_sentences

    article = " ".join(f"Officials in town {i} said {10 + i} homes were damaged by the storm." for i in range(8))
    for seed in range(5):
        pairs = cluster_pairs([article], "Homes were damaged.", ["Cats sleep a lot."], random.Random(seed),
                              per_cluster=50, window_sizes=(5,))
        premises = [p["premise"] for p in pairs if p["source"] in ("window", "foreign")]
        assert premises and all(len(split_sentences(p)) == 5 for p in premises)
        assert all(p in article for p in premises)


def test_report_to_a_tracker_that_is_not_installed_is_one_line(tmp_path, capsys):
    import importlib.util

    if importlib.util.find_spec("tensorboard") or importlib.util.find_spec("tensorboardX"):
        pytest.skip("tensorboard is installed here")
    assert main(["train-checker", str(recipe(tmp_path, "minilm")), "--set", "training.report_to=tensorboard"]) == 2
    assert "training.report_to: tensorboard is not installed (pip install tensorboard)" in capsys.readouterr().err


def test_resume_from_a_checkpoint_that_does_not_exist_is_a_config_error(tmp_path, capsys):
    path = recipe(tmp_path, "minilm", resume_from_checkpoint=str(tmp_path / "nowhere"))
    assert main(["train-checker", str(path)]) == 2
    assert "is not a checkpoint folder" in capsys.readouterr().err


def test_the_same_seed_trains_the_same_weights(tiny, tmp_path, plumbing):
    from safetensors.torch import load_file

    weights = []
    for run in ("a", "b"):
        path = recipe(tmp_path, str(tiny("nli")), output_dir=str(tmp_path / run), seed=7, eval_strategy="no",
                      save_strategy="no")
        assert main(["train-checker", str(path)]) == 0
        weights.append(load_file(tmp_path / run / "model.safetensors"))
    assert weights[0].keys() == weights[1].keys()
    assert all(torch.equal(weights[0][k], weights[1][k]) for k in weights[0])
