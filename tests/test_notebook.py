"""notebooks/explore.ipynb runs (nbclient, a real kernel) against a fresh run's output folder.

The committed notebook carries no outputs (they would go stale); this test is what keeps it alive.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _outputs(nb: object, kind: str) -> list[str]:
    out = []
    for cell in nb.cells:  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            if kind == "stream" and output.output_type == "stream":
                out.append(output.text)
            elif kind in output.get("data", {}):
                out.append(output.data[kind])
    return out


def test_committed_notebook_is_stripped() -> None:
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_notebook_executes_on_a_run(corpus_out: Path, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    # A kernel spec of our own, first on JUPYTER_PATH: the kernel is this interpreter (the .venv
    # with the package), whatever "python3" kernel the machine may have installed elsewhere.
    spec = tmp_path / "kernels" / "policy-pipeline-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "policy-pipeline (test)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("POLICY_PIPELINE_OUT", str(corpus_out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="policy-pipeline-test",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    printed = "".join(_outputs(nb, "stream"))
    assert "5 notices" in printed
    assert "吉林省: >= 60%" in printed and "山东省: >= 70%" in printed
    assert "镇江市（江苏省）: >= 80%" in printed
    assert "no numeric safety-standard target: 广东省" in printed
    assert _outputs(nb, "image/png"), "the heatmap cell shows a figure"
    assert any("消防安全" in html for html in _outputs(nb, "text/html"))
