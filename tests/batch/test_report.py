import json
import shutil
import subprocess

import pytest

from summarize.cli import main

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def report(tiny, tmp_path):
    cluster = tmp_path / "in" / "evil"
    cluster.mkdir(parents=True)
    (cluster / "a.txt").write_text(f"Title with {EVIL}\n\nThe mayor said {EVIL} was posted on Monday. "
                                   "The bridge closes on Monday for six weeks.")
    (cluster / "b.json").write_text(json.dumps({"title": "<b>bold</b>", "text": "Ferries run every 20 minutes <img src=x onerror=alert(1)>."}))
    (tmp_path / "in" / "broken").mkdir()
    (tmp_path / "in" / "broken" / "x.json").write_text("{<script>")
    out = tmp_path / "out"
    # `lead` copies the articles: with the copy rule off, the random tiny checker flags its sentences
    main(["run", str(tmp_path / "in"), "-o", str(out), "--quiet", "--set", "summarizer.model=lead",
          "--set", f"checker.model={tiny('nli')}", "--set", "checker.copies_supported=false"])
    return out / "report.html"


def test_all_text_is_escaped(report):
    html = report.read_text()
    assert EVIL not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert html.count("<script") == 1 and '<script type="application/json" id="totals">' in html


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "report.png"
    subprocess.run([_chromium(), *flags, f"--screenshot={shot}", "--window-size=1200,900", report.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 5000
    dom = subprocess.run([_chromium(), *flags, "--dump-dom", report.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.scripts, self.flagged, self.details, self.sections, self.imgs = 0, [], 0, [], 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.scripts += tag == "script"
            self.imgs += tag == "img"
            self.details += tag == "details"
            if tag == "span" and "flag" in (attrs.get("class") or ""):
                self.flagged.append(attrs)
            if tag == "section":
                self.sections.append(attrs.get("data-cluster"))

    parsed = Collect()
    parsed.feed(dom)
    assert parsed.scripts == 1 and parsed.imgs == 0  # the page's own JSON block only; nothing injected ran
    assert parsed.sections == ["evil"]
    assert parsed.flagged and all(f.get("title") for f in parsed.flagged)  # reasons on hover
    assert parsed.details == len(parsed.flagged)  # evidence on expand
    assert "alert('x')" in dom and "x.json" in dom  # article text shown as text; the failed file listed


def test_a_flagged_score_is_never_shown_rounded_up_to_the_threshold():
    from summarize.batch.report import _details

    html = _details(0, {"text": "It rained.", "label": "unsupported", "score": 0.7696, "issues": [], "evidence": []})
    assert "score 0.76)" in html and "0.77" not in html


def test_summaries_read_cleanly_and_long_text_is_cut_between_words(tmp_path):
    from summarize.batch.report import write_report

    long = "The harbour authority said the crossing would stay shut until engineers had replaced every corroded cable."
    record = {"cluster": "c", "summary": "  It  rained. " + long, "flagged": 1, "articles": [], "sentences": [
        {"text": " It  rained.", "label": "supported", "score": 0.9, "issues": [], "evidence": []},
        {"text": long, "label": "contradicted", "score": 0.1, "evidence": [],
         "issues": [{"type": "contradicted", "message": "article a contradicts this sentence"}]}]}
    (tmp_path / "summaries.jsonl").write_text(json.dumps(record) + "\n")
    html = write_report(tmp_path).read_text()
    assert '<span class="s" id="c0-s0">It rained.</span>' in html
    assert "[contradicted]" in html and "[unsupported]" not in html
    assert "contradicted (score 0.10): The harbour authority said the crossing would stay shut until engineers had replaced …" in html
