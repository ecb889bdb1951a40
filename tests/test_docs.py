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


def test_the_readme_layout_names_every_module() -> None:
    """README's Layout lists every module of lkjip/, each under its folder, and no module
    that is not there (the lines under ``lkjip/``, up to the first top-level folder after
    it): a line indented two spaces names entries of lkjip/, four spaces entries of the
    folder named above it; a folder's line stands for its ``__init__.py``."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```")[1]
    package = layout.split("lkjip/\n", 1)[1].split("\ntests/", 1)[0]
    named: set[str] = set()
    folder = ""
    for line in package.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        entries = re.match(r"\s*((?:[\w.]+/?)(?:, [\w.]+/?)*)", line)
        if entries is None or depth not in (1, 2) or not entries.group(1):
            continue
        for entry in entries.group(1).split(", "):
            if not (entry.endswith(".py") or entry.endswith("/")):
                continue
            path = entry if depth == 1 else folder + entry
            if entry.endswith("/"):
                if depth == 1:
                    folder = entry
                path += "__init__.py"
            named.add(path)
    modules = {p.relative_to(ROOT / "lkjip").as_posix() for p in (ROOT / "lkjip").rglob("*.py")}
    assert named == modules, (sorted(modules - named), sorted(named - modules))
