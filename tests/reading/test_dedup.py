from summarize.reading import cleaning, dedup
from summarize.reading.dedup import MAX_CANDIDATES, DuplicateIndex


def test_the_index_finds_what_comparing_every_pair_finds():
    texts = ["The bridge will close on Monday for six weeks of repairs, officials said.",
             "Ferries will run every 20 minutes while the bridge is closed.",
             "The bridge will close on Monday for six weeks of repairs, officials say.",  # a copy of 0
             "Ferries will run every 30 minutes while the bridge is closed.",  # another number: not a copy
             "the bridge will close on monday for six weeks of repairs, officials said."]  # 0 again, case aside
    index: DuplicateIndex[int] = DuplicateIndex(90.0)
    found = []
    for k, text in enumerate(texts):
        by_pairs = next((j for j in range(k) if found[j] is None and cleaning.near_duplicate(texts[j], text)), None)
        hit = index.find(text)
        assert hit == by_pairs
        found.append(hit)
        if hit is None:
            index.add(text, k)
    assert found == [None, None, 0, None, 0]


def test_each_article_is_compared_with_a_bounded_number_of_others(monkeypatch):
    calls = 0
    real = dedup.near_duplicate

    def counting(a, b, threshold):
        nonlocal calls
        calls += 1
        return real(a, b, threshold)

    monkeypatch.setattr(dedup, "near_duplicate", counting)
    index: DuplicateIndex[int] = DuplicateIndex(90.0)
    n = 1000
    for k in range(n):  # no numbers: every article lands in one bucket
        text = f"Article {'abcdefghij'[k % 10]}" + " word" * (k % 50) + " ends here"
        if index.find(text) is None:
            index.add(text, k)
    assert calls <= n * MAX_CANDIDATES
    assert calls < n * n / 4
