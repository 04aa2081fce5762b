"""Corruptions: the opt-in kinds stay out of the shipped recipe's data and do what they say."""

import random

import pytest

from summarize.training.corruptions import ALL_KINDS, BASE_KINDS, corrupt, swap_link, swap_pronoun, swap_roles

CLUSTER = '"We will rebuild," said Smith. Jones told reporters the storm hit after midnight. He was tired.'


def test_default_kinds_never_draw_the_new_corruptions():
    kinds = {corrupt("He said 42 homes were hit after midnight.", CLUSTER, random.Random(seed))[0] for seed in range(40)}
    assert kinds and kinds <= set(BASE_KINDS)


def test_all_kinds_reach_pronouns_and_links():
    kinds = {corrupt("He said 42 homes were hit after midnight.", CLUSTER, random.Random(seed), kinds=ALL_KINDS)[0]
             for seed in range(40)}
    assert {"pronoun", "link"} <= kinds


def test_only_the_asked_kind_is_applied():
    kind, sentence = corrupt("She left before noon.", CLUSTER, random.Random(0), kinds=("link",))
    assert (kind, sentence) == ("link", "She left after noon.")
    assert corrupt("Nothing to change here.", CLUSTER, random.Random(0), kinds=("link",)) is None


def test_unknown_kind_is_named():
    with pytest.raises(ValueError, match="coreference"):
        corrupt("He left.", CLUSTER, random.Random(0), kinds=("pronoun", "coreference"))


def test_pronoun_and_link_keep_case_and_whole_words():
    assert swap_pronoun("Her plan worked.", random.Random(0)) == "His plan worked."
    assert swap_pronoun("The theme park opened.", random.Random(0)) is None  # "he" inside "theme"
    assert swap_link("Prices Rose sharply.", random.Random(0)) == "Prices Fell sharply."
    assert swap_link("The firstborn left.", random.Random(0)) is None


def test_roles_swap_two_names_and_skip_names_inside_others():
    assert swap_roles("Smith beat Jones.", ["Smith", "Jones"], random.Random(1)) == "Jones beat Smith."
    assert swap_roles("John Smith spoke.", ["John Smith", "Smith"], random.Random(0)) is None
