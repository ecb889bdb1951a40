"""The example tables in examples/ against the cases read from the same report lines.

Each example is a table transcribed as printed from one of the reports in
examples/laporan/. Auditing it must find exactly the published mistakes that
tests/data/cases records for those lines (same count, same printed values), and
nothing else.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lkjip import audit
from lkjip.numbers import parse_number
from lkjip.table.read import read_table

from conftest import load_cases

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

MEDANG_KAMPAI = "lkjip-2023-kecamatan-medang-kampai.txt"
DUMAI_TIMUR = "lkjip-2023-kecamatan-dumai-timur.txt"
SETDA = "lkjip-2023-setda-kota-dumai.txt"
# example -> (report in examples/laporan/, first line, last line) of the table it transcribes
SOURCES = {
    "000_capaian_kinerja.csv": (MEDANG_KAMPAI, 274, 279),
    "000_kinerja_anggaran.csv": (MEDANG_KAMPAI, 298, 305),
    "000_efisiensi.csv": (MEDANG_KAMPAI, 314, 318),
    "000_realisasi_belanja.csv": (MEDANG_KAMPAI, 1292, 1358),
    "001_capaian_2022_2023.csv": (DUMAI_TIMUR, 774, 774),
    "001_efisiensi.csv": (DUMAI_TIMUR, 229, 234),
    "004_capaian_kinerja.csv": (SETDA, 312, 322),
    "004_efisiensi.csv": (SETDA, 374, 384),
    "004_kemajuan_renstra.csv": (SETDA, 1079, 1090),
    "004_predikat_evaluasi.csv": (SETDA, 1536, 1536),
}
TABLE_KINDS = {
    "capaian",
    "kemajuan",
    "penyerapan",
    "sisa",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "kategori_efisiensi",
    "predikat",
    "atribut",
    "sum",
    "mean",
}


def wrong_cases(report: str, first: int, last: int) -> list[dict[str, Any]]:
    return [
        c
        for c in load_cases()
        if c["report"] == report
        and first <= c["line"] <= last
        and c["kind"] in TABLE_KINDS
        and not c["agrees"]
    ]


def as_value(text: str) -> Decimal | str:
    try:
        number = parse_number(text)
    except ValueError:
        return text
    return text if number is None else number


# Forms that are not transcribed from a report, each tested by its own module:
# e81_*.csv, Renja evaluations (Formulir E.81) built on a report's indicators (test_renja.py).
FORMS = ("e81_",)


def test_every_example_table_has_a_source() -> None:
    tables = {p.name for p in EXAMPLES.glob("*.csv") if not p.name.startswith(FORMS)}
    assert tables == set(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_example_audit_finds_exactly_the_recorded_mistakes(name: str) -> None:
    findings = audit(read_table(EXAMPLES / name)).findings
    cases = wrong_cases(*SOURCES[name])
    assert len(findings) == len(cases), ([t.message for t in findings], [c["id"] for c in cases])
    printed = sorted(str(as_value(t.reported or "")) for t in findings)
    recorded = sorted(str(as_value(c["printed"])) for c in cases)
    assert printed == recorded


def test_the_readme_example_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "capaian_setda_dumai.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # seed 004 l.320–321, cases 004-0018 and 004-0020
    assert "baris 5: capaian printed 133%" in out and "baris 6: capaian printed 83%" in out
    assert "Keseluruhan: 80,83%, kategori 2 (Berhasil)" in out  # as the report concludes, l.324


def test_backend_example_json_in_json_out() -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "backend.py")], capture_output=True, text=True, check=True
    ).stdout
    assert "1 Indeks Kepuasan Masyarakat 105.40 Sangat Tinggi None" in out  # seed 001 l.774
    assert "row 1 capaian: capaian printed 105,42 but 91,7 / 87 × 100% = 105,40%" in out
    assert "row 3 penyerapan: penyerapan printed 0,00, but penyerapan cannot be computed" in out


@pytest.mark.needs("matplotlib", "openpyxl")  # its last two commands
def test_cli_script_runs(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["LKJIP_LANG"] = "id"  # the script as a user runs it: the default language
    proc = subprocess.run(
        ["bash", str(EXAMPLES / "cli.sh")], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "17 temuan dalam 56 baris." in proc.stdout and "exit status: 1" in proc.stdout


def test_the_readme_audit_is_indonesian_by_default_and_english_with_lang_en() -> None:
    """Issue 12: ``lkjip audit examples/004_capaian_kinerja.csv`` prints Indonesian; with
    ``--lang en``, English (seed 004 l.320–321: capaian printed 133% and 83%)."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "LKJIP_LANG"}
    table = str(EXAMPLES / "004_capaian_kinerja.csv")
    said = {}
    for lang in (None, "en"):
        argv = [sys.executable, "-m", "lkjip", "audit", table, *(["--lang", lang] if lang else [])]
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 1, proc.stderr  # findings
        said[lang] = proc.stdout
    assert "Seharusnya" in said[None] and "2 temuan dalam 8 baris." in said[None]
    assert "capaian printed 133% but 30 / 30 × 100% = 100%" in said["en"]
    assert "capaian printed 83% but 3 / 6 × 100% = 50%" in said["en"]
