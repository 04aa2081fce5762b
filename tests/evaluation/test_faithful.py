"""The faithful-sentence benchmark's data and its figures."""

from summarize.evaluation.faithful import load_claims, load_clusters, summarize_rows


def test_eight_clusters_with_eighty_faithful_and_eighty_planted_errors():
    claims = load_claims(sets=("editor",))
    clusters = load_clusters(seeds=None)
    assert sum(c.label == "faithful" for c in claims) >= 80 and sum(c.label == "error" for c in claims) >= 80
    assert {c.type for c in claims if c.label == "error"} >= {"date", "number", "name", "quote", "attribution",
                                                                "negation", "claim"}
    assert {c.split for c in claims} == {"dev", "heldout"}
    final = load_claims(sets=("final",))
    assert {c.split for c in final} == {"final"} and len({c.cluster for c in final}) == 3
    assert {c.cluster for c in claims + final} == set(clusters)  # every invented cluster has its claims
    for cluster in clusters.values():
        assert len(cluster.articles) >= 2 and all(len(a.sentences) >= 4 for a in cluster.articles)


def test_new_users_rewordings_of_the_seed_cluster_include_role_swaps():
    seed = load_claims(sets=("seed",))
    assert {c.cluster for c in seed} == {"nato-stoltenberg"} and {c.split for c in seed} == {"dev", "heldout"}
    assert sum(c.label == "faithful" for c in seed) == 20 and sum(c.type == "role-swap" for c in seed) >= 5
    assert {"indirect-speech", "title-for-name", "negation-moved", "passive", "fusion"} <= {c.type for c in seed}
    assert all(c.note for c in seed if c.label == "error")


def test_rates_count_passes_flags_and_types():
    rows = [{"label": "faithful", "type": "paraphrase", "flagged": False, "typed": False},
            {"label": "faithful", "type": "fusion", "flagged": True, "typed": False},
            {"label": "error", "type": "date", "flagged": True, "typed": True},
            {"label": "error", "type": "claim", "flagged": False, "typed": False}]
    summary = summarize_rows(rows)
    assert summary["faithful_passed"] == 0.5 and summary["errors_flagged"] == 0.5
    assert summary["date_number_quote_typed"] == 1.0
