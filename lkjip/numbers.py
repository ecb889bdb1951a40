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

import math
import operator
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import SupportsIndex, cast

from ._context import check_options, finish
from .errors import InvalidNumberError, InvalidOptionError, NotComputableError

__all__ = [
    "Number",
    "format_number",
    "format_persen",
    "format_rupiah",
    "parse_number",
    "plain",
    "to_decimal",
]

Number = Decimal | int | float | str
"""What every rule accepts where a number is expected."""

_PLACEHOLDERS = frozenset({"", "-", "\u2013", "\u2014"})
_MAX_LENGTH = 100
_SPACES = re.compile(r"\s+")
_BODY = re.compile(r"[0-9.,]+")
_DIGITS = re.compile(r"[0-9]+")
_GROUPED = {
    ".": re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"),
    ",": re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+"),
}
# Spec §1: "a `.` followed by exactly three digits, in one or more groups, is
# thousands" -- so "0.500" reads as 500 too (a leading-zero group is odd, but the
# spec names no exception; decimal_mark="." reads it as a half).
_DOT_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_STYLE = "Indonesian style is 1.234.567,89"


def parse_number(text: str, *, decimal_mark: str | None = None) -> Decimal | None:
    """Read a number as printed in a report; ``None`` for a placeholder (``"-"``, ``""``).

    ``decimal_mark`` (``"."`` or ``","``) overrides the guess described in the
    spec: with both marks present the last one is the decimal mark; a single
    ``,`` is a decimal mark; ``.`` followed by groups of three digits is thousands.

    ```pycon
    >>> parse_number("93.16%"), parse_number("1.234"), parse_number("1,149")
    (Decimal('93.16'), Decimal('1234'), Decimal('1.149'))
    >>> parse_number("1.234", decimal_mark=".")
    Decimal('1.234')

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
    if len(text) > _MAX_LENGTH:
        return None
    s = text[:-1] if text[-1:] == "%" else text
    if s.isdigit() and s.isascii():
        return Decimal(s)
    whole, comma, fraction = s.partition(",")
    if "." in whole:
        if not _DOT_THOUSANDS.fullmatch(whole):
            return None
        whole = whole.replace(".", "")
        if not comma:
            return Decimal(whole)
    if comma and whole.isdigit() and fraction.isdigit() and s.isascii():
        return Decimal(whole + "." + fraction)  # unsigned: never -0
    return None


def _parse(text: str, decimal_mark: str | None) -> Decimal | None:
    """The general reader of ``parse_number`` (every format the spec describes)."""
    if not isinstance(text, str):
        raise TypeError(f"parse_number reads text, not {type(text).__name__}")
    if decimal_mark not in (None, ".", ","):
        raise InvalidOptionError(f"decimal_mark must be '.', ',' or None, not {decimal_mark!r}")
    s = text.strip()
    if s in _PLACEHOLDERS:
        return None
    if len(s) > _MAX_LENGTH:
        raise InvalidNumberError(
            f"cannot read the text starting {text[:20]!r} as a number: "
            f"it is longer than {_MAX_LENGTH} characters",
            text,
        )
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
        reason = f"unexpected character {bad!r}" if bad else "there are no digits"
        raise InvalidNumberError(f"cannot read {text!r} as a number: {reason}", text)
    digits = _read_body(s, decimal_mark, text)
    value = Decimal(("-" if negative else "") + digits)
    return value.copy_abs() if not value else value


def _sign(s: str) -> tuple[bool, str]:
    if s[:1] in ("-", "\u2212"):
        return True, s[1:]
    if s[:1] == "+":
        return False, s[1:]
    return False, s


def _read_body(body: str, mark: str | None, text: str) -> str:
    """``body`` holds only digits, ``.`` and ``,``: return plain digits with a ``.``."""

    def fail(reason: str) -> InvalidNumberError:
        return InvalidNumberError(f"cannot read {text!r} as a number: {reason}", text)

    if not any(c.isdigit() for c in body):
        raise fail("there are no digits")
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
                raise fail(f"the dots do not group digits in threes ({_STYLE})")
    if mark is None:
        whole, fraction = body, ""
    else:
        whole, _, fraction = body.rpartition(mark)
        if mark in whole:
            raise fail(f"the decimal mark {mark!r} appears more than once ({_STYLE})")
        if not fraction:
            raise fail(f"no digits after the decimal mark {mark!r}")
        if not _DIGITS.fullmatch(fraction):
            raise fail(f"the decimals {fraction!r} hold a separator ({_STYLE})")
    group = "," if mark == "." else "."
    if mark is None:
        group = "," if "," in whole else "."
    if group in whole:
        if not _GROUPED[group].fullmatch(whole):
            parts = whole.split(group)
            odd = next((p for p in parts[1:] if len(p) != 3), None) or parts[0]
            raise fail(f"the digit group {odd!r} should have three digits ({_STYLE})")
        whole = whole.replace(group, "")
    if whole and not _DIGITS.fullmatch(whole):
        raise fail(f"the separators are mixed up ({_STYLE})")
    return (whole or "0") + ("." + fraction if fraction else "")


def to_decimal(value: object, what: str = "value") -> Decimal:
    """The one conversion every rule uses (spec §1).

    ``Decimal`` and ``int`` are taken exactly, text goes through
    ``parse_number``, a ``float`` through its shortest repr (``0.1`` →
    ``Decimal('0.1')``). ``bool`` is refused (it is not a figure), and so are NaN
    and infinities; an empty value (``None``, ``"-"``) has nothing to compute.

    ```pycon
    >>> to_decimal(0.1), to_decimal("105,42%"), to_decimal(7)
    (Decimal('0.1'), Decimal('105.42'), Decimal('7'))
    >>> to_decimal(True)
    Traceback (most recent call last):
        ...
    TypeError: value must be a number or text, not bool (True)

    ```
    """
    cls = type(value)
    if cls is Decimal or (cls is not bool and isinstance(value, Decimal)):
        assert isinstance(value, Decimal)
        if value.is_finite():
            return value
        raise InvalidNumberError(f"{what} is {value}, not a finite number", value)
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:
            raise NotComputableError(
                f"{what} is empty ({value!r}): there is no figure to compute with"
            )
        return parsed
    if cls is bool:
        raise TypeError(f"{what} must be a number or text, not bool ({value})")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidNumberError(f"{what} is {value}, not a finite number", value)
        return Decimal(float.__repr__(value))
    if value is None:
        raise NotComputableError(f"{what} is empty: there is no figure to compute with")
    if hasattr(cls, "__index__"):  # numpy integers and the like
        return Decimal(operator.index(cast(SupportsIndex, value)))
    raise TypeError(f"{what} must be a number or text, not {cls.__name__}")


def plain(value: Decimal) -> str:
    """A decimal in plain positional notation with a dot (never ``1E+5``), as outputs print it.

    Independent of any decimal context (``format(d, "f")`` reads no context setting).

    >>> plain(Decimal("1E+5")), plain(Decimal("2E-7")), plain(Decimal("-0.00"))
    ('100000', '0.0000002', '0.00')
    """
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
