import time

import pytest
import torch

from summarize.models.hub import ModelNotAvailable
from summarize.records import Article, Cluster
from summarize.summarizer import Summarizer
from summarize.summarizer.packing import PRIMERA_SEPARATOR


def cluster(n_articles=3, n_sentences=6, tag="x"):
    arts = [Article(f"a{i}", f"a{i}.txt", "", title=f"Title {i}",
                    sentences=[f"In {tag} report {i} the river rose {j} metres on day {j}." for j in range(n_sentences)])
            for i in range(n_articles)]
    return Cluster(tag, tag, arts)


GREEDY = dict(num_beams=1, max_new_tokens=12, min_new_tokens=4, no_repeat_ngram_size=0)


@pytest.mark.parametrize("kind", ["bart", "t5", "pegasus", "led", "llama"])
def test_any_checkpoint_loads_by_path_and_summarizes(tiny, kind):
    s = Summarizer(str(tiny(kind)), max_input_tokens=128, **GREEDY)
    assert s.backend == ("causal" if kind == "llama" else "seq2seq")
    out = s.summarize([cluster(), cluster(2, 3, "y")])
    assert len(out) == 2 and all(isinstance(o, str) and o for o in out)


@pytest.mark.parametrize("kind", ["bart", "t5", "llama"])
def test_batched_equals_unbatched_under_greedy_decoding(tiny, kind):
    s = Summarizer(str(tiny(kind)), max_input_tokens=96, **GREEDY)
    clusters = [cluster(3, 8, "a"), cluster(1, 2, "b"), cluster(2, 5, "c"), cluster(4, 1, "d")]
    one_by_one = [s.summarize([c], batch_size=1)[0] for c in clusters]
    assert s.summarize(clusters, batch_size=4) == one_by_one


def test_led_gets_doc_separators_and_global_attention(tiny, monkeypatch):
    s = Summarizer(str(tiny("led")), max_input_tokens=256, **GREEDY)
    assert s.is_led and PRIMERA_SEPARATOR in s.separator
    packed, _ = s.pack([["First article sentence."], ["Second article sentence."], ["Third one."]])
    assert packed.count(PRIMERA_SEPARATOR) == 2
    seen = {}
    original = s.model.generate

    def spy(**kwargs):
        seen.update(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(s.model, "generate", spy)
    s.generate([packed])
    glob, ids = seen["global_attention_mask"][0], seen["input_ids"][0]
    assert glob[0] == 1
    assert torch.equal(glob.nonzero().flatten()[1:], (ids == s.docsep_id).nonzero().flatten())


def test_t5_prefix_and_budget(tiny):
    s = Summarizer(str(tiny("t5")), max_input_tokens=64, prefix="summarize: ", dedupe_sentences=False, **GREEDY)
    packed, cut = s.pack([[f"Sentence {j} of a very long article about a storm." for j in range(40)]])
    assert packed.startswith("summarize: ") and cut
    assert len(s.tokenizer(packed)["input_ids"]) <= 64


def test_causal_prompt_uses_the_chat_template(tiny):
    s = Summarizer(str(tiny("llama")), max_input_tokens=200, **GREEDY)
    packed, _ = s.pack([["The dam opened on Monday."]])
    assert packed.startswith("<|user|>") and packed.rstrip().endswith("<|assistant|>")
    assert "The dam opened on Monday." in packed


def test_hierarchical_summarizes_groups_then_their_summaries(tiny, monkeypatch):
    s = Summarizer(str(tiny("bart")), max_input_tokens=48, long_input="hierarchical", group_size=2,
                   dedupe_sentences=False, **GREEDY)
    calls = []
    original = s.generate

    def spy(texts):
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(s, "generate", spy)
    (out,) = s.summarize([cluster(5, 10)])
    assert out and sum(calls) >= 4  # 3 groups, then at least one summary of their summaries
    truncating = Summarizer(str(tiny("bart")), max_input_tokens=48, dedupe_sentences=False, **GREEDY)
    monkeypatch.setattr(truncating, "generate", spy)
    calls.clear()
    truncating.summarize([cluster(5, 10)])
    assert calls == [1]


def test_int8_quantization_on_cpu(tiny):
    s = Summarizer(str(tiny("bart")), max_input_tokens=64, quantize_int8=True, **GREEDY)
    assert "Quantized" in type(s.model.model.encoder.layers[0].fc1).__name__ or "quantized" in str(type(s.model.model.encoder.layers[0].fc1)).lower()
    assert s.summarize([cluster()])[0]


@pytest.mark.parametrize("preset", ["bart-large-cnn", "primera-multinews", "pegasus-multinews", "flan-t5-large"])
def test_hub_presets_fail_fast_offline_naming_the_model(preset, monkeypatch):
    from summarize.config import load_config

    from ..conftest import ROOT

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = load_config(ROOT / "configs" / "summarizer" / f"{preset}.yaml")
    start = time.perf_counter()
    with pytest.raises(ModelNotAvailable) as err:
        Summarizer(config=config.summarizer)
    assert time.perf_counter() - start < 20
    message = str(err.value)
    assert config.summarizer.model in message and "summarizer.model" in message and "--local-dir" in message


def test_lead_and_extractive_backends_need_no_generator():
    c = Cluster("x", "x", [Article("a", "a", "", sentences=["The bridge closed on Monday for repairs.", "Ferries run.",
                                                            "Ferries will run every twenty minutes until it reopens."]),
                           Article("b", "b", "", sentences=["Officials closed the bridge on Monday.", "It costs $12 million."])])
    assert Summarizer("lead", max_words=14).summarize([c]) == ["The bridge closed on Monday for repairs. Officials closed the bridge on Monday."]
    assert Summarizer("lead", max_words=14, max_sentences=1).summarize([c]) == ["The bridge closed on Monday for repairs."]
    assert len(Summarizer("lead", max_words=500).summarize([c])[0].split()) <= 18  # never longer than the longest article (18 words)
    (extractive,) = Summarizer("extractive:minilm", max_words=25).summarize([c])
    sources = {s for a in c.articles for s in a.sentences}
    assert extractive and all(s in sources for s in extractive.replace(". ", ".\n").splitlines())


def test_the_repeat_ban_spares_source_ngrams_for_each_beam_of_each_input():
    import torch

    from summarize.summarizer.generation import NoRepeatNGramOutsideSource

    ban = NoRepeatNGramOutsideSource(2, sources=[[1, 2], [3, 4]], num_beams=2)
    ids = torch.tensor([[1, 2, 1], [1, 2, 1], [3, 4, 3], [1, 2, 1]])  # rows 0-1: input 0; rows 2-3: input 1
    scores = ban(ids, torch.zeros(4, 5))
    assert scores[0, 2] == 0 and scores[1, 2] == 0  # "1 2" is in input 0's source: may repeat
    assert scores[2, 4] == 0  # "3 4" is in input 1's source
    assert scores[3, 2] == float("-inf")  # "1 2" is not in input 1's source


def test_seq2seq_and_causal_summaries_end_on_a_whole_sentence(tiny, monkeypatch):
    summarizer = Summarizer(str(tiny("bart")), **GREEDY)
    monkeypatch.setattr(summarizer.tokenizer, "batch_decode",
                        lambda *a, **k: ['NATO met on Friday. "We stand together," he said. This was clearly'])
    assert summarizer.generate(["x"]) == ['NATO met on Friday. "We stand together," he said.']
