"""Binary metrics and threshold selection (scikit-learn underneath).

>>> best_threshold([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])
0.5
>>> round(balanced_accuracy([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 0.5), 3)
1.0
>>> paired_bootstrap([0.5, 0.6, 0.7, 0.8], [0.4, 0.5, 0.6, 0.7])  # B beats A by 0.1 on every example
(0.1, 0.1, 0.1)
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.metrics import balanced_accuracy_score, roc_auc_score

from ..checker.decision import flagged


def balanced_accuracy(scores, labels, threshold: float, hard_flags=None) -> float:
    """Predicted consistent iff not :func:`~summarize.checker.decision.flagged` (score below the
    threshold, or a hard flag: a rule hit)."""
    hard = [False] * len(scores) if hard_flags is None else hard_flags
    pred = np.array([not flagged(float(s), threshold, bool(h)) for s, h in zip(scores, hard)], dtype=bool)
    with warnings.catch_warnings():  # a one-class slice is reported as is, not warned about
        warnings.simplefilter("ignore")
        return float(balanced_accuracy_score(np.asarray(labels, dtype=int), pred.astype(int)))


def roc_auc(scores, labels) -> float | None:
    labels = np.asarray(labels, dtype=int)
    if labels.min() == labels.max():
        return None
    return float(roc_auc_score(labels, np.asarray(scores, dtype=float)))


def best_threshold(scores, labels, hard_flags=None) -> float:
    """The threshold that maximises balanced accuracy (midpoints between sorted scores)."""
    values = np.unique(np.asarray(scores, dtype=float))
    candidates = np.concatenate([[values[0] - 1e-6], (values[1:] + values[:-1]) / 2, [values[-1] + 1e-6]])
    accuracies = [balanced_accuracy(scores, labels, t, hard_flags) for t in candidates]
    return float(round(candidates[int(np.argmax(accuracies))], 6))


def paired_bootstrap(system, baseline, resamples: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    """Mean of ``system - baseline`` over paired examples, with a 95 % bootstrap interval.

    Examples are resampled with replacement ``resamples`` times (fixed seed); the interval is the
    2.5th and 97.5th percentile of the resampled means. An interval above zero says the gain holds
    beyond the luck of which examples were drawn.
    """
    diff = np.asarray(system, dtype=float) - np.asarray(baseline, dtype=float)
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(resamples, len(diff)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(round(diff.mean(), 6)), float(round(low, 6)), float(round(high, 6))
