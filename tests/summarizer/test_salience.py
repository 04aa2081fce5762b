"""The learned salience scorer: features per candidate, both links, and a saved model read back."""

from __future__ import annotations

import json

import pytest
import torch

from summarize.summarizer.salience import FEATURES, SalienceScorer, features

ITEMS = [(0, 0, "The Harbor Bridge will close on Monday for six weeks of repairs."),
         (0, 1, "He said the work was overdue."),
         (1, 0, "Ferries will run every 20 minutes while the bridge is closed.")]


def _vectors() -> torch.Tensor:
    torch.manual_seed(0)
    return torch.nn.functional.normalize(torch.randn(len(ITEMS), 8), dim=1)


def test_one_row_of_features_per_candidate():
    x = features(ITEMS, _vectors())
    assert x.shape == (3, len(FEATURES))
    row = dict(zip(FEATURES, x[1].tolist()))
    assert row["first"] == 0.0 and row["leans_back"] == 1.0 and row["articles"] == pytest.approx(torch.log(torch.tensor(2.0)).item())


@pytest.mark.parametrize("link", ["logistic", "identity"])
def test_saved_scorer_scores_the_same(tmp_path, link):
    weights = [0.1 * (k + 1) for k in range(len(FEATURES))]
    scorer = SalienceScorer(weights, -0.2, [0.0] * len(FEATURES), [1.0] * len(FEATURES), link=link)
    path = tmp_path / "salience.json"
    path.write_text(json.dumps({"features": list(FEATURES), "weights": weights, "bias": -0.2,
                                "mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES), "link": link}))
    loaded = SalienceScorer.load(path)
    vectors = _vectors()
    assert torch.allclose(loaded.score(None, ITEMS, vectors), scorer.score(None, ITEMS, vectors))
    raw = features(ITEMS, vectors) @ torch.tensor(weights) - 0.2
    expected = torch.sigmoid(raw) if link == "logistic" else raw
    assert torch.allclose(scorer.score(None, ITEMS, vectors), expected, atol=1e-6)


def test_a_model_for_other_features_is_refused():
    with pytest.raises(ValueError, match="features"):
        SalienceScorer([1.0], 0.0, [0.0], [1.0], names=("centrality",))
    with pytest.raises(ValueError, match="link"):
        SalienceScorer([0.0] * len(FEATURES), 0.0, [0.0] * len(FEATURES), [1.0] * len(FEATURES), link="probit")
