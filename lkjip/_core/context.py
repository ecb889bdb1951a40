"""The private decimal context and the few arithmetic steps every rule shares.

Spec §1: every calculation uses ``Decimal`` in a private context (``prec=28``,
``ROUND_HALF_UP``, traps ``InvalidOperation``, ``DivisionByZero``, ``Overflow``,
``FloatOperation``). Nothing here reads or changes the global or thread-local
context: every operation names its context explicitly.

Exactness:
* sums, differences and products run in ``_EXACT`` (``WIDE`` = 80 digits,
  ``Inexact`` trapped), so an input is never silently rounded before the final
  step; past 80 digits the rule refuses with an error;
* a quotient is first taken to 28 digits with ``ROUND_05UP`` (decimal's
  "round to odd") and rounded once, at the end, with the caller's rounding. A
  05UP intermediate never lands on a tie or on a representable value at fewer
  digits, so the final rounding equals that of the exact quotient, for every
  rounding mode. A quotient too large to keep ``places`` decimals within 27
  digits is taken again at ``WIDE`` digits.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Mapping
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
)
from types import MappingProxyType

from lkjip._core.pesan import pesan
from lkjip.errors import (
    InvalidNumberError,
    InvalidOptionError,
    InvalidTypeError,
    NotComputableError,
    shown,
)

PREC = 28

CONTEXT = Context(
    prec=PREC,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.FloatOperation,
    ],
)
"""The documented context of every rule (spec §1)."""

# The limits of a figure (exported by lkjip.numbers; applied in one place:
# ``parse_number`` for text, ``to_decimal`` for everything else, so every rule, the
# CLI, batch and audit inherit them). No report figure comes near them (Rupiah totals
# are about 10**13); past them a value is refused with an ``InvalidNumberError`` before
# any arithmetic, so time, memory and the size of every printed result stay bounded
# (a ``1e999999999`` is never expanded). The bound above is tight because sums and
# differences stay exact within 80 digits; the one below only keeps an unrounded
# result (``places=None``) short when printed.
MAX_MAGNITUDE = Decimal("1E+30")
"""A figure must be smaller than this in absolute value."""
MIN_MAGNITUDE = Decimal("1E-100")
"""A figure other than zero must be at least this in absolute value."""
MAX_DIGITS = 60
"""A figure has at most this many significant digits."""
MAX_NUMBER_LENGTH = 100
"""Text longer than this (after trimming) is not read as a number."""

# A context whose ``plus`` signals exactly for a value outside the limits: Overflow or
# Clamped (a zero with a huge exponent) past MAX_MAGNITUDE, Subnormal/Underflow below
# MIN_MAGNITUDE, Rounded past MAX_DIGITS. One C call, so the hot paths can afford it.
_LIMITS = Context(
    prec=MAX_DIGITS,
    Emax=MAX_MAGNITUDE.adjusted() - 1,
    Emin=MIN_MAGNITUDE.adjusted(),
    traps=[
        decimal.Overflow,
        decimal.Underflow,
        decimal.Subnormal,
        decimal.Rounded,
        decimal.Clamped,
        decimal.InvalidOperation,
    ],
)
fits = _LIMITS.plus
"""``fits(d)`` raises a ``decimal.DecimalException`` when the finite ``d`` lies outside
the limits (and returns a copy otherwise): the inlined fast paths' check."""


def beyond(value: Decimal, given: object, head: str) -> InvalidNumberError:
    """The error for a finite ``value`` outside the limits (``given`` is what was given)."""
    if value and value.adjusted() < MIN_MAGNITUDE.adjusted():
        reason = pesan("angka.limit_min", limit=MIN_MAGNITUDE)
    elif value.adjusted() >= MAX_MAGNITUDE.adjusted():  # (a zero's is its exponent)
        reason = pesan("angka.limit_max", limit=MAX_MAGNITUDE)
    else:
        reason = pesan("angka.limit_digits", limit=MAX_DIGITS)
    return InvalidNumberError(pesan("angka.beyond", head=head, reason=reason), given)


def _outside(*values: Decimal) -> InvalidNumberError:
    """The error for the first of ``values`` outside the limits."""
    for value in values:
        try:
            fits(value)
        except decimal.DecimalException:
            return beyond(value, value, pesan("angka.figure_head", value=shown(value)))
    raise AssertionError  # unreachable: one of the values is outside the limits


WIDE = 80
# The limits' magnitudes for a result, whose digits the rule bounds (at most WIDE).
_RESULT_LIMITS = _LIMITS.copy()
_RESULT_LIMITS.prec = WIDE
_RESULT_LIMITS.traps[decimal.Rounded] = False
_result_fits = _RESULT_LIMITS.plus
_QUANTIZE = CONTEXT.copy()  # quantize may need more than 28 digits for a huge result
_QUANTIZE.prec = WIDE
_EXACT = _QUANTIZE.copy()
_EXACT.traps[decimal.Inexact] = True
_DIVIDE = CONTEXT.copy()
_DIVIDE.rounding = ROUND_05UP
_DIVIDE_WIDE = _DIVIDE.copy()
_DIVIDE_WIDE.prec = WIDE

ROUNDINGS = frozenset(
    {
        ROUND_HALF_UP,
        ROUND_DOWN,
        ROUND_HALF_EVEN,
        ROUND_HALF_DOWN,
        ROUND_UP,
        ROUND_CEILING,
        ROUND_FLOOR,
    }
)
"""Rounding modes accepted by ``rounding=`` (``ROUND_DOWN`` is truncation)."""

# One context per rounding mode, for ``places=None`` (a 28-digit result).
_UNROUNDED: dict[str, Context] = {}
for _mode in ROUNDINGS:
    _UNROUNDED[_mode] = CONTEXT.copy()
    _UNROUNDED[_mode].rounding = _mode
del _mode

_QUANTUM: dict[int, Decimal] = {n: Decimal(1).scaleb(-n) for n in range(0, 13)}
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


def check_options(places: int | None, rounding: str) -> None:
    """Refuse a ``places`` or ``rounding`` that no rule understands."""
    if places is not None and (type(places) is not int or places < 0 or places > 100):
        if type(places) is not int:
            raise InvalidTypeError(pesan("opsi.places_type", value=shown(places)))
        raise InvalidOptionError(pesan("opsi.places_range", value=shown(places)))
    if not isinstance(rounding, str) or rounding not in ROUNDINGS:  # (a list is unhashable)
        modes = ", ".join(sorted(ROUNDINGS))
        raise InvalidOptionError(pesan("opsi.rounding", value=shown(rounding), modes=modes))


def finish(value: Decimal, places: int | None, rounding: str) -> Decimal:
    """Round ``value`` once to ``places`` decimals (``None``: keep it); never ``-0``."""
    if places is not None:
        quantum = _QUANTUM.get(places) or Decimal(1).scaleb(-places)
        try:
            value = value.quantize(quantum, rounding=rounding, context=_QUANTIZE)
        except decimal.InvalidOperation:
            raise NotComputableError(
                pesan("hitung.places_significant", value=f"{value:.6E}", places=places, digits=WIDE)
            ) from None
    if not value:  # a zero with a positive exponent (0E+33) is just 0: it reads again
        return Decimal(0) if value.adjusted() > 0 else value.copy_abs()
    return result(value)


def result(value: Decimal) -> Decimal:
    """``value`` when it is a figure within the limits (``MAX_MAGNITUDE``,
    ``MIN_MAGNITUDE``), else a ``NotComputableError``: every figure a rule gives can be
    read again by every rule (``predikat(capaian(...))``). Only a quotient can leave
    the limits (``capaian("1E-7", "1E+25")``); its rounding to ``places`` happens first."""
    try:
        _result_fits(value)
    except decimal.DecimalException:
        raise NotComputableError(
            pesan(
                "hitung.result_beyond", value=f"{value:.6E}", max=MAX_MAGNITUDE, min=MIN_MAGNITUDE
            )
        ) from None
    return value


def percent_of(part: Decimal, whole: Decimal, places: int | None, rounding: str) -> Decimal:
    """``part / whole × 100``, rounded once. ``whole`` must be non-zero.

    The hot path of every percentage: bound context methods, a multiplication by
    ``1E+2`` (exact: it only moves the exponent) and positional ``quantize``
    arguments keep it to three decimal operations.
    """
    fast = _FAST.get(places)  # type: ignore[arg-type]
    if fast is not None and type(places) is int:
        q = _mul(_div(part, whole), _E2)
        if q.adjusted() < fast[1]:  # the 05UP digit lies past `places`
            value = _quantize(q, fast[0], rounding, _QUANTIZE)
            return value if value else value.copy_abs()
    check_options(places, rounding)  # rare: an unusual `places`, or a huge quotient
    return ratio(part, whole, places, rounding, shift=2)


def ratio(
    num: Decimal, den: Decimal, places: int | None, rounding: str, *, shift: int = 0
) -> Decimal:
    """``num / den × 10**shift``, correctly rounded to ``places`` decimals."""
    if places is None:
        q = _UNROUNDED[rounding].divide(num, den)
        return finish(q.scaleb(shift, _QUANTIZE), None, rounding)
    q = _div(num, den)
    fast = _FAST.get(places)
    if not shift and fast is not None and q.adjusted() < fast[1]:  # as in percent_of
        value = _quantize(q, fast[0], rounding, _QUANTIZE)
        return value if value else value.copy_abs()
    q = q.scaleb(shift, _QUANTIZE)
    if q and q.adjusted() + 1 + places > PREC - 1:  # the 05UP digit must lie past `places`
        q = _DIVIDE_WIDE.divide(num, den).scaleb(shift, _QUANTIZE)
        if q.adjusted() + 1 + places > WIDE - 1:
            raise NotComputableError(
                pesan("hitung.places_digits", value=f"{q:.6E}", places=places, digits=WIDE)
            )
    return finish(q, places, rounding)


_div = _DIVIDE.divide
_mul = _DIVIDE.multiply
# places -> (quantum, largest adjusted exponent of a quotient rounded exactly at 28 digits)
_FAST = {p: (q, PREC - 2 - p) for p, q in _QUANTUM.items()}
_NOT_FAST = (_QUANTUM[0], -(10**9))  # no quotient's adjusted exponent is below this limit


def _quantizer(rounding: str) -> Callable[[Decimal, Decimal], Decimal]:
    context = _QUANTIZE.copy()
    context.rounding = rounding
    return context.quantize


# rounding -> ``quantize(value, quantum)`` in the wide context with that rounding: two
# arguments are cheaper to pass than Decimal.quantize's four.
QUANTIZERS = {mode: _quantizer(mode) for mode in ROUNDINGS}
_quantize = Decimal.quantize
_E2 = Decimal("1E+2")


def fast_quantum(places: int | None) -> tuple[Decimal, int]:
    """``(quantum, limit)`` for the inlined fast path of ``percent_of``: a 28-digit
    quotient ``q`` with ``q.adjusted() < limit`` is rounded exactly by one quantize.
    For a ``places`` the fast path does not cover, no quotient meets the limit."""
    return _FAST.get(places, _NOT_FAST)  # type: ignore[arg-type]


def percent_function(
    places: int | None, rounding: str, *, checked: bool = True
) -> Callable[[Decimal, Decimal], Decimal]:
    """``percent_of`` with its options bound, for a loop over many rows: the one
    exact-percent fast path every caller binds (``capaian_kernel`` included).

    With ``checked`` (operands straight from a caller), an operand outside the limits
    of ``to_decimal`` (spec §1) is an ``InvalidNumberError``; without, the operands are
    figures a rule has already read.

    ```pycon
    >>> percent = percent_function(2, ROUND_HALF_UP)
    >>> percent(Decimal("91.72"), Decimal("87"))
    Decimal('105.43')

    ```
    """
    percent = _quotient_function(places, rounding, percent=True)
    if not checked:
        return percent
    check = fits

    def checked_percent(part: Decimal, whole: Decimal) -> Decimal:
        try:
            check(part)
            check(whole)
        except decimal.DecimalException:
            raise _outside(part, whole) from None
        return percent(part, whole)

    return checked_percent


def ratio_function(places: int | None, rounding: str) -> Callable[[Decimal, Decimal], Decimal]:
    """``ratio`` (no shift) with its options bound, for a loop over figures a rule has
    already read, as ``percent_function`` without ``checked``.

    ```pycon
    >>> ratio_function(2, ROUND_HALF_UP)(Decimal("105.43"), Decimal("97.5"))
    Decimal('1.08')

    ```
    """
    return _quotient_function(places, rounding, percent=False)


def _quotient_function(
    places: int | None, rounding: str, *, percent: bool
) -> Callable[[Decimal, Decimal], Decimal]:
    """The fast path of ``percent_of`` (``percent``) or of ``ratio``, options bound: one
    division, ``× 100`` for a percent (exact: it moves the exponent), one quantize; a
    quotient too large for it goes the general way."""
    check_options(places, rounding)
    quantum, limit = fast_quantum(places)
    div, mul, quantize, e2, context = _div, _mul, _quantize, _E2, _QUANTIZE

    def percent_fast(part: Decimal, whole: Decimal) -> Decimal:
        q = mul(div(part, whole), e2)
        if q.adjusted() < limit:
            value = quantize(q, quantum, rounding, context)
            return value if value else value.copy_abs()
        return percent_of(part, whole, places, rounding)

    def ratio_fast(num: Decimal, den: Decimal) -> Decimal:
        q = div(num, den)
        if q.adjusted() < limit:
            value = quantize(q, quantum, rounding, context)
            return value if value else value.copy_abs()
        return ratio(num, den, places, rounding)

    return percent_fast if percent else ratio_fast


_TWO = Decimal(2)
HIGHER, REFLECTED, INVERSE = "higher", "reflected", "inverse"
"""The three capaian formulas (spec §2), by the values of ``lkjip.rules.capaian.Rumus``."""


@functools.lru_cache(maxsize=128, typed=True)
def capaian_kernel(
    places: int | None, rounding: str, *, checked: bool = False
) -> Mapping[str, Callable[[Decimal, Decimal], Decimal]]:
    """The capaian formulas of spec §2 with their options bound: formula → ``f(t, r)``.

    The one direction dispatch of lkjip: the rules (``capaian``, ``kemajuan``), the
    command line's fast lane and the batch all take their figure from here (the
    fixed-point arrays of ``lkjip.fixed`` are the alternative kernel, property-tested
    equal). ``t`` is a bound already chosen and above zero, and ``r`` above zero for
    ``inverse``: which formula applies, and whether it has a figure, is the rule's.

    ```pycon
    >>> kernel = capaian_kernel(2, ROUND_HALF_UP)
    >>> [kernel[f](Decimal(10), Decimal(12)) for f in (HIGHER, REFLECTED, INVERSE)]
    [Decimal('120.00'), Decimal('80.00'), Decimal('83.33')]

    ```
    """
    percent = percent_function(places, rounding, checked=checked)

    def higher(t: Decimal, r: Decimal) -> Decimal:
        return percent(r, t)

    def reflected(t: Decimal, r: Decimal) -> Decimal:
        return percent(subtract(multiply(t, _TWO), r), t)

    def inverse(t: Decimal, r: Decimal) -> Decimal:
        return percent(t, r)

    return MappingProxyType({HIGHER: higher, REFLECTED: reflected, INVERSE: inverse})


def add(a: Decimal, b: Decimal) -> Decimal:
    """Exact ``a + b`` (an error, never a silent rounding, past 28 digits)."""
    try:
        return _EXACT.add(a, b)
    except decimal.Inexact:
        raise _too_many_digits(a, b) from None


def subtract(a: Decimal, b: Decimal) -> Decimal:
    """Exact ``a - b``."""
    try:
        return _EXACT.subtract(a, b)
    except decimal.Inexact:
        raise _too_many_digits(a, b) from None


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """Exact ``a × b``."""
    try:
        return _EXACT.multiply(a, b)
    except decimal.Inexact:
        raise _too_many_digits(a, b) from None


def total(values: list[Decimal]) -> Decimal:
    """Exact sum of ``values``."""
    acc = _ZERO
    for v in values:
        acc = add(acc, v)
    return acc


def _too_many_digits(a: Decimal, b: Decimal) -> NotComputableError:
    return NotComputableError(pesan("hitung.too_many_digits", a=shown(a), b=shown(b), digits=WIDE))


# A loop over many rows (spec §1) may run under ``decimal.localcontext`` of one of the
# contexts below for its own duration, so that it can use the C-level operators
# (``operator.truediv`` and the like, mapped over whole columns) instead of a bound
# method per operation. Only lkjip's own C-level operations on exact ``Decimal``
# values run inside (no callback, no ``yield``, no user subclass); ``localcontext``
# works on a copy, so neither these templates nor the caller's context ever change,
# and the caller's context is back on return and on every exception.


def batch_division(places: int) -> Context:
    """The context of ``r / t × 100`` in a batch: ``_div``'s (28 digits, ``ROUND_05UP``),
    with ``Overflow`` trapped past the fast path's limit, so a quotient ``percent_of``
    would take again at ``WIDE`` digits raises instead (its rows go by the rule), and
    ``Clamped`` trapped (a finite value divided by an infinity)."""
    context = _DIVIDE.copy()
    context.Emax = _FAST[places][1] - 1
    context.traps[decimal.Clamped] = True
    return context


def batch_limits(shift: int) -> Context:
    """A context whose ``x * 1E{shift}`` signals exactly when ``x`` lies outside the
    limits of a figure (``fits``), while it moves the exponent of every ``x`` within
    them: ``_LIMITS`` with its exponent bounds moved by ``shift``."""
    context = _LIMITS.copy()
    context.Emax += shift
    context.Emin += shift
    return context
