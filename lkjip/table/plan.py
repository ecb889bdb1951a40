"""One row plan per table: which of lkjip's fields a table holds, resolved once, and
each row's cells read once, as the field registry says to read them.

Every path that reads a table row goes through a plan: ``evaluate`` (and the command
line's general way), ``audit``, ``laporan_from_rows``. A row is read into a
``Dibaca``: each field's cell (trimmed; a blank cell is no cell), each numeric cell
read as a number by its field's kind (``lkjip.table.fields``), the indicator and the
budget line the row states, and what in it cannot be read. The rules then compute
from the ``Dibaca``; the audit compares its printed figures, read here, with them.

How a numeric cell reads (spec §13 "Cells", §1):

* a money field (``pagu``, ``realisasi_anggaran``, ``sisa``): ``anggaran.nominal``, so
  a printed ``-`` is nil, zero Rupiah;
* any other number (``target``, ``capaian``, ``penyerapan`` ...): ``parse_number``, so
  a printed ``-`` is no figure;
* text that is no number is kept as the cell (an input's rule refuses it with its own
  reason, or reads it as a range or grade) and its reason kept in ``gagal``.

```pycon
>>> from lkjip.table.read import Baris
>>> plan = RowPlan(("indikator", "target", "realisasi", "capaian", "sisa"))
>>> row = plan.read(Baris(1, {"indikator": " IKM ", "target": "87", "realisasi": "91,72",
...                          "capaian": "-", "sisa": "-"}))
>>> row.indikator.target, row.indikator.realisasi, row.angka.get("capaian"), row.angka["sisa"]
(Decimal('87'), Decimal('91.72'), None, Decimal('0'))

```
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, DecimalException
from enum import Enum
from types import MappingProxyType
from typing import TypeVar

import attrs

from lkjip._core.cell import cell_text
from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError, NotComputableError
from lkjip.numbers import check_decimal_mark, plain
from lkjip.rules._nilai import read_cell
from lkjip.rules.capaian import Direction, Rentang, parse_target
from lkjip.table.fields import COLUMNS, FIELD, Group, Kind, Role
from lkjip.table.model import Anggaran, Indikator, Level
from lkjip.table.read import Baris, Cell, Tabel

__all__ = ["READ", "Dibaca", "RowPlan", "read_cell", "reason"]

L = TypeVar("L", bound=Enum)

_FAILS = (LKjIPError, ArithmeticError, TypeError)
"""What reading a cell can raise: the cell is then not a number (its reason kept)."""


def reason(exc: BaseException) -> str:
    """Why a figure could not be computed, in words: a rule's own message, or for a
    decimal signal (a figure beyond the range decimal arithmetic keeps) a sentence
    naming it."""
    if isinstance(exc, DecimalException):
        return pesan("evaluasi.beyond_decimal_range", signal=type(exc).__name__)
    if isinstance(exc, ArithmeticError):
        return pesan("evaluasi.arithmetic_error", signal=type(exc).__name__)
    return str(exc)


def _reader(name: str) -> Callable[[Cell, str, str | None], Cell] | None:
    """How the field ``name`` is read: ``None`` for text and labels. The reader gives
    what the field's rule is given: a number, ``None`` for no figure (a money field's
    ``-`` is nil, 0), or, for another input's cell that is not text, the cell itself
    (its rule reads it)."""
    field = FIELD[name]
    if not field.kind.decimal:
        return None
    nil = field.kind is Kind.MONEY
    if field.role is Role.INPUT and not nil:

        def text_only(cell: Cell, what: str, mark: str | None) -> Cell:
            return read_cell(cell, what, decimal_mark=mark) if isinstance(cell, str) else cell

        return text_only
    return lambda cell, what, mark: read_cell(cell, what, nil=nil, decimal_mark=mark)


_RANGED = frozenset({"target", "target_akhir"})
"""The fields a range may stand in (``7-8``, spec §2)."""


def _marked(cell: Cell, name: str, mark: str, exc: BaseException) -> tuple[Cell, str | None]:
    """A cell that does not read with the table's decimal mark, and what its rule is
    given instead of it: a range whose bounds read with the mark, written so that the
    rule reads those bounds (each with a decimal comma: ``7,5-8,5``); a letter grade
    as it is (its rule says why it has no figure); anything else nothing, with the
    reason (the second item) that the row reports. The guess of spec §1 never reads a
    number the mark refuses."""
    if isinstance(cell, str) and FIELD[name].role is Role.INPUT and FIELD[name].kind is Kind.NUMBER:
        try:
            target = parse_target(cell, name, decimal_mark=mark)
        except NotComputableError:
            return cell, None  # a letter grade: the rule's own reason
        except _FAILS:
            pass
        else:
            if isinstance(target, Rentang) and name in _RANGED:
                low, high = (plain(b).replace(".", ",") for b in (target.bawah, target.atas))
                return f"{low}-{high}", None
    return None, reason(exc)


_READERS = MappingProxyType({name: _reader(name) for name in COLUMNS})
"""Each column lkjip reads, and how its cell reads (from the registry's kind)."""
READ: frozenset[str] = frozenset(name for name, reader in _READERS.items() if reader)
"""The numeric columns a plan reads as numbers."""

_INDIKATOR = ("target", "realisasi", "capaian", "target_akhir", "realisasi_lalu")
"""The cells that make a row an indicator row."""


def _printed(group: Group) -> tuple[str, ...]:
    """The printed figures of ``group`` (kept as printed: ``dilaporkan``)."""
    return tuple(n for n in COLUMNS if FIELD[n].group is group and FIELD[n].role is Role.PRINTED)


_REPORTED_INDIKATOR, _REPORTED_ANGGARAN = _printed(Group.INDIKATOR), _printed(Group.ANGGARAN)


@attrs.frozen(slots=True)
class Dibaca:
    """One table row as its plan read it."""

    baris: Baris
    sel: Mapping[str, Cell]
    """Each field's cell as read (text trimmed); a blank or absent cell is not here."""
    angka: Mapping[str, Decimal]
    """The numeric cells that read as numbers (by their field's kind)."""
    gagal: Mapping[str, BaseException]
    """The numeric cells that are no number, and why."""
    nilai: Mapping[str, Cell]
    """What each field's rule is given (``value``)."""
    indikator: Indikator | None
    anggaran: Anggaran | None
    masalah: tuple[tuple[str, str], ...]
    """What in the row cannot be read: (field, reason); ``"row"`` for the row itself."""

    @property
    def nomor(self) -> int:
        return self.baris.nomor

    def get(self, name: str) -> Cell:
        """The field's cell, ``None`` when blank or absent (``Baris.get``)."""
        return self.sel.get(name)

    def text(self, name: str) -> str | None:
        """The field's cell as text (names, labels), ``None`` when blank (``Baris.text``)."""
        return _text(self.sel, name)

    def cell(self, column: str) -> Cell:
        """The cell of ``column``: as read, for a field of the plan; from the row, for
        any other column (passed through, or a field the plan does not read)."""
        if column in self.sel:
            return self.sel[column]
        return self.baris.get(column)

    def value(self, name: str) -> Cell:
        """What the field's rule is given: its number if it read as one, ``None`` for no
        figure, else its cell (for the rule to judge)."""
        return self.nilai.get(name)


class RowPlan:
    """The plan of a table with ``columns`` (``None``: rows may hold any field, as the
    rows of JSON Lines or of dictionaries do); ``decimal_mark`` overrides the guess of
    §1 for every number of the table."""

    __slots__ = ("_fields", "decimal_mark")

    def __init__(
        self, columns: Iterable[str] | None = None, *, decimal_mark: str | None = None
    ) -> None:
        names = COLUMNS if columns is None else frozenset(columns)
        self._fields = tuple((n, _READERS[n]) for n in COLUMNS if n in names)
        self.decimal_mark = decimal_mark
        if decimal_mark is not None:
            check_decimal_mark(decimal_mark)

    @classmethod
    def of(cls, rows: object, *, decimal_mark: str | None = None) -> RowPlan:
        """The plan of ``rows``: a CSV or workbook table's own columns, else every field."""
        if isinstance(rows, Tabel) and rows.cells is not None:
            return cls(rows.columns, decimal_mark=decimal_mark or rows.decimal_mark)
        mark = decimal_mark or (rows.decimal_mark if isinstance(rows, Tabel) else None)
        return cls(None, decimal_mark=mark)

    def read(self, baris: Baris) -> Dibaca:
        """Read the row: each of the plan's cells once."""
        nilai, mark = baris.nilai, self.decimal_mark
        sel: dict[str, Cell] = {}
        angka: dict[str, Decimal] = {}
        gagal: dict[str, BaseException] = {}
        given: dict[str, Cell] = {}
        problems: list[tuple[str, str]] = [("row", baris.masalah)] if baris.masalah else []
        for name, reader in self._fields:
            cell = nilai.get(name)
            if isinstance(cell, str):
                cell = cell.strip()
                if not cell:
                    continue
            elif cell is None:
                continue
            sel[name] = cell
            if reader is None:
                given[name] = cell
                continue
            try:
                value = reader(cell, name, mark)
            except _FAILS as exc:
                gagal[name] = exc
                value = cell  # (a range, a grade: for the rule to read, or refuse)
                if mark is not None:
                    value, refused = _marked(cell, name, mark, exc)
                    if refused is not None:
                        problems.append((name, refused))
            else:
                if isinstance(value, Decimal):
                    if not value and value.is_signed():
                        value = value.copy_abs()  # never -0 (spec §1)
                    angka[name] = value
            given[name] = value
        return Dibaca(
            baris,
            sel,
            angka,
            gagal,
            given,
            _indikator(sel, given, problems),
            _anggaran_of(sel, given, problems),
            tuple(problems),
        )


def _text(sel: Mapping[str, Cell], name: str) -> str | None:
    cell = sel.get(name)
    return cell_text(cell)  # (a huge int in a name column is written, not refused)


def _label(
    sel: Mapping[str, Cell],
    name: str,
    kind: Callable[[str], L],
    unknown: Callable[[str], str],
    problems: list[tuple[str, str]],
) -> L | None:
    """The label the cell ``name`` holds (``kind`` reads it); for a word ``kind`` does not
    know, ``None`` and the problem ``unknown`` names (given the word quoted)."""
    text = _text(sel, name)
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        problems.append((name, unknown(repr(text))))
        return None


def _indikator(
    sel: Mapping[str, Cell], given: Mapping[str, Cell], problems: list[tuple[str, str]]
) -> Indikator | None:
    if all(given.get(name) is None for name in _INDIKATOR):
        return None  # (a `-` is no figure, as a blank cell)
    arah = _label(
        sel, "arah", Direction, lambda text: pesan("evaluasi.unknown_arah", arah=text), problems
    )
    return Indikator(
        nama=_text(sel, "indikator"),
        target=given.get("target"),
        realisasi=given.get("realisasi"),
        satuan=_text(sel, "satuan"),
        arah=arah or Direction.HIGHER,
        target_akhir=given.get("target_akhir"),
        realisasi_lalu=given.get("realisasi_lalu"),
        sasaran=_text(sel, "sasaran"),
        dilaporkan={c: sel[c] for c in _REPORTED_INDIKATOR if c in sel},
    )


def _anggaran_of(
    sel: Mapping[str, Cell], given: Mapping[str, Cell], problems: list[tuple[str, str]]
) -> Anggaran | None:
    level = _label(
        sel, "level", Level, lambda text: pesan("evaluasi.unknown_level", level=text), problems
    )
    if "pagu" not in sel and "realisasi_anggaran" not in sel and not level:
        return None
    return Anggaran(
        nama=_text(sel, "nama") or _text(sel, "indikator"),
        pagu=given.get("pagu"),
        realisasi=given.get("realisasi_anggaran"),
        level=level,
        dilaporkan={c: sel[c] for c in _REPORTED_ANGGARAN if c in sel},
    )
