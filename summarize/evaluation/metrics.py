"""Binary metrics and threshold selection (scikit-learn underneath).

>>> best_threshold([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])
0.5
>>> round(balanced_accuracy([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 0.5), 3)
1.0
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.metrics import balanced_accuracy_score, roc_auc_score


def balanced_accuracy(scores, labels, threshold: float, hard_flags=None) -> float:
    """Predicted consistent iff score >= threshold and no hard flag (rule hit, contradiction)."""
    scores = np.asarray(scores, dtype=float)
    pred = scores >= threshold
    if hard_flags is not None:
        pred &= ~np.asarray(hard_flags, dtype=bool)
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
