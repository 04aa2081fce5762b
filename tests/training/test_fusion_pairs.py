from summarize.training.fusion_pairs import align, cluster_pairs, reference_sentences


def test_align_picks_the_sentence_that_covers_the_target_and_a_second_only_when_it_adds():
    sources = ["The storm closed the port of Hamburg on Tuesday.", "Ships waited offshore.",
               "Officials said 40 ships were delayed by the storm."]
    picked, coverage = align("The storm closed Hamburg's port on Tuesday, delaying 40 ships.", sources)
    assert picked == [0, 2] and coverage == 7 / 8  # all content words but "delaying"
    picked, _ = align("The storm closed the port of Hamburg on Tuesday.", sources)
    assert picked == [0]


def test_reference_sentences_drop_the_leading_dash_and_fragments():
    assert reference_sentences("– The port closed on Tuesday. Ok then. Ships waited offshore for days.") == [
        "The port closed on Tuesday.", "Ships waited offshore for days."]


def test_cluster_pairs_keep_only_well_covered_sentences():
    documents = ["The storm closed the port of Hamburg on Tuesday. Officials said 40 ships were delayed."]
    summary = "The storm shut Hamburg's port on Tuesday. Critics blamed the mayor for poor planning everywhere."
    pairs = cluster_pairs(documents, summary)
    assert [p["summary"] for p in pairs] == ["The storm shut Hamburg's port on Tuesday."]
    assert pairs[0]["text"] == "The storm closed the port of Hamburg on Tuesday."
    assert pairs[0]["n_sources"] == 1 and pairs[0]["coverage"] >= 0.6
