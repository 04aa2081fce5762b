"""``summarize evaluate checker --data ../shared/data``: the checker's benchmark table.

Balanced accuracy (threshold and aggregation chosen on FRANK valid only) and ROC AUC on FRANK
test (and its CNN/DM and XSum parts), SummEval, XSumFaith, the four SummaC subsets and QAGS at
sentence level; FRANK recall per error type; NLI alone, the blend of NLI with similarity and
lexical support, each with and without the fact rules, side by side.
Writes its section of ``docs/BENCHMARKS.md`` with the command and the machine.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from ..checker.decision import flagged
from .labelled import FRANK_ERRORS, benchmark_sets
from .metrics import balanced_accuracy, best_threshold, roc_auc
from .report_md import write_section
from .scoring import reuse_scores, score_examples

# Sets are subsampled (fixed seed) to fit a 2-core CPU budget of about 35 minutes; n is in the table.
# --full scores every example (about 2 hours on 2 cores).
SUBSAMPLE = {"frank-valid": 400, "frank-test": 800, "summeval": 300, "xsumfaith": 500, "summac-polytope": 300,
             "summac-xsumfaith": 300, "qags-sentences": 600}
FLOOR = {"frank-test": 75.8, "frank-test/cnndm": 61.9, "frank-test/xsum": 52.9, "summeval": 63.4, "xsumfaith": 52.1,
         "qags-sentences": 66.0}
SUMMAC_ZS = {"frank-test": 79.0, "summeval": 78.7, "xsumfaith": 58.4, "summac-polytope": 62.0, "summac-factcc": 83.8}


def _subsets(name, examples):
    yield name, list(range(len(examples)))
    if name == "frank-test":
        for part in ("cnndm", "xsum"):
            yield f"{name}/{part}", [i for i, e in enumerate(examples) if e.meta.get("part") == part]


VARIANTS = {"nli": (False, "nli"), "nli+rules": (True, "nli"), "blend": (False, "blend"), "blend+rules": (True, "blend")}


def _valid(scored: dict, sets: dict, rules: bool, score: str, aggregate: str) -> tuple[list, list]:
    valid = [s.summary(aggregate, rules, score) for s in scored["frank-valid"]]
    return valid, [e.label for e in sets["frank-valid"]]


def _apply(scored: dict, sets: dict, rules: bool, score: str, aggregate: str, threshold: float) -> dict:
    """Rows (BAcc at ``threshold``, AUC) for every set but FRANK valid, and FRANK test recall per error type."""
    rows = {}
    for name, examples in sets.items():
        if name == "frank-valid":
            continue
        for sub, idx in _subsets(name, examples):
            s = [scored[name][i].summary(aggregate, rules, score) for i in idx]
            y = [examples[i].label for i in idx]
            rows[sub] = {"n": len(idx), "positive": int(sum(y)),
                         "bacc": 100 * balanced_accuracy([v[1] for v in s], y, threshold, [v[2] for v in s]),
                         "auc": (lambda a: None if a is None else 100 * a)(roc_auc([v[0] for v in s], y))}
    frank = sets["frank-test"]
    recall = {}
    for error in FRANK_ERRORS:
        idx = [i for i, e in enumerate(frank) if float(e.meta.get(error, 1.0)) < 1.0]
        if idx:
            s = [scored["frank-test"][i].summary(aggregate, rules, score) for i in idx]
            hits = [flagged(v[1], threshold, v[2]) for v in s]
            recall[error] = {"n": len(idx), "recall": 100 * float(np.mean(hits))}
    return {"rows": rows, "recall": recall}


def evaluate(scored: dict, sets: dict, product=None) -> dict:
    """Pick aggregation + threshold on FRANK valid, per variant; apply everywhere.

    ``product``, a ``CheckerConfig``, adds a column for the decision ``summarize check`` makes with it:
    its own ``threshold``, ``score`` and ``rules``, and a summary passes when no sentence is flagged
    (``min`` over sentences). Nothing in that column is chosen here.
    """
    results: dict[str, dict] = {"variants": {}}
    for variant, (rules, score) in VARIANTS.items():
        best: tuple[str, float, float] | None = None
        for aggregate in ("min", "mean"):
            valid, labels = _valid(scored, sets, rules, score, aggregate)
            t = best_threshold([v[1] for v in valid], labels, [v[2] for v in valid])
            bacc = balanced_accuracy([v[1] for v in valid], labels, t, [v[2] for v in valid])
            if best is None or bacc > best[2]:
                best = (aggregate, t, bacc)
        assert best is not None
        aggregate, threshold, valid_bacc = best
        results["variants"][variant] = {"aggregate": aggregate, "threshold": threshold, "frank_valid_bacc": 100 * valid_bacc,
                                        **_apply(scored, sets, rules, score, aggregate, threshold)}
    if product is not None:
        valid, labels = _valid(scored, sets, product.rules, product.score, "min")
        bacc = balanced_accuracy([v[1] for v in valid], labels, product.threshold, [v[2] for v in valid])
        results["variants"]["config"] = {
            "aggregate": "min", "threshold": product.threshold, "frank_valid_bacc": 100 * bacc,
            "score": product.score, "rules": product.rules,
            **_apply(scored, sets, product.rules, product.score, "min", product.threshold)}
    return results


def render(results: dict, meta: dict) -> str:
    variants = results["variants"]
    names = list(variants)
    fmt = lambda x: "–" if x is None else f"{x:.1f}"  # noqa: E731
    chosen = "; ".join(f"{name} `{v['aggregate']}` over sentences at {v['threshold']:.4f} (valid BAcc "
                       f"{v['frank_valid_bacc']:.1f})" for name, v in variants.items() if name != "config")
    lines = [
        f"Command: `{meta['command']}`  ",
        f"Machine: {meta['machine']}; {meta['seconds']:.0f} s for {meta['n_examples']} examples "
        f"({meta['pairs_per_second']:.0f} NLI pairs/s).  ",
        f"Checker: `{meta['model']}` (sha256 of weights: {meta['weights']}), top_k {meta['top_k']}, "
        f"retriever {meta['retriever']}, windows {meta['windows']}"
        + (", copy rule on (`checker.copies_supported`: a sentence that is word for word a premise unit scores 1.0, "
           "in every column)" if meta.get("copies_supported") else "") + ".  ",
        "Columns: `nli` = the best P(entailment) per sentence; `blend` = its mean with the sentence's MiniLM "
        "similarity to the closest article sentence and its lexical support (`checker.score: blend`); "
        "`+rules` = the fact rules on top.  ",
        f"Threshold and aggregation chosen on FRANK valid only, per column: {chosen}.",
        *([f"`config` = the decision `summarize check` makes with the configuration benchmarked: score "
           f"`{variants['config']['score']}`, rules {'on' if variants['config']['rules'] else 'off'}, "
           f"`checker.threshold` {variants['config']['threshold']:.3f} per sentence, a summary passes when no sentence "
           f"is flagged (valid BAcc {variants['config']['frank_valid_bacc']:.1f})."] if "config" in variants else []),
        "",
        "| benchmark | n (consistent) | " + " | ".join(f"BAcc {n}" for n in names) + " | "
        + " | ".join(f"AUC {n}" for n in names) + " | floor (MiniLM cosine) | SummaC-ZS |",
        "|---|---|" + "---|" * (2 * len(names) + 2),
    ]
    for name, row in variants["nli"]["rows"].items():
        rows = [variants[n]["rows"][name] for n in names]
        lines.append(f"| {name} | {row['n']} ({row['positive']}) | " + " | ".join(fmt(r["bacc"]) for r in rows) + " | "
                     + " | ".join(fmt(r["auc"]) for r in rows) + f" | {fmt(FLOOR.get(name))} | {fmt(SUMMAC_ZS.get(name))} |")
    lines += ["", "FRANK test: share of summaries with each error type that are flagged (recall):", "",
              "| error type | n | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for error, row in variants["nli"]["recall"].items():
        lines.append(f"| {error} | {row['n']} | " + " | ".join(f"{variants[n]['recall'][error]['recall']:.1f}" for n in names) + " |")
    lines += ["", f"Subsampled with a fixed seed to fit the CPU budget: {meta['subsampled']}.",
              "SummaC subsets here are the benchmark's validation cuts (FactCC: its own split); SummaC-ZS "
              "figures are from the SummaC paper's test cuts, for orientation only."]
    return "\n".join(lines)


def faithful_results(config) -> dict:
    """The faithful-sentence benchmark (:mod:`summarize.evaluation.faithful`) with the configured
    decision (rules, copy rule and threshold as ``summarize check`` applies them), per split."""
    from ..checker import ConsistencyChecker
    from .faithful import evaluate as evaluate_faithful

    checker = ConsistencyChecker(config=config.checker)
    return {split: evaluate_faithful(checker, split, sets=("editor",))["summary"] for split in ("dev", "heldout")}


def render_faithful(faithful: dict) -> str:
    pct = lambda x: "–" if x is None else f"{100 * x:.0f}"  # noqa: E731
    lines = ["", "", "Faithful sentences and planted errors on invented clusters (`summarize.evaluation.faithful`; "
             "the decision `summarize check` makes with this config; `dev` was read while the rules were written, "
             "`heldout` was not):", "", "| split | faithful sentences passed % | planted errors flagged % | "
             "date, number and quote errors typed % |", "|---|---|---|---|"]
    for split, s in faithful.items():
        lines.append(f"| {split} ({s['faithful']} + {s['errors']}) | {pct(s['faithful_passed'])} | "
                     f"{pct(s['errors_flagged'])} | {pct(s['date_number_quote_typed'])} |")
    return "\n".join(lines)


def main(data: Path, config, output: Path | None = None, limit: int | None = None, argv: list[str] | None = None,
         full: bool = False, reuse: Path | None = None) -> int:
    from ..checker import ConsistencyChecker
    from ..checker.signals import Signals
    checker = ConsistencyChecker(config=dataclasses.replace(config.checker, rules=False, score="nli"))
    signals = Signals.on(checker.nli.device)
    sets = benchmark_sets(Path(data))
    caps = {name: limit for name in sets} if limit else ({} if full else dict(SUBSAMPLE))
    rng = np.random.default_rng(0)
    sets = {k: ([v[i] for i in sorted(rng.permutation(len(v))[:caps[k]])] if caps.get(k) and caps[k] < len(v) else v)
            for k, v in sets.items()}
    calls = {"pairs": 0}
    original = checker.nli.predict

    def counting(pairs, *a, **k):
        calls["pairs"] += len(pairs)
        return original(pairs, *a, **k)

    checker.nli.predict = counting  # type: ignore[method-assign]  # counts the pairs scored
    start = time.perf_counter()
    if reuse:  # NLI scores of an earlier run of this benchmark; rules applied afresh
        stored = json.loads(Path(reuse).read_text())
        windows = config.checker.window_sizes if config.checker.copies_supported else None
        scored = {name: reuse_scores(examples, stored["examples"][name], signals, windows) for name, examples in sets.items()}
        seconds, calls["pairs"] = stored["meta"]["seconds"], stored["meta"]["pairs_per_second"] * stored["meta"]["seconds"]
    else:
        scored = {name: score_examples(checker, examples, signals, desc=name) for name, examples in sets.items()}
        seconds = time.perf_counter() - start
    results = evaluate(scored, sets, product=config.checker)
    results["faithful"] = faithful_results(config)
    info = checker.info()
    meta = {
        "command": " ".join(["summarize", *(argv or [])[1:]]) if argv else "summarize evaluate checker",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, torch {__import__('torch').__version__}, CPU",
        "seconds": seconds, "n_examples": sum(len(v) for v in sets.values()),
        "pairs_per_second": calls["pairs"] / max(seconds, 1e-9), "model": config.checker.model,
        "weights": ", ".join(f"{k} {v[:12]}…" for k, v in info["weights_sha256"].items()),
        "subsampled": "none" if full and not limit else
        ", ".join(f"{k} {v}" for k, v in (SUBSAMPLE if not limit else {"every set": limit}).items()),
        "top_k": config.checker.top_k, "retriever": config.checker.retriever, "windows": config.checker.window_sizes,
        "copies_supported": config.checker.copies_supported,
    }
    if reuse:
        meta["command"] += f"  (NLI scores reused from {reuse}: the run that scored them took the time below)"
    title = "Checker: consistency benchmarks" + (f" (quick look: {limit} per set)" if limit else "")
    print(render(results, meta) + render_faithful(results["faithful"]))
    if output is None:  # printed only
        return 0
    write_section(output, "checker-benchmark" + ("-quick" if limit else ""), title,
                  render(results, meta) + render_faithful(results["faithful"]))
    (output.parent / "results").mkdir(parents=True, exist_ok=True)
    per_example = {name: [{"label": e.label, "raw": s.raw, "rules": s.rule_types, "contradicted": s.contradicted,
                           "signals": [[round(x, 4) for x in pair] for pair in s.signals or []],
                           **({"part": e.meta["part"]} if "part" in e.meta else {})}
                          for e, s in zip(sets[name], scored[name])] for name in sets}
    (output.parent / "results" / f"checker-benchmark{'-quick' if limit else ''}.json").write_text(
        json.dumps({"meta": meta, **results, "examples": per_example}))
    return 0
