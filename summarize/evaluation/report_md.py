"""Writing one named section of ``docs/BENCHMARKS.md`` without touching the others."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

HEADER = "# Benchmarks\n\nEvery figure here was produced by the command printed with it, on the machine named.\n"


def write_section(path: Path, key: str, title: str, body: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    stamp = dt.date.today().isoformat()
    section = f"<!-- {key}:start -->\n## {title}\n\n_Measured {stamp}._\n\n{body}\n<!-- {key}:end -->"
    pattern = re.compile(rf"<!-- {re.escape(key)}:start -->.*?<!-- {re.escape(key)}:end -->", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
