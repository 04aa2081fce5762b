"""Behaviour of the shipped embedded summarizer (plan, fuse, verify) on the example clusters."""

import json

import pytest

from summarize.models.hub import EMBEDDED_DIR
from summarize.reading.reader import iter_clusters
from summarize.reading.sentences import split_sentences
from summarize.records import Cluster
from summarize.summarizer import Summarizer
from summarize.summarizer.length import word_budget

from ..conftest import EXAMPLES

MODEL = EMBEDDED_DIR / "summarizer-minilm"


@pytest.fixture(scope="module")
def summarizer():
    return Summarizer("embedded:summarizer-minilm")


def test_the_shipped_model_is_small_verified_and_loads_as_the_fusion_backend(summarizer):
    meta = json.loads((MODEL / "embedded.json").read_text())
    assert (MODEL / "delta.safetensors").stat().st_size < 25e6
    assert meta["backend"] == "fusion" and meta["pointer"]
    assert summarizer.backend == "fusion"
    assert summarizer.info()["weights_sha256"]["delta.safetensors"] == meta["delta_sha256"]


def test_summaries_are_rewritten_within_budget_with_names_and_numbers_as_the_articles_write_them(summarizer):
    clusters = [c for c in iter_clusters(EXAMPLES) if isinstance(c, Cluster)]
    outputs = summarizer.summarize(clusters)
    stats = summarizer.fusion.stats
    assert stats.sentences and stats.rewritten  # the model's own trims, not only copies
    for cluster, summary in zip(clusters, outputs):
        assert summary and len(summary.split()) <= word_budget(cluster, summarizer.config.max_words)
        source = " ".join(s for a in cluster.articles for s in a.sentences)
        for sentence in split_sentences(summary):
            assert sentence[0].isupper() or not sentence[0].isalpha()
            # every capitalized word or number is written as some article writes it
            for word in sentence.replace(",", " ").replace(".", " ").split()[1:]:
                if word[:1].isupper() or word[:1].isdigit():
                    assert word.strip("\"'()") in source, (word, sentence)


def test_a_cluster_gets_the_same_summary_alone_and_in_a_batch_and_as_its_sentences(summarizer):
    clusters = [c for c in iter_clusters(EXAMPLES) if isinstance(c, Cluster)]
    summaries = summarizer.summarize(clusters)
    assert summarizer.summarize(clusters[:1]) == summaries[:1]
    assert [" ".join(s) for s in summarizer.summarize_sentences(clusters)] == summaries


def test_a_sentence_longer_than_the_encoder_is_truncated_not_an_error(summarizer):
    from summarize.records import Article

    assert summarizer.max_input_tokens <= 512  # the encoder's positions, not the config's 1024
    endless = " ".join(f"the council voted on item {i} and" for i in range(120)) + " adjourned."
    other = "The council met on Monday. " + endless.replace("voted on", "debated")
    cluster = Cluster("long", "long", [Article("a", "a", endless, sentences=[endless]),
                                       Article("b", "b", other, sentences=split_sentences(other))])
    (summary,) = summarizer.summarize([cluster])
    assert summary


def test_the_auto_budget_is_at_most_half_the_cluster_and_no_group_is_rewritten_twice(summarizer):
    from summarize.summarizer.packing import dedupe_sentences

    for cluster in (c for c in iter_clusters(EXAMPLES) if isinstance(c, Cluster)):
        distinct = sum(len(s.split()) for a in dedupe_sentences([a.sentences for a in cluster.articles]) for s in a)
        (summary,) = summarizer.summarize([cluster])
        assert len(summary.split()) <= distinct / 2
        sentences = split_sentences(summary)
        assert len(set(sentences)) == len(sentences), summary  # the same fact never written twice word for word
        groups = summarizer.fusion.groups(cluster)
        members = [s for _, _, sources in groups for s in sources]
        assert len(set(members)) == len(members)  # each source sentence serves in one group


def test_the_run_loads_the_checker_model_once_for_checking_and_verifying():
    from summarize.batch.pipeline import Pipeline
    from summarize.config import RunConfig

    pipeline = Pipeline(RunConfig())
    assert pipeline.summarizer.verifier_nli is pipeline.checker.nli


def test_a_rewrite_the_runs_checker_would_flag_is_replaced_by_its_source(summarizer, monkeypatch):
    from summarize.records import SentenceVerdict

    class FlagsEverything:
        def check_many(self, items):
            return [[SentenceVerdict(s, "unsupported", 0.0) for s in sentences] for _, sentences in items]

    monkeypatch.setattr(summarizer.fusion, "checker", FlagsEverything())
    cluster = next(c for c in iter_clusters(EXAMPLES) if isinstance(c, Cluster))
    sentences = summarizer.fusion.fuse(cluster, 80)
    assert sentences and not any(s.rewritten for s in sentences)  # every rewrite was refused
    assert all(s.text in s.sources for s in sentences)
