"""Spreadsheets (the ``lkjip[xlsx]`` extra, openpyxl): read ``.xlsx`` tables, write results.

Reading streams the sheet (openpyxl's read-only mode). The header row is the first
of the sheet's first 30 rows that names at least two of lkjip's columns, or the
one given; rows after it are numbered from 1, as for CSV.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from ._extras import require
from .tabel import COLUMNS, Baris, Tabel, TableError, normalize_column, to_cell

__all__ = ["read_xlsx", "write_xlsx"]

_SEARCH = 30


def _openpyxl() -> Any:
    return require("openpyxl", "xlsx", "reading and writing .xlsx workbooks")


def read_xlsx(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Tabel:
    """Open a sheet of an ``.xlsx`` workbook as a ``Tabel``."""
    openpyxl = _openpyxl()
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else "the workbook"
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise TableError(f"cannot open {name}: No such file or directory") from None
    except Exception as exc:  # a damaged file raises anything: zlib, XML, zip, key errors
        raise _damaged(name, exc) from None
    if sheet is None:
        ws = book.active if book.active is not None else book.worksheets[0]
    elif sheet in book.sheetnames:
        ws = book[sheet]
    else:
        book.close()
        raise TableError(f"{name} has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
    rows = ws.iter_rows(values_only=True)
    try:
        header = _header(rows, header_row, f"sheet {ws.title!r} of {name}")
    except TableError:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _damaged(name, exc) from None
    if header is None:
        book.close()
        raise TableError(
            f"no header row naming lkjip's columns in the first {_SEARCH} rows of sheet "
            f"{ws.title!r}: give the header row (--header-row N)"
        )
    columns = tuple(normalize_column(str(h)) if h is not None else "" for h in header)

    def data() -> Iterator[Baris]:
        try:
            for nomor, cells in enumerate(rows, 1):
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                values = {c: to_cell(v) for c, v in zip(columns, cells, strict=False) if c}
                yield Baris(nomor, values)
        except Exception as exc:  # damaged further in: stop with the reason, not a traceback
            raise _damaged(name, exc) from None
        finally:
            book.close()

    return Tabel(columns, data())


def _damaged(name: str, exc: Exception) -> TableError:
    return TableError(
        f"{name} is not a readable .xlsx workbook ({type(exc).__name__}): open and save it again"
    )


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
        raise TableError(f"{where} has no row {given}")
    return None


def write_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "lkjip",
) -> None:
    """Write ``rows`` under ``columns`` to a new workbook (streamed, write-only)."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.append(list(columns))
    for row in rows:
        ws.append([_out(v) for v in row])
    if isinstance(target, (str, os.PathLike)):
        book.save(os.fspath(target))
    else:
        buffer = io.BytesIO()
        book.save(buffer)
        target.write(buffer.getvalue())


def _out(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return value
