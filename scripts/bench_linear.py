#!/usr/bin/env python
"""Linear time on any text: reading pathological articles, and ``check --pairs`` on a huge document.

    python scripts/bench_linear.py --data ../shared/data [--output docs/BENCHMARKS.md]

Measures, with the default config:

- reading (``summarize.reading.reader.read_file``: decode, clean, de-duplicate, split) a 400 KB
  article that is one paragraph, 50,000 words without punctuation, and a 6 MB article (its
  paragraph de-duplication timed on its own too), each also at a quarter of its size: linear
  code takes about four times as long at the full size, quadratic code sixteen times;
- ``summarize check --pairs`` over 8 pairs, one with a 1 MB document: wall time (model loading
  included) and how many pairs were written.

The text is Multi-News validation articles (``--data``), repeated to the size needed; a quarter
of the 6 MB article's paragraphs repeat the one before,
whole or extended. Timings are not asserted by the tests
(machines are noisy); this script is where they are measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize.config import InputConfig
from summarize.evaluation.report_md import write_section
from summarize.reading.cleaning import drop_repeated_paragraphs
from summarize.reading.reader import read_file


def articles(data: Path, n: int = 400) -> list[str]:
    """Multi-News validation documents, whitespace folded."""
    out: list[str] = []
    with open(data / "multi_news" / "validation.jsonl", encoding="utf-8") as handle:
        for line in handle:
            out.extend(" ".join(d.split()) for d in json.loads(line)["documents"] if d.strip())
            if len(out) >= n:
                break
    return out


def sized(parts: list[str], size: int, joiner: str) -> str:
    text: list[str] = []
    total = 0
    while total < size:
        text.append(parts[len(text) % len(parts)])
        total += len(text[-1]) + len(joiner)
    return joiner.join(text)[:size]


def repeating(docs: list[str], n: int = 4000) -> list[str]:
    """``n`` distinct paragraphs, every fourth followed by a copy of itself and every eighth by
    itself with more text glued on (a scraped lead repeated with the next sentence)."""
    out: list[str] = []
    for k in range(n):
        paragraph = docs[k % len(docs)] + (f" (part {k // len(docs)})" if k >= len(docs) else "")
        out.append(paragraph)
        if k % 4 == 0:
            out.append(paragraph)
        elif k % 8 == 1:
            out[-1] = paragraph[: len(paragraph) // 2]
            out.append(paragraph)
    return out


def time_read(path: Path) -> tuple[float, int, list[str]]:
    """Seconds to read ``path``, its sentences, and the errors met."""
    start = time.perf_counter()
    items = list(read_file(path, path.name, InputConfig()))
    seconds = time.perf_counter() - start
    sentences = sum(len(getattr(i, "sentences", None) or []) for i in items)
    return seconds, sentences, [str(i) for i in items if not hasattr(i, "sentences")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, help="also write the figures into this markdown file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-linear-"))
    docs = articles(args.data)
    words = " ".join(docs).replace(".", "").replace("?", "").replace("!", "").split()

    cases = {
        "400 KB, one paragraph": lambda size: sized(docs, size, " "),
        "50,000 words, no punctuation": lambda size: " ".join(words[k % len(words)] for k in range(size)),
        "6 MB, paragraphs (repeats among them)": lambda size: sized(repeating(docs), size, "\n\n"),
    }
    sizes = {"400 KB, one paragraph": 400_000, "50,000 words, no punctuation": 50_000,
             "6 MB, paragraphs (repeats among them)": 6_000_000}
    rows = []
    for name, make in cases.items():
        times = []
        for size in (sizes[name] // 4, sizes[name]):
            path = work / f"case-{len(rows)}-{size}.txt"
            path.write_text(make(size), encoding="utf-8")
            seconds, sentences, errors = time_read(path)
            times.append(seconds)
            if errors:
                print(f"{name}: {errors}", file=sys.stderr)
        rows.append((name, times[0], times[1], sentences))
        print(f"{name}: read in {times[1]:.2f} s ({sentences} sentences); a quarter of it in {times[0]:.2f} s")

    paragraphs = cases["6 MB, paragraphs (repeats among them)"](6_000_000).split("\n\n")
    start = time.perf_counter()
    kept = drop_repeated_paragraphs(paragraphs)
    dedup = time.perf_counter() - start
    print(f"6 MB de-duplication alone: {dedup:.2f} s ({len(paragraphs)} paragraphs, {len(kept)} kept)")

    pairs = work / "pairs.jsonl"
    big = sized(docs, 1_000_000, " ")
    rows_in = [{"id": "huge", "document": big, "summary": docs[0].split(". ")[0] + "."}]
    rows_in += [{"id": f"p{k}", "document": docs[k], "summary": docs[k].split(". ")[0] + "."} for k in range(1, 8)]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows_in), encoding="utf-8")
    out = work / "verdicts.jsonl"
    command = [sys.executable, "-m", "summarize", "check", "--pairs", str(pairs), "-o", str(out), "--quiet"]
    start = time.perf_counter()
    code = subprocess.run(command).returncode
    pair_seconds = time.perf_counter() - start
    written = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    verdicts = sum(1 for r in written if "sentences" in r)
    print(f"check --pairs (1 MB document + 7 pairs): {pair_seconds:.1f} s, exit {code}, {verdicts} of 8 verdicts written")

    lines = [f"Command: `python {' '.join(sys.argv)}`  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, CPU only.", "",
             "| reading (`read_file`: decode, clean, de-duplicate, split) | s at a quarter of the size | s at the size "
             "| ratio (linear: 4) | sentences |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {quarter:.2f} | {full:.2f} | {full / max(quarter, 1e-9):.1f} | {n} |"
              for name, quarter, full, n in rows]
    lines += ["", f"Paragraph de-duplication of the 6 MB article alone: {dedup:.2f} s "
              f"({len(paragraphs)} paragraphs, {len(kept)} kept).  ",
              f"`summarize check --pairs` over 8 pairs, one with a 1 MB document: {pair_seconds:.1f} s wall "
              f"(model loading included), exit {code}, {verdicts} of 8 verdicts written."]
    if args.output:
        write_section(args.output, "linear-time", "Linear time on any text: reading and `check --pairs`", "\n".join(lines))


if __name__ == "__main__":
    main()
