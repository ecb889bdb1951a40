"""The annotated workbook of a report audit: ``lkjip audit report --format xlsx -o`` and
the page's download. The tables as read, each wrong cell filled with a comment giving the
recomputed figure and the formula; the findings on a last sheet; never a live formula."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from lkjip.cli import main

from conftest import optional

pytestmark = pytest.mark.needs("openpyxl")  # the annotated workbook: lkjip[xlsx]
openpyxl = optional("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "laporan" / "lkjip-2023-kecamatan-medang-kampai.txt"
FILL = "FDE2E2"


def marked_cells(book: Any) -> dict[tuple[str, str], Any]:
    """Every filled cell of every sheet, by (sheet, coordinate)."""
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.fill is not None and cell.fill.fill_type == "solid":
                    found[(ws.title, cell.coordinate)] = cell
    return found


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("annotated")
    book_path, doc_path = tmp / "out.xlsx", tmp / "out.json"
    assert main(["audit", str(REPORT), "--format", "xlsx", "-o", str(book_path)]) == 1
    assert main(["audit", str(REPORT), "--format", "json", "-o", str(doc_path)]) == 1
    findings = json.loads(doc_path.read_text("utf-8"))["findings"]
    return openpyxl.load_workbook(book_path), findings


def test_each_finding_marks_its_printed_cell_with_a_comment(audited: Any) -> None:
    book, findings = audited
    marked = marked_cells(book)
    # where each finding must be: the sheet of its table, the row of its report line,
    # the column under its printed heading (narrative findings: the Narasi sheet)
    wanted: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in findings:
        if f["table_index"] == 0:
            ws = book["Narasi"]
            row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == f["line"])
            key = ("Narasi", row[2].coordinate)
        else:
            ws = book[f"Tabel {f['table_index']}"]
            headings = [c.value for c in ws[2]]
            row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == str(f["line"]))
            key = (ws.title, row[headings.index(f["column"])].coordinate)
        wanted.setdefault(key, []).append(f)
    assert len(findings) == 38 and len(wanted) == 37  # table 32, line of row 31: two findings
    assert set(marked) == set(wanted)
    for key, fs in wanted.items():
        cell = marked[key]
        assert cell.fill.fgColor.rgb.endswith(FILL)
        assert cell.comment is not None, key
        for f in fs:
            assert f["message"] in cell.comment.text
            if f["expected"] is not None:
                assert f"should be {f['expected']}" in cell.comment.text  # the suite's language


def test_a_wrong_capaian_by_hand(audited: Any) -> None:
    """Tabel 8, report line 302: capaian printed 95,82% of target 100, realisasi 95; by
    hand 95 / 100 × 100% = 95,00%. The cell shows what was printed, as text."""
    book, _ = audited
    ws = book["Tabel 8"]
    headings = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "302")
    cell = row[headings.index("Kinerja / Capaian")]
    assert (cell.value, cell.data_type) == ("95,82%", "s")
    assert cell.fill.fill_type == "solid" and cell.comment is not None
    assert "should be 95.00" in cell.comment.text and "95 / 100 × 100% = 95,00%" in (
        cell.comment.text
    )
    untouched = row[headings.index("Kinerja / Target")]
    assert untouched.value == "100" and untouched.fill.fill_type is None
    assert untouched.comment is None
    assert str(ws["A1"].value).startswith("Tabel 8: ")


def test_the_findings_sheet_and_no_live_formula(audited: Any) -> None:
    book, findings = audited
    ws = book["Temuan"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("line", "page", "table_index")
    assert len(rows) == 1 + len(findings)
    assert [r[-1] for r in rows[1:]] == [f["message"] for f in findings]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_a_cell_that_reads_as_a_formula_stays_text(tmp_path: Path) -> None:
    text = REPORT.read_text("utf-8").replace("95,82%", "=HYPERLINK(1)", 1)
    report = tmp_path / "laporan.txt"
    report.write_text(text, "utf-8")
    out = tmp_path / "out.xlsx"
    main(["audit", str(report), "--format", "xlsx", "-o", str(out)])
    book = openpyxl.load_workbook(out)
    hits = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")
    ]
    assert hits and all(c.data_type == "s" for c in hits)


@pytest.mark.needs("fastapi", "python_multipart", "jinja2", "httpx")  # lkjip[server]
def test_the_page_offers_the_annotated_workbook() -> None:
    from fastapi.testclient import TestClient

    from lkjip.serve import create_app

    with TestClient(create_app()) as client:
        page = client.post("/", files={"file": (REPORT.name, REPORT.read_bytes())})
    assert page.status_code == 200
    link = re.search(r'href="data:application/vnd\.openxml[^;]*;base64,([^"]+)"', page.text)
    assert link is not None and 'download="temuan-' in page.text
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(link.group(1))))
    assert len(marked_cells(book)) == 37
    assert book.sheetnames[-1] == "Temuan"
