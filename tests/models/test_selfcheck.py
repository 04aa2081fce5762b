"""The start-up self-check stops a run whose embedded models misbehave, naming model and library."""

import re
from importlib.metadata import version

import pytest

from summarize.models import selfcheck
from summarize.models.selfcheck import SelfCheckError

# what the embedded summarizer wrote under transformers 5.24 before its cache fix (issue 19)
BROKEN_REWRITE = 'city the the city the the engineers march al harbor six " finding officials co a it and in he 3, monday'


@pytest.mark.parametrize("output, reason", [
    (BROKEN_REWRITE, "doubled words"),
    ("the", "1 words"),
    ("wheat prices rose sharply in chicago", "of its words are in the input"),
])
def test_degenerate_rewrites_are_named(output, reason):
    assert reason in selfcheck.degenerate(output, selfcheck.FUSION_INPUT)


def test_a_faithful_rewrite_passes():
    assert selfcheck.degenerate("the harbor bridge in port alden will close on monday.", selfcheck.FUSION_INPUT) is None


def test_a_broken_summarizer_stops_with_model_library_version_and_the_tested_pins():
    with pytest.raises(SelfCheckError) as err:
        selfcheck.check_fusion("embedded:summarizer-minilm", lambda texts: [BROKEN_REWRITE for _ in texts])
    message = str(err.value)
    assert "embedded:summarizer-minilm" in message and "doubled words" in message
    assert f"transformers {version('transformers')}" in message
    pins = re.search(r'pip install .*"transformers([^"]*)"', message)
    assert pins and "<" in pins.group(1) and ">=" in pins.group(1)  # a tested range, both ends


def test_a_checker_that_cannot_tell_entailment_from_contradiction_stops():
    import numpy as np

    with pytest.raises(SelfCheckError, match="embedded:checker-minilm.*P\\(entailment\\) is 0.40"):
        selfcheck.check_nli("embedded:checker-minilm", lambda pairs: np.array([[0.4, 0.1], [0.6, 0.1]]))


def test_an_embedder_that_ranks_nonsense_stops():
    import torch

    same = torch.nn.functional.normalize(torch.ones(3, 4), dim=-1)
    with pytest.raises(SelfCheckError, match="paraphrase scores cosine 1.00 and an unrelated sentence 1.00"):
        selfcheck.check_embedder("minilm", lambda sentences: same)


def test_the_shipped_models_pass_on_the_installed_libraries():
    """Loading runs the self-check; the explicit calls say which model broke if one does."""
    from summarize.models.embeddings import SentenceEmbedder
    from summarize.models.nli import NLIModel
    from summarize.summarizer import Summarizer

    summarizer = Summarizer("embedded:summarizer-minilm")
    selfcheck.check_fusion("embedded:summarizer-minilm", summarizer.generate)
    nli = NLIModel("embedded:checker-minilm", device="cpu")
    selfcheck.check_nli("embedded:checker-minilm", nli.predict)
    selfcheck.check_embedder("minilm", SentenceEmbedder().encode)


def test_the_cli_reports_a_failed_self_check_in_one_line_with_exit_2(tmp_path, monkeypatch, capsys):
    from summarize.cli import main

    monkeypatch.setattr(selfcheck, "degenerate", lambda output, source: "forced for the test")
    code = main(["run", "examples", "-o", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("summarize: error: embedded:summarizer-minilm failed its start-up")


def test_a_quantized_model_that_fails_names_the_setting_not_the_library_versions():
    with pytest.raises(SelfCheckError, match=r"checker.quantize_int8=true: .*set checker.quantize_int8=false") as raised:
        selfcheck.check_nli("embedded:checker-minilm", lambda pairs: [[0.9, 0.0], [0.75, 0.1]],
                            quantized="checker.quantize_int8")
    assert "pip install" not in str(raised.value)
