"""Aggregation: means, year-on-year change and trend (spec §6).

* Sasaran capaian is the arithmetic mean of its indikator capaian (the reports
  do not define an overall rating: say which aggregation was used);
* ``selisih`` is the year-on-year difference in percentage points;
* the trend word is ``naik`` / ``tetap`` / ``turun``.

```pycon
>>> rata_rata(["550%", "333%", "0%"])          # seed 004 l.315–317, as printed
Decimal('294.33')
>>> rata_rata(["550%", "333%", "0%"], cap=100)
Decimal('66.67')
>>> selisih("105,42 %", "103, 44 %"), tren("105,42", "103,44")   # seed 001 l.712
(Decimal('1.98'), <Tren.NAIK: 'naik'>)

```
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from lkjip._core.context import add, check_options, finish, ratio, subtract
from lkjip._core.pesan import pesan
from lkjip._core.word import Word
from lkjip.errors import NotComputableError
from lkjip.numbers import figures, to_decimal

__all__ = ["Tren", "rata_rata", "selisih", "tren"]


class RataRata:
    """A running arithmetic mean: the exact sum of the values added so far (each capped
    at ``cap`` first, if given) and their count, in constant memory. The one mean of
    ``rata_rata``, of the sasaran and report aggregates, and of the audit's check of a
    printed rata-rata row.

    ```pycon
    >>> mean = RataRata(cap=Decimal(100))
    >>> for value in (Decimal(550), Decimal("333.33"), Decimal(0)):
    ...     mean.add(value)
    >>> mean.count, mean.value(2, ROUND_HALF_UP)
    (3, Decimal('66.67'))

    ```
    """

    __slots__ = ("cap", "count", "total")

    def __init__(self, cap: Decimal | None = None) -> None:
        self.cap = cap
        self.count = 0
        self.total = Decimal(0)

    def add(self, value: Decimal) -> None:
        """Add one value (exactly: past the digits a sum keeps, an error and no change)."""
        if self.cap is not None and value > self.cap:
            value = self.cap
        self.total = add(self.total, value)
        self.count += 1

    def value(self, places: int | None, rounding: str) -> Decimal:
        """The mean, rounded once; a ``NotComputableError`` when no value was added."""
        if not self.count:
            raise NotComputableError(pesan("agregasi.no_values"))
        return ratio(self.total, Decimal(self.count), places, rounding)


def rata_rata(
    values: Iterable[object],
    *,
    cap: object = None,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
) -> Decimal:
    """Arithmetic mean, rounded once; ``cap=100`` caps each value before averaging."""
    check_options(places, rounding)
    numbers = figures(values, None, "rata-rata")
    mean = RataRata(None if cap is None else to_decimal(cap, "cap"))
    for n in numbers:
        mean.add(n)
    return mean.value(places, rounding)


def selisih(
    sekarang: object, lalu: object, *, places: int | None = None, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """This year's figure minus last year's (percentage points for capaian); exact by default."""
    check_options(places, rounding)
    diff = subtract(to_decimal(sekarang, "sekarang"), to_decimal(lalu, "lalu"))
    return finish(diff, places, rounding)


class Tren(Word):
    """Direction of a year-on-year change."""

    NAIK = "naik"
    TETAP = "tetap"
    TURUN = "turun"


def tren(sekarang: object, lalu: object) -> Tren:
    """``naik`` when this year's figure is higher, ``turun`` when lower, else ``tetap``.

    ```pycon
    >>> tren(87, "87%")
    <Tren.TETAP: 'tetap'>

    ```
    """
    diff = selisih(sekarang, lalu)
    return Tren.NAIK if diff > 0 else Tren.TURUN if diff < 0 else Tren.TETAP
