"""``report.html``: one page a person reads. Every piece of text from articles, summaries and
errors is escaped, so an article holding ``<script>`` renders as text.

The page is written while reading ``summaries.jsonl`` line by line (memory stays flat).
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ..records import shown_score
from ..text import shorten, tidy
from . import jsonl
from .run_info import counts

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
table.totals td,table.totals th{padding:.2rem .8rem;text-align:left}
.s{border-radius:3px;padding:0 2px}
.flag{cursor:help}
.unsupported{background:#fff3b0}.contradicted{background:#ffc9c9}
.t-date,.t-number{border-bottom:2px solid #c92a2a}.t-entity{border-bottom:2px dashed #862e9c}
.t-quote,.t-attribution{border-bottom:2px dotted #1864ab}.t-negation{border-bottom:2px double #c92a2a}
details{margin:.3rem 0 .3rem 1rem}details .why{color:#a61e4d}details .ev{color:#555;font-size:.9em}
.legend span{margin-right:1rem}.errors td{padding:.1rem .6rem;font-size:.9em}
ul.articles{font-size:.9em;color:#444}
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _sentence_html(index: str, verdict: dict) -> str:
    label = verdict.get("label", "supported")
    issues = verdict.get("issues", [])
    if label == "supported":
        return f'<span class="s" id="{index}">{_e(tidy(verdict["text"]))}</span>'
    types = " ".join(f"t-{_e(i.get('type'))}" for i in issues)
    reasons = "; ".join(i.get("message", "") for i in issues)
    return (f'<span class="s flag {label} {types}" id="{index}" data-label="{label}" '
            f'title="{_e(reasons)}">{_e(tidy(verdict["text"]))}</span>')


def _details(index: str, verdict: dict) -> str:
    if verdict.get("label", "supported") == "supported":
        return ""
    items = "".join(f'<li class="why">[{_e(i.get("type"))}] {_e(i.get("message"))}</li>' for i in verdict.get("issues", []))
    evidence = "".join(f'<li class="ev">{_e(ev.get("article"))} ({float(ev.get("score", 0)):.2f}): {_e(ev.get("sentence"))}</li>'
                       for ev in verdict.get("evidence", []))
    score = shown_score(float(verdict.get("score", 0)), supported=False, digits=2)  # flagged: never rounds up to the threshold
    return (f'<details data-sentence="{index}"><summary>{_e(verdict["label"])} (score {score:.2f}): '
            f'{_e(shorten(verdict["text"], 90))}</summary><ul>{items}{evidence}</ul></details>')


def _cluster_html(record: dict, link_base: str | None, number: int = 0) -> str:
    """One cluster's section; its sentence ids are ``c{number}-s{i}``, unique on the page."""
    verdicts = record.get("sentences") or []
    if verdicts:
        body = " ".join(_sentence_html(f"c{number}-s{i}", v) for i, v in enumerate(verdicts))
        details = "".join(_details(f"c{number}-s{i}", v) for i, v in enumerate(verdicts))
    else:
        body, details = _e(tidy(record.get("summary", ""))), ""
    articles = []
    for a in record.get("articles", []):
        href = (link_base.rstrip("/") + "/" + a["path"]) if link_base else a["path"]
        articles.append(f'<li><a href="{_e(href)}">{_e(a["id"])}</a> {_e(a.get("title") or "")} '
                        f'({int(a.get("n_sentences", 0))} sentences)</li>')
    n = len(verdicts)
    flagged = record.get("flagged", 0)
    return (f'<section class="cluster" data-cluster="{_e(record["cluster"])}"><h2>{_e(record["cluster"])} '
            f'<small>({flagged} of {n} sentences flagged)</small></h2><p class="summary">{body}</p>{details}'
            f'<ul class="articles">{"".join(articles)}</ul></section>')


def write_report(out_dir: Path, input_dir: Path | None = None, summaries: str = "summaries.jsonl",
                 errors: str = "errors.jsonl") -> Path:
    """Write ``report.html`` atomically (a failed write leaves no temporary file)."""
    out_dir = Path(out_dir)
    path = out_dir / "report.html"
    jsonl.write_lines(path, (chunk.encode("utf-8") for chunk in _page(out_dir, input_dir, summaries, errors)))
    return path


def _page(out_dir: Path, input_dir: Path | None, summaries: str, errors: str) -> Iterator[str]:
    totals = counts(out_dir, summaries, errors)
    share = totals["sentences_flagged"] / totals["sentences"] if totals["sentences"] else 0.0
    link_base = os.path.relpath(input_dir, out_dir) if input_dir else None
    yield (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>summarize report</title>"
           f"<style>{STYLE}</style></head><body><h1>Cluster summaries, checked sentence by sentence</h1>")
    yield ('<table class="totals"><tr><th>clusters summarized</th><th>clusters failed</th><th>files failed</th>'
           '<th>sentences</th><th>flagged</th></tr>'
           f'<tr><td id="n-clusters">{totals["clusters_ok"]}</td><td id="n-failed">{totals["clusters_failed"]}</td>'
           f'<td>{totals["files_failed"]}</td><td>{totals["sentences"]}</td>'
           f'<td id="n-flagged">{totals["sentences_flagged"]} ({share:.0%})</td></tr></table>')
    yield ('<p class="legend"><span class="s unsupported">unsupported</span><span class="s contradicted">'
           'contradicted</span><span class="t-date">date/number</span><span class="t-entity">name</span>'
           '<span class="t-attribution">quote/speaker</span> - hover a flagged sentence for its reasons, '
           'or open the list under the summary for evidence.</p>')
    for number, record in enumerate(jsonl.read(out_dir / summaries)):
        yield _cluster_html(record, link_base, number)
    rows = [f'<tr><td>{_e(e.get("level", "error"))}</td><td>{_e(e.get("error"))}</td><td>{_e(e.get("path"))}</td>'
            f'<td>{_e(e.get("message"))}</td></tr>' for e in jsonl.read(out_dir / errors)]
    if rows:
        yield f'<h2 id="errors">Files and clusters not used ({len(rows)})</h2><table class="errors">{"".join(rows)}</table>'
    yield f'<script type="application/json" id="totals">{_e(json.dumps(totals))}</script></body></html>'
