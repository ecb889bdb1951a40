"""Reading report tables: CSV (``,`` or ``;``, UTF-8 with or without BOM) and JSON Lines.

Rows stream: nothing is held beyond the row being read. Column names are
case-insensitive; spaces and hyphens read as underscores (``Realisasi Anggaran``
is ``realisasi_anggaran``). Data rows are numbered from 1 (the header is not a
row); a blank line is no row, but keeps its number, so row *n* is line *n + 1* of
a plain CSV file.

```pycon
>>> import io
>>> rows = read_table(io.StringIO("Indikator;Target;Realisasi\\nIKM;87;91,72\\n"))
>>> next(iter(rows))
Baris(nomor=1, nilai={'indikator': 'IKM', 'target': '87', 'realisasi': '91,72'}, masalah=None)

```
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, cast

import attrs

from .errors import LKjIPError

__all__ = ["COLUMNS", "Baris", "Cell", "Tabel", "TableError", "read_table", "rows_from_dicts"]

Cell = str | Decimal | int | float | None
"""A cell: text as printed, or a number (JSON numbers arrive as exact ``Decimal``)."""

COLUMNS = (
    "sasaran",
    "indikator",
    "satuan",
    "arah",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "atribut",
    "target_akhir",
    "kemajuan",
    "realisasi_lalu",
    "level",
    "nama",
    "pagu",
    "realisasi_anggaran",
    "penyerapan",
    "sisa",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "kategori_efisiensi",
)
"""The columns lkjip reads (``docs/tabel.md``); any other column is passed through."""


class TableError(LKjIPError):
    """The input as a whole cannot be read (CLI exit 2): no header, not UTF-8, ..."""


def normalize_column(name: str) -> str:
    """``" Realisasi Anggaran "`` → ``"realisasi_anggaran"``."""
    return "_".join(name.strip().lower().replace("-", " ").split())


@attrs.frozen
class Baris:
    """One data row: its number and its cells by normalised column name (text as given)."""

    nomor: int
    nilai: dict[str, Cell]
    masalah: str | None = None
    """Why the row itself is broken (too many cells, not an object), if it is."""

    def get(self, column: str) -> Cell:
        """The cell, or ``None`` when absent or blank."""
        v = self.nilai.get(column)
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    def text(self, column: str) -> str | None:
        """The cell as text (names, labels), or ``None`` when absent or blank."""
        v = self.get(column)
        return None if v is None else str(v)


@attrs.frozen
class Tabel:
    """A table being read: its columns (in order) and its rows (an iterator, read once)."""

    columns: tuple[str, ...]
    rows: Iterator[Baris]
    cells: Iterator[tuple[int, list[str]]] | None = None
    """CSV only: the same rows as ``(number, cells)`` before they become ``Baris``
    (blank rows included), for readers that want raw text. ``rows`` is built from
    this iterator, so read one or the other."""

    def __iter__(self) -> Iterator[Baris]:
        return self.rows


def read_table(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Tabel:
    """Open ``source`` (a path, ``"-"`` for stdin, or a file object) as a ``Tabel``.

    ``format`` is ``"csv"``, ``"jsonl"`` or ``"xlsx"``; by default an ``.xlsx`` name
    means a workbook (``sheet`` and ``header_row`` choose where the table is; needs
    ``lkjip[xlsx]``), a ``.jsonl``/``.ndjson`` name or a first line starting with ``{``
    means JSON Lines, anything else CSV.
    """
    if format == "xlsx" or (
        format is None
        and isinstance(source, (str, os.PathLike))
        and os.fspath(source).lower().endswith((".xlsx", ".xlsm"))
    ):
        from .xlsx import read_xlsx

        if source == "-":
            source = io.BytesIO(sys.stdin.buffer.read())
        return read_xlsx(source, sheet=sheet, header_row=header_row)  # type: ignore[arg-type]
    name = ""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if name == "-":
            text = _text(sys.stdin.buffer)
        else:
            try:
                text = _text(open(name, "rb"))
            except OSError as exc:
                raise TableError(f"cannot open {name}: {exc.strerror or exc}") from None
    else:
        text = _text(source)
    first = _first_line(text, name)
    if format is None:
        lower = name.lower()
        is_jsonl = lower.endswith((".jsonl", ".ndjson")) or first.lstrip().startswith("{")
        format = "jsonl" if is_jsonl else "csv"
    if format == "jsonl":
        return _jsonl(first, text, name)
    if format == "csv":
        return _csv(first, text, name)
    raise TableError(f"unknown input format {format!r}; use csv or jsonl")


def _text(stream: IO[str] | IO[bytes]) -> IO[str]:
    if isinstance(stream, io.TextIOBase):
        return cast(IO[str], stream)
    return io.TextIOWrapper(cast(IO[bytes], stream), encoding="utf-8-sig", newline="")


def _lines(text: IO[str], name: str) -> Iterator[str]:
    try:
        yield from text
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, exc) from None
    finally:
        text.close()


def _not_utf8(name: str, exc: UnicodeDecodeError) -> TableError:
    return TableError(f"{name or 'the input'} is not UTF-8 text ({exc.reason}): save it as UTF-8")


def _first_line(text: IO[str], name: str) -> str:
    try:
        first = text.readline()
        while first and not first.strip():
            first = text.readline()
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, exc) from None
    if not first:
        raise TableError(
            f"{name or 'the input'} is empty: expected a header row naming the columns"
        )
    return first.lstrip("\ufeff")


def _csv(header_line: str, text: IO[str], name: str) -> Tabel:
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    columns = tuple(normalize_column(h) for h in header)
    _check_header(columns, name)

    def cells() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(text, delimiter=delimiter)  # the file itself: no layer per line
        try:
            yield from enumerate(reader, 1)
        except csv.Error as exc:
            raise TableError(f"{name or 'the input'} is not readable CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise _not_utf8(name, exc) from None
        finally:
            text.close()

    raw = cells()
    rows = (b for nomor, c in raw if (b := csv_baris(columns, nomor, c)) is not None)
    return Tabel(columns, rows, raw)


def csv_baris(columns: tuple[str, ...], nomor: int, cells: list[str]) -> Baris | None:
    """Row ``nomor`` of a CSV table from its cells; ``None`` for a blank row."""
    if not any(c.strip() for c in cells):
        return None
    masalah = None
    if len(cells) > len(columns):
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            masalah = f"the row has {len(cells)} cells but the header names {len(columns)} columns"
    return Baris(nomor, dict(zip(columns, cells, strict=False)), masalah)


def _check_header(columns: tuple[str, ...], name: str) -> None:
    if not any(columns):
        raise TableError(
            f"{name or 'the input'} has an empty header: name the columns in the first row"
        )
    seen = set()
    for c in columns:
        if c and c in seen:
            raise TableError(f"the column {c!r} appears twice in the header")
        seen.add(c)


def _jsonl(first: str, text: IO[str], name: str) -> Tabel:
    """JSON Lines: one object a line; the columns are the keys of the first object."""
    head = _json_object(first, 1)
    columns = tuple(normalize_column(k) for k in head.nilai) if head.masalah is None else ()
    if not columns:
        raise TableError(
            f"{name or 'the input'}: the first line is not a JSON object naming the columns"
        )

    def rows() -> Iterator[Baris]:
        yield head
        nomor = 1
        for line in _lines(text, name):
            nomor += 1
            if line.strip():
                yield _json_object(line, nomor)

    return Tabel(columns, rows())


def _json_object(line: str, nomor: int) -> Baris:
    try:
        obj = json.loads(line, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        return Baris(nomor, {}, f"the line is not valid JSON ({exc.msg})")
    except (ValueError, RecursionError):
        return Baris(nomor, {}, "the line is not valid JSON")
    if not isinstance(obj, dict):
        return Baris(nomor, {}, "the line is not a JSON object")
    return Baris(nomor, {normalize_column(str(k)): to_cell(v) for k, v in obj.items()})


def to_cell(value: object) -> Cell:
    """A value from JSON, a spreadsheet or code as a cell: numbers and text as they
    are, anything else (booleans, dates) as text, which no number rule accepts."""
    if isinstance(value, bool) or not isinstance(value, (str, Decimal, int, float, type(None))):
        return str(value)  # booleans, lists: text, which no number rule accepts
    return value


def rows_from_dicts(records: Iterable[Mapping[str, object]]) -> Tabel:
    """A ``Tabel`` from Python mappings (column → value), for use from code.

    ```pycon
    >>> t = rows_from_dicts([{"Target": 87, "Realisasi": "91,72"}])
    >>> t.columns, [b.get("realisasi") for b in t]
    (('target', 'realisasi'), ['91,72'])

    ```
    """
    items = iter(records)
    first = next(items, None)
    if first is None:
        return Tabel((), iter(()))
    columns = tuple(normalize_column(str(k)) for k in first)
    rows = (
        Baris(nomor, {normalize_column(str(k)): to_cell(v) for k, v in rec.items()})
        for nomor, rec in enumerate(itertools.chain([first], items), 1)
    )
    return Tabel(columns, rows)
