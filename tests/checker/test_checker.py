import pytest

from summarize.checker import ConsistencyChecker
from summarize.checker.checker import as_articles
from summarize.reading.reader import iter_clusters
from summarize.records import Cluster

from ..conftest import EXAMPLES, embedded_checker_available

DOCS = ["The bridge will close on Monday, March 3, for six weeks. Repairs cost $12 million, officials said.",
        '"We cannot take chances," said Mayor Elena Marsh. She spoke on Thursday.']


def test_plumbing_with_a_tiny_model(tiny):
    checker = ConsistencyChecker(str(tiny("nli")), top_k=2, threshold=0.0)
    verdicts = checker.check(DOCS, "The bridge will close on Friday. It will cost $12 million. He said it.")
    assert [v.text for v in verdicts] == ["The bridge will close on Friday.", "It will cost $12 million.", "He said it."]
    friday, money, _ = verdicts
    assert friday.label != "supported" and friday.issues[0].type == "date"
    assert money.label in ("supported", "contradicted") and 0.0 <= money.score <= 1.0
    assert 1 <= len(money.evidence) <= 3 and all(e.article in ("doc1", "doc2") for e in money.evidence)


def test_articles_with_no_indexable_word_are_still_checked(tiny):
    # bm25s builds no index from stop words alone; the checker must still score every unit
    verdicts = ConsistencyChecker(str(tiny("nli")), top_k=1).check(["It is. A b.", "It was. C d."], "Stocks fell on Monday.")
    assert len(verdicts) == 1 and len(verdicts[0].evidence) >= 1


def test_the_blend_score_averages_entailment_similarity_and_lexical_support(tiny):
    from summarize.checker.decision import blend

    summary = "Repairs cost $12 million, officials said. Penguins sang opera in Lisbon."
    nli = ConsistencyChecker(str(tiny("nli")), rules=False).check(DOCS, summary)
    blended = ConsistencyChecker(str(tiny("nli")), rules=False, score="blend")
    copied, invented = blended.check(DOCS, summary)
    sources = [s for sents in as_articles(DOCS).values() for s in sents]
    (sim_copied, sup_copied), (sim_invented, sup_invented) = blended.signals([copied.text, invented.text], sources)
    assert sim_copied == pytest.approx(1.0, abs=1e-4) and sup_copied == 1.0  # a sentence of the article
    assert sim_invented < 0.5 and sup_invented == 0.0
    assert copied.score == pytest.approx(blend(nli[0].score, sim_copied, sup_copied), abs=1e-4)
    assert invented.score == pytest.approx(blend(nli[1].score, sim_invented, sup_invented), abs=1e-4)
    assert copied.score > invented.score


def test_top_k_zero_scores_every_unit(tiny, monkeypatch):
    checker = ConsistencyChecker(str(tiny("nli")), top_k=0)
    calls = []
    original = checker.nli.predict

    def spy(pairs, *a, **k):
        calls.append(len(pairs))
        return original(pairs, *a, **k)

    monkeypatch.setattr(checker.nli, "predict", spy)
    checker.check(DOCS, "The bridge will close.")
    n_units = 4 + 2 + 0  # 4 sentences; 2 windows of 2; no window of 3 (articles have 2 sentences)
    assert calls == [n_units]
    calls.clear()
    checker.config.top_k = 2
    checker.check(DOCS, "The bridge will close.")
    assert calls == [2]


def test_pronoun_sentences_get_the_previous_sentence_as_context(tiny):
    checker = ConsistencyChecker(str(tiny("nli")), top_k=3)
    job = checker._job(DOCS, "Mayor Elena Marsh spoke on Thursday. She said the city cannot take chances.")
    assert job.hypotheses[1] == ["She said the city cannot take chances.",
                                 "Mayor Elena Marsh spoke on Thursday. She said the city cannot take chances."]


def test_many_pairs_are_batched_together_and_empty_inputs_are_safe(tiny):
    checker = ConsistencyChecker(str(tiny("nli")))
    out = checker.check_many([(DOCS, "The bridge will close."), (["Only one doc here."], ""), ([""], "A claim.")])
    assert len(out) == 3 and out[1] == []
    assert out[2][0].label == "unsupported" and out[2][0].score == 0.0


def test_as_articles_accepts_clusters_lists_and_strings():
    (cluster,) = [c for c in iter_clusters(EXAMPLES / "harbor-bridge") if isinstance(c, Cluster)]
    assert set(as_articles(cluster)) == {a.id for a in cluster.articles}
    assert list(as_articles("One. Two.")) == ["doc1"]


needs_embedded = pytest.mark.skipif(not embedded_checker_available(), reason="the embedded checker's files are missing from this install")


@needs_embedded
def test_embedded_checker_flags_planted_errors_and_accepts_faithful_sentences():
    (cluster,) = [c for c in iter_clusters(EXAMPLES / "harbor-bridge") if isinstance(c, Cluster)]
    checker = ConsistencyChecker()
    faithful = ["The Harbor Bridge in Port Alden will close on Monday, March 3, for six weeks of repairs.",
                "Inspectors found corrosion in 14 of the bridge's 40 steel cables.",
                "Alden Ferries will add two boats during the closure."]
    planted = ["The Harbor Bridge will close on Tuesday, March 3.",
               "Inspectors found corrosion in 16 of the bridge's 40 steel cables.",
               '"We cannot take any chances with public safety," said Tomas Reyes.',
               "The bridge will be demolished and replaced by a tunnel next year."]
    verdicts = checker.check(cluster, faithful + planted)
    assert [v.label for v in verdicts[:3]] == ["supported"] * 3, [(v.text, v.score) for v in verdicts[:3]]
    assert all(v.flagged for v in verdicts[3:]), [(v.text, v.label, v.score) for v in verdicts[3:]]
    types = [v.issues[0].type for v in verdicts[3:]]
    assert types[:3] == ["date", "number", "attribution"]


def test_copies_supported_passes_word_for_word_copies_only(tiny):
    summary = ["repairs cost  $12 million, officials said.", "Repairs cost $14 million, officials said.",
               "The bridge will close on Monday, March 3, for six weeks. Repairs cost $12 million, officials said."]
    plain = ConsistencyChecker(str(tiny("nli")), top_k=1, threshold=0.999, copies_supported=False).check(DOCS, summary)
    copies = ConsistencyChecker(str(tiny("nli")), top_k=1, threshold=0.999).check(DOCS, summary)  # the default
    assert all(v.flagged for v in plain)  # a random tiny model never reaches 0.999
    copy, changed, window = copies
    assert copy.label == "supported" and copy.score == 1.0 and not copy.issues
    assert copy.evidence[0].sentence == "Repairs cost $12 million, officials said." and copy.evidence[0].score == 1.0
    assert window.label == "supported" and window.evidence[0].sentence == DOCS[0]  # a two-sentence window
    assert changed.flagged and changed.issues[0].type == "number"  # one changed fact is no copy


SEED_FAITHFUL = ["According to the NATO chief, Russia's partial mobilisation, nuclear threats and annexations were a sign of "
                 "weakness, not of strength.",
                 "The NATO chief said the allies do not recognise the annexed territories as Russian."]
SEED_ROLE_SWAPS = ["Putin warned that NATO would face serious consequences if it used nuclear weapons.",
                   "Russia strongly condemned NATO's annexation of Ukrainian regions."]


@needs_embedded
def test_rewordings_of_the_seed_cluster_are_never_contradicted_and_role_swaps_are_flagged(shared):
    (cluster,) = [c for c in iter_clusters(shared / "seeds" / "nato-stoltenberg") if isinstance(c, Cluster)]
    verdicts = ConsistencyChecker().check(cluster, SEED_FAITHFUL + SEED_ROLE_SWAPS)
    assert all(v.label != "contradicted" for v in verdicts[:2]), [(v.label, v.contradiction) for v in verdicts[:2]]
    assert all(v.flagged and v.issues[0].type == "attribution" for v in verdicts[2:]), [v.issues for v in verdicts[2:]]


@needs_embedded
def test_messages_name_the_fact_the_articles_give():
    (cluster,) = [c for c in iter_clusters(EXAMPLES / "harbor-bridge") if isinstance(c, Cluster)]
    (verdict,) = ConsistencyChecker().check(cluster, ["The Harbor Bridge will close on Tuesday, March 3."])
    assert [i.message for i in verdict.issues] == ["date 'Tuesday' is not in any article; the articles say 'Monday'"]
