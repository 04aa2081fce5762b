"""Loaders for the labelled consistency sets in ``../shared/data`` (benchmarks only: never trained on)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FRANK_ERRORS = ("RelE", "EntE", "CircE", "CorefE", "LinkE", "OutE", "GramE", "Other")


@dataclass
class Example:
    documents: list[str]
    summary: list[str] | str  # sentences when the set gives them
    label: int  # 1 = consistent
    meta: dict = field(default_factory=dict)


def _jsonl(path: Path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def frank(data: Path, split: str) -> list[Example]:
    return [Example([r["article"]], r["summary_sentences"] or r["summary"], int(r["label"]),
                    {"part": r["dataset"], **{e: r.get(e, 1.0) for e in FRANK_ERRORS}})
            for r in _jsonl(data / "frank" / "frank_reconstructed.jsonl") if r["split"] == split]


def summeval(data: Path) -> list[Example]:
    return [Example([r["source"]], r["summary"], int(r["label"])) for r in _jsonl(data / "summeval" / "summeval_expert_bartscore.jsonl")]


def xsumfaith(data: Path) -> list[Example]:
    return [Example([r["article"]], r["summary"], int(r["label"]))
            for r in _jsonl(data / "xsumfaith" / "xsumfaith_with_articles.jsonl") if r.get("label") is not None]


def summac(data: Path, name: str) -> list[Example]:
    rows = json.loads((data / "summac_subsets" / f"summac_{name}.json").read_text(encoding="utf-8"))
    return [Example([r["document"]], r["claim"], int(r["label"])) for r in rows.values()]


def qags_sentences(data: Path) -> list[Example]:
    """Every QAGS summary sentence with the majority of its three yes/no votes."""
    out = []
    for part in ("cnndm", "xsum"):
        for r in _jsonl(data / "qags" / f"mturk_{part}.jsonl"):
            for s in r["summary_sentences"]:
                votes = Counter(x["response"] for x in s["responses"])
                out.append(Example([r["article"]], [s["sentence"]], int(votes["yes"] > votes["no"]), {"part": part}))
    return out


def benchmark_sets(data: Path) -> dict[str, list[Example]]:
    return {
        "frank-valid": frank(data, "valid"), "frank-test": frank(data, "test"), "summeval": summeval(data),
        "xsumfaith": xsumfaith(data), **{f"summac-{n}": summac(data, n) for n in ("factcc", "polytope", "summeval", "xsumfaith")},
        "qags-sentences": qags_sentences(data),
    }
