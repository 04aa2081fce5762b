"""Reliability: does a sentence score of 0.9 mean that 9 such sentences in 10 are supported?

A reliability table bins sentence scores and sets, per bin, the mean score beside the share of
sentences a person labelled supported. The expected calibration error (ECE) is the mean gap
between the two, weighted by bin size. A calibration map fitted on one labelled set (Platt
scaling: a logistic regression on the logit of the score) is only worth shipping when it
lowers the ECE on sets it was not fitted on.

>>> table = reliability([0.1, 0.15, 0.9, 0.95], [0, 0, 1, 1], bins=(0.0, 0.5, 1.0))
>>> [(row["n"], row["mean_score"], row["supported"]) for row in table["bins"]]
[(2, 0.125, 0.0), (2, 0.925, 1.0)]
>>> table["ece"]
0.1
>>> platt = fit_platt([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
>>> 0.0 < platt(0.5) < 1.0 and platt(0.9) > platt(0.1)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0)


def reliability(scores: Sequence[float], labels: Sequence[int], bins: Sequence[float] = BINS) -> dict:
    """Per bin of scores: n, mean score and share supported; with the ECE over all bins.

    Bins are closed on the left and open on the right, except the last (a score of 1.0 is in it).
    """
    values = np.asarray(scores, dtype=float)
    truth = np.asarray(labels, dtype=int)
    index = np.clip(np.searchsorted(np.asarray(bins), values, side="right") - 1, 0, len(bins) - 2)
    rows, gap = [], 0.0
    for b in range(len(bins) - 1):
        inside = index == b
        n = int(inside.sum())
        if not n:
            continue
        mean_score, supported = float(values[inside].mean()), float(truth[inside].mean())
        gap += n * abs(mean_score - supported)
        rows.append({"low": bins[b], "high": bins[b + 1], "n": n, "mean_score": round(mean_score, 3),
                     "supported": round(supported, 3)})
    return {"n": int(len(values)), "base_rate": round(float(truth.mean()), 3), "bins": rows,
            "ece": round(gap / max(1, len(values)), 3)}


def _logit(scores) -> np.ndarray:
    p = np.clip(np.asarray(scores, dtype=float), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def fit_platt(scores: Sequence[float], labels: Sequence[int]) -> Callable[[float], float]:
    """A monotone map from score to P(supported), fitted by logistic regression on the score's logit."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit(_logit(scores)[:, None], np.asarray(labels, dtype=int))
    return lambda score: float(model.predict_proba(_logit([score])[:, None])[0, 1])
