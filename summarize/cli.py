"""The ``summarize`` command line.

    summarize run INPUT -o OUT [--config FILE] [--set section.key=value ...] [--no-check]
    summarize check CLUSTER (--summary FILE|- | --summary-text TEXT)
    summarize check --pairs FILE.jsonl -o OUT.jsonl
    summarize calibrate DATA.jsonl [--config FILE] [-o CONFIG_OUT.yaml]
    summarize train-checker RECIPE.yaml [--set section.key=value ...]
    summarize train-summarizer RECIPE.yaml [--set section.key=value ...]
    summarize train-fusion RECIPE.yaml [--set section.key=value ...]
    summarize evaluate checker --data DATA_DIR [--output BENCHMARKS.md]

Exit codes: 0 all done, 1 some clusters or files failed, 2 usage or config error (another run
writing to OUT included), 3 an output could not be written (a full disk, no permission); errors
are one line on stderr, ``summarize: error: ...``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .config import ConfigError, load_config


def _quiet_libraries() -> None:
    """Library progress bars off (our own bar reports progress). Library warnings stay on:
    a normal run raises none, and one that does is a bug to fix at its cause."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def _add_config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="YAML config (default: the built-in defaults = configs/default.yaml)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override one config key; repeatable")


EXAMPLES = {
    None: """examples:
  summarize run examples -o out                       summaries, verdicts and report.html in out/
  summarize check examples/harbor-bridge --summary-text "The bridge closes on Monday."
  summarize run articles -o out --set checker.threshold=0.6 --set summarizer.max_words=120""",
    "run": """examples:
  summarize run examples -o out
  summarize run articles -o out --no-check              summaries only
  summarize run articles -o out --config configs/summarizer/bart-large-cnn.yaml
  summarize run articles -o out --set summarizer.max_words=120 --set checker.threshold=0.6""",
    "check": """examples:
  summarize check examples/harbor-bridge --summary summary.txt
  echo "The bridge closes on Monday." | summarize check examples/harbor-bridge --summary -
  summarize check --pairs pairs.jsonl -o verdicts.jsonl""",
    "calibrate": """example:
  summarize calibrate labelled.jsonl -o configs/my-threshold.yaml""",
    "train-checker": """examples:
  summarize train-checker configs/checker/tiny-checker.yaml          offline, about a minute on 2 cores
  summarize train-checker RECIPE.yaml --set training.max_steps=100
  accelerate launch --multi_gpu --num_processes 2 -m summarize train-checker RECIPE.yaml""",
    "train-summarizer": """examples:
  summarize train-summarizer configs/train/tiny-summarizer.yaml      offline, about two minutes on 2 cores
  summarize train-summarizer configs/experiments/train/bart-base-multinews.yaml --set training.max_steps=100""",
    "train-fusion": """examples:
  python -m summarize.models.smollm2                                  fetch the base once (PyPI, hash-checked)
  summarize train-fusion configs/experiments/train/fusion-smollm2.yaml --set training.max_steps=20""",
    "evaluate": """example:
  summarize evaluate checker --data ../shared/data --limit 50      a quick look, printed""",
}


def _sub(sub, name: str, help: str, **kwargs) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", epilog=EXAMPLES.get(name),
                          formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarize", description="Summarize news article clusters and "
                                     "check every summary sentence against the articles.", epilog=EXAMPLES[None],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    run = _sub(sub, "run", "summarize and check every cluster under a folder")
    run.add_argument("input", help="folder of clusters (every folder holding article files is one)")
    run.add_argument("-o", "--output", required=True, help="output folder")
    run.add_argument("--no-check", action="store_true", help="write summaries only")
    run.add_argument("--overwrite", action="store_true", help="redo clusters already complete in OUT")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--wait", action="store_true", help="when another run is writing to OUT, wait for it to finish "
                     "(default: refuse, exit 2)")
    _add_config_args(run)

    check = _sub(sub, "check", "check a summary against a cluster, or many pairs")
    check.add_argument("cluster", nargs="?", help="cluster folder (or one article file)")
    check.add_argument("--summary", help="file holding the summary ('-' for stdin)")
    check.add_argument("--summary-text", help="the summary itself")
    check.add_argument("--pairs", help="JSONL of {id, documents|document, summary}, every id unique")
    check.add_argument("-o", "--output", help="output JSONL (with --pairs)")
    check.add_argument("--overwrite", action="store_true", help="with --pairs: check every pair again")
    check.add_argument("--quiet", action="store_true")
    _add_config_args(check)

    cal = _sub(sub, "calibrate", "pick checker.threshold on a labelled set")
    cal.add_argument("data", help="JSONL of {document|documents, summary, label (1 = consistent)}")
    cal.add_argument("-o", "--output", help="write the config with the chosen threshold here")
    _add_config_args(cal)

    train = _sub(sub, "train-checker", "fine-tune an NLI checker from a YAML recipe")
    train.add_argument("recipe")
    train.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")

    train_s = _sub(sub, "train-summarizer", "fine-tune a seq2seq summarizer from a YAML recipe", aliases=["train"])
    train_s.add_argument("recipe")
    train_s.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")

    train_f = _sub(sub, "train-fusion", "fine-tune a decoder (SmolLM2) with LoRA to fuse sentence groups, from a YAML recipe")
    train_f.add_argument("recipe")
    train_f.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")

    ev = _sub(sub, "evaluate", "score the checker on labelled consistency benchmarks")
    ev.add_argument("what", choices=["checker"])
    ev.add_argument("--data", required=True, help="folder holding frank/, qags/, summeval/, xsumfaith/, summac_subsets/")
    ev.add_argument("--limit", type=int, default=None, help="examples per benchmark (for a quick look)")
    ev.add_argument("--full", action="store_true", help="every example of every set (hours on 2 cores)")
    ev.add_argument("--reuse", help="results JSON of an earlier run: reuse its NLI scores, recompute the rules")
    ev.add_argument("--output", help="also write the tables into this markdown file (and the per-example "
                    "scores into results/ beside it)")
    _add_config_args(ev)
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"summarize: error: {message}", file=sys.stderr)
    return code


def _cmd_run(args) -> int:
    from .batch.runner import run
    from .reading.reader import count_clusters

    config = load_config(args.config, args.overrides)
    source = Path(args.input)
    if source.is_file():
        return _fail(f"{args.input} is a file: `summarize run` takes a folder of clusters (to check a summary "
                     f"against one article, use `summarize check {args.input} --summary FILE`)")
    if not source.is_dir():
        return _fail(f"input folder {args.input} does not exist")
    if not count_clusters(source, config.input, skip=[Path(args.output)]):  # before any model loads or anything is written
        return _fail(f"no article files found under {args.input} (extensions: {', '.join(config.input.extensions)})")
    stats = run(args.input, args.output, config, check=not args.no_check, overwrite=args.overwrite, quiet=args.quiet,
                wait=args.wait)
    if stats.done + stats.skipped == 0 and stats.failed == 0:
        return _fail(f"no article files found under {args.input} (extensions: {', '.join(config.input.extensions)})")
    if not args.quiet:
        print(f"summarize: {stats.done} summarized, {stats.skipped} already done, {stats.failed} failed -> {args.output}",
              file=sys.stderr)
    return stats.exit_code


def _cmd_check(args) -> int:
    from .batch.errors_log import message_line
    from .batch.pairs import check_pairs
    from .batch.pairs_input import PairsFileError, check_ids
    from .batch.pipeline import config_hash
    from .checker import ConsistencyChecker

    config = load_config(args.config, args.overrides)
    if args.pairs:
        if not args.output:
            return _fail("--pairs needs -o OUT.jsonl")
        if not Path(args.pairs).is_file():
            return _fail(f"pairs file {args.pairs} does not exist")
        if _same_file(Path(args.pairs), Path(args.output)):
            return _fail(f"-o {args.output} is the pairs file itself: name another file for the verdicts")
        try:
            check_ids(Path(args.pairs))  # before any model loads or anything is written
        except PairsFileError as err:
            return _fail(str(err))
        checker = ConsistencyChecker(config=config.checker)
        failures = check_pairs(Path(args.pairs), Path(args.output), checker, config_hash(config, True),
                               quiet=args.quiet, overwrite=args.overwrite, max_file_mb=config.input.max_file_mb,
                               max_pair_seconds=config.checker.max_pair_seconds)
        return 1 if failures else 0
    if not args.cluster:
        return _fail("give a CLUSTER folder with --summary/--summary-text, or --pairs FILE -o OUT")
    if (args.summary is None) == (args.summary_text is None):
        return _fail("give exactly one of --summary FILE and --summary-text TEXT")
    if args.summary_text is not None:
        summary = args.summary_text
    elif args.summary == "-":
        summary = sys.stdin.read()
    else:
        if not Path(args.summary).is_file():
            return _fail(f"summary file {args.summary} does not exist")
        summary = Path(args.summary).read_text(encoding="utf-8")
    if not summary.strip():
        where = "--summary-text" if args.summary_text is not None else "stdin" if args.summary == "-" else args.summary
        return _fail(f"the summary ({where}) is empty: nothing to check")
    if not Path(args.cluster).exists():
        return _fail(f"{args.cluster} does not exist")
    cluster, errors = _read_one_cluster(Path(args.cluster), config)
    for error in errors:
        print(message_line(error), file=sys.stderr)
    if cluster is None:
        return _fail(f"{args.cluster}: no usable article", 1)
    checker = ConsistencyChecker(config=config.checker)
    verdicts = checker.check(cluster, summary)
    json.dump({"cluster": cluster.id, "sentences": [v.to_dict() for v in verdicts]}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``b`` names the file ``a`` (through any path or link)."""
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def _read_one_cluster(path: Path, config):
    from .reading.reader import article_files, read_cluster
    from .records import FileError

    errors: list = []
    if path.is_file():
        return read_cluster(path.stem, path.parent, [path], path.parent, config.input, errors), errors
    if not path.is_dir():
        return None, [FileError(str(path), None, "not_found", f"{path} does not exist")]
    files = article_files(path, config.input)
    name = path.resolve().name  # "." names the folder it stands for
    return read_cluster(name, path, files, path.parent, config.input, errors), errors


def _cmd_calibrate(args) -> int:
    from .evaluation.calibrate import calibrate

    config = load_config(args.config, args.overrides)
    result = calibrate(Path(args.data), config, Path(args.output) if args.output else None)
    print(json.dumps(result, indent=2))
    return 0


def _main_process() -> bool:
    return os.environ.get("RANK", "0") == "0"


def _self_check_trained(kind: str, out: Path) -> str | None:
    """Load the model a training command wrote as ``summarize run`` will (its start-up self-check
    included); why it failed, or None."""
    from .models.selfcheck import SelfCheckError

    try:
        if kind == "checker":
            from .checker import ConsistencyChecker

            ConsistencyChecker(str(out))
        else:
            from .summarizer import Summarizer

            Summarizer(str(out))
    except SelfCheckError as err:
        return str(err)
    except Exception as err:  # noqa: BLE001 - the model trained; say why `summarize run` cannot use it
        first = (str(err).strip().splitlines() or [""])[0][:300]
        return f"{out} does not load as a {kind}: {type(err).__name__}: {first}"
    return None


def _report_trained(kind: str, out) -> int:
    """Self-check a trained model (main process only) and say where it is and how to use it."""
    if not _main_process():
        return 0
    problem = _self_check_trained(kind, out)
    if problem:
        print(f"summarize: warning: {problem}", file=sys.stderr)
    use = ("self-check failed: `summarize run` refuses it until it is trained further" if problem else
           f"self-check passed; use it with --set {kind}.model={out}")
    print(f"summarize: {kind} written to {out} ({use})", file=sys.stderr)
    return 0


def _cmd_train_checker(args) -> int:
    from .training.train_checker import train_checker

    return _report_trained("checker", train_checker(args.recipe, args.overrides))


def _cmd_train(args) -> int:
    from .training.train_summarizer import train_summarizer

    return _report_trained("summarizer", train_summarizer(args.recipe, args.overrides))


def _cmd_train_fusion(args) -> int:
    from .training.train_fusion_lm import train_fusion

    return _report_trained("summarizer", train_fusion(args.recipe, args.overrides))


def _cmd_evaluate(args) -> int:
    from .evaluation.checker_benchmark import main as evaluate_checker

    config = load_config(args.config, args.overrides)
    if not Path(args.data).is_dir():
        return _fail(f"benchmark data folder {args.data} does not exist")
    return evaluate_checker(Path(args.data), config, Path(args.output) if args.output else None, args.limit,
                            ["summarize", *args.argv], args.full, Path(args.reuse) if args.reuse else None)


COMMANDS = {"run": _cmd_run, "check": _cmd_check, "calibrate": _cmd_calibrate, "train-checker": _cmd_train_checker,
            "train-summarizer": _cmd_train, "train": _cmd_train,
            "train-fusion": _cmd_train_fusion, "evaluate": _cmd_evaluate}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = argv
    _quiet_libraries()
    from .batch.lock import OutputLocked
    from .batch.output_error import OutputError
    from .models.base_model import BaseModelError
    from .models.hub import ModelNotAvailable
    from .models.nli import LabelError
    from .models.selfcheck import SelfCheckError

    try:
        return COMMANDS[args.command](args)
    except (ConfigError, ModelNotAvailable, LabelError, SelfCheckError, BaseModelError, OutputLocked) as err:
        return _fail(str(err))
    except OutputError as err:  # a full disk, no permission, a read-only filesystem
        return _fail(str(err), OutputError.exit_code)
    except FileNotFoundError as err:  # a file named on the command line or in a config
        return _fail(f"{err.filename or err} does not exist")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
