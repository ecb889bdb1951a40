"""pyproject.toml: every data file lkjip reads at run time ships in the wheel.

A file under ``lkjip/`` that is not Python source is read by lkjip (a scale, the
heading vocabulary, the message catalog, a schema, the page's template); setuptools
puts it in a wheel only if ``[tool.setuptools.package-data]`` names it (an editable
install reads the source tree, so nothing else would show its absence: the vocabulary
``laporan/kosakata.json`` was missing from wheels until this test).
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_package_is_package_data() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11 and later")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["lkjip"]
    package = ROOT / "lkjip"
    data = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "laporan/kosakata.json" in data and "_core/katalog/inti.json" in data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
