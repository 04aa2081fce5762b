"""The README quick start as a new user runs it: the model's trims, nothing on stderr but progress."""

import json
import os
import re
import subprocess
import sys

from summarize.reading.reader import iter_clusters
from summarize.reading.sentences import split_sentences
from summarize.records import Cluster
from summarize.summarizer.fusion import clause_trim

from .conftest import EXAMPLES, ROOT

PROGRESS = re.compile(r"^clusters:\s+\d+%\|")


def not_copied(sentence: str, sources: set[str]) -> str:
    """What is left of ``sentence`` once article sentences it starts or ends with are taken off."""
    changed = True
    while sentence and changed:
        changed = False
        for source in sources:
            if sentence == source:
                return ""
            if sentence.startswith(source + " ") or sentence.endswith(" " + source):
                sentence = (sentence[len(source):] if sentence.startswith(source) else sentence[:-len(source)]).strip()
                changed = True
    return sentence


def test_quick_start_trims_sentences_cleanly_without_library_warnings(tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}  # Python's defaults, as a user has them
    done = subprocess.run([sys.executable, "-m", "summarize", "run", str(EXAMPLES), "-o", str(out),
                           "--set", "summarizer.model=embedded:summarizer-minilm"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stderr.replace("\r", "\n").splitlines() if line.strip()]
    noise = [line for line in lines if not PROGRESS.match(line) and not line.startswith("summarize: 3 summarized")]
    assert not noise, noise  # a library warning (FutureWarning, load report, ...) is a bug to fix at its cause

    articles = {c.id: {s for a in c.articles for s in a.sentences} for c in iter_clusters(EXAMPLES) if isinstance(c, Cluster)}
    rewritten = total = 0
    for record in map(json.loads, (out / "summaries.jsonl").read_text().splitlines()):
        for sentence in split_sentences(record["summary"]):
            total += 1
            own = not_copied(sentence, articles[record["cluster"]])  # the splitter may join two summary sentences
            named = own and all(w[:1].isupper() and any(w in s for s in articles[record["cluster"]]) for w in own.split())
            if named:  # "Lena Brandt, who ...": a person named in full at first mention, not a rewrite
                continue
            if own:  # the model's: an article sentence cut at a clause
                rewritten += 1
                assert clause_trim(own, sorted(articles[record["cluster"]])), sentence
            words = sentence.lower().split()
            assert not [a for a, b in zip(words, words[1:]) if a == b], sentence
    assert total and rewritten, (rewritten, total)  # the model ran and some of its trims were kept
