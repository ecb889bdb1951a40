"""The error hierarchy of lkjip (spec §9).

Every error subclasses ``LKjIPError``, so callers can catch one base; the
value errors also subclass ``ValueError``, so code that knows nothing of
lkjip still catches them.

```pycon
>>> from lkjip import capaian, NotComputableError
>>> try:
...     capaian("0", "5")
... except ValueError as exc:
...     print(exc)
capaian cannot be computed: target is 0; a target of zero or below has no ratio

```
"""

from __future__ import annotations

import reprlib
from decimal import Decimal

__all__ = [
    "OPERAND_LIMIT",
    "InvalidNumberError",
    "InvalidOptionError",
    "InvalidTypeError",
    "LKjIPError",
    "MissingExtraError",
    "NotComputableError",
    "shown",
]

OPERAND_LIMIT = 40
"""At most this many characters of an operand are quoted in a message (then ``…``)."""


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 2, OPERAND_LIMIT, OPERAND_LIMIT


def shown(value: object, limit: int = OPERAND_LIMIT) -> str:
    """An operand as every message quotes it: text in quotes (``repr``), anything else
    as ``str``, cut after ``limit`` characters with ``…``, so a message stays short
    whatever was given (a million-digit number, a whole file in one cell). A huge whole
    number is its count of digits, ``<5001 digit>`` (``~``: about), the same in every
    language (this module makes no message of its own: the catalog imports it).

    ```pycon
    >>> shown("105,42"), shown(7), shown("9" * 50)
    ("'105,42'", '7', "'9999999999999999999999999999999999999999'…")
    >>> shown(10**5000), shown(-(10**30000))
    ('<5001 digit>', '<-~30001 digit>')

    ```
    """
    if isinstance(value, str):
        cut = value[:limit]
        text = repr(cut)
        return text + "…" if len(value) > limit else text
    if isinstance(value, int) and not isinstance(value, bool):
        if -(10**limit) < value < 10**limit:
            return str(value)
        # str() of a huge int is slow (and refused past 4,300 digits): count instead
        sign = "-" if value < 0 else ""
        if value.bit_length() < 20_000:
            return f"<{sign}{len(str(Decimal(value).copy_abs()))} digit>"
        return f"<{sign}~{int(value.bit_length() * 0.30103) + 1} digit>"
    try:  # reprlib: a long list or a deep structure is not written out in full
        text = str(value) if isinstance(value, Decimal) else _REPR.repr(value)
    except Exception:  # a caller's object whose repr fails: name its type instead
        text = f"<{type(value).__name__}>"
    return text[:limit] + "…" if len(text) > limit else text


class LKjIPError(Exception):
    """Base of every error raised by lkjip."""


class InvalidNumberError(LKjIPError, ValueError):
    """Text (or a value) that cannot be read as a number.

    ``text`` holds what was given, so a report can point at the cell.
    """

    def __init__(self, message: str, text: object = None) -> None:
        super().__init__(message)
        self.text = text


class InvalidTypeError(LKjIPError, TypeError):
    """A value of a kind no rule reads: ``True`` where a figure is expected, text or a
    single number where a list of values is expected, a row that is not a pair."""


class NotComputableError(LKjIPError, ValueError):
    """The inputs are numbers, but the rule has no answer for them
    (a target of zero, a pagu of zero, a letter-grade target, ...)."""


class InvalidOptionError(LKjIPError, ValueError):
    """An option no rule understands (an unknown direction, rounding, ``places``)."""


class MissingExtraError(LKjIPError, ImportError):
    """A feature needs an optional dependency that is not installed; the message
    names the extra (``pip install 'lkjip[xlsx]'``)."""


__all__ += ["PageLimitError"]


class PageLimitError(LKjIPError):
    """A document has more pages than the reader was allowed to read (``max_pages``,
    the CLI's ``--max-pages``); the message says how many were read. ``pages_read``
    holds that number."""

    def __init__(self, message: str, pages_read: int = 0) -> None:
        super().__init__(message)
        self.pages_read = pages_read
