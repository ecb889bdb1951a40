"""The public surface other programs rely on (spec §11) and the package's hygiene."""

from __future__ import annotations

import importlib.metadata
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lkjip

ROOT = Path(__file__).resolve().parents[1]

SPEC_NAMES = """parse_number, format_number, format_persen, format_rupiah, Direction, LowerMethod,
capaian, kemajuan, Predikat, Scale, PERMENDAGRI_86_2017, predikat, Atribut, atribut,
penyerapan, sisa_anggaran, efisiensi_anggaran, tingkat_efisiensi, KategoriEfisiensi,
kategori_efisiensi, rata_rata, PredikatAKIP, predikat_akip, LKjIPError,
InvalidNumberError, NotComputableError"""


@pytest.mark.parametrize("name", [n.strip() for n in SPEC_NAMES.split(",")])
def test_spec_names_are_public(name: str) -> None:
    assert name in lkjip.__all__
    assert getattr(lkjip, name) is not None


def test_all_is_importable() -> None:
    for name in lkjip.__all__:
        assert hasattr(lkjip, name), name


def test_error_hierarchy() -> None:
    assert issubclass(lkjip.InvalidNumberError, lkjip.LKjIPError)
    assert issubclass(lkjip.InvalidNumberError, ValueError)
    assert issubclass(lkjip.NotComputableError, lkjip.LKjIPError)
    assert issubclass(lkjip.NotComputableError, ValueError)


@pytest.mark.parametrize(
    ("func", "first", "second"),
    [
        (lkjip.capaian, "target", "realisasi"),
        (lkjip.kemajuan, "target_akhir", "realisasi"),
        (lkjip.penyerapan, "pagu", "realisasi"),
        (lkjip.sisa_anggaran, "pagu", "realisasi"),
        (lkjip.efisiensi_anggaran, "pagu", "realisasi"),
    ],
)
def test_positional_order(func: object, first: str, second: str) -> None:
    params = list(inspect.signature(func).parameters.values())  # type: ignore[arg-type]
    assert [p.name for p in params[:2]] == [first, second]
    keyword_only = {p.name for p in params if p.kind is p.KEYWORD_ONLY}
    if func not in (lkjip.sisa_anggaran,):
        assert {"places", "rounding"} <= keyword_only


def test_results_are_frozen() -> None:
    import attrs

    total = lkjip.total_anggaran([("10", "5")])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        total.pagu = 1  # type: ignore[misc]


def test_py_typed_ships() -> None:
    assert (Path(lkjip.__file__).parent / "py.typed").is_file()


def test_attrs_is_the_only_runtime_dependency() -> None:
    requires = importlib.metadata.requires("lkjip") or []
    runtime = [r for r in requires if "extra ==" not in r]
    assert [r.split(">")[0].split("=")[0].strip() for r in runtime] == ["attrs"]


def test_core_imports_nothing_optional() -> None:
    optional = ("pandas", "numpy", "openpyxl", "matplotlib")
    code = f"import sys, lkjip; print(sorted(m for m in {optional!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mypy_strict_is_clean() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--strict", "--no-incremental", str(ROOT / "lkjip")])
    assert status == 0, stdout + stderr


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    folders = ["lkjip", "tests", "examples", "benchmarks"]
    for args in (["check", *folders], ["format", "--check", *folders]):
        out = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
