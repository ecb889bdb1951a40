"""Spreadsheets: an .xlsx built from a seed table audits like its CSV twin."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lkjip.cli import main

from conftest import optional

pytestmark = pytest.mark.needs("openpyxl")
openpyxl = optional("openpyxl")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def workbook_from_csv(csv_path: Path, xlsx_path: Path, *, sheet: str, numbers: bool) -> None:
    """The table under two title rows, as report spreadsheets look; optionally with the
    plain-number cells stored as numbers (as Excel keeps them)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sampul"
    ws.append(["Laporan Kinerja Instansi Pemerintah 2023"])
    data = book.create_sheet(sheet)
    data.append(["LAMPIRAN: realisasi belanja"])
    data.append([])
    with csv_path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter=";")):
            if numbers and i:
                row = [int(c) if c.isdigit() else c for c in row]  # type: ignore[misc]
            data.append(row)
    book.save(xlsx_path)


def audit_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["audit", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("numbers", [False, True])
@pytest.mark.parametrize("name", ["000_realisasi_belanja.csv", "004_capaian_kinerja.csv"])
def test_xlsx_audit_equals_its_csv_twin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, numbers: bool
) -> None:
    book = tmp_path / "laporan.xlsx"
    workbook_from_csv(EXAMPLES / name, book, sheet="Tabel 3.1", numbers=numbers)
    code_csv, from_csv = audit_json(capsys, str(EXAMPLES / name))
    code_xlsx, from_xlsx = audit_json(capsys, str(book), "--sheet", "Tabel 3.1")
    assert from_xlsx == from_csv and code_xlsx == code_csv == 1
    assert from_csv["findings"]


def test_header_row_given_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "t.xlsx"
    workbook_from_csv(EXAMPLES / "004_capaian_kinerja.csv", book, sheet="Data", numbers=False)
    code, doc = audit_json(capsys, str(book), "--sheet", "Data", "--header-row", "3")
    assert code == 1 and doc["rows"] == 8
    assert main(["audit", str(book), "--sheet", "Nope"]) == 2
    assert "has no sheet 'Nope' (sheets: Sampul, Data)" in capsys.readouterr().err
    not_a_book = tmp_path / "x.xlsx"
    not_a_book.write_text("target,realisasi\n1,1\n")
    assert main(["audit", str(not_a_book)]) == 2
    assert "is not a readable .xlsx workbook" in capsys.readouterr().err


def test_write_xlsx_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hasil.xlsx"
    assert (
        main(
            [
                "evaluate",
                str(EXAMPLES / "004_capaian_kinerja.csv"),
                "--format",
                "xlsx",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    first = dict(zip(header, (c.value for c in ws[2]), strict=True))
    assert first["capaian"] == 550 and first["predikat"] == "Sangat Tinggi"  # a number, not text
    audit_out = tmp_path / "temuan.xlsx"
    assert (
        main(
            [
                "audit",
                str(EXAMPLES / "004_capaian_kinerja.csv"),
                "--format",
                "xlsx",
                "-o",
                str(audit_out),
            ]
        )
        == 1
    )
    rows = list(openpyxl.load_workbook(audit_out).active.values)
    assert rows[0] == ("row", "field", "reported", "expected", "message") and len(rows) == 3
    assert main(["audit", str(EXAMPLES / "004_capaian_kinerja.csv"), "--format", "xlsx"]) == 2
    assert "-o out.xlsx" in capsys.readouterr().err


def test_workbook_errors_in_both_languages(tmp_path: Path) -> None:
    from lkjip import bahasa
    from lkjip.table.read import TableError
    from lkjip.xlsx import read_xlsx

    book = tmp_path / "t.xlsx"
    workbook_from_csv(EXAMPLES / "004_capaian_kinerja.csv", book, sheet="Data", numbers=False)
    with bahasa("id"), pytest.raises(TableError) as caught:
        read_xlsx(book, sheet="Nope")
    assert str(caught.value) == f"{book} tidak memiliki sheet 'Nope' (sheet yang ada: Sampul, Data)"
    with bahasa("en"), pytest.raises(TableError) as caught:
        read_xlsx(book, sheet="Nope")
    assert str(caught.value) == f"{book} has no sheet 'Nope' (sheets: Sampul, Data)"
    not_a_book = tmp_path / "x.xlsx"
    not_a_book.write_text("target,realisasi\n1,1\n")
    with bahasa("id"), pytest.raises(TableError) as caught:
        read_xlsx(not_a_book)
    assert str(caught.value) == (
        f"{not_a_book} bukan workbook .xlsx yang dapat dibaca (BadZipFile): buka dan simpan ulang"
    )
