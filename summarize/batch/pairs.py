"""``summarize check --pairs FILE.jsonl -o OUT.jsonl``: check summaries written elsewhere.

Input lines: ``{"id", "documents": [str] | "document": str, "summary"}``; every line needs an id
of its own (:mod:`.pairs_input`). Output: one record per id, in input order (ids OUT holds that
the input no longer names stay after them): a verdict ``{"id", "score" (the lowest sentence
score), "label" ("consistent" | "inconsistent"), "sentences": [VERDICT...], "fingerprint"}`` or
an error ``{"id", "line", "error", "message"}``. Resumable like ``run``: an id whose verdict in
OUT was made from the same pair and settings (its fingerprint) is not checked again; a changed
one is checked again and its record replaced; error records are always retried.

Each pair has a time budget (``checker.max_pair_seconds``) and a size limit (its documents
together, ``input.max_file_mb``): a pair over either gets an error record and the others go
on. Small pairs are checked in batches; a batch over the budget is checked again pair by pair,
so no pair holds back the others, and a large pair is always checked alone.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from tqdm.auto import tqdm

from ..budget import Budget, BudgetExceeded, enforced
from ..reading.sentences import split_sentences
from ..records import Article, Cluster
from .id_store import IdStore
from .pairs_input import BadLine, Pair, check_ids, lines, parse_line

BATCH_CHARS = 200_000  # a pair whose documents are longer is checked alone


def _fingerprint(config_hash: str, pair: Pair) -> str:
    body = json.dumps([pair.documents, pair.summary], sort_keys=True)
    return config_hash + ":" + hashlib.sha256(body.encode()).hexdigest()[:16]


def _size(pair: Pair) -> int:
    return sum(len(d) for d in pair.documents)


def _source(pair: Pair, budget: Budget) -> Cluster:
    """The pair's documents split under its budget, as the checker reads a list of texts
    (articles ``doc1``, ``doc2``, ...)."""
    return Cluster(pair.id, "", [Article(f"doc{k}", text=d, sentences=split_sentences(d, budget))
                                 for k, d in enumerate(pair.documents, 1)])


class _PairChecker:
    """Checks batches of pairs and writes one record per pair to the store."""

    def __init__(self, checker, store: IdStore, seconds: float | None, bar):
        self.checker, self.store, self.seconds, self.bar = checker, store, seconds, bar
        self.failures = 0

    def error(self, id_: str | None, line: int, code: str, message: str) -> None:
        self.failures += 1
        self.bar.write(f"summarize: {message}", file=sys.stderr)
        if id_ is not None:
            self.store.write({"id": id_, "line": line, "error": code, "message": message})

    def run(self, batch: list[tuple[Pair, str]]) -> None:
        if not batch:
            return
        budget = Budget(self.seconds, "checker.max_pair_seconds")
        try:
            with enforced(budget):
                sources = [_source(pair, budget) for pair, _ in batch]
                results = self.checker.check_many([(source, pair.summary) for source, (pair, _) in zip(sources, batch)])
        except Exception as err:  # one pair's failure (its budget too) is that pair's error
            if len(batch) > 1:  # find the pair that failed: each alone, each with its own budget
                for one in batch:
                    self.run([one])
                return
            pair = batch[0][0]
            if isinstance(err, BudgetExceeded):
                self.error(pair.id, pair.line, "over_budget", f"line {pair.line} (id {pair.id!r}) {err}")
            else:
                self.error(pair.id, pair.line, "check_failed",
                           f"line {pair.line} (id {pair.id!r}) could not be checked ({type(err).__name__}: {err})")
            self.bar.update(1)
            return
        for (pair, fingerprint), verdicts in zip(batch, results):
            score = min((v.score for v in verdicts), default=1.0)
            self.store.write({"id": pair.id, "score": round(float(score), 4),
                              "label": "inconsistent" if any(v.flagged for v in verdicts) else "consistent",
                              "sentences": [v.to_dict() for v in verdicts], "fingerprint": fingerprint})
        self.bar.update(len(batch))


def check_pairs(pairs_file: Path, out_file: Path, checker, config_hash: str, quiet: bool = False,
                overwrite: bool = False, chunk: int = 8, max_file_mb: float | None = None,
                max_pair_seconds: float | None = None) -> int:
    """Check every pair of ``pairs_file`` into ``out_file``; returns the number of lines that
    could not be checked. Raises :class:`~summarize.batch.pairs_input.PairsFileError` (before
    anything is checked or written) when an id is missing or repeated."""
    ids = check_ids(pairs_file)
    max_bytes = max_file_mb * 1024 * 1024 if max_file_mb else None
    store = IdStore(out_file, overwrite=overwrite)
    bar = tqdm(total=sum(1 for _ in lines(pairs_file)), desc="pairs", disable=quiet, file=sys.stderr)
    work = _PairChecker(checker, store, max_pair_seconds, bar)
    batch: list[tuple[Pair, str]] = []
    try:
        for number, text in lines(pairs_file):
            item = parse_line(text, number, max_bytes)
            if isinstance(item, BadLine):
                work.error(item.id, item.line, item.code, f"{pairs_file}: {item.message}")
                bar.update(1)
                continue
            fingerprint = _fingerprint(config_hash, item)
            if store.done(item.id, fingerprint):
                bar.update(1)
                continue
            if _size(item) > BATCH_CHARS:  # alone, so that it holds back no other pair
                work.run([(item, fingerprint)])
                continue
            batch.append((item, fingerprint))
            if len(batch) >= chunk or sum(_size(p) for p, _ in batch) > BATCH_CHARS:
                work.run(batch)
                batch = []
        work.run(batch)
    finally:
        store.close(ids)
        bar.close()
    return work.failures
