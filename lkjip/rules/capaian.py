"""Capaian kinerja: how far realisasi reached the target (spec §2).

PermenPAN-RB 53/2014, as quoted in the reports (seed 000 l.918–930):

* higher is better: ``capaian = realisasi / target × 100``;
* lower is better, ``LowerMethod.REFLECTED`` (default):
  ``capaian = (2 × target − realisasi) / target × 100``. The reports print this rule
  garbled as ``target − (realisasi − target)/target × 100%`` (000 l.930); the
  reflected form is its evident intent and matches the SKP "kondisi khusus" rule;
* lower is better, ``LowerMethod.INVERSE``: ``capaian = target / realisasi × 100``.

The direction is never guessed: it is a parameter, higher by default. Results are
not capped (110,14 %, 333 %, 550 % occur in the reports) and a reflected result may
be negative.

```pycon
>>> capaian("90", "103,44")
Decimal('114.93')
>>> capaian("87", "90")              # seed 001 l.774: IKM 2022, printed 103,44 (truncated)
Decimal('103.45')
>>> capaian(2, 11)                   # seed 004 l.315: 550%
Decimal('550.00')
>>> capaian(10, 12, direction="lower")
Decimal('80.00')
>>> capaian(0, 5)
Traceback (most recent call last):
    ...
lkjip.errors.NotComputableError: capaian cannot be computed: target is 0; a target of zero or below has no ratio

```
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, DecimalException

import attrs

from lkjip._core.context import (
    _ZERO,
    ROUNDINGS,
    capaian_kernel,
    check_options,
    finish,
    fits,
    percent_function,
)
from lkjip._core.pesan import pesan
from lkjip._core.word import Word
from lkjip.errors import InvalidNumberError, InvalidOptionError, NotComputableError, shown
from lkjip.numbers import MAX_NUMBER_LENGTH, parse_number, to_decimal

__all__ = ["Direction", "LowerMethod", "Rentang", "capaian", "kemajuan", "parse_target"]


class Direction(Word):
    """Whether a higher or a lower realisasi is the better one.

    Accepts the Indonesian words too: ``Direction("negatif") is Direction.LOWER``.
    """

    HIGHER = "higher"
    LOWER = "lower"

    @classmethod
    def _missing_(cls, value: object) -> Direction | None:
        if isinstance(value, str):
            return _DIRECTION_WORDS.get(value.strip().lower())
        return None


_DIRECTION_WORDS = {
    "higher": Direction.HIGHER,
    "positif": Direction.HIGHER,
    "lower": Direction.LOWER,
    "negatif": Direction.LOWER,
}


class LowerMethod(Word):
    """How a lower-is-better capaian is computed (spec §2)."""

    REFLECTED = "reflected"
    """``(2T − R) / T × 100``: the SKP "kondisi khusus" rule (default)."""
    INVERSE = "inverse"
    """``T / R × 100``."""


_METHOD_WORDS = {m.value: m for m in LowerMethod}


def _bound(value: object) -> Decimal:
    return to_decimal(value, pesan("capaian.range_bound"))


@attrs.frozen
class Rentang:
    """A target given as a range (``"7-8"``): ``bawah`` ≤ ``atas``, each read like any
    figure (``Rentang("7", "8")`` works; a bound beyond the limits is refused)."""

    bawah: Decimal = attrs.field(converter=_bound)
    atas: Decimal = attrs.field(converter=_bound)

    def __attrs_post_init__(self) -> None:
        if self.bawah > self.atas:
            raise NotComputableError(
                pesan("capaian.range_backwards", low=shown(self.bawah), high=shown(self.atas))
            )


# "7-8", "7 – 8", "7 s.d 8", "7 s/d 8", "7 sampai dengan 8": the first separator after
# the first character splits the text (a leading "-" is the lower bound's sign). Only
# the separator is a pattern (no ambiguous quantifier around it: linear time), and a
# text longer than two figures and a separator is no range at all.
_RANGE_SEPARATOR = re.compile(
    r"-|\u2013|\u2014|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?", re.IGNORECASE
)
_RANGE_LENGTH = 2 * MAX_NUMBER_LENGTH + 32
# Letter-grade targets ("B", "CC", "AA") are predikat, not figures (matched on the
# stripped text: no leading quantifier to backtrack over).
_LETTER_GRADE = re.compile(r"[A-Ea-e]{1,2}[+-]?")


def _range(text: str) -> tuple[str, str] | None:
    """The two bounds of a range target as text, or ``None``."""
    s = text.strip()
    if len(s) > _RANGE_LENGTH:
        return None
    separator = _RANGE_SEPARATOR.search(s, 1)
    if separator is None:
        return None
    low, high = s[: separator.start()].strip(), s[separator.end() :].strip()
    return (low, high) if low and high else None


def parse_target(
    value: object, what: str = "target", *, decimal_mark: str | None = None
) -> Decimal | Rentang:
    """A target as a number or, for text like ``"7-8"``, a ``Rentang``; ``decimal_mark``
    reads text with that decimal mark instead of the guess (``parse_number``).

    ```pycon
    >>> parse_target("7 s.d 8"), parse_target("7.5-8.5", decimal_mark=".")
    (Rentang(bawah=Decimal('7'), atas=Decimal('8')), Rentang(bawah=Decimal('7.5'), atas=Decimal('8.5')))

    ```
    """  # noqa: E501
    if isinstance(value, Rentang):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return Rentang(_figure(value[0], what), _figure(value[1], what))
    try:
        return _figure(value, what, decimal_mark)
    except InvalidNumberError:
        bounds = _range(value) if isinstance(value, str) else None
        if bounds is None:
            raise
        try:
            low = parse_number(bounds[0], decimal_mark=decimal_mark)
            high = parse_number(bounds[1], decimal_mark=decimal_mark)
        except InvalidNumberError:
            low = high = None
        if low is None or high is None:
            raise
        return Rentang(low, high)


def _figure(value: object, what: str, decimal_mark: str | None = None) -> Decimal:
    try:
        if decimal_mark is not None and isinstance(value, str):
            number = parse_number(value, decimal_mark=decimal_mark)
            if number is not None:
                return to_decimal(number, what)
        return to_decimal(value, what)
    except InvalidNumberError:
        if isinstance(value, str) and _LETTER_GRADE.fullmatch(value.strip()):
            raise NotComputableError(
                pesan("capaian.letter_grade", what=what, value=shown(value.strip()))
            ) from None
        raise


def _direction(direction: object, option: str = "direction") -> Direction:
    """``direction`` as a ``Direction`` (its value or an Indonesian word); an
    ``InvalidOptionError`` naming ``option`` and the value otherwise."""
    if isinstance(direction, Direction):
        return direction
    if isinstance(direction, str) and direction in _DIRECTION_WORDS:  # (faster than the enum)
        return _DIRECTION_WORDS[direction]
    try:
        return Direction(direction)
    except ValueError:
        raise InvalidOptionError(
            pesan("capaian.unknown_direction", option=option, value=shown(direction))
        ) from None


def _lower_method(method: object, option: str = "lower_method") -> LowerMethod:
    """``method`` as a ``LowerMethod``; an ``InvalidOptionError`` naming ``option`` otherwise."""
    if isinstance(method, LowerMethod):
        return method
    if isinstance(method, str) and method in _METHOD_WORDS:
        return _METHOD_WORDS[method]
    try:
        return LowerMethod(method)
    except ValueError:
        raise InvalidOptionError(
            pesan("capaian.unknown_lower_method", option=option, value=shown(method))
        ) from None


_TWO = Decimal(2)
_HUNDRED = Decimal(100)


class Rumus(Word):
    """The formula a capaian follows. ``rumus(direction, lower_method)`` is the one place
    where the direction and the lower-is-better method decide it (spec §2); computing
    (``Perhitungan.nilai``) and explaining (``Perhitungan.teks``) both follow it.

    ```pycon
    >>> rumus("negatif", "inverse"), rumus("lower").text("10", "12")
    (<Rumus.INVERSE: 'inverse'>, '(2 × 10 − 12) / 10 × 100%')

    ```
    """

    HIGHER = "higher"
    """``R / T × 100``."""
    REFLECTED = "reflected"
    """``(2T − R) / T × 100``."""
    INVERSE = "inverse"
    """``T / R × 100``."""

    def text(self, target: str, realisasi: str) -> str:
        """The formula with the target and realisasi written in."""
        return _FORMULA[self].format(t=target, r=realisasi)

    @property
    def catatan(self) -> str:
        """The direction and method in words, in the language in use (empty for higher
        is better)."""
        key = _NOTE[self]
        return pesan(key) if key else ""


_FORMULA = {
    Rumus.HIGHER: "{r} / {t} × 100%",
    Rumus.REFLECTED: "(2 × {t} − {r}) / {t} × 100%",
    Rumus.INVERSE: "{t} / {r} × 100%",
}
_NOTE = {
    Rumus.HIGHER: "",
    Rumus.REFLECTED: "capaian.note_reflected",
    Rumus.INVERSE: "capaian.note_inverse",
}
_RUMUS = {
    (Direction.HIGHER, LowerMethod.REFLECTED): Rumus.HIGHER,
    (Direction.HIGHER, LowerMethod.INVERSE): Rumus.HIGHER,
    (Direction.LOWER, LowerMethod.REFLECTED): Rumus.REFLECTED,
    (Direction.LOWER, LowerMethod.INVERSE): Rumus.INVERSE,
}
# The same table keyed by the options as given, enums or their values (an enum member
# does not hash as its value): one dictionary lookup in the common case.
_GIVEN = {
    (d, m): formula
    for (arah, method), formula in _RUMUS.items()
    for d in (arah, arah.value)
    for m in (method, method.value)
}


def rumus(
    direction: object = Direction.HIGHER, lower_method: object = LowerMethod.REFLECTED
) -> Rumus:
    """The formula for a direction and a lower-is-better method (both checked, either as
    the enum or as its word); an ``InvalidOptionError`` for an unknown one."""
    try:
        return _GIVEN[direction, lower_method]  # type: ignore[index]
    except (KeyError, TypeError):  # another word ("negatif"), or no option at all
        return _RUMUS[_direction(direction), _lower_method(lower_method)]


@attrs.frozen
class Perhitungan:
    """One capaian as it is computed: its formula, the target it divides by and the
    realisasi. For a range target, ``target`` is the bound used, or ``None`` when the
    realisasi lies inside the range (capaian 100 %). Made by ``perhitungan``, which
    refuses what has no capaian, so ``nilai`` only rounds."""

    rumus: Rumus
    target: Decimal | None
    realisasi: Decimal
    rentang: Rentang | None = None

    def nilai(self, places: int | None = 2, rounding: str = ROUND_HALF_UP) -> Decimal:
        """The capaian in percent, rounded once to ``places`` decimals."""
        return _value(self.rumus, self.target, self.realisasi, places, rounding)

    def teks(
        self,
        number: Callable[[Decimal], str],
        *,
        target: str | None = None,
        realisasi: str | None = None,
    ) -> str:
        """The formula with its figures written in: ``number`` writes a figure,
        ``target`` and ``realisasi`` are the figures as printed, if given (for a range
        target the bound used is written, and the range after it, in the language in use).

        ```pycon
        >>> from lkjip import bahasa
        >>> with bahasa("id"):
        ...     perhitungan("7-8", 9, direction="lower").teks(str)
        '(2 × 8 − 9) / 8 × 100% [batas atas rentang target 7–8]'
        >>> with bahasa("en"):
        ...     perhitungan("7-8", 9, direction="lower").teks(str)
        '(2 × 8 − 9) / 8 × 100% [upper bound of the target range 7–8]'

        ```
        """
        r = number(self.realisasi) if realisasi is None else realisasi
        span = self.rentang
        if span is None:
            assert self.target is not None
            return self.rumus.text(number(self.target) if target is None else target, r)
        low, high = number(span.bawah), number(span.atas)
        if self.target is None:
            return pesan("capaian.inside_range", realisasi=r, low=low, high=high)
        key = (
            "capaian.upper_bound_used" if self.realisasi > span.atas else "capaian.lower_bound_used"
        )
        return pesan(key, formula=self.rumus.text(number(self.target), r), low=low, high=high)


def perhitungan(
    target: object,
    realisasi: object,
    *,
    direction: object = Direction.HIGHER,
    lower_method: object = LowerMethod.REFLECTED,
    rule: str = "capaian",
    what: str = "target",
) -> Perhitungan:
    """How the capaian of ``target`` and ``realisasi`` is computed (``rule`` and
    ``what`` name the rule and the target in a refusal): a ``NotComputableError`` when
    it has none (a target of zero or below; the inverse method with a realisasi of zero
    or below)."""
    return Perhitungan(*_plan(target, realisasi, direction, lower_method, rule, what))


def _plan(
    target: object, realisasi: object, direction: object, lower_method: object, rule: str, what: str
) -> tuple[Rumus, Decimal | None, Decimal, Rentang | None]:
    """The fields of ``perhitungan``'s result (a tuple: ``_capaian`` needs no object)."""
    formula = rumus(direction, lower_method)
    t = parse_target(target, what)
    r = _figure(realisasi, "realisasi")
    span = None
    if isinstance(t, Rentang):
        span = t
        if t.bawah <= r <= t.atas:
            return formula, None, r, span
        t = t.atas if r > t.atas else t.bawah
    if t <= 0:
        raise NotComputableError(
            pesan("capaian.target_not_above_zero", rule=rule, what=what, value=shown(t))
        )
    if formula is Rumus.INVERSE and r <= 0:
        raise NotComputableError(
            pesan("capaian.inverse_realisasi_not_above_zero", rule=rule, value=shown(r))
        )
    return formula, t, r, span


def _value(
    formula: Rumus, t: Decimal | None, r: Decimal, places: int | None, rounding: str
) -> Decimal:
    """``Perhitungan.nilai``: the formula applied by the kernel (``t`` is ``None`` inside
    a range)."""
    if t is None:
        return finish(_HUNDRED, places, rounding)
    return capaian_kernel(places, rounding)[formula](t, r)


_HIGHER = Direction.HIGHER  # an enum member lookup is slow in a hot loop
_PERCENT = percent_function(2, ROUND_HALF_UP, checked=False)
"""The kernel's exact percent at the default options: higher is better is ``R / T``."""


def capaian(
    target: object,
    realisasi: object,
    *,
    direction: Direction | str = Direction.HIGHER,
    lower_method: LowerMethod | str = LowerMethod.REFLECTED,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
) -> Decimal:
    """Capaian kinerja in percent, rounded once to ``places`` decimals.

    ``target`` may be a range (``"7-8"``, ``(7, 8)``): 100 inside it, otherwise
    the nearest bound is the target *(SKP practice, unverified)*.

    ```pycon
    >>> capaian("87", "91,7"), capaian("87", "91,7", rounding="ROUND_DOWN")
    (Decimal('105.40'), Decimal('105.40'))
    >>> capaian("7-8", 9, direction="lower")
    Decimal('87.50')

    ```
    """
    # The common case in a hot loop: exact Decimals, higher is better, computed by the
    # kernel as soon as both operands are within the limits (the rule reads nothing).
    if (
        type(target) is Decimal
        and type(realisasi) is Decimal
        and direction is _HIGHER
        and target.is_finite()
        and realisasi.is_finite()
        and target > _ZERO
    ):
        try:
            fits(target)  # the limits of to_decimal (spec §1, issue 10)
            fits(realisasi)
        except DecimalException:
            pass  # an operand beyond the limits: the general path refuses it by name
        else:
            if places == 2 and rounding is ROUND_HALF_UP and type(places) is int:
                return _PERCENT(realisasi, target)  # Rumus.HIGHER: R / T × 100
            if type(places) is int and type(rounding) is str and rounding in ROUNDINGS:
                return capaian_kernel(places, rounding)[Rumus.HIGHER](target, realisasi)
    return _capaian(
        target, realisasi, direction, lower_method, places, rounding, "capaian", "target"
    )


def kemajuan(
    target_akhir: object,
    realisasi: object,
    *,
    direction: Direction | str = Direction.HIGHER,
    lower_method: LowerMethod | str = LowerMethod.REFLECTED,
    places: int | None = 2,
    rounding: str = ROUND_HALF_UP,
) -> Decimal:
    """Tingkat kemajuan: capaian against the end-of-plan (Renstra) target.

    Same formula and directions as ``capaian`` (seed 004 l.1083).

    ```pycon
    >>> kemajuan("14", "11")
    Decimal('78.57')

    ```
    """
    return _capaian(
        target_akhir,
        realisasi,
        direction,
        lower_method,
        places,
        rounding,
        "tingkat kemajuan",
        "target_akhir",
    )


def _capaian(
    target: object,
    realisasi: object,
    direction: object,
    lower_method: object,
    places: int | None,
    rounding: str,
    rule: str,
    what: str,
) -> Decimal:
    check_options(places, rounding)
    formula, t, r, _ = _plan(target, realisasi, direction, lower_method, rule, what)
    return _value(formula, t, r, places, rounding)
