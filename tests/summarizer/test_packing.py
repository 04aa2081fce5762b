from hypothesis import given
from hypothesis import strategies as st

from summarize.summarizer.packing import allocate_budgets, dedupe_sentences, pack_articles

from ..tiny_models import tokenizer


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=12), st.integers(0, 5000))
def test_budgets_never_exceed_room_or_need_and_use_what_they_can(lengths, total):
    budgets = allocate_budgets(lengths, total)
    assert sum(budgets) <= total
    assert all(0 <= b <= n for b, n in zip(budgets, lengths))
    if sum(lengths) <= total:
        assert budgets == lengths
    else:  # unused room is only what integer division leaves
        assert total - sum(budgets) < len(lengths)


def test_short_articles_hand_their_budget_to_long_ones():
    assert allocate_budgets([50, 1000, 1000], 1050) == [50, 500, 500]
    assert allocate_budgets([50, 1000], 1050) == [50, 1000]


def test_wire_copies_are_deduplicated_across_articles():
    a = ["Stoltenberg called it the worst escalation since February 24.", "He spoke in Brussels."]
    b = ["Stoltenberg called it the worst escalation since February 24 .", "Allies will not recognize it."]
    assert dedupe_sentences([a, b]) == [a, ["Allies will not recognize it."]]


def test_packing_respects_the_window_and_joins_with_the_separator():
    tok = tokenizer()
    articles = [[f"Article {i} sentence {j} about the flood in the valley." for j in range(30)] for i in range(3)]
    text, cut = pack_articles(articles, tok, 200, " ||||| ", dedupe=False)
    assert cut and text.count("|||||") == 2
    assert len(tok(text, add_special_tokens=False)["input_ids"]) <= 200
    for i in range(3):
        assert f"Article {i} sentence 0" in text
