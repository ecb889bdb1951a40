"""The documentation site builds without a warning (mkdocs --strict), API reference included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WARNING" not in proc.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("parse_number", "capaian", "predikat", "penyerapan", "audit", "LKjIPAccessor"):
        assert 'id="lkjip.' in api and name in api
    quick = (tmp_path / "site" / "mulai-cepat" / "index.html").read_text(encoding="utf-8")
    assert "Memeriksa tabel laporan" in quick
