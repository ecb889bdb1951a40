"""An independent reference: exact rational arithmetic with ``fractions.Fraction``.

The library computes with ``Decimal`` contexts; these helpers compute the same
rules from the spec's formulas on exact fractions and round by integer
arithmetic, so a test can compare the two without computing anything "the same
way".
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def frac(x: Decimal | int | str) -> Fraction:
    return Fraction(Decimal(x)) if not isinstance(x, int) else Fraction(x)


def round_half_up(x: Fraction, places: int) -> Decimal:
    """Round half away from zero (the decimal module's ROUND_HALF_UP)."""
    scaled = abs(x) * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return _decimal(whole if x >= 0 else -whole, places)


def truncate(x: Fraction, places: int) -> Decimal:
    scaled = abs(x) * 10**places
    whole = scaled.numerator // scaled.denominator
    return _decimal(whole if x >= 0 else -whole, places)


def _decimal(units: int, places: int) -> Decimal:
    # exactly units × 10^-places, whatever its digits: built from its digits and
    # exponent (scaleb would round to the 28 digits of the default context)
    d = Decimal((0 if units >= 0 else 1, tuple(int(c) for c in str(abs(units))), -places))
    return d.copy_abs() if units == 0 else d


def capaian_higher(t: Fraction, r: Fraction) -> Fraction:
    return r / t * 100


def capaian_reflected(t: Fraction, r: Fraction) -> Fraction:
    # The spec's second spelling: (1 + (T − R)/T) × 100.
    return (1 + (t - r) / t) * 100


def capaian_inverse(t: Fraction, r: Fraction) -> Fraction:
    return t / r * 100
