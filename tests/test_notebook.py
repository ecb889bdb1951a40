"""The walkthrough notebook runs from top to bottom, so it can never go stale."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_walkthrough_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKJIP_LANG", "id")  # the kernel's: the notebook as a user runs it
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(EXAMPLES / "walkthrough_setda_kota_dumai.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(
        nb, timeout=180, resources={"metadata": {"path": str(EXAMPLES)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = "".join(o.get("text", "") for o in outputs)
    assert "80,83%" in html  # the capped mean: kategori 2, as seed 004 l.324 concludes
    assert "2 temuan dalam 8 baris." in html  # seed 004 l.320–321
    assert "Capaian = 3 / 6 × 100% = 50,00%" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)
