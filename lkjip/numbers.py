"""Reading and writing the numbers printed in LKjIP reports (spec §1).

Indonesian reports group thousands with ``.`` and mark decimals with ``,``
(``Rp. 9.054.048.938,-``, ``105,42%``), but US-style figures copied from
spreadsheets appear beside them (``1,396,524,280.00``, ``93.16%``, seed 000
l.300, seed 004 l.1076). ``parse_number`` reads both and refuses anything
ambiguous or malformed instead of guessing.

```pycon
>>> parse_number("Rp. 9.054.048.938,-")
Decimal('9054048938')
>>> parse_number("103, 44 %")
Decimal('103.44')
>>> parse_number("30,323,132,240")
Decimal('30323132240')
>>> parse_number("-") is None
True
>>> parse_number("1.77.984.000,00")
Traceback (most recent call last):
    ...
lkjip.errors.InvalidNumberError: cannot read '1.77.984.000,00' as a number: the digit group '77' should have three digits (Indonesian style is 1.234.567,89)
>>> format_rupiah(parse_number("Rp. 8.876.182.851,58"))
'Rp 8.876.182.851,58'
>>> format_persen("105.42")
'105,42%'

```
"""  # noqa: E501

from __future__ import annotations

import decimal
import math
import operator
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import SupportsIndex, cast

from lkjip._core.context import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    MAX_NUMBER_LENGTH,
    MIN_MAGNITUDE,
    beyond,
    check_options,
    finish,
    fits,
)
from lkjip._core.pesan import pesan
from lkjip.errors import (
    InvalidNumberError,
    InvalidOptionError,
    InvalidTypeError,
    LKjIPError,
    NotComputableError,
    shown,
)

__all__ = [
    "MAX_DIGITS",
    "MAX_MAGNITUDE",
    "MAX_NUMBER_LENGTH",
    "MIN_MAGNITUDE",
    "Number",
    "check_decimal_mark",
    "format_number",
    "format_persen",
    "format_rupiah",
    "is_placeholder",
    "parse_number",
    "plain",
    "to_decimal",
]

Number = Decimal | int | float | str
"""What every rule accepts where a number is expected."""

_MAX_LENGTH = MAX_NUMBER_LENGTH
_INT_LIMIT = 10 ** MAX_MAGNITUDE.adjusted()
# The fast path reads at most this many characters: every such figure is within the
# limits (at most 30 digits), so it needs no check.
_FAST_LENGTH = MAX_MAGNITUDE.adjusted()
_PLACEHOLDERS = frozenset({"", "-", "\u2013", "\u2014"})
_SPACES = re.compile(r"\s+")
_BODY = re.compile(r"[0-9.,]+")
_DIGITS = re.compile(r"[0-9]+")
# Digits grouped in threes by "." or ",". A leading group of 0 cannot group thousands
# (spec §1 amended: "0.500" is 0.5, a half, never 500), and no more can any leading group
# that begins with 0 ("01.000", "007.500"): nobody groups the digits of a number written
# with a leading zero. Hence the lookahead.
_GROUPED = {
    ".": re.compile(r"(?!0)[0-9]{1,3}(?:\.[0-9]{3})+"),
    ",": re.compile(r"(?!0)[0-9]{1,3}(?:,[0-9]{3})+"),
}
# Spec §1: "a `.` followed by exactly three digits, in one or more groups, is
# thousands" -- except after a leading group of 0, where the dot is a decimal point.
_DOT_THOUSANDS = _GROUPED["."]
# The same, with decimals after a comma: the grouped shape ``_plain`` reads at once.
_DOT_FIGURE = re.compile(f"({_DOT_THOUSANDS.pattern})(?:,([0-9]+))?")


def parse_number(text: str, *, decimal_mark: str | None = None) -> Decimal | None:
    """Read a number as printed in a report; ``None`` for a placeholder (``"-"``, ``""``).

    Without ``decimal_mark`` the marks are read as the spec describes: with both
    present the last one is the decimal mark; a single ``,`` is a decimal mark;
    ``.`` followed by groups of three digits is thousands. ``decimal_mark`` (``"."``
    or ``","``) says which one is the decimal mark; the other one then groups
    thousands (in threes), and a figure need not have decimals at all.

    A figure outside ``MAX_MAGNITUDE``, ``MIN_MAGNITUDE`` or ``MAX_DIGITS`` is refused.

    ```pycon
    >>> parse_number("93.16%"), parse_number("1.234"), parse_number("1,149")
    (Decimal('93.16'), Decimal('1234'), Decimal('1.149'))
    >>> parse_number("1.234", decimal_mark="."), parse_number("1.234", decimal_mark=",")
    (Decimal('1.234'), Decimal('1234'))
    >>> parse_number("30,163", decimal_mark="."), parse_number("87", decimal_mark=".")
    (Decimal('30163'), Decimal('87'))
    >>> parse_number("0.500"), parse_number("0.125")   # a leading 0 cannot group thousands
    (Decimal('0.500'), Decimal('0.125'))

    ```
    """
    if type(text) is str and decimal_mark is None:
        fast = _plain(text)
        if fast is not None:
            return fast
    return _parse(text, decimal_mark)


def _plain(text: str) -> Decimal | None:
    """The shapes most cells have, read without the general machinery: ``87``,
    ``91,72``, ``105,42%``, ``1.234.567`` and ``1.234.567,89``. ``None`` means "not
    one of them", not a placeholder; a property test checks that the answer is the
    general path's."""
    if text.isdigit() and text.isascii() and len(text) <= _FAST_LENGTH:
        return Decimal(text)  # the commonest cell: digits only
    if len(text) > _FAST_LENGTH:
        return None
    s = text[:-1] if text[-1:] == "%" else text
    if "." in s:  # digits grouped in threes by dots, decimals after a comma
        grouped = _DOT_FIGURE.fullmatch(s)
        if grouped is None:
            return None
        whole, fraction = grouped.groups()
        whole = whole.replace(".", "")
        return Decimal(whole + "." + fraction if fraction else whole)
    whole, comma, fraction = s.partition(",")
    if whole.isdigit() and (not comma or fraction.isdigit()) and s.isascii():
        return Decimal(whole + "." + fraction if comma else whole)  # unsigned: never -0
    return None


def check_decimal_mark(decimal_mark: object) -> None:
    """Refuse a ``decimal_mark`` spec §1 does not know (``"."``, ``","`` or ``None``)."""
    if decimal_mark not in (None, ".", ","):
        raise InvalidOptionError(pesan("angka.decimal_mark", value=shown(decimal_mark)))


def is_placeholder(text: object) -> bool:
    """True for text that prints no figure: blank, ``-``, ``–``, ``—`` (spec §1, §13).

    ```pycon
    >>> is_placeholder(" – "), is_placeholder("0")
    (True, False)

    ```
    """
    return isinstance(text, str) and text.strip() in _PLACEHOLDERS


def _parse(text: str, decimal_mark: str | None) -> Decimal | None:
    """The general reader of ``parse_number`` (every format the spec describes)."""
    if not isinstance(text, str):
        raise InvalidTypeError(pesan("angka.needs_text", kind=type(text).__name__))
    check_decimal_mark(decimal_mark)
    s = text.strip()
    if s in _PLACEHOLDERS:
        return None
    if len(s) > _MAX_LENGTH:
        reason = pesan("angka.too_long", limit=_MAX_LENGTH)
        raise InvalidNumberError(pesan("angka.unreadable", text=shown(s), reason=reason), text)
    s = _SPACES.sub("", s)
    if s[-2:] in (",-", ".-"):
        s = s[:-2]
    if s[-1:] == "%":
        s = s[:-1]
    negative, s = _sign(s)
    if s[:2].lower() == "rp":
        s = s[2:]
        if s[:1] == ".":
            s = s[1:]
        if not negative:
            negative, s = _sign(s)
    if not _BODY.fullmatch(s):
        bad = next((c for c in s if c not in "0123456789.,"), None)
        reason = (
            pesan("angka.unexpected_character", char=repr(bad)) if bad else pesan("angka.no_digits")
        )
        raise InvalidNumberError(pesan("angka.unreadable", text=shown(text), reason=reason), text)
    digits = _read_body(s, decimal_mark, text)
    value = Decimal(("-" if negative else "") + digits)
    try:
        fits(value)
    except decimal.DecimalException:
        raise beyond(value, text, pesan("angka.text_beyond_head", text=shown(text))) from None
    return value.copy_abs() if not value else value


def _sign(s: str) -> tuple[bool, str]:
    if s[:1] in ("-", "\u2212"):
        return True, s[1:]
    if s[:1] == "+":
        return False, s[1:]
    return False, s


def _read_body(body: str, mark: str | None, text: str) -> str:
    """``body`` holds only digits, ``.`` and ``,``: return plain digits with a ``.``."""

    def fail(key: str, **fields: str) -> InvalidNumberError:
        reason = pesan(key, **fields)
        return InvalidNumberError(pesan("angka.unreadable", text=shown(text), reason=reason), text)

    if not any(c.isdigit() for c in body):
        raise fail("angka.no_digits")
    if mark is None:
        dot, comma = "." in body, "," in body
        if dot and comma:
            mark = body[max(body.rfind("."), body.rfind(","))]
        elif comma:
            mark = "," if body.count(",") == 1 else None
        elif dot:
            if _DOT_THOUSANDS.fullmatch(body):
                mark = None
            elif body.count(".") == 1:
                mark = "."
            else:
                raise fail("angka.dots_not_threes")
    if mark is None:  # no decimals: whichever mark there is groups thousands
        whole, fraction = body, ""
        group = "," if "," in whole else "."
    else:  # the other mark groups thousands (spec §1), and decimals are optional
        group = "," if mark == "." else "."
        whole, found, fraction = body.rpartition(mark)
        if not found:
            whole, fraction = body, ""
        elif mark in whole:
            raise fail("angka.decimal_mark_twice", mark=repr(mark))
        elif not fraction:
            raise fail("angka.no_decimals", mark=repr(mark))
        elif not _DIGITS.fullmatch(fraction):
            raise fail("angka.separator_in_decimals", fraction=shown(fraction))
    if group in whole:
        if not _GROUPED[group].fullmatch(whole):
            parts = whole.split(group)
            odd = next((p for p in parts[1:] if len(p) != 3), None)
            if odd is None and parts[0].startswith("0"):
                raise fail("angka.leading_zeros_group", group=shown(parts[0]))
            odd = odd or parts[0]
            raise fail("angka.group_not_three", group=shown(odd))
        whole = whole.replace(group, "")
    if whole and not _DIGITS.fullmatch(whole):
        raise fail("angka.mixed_separators")
    return (whole or "0") + ("." + fraction if fraction else "")


def to_decimal(value: object, what: str | None = None) -> Decimal:
    """The one conversion every rule uses (spec §1).

    ``Decimal`` and ``int`` are taken exactly, text goes through
    ``parse_number``, a ``float`` through its shortest repr (``0.1`` →
    ``Decimal('0.1')``). ``bool`` is refused (it is not a figure), and so are NaN,
    infinities and figures beyond the limits (``MAX_MAGNITUDE``, ``MIN_MAGNITUDE``,
    ``MAX_DIGITS``); an empty value (``None``, ``"-"``) has nothing to compute. ``what``
    names the value in a refusal (``None``: "value", in the language in use).

    ```pycon
    >>> to_decimal(0.1), to_decimal("105,42%"), to_decimal(7)
    (Decimal('0.1'), Decimal('105.42'), Decimal('7'))
    >>> to_decimal(True)
    Traceback (most recent call last):
        ...
    lkjip.errors.InvalidTypeError: value must be a number or text, not bool (True)
    >>> to_decimal(Decimal("1e999999999"))
    Traceback (most recent call last):
        ...
    lkjip.errors.InvalidNumberError: value 1E+999999999 is beyond the limits lkjip reads (a figure must be below 1E+30 in size)

    ```
    """  # noqa: E501
    cls = type(value)
    if cls is Decimal or (cls is not bool and isinstance(value, Decimal)):
        assert isinstance(value, Decimal)
        if value.is_finite():
            try:
                fits(value)
            except decimal.DecimalException:
                raise beyond(value, value, f"{_what(what)} {shown(value)}") from None
            return value
        raise InvalidNumberError(
            pesan("angka.not_finite", what=_what(what), value=shown(value)), value
        )
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:  # blank or `-`: no figure, as in a table (spec §13)
            raise NotComputableError(pesan("angka.empty", what=_what(what)))
        return parsed
    if cls is bool:
        raise InvalidTypeError(pesan("angka.bool", what=_what(what), value=str(value)))
    if isinstance(value, int):
        return _whole(value, value, what)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidNumberError(
                pesan("angka.not_finite", what=_what(what), value=str(value)), value
            )
        d = Decimal(float.__repr__(value))
        try:
            fits(d)
        except decimal.DecimalException:
            raise beyond(d, value, f"{_what(what)} {shown(value)}") from None
        return d
    if value is None:
        raise NotComputableError(pesan("angka.empty", what=_what(what)))
    if hasattr(cls, "__index__"):  # numpy integers and the like
        try:
            index = operator.index(cast(SupportsIndex, value))
        except Exception as exc:  # an __index__ that refuses: not a whole number after all
            raise InvalidTypeError(
                pesan(
                    "angka.index_refused",
                    what=_what(what),
                    kind=cls.__name__,
                    error=type(exc).__name__,
                )
            ) from None
        return _whole(index, value, what)
    raise InvalidTypeError(pesan("angka.wrong_type", what=_what(what), kind=cls.__name__))


def _what(what: str | None) -> str:
    """The name of a value in a refusal: ``what``, or "value" in the language in use."""
    return pesan("angka.value") if what is None else what


def figures(values: object, what: str | None, rule: str) -> list[Decimal]:
    """The figures of a list of values (``rata_rata``, ``jumlah``, ``nilai_ikm``), each
    read by ``to_decimal`` and named by its position when it cannot be. Text, bytes, a
    mapping or a single value where a list is expected are refused, never iterated.

    ```pycon
    >>> figures(["87", 90], None, "rata-rata")
    [Decimal('87'), Decimal('90')]
    >>> figures("123", None, "rata-rata")
    Traceback (most recent call last):
        ...
    lkjip.errors.InvalidTypeError: rata-rata needs a list of values, not text ('123'); to give one value, put it in a list: ['123']

    ```
    """  # noqa: E501
    out = []
    for v in items(values, rule):
        try:
            out.append(to_decimal(v, what))
        except LKjIPError:  # the same refusal again, the value named by its position
            try:
                to_decimal(v, pesan("angka.item", what=_what(what), i=len(out) + 1))
            except LKjIPError as named:
                raise named from None
            raise
    return out


def items(values: object, rule: str, of: str | None = None) -> list[object]:
    """``values`` as a list, refusing what is not a list of items (see ``figures``);
    ``of`` names the items in a refusal (``None``: "values", in the language in use)."""
    if isinstance(values, (str, bytes, bytearray, memoryview)):
        key = "angka.list_not_text" if isinstance(values, str) else "angka.list_not_bytes"
        of = pesan("angka.values") if of is None else of
        raise InvalidTypeError(pesan(key, rule=rule, of=of, value=shown(values)))
    if isinstance(values, Mapping):
        of = pesan("angka.values") if of is None else of
        raise InvalidTypeError(
            pesan("angka.list_not_mapping", rule=rule, of=of, value=shown(values))
        )
    try:
        iterator = iter(cast(Iterable[object], values))
    except TypeError:
        raise InvalidTypeError(
            pesan(
                "angka.list_not_iterable",
                rule=rule,
                of=pesan("angka.values") if of is None else of,
                kind=type(values).__name__,
                value=shown(values),
            )
        ) from None
    return list(iterator)


def _whole(value: int, given: object, what: str | None) -> Decimal:
    """An ``int`` as a ``Decimal``, compared with the limit before any conversion (a
    huge ``int`` is never written out)."""
    if -_INT_LIMIT < value < _INT_LIMIT:
        return Decimal(value)
    reason = pesan("angka.limit_max", limit=MAX_MAGNITUDE)
    head = f"{_what(what)} {shown(value)}"
    raise InvalidNumberError(pesan("angka.beyond", head=head, reason=reason), given)


_PLAIN_SPAN = 1000


def plain(value: Decimal) -> str:
    """A decimal in plain positional notation with a dot (never ``1E+5``), as outputs print it.

    Independent of any decimal context (``format(d, "f")`` reads no context setting).
    A value whose exponent would write more than ``_PLAIN_SPAN`` zeros (``1E+999999999``)
    is refused, never expanded: no rule's result comes near it.

    >>> plain(Decimal("1E+5")), plain(Decimal("2E-7")), plain(Decimal("-0.00"))
    ('100000', '0.0000002', '0.00')
    """
    if value.is_finite() and not -_PLAIN_SPAN <= value.adjusted() <= _PLAIN_SPAN:
        raise InvalidNumberError(pesan("angka.not_plain", value=shown(value)), value)
    return positional(value)


def positional(value: Decimal) -> str:
    """``value`` written out in positional notation, however long (no ``-`` for zero):
    ``plain`` for results, and for cells whose length the caller has bounded."""
    text = format(value, "f")
    return text[1:] if text.startswith("-") and not value else text


def format_number(value: object, places: int | None = 2, *, rounding: str = ROUND_HALF_UP) -> str:
    """Write a number Indonesian style: ``.`` groups thousands, ``,`` marks decimals.

    ```pycon
    >>> format_number("1234.565"), format_number(-0.001), format_number(1234, places=0)
    ('1.234,57', '0,00', '1.234')

    ```
    """
    check_options(places, rounding)
    d = finish(to_decimal(value), places, rounding)
    spec = f",.{places}f" if places is not None else ",f"
    return format(d, spec).translate(_SWAP)


_SWAP = str.maketrans({",": ".", ".": ","})


def format_persen(value: object, places: int | None = 2, *, rounding: str = ROUND_HALF_UP) -> str:
    """A percentage, Indonesian style: ``format_persen("105.42") == "105,42%"``."""
    return format_number(value, places, rounding=rounding) + "%"


def format_rupiah(
    value: object, places: int | None = None, *, rounding: str = ROUND_HALF_UP
) -> str:
    """Rupiah, Indonesian style. ``places=None`` shows sen only when there are any.

    ```pycon
    >>> format_rupiah(9054048938), format_rupiah("177866086.42")
    ('Rp 9.054.048.938', 'Rp 177.866.086,42')

    ```
    """
    d = to_decimal(value)
    if places is None:
        places = 0 if d == d.to_integral_value() else 2
    return "Rp " + format_number(d, places, rounding=rounding)
