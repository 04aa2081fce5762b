#!/usr/bin/env python
"""Speed, measured side by side in one run (ratios; these machines are noisy).

    python scripts/bench_speed.py --data ../shared/data

- Checker: ``top_k`` retrieval (the default) against all-pairs scoring (``top_k: 0``), same model:
  sentences per second on Multi-News validation clusters (their reference summaries checked),
  and balanced accuracy / AUC on a fixed FRANK test sample at the default threshold.
- NLI batched (batch 32, length-sorted) against one pair at a time; fp32 against int8 dynamic
  quantization (speed, and how far its probabilities move and what that costs on FRANK).
- Summarizer: batched against unbatched clusters, greedy against beam 4, fp32 against int8, on a
  bart-base-sized model with random weights (architecture timing: no seq2seq weights reach here).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

from summarize.checker import ConsistencyChecker
from summarize.config import load_config
from summarize.evaluation.labelled import frank
from summarize.evaluation.metrics import balanced_accuracy, roc_auc
from summarize.evaluation.report_md import write_section
from summarize.models.selfcheck import SelfCheckError
from summarize.reading.sentences import split_sentences
from summarize.records import Article, Cluster


def multi_news(path: Path, n: int):
    out = []
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= n:
                break
            row = json.loads(line)
            arts = [Article(f"doc{k + 1}", "", d, sentences=split_sentences(d)) for k, d in enumerate(row["documents"]) if d.strip()]
            out.append((Cluster(row["id"], row["id"], arts), row["summary"]))
    return out


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def frank_scores(checker, examples):
    verdicts = checker.check_many([(e.documents, e.summary) for e in examples])
    scores = [min((v.score for v in vs), default=1.0) for vs in verdicts]
    flagged = [any(v.flagged for v in vs) for vs in verdicts]
    return scores, flagged


def frank_metrics(checker, examples, threshold):
    (scores, flagged), seconds = timed(lambda: frank_scores(checker, examples))
    labels = [e.label for e in examples]
    return {"bacc": 100 * balanced_accuracy(scores, labels, threshold, flagged),
            "auc": 100 * (roc_auc(scores, labels) or float("nan")), "seconds": seconds}


def checker_section(args, config) -> list[str]:
    base = config.checker
    clusters = multi_news(args.data / "multi_news" / "validation.jsonl", args.clusters)
    rng = np.random.default_rng(0)
    test = frank(args.data, "test")
    sample = [test[i] for i in sorted(rng.permutation(len(test))[: args.frank])]
    rows = {}
    for name, cfg in (("top_k=%d (%s)" % (base.top_k, base.retriever), base),
                      ("all pairs (top_k=0)", dataclasses.replace(base, top_k=0)),
                      ("top_k=%d, int8" % base.top_k, dataclasses.replace(base, quantize_int8=True))):
        try:
            checker = ConsistencyChecker(config=cfg)
        except SelfCheckError as error:  # int8 can break a small model: say so instead of timing it
            print(name, error, file=sys.stderr)
            continue
        checker.nli.cache = 0  # time the model, not the pair cache
        verdicts, seconds = timed(lambda: checker.check_many([(c, s) for c, s in clusters]))
        n = sum(len(v) for v in verdicts)
        rows[name] = {"sentences_per_s": n / seconds, "sentences": n,
                      **frank_metrics(checker, sample, base.threshold)}
        print(name, rows[name], file=sys.stderr)
    checker = ConsistencyChecker(config=base)
    checker.nli.cache = 0
    pairs = [(" ".join(a.sentences[i:i + 2]), s) for c, summary in clusters for s in split_sentences(summary)[:8]
             for a in c.articles for i in range(0, min(6, len(a.sentences)), 2)][:200]
    _, batched = timed(lambda: checker.nli.predict(pairs, batch_size=32))
    _, single = timed(lambda: [checker.nli.predict([p], batch_size=1) for p in pairs])
    fp, _ = timed(lambda: checker.nli.predict(pairs))
    try:
        quantized = ConsistencyChecker(config=dataclasses.replace(base, quantize_int8=True))
        q8, _ = timed(lambda: quantized.nli.predict(pairs))
        drift = (f"int8 dynamic quantization moves P(entailment) by {float(np.abs(fp[:, 0] - q8[:, 0]).mean()):.3f} "
                 "on average on these pairs.")
    except SelfCheckError:
        drift = "With int8 dynamic quantization the checker fails its start-up self-check (no int8 row)."
    first = next(iter(rows.values()))
    lines = ["| checker setting | sentences / s | speed-up | FRANK sample BAcc | FRANK sample AUC |", "|---|---|---|---|---|"]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['sentences_per_s']:.2f} | {r['sentences_per_s'] / rows['all pairs (top_k=0)']['sentences_per_s']:.1f}x "
                     f"vs all pairs | {r['bacc']:.1f} | {r['auc']:.1f} |")
    lines += ["", f"Sentences: the reference summaries of Multi-News validation clusters 0–{args.clusters - 1} "
              f"({first['sentences']} sentences); FRANK: a fixed random sample of {args.frank} test summaries, threshold "
              f"{base.threshold} (the default when measured), rules on.", "",
              f"NLI batching, {len(pairs)} pairs: batch 32 (length-sorted) {len(pairs) / batched:.1f} pairs/s, one at a time "
              f"{len(pairs) / single:.1f} pairs/s ({single / batched:.1f}x). {drift}"]
    return lines


def summarizer_section(args) -> list[str]:
    import tempfile

    from transformers import AutoTokenizer, BartConfig, BartForConditionalGeneration

    from summarize.models.base_model import minilm_path
    from summarize.summarizer import Summarizer

    folder = Path(tempfile.mkdtemp()) / "bart-base-random"
    tok = AutoTokenizer.from_pretrained(minilm_path())
    torch.manual_seed(0)
    model = BartForConditionalGeneration(BartConfig(vocab_size=len(tok), pad_token_id=tok.pad_token_id,
                                                    bos_token_id=tok.cls_token_id, eos_token_id=tok.sep_token_id,
                                                    decoder_start_token_id=tok.sep_token_id, forced_eos_token_id=None))
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    clusters = [c for c, _ in multi_news(args.data / "multi_news" / "validation.jsonl", 8)]
    common = dict(max_input_tokens=512, max_new_tokens=48, min_new_tokens=48, no_repeat_ngram_size=0)
    rows = []
    for name, kwargs, batch in (("greedy, batch 8", dict(num_beams=1), 8), ("greedy, one at a time", dict(num_beams=1), 1),
                                ("beam 4, batch 8", dict(num_beams=4), 8),
                                ("greedy, batch 8, int8", dict(num_beams=1, quantize_int8=True), 8)):
        s = Summarizer(str(folder), **common, **kwargs)
        _, seconds = timed(lambda: s.summarize(clusters, batch_size=batch))
        rows.append((name, len(clusters) / seconds))
        print(name, rows[-1], file=sys.stderr)
    lines = ["| summarizer setting (bart-base size, random weights, 512 in / 48 out tokens) | clusters / s | vs greedy batch 8 |",
             "|---|---|---|"]
    for name, rate in rows:
        lines.append(f"| {name} | {rate:.2f} | {rate / rows[0][1]:.2f}x |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=8)
    parser.add_argument("--frank", type=int, default=40)
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args()
    config = load_config()
    lines = [f"Command: `python {' '.join(sys.argv)}`  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, torch {torch.__version__}, CPU only.", ""]
    lines += checker_section(args, config) + [""] + summarizer_section(args)
    print("\n".join(lines))
    write_section(args.output, "speed", "Speed: checker retrieval, batching, int8; summarizer batching", "\n".join(lines))


if __name__ == "__main__":
    main()
