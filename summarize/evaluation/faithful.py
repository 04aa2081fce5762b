"""The faithful-sentence benchmark: does the checker pass what an editor would write, and flag
what is wrong?

Eight invented news clusters of two articles each (``faithful/<cluster>/*.txt``) and, for
each, ten faithful summary sentences written as an editor would (paraphrase, fusion across
articles, indirect speech, number forms, passive, reordered clauses, pronouns, titles) and ten
sentences with one planted error each (date, number, name, quote, attribution, negation, or a
claim no article makes), in ``faithful/claims.jsonl``. Clusters of the ``heldout`` split were
not looked at while the checker's rules and settings were chosen.

Each sentence is checked alone against its cluster, as ``summarize check`` would.

>>> claims = load_claims(sets=("editor",))
>>> len(claims), sum(c.label == "faithful" for c in claims), len({c.cluster for c in claims})
(160, 80, 8)
>>> len(load_claims(sets=("seed",))), len(load_claims(sets=("final",)))
(40, 72)
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "faithful"
SETS = {"editor": "claims.jsonl", "seed": "seed_claims.jsonl", "final": "final_claims.jsonl"}
SEEDS = Path("../shared/seeds")  # the real seed cluster, beside the project (never copied into it)
TYPED = {"date": {"date"}, "number": {"number"}, "quote": {"quote", "attribution"}, "attribution": {"attribution"},
         "name": {"entity"}, "negation": {"negation"}, "role-swap": {"attribution", "entity"},
         "unsupported": {"unsupported", "contradicted"}, "claim": {"unsupported", "contradicted"}}
# planted error -> the issue types that name it


@dataclass(frozen=True)
class Claim:
    cluster: str
    split: str  # dev | heldout | final
    label: str  # faithful | error
    type: str  # how it was written (faithful) or what was planted (error)
    sentence: str
    note: str = ""  # what was changed, for an error


def load_claims(split: str | None = None, sets: tuple[str, ...] = ("editor", "seed")) -> list[Claim]:
    """The claims of ``sets`` (see SETS; ``final`` only when asked for), of one split or all."""
    rows = [Claim(**json.loads(line)) for name in sets for line in (DATA / SETS[name]).read_text().splitlines()
            if line.strip()]
    return [r for r in rows if split is None or r.split == split]


def load_clusters(seeds: Path | None = SEEDS) -> dict:
    """The invented clusters, and the seed cluster when ``seeds`` holds it."""
    from ..reading.reader import iter_clusters
    from ..records import Cluster

    clusters = {c.id: c for c in iter_clusters(DATA) if isinstance(c, Cluster)}
    if seeds is not None and (seeds / "nato-stoltenberg").is_dir():
        clusters.update({c.id: c for c in iter_clusters(seeds) if isinstance(c, Cluster)})
    return clusters


def evaluate(checker, split: str | None = None, sets: tuple[str, ...] = ("editor", "seed")) -> dict:
    """Pass rate on faithful sentences, flag and typing rates on planted errors, by type; with
    every verdict, for reading. Claims whose cluster is not here (the seed cluster without
    ``../shared``) are left out."""
    clusters = load_clusters()
    claims = [c for c in load_claims(split, sets) if c.cluster in clusters]
    verdicts = checker.check_many([(clusters[c.cluster], [c.sentence]) for c in claims])
    rows = []
    for claim, (verdict,) in zip(claims, verdicts):
        types = {i.type for i in verdict.issues}
        rows.append({**claim.__dict__, "flagged": verdict.flagged, "label_out": verdict.label, "score": verdict.score,
                     "issues": sorted(types), "typed": bool(TYPED.get(claim.type, set()) & types),
                     "messages": [i.message for i in verdict.issues]})
    return {"summary": summarize_rows(rows), "rows": rows}


def summarize_rows(rows: list[dict]) -> dict:
    faithful = [r for r in rows if r["label"] == "faithful"]
    errors = [r for r in rows if r["label"] == "error"]
    typed_pool = [r for r in errors if r["type"] in ("date", "number", "quote", "attribution")]
    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_type[f'{r["label"]}:{r["type"]}'].append(r)
    rate = lambda xs, key, want=True: (sum(r[key] == want for r in xs) / len(xs)) if xs else None  # noqa: E731
    return {
        "faithful": len(faithful), "errors": len(errors),
        "faithful_passed": rate(faithful, "flagged", False),
        "errors_flagged": rate(errors, "flagged"),
        "date_number_quote_typed": rate(typed_pool, "typed"),
        "errors_typed": rate([r for r in errors if r["type"] in TYPED], "typed"),
        "faithful_contradicted": sum(r.get("label_out") == "contradicted" for r in faithful),
        "by_type": {k: {"n": len(v), "passed" if k.startswith("faithful") else "flagged":
                        rate(v, "flagged", not k.startswith("faithful"))} for k, v in sorted(by_type.items())},
    }
