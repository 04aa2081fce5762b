"""Checker backends with tiny random models of each architecture: scores, batching, chunks, placement."""

import warnings

import numpy as np
import pytest

from summarize.checker import ConsistencyChecker
from summarize.checker.judges import GenerativeJudge, PairScoringJudge, backend_for
from summarize.checker.units import chunk_units
from summarize.config import load_config
from summarize.models.hub import ModelNotAvailable

DOCS = ["The Harbor Bridge closes on Monday for six weeks. Engineers found corroded cables in March.",
        "Ferries will run every 20 minutes while the bridge is shut, the mayor said."]
PAIRS = [("The bridge closes on Monday.", "The bridge closes on Monday."),
         ("Ferries run every 20 minutes while the bridge is shut.", "Ferries run often."),
         ("A much longer premise about the bridge, its cables, its engineers and the city budget for repairs.", "Cables.")]


@pytest.mark.parametrize("kind, backend", [("nli", "nli"), ("roberta-binary", "binary"), ("deberta-binary", "binary"),
                                           ("t5", "seq2seq-judge"), ("llama", "llm-judge"), ("qwen2", "llm-judge")])
def test_auto_picks_the_backend_from_the_model_config_and_run_json_says_which(tiny, kind, backend):
    assert backend_for(str(tiny(kind)), "auto") == backend
    checker = ConsistencyChecker(str(tiny(kind)), entailment_index=1 if backend == "binary" else None, device="cpu")
    assert checker.info()["backend"] == backend
    verdicts = checker.check(DOCS, "The bridge closes on Monday. Ferries run every hour.")
    assert len(verdicts) == 2 and all(0.0 <= v.score <= 1.0 for v in verdicts)
    if backend != "nli":
        assert all(v.contradiction == 0.0 and v.label != "contradicted" for v in verdicts)


@pytest.mark.parametrize("kind", ["roberta-binary", "deberta-binary", "t5", "llama", "qwen2"])
def test_batching_equals_one_at_a_time(tiny, kind):
    checker = ConsistencyChecker(str(tiny(kind)), entailment_index=1 if "binary" in kind else None, device="cpu")
    judge = checker.nli
    if hasattr(judge, "cache"):
        judge.cache = 0
    batched = judge.predict(PAIRS, batch_size=3)
    single = np.stack([judge.predict([pair], batch_size=1)[0] for pair in PAIRS])
    assert batched.shape == (3, 2) and np.allclose(batched, single, atol=1e-4)
    assert ((batched[:, 0] > 0) & (batched[:, 0] < 1)).all() and (batched[:, 1] == 0).all()


def test_a_binary_classifier_without_label_names_asks_which_row_is_supported(tiny):
    from summarize.models.nli import LabelError

    with pytest.raises(LabelError, match="checker.entailment_index"):
        ConsistencyChecker(str(tiny("roberta-binary")), device="cpu")


def test_chunks_cover_every_sentence_of_every_article():
    articles = {"a": [f"Sentence {i} of article a has some words." for i in range(40)], "b": ["Short one."]}
    chunks = chunk_units(articles, 50)
    for article, sentences in articles.items():
        covered = [i for u in chunks if u.article == article for i in range(u.start, u.end)]
        assert covered == list(range(len(sentences)))  # every sentence once, in order, to the last
    assert all(len(u.text.split()) <= 50 for u in chunks)


def test_the_checker_scores_chunks_and_finds_a_fact_at_the_end_of_a_long_article(tiny):
    long_article = " ".join(f"Paragraph {i} talks about the weather in the valley." for i in range(60))
    long_article += " The mayor resigned on Friday."
    checker = ConsistencyChecker(str(tiny("t5")), chunk_words=120, top_k=0, device="cpu")
    job = checker._job([long_article], "The mayor stepped down on Friday.")
    assert job.units[-1].text.endswith("The mayor resigned on Friday.")
    assert job.candidates[0][0] == list(range(len(job.units)))  # every chunk scored: top_k 0, as MiniCheck does
    copied = checker._job([long_article], "The mayor resigned on Friday.")
    assert copied.candidates[0][0] == []  # a copy is not sent to the model
    verdict = checker.check([long_article], "The mayor resigned on Friday.")[0]
    assert verdict.score == 1.0 and verdict.evidence[0].sentence.endswith("The mayor resigned on Friday.")
    assert checker.info()["premises"] == "chunks of about 120 words"


def test_a_premise_too_long_is_cut_at_its_end_never_the_claim_and_the_cut_is_told(tiny):
    judge = GenerativeJudge(str(tiny("t5")), "seq2seq-judge", max_length=64, device="cpu")
    premise = " ".join(["the valley weather report"] * 60)
    claim = "The mayor resigned on Friday."
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = judge._text(premise, claim)
    assert text.endswith(claim) and judge.truncated == 1
    assert len(judge.tokenizer(text)["input_ids"]) <= 64
    assert any("checker.chunk_words" in str(w.message) for w in caught)


def test_remote_code_runs_only_when_the_user_opts_in(tiny):
    folder = str(tiny("remote-pair-scorer"))
    with pytest.raises((ModelNotAvailable, ValueError)):
        ConsistencyChecker(folder, backend="binary", device="cpu")
    checker = ConsistencyChecker(folder, backend="binary", trust_remote_code=True, device="cpu", copies_supported=False,
                                 rules=False, top_k=0)
    assert isinstance(checker.nli, PairScoringJudge)
    supported, invented = checker.check(DOCS, ["Ferries will run every 20 minutes.", "Zebras dance in Oslo tonight."])
    assert supported.score > invented.score


def test_the_judges_run_where_the_device_helpers_put_them(tiny):
    judge = GenerativeJudge(str(tiny("llama")), "llm-judge", device="cpu")
    assert judge.device.type == "cpu" and next(judge.model.parameters()).device.type == "cpu"


@pytest.mark.parametrize("preset", ["minicheck-roberta-large", "minicheck-deberta-v3-large", "minicheck-flan-t5-large",
                                    "bespoke-minicheck-7b", "hhem-2.1-open", "deberta-v3-mnli"])
def test_every_checker_preset_offline_fails_fast_naming_its_model(preset, monkeypatch):
    import time

    from summarize.config import read_yaml
    from tests.conftest import ROOT

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    path = ROOT / "configs" / "checker" / f"{preset}.yaml"
    config = load_config(path)
    assert config.checker.model == read_yaml(path)["checker"]["model"]
    start = time.monotonic()
    with pytest.raises(ModelNotAvailable, match=config.checker.model):
        ConsistencyChecker(config=config.checker)
    assert time.monotonic() - start < 30


def test_run_json_records_the_backend_auto_picked(tiny, tmp_path):
    import json

    from summarize.cli import main
    from tests.conftest import EXAMPLES

    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), "--quiet", "--set", "summarizer.model=extractive:lead",
                 "--set", f"checker.model={tiny('t5')}", "--set", "checker.chunk_words=200"]) == 0
    checker = json.loads((out / "run.json").read_text())["models"]["checker"]
    assert checker["backend"] == "seq2seq-judge" and checker["premises"] == "chunks of about 200 words"


def test_answers_that_the_tokenizer_cannot_tell_apart_are_refused(tiny):
    with pytest.raises(ValueError, match="checker.answers"):
        GenerativeJudge(str(tiny("t5")), "seq2seq-judge", answers=["yes", "yes"], device="cpu")


def test_backends_come_from_one_registry():
    from summarize.checker import judges
    from summarize.config import ConfigError, load_config

    assert judges.backend_names() == ("auto", "seq2seq-judge", "llm-judge", "nli", "binary")
    with pytest.raises(ConfigError, match="checker.backend: 'nope' is not one of"):
        load_config(None, ["checker.backend=nope"])
    try:  # a new backend is one registration: the config accepts it and auto can pick it
        judges.register("always-yes", calls_for=lambda config: config.get("model_type") == "yes")(lambda config: None)
        assert load_config(None, ["checker.backend=always-yes"]).checker.backend == "always-yes"
        assert judges.pick_backend({"model_type": "yes"}) == "always-yes"
    finally:
        judges._REGISTRY.pop("always-yes", None)
