"""``summarize check --pairs FILE.jsonl -o OUT.jsonl``: check summaries written elsewhere.

Input lines: ``{"id", "documents": [str] | "document": str, "summary"}``. Output lines, in
input order: ``{"id", "score" (lowest sentence score), "label" ("consistent" |
"inconsistent"), "sentences": [VERDICT...]}``. Resumable like ``run``: ids already in OUT
with the same input and settings are skipped.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from tqdm.auto import tqdm

from . import jsonl


def _fingerprint(config_hash: str, item: dict) -> str:
    body = json.dumps([item.get("documents") or item.get("document"), item.get("summary")], sort_keys=True)
    return config_hash + ":" + hashlib.sha256(body.encode()).hexdigest()[:16]


def parse_line(line: str, number: int) -> tuple[dict | None, str | None]:
    try:
        item = json.loads(line)
    except ValueError as err:
        return None, f"line {number} is not valid JSON ({err})"
    if not isinstance(item, dict):
        return None, f"line {number} is not a JSON object"
    docs = item.get("documents", item.get("document"))
    if isinstance(docs, str):
        docs = [docs]
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
        return None, f"line {number} needs 'documents' (a list of strings) or 'document' (a string)"
    if not isinstance(item.get("summary"), str):
        return None, f"line {number} needs 'summary' (a string)"
    item.setdefault("id", str(number))
    item["id"] = str(item["id"])
    item["documents"] = docs
    return item, None


def check_pairs(pairs_file: Path, out_file: Path, checker, config_hash: str, quiet: bool = False,
                overwrite: bool = False, chunk: int = 8) -> int:
    """Returns the number of lines that could not be checked."""
    jsonl.repair(out_file)
    if overwrite:
        jsonl.rewrite_without(out_file, lambda r: True)
    done = {r["id"]: r.get("fingerprint") for r in jsonl.read(out_file) if "id" in r}
    lines = Path(pairs_file).read_text(encoding="utf-8").splitlines()
    failures = 0
    todo: list[dict] = []
    bar = tqdm(total=len(lines), desc="pairs", disable=quiet, file=sys.stderr)
    with jsonl.Appender(out_file) as out:
        def flush():
            for item, verdicts in zip(todo, checker.check_many([(i["documents"], i["summary"]) for i in todo])):
                score = min((v.score for v in verdicts), default=1.0)
                out.write({"id": item["id"], "score": round(float(score), 4),
                           "label": "inconsistent" if any(v.flagged for v in verdicts) else "consistent",
                           "sentences": [v.to_dict() for v in verdicts], "fingerprint": item["_fp"]})
            bar.update(len(todo))
            todo.clear()

        for number, line in enumerate(lines, 1):
            if not line.strip():
                bar.update(1)
                continue
            item, problem = parse_line(line, number)
            if problem or item is None:
                failures += 1
                bar.write(f"summarize: {pairs_file}: {problem}", file=sys.stderr)
                bar.update(1)
                continue
            item["_fp"] = _fingerprint(config_hash, item)
            if done.get(item["id"]) == item["_fp"]:
                bar.update(1)
                continue
            todo.append(item)
            if len(todo) >= chunk:
                flush()
        if todo:
            flush()
    bar.close()
    return failures
