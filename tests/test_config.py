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


RECIPES = sorted(p for folder in ("train", "checker", "experiments/checker") for p in (ROOT / "configs" / folder).glob("*.yaml")
                 if "training" in yaml.safe_load(p.read_text()))


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_training_recipe_parses_into_its_argument_classes(path):
    from transformers import HfArgumentParser, Seq2SeqTrainingArguments, TrainingArguments

    from summarize.config import read_yaml_sections
    from summarize.training.train_checker import CheckerDataArguments, CheckerModelArguments
    from summarize.training.train_summarizer import SummarizerDataArguments, SummarizerModelArguments

    classes = ((SummarizerModelArguments, SummarizerDataArguments, Seq2SeqTrainingArguments) if path.parent.name == "train"
               else (CheckerModelArguments, CheckerDataArguments, TrainingArguments))
    sections = read_yaml_sections(path, ("model", "data", "training"), {"training.use_cpu": True})
    model, data, training = HfArgumentParser(classes).parse_dict({**sections["model"], **sections["data"],
                                                                   **sections["training"]})
    assert model.model_name_or_path and training.output_dir.startswith("runs/")
