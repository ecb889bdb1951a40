"""Capaian and penyerapan over whole columns: a value, or a reason, for every row.

The batch functions remove the scalar functions' per-row overhead: the options are
checked once, and runs of exact ``Decimal`` inputs (higher is better) are computed by
the same quotient as ``lkjip.capaian``, each operation mapped over the run in C under
a ``decimal.localcontext`` of lkjip's private context (spec §1: only lkjip's own C
operations run inside it, and the caller's context is back on return and on every
exception). Every other row goes by itself: exact ``Decimal``s within the limits by
the kernel of ``lkjip.capaian``'s own fast path (``capaian_kernel``), anything else
(text, floats, lower-is-better, a zero target) through the scalar rule, so figures
and reasons are exactly the scalar ones. With numpy, ``lkjip.fixed`` computes the
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import (
    ROUND_DOWN,
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
from itertools import chain, count, repeat
from operator import countOf
from typing import Any, cast

import attrs

from lkjip._core.context import (
    _ZERO,
    HIGHER,
    QUANTIZERS,
    batch_division,
    batch_limits,
    capaian_kernel,
    check_options,
    fast_quantum,
    fits,
    percent_function,
)
from lkjip._core.extras import installed
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError, InvalidTypeError, LKjIPError, shown
from lkjip.numbers import _PLACEHOLDERS, is_placeholder
from lkjip.rules._nilai import _read_scalar, _row_reason, read_cell
from lkjip.rules.anggaran import penyerapan
from lkjip.rules.capaian import Direction, LowerMethod, _direction, _lower_method, capaian

__all__ = ["BatchResult", "capaian_batch", "penyerapan_batch"]

_INLINE = Context(
    prec=28,
    Emax=15,
    Emin=-12,
    traps=[Overflow, Underflow, Subnormal, Rounded, Clamped, InvalidOperation],
)
_inline_fits = _INLINE.plus
"""``_inline_fits(d)`` raises for a finite ``d`` that ``penyerapan_batch``'s inline
``Decimal`` path leaves to the rule: more than 28 digits, 1E+16 or more in size, below
1E-12 and not 0 (or a zero with an exponent past those). The values that pass lie well
inside the rules' own limits on a figure, so their rows get exactly the rule's figure;
every other row goes by the rule, which refuses a value beyond its limits with its own
reason. One C call per value."""


def _inline(a: Decimal, b: Decimal) -> bool:
    """Both finite values are ones the inline path computes (``_inline_fits``)."""
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


def _column(column: Iterable[object]) -> Sequence[object]:
    """A column as a sequence, its cells as given. A tuple, or a list longer than one
    run (whose runs are read in slices), is read where it is: nothing another thread
    does to it reaches a run."""
    if isinstance(column, (str, bytes, bytearray, Mapping)) or not isinstance(column, Iterable):
        raise InvalidTypeError(pesan("batch.not_columns", value=shown(column)))
    if type(column) is tuple or (type(column) is list and len(column) > _CHUNK):
        return cast("Sequence[object]", column)
    return list(column)


def _read(cells: Sequence[object], nil: bool) -> Sequence[object]:
    """A column's text cells (``str`` and its subclasses, as a table keeps them) read
    once as a table reads them (``_cell``): the numbers as ``Decimal``s, so that those
    rows take the fast path, and a cell that prints no figure (blank, ``-``) as
    ``None``, or, in a money column (``nil``), a ``-`` as 0 (spec §13). Other cells as
    given, for the rules to read or refuse with their own reasons."""
    if not cells or (not nil and type(cells[0]) is Decimal):
        return cells  # (outside a money column, a text cell's rule reads it as a table)
    return [_cell(c, nil) if isinstance(c, str) else c for c in cells]


def _fixed_options(
    places: object, rounding: str, lower_method: object | None, direction: object
) -> bool:
    """Options the fixed-point path computes with as the batch does: ``places`` an int up
    to 12, a rounding it rounds with, and a method and direction the rules know (an
    unknown one is the batch's own: a reason on each row it concerns)."""
    if type(places) is not int or places > 12 or rounding not in (ROUND_HALF_UP, ROUND_DOWN):
        return False
    try:
        if lower_method is not None:
            _lower_method(lower_method)
        if isinstance(direction, (str, Direction)):
            _direction(direction)
    except (ValueError, TypeError):  # LKjIPError subclasses of these included
        return False
    return True


def _all_text(*columns: Sequence[object]) -> bool:
    """Columns of text cells only (as spreadsheets give them), long enough for the
    fixed-point path to pay, and numpy installed: ``_by_text``'s columns."""
    size = len(columns[0])
    return (
        size >= _TEXT_MIN
        and all(len(c) == size and type(c[0]) is str for c in columns)  # (a cheap refusal)
        and all(countOf(map(type, c), str) == size for c in columns)
        and installed("numpy")
    )


_TEXT_MIN = 256
"""The fewest rows the text path takes (below, importing numpy costs more than it saves)."""
_TEXT_CHUNK = 1 << 16
"""Text cells per array of the text path: a few MiB of characters at most."""


def _by_text(
    columns: Sequence[Sequence[str]],
    compute: Callable[[list[Any], slice], Any],
    by_rule: Callable[[int], Decimal | None],
    failed: dict[int, str],
) -> tuple[Decimal | None, ...]:
    """The figures of text columns on the fixed-point path (``lkjip.fixed``, whose text
    reader takes the shapes of ``numbers._plain`` and the ``Decimal`` path every other
    cell): ``compute(arrays, rows)`` gives the ``FixedResult`` of a chunk of rows,
    whose reasons go into ``failed``. A cell an array does not hold as it is (longer
    than ``TEXT_WIDTH``, or with a ``NUL``, which numpy would drop from its end) is
    blank in the array, and its row goes by ``by_rule(row)`` instead."""
    from lkjip.rules.fixed import holds

    size = len(columns[0])
    values: list[Decimal | None] = []
    for start in range(0, size, _TEXT_CHUNK):
        rows = slice(start, start + _TEXT_CHUNK)
        parts = [list(c[rows]) for c in columns]
        odd: set[int] = set()
        for part in parts:
            if not holds(part):
                held = [i for i, c in enumerate(part) if not holds([c])]
                odd.update(held)
                for i in held:
                    part[i] = ""
        fixed = compute(parts, rows)
        figures = fixed.values()
        for i, reason in fixed.reasons.items():
            if i not in odd:
                failed[start + i] = reason
        for i in odd:
            figures[i] = by_rule(start + i)
        values += figures
    return tuple(values)


def _cell(text: str, nil: bool) -> object:
    """A text cell read by the one reader of a table's cells (``read_cell``, with
    ``nil`` for a money column); a text that is no number stays as given, for the rule
    to refuse with its own reason."""
    try:
        return read_cell(text, "", nil=nil)
    except MemoryError:
        raise
    except Exception:  # (a str subclass's own methods may raise anything)
        return text


def _reasons(by_row: Mapping[int, str], size: int) -> tuple[str | None, ...]:
    """One reason or ``None`` per row, from the reasons of the rows that failed."""
    if not by_row:
        return (None,) * size
    reasons: list[str | None] = [None] * size
    for row, reason in by_row.items():
        reasons[row] = reason
    return tuple(reasons)


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
_is_signed = Decimal.is_signed


def _percent_column(
    targets: Sequence[object], reals: Sequence[object], places: int, rounding: str
) -> list[Decimal] | None:
    """``r / t × 100`` rounded, for a run of rows of exact ``Decimal`` values, each
    operation mapped over the whole run in C; ``None`` when a row is not one it
    computes (the run then goes row by row).

    The same figures as ``percent_of`` (spec §1 allows the local context): ``t × 1E-2``
    under the limits' context checks each target's limits and moves its exponent,
    so ``r / (t × 1E-2)`` is the 28-digit ``ROUND_05UP`` quotient of ``100 r / t``
    (``batch_division``: ``Overflow`` past the fast path's limit, where ``percent_of``
    would take it again at ``WIDE`` digits), and one quantize, in the same ``map``
    chain, rounds it once. The smallest scaled target must be above zero (a target of
    0, -0 or below is the rule's; a NaN raises in the comparison); ``fits`` checks each
    realisasi's limits, and the smallest of them raises for a NaN and tells whether a
    ``-0`` figure can occur. An infinite target (``Clamped``), an infinite realisasi
    (the quantize), a quotient past the limit, a value outside the limits raise inside.
    """
    n = len(targets)
    if countOf(map(type, targets), Decimal) != n or countOf(map(type, reals), Decimal) != n:
        return None  # (an exact type: no user subclass runs under the local context)
    if not n:
        return []
    try:
        with localcontext(_SCALE_LIMITS):  # (it traps InvalidOperation: a NaN compared)
            scaled = list(map(operator.mul, targets, repeat(_PERCENT_SHIFT)))
            if not min(scaled) > _ZERO:
                return None  # a target of zero or below (or -0): the rule refuses it
            positive = min(map(fits, cast("Sequence[Decimal]", reals))) > _ZERO
        with localcontext(_DIVISIONS[places]):
            quotients = map(operator.truediv, reals, scaled)
            figures = list(map(QUANTIZERS[rounding], quotients, repeat(fast_quantum(places)[0])))
    except DecimalException:
        return None
    if not positive and any(map(_is_signed, figures)):  # never -0
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
    t_cells, r_cells = _column(target), _column(realisasi)
    if len(t_cells) != len(r_cells):
        raise InvalidOptionError(
            pesan("batch.targets_realisasi", targets=len(t_cells), realisasi=len(r_cells))
        )
    n = len(t_cells)
    failed: dict[int, str] = {}  # row -> reason, for the rows that fail

    def by_rule(t: object, r: object, d: Direction | str, row: int) -> Decimal | None:
        try:
            return capaian(
                _read_scalar(t),
                _read_scalar(r),
                direction=d,
                lower_method=lower_method,
                places=places,
                rounding=rounding,
            )
        except MemoryError:
            raise
        except Exception as exc:  # every row gets a figure or a reason (spec §9)
            failed[row] = _row_reason(exc)
            return None

    if _fixed_options(places, rounding, lower_method, direction) and _all_text(t_cells, r_cells):
        from lkjip.rules.fixed import capaian_fixed

        single = isinstance(direction, (str, Direction))
        each = list(_directions(direction, n))

        def compute(columns: list[Any], rows: slice) -> Any:
            return capaian_fixed(
                *columns,
                direction=direction if single else each[rows],
                lower_method=lower_method,
                places=places,  # type: ignore[arg-type]  # (an int: _fixed_options)
                rounding=rounding,
            )

        def text_rule(row: int) -> Decimal | None:
            return by_rule(t_cells[row], r_cells[row], each[row], row)

        texts = cast("tuple[Sequence[str], Sequence[str]]", (t_cells, r_cells))  # (_all_text)
        values = _by_text(texts, compute, text_rule, failed)
        return BatchResult(values, _reasons(failed, n))
    targets, reals = _read(t_cells, False), _read(r_cells, False)
    higher = Direction.HIGHER
    if not (isinstance(direction, (str, Direction)) and _direction(direction) is higher):
        rows = zip(range(n), targets, reals, _directions(direction, n), strict=True)
        values = tuple([by_rule(t, r, d, i) for i, t, r, d in rows])  # per row, or lower
        return BatchResult(values, _reasons(failed, n))
    # Higher is better for every row: runs of exact Decimals go by the column path
    # (`_percent_column`); the rows of a run it declines, one by one, by the kernel
    # (`capaian_kernel`, as in `capaian`'s fast path) under that path's own guard
    # (exact Decimals, both finite, a target above zero, both within the limits),
    # anything else by the rule.
    higher_of = capaian_kernel(places, rounding)[HIGHER] if type(places) is int else None
    column, zero, check = places in _DIVISIONS, _ZERO, fits

    def run(start: int) -> list[Decimal] | list[Decimal | None]:
        run_t, run_r = targets, reals  # (a short column is not copied)
        if n > _CHUNK:
            run_t, run_r = targets[start : start + _CHUNK], reals[start : start + _CHUNK]
        if column:
            figures = _percent_column(run_t, run_r, places, rounding)  # type: ignore[arg-type]
            if figures is not None:
                return figures
        out: list[Decimal | None] = []
        add = out.append
        for row, t, r in zip(count(start), run_t, run_r):
            if (
                higher_of is not None
                and type(t) is Decimal
                and type(r) is Decimal
                and t.is_finite()
                and r.is_finite()
                and t > zero
            ):
                try:
                    check(t)
                    check(r)
                    add(higher_of(t, r))
                    continue
                except (DecimalException, LKjIPError):  # beyond the limits, or no figure
                    pass
            add(by_rule(t, r, higher, row))  # the rule's figure, or its reason
        return out

    # each run's figures go into the result while they are in the cache
    values = tuple(chain.from_iterable(map(run, range(0, n, _CHUNK))))
    return BatchResult(values, _reasons(failed, n))


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
    p_cells, r_cells = _column(pagu), _column(realisasi)
    if len(p_cells) != len(r_cells):
        raise InvalidOptionError(
            pesan("batch.pagu_realisasi", pagu=len(p_cells), realisasi=len(r_cells))
        )
    n = len(p_cells)
    failed: dict[int, str] = {}  # row -> reason, for the rows that fail
    percent = percent_function(places, rounding)

    def by_rule(p: object, r: object, row: int) -> Decimal | None:
        try:
            if (
                type(p) is Decimal
                and type(r) is Decimal
                and p.is_finite()
                and r.is_finite()
                and p > 0
                and _inline(p, r)
            ):
                return percent(r, p)
            return penyerapan(_read_scalar(p), _read_scalar(r), places=places, rounding=rounding)
        except MemoryError:
            raise
        except Exception as exc:  # every row gets a figure or a reason (spec §9)
            failed[row] = _row_reason(exc)
            return None

    if _fixed_options(places, rounding, None, Direction.HIGHER) and _all_text(p_cells, r_cells):
        from lkjip.rules.fixed import penyerapan_fixed

        def compute(columns: list[Any], rows: slice) -> Any:
            return penyerapan_fixed(
                *map(_nil_text, columns),
                places=places,  # type: ignore[arg-type]  # (an int: _fixed_options)
                rounding=rounding,
            )

        def text_rule(row: int) -> Decimal | None:
            return by_rule(_cell(texts[0][row], True), _cell(texts[1][row], True), row)

        texts = cast("tuple[Sequence[str], Sequence[str]]", (p_cells, r_cells))  # (_all_text)
        return BatchResult(_by_text(texts, compute, text_rule, failed), _reasons(failed, n))
    pagus, reals = _read(p_cells, True), _read(r_cells, True)  # `-`: 0 Rupiah
    values = tuple([by_rule(p, r, i) for i, p, r in zip(count(), pagus, reals)])
    return BatchResult(values, _reasons(failed, n))


_NIL_MARKS = tuple(sorted(_PLACEHOLDERS - {""}))  # the dashes that print a nil (spec §13)


def _nil_text(cells: list[str]) -> list[str]:
    """Money cells with a placeholder that prints no figure but a nil (``-``, spec §13)
    written as ``0``, as ``_read`` reads them with ``nil`` (a blank cell stays blank)."""
    text = "".join(cells)
    if not any(mark in text for mark in _NIL_MARKS):
        return cells
    return ["0" if is_placeholder(c) and c.strip() else c for c in cells]
