"""Issue 10, reading and writing tables: CSV headers and long cells and
rows, .xlsx sheets as they are, zip bombs, formula cells in outputs, bounded charts.

Every input is built here at run time (in ``tmp_path`` or in memory); bombs are small
on disk. Expected values are stated from the input, never read from the code."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip
from lkjip import xlsx
from lkjip.cli import main
from lkjip.errors import LKjIPError
from lkjip.table import read as tabel
from lkjip.table.read import MAX_CELL, MAX_ROW, TableError, csv_baris, read_table
from lkjip.xlsx import XLSX_MAX_PART, write_xlsx

from conftest import optional

# --- CSV: the header is one record ---------------------------------------------------


def test_a_quoted_heading_with_a_line_break_is_one_heading() -> None:
    text = 'Nama;"Pagu\nAnggaran";"Realisasi\r\nAnggaran";Catatan\nProgram 1;1.000;900;ok\n'
    table = read_table(io.StringIO(text), format="csv")
    assert table.columns == ("nama", "pagu_anggaran", "realisasi_anggaran", "catatan")
    assert [b.nilai for b in table] == [
        {
            "nama": "Program 1",
            "pagu_anggaran": "1.000",
            "realisasi_anggaran": "900",
            "catatan": "ok",
        }
    ]


def test_a_wrapped_heading_names_an_lkjip_column(capsys: pytest.CaptureFixture[str]) -> None:
    # Excel writes a heading typed over two lines (Alt+Enter) as a quoted cell
    path = io.StringIO('"Indikator";"Target";"Realisasi"\nIKM;80;100\n')
    table = read_table(path)
    assert table.columns == ("indikator", "target", "realisasi")
    wrapped = read_table(io.StringIO('Sasaran;"Tar\nget";Realisasi\nS;80;100\n'))
    assert wrapped.columns == ("sasaran", "tar_get", "realisasi")  # one heading, not two rows
    assert [b.nomor for b in wrapped] == [1]  # the data row is row 1, as for a plain header


def test_the_delimiter_is_read_from_the_whole_header() -> None:
    # the first physical line alone holds no delimiter at all
    table = read_table(io.StringIO('"Target\n(%)";Realisasi\n80;100\n'))
    assert table.columns == ("target_(%)", "realisasi")


# --- CSV: long cells and rows ---------------------------------------------------------


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_a_cell_over_the_csv_modules_field_limit_is_read() -> None:
    big = "x" * 200_000  # past csv.field_size_limit()'s default of 131,072
    text = _csv_text([["indikator", "target", "realisasi"], [big, "80", "100"], ["b", "1", "2"]])
    before = csv.field_size_limit()
    rows = list(read_table(io.StringIO(text)))
    assert [b.nomor for b in rows] == [1, 2] and rows[0].nilai["indikator"] == big
    assert all(b.masalah is None for b in rows)
    assert csv.field_size_limit() == before


def test_a_cell_over_max_cell_is_a_reported_row_and_the_rest_read() -> None:
    big = "7" * (MAX_CELL + 1)
    text = _csv_text(
        [["indikator", "target", "realisasi"], ["a", "80", "100"], ["b", big, "1"], ["c", "1", "2"]]
    )
    rows = list(read_table(io.StringIO(text)))
    assert [b.nomor for b in rows] == [1, 2, 3]
    assert rows[1].nilai == {} and rows[1].masalah is not None
    assert f"{MAX_CELL + 1:,} characters" in rows[1].masalah and "cell 2" in rows[1].masalah
    assert rows[2].nilai == {"indikator": "c", "target": "1", "realisasi": "2"}
    ev = list(lkjip.evaluate(read_table(io.StringIO(text))))
    assert ev[1].capaian is None and ev[1].error is not None and "characters" in ev[1].error


def test_the_callers_csv_field_limit_is_kept_while_rows_are_read() -> None:
    old = csv.field_size_limit(1000)
    try:
        text = _csv_text([["indikator", "target"], ["x" * 5000, "1"], ["y", "2"]])
        seen = []
        for baris in read_table(io.StringIO(text)):
            seen.append(csv.field_size_limit())  # between rows: the caller's limit
            assert baris.masalah is None
        assert seen == [1000, 1000] and csv.field_size_limit() == 1000
    finally:
        csv.field_size_limit(old)


def test_a_500_mb_style_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "one_long_line.csv"
    line = MAX_ROW * 10  # 40 M characters on one line, here in 1 MiB pieces
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("indikator,target,realisasi\r\na,80,100\r\n")
        for _ in range(line // (1 << 20)):
            fh.write("9" * (1 << 20))
        fh.write(",1,2\r\nb,50,100\r\n")
    tracemalloc.start()
    try:
        rows = list(read_table(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [b.nomor for b in rows] == [1, 2, 3]
    assert rows[1].nilai == {} and rows[1].masalah is not None
    assert f"longer than {MAX_ROW:,} characters" in rows[1].masalah
    assert rows[2].nilai == {"indikator": "b", "target": "50", "realisasi": "100"}
    assert peak < 4 * MAX_ROW + (8 << 20), peak  # a few pieces, never the 40 MB line


def test_a_quoted_cell_over_many_lines_past_max_row_is_one_reported_row() -> None:
    cell = ("x" * 999 + "\n") * (MAX_ROW // 1000 + 10)  # short lines, one long quoted cell
    text = _csv_text(
        [
            ["indikator", "target", "realisasi"],
            ["a", "80", "100"],
            [cell, "1", "2"],
            ["c", "5", "10"],
        ]
    )
    rows = list(read_table(io.StringIO(text)))
    assert [b.nomor for b in rows] == [1, 2, 3]  # no row made of the cell's lines
    assert rows[1].masalah is not None and "longer than" in rows[1].masalah
    assert rows[2].nilai == {"indikator": "c", "target": "5", "realisasi": "10"}


def test_quotes_that_never_close_or_text_after_a_closing_quote_are_reported_rows() -> None:
    text = 'indikator,target,realisasi\na,80,100\n"b"x,1,2\nc,5,10\n"d,1,2\ne,3,4\n'
    rows = list(read_table(io.StringIO(text)))
    assert [b.nomor for b in rows] == [1, 2, 3, 4]
    assert rows[1].nilai == {} and "not readable CSV" in str(rows[1].masalah)
    assert rows[2].nilai == {"indikator": "c", "target": "5", "realisasi": "10"}
    assert rows[3].nilai == {} and "does not close" in str(rows[3].masalah)


def test_a_long_json_line_is_a_reported_row() -> None:
    big = json.dumps({"indikator": "x" * (MAX_ROW + 5), "target": 1})
    text = '{"indikator": "a", "target": 80, "realisasi": 100}\n' + big + '\n{"target": 1}\n'
    rows = list(read_table(io.StringIO(text)))
    assert [b.nomor for b in rows] == [1, 2, 3]
    assert rows[1].nilai == {} and "longer than" in str(rows[1].masalah)
    assert rows[2].nilai == {"target": Decimal(1)}


def test_the_cli_reports_an_over_long_cell_against_its_row_on_two_processes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    n = 12_000  # past the rows after which workers start
    with path.open("w", encoding="utf-8") as fh:
        fh.write("indikator;target;realisasi\n")
        fh.writelines(f"I{i};80;100\n" for i in range(n))
        fh.write("X;" + "8" * (MAX_CELL + 1) + ";1\n")
        fh.write("Z;50;100\n")
    result = subprocess.run(
        [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["row"] for d in lines] == list(range(1, n + 3))
    assert lines[n]["capaian"] is None and "characters" in lines[n]["error"]
    assert lines[n + 1]["capaian"] == "200.00" and lines[n + 1]["error"] is None


# --- CSV: the class, fuzzed with small bounds -----------------------------------------

_CELL = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from('",;\r\n '),
    max_size=30,
)


@given(
    header=st.lists(st.text(st.sampled_from('ab "\r\n'), max_size=12), min_size=1, max_size=4),
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=5), max_size=8),
)
@settings(max_examples=120)
def test_every_record_is_one_row_read_exactly_or_reported(
    header: list[str], rows: list[list[str]]
) -> None:
    cell_limit, row_limit = 12, 40
    header = [f"h{i} {h}" for i, h in enumerate(header)]  # distinct names, no delimiter
    mp = pytest.MonkeyPatch()
    mp.setattr(tabel, "MAX_CELL", cell_limit)
    mp.setattr(tabel, "MAX_ROW", row_limit)
    mp.setattr(tabel, "_PIECE", row_limit + 1)
    try:
        head = _csv_text([header])
        if len(head) > row_limit or max(map(len, header)) > cell_limit:
            with pytest.raises(TableError):
                read_table(io.StringIO(head + _csv_text(rows)), format="csv")
            return
        table = read_table(io.StringIO(head + _csv_text(rows)), format="csv")
        assert table.cells is not None
        got = list(table.cells)
    finally:
        mp.undo()
    assert len(got) == len(rows)  # one record each, none lost, none made up
    columns = table.columns
    for (nomor, cells), written in zip(got, rows, strict=True):
        record = _csv_text([written])
        baris = csv_baris(columns, nomor, cells)
        if len(record) > row_limit or max(map(len, written)) > cell_limit:
            assert baris is not None and baris.masalah is not None and baris.nilai == {}
        else:
            assert list(cells) == written


# --- API: what read_table takes --------------------------------------------------------


@pytest.mark.parametrize("source", [123, None, 1.5, b"file.csv", object(), ["a,b"]])
def test_read_table_of_something_that_is_no_file_is_a_table_error(source: Any) -> None:
    with pytest.raises(TableError, match="read_table reads a path"):
        read_table(source)


@pytest.mark.needs("openpyxl")  # its last source is read as .xlsx
def test_read_table_of_unreadable_sources_is_a_table_error(tmp_path: Path) -> None:
    closed = io.BytesIO(b"target,realisasi\n1,2\n")
    closed.close()
    with pytest.raises(TableError, match="cannot read"):
        read_table(closed)
    with pytest.raises(TableError, match="cannot open"):
        read_table(tmp_path)  # a folder
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"target;realisasi\n1;2\n"), format="xlsx")


# --- .xlsx reading ----------------------------------------------------------------------

openpyxl = optional("openpyxl")  # the tests that write or read a workbook need it


def _book(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: Any) -> None:
    """Rewrite one part of the zip (``change`` maps its bytes to new bytes)."""
    with zipfile.ZipFile(path) as old:
        parts = [(i, old.read(i.filename)) for i in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in parts:
            new.writestr(info.filename, change(data) if info.filename == member else data)


_SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.needs("openpyxl")
def test_a_wrong_dimension_drops_no_row_and_no_column(tmp_path: Path) -> None:
    rows = [["indikator", "target", "realisasi", "catatan"]]
    rows += [[f"I{i}", 80, 100 + i, f"c{i}"] for i in range(6)]
    path = _book(tmp_path / "t.xlsx", rows)
    _rewrite(
        path, _SHEET, lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', x)
    )
    assert b'ref="A1:B2"' in zipfile.ZipFile(path).read(_SHEET)
    got = list(read_table(path))
    assert [b.nomor for b in got] == [1, 2, 3, 4, 5, 6]
    assert got[5].nilai == {"indikator": "I5", "target": 80, "realisasi": 105, "catatan": "c5"}


@pytest.mark.needs("openpyxl")
def test_a_cell_in_the_last_row_and_column_costs_no_row_of_blanks_per_row(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["indikator", "target", "realisasi"])
    book.active.append(["IKM", 80, 100])
    book.active.cell(row=1_048_576, column=16_384, value="x")  # <dimension> A1:XFD1048576
    book.save(tmp_path / "far.xlsx")
    start = time.perf_counter()
    got = list(read_table(tmp_path / "far.xlsx"))
    assert time.perf_counter() - start < 20  # (was about 15 minutes)
    assert [b.nomor for b in got] == [1, 1_048_575]
    assert got[0].nilai == {"indikator": "IKM", "target": 80, "realisasi": 100}


@pytest.mark.needs("openpyxl")
def test_rows_past_excels_last_row_are_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "t.xlsx", [["indikator", "target", "realisasi"], ["a", 1, 2]])
    far = b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>z</t></is></c></row>'
    _rewrite(path, _SHEET, lambda x: x.replace(b"</sheetData>", far + b"</sheetData>"))
    with pytest.raises(TableError, match="past row 1,048,576"):
        list(read_table(path))


@pytest.mark.needs("openpyxl")
def test_the_cells_read_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _book(tmp_path / "t.xlsx", [["indikator", "target", "realisasi"]] + [["a", 1, 2]] * 50)
    monkeypatch.setattr(xlsx, "XLSX_MAX_CELLS", 60)
    with pytest.raises(TableError, match="more than 60 cells"):
        list(read_table(path))
    assert main(["evaluate", str(path)]) == 2


def _zip_bomb(path: Path, member: str, size: int) -> Path:
    """A workbook with one part that expands to ``size`` bytes (small on disk)."""
    _book(path, [["indikator", "target", "realisasi"], ["a", 1, 2]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open(member, "w") as fh:
            chunk = b"<x/>" * (1 << 18)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path


@pytest.mark.needs("openpyxl")
def test_a_zip_bomb_part_is_refused_before_it_is_read(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "bomb.xlsx", "xl/worksheets/sheet9.xml", 64 << 20)
    assert bomb.stat().st_size < 1 << 20  # under 1 MB on disk, 64 MiB inside
    tracemalloc.start()
    try:
        with pytest.raises(TableError, match="zip bomb"):
            read_table(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20


@pytest.mark.needs("openpyxl")
def test_a_part_read_whole_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "strings.xlsx"
    _book(path, [["indikator", "target", "realisasi"], ["a", 1, 2]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:  # stored: no ratio to see
        z.writestr("xl/sharedStrings.xml", b" " * (XLSX_MAX_PART + 1))
    with pytest.raises(TableError, match=r"sharedStrings.xml.*zip bomb"):
        read_table(path)


@pytest.mark.needs("openpyxl")
def test_the_whole_workbook_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _book(tmp_path / "t.xlsx", [["indikator", "target", "realisasi"]] + [["a", 1, 2]] * 500)
    monkeypatch.setattr(xlsx, "XLSX_MAX_BYTES", 20_000)
    with pytest.raises(TableError, match="uncompressed"):
        read_table(path)


@pytest.mark.needs("openpyxl")
def test_the_cli_gives_one_line_and_exit_2_for_a_bomb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = _zip_bomb(tmp_path / "bomb.xlsx", "xl/media/x.bin", 64 << 20)
    assert main(["evaluate", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lkjip: ") and "zip bomb" in err and len(err.splitlines()) == 1


@pytest.mark.needs("openpyxl")
def test_a_workbook_with_no_worksheet_is_a_table_error(tmp_path: Path) -> None:
    path = _book(tmp_path / "t.xlsx", [["indikator", "target", "realisasi"]])
    _rewrite(
        path,
        "xl/workbook.xml",
        lambda x: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", x, flags=re.S),
    )
    with pytest.raises(TableError, match="no worksheet"):
        read_table(path)
    charts = openpyxl.Workbook()
    charts.create_chartsheet()
    charts.remove(charts.active)
    charts.save(tmp_path / "c.xlsx")
    with pytest.raises(TableError):
        read_table(tmp_path / "c.xlsx")


@pytest.mark.needs("openpyxl")
def test_awkward_sheets_read_without_a_traceback(tmp_path: Path) -> None:
    import datetime

    empty = openpyxl.Workbook()
    empty.save(tmp_path / "empty.xlsx")
    with pytest.raises(TableError, match="no header row"):
        read_table(tmp_path / "empty.xlsx")
    only_header = _book(tmp_path / "h.xlsx", [["indikator", "target", "realisasi"]])
    assert list(read_table(only_header)) == []
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["indikator", "target", "realisasi"])
    ws.append(["merged", 80, 100])
    ws.append([None, 80, "#DIV/0!"])  # openpyxl stores this as an error cell
    ws.append(["tanggal", 80, datetime.datetime(2023, 12, 31)])
    ws.merge_cells("A2:A3")
    book.save(tmp_path / "m.xlsx")
    rows = list(read_table(tmp_path / "m.xlsx"))
    assert [b.nomor for b in rows] == [1, 2, 3]
    assert rows[1].nilai["realisasi"] == "#DIV/0!"
    assert rows[2].nilai["realisasi"] == "2023-12-31 00:00:00"  # text: no number rule takes it
    ev = list(lkjip.evaluate(read_table(tmp_path / "m.xlsx")))
    assert ev[0].capaian == Decimal("125.00")
    assert ev[1].capaian is None and ev[1].error is not None
    assert ev[2].capaian is None and ev[2].error is not None


@pytest.mark.needs("openpyxl")
def test_a_formula_cell_reads_as_its_saved_value(tmp_path: Path) -> None:
    path = _book(tmp_path / "f.xlsx", [["indikator", "target", "realisasi"], ["a", 80, 1]])
    cached = b'<c r="C2"><f>B2*1.25</f><v>100</v></c>'
    _rewrite(path, _SHEET, lambda x: re.sub(rb'<c r="C2"[^>]*>.*?</c>', cached, x))
    assert next(iter(read_table(path))).nilai["realisasi"] == 100


@pytest.mark.needs("openpyxl")
def test_a_row_16384_columns_wide_reads(tmp_path: Path) -> None:
    header = ["indikator", "target", "realisasi", *(f"k{i}" for i in range(16_381))]
    path = _book(tmp_path / "wide.xlsx", [header, ["a", 80, 100, *range(16_381)]])
    table = read_table(path)
    assert len(table.columns) == 16_384
    (row,) = list(table)
    assert row.nilai["k16380"] == 16_380


@pytest.mark.needs("openpyxl")
def test_a_duplicate_heading_is_refused_as_in_csv(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "d.xlsx", [["indikator", "target", "realisasi", "Target"], ["a", 1, 2, 3]]
    )
    with pytest.raises(TableError, match="twice"):
        read_table(path)


# --- .xlsx writing: text is text ---------------------------------------------------------


def _cells(path: Path) -> list[list[tuple[str, object]]]:
    book = openpyxl.load_workbook(path)  # not data_only: a formula would show as one
    return [[(c.data_type, c.value) for c in row] for row in book.active.iter_rows()]


@pytest.mark.needs("openpyxl")
def test_formula_text_is_written_as_text(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    attacks = ['=HYPERLINK("http://x.invalid","klik")', "=cmd|' /C calc'!A0", "#DIV/0!", "=1+1"]
    write_xlsx(out, ["a", "=b"], [[a, Decimal("87.50")] for a in attacks] + [["-5", -5]])
    cells = _cells(out)
    assert cells[0] == [("s", "a"), ("s", "=b")]
    assert [row[0] for row in cells[1:5]] == [("s", a) for a in attacks]
    assert all(row[1] == ("n", 87.5) for row in cells[1:5])
    assert cells[5] == [("s", "-5"), ("n", -5)]  # text stays text, a number a number
    sheet = zipfile.ZipFile(out).read(_SHEET)
    assert b"<f>" not in sheet and b"<f " not in sheet


@pytest.mark.needs("openpyxl")
def test_a_formula_printed_in_a_table_stays_text_through_the_cli(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "indikator;target;realisasi;predikat\n=HYPERLINK(\"x\");80;100;=cmd|' /C calc'!A0\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.xlsx"
    assert main(["evaluate", str(src), "--format", "xlsx", "-o", str(out)]) == 0
    cells = _cells(out)
    assert all(t != "f" for row in cells for t, _ in row)
    assert ("s", '=HYPERLINK("x")') in cells[1]
    assert b"<f>" not in zipfile.ZipFile(out).read(_SHEET)


@pytest.mark.needs("openpyxl")
def test_control_characters_are_shown_not_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    write_xlsx(out, ["a"], [["a\x1b[31mb\x00"], ["\ud800x"], ["tab\tand\nline"]])
    assert [row[0] for row in _cells(out)[1:]] == [
        ("s", "a\u241b[31mb\u2400"),
        ("s", "\ufffdx"),
        ("s", "tab\tand\nline"),
    ]
    src = tmp_path / "in.csv"
    src.write_text("indikator;target;realisasi\nI\x07;80;100\n", encoding="utf-8")
    assert main(["evaluate", str(src), "--format", "xlsx", "-o", str(tmp_path / "c.xlsx")]) == 0


@pytest.mark.needs("openpyxl")
def test_a_cell_past_excels_limit_is_cut_visibly_and_odd_numbers_are_text(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    write_xlsx(out, ["a", "b"], [["x" * 40_000, Decimal("1E+999999")], ["y", Decimal("NaN")]])
    rows = _cells(out)
    kind, value = rows[1][0]
    assert kind == "s" and isinstance(value, str) and len(value) == 32_767
    assert value.endswith("[40,000 characters, cut to fit a cell]")
    assert rows[1][1] == ("s", "1E+999999") and rows[2][1] == ("s", "NaN")


@pytest.mark.needs("openpyxl")
def test_an_adversarial_cell_is_written_in_linear_time(tmp_path: Path) -> None:
    start = time.perf_counter()
    write_xlsx(tmp_path / "o.xlsx", ["a"], [["\x00=" * 500_000], ["=" + "(" * 1_000_000]])
    assert time.perf_counter() - start < 10


_OUT = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.sampled_from("=+-@#!/\x00\x1b\t\n\r\ud800DIV0"), max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.integers(-(10**20), 10**20),
    st.none(),
)


@pytest.mark.needs("openpyxl")
@given(st.lists(st.lists(_OUT, min_size=1, max_size=4), min_size=1, max_size=6))
@settings(max_examples=20)
def test_written_cells_are_text_or_numbers_never_formulas(rows: list[list[object]]) -> None:
    out = io.BytesIO()
    write_xlsx(out, ["a", "b", "c", "d"], rows)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    got = list(book.active.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=4))
    for row, cells in zip(rows, got, strict=True):
        for value, cell in zip(row, cells, strict=False):
            if value is None or value == "":
                assert cell.value is None
            elif isinstance(value, str):
                assert cell.data_type == "s" and isinstance(cell.value, str)
                # each character kept or shown as one (an XML reader may read CR LF as LF)
                assert len(cell.value) in (len(value), len(value.replace("\r\n", "\n")))
            else:
                assert cell.data_type == "n"  # to the 16 digits Excel keeps
                assert float(cell.value) == pytest.approx(float(value), rel=1e-15)  # type: ignore[arg-type]
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(out.getvalue())).read(_SHEET)


# --- charts -------------------------------------------------------------------------------


def _png_height(path: Path) -> int:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[20:24], "big")


def test_a_chart_of_2000_rows_is_bounded_and_says_so(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from lkjip.chart import CHART_MAX_BARIS, plot_capaian

    rows = [{"indikator": f"I{i}", "target": 80, "realisasi": 60 + i % 50} for i in range(2000)]
    evaluations = lkjip.evaluate(lkjip.rows_from_dicts(rows))
    path = tmp_path / "c.png"
    start = time.perf_counter()
    with lkjip.bahasa("id"):  # the note as the default prints it
        fig = plot_capaian(evaluations, path)
    assert time.perf_counter() - start < 15  # (was 47 s and 1.9 GB)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == CHART_MAX_BARIS
    assert ax.get_title(loc="right") == f"{CHART_MAX_BARIS} dari 2.000 baris ditampilkan"
    assert _png_height(path) < 6_000  # (was 165,209 pixels)


def test_chart_labels_with_dollars_are_plain_text(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from lkjip.chart import plot_anggaran, plot_capaian

    rows = [
        {"indikator": "$x^$ biaya $\\frac{", "target": 80, "realisasi": 100},
        {"indikator": "Rp $5$ juta", "target": 80, "realisasi": 60},
    ]
    fig = plot_capaian(lkjip.evaluate(lkjip.rows_from_dicts(rows)), tmp_path / "a.svg", judul="$$")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "$x^$ biaya $\\frac{" in labels and "Rp $5$ juta" in labels
    budget = [{"nama": "$\\bad{", "pagu": 100, "realisasi_anggaran": 50, "level": "program"}]
    plot_anggaran(lkjip.evaluate(lkjip.rows_from_dicts(budget)), tmp_path / "b.png", judul="$^$")


def test_chart_to_an_unknown_format_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    src = tmp_path / "in.csv"
    src.write_text("indikator;target;realisasi\n$a^$;80;100\n", encoding="utf-8")
    assert main(["chart", str(src), "-o", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lkjip: ") and ".png" in err and len(err.splitlines()) == 1
    assert main(["chart", str(src), "-o", str(tmp_path / "ok.png")]) == 0


def test_a_long_label_is_cut_before_it_is_wrapped() -> None:
    pytest.importorskip("matplotlib")
    from lkjip.chart import _label

    start = time.perf_counter()
    label = _label("kata " * 2_000_000)
    assert time.perf_counter() - start < 1 and len(label.splitlines()) == 3


def test_every_error_here_is_an_lkjip_error() -> None:
    assert issubclass(TableError, LKjIPError)


def test_a_workbook_on_stdin_is_read_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "XLSX_MAX_BYTES", 1 << 10)

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: Any) -> int:
            b[:] = b"\0" * len(b)
            return len(b)

    fake = io.TextIOWrapper(io.BufferedReader(Endless()))
    monkeypatch.setattr(sys, "stdin", fake)
    with pytest.raises(TableError, match="larger than 16 MiB"):
        read_table("-", format="xlsx")
