"""Rewording pairs: journalists' rewordings across a cluster's articles, each with a corrupted twin."""

import json
import random
import re

import torch

from summarize.training import mix_pairs
from summarize.training.reworded_pairs import covered, meaning_preserving, reworded_pairs, swap_entities

ARTICLES = [["Police said 42 people were hurt when the roof of the Oslo arena collapsed on Friday night.",
             "The arena had been inspected in March, officials said."],
            ["The collapse of the arena roof in Oslo on Friday injured 42 people, according to police.",
             "Engineers will examine the remaining structure next week."]]


def fake_embed(sentences):
    """Two sentences about the roof are close (0.8), everything else far apart."""
    vectors = torch.zeros(len(sentences), 4)
    for i, sentence in enumerate(sentences):
        vectors[i, 0 if "roof" in sentence else 1 + i % 3] = 1.0
        if "roof" in sentence:
            vectors[i, 3] = 0.75 if "collapse of" in sentence else 0.0
    return torch.nn.functional.normalize(vectors, dim=-1)


def test_an_aligned_rewording_is_entailed_and_its_corrupted_twin_contradicted():
    pairs = reworded_pairs(ARTICLES, fake_embed, random.Random(0), corruptions=("number",))
    assert [p["label"] for p in pairs] == ["entailment", "contradiction"]
    positive, negative = pairs
    assert positive["source"] == "reworded" and "42" in positive["hypothesis"]
    assert negative["premise"] == positive["premise"] and re.findall(r"\d+", negative["hypothesis"]) != ["42"]


def test_a_hypothesis_with_a_fact_the_premise_lacks_is_not_a_rewording():
    assert covered("The roof collapsed on Friday.", "The roof collapsed on Friday night.", 0.5)
    assert not covered("The roof collapsed on Saturday.", "The roof collapsed on Friday night.", 0.5)
    assert not covered("43 people were hurt.", "42 people were hurt.", 0.5)


def test_meaning_preserving_edits_and_role_swaps():
    assert meaning_preserving('"I will stay," Smith said.') == []  # first person: not rewritten
    assert swap_entities("On Sunday, Eastport defeated Westport in the final.", random.Random(0)) == \
        "On Sunday, Westport defeated Eastport in the final."
    assert swap_entities("Eastport won.", random.Random(0)) is None


def test_mix_pairs_shuffles_and_repeats_what_it_is_asked_to(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(json.dumps({"source": s, "i": i}) for i, s in enumerate(["window", "reworded", "snli"])) + "\n")
    b.write_text(json.dumps({"source": "user-indirect-speech", "i": 9}) + "\n")
    mix_pairs.main([str(tmp_path / "mix.jsonl"), str(a), str(b), "--repeat-source", "reworded", "--seed", "1"])
    rows = [json.loads(line) for line in (tmp_path / "mix.jsonl").read_text().splitlines()]
    assert sorted(r["i"] for r in rows) == [0, 1, 1, 2, 9]
