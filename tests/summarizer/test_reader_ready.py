"""Issue 30: summaries a reader would use. Realistic invented clusters in Multi-News's own form
(lower-cased articles, scraping residue, an unrelated article, wire copies telling one fact twice)."""

import warnings

import pytest

from summarize.records import Article, Cluster
from summarize.summarizer import Summarizer
from summarize.summarizer.casing import CaseRestorer, introduce, people, polish
from summarize.summarizer.extractive import ExtractivePlanner, leans_back, output_order


def article(id_, sentences):
    return Article(id_, f"{id_}.txt", " ".join(sentences), sentences=sentences)


ESCAPE = Cluster("escape", "escape", [
    article("wire", [
        "Two inmates escaped from the george county regional correctional facility in lucedale, mississippi, on sunday night.",
        "The pair climbed through a ceiling vent and scaled a fence, sheriff keith havard said.",
        "Joshua vallum, 29, and dylan mcneil, 31, were both awaiting trial on burglary charges.",
        "Vallum was caught on monday morning near a gas station about 10 miles away.",
    ]),
    article("local", [
        "Two inmates broke out of the george county jail in lucedale late on sunday, the sheriff's office said.",
        "Deputies searched the woods around the jail with dogs through the night.",
        "Mcneil remained at large on monday, and the sheriff asked residents to lock their cars.",
        "The escape was the first from the jail since it opened in 2004.",
    ]),
    article("other", [
        "The city council approved a new budget for the public library on tuesday.",
        "The library will extend its weekend opening hours from march.",
        "Council members also voted to repave three streets downtown.",
        "The library's director welcomed the decision, saying it was overdue.",
    ]),
])


@pytest.fixture(scope="module")
def planner():
    return ExtractivePlanner()


def test_an_article_about_something_else_gives_no_sentence(planner):
    items, vectors, chosen = planner.select(ESCAPE, 200)
    assert chosen and all(items[i][0] != 2 for i in chosen)
    assert planner.unrelated(*planner.select(ESCAPE, 200)[:2]) == {2}


def test_a_sentence_that_leans_back_comes_only_after_its_antecedent(planner):
    order = planner.plan(ESCAPE, 200)
    seen = set()
    for article_index, position, sentence in order:
        if leans_back(sentence):
            assert (article_index, position - 1) in seen, sentence
        seen.add((article_index, position))


def test_no_fact_twice(planner):
    sentences = [s for _, _, s in planner.plan(ESCAPE, 200)]
    opening = [s for s in sentences if "inmates" in s and ("escaped" in s or "broke out" in s)]
    assert len(opening) == 1, sentences


def test_names_are_recased_and_introduced_in_full():
    summary = Summarizer("extractive:minilm", max_words=80).summarize_sentences([ESCAPE])[0]
    text = " ".join(summary)
    assert "Lucedale" in text or "Vallum" in text or "Mcneil" in text, text
    for surname, full in [("Vallum", "Joshua Vallum")]:
        if surname in text:
            assert text.index(full) <= text.index(surname), text


def test_case_comes_back_from_a_cased_sibling_and_a_cased_article_is_left_alone():
    r = CaseRestorer(["Officials at Johns Hopkins University said Joshua Vallum was held in Lucedale."], lexicon={})
    assert r.restore("Experts at johns hopkins university say vallum was held.") == \
        "Experts at Johns Hopkins University say Vallum was held."
    cased = Cluster("c", "c", [article("a", ["The Harbor Bridge will close on Monday for repairs.",
                                              "About 28,000 vehicles cross the bridge every day."])])
    assert polish(cased, ["About 28,000 vehicles cross the bridge every day."]) == \
        ["About 28,000 vehicles cross the bridge every day."]


def test_a_person_is_named_in_full_at_first_mention_within_the_budget():
    known = people(["Prosecutor Ann Malone filed the charges.", "Malone said the case was strong."])
    assert known == {"Malone": "Ann Malone"}
    assert introduce(["Malone said the case was strong.", "Ann Malone filed charges."], known)[0] == \
        "Ann Malone said the case was strong."
    cluster = Cluster("c", "c", [article("a", ["Prosecutor Ann Malone filed the charges on Monday.",
                                              "Malone said the case was strong.", "The trial starts in June."])])
    out = polish(cluster, ["Malone said the case was strong.", "The trial starts in June."], max_words=7)
    assert out == ["Ann Malone said the case was strong."]


def test_leaning_sentences():
    assert all(leans_back(s) for s in ["The pair fled on foot.", '"That is not true," he said.', "But the mayor left.",
                                       "On Monday, she resigned.", "The escape was the first in years."])
    assert not any(leans_back(s) for s in ["Ann Malone filed the charges.", "The man who drove the car was held.",
                                           "The National Weather Service issued a warning."])


def test_the_main_fact_opens_the_summary():
    assert output_order([(1, 3, "Main."), (0, 0, "A."), (0, 1, "He left."), (1, 0, "B.")])[0] == (1, 3, "Main.")


def test_max_words_on_a_backend_that_ignores_it_warns(tiny):
    with pytest.warns(UserWarning, match="max_words"):
        Summarizer(str(tiny("bart")), max_words=120, num_beams=1, max_new_tokens=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Summarizer(str(tiny("bart")), num_beams=1, max_new_tokens=8)


def test_summarize_is_the_join_of_summarize_sentences():
    s = Summarizer("extractive:minilm", max_words=60)
    assert s.summarize([ESCAPE]) == [" ".join(s.summarize_sentences([ESCAPE])[0])]
