"""Leave one dataset out: does a decision chosen on some labelled sets hold on another?

The decision is the one ``summarize check`` makes: a summary is inconsistent when any sentence
scores below ``threshold`` or has a rule hit. For each dataset family, the threshold is chosen
on the *other* families (the one that maximises their mean balanced accuracy) and the held-out
family is scored with it. The floor is the untrained baseline chosen the same way: the mean over
summary sentences of the best MiniLM cosine to an article sentence.

Sets built from the same source data are one family (SummaC's SummEval and XSumFaith subsets
share documents and systems with SummEval and XSumFaith), so a family never helps choose its
own threshold.

>>> rows = {"a": [(0.9, 1.0, False, 1), (0.2, 1.0, False, 0)], "b": [(0.8, 1.0, False, 1), (0.1, 1.0, False, 0)]}
>>> table = leave_one_out(rows, grid=[0.5])
>>> table["a"]["bacc"], table["a"]["threshold"]
(100.0, 0.5)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .metrics import balanced_accuracy

FAMILIES = {"frank-valid": "frank", "frank-test": "frank", "summeval": "summeval", "summac-summeval": "summeval",
            "xsumfaith": "xsumfaith", "summac-xsumfaith": "xsumfaith", "summac-factcc": "factcc",
            "summac-polytope": "polytope", "qags-sentences": "qags"}
GRID = [round(x, 2) for x in np.arange(0.02, 1.0, 0.02)]

Row = tuple[float, float, bool, int]  # (lowest sentence score, mean best cosine, rule hit, label)


SCORES: dict[str, Callable[[float, float, float], float]] = {"nli": lambda nli, cosine, support: nli,
          "nli+cosine": lambda nli, cosine, support: (nli + cosine) / 2,
          "blend": lambda nli, cosine, support: (nli + cosine + support) / 3}
AGGREGATES: dict[str, Callable[[list[float]], float]] = {"min": min, "mean": lambda values: float(np.mean(values))}


def rows_from_benchmark(examples: dict, rules: bool = True, score: str = "nli",
                        aggregate: str = "min") -> dict[str, list[Row]]:
    """Per family, one row per summary from a stored checker benchmark (``docs/results``).

    A row's first column is the summary's score: the sentence ``score`` (NLI alone, or averaged
    with the sentence's MiniLM cosine and lexical support) aggregated over its sentences with
    ``aggregate``; ``min`` is the decision ``summarize check`` makes (any sentence below the
    threshold fails the summary)."""
    combine, over = SCORES[score], AGGREGATES[aggregate]
    out: dict[str, list[Row]] = {}
    for name, items in examples.items():
        family = FAMILIES.get(name)
        if family is None:
            continue
        for e in items:
            if not e["raw"]:
                continue
            hit = rules and any(e["rules"])
            signals = e.get("signals") or [(0.0, 0.0)] * len(e["raw"])
            cosine = float(np.mean([s[0] for s in signals]))
            summary = over([combine(nli, *s) for nli, s in zip(e["raw"], signals)])
            out.setdefault(family, []).append((summary, cosine, hit, int(e["label"])))
    return out


def _bacc(rows: list[Row], threshold: float, column: int) -> float:
    scores = [r[column] for r in rows]
    hard = [r[2] for r in rows] if column == 0 else None
    return 100 * balanced_accuracy(scores, [r[3] for r in rows], threshold, hard)


def _choose(families: dict[str, list[Row]], held_out: str | None, column: int, grid) -> float:
    """The threshold with the best mean balanced accuracy over every family but ``held_out``."""
    others = [rows for name, rows in families.items() if name != held_out]
    return max(grid, key=lambda t: (np.mean([_bacc(rows, t, column) for rows in others]), -abs(t - 0.5)))


def leave_one_out(families: dict[str, list[Row]], grid=GRID, cosine_grid=None) -> dict[str, dict]:
    """Per family: the threshold chosen on the others, balanced accuracy with it, and the floor's."""
    cosine_grid = cosine_grid or grid
    table = {}
    for name, rows in families.items():
        threshold = _choose(families, name, 0, grid)
        floor_threshold = _choose(families, name, 1, cosine_grid)
        table[name] = {"n": len(rows), "threshold": threshold, "bacc": round(_bacc(rows, threshold, 0), 1),
                       "floor_threshold": floor_threshold, "floor": round(_bacc(rows, floor_threshold, 1), 1)}
    return table


def at_threshold(families: dict[str, list[Row]], threshold: float) -> dict[str, float]:
    """Balanced accuracy of one fixed decision on every family."""
    return {name: round(_bacc(rows, threshold, 0), 1) for name, rows in families.items()}


def choose_decision(candidates: dict[str, dict[str, list[Row]]], grid=GRID) -> dict[str, dict]:
    """Leave one family out over decisions too: per held-out family, the candidate decision and
    threshold with the best mean balanced accuracy on the other families, scored on it.

    ``candidates`` maps a decision's name to its rows per family (:func:`rows_from_benchmark`).
    The choice of decision is made without the held-out family, so the figure is what a decision
    chosen this way would score on a dataset nobody looked at.
    """
    families = next(iter(candidates.values()))
    table = {}
    for name in families:
        def on_others(decision: str) -> tuple[float, float]:
            threshold = _choose(candidates[decision], name, 0, grid)
            others = [rows for family, rows in candidates[decision].items() if family != name]
            return float(np.mean([_bacc(rows, threshold, 0) for rows in others])), threshold

        chosen = {decision: on_others(decision) for decision in candidates}
        decision = max(chosen, key=lambda d: chosen[d][0])
        threshold = chosen[decision][1]
        table[name] = {"decision": decision, "threshold": threshold,
                       "bacc": round(_bacc(candidates[decision][name], threshold, 0), 1)}
    return table
