"""Exact capaian and penyerapan on whole numeric arrays, in fixed point (numpy).

Numbers are held as scaled integers: a float ``x`` becomes ``n / 10**k`` with the
smallest ``k ≤ 6`` for which ``n / 10**k`` rounds back to ``x``. That value is the
float's shortest repr, which is what every lkjip rule reads a float as, so the
figures are those of the ``Decimal`` path. The quotient is taken with integer
division and rounded half-up or truncated exactly. A row the fixed-point path
cannot hold exactly (more than six decimals, a magnitude that could overflow
64-bit integers, a zero target, text) is computed by the ``Decimal`` path instead.

```pycon
>>> import numpy as np
>>> hasil = capaian_fixed(np.array([87.0, 100.0, 0.0]), np.array([91.72, 95.0, 5.0]))
>>> hasil.units.tolist()[:2], hasil.places
([10543, 9500], 2)
>>> hasil.values()
[Decimal('105.43'), Decimal('95.00'), None]
>>> hasil.reasons[2]
'capaian cannot be computed: target is 0.0; a target of zero or below has no ratio'

```
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from ._context import _QUANTIZE, check_options
from ._extras import require
from .anggaran import penyerapan
from .capaian import Direction, LowerMethod, capaian
from .errors import LKjIPError

np: Any = require("numpy", "fast", "the fixed-point path")

__all__ = ["MAX_DECIMALS", "FixedResult", "capaian_fixed", "penyerapan_fixed"]

MAX_DECIMALS = 6
"""Inputs with more decimals than this take the ``Decimal`` path."""

_FLOAT_EXACT = 2.0**53  # integers below this are exact in a double
_INT_LIMIT = 2.0**62  # products are kept below this, with room for 2 × remainder


@attrs.frozen(eq=False)
class FixedResult:
    """Figures in fixed point: ``units[i] / 10**places`` where ``ok[i]``; rows the
    ``Decimal`` path computed are in ``exact``, rows that cannot be computed in ``reasons``."""

    units: Any
    """``int64`` array, in units of ``10**-places`` (meaningful where ``ok``)."""
    places: int
    ok: Any
    """``bool`` array: the row was computed in fixed point."""
    exact: dict[int, Decimal]
    reasons: dict[int, str]

    def __len__(self) -> int:
        return len(self.units)

    def values(self) -> list[Decimal | None]:
        """Every row as a ``Decimal`` (``None`` where it cannot be computed)."""
        out: list[Decimal | None] = []
        scale = -self.places
        for i, (u, ok) in enumerate(zip(self.units.tolist(), self.ok.tolist(), strict=True)):
            if ok:
                out.append(Decimal(u).scaleb(scale, _QUANTIZE))
            else:
                out.append(self.exact.get(i))
        return out


def _fixed(values: Any) -> tuple[Any, Any]:
    """(integers ``n``, decimals ``k``) per element; ``k = -1`` where not exactly held."""
    arr = np.asarray(values)
    size = arr.shape[0]
    if arr.dtype.kind in "iu":
        n = arr.astype(np.int64)
        k = np.where(np.abs(n) < 2**53, 0, -1).astype(np.int8)
        return n, k
    n = np.zeros(size, dtype=np.int64)
    k = np.full(size, -1, dtype=np.int8)
    if arr.dtype.kind != "f":
        return n, k  # text, objects: the Decimal path reads them
    todo = np.flatnonzero(np.abs(arr) < _FLOAT_EXACT)  # finite, and small enough
    x = arr[todo]
    for decimals in range(MAX_DECIMALS + 1):
        scale = 10.0**decimals
        scaled = np.rint(x * scale)
        good = (scaled / scale == x) & (np.abs(scaled) < _FLOAT_EXACT)
        hit = todo[good]
        n[hit] = scaled[good]
        k[hit] = decimals
        rest = ~good
        todo, x = todo[rest], x[rest]
        if not todo.size:
            break
    return n, k


_P10 = np.array([10**i for i in range(MAX_DECIMALS + 1)], dtype=np.int64)


def _common(n1: Any, k1: Any, n2: Any, k2: Any) -> tuple[Any, Any, Any]:
    """Both numbers on one scale per row; ``ok`` where that fits safely."""
    ok = (k1 >= 0) & (k2 >= 0)
    if not ok.all():
        k1, k2 = np.where(ok, k1, 0), np.where(ok, k2, 0)
        n1, n2 = np.where(ok, n1, 0), np.where(ok, n2, 0)
    if (k1 == k2).all():  # one scale already (integers, or the same decimals)
        return n1, n2, ok
    k = np.maximum(k1, k2)
    f1, f2 = _P10[k - k1], _P10[k - k2]
    ok &= (np.abs(n1) < _INT_LIMIT / f1) & (np.abs(n2) < _INT_LIMIT / f2)
    return n1 * f1, n2 * f2, ok


def _divide(num: Any, den: Any, ok: Any, places: int, rounding: str) -> tuple[Any, Any]:
    """``num / den × 100`` rounded to ``places``, in units; ``ok`` narrowed to safe rows."""
    factor = 10 ** (places + 2)
    magnitude = np.abs(num)
    ok = ok & (den > 0) & (magnitude < _INT_LIMIT / factor) & (den < _INT_LIMIT)
    if not ok.all():
        magnitude, den = np.where(ok, magnitude, 0), np.where(ok, den, 1)
    quotient, remainder = np.divmod(magnitude * factor, den)
    if rounding == ROUND_HALF_UP:  # half away from zero, on the magnitude
        quotient += 2 * remainder >= den
    return np.where(num < 0, -quotient, quotient), ok


def _fallback(result_units: Any, ok: Any, compute: Any, places: int) -> FixedResult:
    exact: dict[int, Decimal] = {}
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(~ok).tolist():
        try:
            exact[i] = compute(i)
        except (LKjIPError, TypeError) as exc:
            reasons[i] = str(exc)
    return FixedResult(result_units, places, ok, exact, reasons)


def _element(values: Any, i: int) -> object:
    """Row ``i`` as a plain Python value (numpy scalars unwrapped, NaN as missing)."""
    value = values[i]
    value = value.item() if hasattr(value, "item") else value
    return None if value != value else value  # NaN: a missing value, as in pandas


def capaian_fixed(
    target: Iterable[object],
    realisasi: Iterable[object],
    *,
    direction: Direction | str | Iterable[Direction | str] = Direction.HIGHER,
    lower_method: LowerMethod | str = LowerMethod.REFLECTED,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> FixedResult:
    """``lkjip.capaian`` over arrays, in fixed point where exact, else by ``Decimal``."""
    check_options(places, rounding)
    method = LowerMethod(lower_method)
    t_arr, r_arr = np.asarray(target), np.asarray(realisasi)
    if t_arr.shape != r_arr.shape or t_arr.ndim != 1:
        raise ValueError("target and realisasi must be two columns of the same length")
    size = t_arr.shape[0]
    if isinstance(direction, (str, Direction)):
        arah = Direction(direction)
        lower = np.full(size, arah is Direction.LOWER)
        known = np.ones(size, dtype=bool)
        per_row: list[Direction | str] = [arah] * size
    else:
        per_row = [d if isinstance(d, (Direction, str)) else str(d) for d in direction]
        if len(per_row) != size:
            raise ValueError(f"direction has {len(per_row)} entries for {size} rows")
        words = np.asarray([str(d).strip().lower() for d in per_row])
        lower = np.isin(words, ["lower", "negatif"])
        known = lower | np.isin(words, ["higher", "positif"])
    n_t, k_t = _fixed(t_arr)
    n_r, k_r = _fixed(r_arr)
    t, r, ok = _common(n_t, k_t, n_r, k_r)
    ok &= known & (t > 0) & (rounding in (ROUND_HALF_UP, ROUND_DOWN)) & (places <= 12)
    if method is LowerMethod.REFLECTED:
        lower_num = 2 * t - r
        ok &= ~lower | (np.abs(r) < _INT_LIMIT / 4) & (t < _INT_LIMIT / 4)
        num, den = np.where(lower, lower_num, r), t
    else:
        ok &= ~lower | (r > 0)
        num, den = np.where(lower, t, r), np.where(lower, r, t)
    units, ok = _divide(num, den, ok, places, rounding)
    return _fallback(
        units,
        ok,
        lambda i: capaian(
            _element(t_arr, i),
            _element(r_arr, i),
            direction=per_row[i],
            lower_method=method,
            places=places,
            rounding=rounding,
        ),
        places,
    )


def penyerapan_fixed(
    pagu: Iterable[object],
    realisasi: Iterable[object],
    *,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> FixedResult:
    """``lkjip.penyerapan`` over arrays, in fixed point where exact, else by ``Decimal``."""
    check_options(places, rounding)
    p_arr, r_arr = np.asarray(pagu), np.asarray(realisasi)
    if p_arr.shape != r_arr.shape or p_arr.ndim != 1:
        raise ValueError("pagu and realisasi must be two columns of the same length")
    n_p, k_p = _fixed(p_arr)
    n_r, k_r = _fixed(r_arr)
    p, r, ok = _common(n_p, k_p, n_r, k_r)
    ok &= (p > 0) & (rounding in (ROUND_HALF_UP, ROUND_DOWN)) & (places <= 12)
    units, ok = _divide(r, p, ok, places, rounding)
    return _fallback(
        units,
        ok,
        lambda i: penyerapan(
            _element(p_arr, i), _element(r_arr, i), places=places, rounding=rounding
        ),
        places,
    )
