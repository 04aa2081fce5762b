"""The plan-then-fuse backend with stand-in generators: grouping, guard, budget and order."""

from summarize.records import Article, Cluster
from summarize.summarizer.extractive import ExtractivePlanner
from summarize.summarizer.fusion import FusionSummarizer, clause_trim, support

CLUSTER = Cluster("c", "c", [
    Article("a", "a", "", sentences=[
        "The Harbor Bridge in Portland will close on Monday for six weeks of repairs.",
        "Crews will replace the steel deck, which is 60 years old.",
        "Mayor Ana Ruiz said ferries would run every 20 minutes."]),
    Article("b", "b", "", sentences=[
        "Portland's Harbor Bridge closes Monday for repairs lasting six weeks.",
        "Ferries will run every 20 minutes, Mayor Ana Ruiz said.",
        "Local shops fear losing customers during the closure."]),
])


def lower_first(texts):
    """A stand-in model that 'rewrites' each group as its first sentence, lower-cased."""
    return [t.split(". ")[0].lower().rstrip(".") + "." for t in texts]


def trim_first(texts):
    """A stand-in model that rewrites each group as its first sentence, lower-cased and cut at its first comma."""
    return [t.split(". ")[0].rstrip(".").split(",")[0].lower() + "." for t in texts]


def test_groups_pair_each_planned_sentence_with_its_closest_sentence_in_another_article():
    fusion = FusionSummarizer(lower_first, ExtractivePlanner(max_words=200))
    groups = fusion.groups(CLUSTER)
    assert groups
    by_planned = {planned: sources for _, planned, sources in groups}
    bridge = "The Harbor Bridge in Portland will close on Monday for six weeks of repairs."
    if bridge in by_planned:
        assert by_planned[bridge] == [bridge, "Portland's Harbor Bridge closes Monday for repairs lasting six weeks."]
    for _, planned, sources in groups:
        assert planned in sources and len(sources) <= 2


def test_rewrites_get_their_case_back_and_summaries_keep_source_order():
    fusion = FusionSummarizer(trim_first, ExtractivePlanner(max_words=200), max_words=200)
    sentences = fusion.fuse(CLUSTER)
    rewritten = [s for s in sentences if s.rewritten]
    assert rewritten and len(rewritten) < len(sentences)
    for s in rewritten:  # cut at the comma, capitalised again
        assert s.text[0].isupper() and "," not in s.text and clause_trim(s.text, s.sources)
    assert any("Harbor Bridge" in s.text and "Portland" in s.text for s in sentences)
    assert [s.position for s in sentences] == sorted(s.position for s in sentences)


def test_a_rewrite_in_the_planned_words_is_the_planned_sentence_not_a_rewrite():
    fusion = FusionSummarizer(lower_first, ExtractivePlanner(max_words=200), max_words=200, rewrites="any")
    sentences = fusion.fuse(CLUSTER)
    source = {s for a in CLUSTER.articles for s in a.sentences}
    assert sentences and all(s.text in source for s in sentences)  # in the articles' own case
    assert fusion.stats.unchanged and fusion.stats.rewritten < len(sentences)


def test_a_splice_of_two_runs_falls_back_unless_any_rewrite_is_allowed():
    def splice(texts):  # the first sentence's head joined to its tail: words of the source, but two runs
        return [" ".join(t.split(". ")[0].split()[:3] + t.split(". ")[0].split()[-3:]).lower() for t in texts]

    strict = FusionSummarizer(splice, ExtractivePlanner(max_words=200), max_words=200, min_words=1)
    assert not any(s.rewritten for s in strict.fuse(CLUSTER)) and strict.stats.rejected_trim
    loose = FusionSummarizer(splice, ExtractivePlanner(max_words=200), max_words=200, min_words=1, rewrites="any")
    assert any(s.rewritten for s in loose.fuse(CLUSTER))


def test_only_groups_with_a_clause_boundary_to_cut_at_are_sent_to_the_model():
    seen = []

    def recording(texts):
        seen.extend(texts)
        return trim_first(texts)

    fusion = FusionSummarizer(recording, ExtractivePlanner(max_words=200), max_words=200)
    fusion.fuse(CLUSTER)
    assert seen and all("," in text for text in seen)
    assert fusion.stats.not_cuttable


def test_an_unsupported_rewrite_falls_back_to_the_planned_sentence():
    invent = lambda texts: ["officials in berlin cancelled the olympic games yesterday."] * len(texts)  # noqa: E731
    fusion = FusionSummarizer(invent, ExtractivePlanner(max_words=200), max_words=200)
    sentences = fusion.fuse(CLUSTER)
    assert sentences and not any(s.rewritten for s in sentences)
    source = {s for a in CLUSTER.articles for s in a.sentences}
    assert all(s.text in source for s in sentences)
    assert fusion.stats.rewritten == 0 and fusion.stats.sentences == len(sentences)


def test_a_rewrite_that_leans_on_a_sentence_left_out_falls_back_to_the_planned_sentence():
    # the words are the sources' own, but "It" points at nothing the summary holds
    dangling = lambda texts: ["it " + lower_first([t])[0] for t in texts]  # noqa: E731
    fusion = FusionSummarizer(dangling, ExtractivePlanner(max_words=200), max_words=200)
    sentences = fusion.fuse(CLUSTER)
    assert sentences and not any(s.rewritten for s in sentences)
    assert not any(s.text.lower().startswith("it ") for s in sentences)


def test_the_word_budget_holds():
    fusion = FusionSummarizer(lower_first, ExtractivePlanner(max_words=30), max_words=30)
    assert sum(s.words for s in fusion.fuse(CLUSTER)) <= 30


def test_support_counts_content_words_found_in_the_sources():
    assert support("Ferries run every 20 minutes", ["Ferries will run every 20 minutes."]) == 1.0
    assert support("Trams run every 20 minutes", ["Ferries will run every 20 minutes."]) == 0.8  # trams, run, every, 20, minutes: all but "trams"


def test_a_rewrite_the_verifier_does_not_find_entailed_is_replaced():
    calls = []

    def verifier(pairs):
        calls.extend(pairs)
        return [0.1] * len(pairs)

    fusion = FusionSummarizer(trim_first, ExtractivePlanner(max_words=200), max_words=200, verifier=verifier)
    sentences = fusion.fuse(CLUSTER)
    assert calls and all(premise and hypothesis for premise, hypothesis in calls)
    assert not any(s.rewritten for s in sentences)
    assert fusion.stats.rejected_entailment == len(calls)


def test_groups_are_rewritten_in_batches_and_rewriting_stops_once_the_budget_is_full():
    calls = []

    def counting(texts):
        calls.append(len(texts))
        return lower_first(texts)

    planner = ExtractivePlanner(max_words=200)
    everything = FusionSummarizer(counting, planner, max_words=200, batch_size=2, rewrites="any")
    n_groups = len(everything.groups(CLUSTER))
    everything.fuse(CLUSTER)
    assert n_groups > 2 and sum(calls) == n_groups and max(calls) == 2  # room for all: every group, 2 at a time
    calls.clear()
    tight = FusionSummarizer(counting, planner, max_words=12, batch_size=1, rewrites="any")
    sentences = tight.fuse(CLUSTER)
    assert sentences and sum(s.words for s in sentences) <= 12
    assert sum(calls) < n_groups  # the budget filled before the plan ran out


class TwoSentencePlanner:
    """Plans two sentences from two articles, too unlike to be grouped, most salient first."""
    paraphrase = 0.85

    def select(self, cluster, max_words):
        import torch

        items = [(0, 0, cluster.articles[0].sentences[0]), (1, 0, cluster.articles[1].sentences[0])]
        return items, torch.eye(2), [0, 1]


def test_a_sentence_that_one_chosen_in_the_same_batch_entails_is_left_out():
    cluster = Cluster("c", "c", [
        Article("a", sentences=["Police say a man was found dead at the home of Andrew Getty, heir to the Getty oil fortune."]),
        Article("b", sentences=["A man has been found dead."])])
    said = lambda pairs: [0.95] * len(pairs)  # noqa: E731  # a stand-in NLI model: everything entails everything
    fusion = FusionSummarizer(lambda texts: texts, TwoSentencePlanner(), max_words=200, batch_size=8, verifier=said)
    sentences = fusion.fuse(cluster)
    assert [s.text for s in sentences] == [cluster.articles[0].sentences[0]]  # the second says nothing new
    assert fusion.stats.repeats == 1


def test_a_trim_never_stops_inside_an_aside_the_sentence_goes_on_after():
    from summarize.summarizer.fusion import clause_trim

    source = ["Most of the corn and soybeans grown in the united states, for example, have been genetically modified."]
    assert not clause_trim("Most of the corn and soybeans grown in the united states.", source)
    assert clause_trim("Crews will replace the deck.", ["Crews will replace the deck, which is 60 years old."])


def test_a_shorter_telling_of_a_chosen_sentence_is_a_repeat():
    from summarize.summarizer.redundancy import repeats

    chosen = ["Regarding the announcement by Ukrainian President Volodymyr Zelenskyy that he wanted to quickly apply "
              "for Ukraine's admission to NATO, Stoltenberg said that such a decision requires unanimity."]
    assert repeats("Kyiv had previously announced that it wanted to apply to join NATO.", chosen)
    assert not repeats("Stoltenberg emphasized the alliance's open-door policy.", chosen)
