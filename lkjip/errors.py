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

__all__ = [
    "InvalidNumberError",
    "InvalidOptionError",
    "LKjIPError",
    "MissingExtraError",
    "NotComputableError",
]


class LKjIPError(Exception):
    """Base of every error raised by lkjip."""


class InvalidNumberError(LKjIPError, ValueError):
    """Text (or a value) that cannot be read as a number.

    ``text`` holds what was given, so a report can point at the cell.
    """

    def __init__(self, message: str, text: object = None) -> None:
        super().__init__(message)
        self.text = text


class NotComputableError(LKjIPError, ValueError):
    """The inputs are numbers, but the rule has no answer for them
    (a target of zero, a pagu of zero, a letter-grade target, ...)."""


class InvalidOptionError(LKjIPError, ValueError):
    """An option no rule understands (an unknown direction, rounding, ``places``)."""


class MissingExtraError(LKjIPError, ImportError):
    """A feature needs an optional dependency that is not installed; the message
    names the extra (``pip install 'lkjip[xlsx]'``)."""
