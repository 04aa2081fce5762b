import pytest
import yaml

from summarize.config import ConfigError, RunConfig, load_config

from .conftest import ROOT


def test_default_yaml_equals_the_built_in_defaults():
    assert load_config(ROOT / "configs" / "default.yaml") == RunConfig()
    assert yaml.safe_load((ROOT / "configs" / "default.yaml").read_text()) == RunConfig().to_dict()


def test_every_shipped_run_config_loads():
    for path in (ROOT / "configs" / "summarizer").glob("*.yaml"):
        assert load_config(path).summarizer.model
    assert load_config(ROOT / "configs" / "checker" / "deberta-v3-mnli.yaml").checker.max_length == 512


def test_overrides_are_typed_and_explicit():
    config = load_config(None, ["checker.threshold=0.35", "checker.top_k=0", "summarizer.model=lead",
                                "input.extensions=[.txt]"])
    assert config.checker.threshold == 0.35 and config.checker.top_k == 0
    assert config.summarizer.model == "lead" and config.input.extensions == [".txt"]


@pytest.mark.parametrize("override, key", [
    ("checker.treshold=0.3", "checker.treshold"),
    ("checker.top_k=many", "checker.top_k"),
    ("checker.threshold=yes", "checker.threshold"),
    ("checker.threshold=1.5", "checker.threshold"),
    ("checker.rules=1", "checker.rules"),
    ("summarizer.long_input=chunked", "summarizer.long_input"),
    ("checker.model=./no/such/model", "checker.model"),
    ("summarizer.model=/nowhere/model", "summarizer.model"),
    ("checker.model=embedded:nope", "checker.model"),
    ("check.model=x", "check"),
])
def test_bad_keys_and_values_name_the_key(override, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config(None, [override])


def test_missing_or_malformed_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("checker: [1, 2\n")
    with pytest.raises(ConfigError, match="bad.yaml"):
        load_config(bad)


def test_hub_ids_pass_validation_and_fail_at_load_time():
    assert load_config(None, ["summarizer.model=facebook/bart-large-cnn"]).summarizer.model == "facebook/bart-large-cnn"


RECIPES = sorted(p for folder in ("train", "checker", "experiments/train", "experiments/checker")
                 for p in (ROOT / "configs" / folder).glob("*.yaml") if "training" in yaml.safe_load(p.read_text()))


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_training_recipe_parses_into_its_argument_classes(path):
    """Every key and value checked as `summarize train-*` checks them (unknown keys: did you mean)."""
    from summarize.training import train_checker, train_fusion_lm, train_summarizer

    if path.name.startswith("fusion-"):  # summarize train-fusion: model, data, lora, training
        model, _, _, training = train_fusion_lm.parse(path, {"training.use_cpu": True})
    else:
        parse = train_summarizer.parse if path.parent.name == "train" else train_checker.parse
        model, data, training = parse(path, {"training.use_cpu": True, "training.bf16": False})[:3]
    assert model.model_name_or_path and training.output_dir.startswith("runs/")


def test_recipes_a_fresh_clone_can_run_read_no_shared_data():
    """configs/train and configs/checker: data in the repository; recipes needing ../shared live in configs/experiments."""
    for path in RECIPES:
        if "experiments" in path.parts:
            continue
        data = yaml.safe_load(path.read_text())["data"]
        for key in ("train_file", "validation_file", "train_dir", "validation_dir"):
            if data.get(key):
                assert (ROOT / data[key]).exists(), f"{path.name}: {key} {data[key]} is not in the repository"


@pytest.mark.parametrize("override, allowed", [
    ("input.max_articles=-1", "an integer >= 0"),
    ("checker.batch_size=0", "an integer >= 1"),
    ("checker.max_length=4", "an integer >= 32"),
    ("input.max_file_mb=-1", "a number >= 0.001"),
    ("checker.evidence=-1", "an integer >= 0"),
    ("checker.chunk_words=-5", "an integer >= 0"),
    ("checker.threshold=-0.1", "a number in [0, 1]"),
    ("summarizer.verifier_threshold=1.2", "a number in [0, 1]"),
    ("checker.top_k=-1", "an integer >= 0"),
    ("checker.window_sizes=[1, 0]", "an integer >= 1"),
    ("checker.contradiction_margin=.nan", "a number in [0, 1]"),
    ("checker.entailment_index=-1", "an integer >= 0, or null"),
    ("summarizer.max_words=0", "auto or an integer >= 1"),
    ("summarizer.max_new_tokens=0", "an integer >= 1"),
    ("summarizer.group_size=1", "an integer >= 2"),
    ("input.near_duplicate_threshold=101", "a number in [0, 100]"),
    ("input.max_file_seconds=-1", "a number >= 0"),
    ("checker.max_pair_seconds=-1", "a number >= 0"),
])
def test_numeric_settings_out_of_range_name_the_key_and_the_range(override, allowed):
    key = override.split("=")[0]
    with pytest.raises(ConfigError) as err:
        load_config(None, [override])
    assert str(err.value).startswith(f"{key}: ") and f"allowed: {allowed}" in str(err.value)
    assert "\n" not in str(err.value)


def _numeric_fields():
    import dataclasses
    import typing

    from summarize.config import _SECTIONS, _leaf_types

    for section, cls in _SECTIONS.items():
        for f in dataclasses.fields(cls):
            if _leaf_types(typing.get_type_hints(cls)[f.name]) & {int, float}:
                yield f"{section}.{f.name}"


@pytest.mark.parametrize("key", list(_numeric_fields()))
def test_every_numeric_setting_has_a_range_that_holds_its_default(key):
    from summarize.config import _RANGES, allowed_range

    assert key in _RANGES, f"{key} has no range in summarize/config.py _RANGES"
    low, high = _RANGES[key]
    assert allowed_range(key)
    if low is not None and high is None:  # just under the lowest value is refused
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
            load_config(None, [f"{key}={[low - 1] if key.endswith('window_sizes') or key.endswith('answers') else low - 1}"])


def test_cross_setting_ranges():
    with pytest.raises(ConfigError, match="summarizer.min_new_tokens"):
        load_config(None, ["summarizer.min_new_tokens=300", "summarizer.max_new_tokens=200"])
    with pytest.raises(ConfigError, match="summarizer.reserved_tokens"):
        load_config(None, ["summarizer.reserved_tokens=1024"])
    with pytest.raises(ConfigError, match="checker.contradiction_index"):
        load_config(None, ["checker.entailment_index=1", "checker.contradiction_index=1"])


def test_a_range_error_stops_the_command_with_exit_2_and_one_line(tmp_path, capsys):
    from summarize.cli import main

    assert main(["run", str(ROOT / "examples"), "-o", str(tmp_path / "out"), "--set", "input.max_articles=-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "summarize: error: input.max_articles: -1 is out of range; allowed: an integer >= 0"
    assert not (tmp_path / "out").exists()
