"""Nilai AKIP: the SAKIP evaluation score (spec §7, PermenPAN-RB 88/2021, unverified).

The score is the sum of four component scores, each out of its weight:
perencanaan 30, pengukuran 30, pelaporan 15, evaluasi 25. Its predikat is
``predikat_akip``.

```pycon
>>> nilai_akip(25, "24,5", 11, 15)
Decimal('75.5')
>>> nilai_akip(31, 0, 0, 0)
Traceback (most recent call last):
    ...
lkjip.errors.NotComputableError: the perencanaan score 31 is outside 0–30 (its weight in PermenPAN-RB 88/2021)

```
"""  # noqa: E501

from __future__ import annotations

from decimal import Decimal

from ._context import total
from .errors import NotComputableError, shown
from .numbers import to_decimal

__all__ = ["BOBOT_AKIP", "nilai_akip"]

# PermenPAN-RB No. 88 Tahun 2021 (unverified): component weights.
BOBOT_AKIP: dict[str, Decimal] = {
    "perencanaan": Decimal(30),
    "pengukuran": Decimal(30),
    "pelaporan": Decimal(15),
    "evaluasi": Decimal(25),
}


def nilai_akip(
    perencanaan: object, pengukuran: object, pelaporan: object, evaluasi: object
) -> Decimal:
    """Nilai AKIP: the sum of the component scores, each within 0 and its weight."""
    given = {
        "perencanaan": perencanaan,
        "pengukuran": pengukuran,
        "pelaporan": pelaporan,
        "evaluasi": evaluasi,
    }
    scores = []
    for name, value in given.items():
        score = to_decimal(value, f"the {name} score")
        if not 0 <= score <= BOBOT_AKIP[name]:
            raise NotComputableError(
                f"the {name} score {shown(score)} is outside 0–{BOBOT_AKIP[name]} "
                "(its weight in PermenPAN-RB 88/2021)"
            )
        scores.append(score)
    return total(scores)
