"""Anggaran (budget): penyerapan, sisa, efisiensi and roll-ups (spec §5).

* ``penyerapan = realisasi / pagu × 100`` (absorption, percent);
* ``sisa_anggaran = pagu − realisasi`` (exact, never rounded);
* ``efisiensi_anggaran = (pagu − realisasi) / pagu × 100`` — the budget saved,
  i.e. 100 − penyerapan, rounded once (seed 000 l.1137: 1,96, not the 1,97 that
  100 − the rounded 98,03 gives);
* ``tingkat_efisiensi = capaian / penyerapan`` (a ratio, seed 001 l.229–241,
  seed 004 l.374–384), categorised by ``kategori_efisiensi``.

A total is a ratio of sums, never the mean of the row percentages.

```pycon
>>> penyerapan("Rp. 9.054.048.938,-", "Rp. 8.876.182.851,58")   # seed 000 l.1137
Decimal('98.04')
>>> sisa_anggaran("Rp. 9.054.048.938,-", "Rp. 8.876.182.851,58")
Decimal('177866086.42')
>>> efisiensi_anggaran("9.054.048.938,00", "8.876.182.851,58")
Decimal('1.96')
>>> tingkat_efisiensi("550%", "97,86%")                           # seed 004 l.375
Decimal('5.62')
>>> penyerapan(0, 0)
Traceback (most recent call last):
    ...
lkjip.errors.NotComputableError: penyerapan cannot be computed: pagu is 0; a budget of zero or below has no absorption

```
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

import attrs

from lkjip._core.context import check_options, percent_of, ratio, result, subtract, total
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidTypeError, LKjIPError, NotComputableError, shown
from lkjip.numbers import figures, items, parse_number, to_decimal

__all__ = [
    "TotalAnggaran",
    "efisiensi_anggaran",
    "jumlah",
    "penyerapan",
    "sisa_anggaran",
    "tingkat_efisiensi",
    "total_anggaran",
]


_NIL = Decimal(0)


def nominal(cell: object, what: str = "pagu", *, decimal_mark: str | None = None) -> Decimal:
    """A figure printed in a budget column, read as ``to_decimal`` reads it, except that
    a printed placeholder (``"-"``, ``"–"``, ``"—"``) is nil: zero Rupiah (seed 000
    l.1302: a realisasi of ``-`` is left out of the kegiatan's sum; l.1301 prints ``-``
    for a sisa of 0). The one reading of that rule for evaluate and audit.

    ```pycon
    >>> nominal("-"), nominal("Rp 1.500.000,-")
    (Decimal('0'), Decimal('1500000'))

    ```
    """
    if isinstance(cell, str):
        number = parse_number(cell, decimal_mark=decimal_mark)
        return _NIL if number is None else number
    return to_decimal(cell, what)


def _pagu(pagu: object, rule: str) -> Decimal:
    p = to_decimal(pagu, "pagu")
    if p <= 0:
        raise NotComputableError(pesan("anggaran.pagu_not_above_zero", rule=rule, value=shown(p)))
    return p


def penyerapan(
    pagu: object, realisasi: object, *, places: int | None = 2, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """Penyerapan anggaran in percent: ``realisasi / pagu × 100``."""
    check_options(places, rounding)
    p = _pagu(pagu, "penyerapan")
    return percent_of(to_decimal(realisasi, "realisasi anggaran"), p, places, rounding)


def sisa_anggaran(pagu: object, realisasi: object) -> Decimal:
    """Sisa anggaran: ``pagu − realisasi``, exact (Rupiah and sen)."""
    return result(subtract(to_decimal(pagu, "pagu"), to_decimal(realisasi, "realisasi anggaran")))


def efisiensi_anggaran(
    pagu: object, realisasi: object, *, places: int | None = 2, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """Percent of the budget saved: ``(pagu − realisasi) / pagu × 100``, rounded once."""
    check_options(places, rounding)
    p = _pagu(pagu, "efisiensi anggaran")
    saved = subtract(p, to_decimal(realisasi, "realisasi anggaran"))
    return percent_of(saved, p, places, rounding)


def tingkat_efisiensi(
    capaian: object, penyerapan: object, *, places: int | None = 2, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """Tingkat efisiensi: ``capaian / penyerapan`` (a ratio; 1 or more is Efisien).

    ```pycon
    >>> tingkat_efisiensi("105,42", "91,72", places=3)              # seed 001 l.230
    Decimal('1.149')

    ```
    """
    check_options(places, rounding)
    c = to_decimal(capaian, "capaian")
    s = to_decimal(penyerapan, "penyerapan")
    if s <= 0:
        raise NotComputableError(pesan("anggaran.penyerapan_not_above_zero", value=shown(s)))
    return ratio(c, s, places, rounding)


def jumlah(values: Iterable[object]) -> Decimal:
    """Exact sum of figures (a program's pagu is the sum of its kegiatan).

    ```pycon
    >>> jumlah(["Rp. 7.657.524.658", "Rp. 182.674.480", "Rp. 1.106.979.000",
    ...         "Rp. 104.370.800", "Rp. 2.500.000"])                # seed 000 l.259–265
    Decimal('9054048938')

    ```
    """
    return result(total(figures(values, pesan("anggaran.jumlah_value"), "jumlah")))


def _pair(row: object, i: int) -> tuple[object, object]:
    """A ``(pagu, realisasi)`` row: a sequence of exactly two values (text is one value)."""
    if not isinstance(row, (str, bytes, bytearray, Mapping)):
        try:
            pagu, realisasi = cast(Iterable[object], row)
        except (TypeError, ValueError):
            pass
        else:
            return pagu, realisasi
    raise InvalidTypeError(pesan("anggaran.row_not_pair", i=i, value=shown(row)))


def _of_row(value: object, what: str, i: int) -> Decimal:
    """``to_decimal`` of a row's figure; a refusal names the row (made only then)."""
    try:
        return to_decimal(value, what)
    except LKjIPError:
        try:
            to_decimal(value, pesan("anggaran.of_row", what=what, i=i))
        except LKjIPError as named:
            raise named from None
        raise


@attrs.frozen
class TotalAnggaran:
    """Roll-up of budget rows: sums, sisa, and penyerapan as a ratio of sums."""

    pagu: Decimal
    realisasi: Decimal
    sisa: Decimal
    penyerapan: Decimal | None
    """``None`` when the total pagu is zero (nothing to absorb)."""
    rows: int


def total_anggaran(
    rows: Iterable[tuple[object, object]], *, places: int | None = 2, rounding: str = ROUND_HALF_UP
) -> TotalAnggaran:
    """Roll ``(pagu, realisasi)`` rows up: Σpagu, Σrealisasi, and Σrealisasi / Σpagu × 100.

    ```pycon
    >>> t = total_anggaran([("182.674.480", "175.041.950"), ("1.106.979.000", "1.089.888.500")])
    >>> t.pagu, t.penyerapan
    (Decimal('1289653480'), Decimal('98.08'))

    ```
    """
    check_options(places, rounding)
    pagus: list[Decimal] = []
    realisasis: list[Decimal] = []
    for i, row in enumerate(items(rows, "total anggaran", pesan("anggaran.rows")), 1):
        pagu, realisasi = _pair(row, i)
        pagus.append(_of_row(pagu, "pagu", i))
        realisasis.append(_of_row(realisasi, "realisasi anggaran", i))
    p, r = result(total(pagus)), result(total(realisasis))
    share = percent_of(r, p, places, rounding) if p > 0 else None
    return TotalAnggaran(
        pagu=p, realisasi=r, sisa=result(subtract(p, r)), penyerapan=share, rows=len(pagus)
    )
