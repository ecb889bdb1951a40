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
from typing import IO, Any, cast

import attrs

from lkjip._core import hooks as _hooks
from lkjip._core.cell import Cell
from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError, shown
from lkjip.numbers import check_decimal_mark
from lkjip.table import fields as _fields

__all__ = ["COLUMNS", "Baris", "Cell", "Tabel", "TableError", "read_table", "rows_from_dicts"]

COLUMNS = _fields.COLUMNS
"""The columns lkjip reads (``docs/tabel.md``; ``lkjip.table.fields``); any other column is
passed through."""


class TableError(LKjIPError):
    """The input as a whole cannot be read (CLI exit 2): no header, not UTF-8, ..."""


def cannot_open(name: str, exc: OSError) -> TableError:
    """A file that cannot be opened (missing, a folder, no permission), in one line."""
    return TableError(pesan("read.cannot_open", name=name, reason=exc.strerror or exc))


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
    (blank rows included), for readers that want raw text; a row that cannot be read
    (a cell past ``MAX_CELL``, a row past ``MAX_ROW``, broken quoting) comes as a
    tuple, its reason then a blank per column, which ``csv_baris`` makes a reported
    row. ``rows`` is built from this iterator, so read one or the other."""
    decimal_mark: str | None = None
    """The decimal mark of every number of the table (``"."``, ``","``), when it is known
    rather than guessed per cell (spec §1, ``parse_number(decimal_mark=...)``)."""

    def __iter__(self) -> Iterator[Baris]:
        return self.rows


def read_table(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    decimal_mark: str | None = None,
) -> Tabel:
    """Open ``source`` (a path, ``"-"`` for stdin, or a file object) as a ``Tabel``.

    ``format`` is ``"csv"``, ``"jsonl"`` or ``"xlsx"``; by default an ``.xlsx`` name
    means a workbook (``sheet`` and ``header_row`` choose where the table is; needs
    ``lkjip[xlsx]``), a ``.jsonl``/``.ndjson`` name or a first line starting with ``{``
    means JSON Lines, anything else CSV.

    A cell longer than ``MAX_CELL`` characters, or a row longer than ``MAX_ROW``, makes
    its row a reported row (``Baris.masalah``, no cells); a longer row is skipped
    without being held in memory.

    ``decimal_mark`` (``"."`` or ``","``) says how every number of the table marks its
    decimals, instead of the guess of spec §1 (``"80.000"`` is 80 with ``"."``, 80000
    without): the table's plan (``lkjip.table.plan``) reads its cells with it.
    """
    if decimal_mark is not None:
        check_decimal_mark(decimal_mark)
        table = read_table(source, format=format, sheet=sheet, header_row=header_row)
        return attrs.evolve(table, decimal_mark=decimal_mark)
    is_path = isinstance(source, (str, os.PathLike))
    if not is_path and not callable(getattr(source, "read", None)):
        raise TableError(pesan("read.not_a_source", given=type(source).__name__))
    if format == "xlsx" or (
        format is None and is_path and os.fspath(source).lower().endswith((".xlsx", ".xlsm"))  # type: ignore[arg-type]
    ):
        workbook = _hooks.provided("read_table_xlsx")  # lkjip.xlsx, which imports tabel
        return cast(Tabel, workbook(source, sheet=sheet, header_row=header_row))
    name = ""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if not isinstance(name, str):
            raise TableError(pesan("read.path_as_bytes"))
        if name == "-":
            text = _text(sys.stdin.buffer)
        else:
            try:
                text = _text(open(name, "rb"))
            except OSError as exc:
                raise cannot_open(shown(name), exc) from None
            except ValueError:  # a NUL in the path
                raise TableError(
                    pesan("read.cannot_open", name=shown(name), reason=pesan("read.no_file_named"))
                ) from None
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
    text.close()
    raise TableError(pesan("read.unknown_format", format=repr(format)))


MAX_CELL = 1 << 20
"""The longest cell read, in characters (1,048,576): a longer cell makes its row a
reported row whose figures are not computed."""

MAX_ROW = 1 << 22
"""The longest row read, in characters (4,194,304), line breaks included (a CSV row
over several lines counts them all; a JSON Lines row is its line): a longer row is a
reported row, skipped in pieces, never held in memory whole."""

_PIECE = MAX_ROW + 1  # what one readline may return: a line longer than MAX_ROW is cut


def _text(stream: IO[str] | IO[bytes]) -> IO[str]:
    if isinstance(stream, io.TextIOBase):
        return cast(IO[str], stream)
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)) or callable(
        getattr(stream, "readable", None)
    ):
        try:
            return io.TextIOWrapper(cast(IO[bytes], stream), encoding="utf-8-sig", newline="")
        except (OSError, ValueError) as exc:  # a closed file
            raise _unreadable("", exc) from None
    return cast(IO[str], stream)  # a duck-typed text stream (read, readline)


def _unreadable(name: str, exc: BaseException) -> TableError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return TableError(pesan("read.cannot_read", name=_input(name), reason=reason[:200]))


def _not_utf8(name: str, exc: UnicodeDecodeError) -> TableError:
    return TableError(pesan("read.not_utf8", name=_input(name), reason=exc.reason))


def _input(name: str) -> str:
    """A file's name for a message, or "the input" for a stream without one."""
    return name or pesan("read.the_input")


def _lines(
    text: IO[str], head: list[str], name: str, size: list[int], *, csv_quotes: bool = True
) -> Iterator[str | None]:
    """The physical lines ``head`` (read already), then those of ``text``, each at most
    ``MAX_ROW`` characters; ``size[0]`` adds up the characters given since the caller last set it
    to 0 (the row being read). A line that would take it past ``MAX_ROW`` is skipped,
    read in pieces and dropped (with ``csv_quotes``, up to the line where a quoted cell
    open in it closes), and ``None`` stands in its place, with ``size[0]`` -1 (-2: the
    quote never closes)."""
    readline = text.readline
    try:
        for line in head:  # at most MAX_ROW characters in all (_header_lines)
            size[0] += len(line)
            yield line
        line = readline(_PIECE)
        while line:
            n = size[0] + len(line)
            if n <= MAX_ROW:
                size[0] = n
                yield line
                line = readline(_PIECE)
                continue
            # a CSV row goes on past a line break only inside a quoted cell
            line, size[0] = _skip(readline, line, csv_quotes and size[0] > 0, csv_quotes)
            yield None
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, exc) from None
    except (OSError, ValueError, TypeError) as exc:  # EIO, a closed file, a bytes stream
        raise _unreadable(name, exc) from None
    finally:
        text.close()


def _skip(readline: Any, line: str, quoted: bool, csv_quotes: bool) -> tuple[str, int]:
    """Read past the physical line that ``line`` begins, and past the lines after it
    while a quoted cell is open (``quoted``: one is open where ``line`` begins), in
    pieces of at most ``_PIECE``; return the next line, and -1 (-2 if a quote was
    still open at the end of the input)."""
    end = line
    while True:
        if csv_quotes:
            quoted ^= bool(end.count('"') & 1)
        while len(end) == _PIECE and end[-1] not in "\r\n":
            end = readline(_PIECE)
            if csv_quotes:
                quoted ^= bool(end.count('"') & 1)
        if not quoted or not end:
            break
        end = readline(_PIECE)  # the next line, still in the quoted cell
    nxt = readline(_PIECE)
    if nxt == "\n" and len(end) == _PIECE and end[-1] == "\r":
        nxt = readline(_PIECE)  # the \r\n of the skipped line, cut in two
    return nxt, -2 if quoted else -1


def _first_line(text: IO[str], name: str) -> str:
    try:
        first = text.readline(_PIECE)
        while first and not first.strip():
            first = text.readline(_PIECE)
    except UnicodeDecodeError as exc:
        text.close()
        raise _not_utf8(name, exc) from None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        text.close()
        raise _unreadable(name, exc) from None
    if not isinstance(first, str):
        text.close()
        raise TableError(pesan("read.not_text", name=_input(name)))
    if not first:
        text.close()
        raise TableError(pesan("read.empty", name=_input(name)))
    if len(first) > MAX_ROW:
        text.close()
        raise TableError(pesan("read.first_line_too_long", name=_input(name), limit=f"{MAX_ROW:,}"))
    return first.lstrip("\ufeff")


def _csv(first: str, text: IO[str], name: str) -> Tabel:
    head = _header_lines(first, text, name)
    outside = "".join("".join(head).split('"')[::2])  # the header's text out of quotes
    delimiter = ";" if outside.count(";") > outside.count(",") else ","
    size = [0]
    # None in place of a skipped line: the reader fails that row (a csv.Error), then goes on
    lines = cast(Iterator[str], _lines(text, head, name, size))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header = _record(reader, size)
    if isinstance(header, tuple):
        raise TableError(pesan("read.header_unreadable", name=_input(name), reason=header[0]))
    if header is None:  # pragma: no cover - the first line is not blank
        raise TableError(pesan("read.empty_no_header", name=_input(name)))
    columns = tuple(normalize_column(h) for h in header)
    _check_header(columns, name)
    blanks = ("",) * len(columns)

    def cells() -> Iterator[tuple[int, list[str]]]:
        # _record, inlined: this loop runs once a row
        limit, reason = csv.field_size_limit, _reason
        nomor = 0
        while True:
            size[0] = 0
            old = limit(_PIECE)
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row = (_broken(size[0], exc), *blanks)  # type: ignore[assignment]
            finally:
                limit(old)
            nomor += 1
            if size[0] > MAX_CELL and (why := reason(row)) is not None:
                row = (why, *blanks)  # type: ignore[assignment]
            yield nomor, row

    raw = cells()
    rows = (b for nomor, c in raw if (b := csv_baris(columns, nomor, c)) is not None)
    return Tabel(columns, rows, raw)


def _header_lines(first: str, text: IO[str], name: str) -> list[str]:
    """The physical lines of the header record: ``first`` and, while a quote is open
    (a heading with a line break, as Excel writes ``"Indikator\nKinerja"``), the next."""
    head, quotes, size = [first], first.count('"'), len(first)
    try:
        while quotes % 2 and len(head) < 100:
            line = text.readline(_PIECE)
            if not line:
                break
            size += len(line)
            if size > MAX_ROW:
                text.close()
                raise TableError(
                    pesan("read.header_too_long", name=_input(name), limit=f"{MAX_ROW:,}")
                )
            head.append(line)
            quotes += line.count('"')
    except UnicodeDecodeError as exc:
        text.close()
        raise _not_utf8(name, exc) from None
    except (OSError, ValueError) as exc:
        text.close()
        raise _unreadable(name, exc) from None
    return head


def _record(reader: Iterator[list[str]], size: list[int]) -> list[str] | tuple[str] | None:
    """The next CSV record: its cells, ``(reason,)`` when it cannot be read, ``None`` at
    the end. The csv module's field limit is ``MAX_ROW`` while it reads, and the
    caller's again after (``_csv``'s loop has this inlined)."""
    size[0] = 0
    limit = csv.field_size_limit
    old = limit(_PIECE)
    try:
        row = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        return (_broken(size[0], exc),)
    finally:
        limit(old)
    why = _reason(row) if size[0] > MAX_CELL else None
    return row if why is None else (why,)


def _broken(size: int, exc: csv.Error) -> str:
    """Why the csv reader failed a row: a line skipped as too long, or the CSV itself."""
    if size < 0:
        key = "read.row_too_long_quote" if size == -2 else "read.row_too_long"
        return pesan(key, limit=f"{MAX_ROW:,}")
    if "unexpected end of data" in str(exc):
        return pesan("read.quote_never_closes")
    return pesan("read.not_csv", reason=str(exc)[:200])


def _reason(row: list[str]) -> str | None:
    """Why a row cannot be read, if one of its cells is longer than ``MAX_CELL``."""
    for i, cell in enumerate(row):
        if len(cell) > MAX_CELL:
            return pesan(
                "read.cell_too_long", cell=i + 1, size=f"{len(cell):,}", limit=f"{MAX_CELL:,}"
            )
    return None


def csv_baris(
    columns: tuple[str, ...], nomor: int, cells: list[str] | tuple[str, ...]
) -> Baris | None:
    """Row ``nomor`` of a CSV table from its cells; ``None`` for a blank row.

    ``cells`` is a tuple for a row that could not be read: its reason, then blanks."""
    if type(cells) is tuple:
        return Baris(nomor, {}, cells[0])
    if not any(c.strip() for c in cells):
        return None
    masalah = None
    if len(cells) > len(columns):
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            masalah = pesan("read.too_many_cells", cells=len(cells), columns=len(columns))
    return Baris(nomor, dict(zip(columns, cells, strict=False)), masalah)


def _check_header(columns: tuple[str, ...], name: str) -> None:
    if not any(columns):
        raise TableError(pesan("read.empty_header", name=_input(name)))
    twice = _first_repeat(c for c in columns if c)
    if twice is not None:
        raise TableError(pesan("read.column_twice", column=repr(twice)))


def _jsonl(first: str, text: IO[str], name: str) -> Tabel:
    """JSON Lines: one object a line; the columns are the keys of the first object."""
    head, columns = _parse_object(first, 1)
    if not columns:
        raise TableError(pesan("read.jsonl_no_header", name=_input(name)))

    def rows() -> Iterator[Baris]:
        yield head
        size = [0]
        nomor = 1
        for line in _lines(text, [], name, size, csv_quotes=False):
            nomor += 1
            if line is None:
                yield Baris(nomor, {}, pesan("read.row_too_long", limit=f"{MAX_ROW:,}"))
            elif line.strip():
                yield _parse_object(line, nomor)[0]
            size[0] = 0

    return Tabel(columns, rows())


class _Object(dict[str, object]):
    """A JSON object that remembers a key it was given twice (JSON allows it; the last
    value would silently win)."""

    twice: str | None = None


def _object(pairs: list[tuple[str, object]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        obj.twice = _first_repeat(k for k, _ in pairs)
    return obj


def _first_repeat(names: Iterable[str]) -> str | None:
    """The first name that comes a second time (one pass: a row may hold many keys)."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _parse_object(line: str, nomor: int) -> tuple[Baris, tuple[str, ...]]:
    """A JSON Lines row, and the columns its object names (none if it is no object; a
    row naming a column twice is reported, but its columns still count)."""
    try:
        obj = json.loads(line, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        return Baris(nomor, {}, pesan("read.invalid_json_detail", reason=exc.msg)), ()
    except (ValueError, RecursionError):
        return Baris(nomor, {}, pesan("read.invalid_json")), ()
    if not isinstance(obj, dict):
        return Baris(nomor, {}, pesan("read.not_json_object")), ()
    return _row_of(nomor, obj, obj.twice if isinstance(obj, _Object) else None)


def _row_of(
    nomor: int, obj: Mapping[Any, object], twice: str | None = None
) -> tuple[Baris, tuple[str, ...]]:
    """A row from a mapping (a JSON object, a dictionary of code), and the columns it
    names; a row naming a column twice (``twice``, or ``"Target"`` and ``"target"``: one
    column) is reported, but its columns still count."""
    cells = {normalize_column(str(k)): to_cell(v) for k, v in obj.items()}
    if twice is None and len(cells) < len(obj):
        twice = _first_repeat(normalize_column(str(k)) for k in obj)
    if twice is not None:
        return Baris(nomor, {}, pesan("read.row_column_twice", column=shown(twice))), tuple(cells)
    return Baris(nomor, cells), tuple(cells)


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
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise TableError(pesan("read.not_mappings", given=shown(records)))
    items = iter(records)
    first = next(items, None)
    if first is None:
        return Tabel((), iter(()))
    if not isinstance(first, Mapping):
        raise TableError(pesan("read.first_not_mapping", given=shown(first)))
    columns = tuple(normalize_column(str(k)) for k in first)

    def rows() -> Iterator[Baris]:
        for nomor, rec in enumerate(itertools.chain([first], items), 1):
            if not isinstance(rec, Mapping):  # reported against its row, never lost
                yield Baris(nomor, {}, pesan("read.row_not_mapping", given=shown(rec)))
                continue
            yield _row_of(nomor, rec)[0]

    return Tabel(columns, rows())
