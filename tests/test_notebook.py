"""CI executes the demo notebook on the embedded default, so it can never rot."""

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT, embedded_checker_available


@pytest.mark.skipif(not embedded_checker_available(), reason="embedded checker not shipped")
def test_demo_notebook_runs():
    path = ROOT / "notebooks" / "demo.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "[date]" in outputs and "[attribution]" in outputs
