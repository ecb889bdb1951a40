"""A table cell: what it may hold (``Cell``), and how a cell or a figure is written for
people without ever expanding without bound (``cell_text``, ``number_text``).

Below the table layer (``tests/test_layers.py``): the model, the reader, the audit and
the display all speak of cells; ``lkjip.table.read`` and ``lkjip.table.display`` re-export these.
"""

from __future__ import annotations

from decimal import Context, Decimal

from lkjip.errors import LKjIPError
from lkjip.numbers import format_number, plain, positional

__all__ = ["Cell", "cell_text", "number_text"]

Cell = str | Decimal | int | float | None
"""A cell: text as printed, or a number (JSON numbers arrive as exact ``Decimal``)."""

_PLAIN_PADDING = 100
_SCIENTIFIC = Context(capitals=1)


def _expands(value: Decimal) -> bool:
    """Whether plain notation would write more than ``_PLAIN_PADDING`` zeros the number
    does not hold (or it is no finite number)."""
    exponent = value.as_tuple().exponent
    return (
        not isinstance(exponent, int)
        or exponent > _PLAIN_PADDING
        or value.adjusted() < -_PLAIN_PADDING
    )


def cell_text(cell: object) -> str | None:
    """An input cell written back as given (``None`` for none): text unchanged; a number
    (a JSON Lines number arrives as ``Decimal``) in plain notation with a dot, unless that
    would write more than 100 zeros that the cell does not hold (``1e999999999``): then in
    the scientific notation ``1E+999999999``, the same under any decimal context. A cell
    is never expanded beyond its own digits plus 100.

    ```pycon
    >>> cell_text(Decimal("1E+5")), cell_text(Decimal("1E+999999999")), cell_text("Rp 5,-")
    ('100000', '1E+999999999', 'Rp 5,-')

    ```
    """
    if cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, int) and not isinstance(cell, bool):
        cell = Decimal(cell)  # str() of a huge int is refused past 4,300 digits
    if isinstance(cell, Decimal):
        return _SCIENTIFIC.to_sci_string(cell) if _expands(cell) else positional(cell)
    return str(cell)


def number_text(value: Decimal, *, persen: bool = False, places: int | None = 2) -> str:
    """A figure for people (``1.234,57``, ``105,42%``). One too large to round to
    ``places`` decimals is written in plain notation with a dot, and one whose plain
    notation would run to more than 100 zeros it does not hold as ``cell_text`` writes
    it: a figure never stops an output, nor expands without bound."""
    unit = "%" if persen else ""
    if _expands(value):
        return f"{cell_text(value)}{unit}"
    try:
        return format_number(value, places) + unit
    except LKjIPError:
        return plain(value) + unit
