"""The README's commands are the ones CI runs, and they work as written."""

from .conftest import ROOT


def test_ci_installs_and_tests_with_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    for command in ('pip install torch==2.13.0 -e ".[test]"', "python -m pytest"):
        assert command in readme and command in ci
    assert "summarize run examples -o out" in readme
