"""The command line as a user meets it: one-line errors with exit code 2, nothing left behind."""

import json
import subprocess
import sys

import pytest

from summarize import cli
from summarize.cli import main

from .conftest import EXAMPLES


def error_lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_run_on_an_empty_folder_fails_before_loading_a_model_and_writes_nothing(tmp_path, capsys, monkeypatch):
    def no_models(*args, **kwargs):
        raise AssertionError("no model may load for an empty input")

    monkeypatch.setattr("summarize.batch.runner.Pipeline", no_models)
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    assert main(["run", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert error_lines(capsys) == [f"summarize: error: no article files found under {tmp_path / 'empty'} "
                                   "(extensions: .txt, .md, .html, .htm, .json, .jsonl)"]
    assert not (tmp_path / "out").exists()


def test_run_given_a_file_says_it_wants_a_folder(tmp_path, capsys):
    article = EXAMPLES / "harbor-bridge" / next(p.name for p in (EXAMPLES / "harbor-bridge").iterdir())
    assert main(["run", str(article), "-o", str(tmp_path / "out")]) == 2
    (line,) = error_lines(capsys)
    assert "is a file" in line and "summarize check" in line and not (tmp_path / "out").exists()


def test_check_on_a_missing_folder_says_so_once_with_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere"), "--summary-text", "It rained."]) == 2
    assert error_lines(capsys) == [f"summarize: error: {tmp_path / 'nowhere'} does not exist"]


def test_an_unknown_key_gets_a_suggestion(tmp_path, capsys):
    assert main(["run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--set", "checker.treshold=0.5"]) == 2
    (line,) = error_lines(capsys)
    assert "unknown key checker.treshold (did you mean checker.threshold?" in line
    assert main(["run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--set", "summarizr.max_words=50"]) == 2
    assert "did you mean summarizer?" in error_lines(capsys)[0]


@pytest.mark.parametrize("command", [[], ["run"], ["check"], ["calibrate"], ["train-checker"], ["train-summarizer"],
                                     ["evaluate"]])
def test_every_help_shows_examples(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and "summarize " in out.split("example", 1)[1]


def test_evaluate_has_no_developer_paths_as_defaults(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["evaluate", "checker"])
    assert done.value.code == 2 and "--data" in capsys.readouterr().err
    assert main(["evaluate", "checker", "--data", str(tmp_path / "none")]) == 2
    assert error_lines(capsys) == [f"summarize: error: benchmark data folder {tmp_path / 'none'} does not exist"]
    assert cli.build_parser().parse_args(["evaluate", "checker", "--data", "d"]).output is None


@pytest.mark.parametrize("command", [["calibrate", "{missing}"], ["train-checker", "{missing}"],
                                     ["train-summarizer", "{missing}"], ["check", "--pairs", "{missing}", "-o", "{out}"]])
def test_a_missing_input_file_is_one_line_and_exit_2(command, tmp_path, capsys):
    args = [a.format(missing=tmp_path / "missing.yaml", out=tmp_path / "out.jsonl") for a in command]
    assert main(args) == 2
    (line,) = error_lines(capsys)
    assert line.startswith("summarize: error: ") and "missing.yaml" in line
    assert not (tmp_path / "out.jsonl").exists()


def test_training_subcommands_are_named_alike():
    parser = cli.build_parser()
    assert parser.parse_args(["train-summarizer", "r.yaml"]).command == "train-summarizer"
    assert parser.parse_args(["train", "r.yaml"]).command == "train"  # the former name still works
    assert cli.COMMANDS["train"] is cli.COMMANDS["train-summarizer"]


def test_the_cluster_dot_is_named_for_its_folder(tiny):
    result = subprocess.run([sys.executable, "-m", "summarize", "check", ".", "--summary-text", "Ferries will run.",
                             "--set", f"checker.model={tiny('nli')}"], capture_output=True, text=True,
                            cwd=EXAMPLES / "harbor-bridge", env={**__import__("os").environ,
                                                                  "PYTHONPATH": str(EXAMPLES.parent)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cluster"] == "harbor-bridge"


def test_an_output_that_cannot_be_written_is_one_line_and_exit_3(tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), "--set", "summarizer.model=lead", "--no-check", "--quiet"]) == 3
    assert error_lines(capsys) == [f"summarize: error: cannot create the output folder ({out}): Not a directory"]


def test_run_help_names_wait_and_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "--wait" in capsys.readouterr().out
    assert "3 an output could not be written" in (cli.__doc__ or "")


def test_a_degenerate_trained_summarizer_stops_the_run_with_one_line(tiny, tmp_path, capsys):
    """A model `summarize train-summarizer` wrote (its marker) that writes nonsense: exit 2, nothing summarized."""
    import shutil

    model = tmp_path / "my-summarizer"
    shutil.copytree(tiny("bart"), model)
    capsys.readouterr()  # building the tiny model
    (model / "summarize_training.json").write_text(json.dumps({"kind": "summarizer"}))
    code = main(["run", str(EXAMPLES), "-o", str(tmp_path / "out"), "--no-check", "--quiet",
                 "--set", f"summarizer.model={model}", "--set", "summarizer.max_input_tokens=64"])
    lines = error_lines(capsys)
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(f"summarize: error: {model} failed its start-up self-check") and "not yet usable" in lines[0]
    assert not (tmp_path / "out" / "summaries.jsonl").is_file() or not (tmp_path / "out" / "summaries.jsonl").read_text().strip()


@pytest.mark.parametrize("command", ["train-checker", "train-summarizer"])
def test_training_recipe_typos_are_one_line_with_did_you_mean(tmp_path, capsys, command):
    recipe = tmp_path / "r.yaml"
    recipe.write_text("model: {model_name_or_path: minilm}\ndata: {train_file: x.jsonl}\n"
                      "training: {output_dir: out, max_step: 3}\n")
    assert main([command, str(recipe)]) == 2
    assert error_lines(capsys) == [f"summarize: error: {recipe}: unknown key training.max_step (did you mean training.max_steps?)"]
