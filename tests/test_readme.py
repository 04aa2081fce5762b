"""The README's commands are the ones CI runs, and they work as written."""

import pytest

from .conftest import ROOT


def test_ci_installs_and_tests_with_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    for command in ('pip install torch==2.13.0 -e ".[test]"', "python -m pytest"):
        assert command in readme and command in ci
    assert "summarize run examples -o out" in readme


def test_ci_installs_into_fresh_environments_newest_and_oldest_and_prints_versions():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "mktemp -d" in ci and "-m venv" in ci  # a new environment on every run, never a reused one
    assert "-c .ci/oldest.txt" in ci and (ROOT / ".ci" / "oldest.txt").is_file()
    for name in ("torch", "transformers", "tokenizers", "accelerate", "datasets"):
        assert f'"{name}"' in ci  # printed at the top of the log


def test_every_direct_dependency_has_a_tested_lower_bound_pinned_for_the_oldest_run():
    import re
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    oldest = dict(line.split("==") for line in (ROOT / ".ci" / "oldest.txt").read_text().splitlines()
                  if line and not line.startswith("#"))
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        lower = re.search(r">=([\w.]+)", requirement)
        assert lower, f"{requirement}: no lower bound"
        if name == "torch":
            continue  # the README's pin installs the one CPU build on disk
        assert name in oldest, f"{name} is not pinned in .ci/oldest.txt"
        assert tuple(map(int, oldest[name].split(".")[:3])) >= tuple(map(int, lower.group(1).split("."))), name


def test_the_python_example_runs_as_written(capsys):
    import re

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## From Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed and printed[0].split()[0] in ("unsupported", "contradicted") and "Friday" in printed[0]  # the date rule
