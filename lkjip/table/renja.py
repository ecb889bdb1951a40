"""Periods and the Renja evaluation: Formulir E.81 of Permendagri 86/2017 (spec §15, unverified).

The form evaluates each indicator of the Renja (the year's work plan) line by line,
K (kinerja) and Rp (anggaran), from its realisasi per triwulan:

* 5 target Renstra (end of plan) · 6 realisasi Renstra up to last year's Renja ·
  7 target Renja this year · 8–11 realisasi triwulan I–IV;
* **12** realisasi of the year = the triwulan accumulated by the indicator's
  ``Akumulasi``: ``JUMLAH`` 8 + 9 + 10 + 11 (the form's printed formula, the default),
  ``AKHIR`` the last triwulan with a figure, ``RATA_RATA`` the mean of the triwulan with
  a figure;
* **13** tingkat capaian Renja = 12 / 7 × 100 (lower is better: spec §2's methods);
* **14** realisasi Renstra up to this year = the same ``Akumulasi`` over 6 and 12:
  ``JUMLAH`` 6 + 12, ``AKHIR`` 12, ``RATA_RATA`` (6 + 12) / 2; a blank 6 (no realisasi
  before this year) leaves 12;
* **15** tingkat capaian Renstra = 14 / 5 × 100;
* the predikat of 13 and of 15 on the scale in use (§3, Permendagri 86/2017 by default).

A triwulan left blank is *not reported*: it is not a zero, and the result says which
were not (``tidak_dilaporkan``). Rp lines always sum (``JUMLAH``, higher is better).
Every figure is computed from the exact values and rounded once: a mean of three
triwulan is never rounded before 13 divides it.

```pycon
>>> e = evaluasi_renja(500, 300, 100, [20, 25, 30, 10])
>>> e.realisasi, e.capaian_renja, str(e.predikat_renja), e.realisasi_renstra, e.capaian_renstra
(Decimal('85'), Decimal('85.00'), 'Tinggi', Decimal('385'), Decimal('77.00'))
>>> for line in e.penjelasan("id"):
...     print(line)
Kolom 12 = 20 + 25 + 30 + 10 = 85 (jumlah triwulan)
Kolom 13 = 85 / 100 × 100% = 85,00% → Tinggi
Kolom 14 = 300 + 85 = 385 (kolom 6 + kolom 12)
Kolom 15 = 385 / 500 × 100% = 77,00% → Tinggi
>>> e = evaluasi_renja(88, "96,39", 87, ["94,10", "95,02", None, "95,82"], akumulasi="akhir")
>>> e.realisasi, e.capaian_renja, e.tidak_dilaporkan
(Decimal('95.82'), Decimal('110.14'), ('III',))

```

The table form (``read_e81``, ``evaluate_e81``, ``audit_e81``) reads one row per
indicator with the columns ``KOLOM`` lists (``docs/renja.md``); ``lkjip evaluate
--form e81 FILE`` and ``lkjip audit --form e81 FILE`` print their JSON
(``"schema": "lkjip/renja/v1"``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

import attrs

from lkjip._core.cell import cell_text
from lkjip._core.context import check_options, finish, multiply, ratio, total
from lkjip._core.pesan import bahasa, pesan
from lkjip._core.scale import Scale
from lkjip._core.word import Word
from lkjip.errors import InvalidOptionError, InvalidTypeError, LKjIPError, NotComputableError, shown
from lkjip.numbers import format_number, format_persen, items, parse_number, plain, to_decimal
from lkjip.rules.capaian import (
    _RUMUS,
    Direction,
    LowerMethod,
    Perhitungan,
    Rentang,
    Rumus,
    parse_target,
    perhitungan,
)
from lkjip.rules.scales import PERMENDAGRI_86_2017, Predikat
from lkjip.table.audit import (
    AuditRow,
    Findings,
    HasilAudit,
    Temuan,
    check_figure,
    check_label,
    exact,
)
from lkjip.table.evaluasi import rows_of
from lkjip.table.model import Opsi
from lkjip.table.plan import reason
from lkjip.table.read import Baris, Tabel, TableError, read_table

__all__ = [
    "KOLOM",
    "SCHEMA",
    "Akumulasi",
    "BarisE81",
    "EvaluasiRenja",
    "HasilE81",
    "Kolom",
    "audit_e81",
    "evaluasi_renja",
    "evaluate_e81",
    "read_e81",
]

SCHEMA = "lkjip/renja/v1"
"""The ``schema`` of the JSON documents ``lkjip evaluate/audit --form e81`` print."""


class Akumulasi(Word):
    """How an indicator's triwulan make the year's figure (spec §15): a per-indicator
    option, never guessed from the indicator's name.

    ```pycon
    >>> Akumulasi("Rata-rata") is Akumulasi.RATA_RATA
    True

    ```
    """

    JUMLAH = "jumlah"
    """The sum of the triwulan reported: a count of activities, money (the default)."""
    AKHIR = "akhir"
    """The last triwulan with a figure: a level (an index, a percentage reached)."""
    RATA_RATA = "rata_rata"
    """The mean of the triwulan with a figure: a level measured each quarter."""

    @classmethod
    def _missing_(cls, value: object) -> Akumulasi | None:
        if isinstance(value, str):
            word = "_".join(value.strip().lower().replace("-", " ").split())
            return _AKUMULASI_WORDS.get(word)
        return None


_AKUMULASI_WORDS = {
    "jumlah": Akumulasi.JUMLAH,
    "akhir": Akumulasi.AKHIR,
    "rata_rata": Akumulasi.RATA_RATA,
    "ratarata": Akumulasi.RATA_RATA,
}


def _akumulasi(value: object) -> Akumulasi:
    if isinstance(value, Akumulasi):
        return value
    try:
        return Akumulasi(value)
    except ValueError:
        raise InvalidOptionError(pesan("renja.unknown_akumulasi", given=shown(value))) from None


TRIWULAN = ("I", "II", "III", "IV")
"""The names of the four triwulan, as the form prints them."""

_Figure = tuple[Decimal, int]
"""An exact figure as ``numerator / denominator`` (a mean of n triwulan: Σ / n)."""


def _combine(values: Sequence[_Figure], how: Akumulasi) -> _Figure:
    """``values`` (each exact) accumulated by ``how``, exactly."""
    if how is Akumulasi.AKHIR:
        return values[-1]
    den = 1
    for _, d in values:
        den *= d  # (at most 2 × 4: a mean of the year and the plan so far)
    num = total([multiply(n, Decimal(den // d)) for n, d in values])
    return (num, den * len(values)) if how is Akumulasi.RATA_RATA else (num, den)


def _rounded(value: _Figure, places: int | None, rounding: str) -> Decimal:
    """A figure as the result gives it: exact when it is (a sum, a last value), a mean
    rounded once to ``places``."""
    num, den = value
    return finish(num, None, rounding) if den == 1 else ratio(num, Decimal(den), places, rounding)


def _scaled(target: Decimal | Rentang, by: int) -> Decimal | Rentang:
    """``target × by``: capaian is the same for (T × n, Σ) as for (T, Σ / n), in each of
    §2's formulas, so a mean is divided once, inside the capaian."""
    if by == 1:
        return target
    n = Decimal(by)
    if isinstance(target, Rentang):
        return Rentang(multiply(target.bawah, n), multiply(target.atas, n))
    return multiply(target, n)


def _is_blank(value: object) -> bool:
    """``None``, or text that holds no figure (``""``, ``"-"``)."""
    if value is None:
        return True
    if isinstance(value, str):
        try:
            return parse_number(value) is None
        except LKjIPError:  # not a number: a range, or something parse_target refuses
            return False
    return False


def _optional(value: object, what: str) -> Decimal | None:
    """A figure, or ``None`` for a blank."""
    return None if _is_blank(value) else to_decimal(value, what)


def _target(value: object, what: str, rule: str) -> Decimal | Rentang:
    if _is_blank(value):
        raise NotComputableError(pesan("renja.blank", rule=rule, what=what))
    return parse_target(value, what)


@attrs.frozen
class EvaluasiRenja:
    """One K or Rp line of the E.81 form, computed (``evaluasi_renja``): columns 12–15
    and the predikat of 13 and 15. Figures are ``Decimal``: 12 and 14 exact unless they
    are a mean (then rounded like 13 and 15)."""

    akumulasi: Akumulasi
    rumus: Rumus
    """The capaian formula of 13 and 15 (the direction and the lower-is-better method)."""
    target_renstra: Decimal | Rentang | None
    """Kolom 5 (``None``: blank; 15 is then not computed)."""
    realisasi_renstra_lalu: Decimal | None
    """Kolom 6 (``None``: blank, no realisasi before this year)."""
    target_renja: Decimal | Rentang
    """Kolom 7."""
    triwulan: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    """Kolom 8–11 (``None``: not reported)."""
    realisasi: Decimal
    """Kolom 12: the realisasi of the year."""
    capaian_renja: Decimal
    """Kolom 13: tingkat capaian Renja, in percent."""
    predikat_renja: Predikat
    realisasi_renstra: Decimal
    """Kolom 14: realisasi Renstra up to this year."""
    capaian_renstra: Decimal | None
    """Kolom 15: tingkat capaian Renstra, in percent (``None`` without a target Renstra)."""
    predikat_renstra: Predikat | None
    skala: Scale[Predikat] = attrs.field(default=PERMENDAGRI_86_2017, repr=False)
    places: int | None = 2

    @property
    def tidak_dilaporkan(self) -> tuple[str, ...]:
        """The triwulan left blank (``("IV",)``): not reported, not zero."""
        return tuple(name for name, v in zip(TRIWULAN, self.triwulan, strict=True) if v is None)

    def penjelasan(self, lang: str | None = None) -> tuple[str, ...]:
        """How each column was obtained, one line a column, in ``lang`` (``"id"``, ``"en"``;
        ``None``: the language in use, Bahasa Indonesia by default)."""
        with bahasa(lang):
            return _jelaskan(self)


def evaluasi_renja(
    target_renstra: object,
    realisasi_renstra_lalu: object,
    target_renja: object,
    triwulan: Iterable[object],
    *,
    akumulasi: Akumulasi | str = Akumulasi.JUMLAH,
    direction: Direction | str = Direction.HIGHER,
    lower_method: LowerMethod | str = LowerMethod.REFLECTED,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
    scale: Scale[Predikat] = PERMENDAGRI_86_2017,
) -> EvaluasiRenja:
    """Columns 12–15 of one K or Rp line of the Renja evaluation (Formulir E.81).

    ``triwulan`` is four values, ``None`` (or a blank, ``"-"``) for a triwulan not
    reported; ``target_renstra`` and ``realisasi_renstra_lalu`` may be blank (no 15;
    nothing realised before). ``target_renja`` may be a range (``"7-8"``, spec §2).
    """
    check_options(places, rounding)
    if not isinstance(scale, Scale):
        raise InvalidOptionError(pesan("renja.not_a_scale", given=shown(scale)))
    how = _akumulasi(akumulasi)
    given = items(triwulan, "evaluasi_renja", "triwulan (four values)")
    if len(given) != len(TRIWULAN):
        raise InvalidTypeError(pesan("renja.four_triwulan", n=len(given)))
    tw = tuple(
        _optional(v, f"realisasi triwulan {n}") for n, v in zip(TRIWULAN, given, strict=True)
    )
    reported = [(v, 1) for v in tw if v is not None]
    if not reported:
        raise NotComputableError(pesan("renja.no_triwulan"))
    t7 = _target(target_renja, "target_renja", "tingkat capaian Renja (kolom 13)")
    t5 = None if _is_blank(target_renstra) else parse_target(target_renstra, "target_renstra")
    lalu = _optional(realisasi_renstra_lalu, "realisasi_renstra_lalu")
    r12 = _combine(reported, how)
    r14 = r12 if lalu is None else _combine([(lalu, 1), r12], how)
    c13 = _capaian(
        t7, r12, direction, lower_method, "tingkat capaian Renja (kolom 13)", "target_renja"
    )
    c13_value = c13.nilai(places, rounding)
    c15_value = None
    if t5 is not None:
        c15 = _capaian(
            t5, r14, direction, lower_method, "tingkat capaian Renstra (kolom 15)", "target_renstra"
        )
        c15_value = c15.nilai(places, rounding)
    return EvaluasiRenja(
        akumulasi=how,
        rumus=c13.rumus,
        target_renstra=t5,
        realisasi_renstra_lalu=lalu,
        target_renja=t7,
        triwulan=tw,  # type: ignore[arg-type]
        realisasi=_rounded(r12, places, rounding),
        capaian_renja=c13_value,
        predikat_renja=scale.classify(c13_value),
        realisasi_renstra=_rounded(r14, places, rounding),
        capaian_renstra=c15_value,
        predikat_renstra=None if c15_value is None else scale.classify(c15_value),
        skala=scale,
        places=places,
    )


def _capaian(
    target: Decimal | Rentang,
    value: _Figure,
    direction: object,
    method: object,
    rule: str,
    what: str,
) -> Perhitungan:
    num, den = value
    return perhitungan(
        _scaled(target, den), num, direction=direction, lower_method=method, rule=rule, what=what
    )


# --- the explain trace ------------------------------------------------------------------

_OPTIONS_OF = {formula: key for key, formula in _RUMUS.items() if key[0] is Direction.LOWER}
_OPTIONS_OF[Rumus.HIGHER] = (Direction.HIGHER, LowerMethod.REFLECTED)


def _n(value: Decimal) -> str:
    return format_number(value, None)


def _list(names: Sequence[str]) -> str:
    return ", ".join(names)


def _jelaskan(e: EvaluasiRenja) -> tuple[str, ...]:
    reported = [(n, v) for n, v in zip(TRIWULAN, e.triwulan, strict=True) if v is not None]
    missing = (
        pesan("renja.not_reported", names=_list(e.tidak_dilaporkan)) if e.tidak_dilaporkan else ""
    )
    values = [_n(v) for _, v in reported]
    r12 = _n(e.realisasi)
    if e.akumulasi is Akumulasi.JUMLAH:
        line12 = (
            f"Kolom 12 = {' + '.join(values)} = {r12}" if len(values) > 1 else f"Kolom 12 = {r12}"
        )
        line12 = pesan("renja.explain_jumlah", line=line12, missing=missing)
    elif e.akumulasi is Akumulasi.AKHIR:
        last = reported[-1][0]
        line12 = pesan("renja.explain_akhir", realisasi=r12, last=last, missing=missing)
    else:
        head = f"({' + '.join(values)}) / {len(values)} = " if len(values) > 1 else ""
        line12 = pesan("renja.explain_rata_rata", head=head, realisasi=r12, missing=missing)
    lines = [
        line12,
        _line_capaian(13, e.target_renja, e.realisasi, e.capaian_renja, e.predikat_renja, e),
    ]
    r14 = _n(e.realisasi_renstra)
    lalu = e.realisasi_renstra_lalu
    if lalu is None:
        lines.append(pesan("renja.explain_14_first", realisasi=r14))
    elif e.akumulasi is Akumulasi.JUMLAH:
        lines.append(f"Kolom 14 = {_n(lalu)} + {r12} = {r14} (kolom 6 + kolom 12)")
    elif e.akumulasi is Akumulasi.AKHIR:
        lines.append(f"Kolom 14 = kolom 12 = {r14} (akumulasi akhir)")
    else:
        lines.append(pesan("renja.explain_14_mean", lalu=_n(lalu), r12=r12, realisasi=r14))
    if e.target_renstra is None or e.capaian_renstra is None or e.predikat_renstra is None:
        lines.append(pesan("renja.explain_15_blank"))
    else:
        lines.append(
            _line_capaian(
                15, e.target_renstra, e.realisasi_renstra, e.capaian_renstra, e.predikat_renstra, e
            )
        )
    return tuple(lines)


def _line_capaian(
    kolom: int,
    target: Decimal | Rentang,
    realisasi: Decimal,
    value: Decimal,
    label: Predikat,
    e: EvaluasiRenja,
) -> str:
    direction, method = _OPTIONS_OF[e.rumus]
    try:
        step = perhitungan(target, realisasi, direction=direction, lower_method=method).teks(_n)
    except LKjIPError:  # the figure shown is rounded (a mean): say it in columns
        step = f"kolom {12 if kolom == 13 else 14} / kolom {7 if kolom == 13 else 5} × 100%"
    note = f" ({e.rumus.catatan})" if e.rumus.catatan else ""
    return f"Kolom {kolom} = {step} = {format_persen(value, e.places)}{note} → {label}"


# --- the E.81 table -----------------------------------------------------------------------


class Peran(Word):
    """What a column of the E.81 table holds."""

    TEKS = "teks"
    """Text passed through (no, program, indikator, unit, keterangan)."""
    OPSI = "opsi"
    """An option of the row's K line (akumulasi, arah)."""
    MASUKAN = "masukan"
    """An input figure (kolom 5–11)."""
    ANGKA = "angka"
    """A computed figure (kolom 12–15): printed, it is checked."""
    LABEL = "label"
    """A predikat (of 13 or 15): printed, it is checked."""


@attrs.frozen
class Kolom:
    """One column of the E.81 table as lkjip reads it (``KOLOM`` lists them)."""

    name: str
    """The column's name in a CSV or JSON Lines table (case and spaces as ``read_table``)."""
    field: str
    """The figure it holds, the same for K and Rp (``capaian_renja``)."""
    nomor: int | None
    """Its column in Formulir E.81 (spec §15); ``None``: not one of the numbered columns."""
    peran: Peran
    baris: str | None
    """``"k"`` or ``"rp"`` for a figure of that line; ``None`` for the row's text and options."""


LINES = ("k", "rp")
"""The two lines of an indicator: K (kinerja) and Rp (anggaran)."""

_ROW_COLUMNS = (
    ("no", None, Peran.TEKS),
    ("sasaran", None, Peran.TEKS),
    ("kode", None, Peran.TEKS),
    ("program", None, Peran.TEKS),
    ("indikator", None, Peran.TEKS),
    ("satuan", None, Peran.TEKS),
    ("akumulasi", None, Peran.OPSI),
    ("arah", None, Peran.OPSI),
)
_LINE_COLUMNS = (
    ("target_renstra", 5, Peran.MASUKAN),
    ("realisasi_renstra_lalu", 6, Peran.MASUKAN),
    ("target_renja", 7, Peran.MASUKAN),
    ("tw1", 8, Peran.MASUKAN),
    ("tw2", 9, Peran.MASUKAN),
    ("tw3", 10, Peran.MASUKAN),
    ("tw4", 11, Peran.MASUKAN),
    ("realisasi", 12, Peran.ANGKA),
    ("capaian_renja", 13, Peran.ANGKA),
    ("predikat_renja", 13, Peran.LABEL),
    ("realisasi_renstra", 14, Peran.ANGKA),
    ("capaian_renstra", 15, Peran.ANGKA),
    ("predikat_renstra", 15, Peran.LABEL),
)
_END_COLUMNS = (("unit", 16, Peran.TEKS), ("keterangan", 17, Peran.TEKS))

KOLOM: tuple[Kolom, ...] = (
    *(Kolom(n, n, nomor, peran, None) for n, nomor, peran in _ROW_COLUMNS),
    *(
        Kolom(f"{f}_{line}", f, nomor, peran, line)
        for line in LINES
        for f, nomor, peran in _LINE_COLUMNS
    ),
    *(Kolom(n, n, nomor, peran, None) for n, nomor, peran in _END_COLUMNS),
)
"""Every column of the E.81 table, in the order findings of a row are listed: the one
list the reader, the evaluation's output, the audit and the docs follow."""

_ORDER = {k.name: i for i, k in enumerate(KOLOM)}
_TEXT = tuple(k.name for k in KOLOM if k.peran is Peran.TEKS)
_TW = ("tw1", "tw2", "tw3", "tw4")
_FIGURES = tuple(f for f, _, peran in _LINE_COLUMNS if peran in (Peran.ANGKA, Peran.LABEL))


def _column(field: str, line: str) -> str:
    return f"{field}_{line}"


@attrs.frozen
class Masukan:
    """The inputs of one K or Rp line (kolom 5–11), as read."""

    target_renstra: object
    realisasi_renstra_lalu: object
    target_renja: object
    triwulan: tuple[object, object, object, object]


@attrs.frozen
class BarisE81:
    """One row of an E.81 table, read: its text, the K line's options, the inputs of
    each line that has any, and what could not be read (column, reason)."""

    nomor: int
    teks: tuple[tuple[str, str], ...]
    """The text columns present, (column, text), in ``KOLOM`` order."""
    akumulasi: Akumulasi | None
    """The K line's ``Akumulasi`` (``None``: the cell cannot be read; see ``masalah``)."""
    arah: Direction | None
    k: Masukan | None
    rp: Masukan | None
    masalah: tuple[tuple[str, str], ...]
    baris: Baris = attrs.field(repr=False, eq=False)
    """The row as read, for the printed figures an audit checks."""

    def line(self, name: str) -> Masukan | None:
        return self.k if name == "k" else self.rp


def _cell(baris: Baris, column: str, problems: list[tuple[str, str]]) -> object:
    """An input cell: a figure (or a range target, kept as text), ``None`` for a blank;
    an unreadable one is a problem of its column."""
    cell = baris.get(column)
    if _is_blank(cell):
        return None
    try:
        if column.startswith("target_"):
            return parse_target(cell, column)
        return to_decimal(cell, column)
    except (LKjIPError, TypeError) as exc:
        problems.append((column, reason(exc)))
        return _UNREADABLE


_UNREADABLE = object()


def _masukan(baris: Baris, line: str, problems: list[tuple[str, str]]) -> Masukan | None:
    names = ("target_renstra", "realisasi_renstra_lalu", "target_renja", *_TW)
    values = [_cell(baris, _column(n, line), problems) for n in names]
    if all(v is None for v in values):
        return None
    return Masukan(values[0], values[1], values[2], tuple(values[3:]))  # type: ignore[arg-type]


def baris_e81(baris: Baris) -> BarisE81:
    """One table row read as an E.81 row."""
    problems: list[tuple[str, str]] = [("row", baris.masalah)] if baris.masalah else []
    akumulasi: Akumulasi | None = Akumulasi.JUMLAH
    arah: Direction | None = Direction.HIGHER
    text = baris.text("akumulasi")
    if text is not None:
        try:
            akumulasi = _akumulasi(text)
        except LKjIPError as exc:
            akumulasi = None
            problems.append(("akumulasi", str(exc)))
    text = baris.text("arah")
    if text is not None:
        try:
            arah = Direction(text)
        except ValueError:
            arah = None
            problems.append(("arah", pesan("renja.unknown_arah", given=shown(text))))
    teks = tuple((c, t) for c in _TEXT if (t := baris.text(c)) is not None)
    k, rp = _masukan(baris, "k", problems), _masukan(baris, "rp", problems)
    return BarisE81(baris.nomor, teks, akumulasi, arah, k, rp, tuple(problems), baris)


def read_e81(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Tabel | Iterable[Baris],
) -> Iterator[BarisE81]:
    """The rows of an E.81 table: a CSV or JSON Lines file (or ``.xlsx``, as
    ``read_table`` reads it), or rows already read. Columns are named as ``KOLOM``
    lists (``target_renja_k``, ``tw1_rp``, ...); any other column is ignored."""
    rows = source if isinstance(source, Tabel) or _is_rows(source) else read_table(source)  # type: ignore[arg-type]
    if isinstance(rows, Tabel):
        _require_columns(rows.columns)
    for baris in rows_of(rows, "read_e81"):
        yield baris_e81(baris)


def _require_columns(columns: Sequence[str]) -> None:
    needed = [_column("target_renja", line) for line in LINES]
    if not set(needed) & set(columns):
        found = ", ".join(c for c in columns if c) or pesan("renja.no_columns")
        raise TableError(
            pesan(
                "renja.missing_column", first=repr(needed[0]), second=repr(needed[1]), found=found
            )
        )


def _is_rows(source: object) -> bool:
    return not isinstance(source, (str, bytes, os.PathLike)) and not hasattr(source, "read")


def _line_options(row: BarisE81, line: str) -> tuple[Akumulasi, Direction] | str:
    """The options a line is computed with, or why it cannot be."""
    if line == "rp":
        return Akumulasi.JUMLAH, Direction.HIGHER  # anggaran always sums (spec §15)
    if row.akumulasi is None or row.arah is None:
        return "; ".join(m for c, m in row.masalah if c in ("akumulasi", "arah"))
    return row.akumulasi, row.arah


def _unreadable(row: BarisE81, line: str) -> str | None:
    problems = [m for c, m in row.masalah if c.endswith("_" + line) or c == "row"]
    return "; ".join(problems) if problems else None


def _evaluate_line(row: BarisE81, line: str, opsi: Opsi) -> EvaluasiRenja:
    m = row.line(line)
    assert m is not None
    options = _line_options(row, line)
    if isinstance(options, str):
        raise NotComputableError(options)
    bad = _unreadable(row, line)
    if bad is not None:
        raise NotComputableError(bad)
    how, arah = options
    return evaluasi_renja(
        m.target_renstra,
        m.realisasi_renstra_lalu,
        m.target_renja,
        m.triwulan,
        akumulasi=how,
        direction=arah,
        lower_method=opsi.lower_method,
        places=opsi.places,
        rounding=opsi.rounding,
        scale=opsi.skala,
    )


@attrs.frozen
class HasilE81:
    """One row of an E.81 table, evaluated: each line's result, or why it has none."""

    baris: BarisE81
    k: EvaluasiRenja | None
    rp: EvaluasiRenja | None
    masalah: tuple[tuple[str, str], ...]
    """(line, reason) for each line that has inputs but cannot be computed."""

    @property
    def ok(self) -> bool:
        return not self.masalah


def evaluate_e81(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Tabel | Iterable[Baris],
    opsi: Opsi | None = None,
) -> Iterator[HasilE81]:
    """Columns 12–15 of every line of an E.81 table (as ``read_e81`` reads it), row by row.

    ``opsi`` gives the lower-is-better method, the rounding and the predikat scale;
    each row gives its K line's ``akumulasi`` and ``arah``.
    """
    opsi = opsi or Opsi()
    for row in read_e81(source):
        results: dict[str, EvaluasiRenja | None] = {"k": None, "rp": None}
        problems = []
        for line in LINES:
            if row.line(line) is None:
                continue
            try:
                results[line] = _evaluate_line(row, line, opsi)
            except (LKjIPError, ArithmeticError) as exc:
                problems.append((line, reason(exc)))
        yield HasilE81(row, results["k"], results["rp"], tuple(problems))


# --- the audit of a printed E.81 table ------------------------------------------------------


def _printed(baris: Baris, column: str) -> bool:
    return not _is_blank(baris.get(column))


def _audit_line(row: BarisE81, line: str, opsi: Opsi, log: Findings) -> None:
    m = row.line(line)
    options = _line_options(row, line)
    if m is None or isinstance(options, str) or _unreadable(row, line) is not None:
        return  # the problem is a finding already; nothing here can be recomputed
    how, arah = options
    baris, places, rounding = row.baris, opsi.places, opsi.rounding
    audit_row = AuditRow(baris, log)
    col = {f: _column(f, line) for f, _, _ in _LINE_COLUMNS}

    def text(f: str) -> str:
        return cell_text(baris.get(col[f])) or ""

    def checked(field: str, figure: _Figure, formula: str) -> _Figure:
        """``figure`` (a quotient ``num / den``) against the printed ``field``: the printed
        figure when it agrees (the columns after it are computed from what was printed)."""
        num, den = figure
        value = check_figure(
            audit_row,
            col[field],
            exact(lambda: num) if den == 1 else (lambda p, r: ratio(num, Decimal(den), p, r)),
            lambda: formula,
        )
        return figure if value is None else (value, 1)

    reported = [(v, 1) for v in m.triwulan if isinstance(v, Decimal)]
    r12: _Figure | None = _combine(reported, how) if reported else None
    if r12 is not None and _printed(baris, col["realisasi"]):
        names = [text(t) for t, v in zip(_TW, m.triwulan, strict=True) if v is not None]
        joined = " + ".join(names)
        formula = {
            Akumulasi.JUMLAH: f"{joined}",
            Akumulasi.AKHIR: pesan("renja.last_triwulan_reported", name=names[-1]),
            Akumulasi.RATA_RATA: f"({joined}) / {len(names)}",
        }[how]
        r12 = checked("realisasi", r12, formula)

    def capaian_of(target: object, value: _Figure, kolom: int) -> Callable[[int, str], Decimal]:
        what = "target_renja" if kolom == 13 else "target_renstra"
        rule = f"tingkat capaian {'Renja' if kolom == 13 else 'Renstra'} (kolom {kolom})"

        def compute(p: int, r: str) -> Decimal:
            t = _target(target, what, rule)
            return _capaian(t, value, arah, opsi.lower_method, rule, what).nilai(p, r)

        return compute

    def check_capaian(
        field: str, label: str, target: object, value: _Figure | None, kolom: int, of: str
    ) -> None:
        if value is None or target is None:
            return
        compute = capaian_of(target, value, kolom)
        c: Decimal | None = None
        if _printed(baris, col[field]):
            t_text = text("target_renja" if kolom == 13 else "target_renstra")
            shown_value = _n(value[0]) if value[1] == 1 else f"({_n(value[0])} / {value[1]})"
            formula = _RUMUS[arah, opsi.lower_method].text(t_text, shown_value)
            c = check_figure(audit_row, col[field], compute, lambda: formula)
        elif _printed(baris, col[label]):
            c = audit_row.attempt(col[field], lambda: compute(places, rounding))
        if c is not None:
            check_label(
                audit_row,
                col[label],
                str(opsi.skala.classify(c)),
                lambda: pesan("renja.predikat_of", of=of, capaian=format_persen(c, None)),
            )

    check_capaian("capaian_renja", "predikat_renja", m.target_renja, r12, 13, "kolom 13")
    r14: _Figure | None = None
    if r12 is not None:
        lalu = m.realisasi_renstra_lalu
        r14 = r12 if lalu is None else _combine([(lalu, 1), r12], how)  # type: ignore[list-item]
        if _printed(baris, col["realisasi_renstra"]):
            r12_text = text("realisasi") or _n(_rounded(r12, None, rounding))
            formula = (
                pesan("renja.kolom6_blank", realisasi=r12_text)
                if lalu is None
                else {
                    Akumulasi.JUMLAH: f"{text('realisasi_renstra_lalu')} + {r12_text}",
                    Akumulasi.AKHIR: f"kolom 12 ({r12_text})",
                    Akumulasi.RATA_RATA: f"({text('realisasi_renstra_lalu')} + {r12_text}) / 2",
                }[how]
            )
            r14 = checked("realisasi_renstra", r14, formula)
    check_capaian("capaian_renstra", "predikat_renstra", m.target_renstra, r14, 15, "kolom 15")


def audit_e81(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Tabel | Iterable[Baris],
    opsi: Opsi | None = None,
) -> HasilAudit:
    """Every printed figure of columns 12–15 (and the predikat of 13 and 15) of an E.81
    table checked against its own printed inputs (spec §10: half-up or truncation at
    the printed precision); the findings in row order, then ``KOLOM`` order."""
    opsi = opsi or Opsi()
    log = Findings()
    count = 0
    for row in read_e81(source):
        count += 1
        for column, problem in row.masalah:
            given = None if column == "row" else cell_text(row.baris.get(column))
            log.append(Temuan(row.nomor, column, given, None, problem))
        for line in LINES:
            _audit_line(row, line, opsi, log)
    log.sort(key=lambda t: (t.row, _ORDER.get(t.field, -1)))
    return HasilAudit(
        rows=count, findings=tuple(log), checked=frozenset(log.checked), agreeing=log.agreeing
    )


# --- JSON documents (``lkjip evaluate/audit --form e81``) -----------------------------------


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def record(hasil: HasilE81, explain: bool = True) -> dict[str, Any]:
    """One row's JSON object: its number, its text, and ``k``/``rp`` (``null`` for a
    line with no inputs), each with columns 12–15, the predikat, the triwulan not
    reported, the explanation and ``error``."""
    out: dict[str, Any] = {"row": hasil.baris.nomor, **dict(hasil.baris.teks)}
    errors = dict(hasil.masalah)
    for line in LINES:
        e: EvaluasiRenja | None = getattr(hasil, line)
        if e is None and line not in errors:
            out[line] = None
            continue
        values: dict[str, Any] = dict.fromkeys(_FIGURES)
        values["akumulasi"] = None
        values["tidak_dilaporkan"] = []
        if e is not None:
            values.update(
                realisasi=_figure(e.realisasi),
                capaian_renja=_figure(e.capaian_renja),
                predikat_renja=str(e.predikat_renja),
                realisasi_renstra=_figure(e.realisasi_renstra),
                capaian_renstra=_figure(e.capaian_renstra),
                predikat_renstra=None if e.predikat_renstra is None else str(e.predikat_renstra),
                akumulasi=str(e.akumulasi),
                tidak_dilaporkan=list(e.tidak_dilaporkan),
            )
        if explain:
            values["penjelasan"] = list(e.penjelasan()) if e is not None else []
        values["error"] = errors.get(line)
        out[line] = values
    return out


def evaluation_document(results: Iterable[HasilE81], explain: bool = True) -> dict[str, Any]:
    """``{"schema": "lkjip/renja/v1", "form": "e81", "rows": n, "errors": m, "results": [...]}``."""
    rows = [record(h, explain) for h in results]
    errors = sum(1 for r in rows for line in LINES if r[line] is not None and r[line]["error"])
    return {"schema": SCHEMA, "form": "e81", "rows": len(rows), "errors": errors, "results": rows}


def audit_document(result: HasilAudit) -> dict[str, Any]:
    """``{"schema": "lkjip/renja/v1", "form": "e81", "rows": n, "checked": c,
    "agreeing": a, "findings": [{"row", "field", "reported", "expected", "message"}]}``."""
    return {
        "schema": SCHEMA,
        "form": "e81",
        "rows": result.rows,
        "checked": len(result.checked),
        "agreeing": result.agreeing,
        "findings": [attrs.asdict(t) for t in result.findings],
    }


def evaluation_text(results: Iterable[HasilE81]) -> Iterator[str]:
    """The evaluation for people: each row's lines, with how each column was obtained."""
    for h in results:
        teks = dict(h.baris.teks)
        name = teks.get("indikator") or teks.get("program") or ""
        yield pesan("renja.row_head", nomor=h.baris.nomor) + (f": {name}" if name else "")
        errors = dict(h.masalah)
        for line in LINES:
            e: EvaluasiRenja | None = getattr(h, line)
            head = "  K " if line == "k" else "  Rp"
            if e is not None:
                yield from (f"{head} {text}" for text in e.penjelasan())
            elif line in errors:
                yield f"{head} " + pesan("explain.not_computable", reason=errors[line])


FORMATS = ("json", "table")
"""The outputs of ``--form e81``."""


def run(command: str, source: str, opsi: Opsi, fmt: str, write: Callable[[str], object]) -> int:
    """``lkjip evaluate|audit --form e81 FILE``: the JSON document (``fmt="json"``) or
    the text for people (``"table"``) written through ``write``; the exit status (1 for
    a line that cannot be computed, or a finding)."""
    import json

    if fmt not in FORMATS:
        raise InvalidOptionError(pesan("renja.form_formats", fmt=fmt))
    if command == "audit":
        result = audit_e81(source, opsi)
        if fmt == "json":
            write(json.dumps(audit_document(result), ensure_ascii=False, indent=2) + "\n")
        else:
            write(str(result) + "\n")
        return 1 if result.findings else 0
    failed = False
    if fmt == "json":
        results = list(evaluate_e81(source, opsi))
        failed = any(not h.ok for h in results)
        write(json.dumps(evaluation_document(results), ensure_ascii=False, indent=2) + "\n")
        return 1 if failed else 0
    for h in evaluate_e81(source, opsi):
        failed = failed or not h.ok
        for text in evaluation_text([h]):
            write(text + "\n")
    return 1 if failed else 0
