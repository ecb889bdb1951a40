"""Spreadsheets (the ``lkjip[xlsx]`` extra, openpyxl): read ``.xlsx`` tables, write results.

Reading streams the sheet (openpyxl's read-only mode). The header row is the first
of the sheet's first 30 rows that names at least two of lkjip's columns, or the
one given; rows after it are numbered from 1, as for CSV.
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from lkjip._core import hooks as _hooks
from lkjip._core.extras import require
from lkjip._core.pesan import pesan
from lkjip.numbers import plain
from lkjip.table.read import (
    COLUMNS,
    Baris,
    Tabel,
    TableError,
    _check_header,
    _unreadable,
    cannot_open,
    normalize_column,
    to_cell,
)

__all__ = [
    "XLSX_MAX_BYTES",
    "XLSX_MAX_CELLS",
    "XLSX_MAX_PART",
    "XLSX_MAX_RATIO",
    "XLSX_MAX_ROW",
    "read_xlsx",
    "write_annotated_xlsx",
    "write_xlsx",
]

_SEARCH = 30

XLSX_MAX_BYTES = 256 << 20
"""The most a workbook may hold uncompressed, all its parts together (256 MiB); the
same limits hold for a ``.docx`` (``lkjip.laporan``), another zip of XML parts."""

XLSX_MAX_PART = 32 << 20
"""The most one XML part that openpyxl reads whole (shared strings, styles, the
workbook; not a worksheet, which is streamed) may hold uncompressed (32 MiB); in a
``.docx``, every XML part (python-docx reads each whole)."""

XLSX_MAX_RATIO = 100
"""The most a part larger than 1 MiB may expand on decompression (100 times its
compressed size): more is a zip bomb, not a spreadsheet (nor a document)."""

XLSX_MAX_ROW = 1_048_576
"""The last row read (Excel's own last row): a sheet claiming rows past it is refused."""

XLSX_MAX_CELLS = 20_000_000
"""The most cells read from a sheet (blank cells within a row count): past it the
reading stops with a ``TableError``."""

_RATIO_FROM = 1 << 20  # parts up to 1 MiB uncompressed may compress as well as they like


def _openpyxl() -> Any:
    return require("openpyxl", "xlsx", pesan("xlsx.feature"))


def read_xlsx(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Tabel:
    """Open a sheet of an ``.xlsx`` workbook as a ``Tabel``.

    Before openpyxl sees it, the zip is checked against ``XLSX_MAX_BYTES``,
    ``XLSX_MAX_PART`` and ``XLSX_MAX_RATIO``; the sheet is read as it is (not as its
    ``<dimension>`` says), up to ``XLSX_MAX_ROW`` and ``XLSX_MAX_CELLS``. Formula cells
    read as the value Excel saved with them.
    """
    if not isinstance(source, (str, os.PathLike)) and not callable(getattr(source, "read", None)):
        raise TableError(pesan("xlsx.not_a_source", given=type(source).__name__))
    openpyxl = _openpyxl()
    name = (
        os.fspath(source) if isinstance(source, (str, os.PathLike)) else pesan("xlsx.the_workbook")
    )
    _check_zip(source, str(name))
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True, keep_links=False)
    except FileNotFoundError:
        raise TableError(pesan("xlsx.no_such_file", name=name)) from None
    except Exception as exc:  # a damaged file raises anything: zlib, XML, zip, key errors
        raise _damaged(str(name), exc) from None
    try:
        ws = _worksheet(book, sheet, str(name))
        ws.reset_dimensions()  # read the rows the sheet holds, not those <dimension> claims
        where = pesan("xlsx.sheet_of", sheet=repr(ws.title), name=name)
        rows = _bounded(ws.iter_rows(values_only=True), where)
        header = _header(rows, header_row, where)
    except TableError:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _damaged(str(name), exc) from None
    if header is None:
        book.close()
        raise TableError(pesan("xlsx.no_header_row", rows=_SEARCH, sheet=repr(ws.title)))
    columns = tuple(normalize_column(str(h)) if h is not None else "" for h in header)
    try:
        _check_header(columns, where)
    except TableError:
        book.close()
        raise

    def data() -> Iterator[Baris]:
        try:
            for nomor, cells in enumerate(rows, 1):
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                values = {c: to_cell(v) for c, v in zip(columns, cells, strict=False) if c}
                yield Baris(nomor, values)
        except TableError:
            raise
        except Exception as exc:  # damaged further in: stop with the reason, not a traceback
            raise _damaged(str(name), exc) from None
        finally:
            book.close()

    return Tabel(columns, data())


def _read_table(
    source: str | os.PathLike[str] | IO[bytes], *, sheet: str | None, header_row: int | None
) -> Tabel:
    """``read_table`` of a workbook (``"-"``: the workbook on stdin), provided to
    ``lkjip.table.read`` through ``lkjip._core.hooks`` (tabel sits below this module)."""
    if source == "-":
        source = io.BytesIO(_read_all(sys.stdin.buffer, "stdin"))  # zipfile needs to seek
    return read_xlsx(source, sheet=sheet, header_row=header_row)


def _read_all(stream: IO[bytes], name: str) -> bytes:
    """A workbook from a stream, up to the size a workbook may hold (``XLSX_MAX_BYTES``:
    a zip is no larger than what it holds, give or take its directory)."""
    most = XLSX_MAX_BYTES + (16 << 20)
    try:
        data = stream.read(most + 1)
    except (OSError, ValueError) as exc:
        raise _unreadable(name, exc) from None
    if len(data) > most:
        raise TableError(pesan("xlsx.too_large", name=name, mib=most >> 20))
    return data


def _xlsx_part_read_whole(filename: str) -> bool:
    """openpyxl reads every XML part whole but the worksheets, which it streams."""
    return "worksheets/" not in filename and filename.endswith((".xml", ".rels", ".vml"))


def _check_zip(
    source: str | os.PathLike[str] | IO[bytes],
    name: str,
    *,
    what: str | None = None,
    read_whole: Callable[[str], bool] = _xlsx_part_read_whole,
) -> None:
    """Refuse a zip bomb before a reader (openpyxl, python-docx) opens it: the sizes
    its directory declares (which zipfile holds each part to when it is read) against
    ``XLSX_MAX_BYTES``, ``XLSX_MAX_RATIO`` and, for each part ``read_whole`` names,
    ``XLSX_MAX_PART``. ``what`` names the format in the message (``.docx document``;
    by default the .xlsx workbook's words)."""
    what = what or pesan("xlsx.workbook_format")
    where = None
    if not isinstance(source, (str, os.PathLike)):
        try:
            where = source.tell()
        except (OSError, AttributeError, ValueError):
            extension = next((w for w in what.split() if w.startswith(".")), what)
            raise TableError(pesan("xlsx.not_seekable", name=name, format=extension)) from None
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise cannot_open(name, exc) from None
    except Exception as exc:  # not a zip, truncated, a stream that cannot seek
        raise _damaged(name, exc, what) from None
    finally:
        if where is not None:
            try:
                source.seek(where)  # type: ignore[union-attr]
            except (OSError, ValueError):
                pass
    total = 0
    for part in parts:
        total += part.file_size
        if total > XLSX_MAX_BYTES:
            raise TableError(pesan("xlsx.zip_too_large", name=name, mib=XLSX_MAX_BYTES >> 20))
        if read_whole(part.filename) and part.file_size > XLSX_MAX_PART:
            raise TableError(
                pesan(
                    "xlsx.part_too_large",
                    name=name,
                    part=repr(part.filename[:80]),
                    size=part.file_size >> 20,
                    mib=XLSX_MAX_PART >> 20,
                )
            )
        if part.file_size > _RATIO_FROM and part.file_size > XLSX_MAX_RATIO * max(
            part.compress_size, 1
        ):
            raise TableError(
                pesan(
                    "xlsx.part_ratio",
                    name=name,
                    part=repr(part.filename[:80]),
                    times=f"{part.file_size // max(part.compress_size, 1):,}",
                    most=XLSX_MAX_RATIO,
                )
            )


def _worksheet(book: Any, sheet: str | None, name: str) -> Any:
    """The sheet to read: the one named, else the active one, else the first
    worksheet (a chart sheet has no cells)."""
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise TableError(
                pesan(
                    "xlsx.no_sheet", name=name, sheet=repr(sheet), sheets=", ".join(book.sheetnames)
                )
            )
        ws = book[sheet]
        if not hasattr(ws, "iter_rows"):
            raise TableError(pesan("xlsx.sheet_is_chart", sheet=repr(sheet), name=name))
        return ws
    if not worksheets:
        raise TableError(pesan("xlsx.no_worksheet", name=name))
    active = book.active
    return active if active is not None and hasattr(active, "iter_rows") else worksheets[0]


def _bounded(rows: Iterator[Sequence[object]], where: str) -> Iterator[Sequence[object]]:
    """The sheet's rows up to ``XLSX_MAX_ROW`` and ``XLSX_MAX_CELLS``; rows the sheet
    skips come as ``()`` (openpyxl fills them in: cheap), so a stray cell far down
    costs a loop, not a row of blanks per row."""
    cells = 0
    for number, row in enumerate(rows, 1):
        if number > XLSX_MAX_ROW:
            raise TableError(pesan("xlsx.rows_past_last", where=where, last=f"{XLSX_MAX_ROW:,}"))
        cells += len(row)
        if cells > XLSX_MAX_CELLS:
            raise TableError(
                pesan(
                    "xlsx.too_many_cells",
                    where=where,
                    most=f"{XLSX_MAX_CELLS:,}",
                    row=f"{number:,}",
                )
            )
        yield row


def _damaged(name: str, exc: Exception, what: str | None = None) -> TableError:
    what = what or pesan("xlsx.workbook_format")
    return TableError(pesan("xlsx.damaged", name=name, what=what, error=type(exc).__name__))


def _header(
    rows: Iterator[Sequence[object]], given: int | None, where: str
) -> Sequence[object] | None:
    known = set(COLUMNS)
    for number, cells in enumerate(rows, 1):
        if given is not None:
            if number == given:
                return cells
            continue
        if number > _SEARCH:
            return None
        names = {normalize_column(str(c)) for c in cells if c is not None}
        if len(names & known) >= 2:
            return cells
    if given is not None:
        raise TableError(pesan("xlsx.no_row", where=where, row=given))
    return None


def write_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "lkjip",
) -> None:
    """Write ``rows`` under ``columns`` to a new workbook (streamed, write-only).

    Text is written as text cells, never as formulas (``=HYPERLINK(...)`` stays the
    text it is) nor error values; numbers (``Decimal``, ``int``, ``float``) as
    numbers. A control character XML cannot hold is shown as its picture (``\x1b`` as
    ``␛``), and text past Excel's 32,767 characters a cell is cut with a note saying so.
    """
    openpyxl = _openpyxl()

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(_text(sheet)[:31] or "lkjip")
    ws.append([_safe_cell(ws, c) for c in columns])
    for row in rows:
        ws.append([_safe_cell(ws, v) for v in row])
    _save(book, target)


def _safe_cell(ws: Any, value: object) -> object:
    """``value`` as a write-only cell: text as text (never a formula nor an error value),
    a number Excel can hold as a number (one writer for every sheet lkjip writes)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        if _excel_number(value):
            return value
        short = isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) < 400
        value = plain(value) if short else str(value)  # type: ignore[arg-type]
    elif isinstance(value, (list, tuple)):
        value = "\n".join(str(v) for v in value)
    cell = WriteOnlyCell(ws, value=_text(str(value)))
    cell.data_type = "s"  # text, even when it starts with = or reads as #DIV/0!
    return cell


def _save(book: Any, target: str | os.PathLike[str] | IO[bytes]) -> None:
    if isinstance(target, (str, os.PathLike)):
        book.save(os.fspath(target))
    else:
        buffer = io.BytesIO()
        book.save(buffer)
        target.write(buffer.getvalue())


ANNOTATED_FILL = "FDE2E2"
"""The fill of a wrong cell in an annotated workbook (the page's colour for a finding)."""


def write_annotated_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    result: Any,
    source: str | None = None,
) -> None:
    """A report audit (``lkjip.laporan.HasilAuditLaporan``) as an annotated workbook:
    each table read on a sheet of its own, as printed (its caption, its headings, its
    cells as text, each row's place in the report first), every cell a finding names
    filled and carrying a comment with the recomputed figure and the formula (the
    finding's message); findings printed in the narrative on a sheet ``Narasi``; all the
    findings as rows on a last sheet ``Temuan``. No cell is a live formula.
    """
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    from lkjip import laporan

    fill = PatternFill("solid", start_color=ANNOTATED_FILL, end_color=ANNOTATED_FILL)
    bold = Font(bold=True)
    book = openpyxl.Workbook(write_only=True)
    names: set[str] = set()

    def sheet(title: str) -> Any:
        name = re.sub(r"[\\/?*\[\]:]", " ", _text(title))[:31].strip() or "lkjip"
        base, n = name, 2
        while name.lower() in names:
            name = f"{base[: 31 - len(str(n)) - 1]} {n}"
            n += 1
        names.add(name.lower())
        return book.create_sheet(name)

    def marked(ws: Any, value: object, found: Sequence[Any]) -> object:
        cell = _safe_cell(ws, value if value not in (None, "") else "")
        if found and not isinstance(cell, (type(None), bool)):
            notes = []
            for f in found:
                said = pesan("xlsx.cannot_check")
                if f.expected is not None:
                    said = pesan("xlsx.should_be", expected=f.expected)
                notes.append(
                    pesan(
                        "xlsx.comment",
                        field=f.field,
                        reported=f.reported,
                        said=said,
                        message=f.message,
                    )
                )
            text = _text("\n\n".join(notes))
            cell.fill = fill  # type: ignore[attr-defined]
            cell.comment = Comment(text, "lkjip", height=160, width=320)  # type: ignore[attr-defined]
        return cell

    def place(line: Any) -> str:
        if line.cell is not None:
            return f"{line.sheet}!{line.cell}" if line.sheet else str(line.cell)
        if line.line is not None:
            return str(line.line)
        return "" if line.page is None else pesan("xlsx.page", page=line.page)

    by_table: dict[int, list[Any]] = {}
    for f in result.findings:
        by_table.setdefault(f.table, []).append(f)
    for table in result.tables:
        if not table.read:
            continue
        found_here = by_table.pop(table.number, [])
        ws = sheet(f"Tabel {table.number}")
        title = table.caption or f"Tabel {table.number}"
        ws.append([_safe_cell(ws, f"Tabel {table.number}: {title}")])
        width = max([len(table.columns), *(len(r.cells) for r in table.rows)])
        headings = {c.index: c.heading for c in table.columns}
        head = [pesan("xlsx.head_place"), *(headings.get(i, "") for i in range(width))]
        ws.append([_styled(_safe_cell(ws, h), bold) for h in head])
        cells: dict[tuple[int, int], list[Any]] = {}
        for f in found_here:
            cells.setdefault((f.row, _finding_column(table, f)), []).append(f)
        for row in table.rows:
            values = [*row.cells, *([""] * (width - len(row.cells)))]
            ws.append(
                [
                    _safe_cell(ws, place(row.source)),
                    *(marked(ws, v, cells.get((row.number, i), ())) for i, v in enumerate(values)),
                ]
            )
    left = [f for fs in by_table.values() for f in fs]  # the narrative's, a table unread
    if left:
        ws = sheet("Narasi")
        narasi = ("xlsx.head_place", "xlsx.head_figure", "xlsx.head_printed")
        ws.append([_styled(_safe_cell(ws, pesan(h)), bold) for h in narasi])
        for f in left:
            where = f.cell or (f.line if f.line is not None else f.page)
            ws.append([_safe_cell(ws, where), _safe_cell(ws, f.field), marked(ws, f.reported, [f])])
    ws = sheet("Temuan")
    doc = laporan.as_json(result, source)
    columns = laporan.FINDING_COLUMNS
    ws.append([_styled(_safe_cell(ws, c), bold) for c in columns])
    for record in doc["findings"]:
        ws.append([_safe_cell(ws, record.get(c)) for c in columns])
    _save(book, target)


def _styled(cell: Any, font: Any) -> Any:
    if cell is not None and not isinstance(cell, bool):
        cell.font = font
    return cell


def _finding_column(table: Any, finding: Any) -> int:
    """The column of ``table`` a finding names: by its printed heading, else by its field
    and year; the row's label (its first cell) when no column names it."""
    columns = table.columns
    for c in columns:
        if finding.column is not None and c.heading == finding.column:
            return int(c.index)
    for c in columns:
        if c.field == finding.field and c.period == finding.period:
            return int(c.index)
    return 0


_CELL_TEXT = 32_767  # Excel's most characters in a cell
# What an XML 1.0 document cannot hold: C0 controls but tab and line breaks, lone
# surrogates, U+FFFE and U+FFFF (one character class: linear time on any text)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _text(text: str) -> str:
    """``text`` as a cell can hold it: controls as their pictures (U+2400 + code),
    other characters XML has no room for as U+FFFD, cut to Excel's 32,767."""
    if _NOT_XML.search(text) is not None:
        text = _NOT_XML.sub(_picture, text)
    if len(text) > _CELL_TEXT:
        note = pesan("xlsx.cut_note", size=f"{len(text):,}")
        text = text[: _CELL_TEXT - len(note)] + note
    return text


def _excel_number(value: int | float | Decimal) -> bool:
    """Whether Excel can hold ``value`` as a number (finite, within a double's range)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return abs(value) < 10**308
    return value.is_finite() and (not value or -307 < value.adjusted() < 308)


def sheet_lines(path: str | os.PathLike[str], *, sheet: str | None = None) -> list[Any]:
    """A sheet as a report's source lines (``lkjip.laporan``): each row its cells joined
    by tabs, with the sheet and the row's first cell (``A7``) as its place. A number is
    written in plain notation (``98.03``, ``182674480``), a formula as the value saved."""
    from decimal import Decimal, InvalidOperation

    from lkjip.laporan._sumber import SourceLine
    from lkjip.numbers import plain

    openpyxl = _openpyxl()
    name = os.fspath(path)
    _check_zip(path, name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except FileNotFoundError:
        raise TableError(pesan("xlsx.no_such_file", name=name)) from None
    except Exception as exc:  # a damaged file raises anything: zlib, XML, zip, key errors
        raise _damaged(name, exc) from None

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):
            try:
                return plain(Decimal(repr(value)).normalize())
            except (InvalidOperation, ValueError, ArithmeticError):
                return ""
        return " ".join(str(value).replace("\t", " ").split())

    try:
        ws = _worksheet(book, sheet, name)
        ws.reset_dimensions()
        lines = []
        for n, row in enumerate(_bounded(ws.iter_rows(values_only=True), name), start=1):
            lines.append(SourceLine("\t".join(text(v) for v in row), sheet=ws.title, cell=f"A{n}"))
        return lines
    finally:
        book.close()


_hooks.provide(read_table_xlsx=_read_table)  # read_table("a.xlsx") (lkjip.table.read, below)
_hooks.provide(sheet_lines=sheet_lines)  # a workbook with a report's own headings
