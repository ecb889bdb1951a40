"""Exact capaian and penyerapan on whole numeric arrays, in fixed point (numpy).

Numbers are held as scaled integers: a float ``x`` becomes ``n / 10**k`` with the
smallest ``k ≤ 6`` for which ``n / 10**k`` rounds back to ``x``. That value is the
float's shortest repr, which is what every lkjip rule reads a float as, so the
figures are those of the ``Decimal`` path. The quotient is taken with integer
division and rounded half-up or truncated exactly. A row the fixed-point path
cannot hold exactly (more than six decimals, a magnitude of 2**53 or more, a zero
target, text) is computed by the ``Decimal`` path instead.

Every numeric dtype reads exactly. Integers of any width (``int8`` … ``uint64``)
are their values: one beyond ±2**53 takes the ``Decimal`` path, never a wrapped
64-bit figure. A narrow float (``float16``, ``float32``) reads as the shortest
decimal that gives back the same narrow value, which is what a person typed:
``np.float32(0.1)`` is ``0.1`` (not ``0.100000001490116…``), ``np.float32(999999.95)``
is ``999999.94``. That decimal has at most 9 digits, so the column is first widened
to the doubles holding exactly those decimals; the pandas accessor reads a narrow
column the same way in ``capaian`` and ``evaluate``. A ``longdouble`` takes the
``Decimal`` path, read by its own shortest decimal. NaN is a missing value (as in
pandas); an infinity is refused by the rule, as a scalar one is.

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

from lkjip._core.context import _QUANTIZE, _QUANTUM, check_options
from lkjip._core.extras import require
from lkjip._core.pesan import pesan
from lkjip.rules._nilai import _read_scalar, _row_reason
from lkjip.rules.anggaran import penyerapan
from lkjip.rules.capaian import (
    _DIRECTION_WORDS,
    Direction,
    LowerMethod,
    _direction,
    _lower_method,
    capaian,
)

np: Any = require("numpy", "fast", pesan("fixed.feature"))

__all__ = [
    "MAX_DECIMALS",
    "TEXT_WIDTH",
    "FixedResult",
    "capaian_fixed",
    "holds",
    "penyerapan_fixed",
]

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
        # u × 10**-places, exact: the product of an integer and the quantum has the
        # quantum's exponent (and is cheaper to make than scaleb)
        quantum = _QUANTUM.get(self.places) or Decimal(1).scaleb(-self.places)
        times = _QUANTIZE.multiply
        out: list[Decimal | None] = [
            times(Decimal(u), quantum) if ok else None
            for u, ok in zip(self.units.tolist(), self.ok.tolist(), strict=True)
        ]
        for i, figure in self.exact.items():
            out[i] = figure
        return out


def _readable(values: object) -> Any:
    """``values`` as an array whose elements read as lkjip reads them: a narrow float
    column (``float16``, ``float32``) widened to the doubles of its elements' shortest
    decimals (each has at most 9 digits, so the double's repr is that decimal)."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
        return arr.astype(str).astype(np.float64)  # numpy writes the dtype's shortest repr
    if arr.dtype.kind == "U" and not isinstance(values, np.ndarray):
        # numpy drops a NUL from the end of a text ("87\x00" would read as 87): the cells
        # as given then, for the Decimal path to read (and refuse)
        try:
            text = "".join(values)  # type: ignore[arg-type]
        except TypeError:  # not only text
            text = "".join(v for v in values if isinstance(v, str))  # type: ignore[attr-defined]
        if "\x00" in text:
            return np.asarray(values, dtype=object)
    return arr


def _fixed(values: Any) -> tuple[Any, Any]:
    """(integers ``n``, decimals ``k``) per element; ``k = -1`` where not exactly held."""
    arr = np.asarray(values)
    size = arr.shape[0]
    if arr.dtype.kind in "iu":
        # compare in the column's own dtype: casting 2**64 - 1 to int64 wraps to -1, and
        # np.abs(-2**63) overflows to -2**63; such rows are held as 0 and not ok
        if arr.dtype.itemsize < 8 or (
            arr.min(initial=0) > -(2**53) and arr.max(initial=0) < 2**53
        ):  # every value is exact in int64 and in a double (int32 and narrower always)
            return arr.astype(np.int64, copy=False), np.zeros(size, dtype=np.int8)
        fits = (arr < 2**53) if arr.dtype.kind == "u" else (arr > -(2**53)) & (arr < 2**53)
        n = np.where(fits, arr, 0).astype(np.int64)
        return n, np.where(fits, 0, -1).astype(np.int8)
    if arr.dtype.kind == "U":
        return _text_fixed(arr)
    n = np.zeros(size, dtype=np.int64)
    k = np.full(size, -1, dtype=np.int8)
    if arr.dtype != np.float64:
        return n, k  # objects, longdouble: the Decimal path reads them
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


TEXT_WIDTH = 30
"""The longest cell the text reader reads: the shapes of ``numbers._plain``, which
reads no longer one either (every such figure is within the limits of spec §1)."""
_MAX_DIGITS = 15  # below 2**53, as every integer of the fixed-point path
_ZERO, _NINE, _ONE = ord("0"), ord("9"), ord("1")
_DOT, _COMMA, _PERCENT = ord("."), ord(","), ord("%")


def holds(cells: list[str]) -> bool:
    """True if a ``str_`` array holds each of ``cells`` as it is, and narrow: none longer
    than ``TEXT_WIDTH`` (the text reader reads no longer one) and none with a ``NUL``
    (numpy drops one from the end of a text: ``"87\x00"`` would read as 87)."""
    return max(map(len, cells), default=0) <= TEXT_WIDTH and "\x00" not in "".join(cells)


def _text_fixed(arr: Any) -> tuple[Any, Any]:
    """Text cells (a ``str_`` array) as ``(n, k)``, read in whole-array steps over their
    characters; ``k = -1`` for a cell not in the shapes of ``numbers._plain`` (``87``,
    ``91,72``, ``105,42%``, ``1.234.567``, ``1.234.567,89``; a leading group of a
    grouped figure not starting with ``0``, spec §1) or past the fixed-point path's
    digits, which the ``Decimal`` path then reads (and refuses, with its reason). A
    property test checks every answer against ``numbers._plain``.

    Each cell is its code points, a column of a matrix (numpy holds ``str_`` so):
    * a cell's length is its characters before the padding (a ``NUL`` inside is no
      shape); a ``%`` may end it;
    * a figure is digits, at most one ``,`` with digits after it and no ``.``;
    * before it, either digits only or groups of three after dots, counted from the
      ``,`` (or the end) back, the first one starting with 1–9;
    * the value is its digits, read in order; ``k`` the digits after the ``,``.
    """
    size = arr.shape[0]
    n = np.zeros(size, dtype=np.int64)
    k = np.full(size, -1, dtype=np.int8)
    width = arr.dtype.itemsize // 4
    if not size or not width:
        return n, k
    if width > TEXT_WIDTH:  # read the short cells, as a narrower array
        short = np.flatnonzero(np.char.str_len(arr) <= TEXT_WIDTH)
        n[short], k[short] = _text_fixed(arr[short].astype(f"U{TEXT_WIDTH}"))
        return n, k
    # one row of the matrix a character position, one column a cell: every step below
    # runs along contiguous rows of cells, and a reduction over a cell's characters is
    # an elementwise one over at most TEXT_WIDTH rows
    wide = np.ascontiguousarray(arr).view(np.uint32).reshape(size, width).T
    ascii_only = np.logical_and.reduce(wide < 128, axis=0)  # one byte holds a character
    codes = np.ascontiguousarray(wide, dtype=np.uint8)
    pos = np.arange(width)[:, None]
    filled = codes != 0
    length = filled.sum(axis=0)
    ok = ascii_only & (length > 0)
    ok &= np.logical_and.reduce(filled == (pos < length), axis=0)  # no NUL inside
    last = codes[np.maximum(length - 1, 0), np.arange(size)]
    end = length - (last == _PERCENT)  # the figure: the characters before `end`
    body = pos < end
    figures = codes - np.uint8(_ZERO)  # (a non-digit wraps past 9)
    digit = figures <= 9
    comma, dot = codes == _COMMA, codes == _DOT
    ok &= np.logical_and.reduce(digit | comma | dot | ~body, axis=0)
    commas = (comma & body).sum(axis=0)
    ok &= commas <= 1
    mark = np.where(commas == 1, np.argmax(comma & body, axis=0), end)  # the `,` or the end
    ok &= (mark > 0) & ((commas == 0) | (mark < end - 1))  # digits before and after the `,`
    whole = pos < mark
    ok &= ~np.logical_or.reduce(dot & body & ~whole, axis=0)  # no `.` among the decimals
    dots = dot & whole
    grouped = np.logical_or.reduce(dots, axis=0)
    threes = whole & ((mark - pos) % 4 == 0)  # where the dots of groups of three go
    lead = codes[0]
    ok &= ~grouped | (
        np.logical_and.reduce(dots == threes, axis=0) & (lead >= _ONE) & (lead <= _NINE)
    )
    used = digit & body
    decimals = np.where(commas == 1, end - mark - 1, 0)
    ok &= (used.sum(axis=0) <= _MAX_DIGITS) & (decimals <= MAX_DECIMALS)
    values = np.zeros(size, dtype=np.int64)
    for j in range(width):  # the digits in order (a cell past int64 is not ok)
        values = np.where(used[j], values * 10 + figures[j], values)
    n[ok] = values[ok]
    k[ok] = decimals[ok]
    return n, k


_P10 = np.array([10**i for i in range(MAX_DECIMALS + 1)], dtype=np.int64)
_SMALL = 2.0**32
# rescaling by 10**d keeps a value below 2**62 if it is below _HEADROOM[d]
_HEADROOM = np.array([2**62 // 10**i for i in range(MAX_DECIMALS + 1)], dtype=np.int64)


def _common(n1: Any, k1: Any, n2: Any, k2: Any) -> tuple[Any, Any, Any]:
    """Both numbers on one scale per row; ``ok`` where that fits safely."""
    ok = (k1 >= 0) & (k2 >= 0)  # rows that are not ok hold n = 0
    if (k1 == k2).all():  # one scale already (integers, or the same decimals)
        return n1, n2, ok
    k = np.maximum(np.maximum(k1, k2), 0)
    d1, d2 = np.clip(k - k1, 0, MAX_DECIMALS), np.clip(k - k2, 0, MAX_DECIMALS)
    ok &= (np.abs(n1) < _HEADROOM[d1]) & (np.abs(n2) < _HEADROOM[d2])
    return n1 * _P10[d1], n2 * _P10[d2], ok


def _divide(num: Any, den: Any, ok: Any, places: int, rounding: str) -> tuple[Any, Any]:
    """``num / den × 100`` rounded to ``places``, in units; ``ok`` narrowed to safe rows."""
    factor = 10 ** (places + 2)
    magnitude = np.abs(num)
    ok = ok & (den > 0) & (magnitude < _INT_LIMIT / factor) & (den < _INT_LIMIT)
    if not ok.all():
        magnitude, den = np.where(ok, magnitude, 0), np.where(ok, den, 1)
    scaled = magnitude * factor
    if scaled.max(initial=0) < 2**53 and den.max(initial=0) < 2**53:
        # Both exact in a double: the double quotient is within one unit of the floor,
        # and the remainder says which way to correct it. Much cheaper than divmod.
        quotient = np.floor(scaled.astype(np.float64) / den.astype(np.float64)).astype(np.int64)
        remainder = scaled - quotient * den
        under, over = remainder < 0, remainder >= den
        quotient += over.astype(np.int64) - under
        remainder += np.where(under, den, 0) - np.where(over, den, 0)
    else:
        quotient, remainder = np.divmod(scaled, den)
    if rounding == ROUND_HALF_UP:  # half away from zero, on the magnitude
        quotient += 2 * remainder >= den
    return np.where(num < 0, -quotient, quotient), ok


def _fallback(result_units: Any, ok: Any, compute: Any, places: int) -> FixedResult:
    exact: dict[int, Decimal] = {}
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(~ok).tolist():
        try:
            exact[i] = compute(i)
        except MemoryError:
            raise
        except Exception as exc:  # every row gets a figure or a reason (spec §9)
            reasons[i] = _row_reason(exc)
    return FixedResult(result_units, places, ok, exact, reasons)


def _element(values: Any, i: int) -> object:
    """Row ``i`` as a plain Python value (numpy scalars read by ``_nilai._read_scalar``,
    NaN as missing)."""
    value = _read_scalar(values[i])
    if isinstance(value, np.str_):
        return str(value)  # a text cell, read by the rule as text
    if isinstance(value, float) and value != value:
        return None  # NaN: a missing value, as in pandas
    return value


def _word(direction: object) -> str:
    """A per-row direction as the word the fixed-point path matches (``_WORDS``), or ``""``
    for one it leaves to the rule: anything but a ``Direction`` or short plain text (an
    object that prints a word is no word; a NUL, which numpy would drop, is none)."""
    if isinstance(direction, Direction):
        return direction.value
    if type(direction) in (str, np.str_):
        text = str(direction)
        if len(text) <= 32 and "\x00" not in text:
            return text.strip().lower()
    return ""


_WORDS = {d: [w for w, of in _DIRECTION_WORDS.items() if of is d] for d in Direction}
"""The words each direction is given by in a per-row column (the rule's own table)."""


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
    method = _lower_method(lower_method)
    t_arr, r_arr = _readable(target), _readable(realisasi)
    if t_arr.shape != r_arr.shape or t_arr.ndim != 1:
        raise ValueError(pesan("fixed.target_columns"))
    size = t_arr.shape[0]
    if isinstance(direction, (str, Direction)):
        arah = _direction(direction)
        lower: Any = np.bool_(arah is Direction.LOWER)  # one value for every row
        known: Any = None

        def direction_of(i: int) -> Any:
            return arah
    else:
        per_row: list[Any] = list(direction)
        if len(per_row) != size:
            raise ValueError(pesan("batch.direction_entries", given=len(per_row), rows=size))
        words = np.asarray([_word(d) for d in per_row], dtype="U32")
        lower = np.isin(words, _WORDS[Direction.LOWER])
        known = lower | np.isin(words, _WORDS[Direction.HIGHER])

        def direction_of(i: int) -> Any:  # what was given, for the rule to read (or refuse)
            return per_row[i]

    units = np.zeros(size, dtype=np.int64)
    ok = np.zeros(size, dtype=bool)
    if rounding in (ROUND_HALF_UP, ROUND_DOWN) and places <= 12:
        for part in _chunks(size):
            low = lower if known is None else lower[part]
            units[part], ok[part] = _capaian_units(
                t_arr[part], r_arr[part], low, method, places, rounding
            )
            if known is not None:
                ok[part] &= known[part]
    return _fallback(
        units,
        ok,
        lambda i: capaian(
            _element(t_arr, i),
            _element(r_arr, i),
            direction=direction_of(i),
            lower_method=method,
            places=places,
            rounding=rounding,
        ),
        places,
    )


_CHUNK = 1 << 16
"""Rows computed per step: small temporaries are reused warm, about 3× faster than
whole-column temporaries of a million rows (benchmarks/run.py)."""


def _chunks(size: int) -> list[slice]:
    return [slice(start, start + _CHUNK) for start in range(0, size, _CHUNK)]


def _pair(a: Any, b: Any, extra: int) -> tuple[Any, Any, Any]:
    """Two columns as integers on one scale per row, and where that is exact. The
    caller multiplies them by up to ``10**extra``, which must stay below 2**62."""
    if a.dtype == np.float64 and b.dtype == np.float64:
        # fmax skips NaN (such rows are simply not exact); an infinity is no small value
        largest = max(
            np.fmax.reduce(np.abs(a), initial=0.0), np.fmax.reduce(np.abs(b), initial=0.0)
        )
        if largest < min(_SMALL, _INT_LIMIT / 10 ** (MAX_DECIMALS + extra)):
            n_a, ok_a = _at_scale(a)
            n_b, ok_b = _at_scale(b)
            return n_a, n_b, ok_a & ok_b
    n_a, k_a = _fixed(a)
    n_b, k_b = _fixed(b)
    return _common(n_a, k_a, n_b, k_b)


def _at_scale(x: Any) -> tuple[Any, Any]:
    """Small floats (below 2**32) as integers in units of 10**-MAX_DECIMALS: exact where
    that value rounds back to x, for no other number with at most MAX_DECIMALS decimals
    lies as close (a float's neighbours there are less than 10**-6 apart)."""
    scale = 10.0**MAX_DECIMALS
    scaled = np.rint(x * scale)
    ok = scaled / scale == x
    return np.where(ok, scaled, 0).astype(np.int64), ok


def _capaian_units(
    t_arr: Any, r_arr: Any, lower: Any, method: LowerMethod, places: int, rounding: str
) -> tuple[Any, Any]:
    t, r, ok = _pair(t_arr, r_arr, places + 3)  # + 2 for percent, + 1 for 2t − r
    ok &= t > 0
    if not lower.any():
        num, den = r, t
    elif method is LowerMethod.REFLECTED:
        ok &= ~lower | (np.abs(r) < _INT_LIMIT / 4) & (t < _INT_LIMIT / 4)
        num, den = np.where(lower, 2 * t - r, r), t
    else:
        ok &= ~lower | (r > 0)
        num, den = np.where(lower, t, r), np.where(lower, r, t)
    return _divide(num, den, ok, places, rounding)


def penyerapan_fixed(
    pagu: Iterable[object],
    realisasi: Iterable[object],
    *,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> FixedResult:
    """``lkjip.penyerapan`` over arrays, in fixed point where exact, else by ``Decimal``."""
    check_options(places, rounding)
    p_arr, r_arr = _readable(pagu), _readable(realisasi)
    if p_arr.shape != r_arr.shape or p_arr.ndim != 1:
        raise ValueError(pesan("fixed.pagu_columns"))
    size = p_arr.shape[0]
    units = np.zeros(size, dtype=np.int64)
    ok = np.zeros(size, dtype=bool)
    if rounding in (ROUND_HALF_UP, ROUND_DOWN) and places <= 12:
        for part in _chunks(size):
            p, r, fits = _pair(p_arr[part], r_arr[part], places + 2)
            units[part], ok[part] = _divide(r, p, fits & (p > 0), places, rounding)
    return _fallback(
        units,
        ok,
        lambda i: penyerapan(
            _element(p_arr, i), _element(r_arr, i), places=places, rounding=rounding
        ),
        places,
    )
