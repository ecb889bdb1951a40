"""Capaian and penyerapan over whole columns: a value, or a reason, for every row.

The batch functions remove the scalar functions' per-row overhead: the options are
checked once, and runs of exact ``Decimal`` inputs (higher is better) are computed by
the same quotient as ``lkjip.capaian``, each operation mapped over the run in C under
a ``decimal.localcontext`` of lkjip's private context (spec §1: only lkjip's own C
operations run inside it, and the caller's context is back on return and on every
exception). Every other row (text, floats,
lower-is-better, a zero target) goes through the scalar rule, so figures and
reasons are exactly the scalar ones. With numpy, ``lkjip.fixed`` computes the
same figures on whole arrays in fixed point.

Every row gets a figure or a reason, whatever it holds: no value stops the batch.
Numpy scalars are read as plain values first: integers exactly, a
``float64`` as the float it is, and a narrow float (``float16``, ``float32``) as the
shortest decimal that reads back as the same narrow value, which is what a person
typed: ``np.float32(0.1)`` reads as ``0.1``, not ``0.100000001490116…``.

```pycon
>>> from decimal import Decimal
>>> hasil = capaian_batch([Decimal("87"), "0", "B"], [Decimal("91.72"), "5", "C"])
>>> hasil.values
(Decimal('105.43'), None, None)
>>> hasil.reasons[1]
'capaian cannot be computed: target is 0; a target of zero or below has no ratio'

```
"""

from __future__ import annotations

import operator
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from decimal import (
    ROUND_HALF_UP,
    Clamped,
    Context,
    Decimal,
    DecimalException,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
    localcontext,
)
from itertools import repeat
from typing import cast

import attrs

from lkjip._core.context import (
    _E2,
    _ZERO,
    QUANTIZERS,
    _div,
    _mul,
    batch_division,
    batch_limits,
    check_options,
    fast_quantum,
    fits,
    percent_function,
)
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError, InvalidTypeError, shown
from lkjip.numbers import _plain
from lkjip.rules._nilai import _read_scalar, _row_reason
from lkjip.rules.anggaran import penyerapan
from lkjip.rules.capaian import Direction, LowerMethod, _direction, capaian

__all__ = ["BatchResult", "capaian_batch", "penyerapan_batch"]

_INLINE = Context(
    prec=28,
    Emax=15,
    Emin=-12,
    traps=[Overflow, Underflow, Subnormal, Rounded, Clamped, InvalidOperation],
)
_inline_fits = _INLINE.plus
"""``_inline_fits(d)`` raises for a finite ``d`` the inline ``Decimal`` paths leave to the
rule: more than 28 digits, 1E+16 or more in size, below 1E-12 and not 0 (or a zero with
an exponent past those). The values that pass lie well inside the rules' own limits on
a figure, so their rows get exactly the rule's figure; every other row goes by the rule,
which refuses a value beyond its limits with its own reason. One C call per value."""


def _inline(a: Decimal, b: Decimal) -> bool:
    """Both finite values are ones the inline paths compute (``_inline_fits``)."""
    try:
        _inline_fits(a)
        _inline_fits(b)
    except DecimalException:
        return False
    return True


@attrs.frozen
class BatchResult:
    """One entry per input row, in order: the figure, or ``None`` and its reason."""

    values: tuple[Decimal | None, ...]
    reasons: tuple[str | None, ...]

    def __len__(self) -> int:
        return len(self.values)


def _numeric(values: object) -> bool:
    """A numpy array (or pandas column) of numbers, when numpy is already loaded."""
    dtype = getattr(values, "dtype", None)
    return dtype is not None and getattr(dtype, "kind", "") in "iuf" and "numpy" in sys.modules


def _cells(column: Iterable[object]) -> list[object]:
    """A column as a list, its text cells in the plain shapes (``87``, ``91,72``,
    ``1.234.567``) read once as the rules would read them (``parse_number``'s fast
    path), so that those rows take the ``Decimal`` fast path; other cells as given,
    for the rules to read or refuse with their own reasons."""
    if isinstance(column, (str, bytes, bytearray, Mapping)) or not isinstance(column, Iterable):
        raise InvalidTypeError(pesan("batch.not_columns", value=shown(column)))
    cells = list(column)
    if not cells or type(cells[0]) is Decimal:  # a column of Decimals: nothing to read
        return cells
    return [(p if (p := _plain(c)) is not None else c) if type(c) is str else c for c in cells]


def _reasons(by_row: dict[int, str], size: int) -> tuple[str | None, ...]:
    return tuple(by_row.get(i) for i in range(size))


def _directions(direction: object, n: int) -> Iterable[Direction | str]:
    if isinstance(direction, (str, Direction)):
        return [direction] * n
    if isinstance(direction, Iterable):
        per_row: list[Direction | str] = list(direction)
        if len(per_row) != n:
            raise InvalidOptionError(pesan("batch.direction_entries", given=len(per_row), rows=n))
        return per_row
    raise TypeError(pesan("batch.direction_type"))


_CHUNK = 4096
"""Rows per step of the column path: its temporaries stay warm in the cache."""
_PERCENT_SHIFT = Decimal("1E-2")
_SCALE_LIMITS = batch_limits(-2)
_DIVISIONS = {places: batch_division(places) for places in range(13)}
_is_signed, _is_finite = Decimal.is_signed, Decimal.is_finite


def _percent_column(
    targets: list[object], reals: list[object], places: int, rounding: str
) -> list[Decimal] | None:
    """``r / t × 100`` rounded, for a run of rows of exact ``Decimal`` values, each
    operation mapped over the whole run in C; ``None`` when a row needs the rule.

    The same figures as ``percent_of`` (spec §1 allows the local context): ``t × 1E-2``
    under the limits' context checks each target's limits and moves its exponent,
    so ``r / (t × 1E-2)`` is the 28-digit ``ROUND_05UP`` quotient of ``100 r / t``
    (``_div`` then ``× 1E+2``: the same digits), and one quantize rounds it. A target
    of 0 or an infinity, a quotient past the fast path's limit, a value outside the
    limits raise inside and send the run to the rule; a NaN shows in the figures.
    """
    if set(map(type, targets)) != {Decimal} or set(map(type, reals)) != {Decimal}:
        return None  # (an exact type: no user subclass runs under the local context)
    try:
        deque(map(fits, cast("list[Decimal]", reals)), 0)
        with localcontext(_SCALE_LIMITS):
            scaled = list(map(operator.mul, targets, repeat(_PERCENT_SHIFT)))
        if any(map(_is_signed, scaled)):
            return None  # a target below zero (or -0): the rule refuses it
        with localcontext(_DIVISIONS[places]):
            quotients = map(operator.truediv, reals, scaled)
            figures = list(map(QUANTIZERS[rounding], quotients, repeat(fast_quantum(places)[0])))
    except DecimalException:
        return None
    if not all(map(_is_finite, figures)):
        return None  # a NaN
    if any(map(_is_signed, figures)):  # never -0
        figures = [v if v else v.copy_abs() for v in figures]
    return figures


def capaian_batch(
    target: Iterable[object],
    realisasi: Iterable[object],
    *,
    direction: Direction | str | Iterable[Direction | str] = Direction.HIGHER,
    lower_method: LowerMethod | str = LowerMethod.REFLECTED,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
) -> BatchResult:
    """``lkjip.capaian`` for every row of two columns (``direction`` per row or for all).

    Numeric numpy arrays (or pandas columns) take the exact fixed-point path of
    ``lkjip.fixed`` when numpy is installed.
    """
    check_options(places, rounding)
    if places is not None and _numeric(target) and _numeric(realisasi):
        from lkjip.rules.fixed import capaian_fixed

        fixed = capaian_fixed(
            target,
            realisasi,
            direction=direction,
            lower_method=lower_method,
            places=places,
            rounding=rounding,
        )
        return BatchResult(tuple(fixed.values()), _reasons(fixed.reasons, len(fixed)))
    targets, reals = _cells(target), _cells(realisasi)
    if len(targets) != len(reals):
        raise InvalidOptionError(
            pesan("batch.targets_realisasi", targets=len(targets), realisasi=len(reals))
        )
    n = len(targets)
    values: list[Decimal | None] = []
    reasons: list[str | None] = [None] * n  # written only for the rows that fail
    add = values.append

    def by_rule(t: object, r: object, d: Direction | str) -> None:
        try:
            values.append(
                capaian(
                    _read_scalar(t),
                    _read_scalar(r),
                    direction=d,
                    lower_method=lower_method,
                    places=places,
                    rounding=rounding,
                )
            )
        except MemoryError:
            raise
        except Exception as exc:  # every row gets a figure or a reason (spec §9)
            reasons[len(values)] = _row_reason(exc)
            values.append(None)

    higher = Direction.HIGHER
    single = isinstance(direction, (str, Direction))
    if not (single and _direction(direction) is higher):  # per row, or lower for all
        for t, r, d in zip(targets, reals, _directions(direction, n), strict=True):
            by_rule(t, r, d)
        return BatchResult(tuple(values), tuple(reasons))
    # Higher is better for every row: runs of exact Decimals go by the column path
    # (`_percent_column`); the rows of a run it declines, one by one, by the inlined
    # `percent_of` below or, for anything unusual, by the scalar rule.
    quantum, limit = fast_quantum(places)
    div, mul, quantize, e2, zero, fits = _div, _mul, QUANTIZERS[rounding], _E2, _ZERO, _inline_fits
    column = places in _DIVISIONS
    for start in range(0, n, _CHUNK):
        run_t, run_r = targets[start : start + _CHUNK], reals[start : start + _CHUNK]
        if column:
            figures = _percent_column(run_t, run_r, places, rounding)  # type: ignore[arg-type]
            if figures is not None:
                values.extend(figures)
                continue
        for t, r in zip(run_t, run_r, strict=True):
            if (
                type(t) is Decimal
                and type(r) is Decimal
                and t.is_finite()
                and r.is_finite()
                and t > zero
            ):
                try:
                    fits(t)
                    fits(r)
                except DecimalException:  # many digits, a large or tiny value: the rule's
                    by_rule(t, r, higher)
                    continue
                q = mul(div(r, t), e2)
                if q.adjusted() < limit:
                    value = quantize(q, quantum)
                    add(value if value else value.copy_abs())
                    continue
            by_rule(t, r, higher)  # a huge quotient, an unusual `places`, text, floats, ...
    return BatchResult(tuple(values), tuple(reasons))


_NIL_MARKS = frozenset({"-", "\u2013", "\u2014"})
"""What a budget column prints for nil (spec §13), read as zero as ``anggaran.nominal``
reads it in a table; a blank cell stays blank (no figure, as in a table)."""


def _nil(cells: list[object]) -> list[object]:
    """A budget column's cells with each printed nil (``-``) as zero Rupiah."""
    return [_ZERO if type(c) is str and c.strip() in _NIL_MARKS else c for c in cells]


def penyerapan_batch(
    pagu: Iterable[object],
    realisasi: Iterable[object],
    *,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
) -> BatchResult:
    """``lkjip.penyerapan`` for every row of two columns (numeric arrays: ``lkjip.fixed``)."""
    check_options(places, rounding)
    if places is not None and _numeric(pagu) and _numeric(realisasi):
        from lkjip.rules.fixed import penyerapan_fixed

        fixed = penyerapan_fixed(pagu, realisasi, places=places, rounding=rounding)
        return BatchResult(tuple(fixed.values()), _reasons(fixed.reasons, len(fixed)))
    pagus, reals = _nil(_cells(pagu)), _nil(_cells(realisasi))
    if len(pagus) != len(reals):
        raise InvalidOptionError(
            pesan("batch.pagu_realisasi", pagu=len(pagus), realisasi=len(reals))
        )
    values: list[Decimal | None] = []
    reasons: list[str | None] = []
    percent = percent_function(places, rounding)
    for p, r in zip(pagus, reals, strict=True):
        try:
            if (
                type(p) is Decimal
                and type(r) is Decimal
                and p.is_finite()
                and r.is_finite()
                and p > 0
                and _inline(p, r)
            ):
                values.append(percent(r, p))
            else:
                values.append(
                    penyerapan(_read_scalar(p), _read_scalar(r), places=places, rounding=rounding)
                )
            reasons.append(None)
        except MemoryError:
            raise
        except Exception as exc:  # every row gets a figure or a reason (spec §9)
            values.append(None)
            reasons.append(_row_reason(exc))
    return BatchResult(tuple(values), tuple(reasons))
