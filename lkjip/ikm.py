"""Nilai IKM: the public satisfaction index (spec §8, PermenPAN-RB 14/2017, unverified).

Each unsur pelayanan is scored 1–4; IKM = mean of the unsur scores × 25, on a
25–100 scale. Reports truncate it (``rounding=ROUND_DOWN`` by default). Its mutu
is ``mutu_ikm``.

```pycon
>>> nilai_ikm(["3,2", "3,5", "3,41"])
Decimal('84.25')

```
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

from ._context import check_options, multiply, ratio, total
from .errors import NotComputableError, shown
from .numbers import figures

__all__ = ["nilai_ikm"]

_SKALA = Decimal(25)


def nilai_ikm(
    unsur: Iterable[object], *, places: int | None = 2, rounding: str = ROUND_DOWN
) -> Decimal:
    """IKM from the unsur scores (1–4 each): their mean × 25, truncated by default."""
    check_options(places, rounding)
    scores = figures(unsur, "unsur score", "IKM")
    if not scores:
        raise NotComputableError("IKM cannot be computed: there are no unsur scores")
    for s in scores:
        if not 1 <= s <= 4:
            raise NotComputableError(
                f"the unsur score {shown(s)} is outside 1–4 (PermenPAN-RB 14/2017)"
            )
    return ratio(multiply(total(scores), _SKALA), Decimal(len(scores)), places, rounding)
