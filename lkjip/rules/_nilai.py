"""The one reading of a numeric cell (``read_cell``: every table's row plan and the
batch read text cells by it), a row's value as the batch paths read it, and the reason
a row gets when it fails: shared by ``lkjip.table.plan``, ``lkjip.rules.batch`` and
``lkjip.rules.fixed`` (and the pandas accessor), so none imports another for them."""

from __future__ import annotations

from decimal import Decimal, DecimalException

from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError
from lkjip.numbers import parse_number, to_decimal
from lkjip.rules.anggaran import nominal

__all__: list[str] = []


def read_cell(
    cell: object, name: str, *, nil: bool = False, decimal_mark: str | None = None
) -> Decimal | None:
    """The one reading of a numeric cell: ``None`` for no figure (``None``, a blank
    text, or ``-`` when not ``nil``); with ``nil`` (a money column, spec §13) ``-`` is
    zero Rupiah. A cell that is no number raises the reason, naming ``name``.

    ```pycon
    >>> read_cell("1.234,5", "pagu", nil=True), read_cell("-", "capaian")
    (Decimal('1234.5'), None)
    >>> read_cell("-", "pagu", nil=True), read_cell(" ", "pagu", nil=True)
    (Decimal('0'), None)
    >>> read_cell("80.000", "capaian"), read_cell("80.000", "capaian", decimal_mark=".")
    (Decimal('80000'), Decimal('80.000'))

    ```
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None  # (a blank cell is no figure, in every column)
    if nil:
        return nominal(cell, name, decimal_mark=decimal_mark)
    if isinstance(cell, str):
        return parse_number(cell, decimal_mark=decimal_mark)
    return to_decimal(cell, name)


def _read_scalar(value: object) -> object:
    """A numpy scalar as the plain value lkjip reads (any other value as given).

    Integers become ``int`` (exact at any width), ``bool_`` a ``bool`` (which the rules
    refuse), a ``float64`` the float it is. A narrow float (``float16``, ``float32``)
    becomes the float whose shortest repr is the narrow value's own shortest repr
    (``np.float32(0.1)`` → ``0.1``): a decimal of at most 9 digits, which a double
    holds and writes back unchanged. A ``longdouble`` becomes its own shortest decimal,
    exactly. Anything else (complex, datetimes) stays as it is, for the rules to refuse.

    ```pycon
    >>> import numpy as np
    >>> _read_scalar(np.float32(0.1)), _read_scalar(np.uint64(2**64 - 1)), _read_scalar("7")
    (0.1, 18446744073709551615, '7')

    ```
    """
    cls = type(value)
    if cls.__module__ != "numpy":
        return value
    import numpy as np

    if isinstance(value, np.floating):
        size = value.dtype.itemsize
        if size == 8:
            return float(value)
        if size < 8:
            return float(str(value))  # the shortest repr at the value's own precision
        if not np.isfinite(value):
            return float(value)
        return Decimal(np.format_float_scientific(value, unique=True))
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _row_reason(exc: Exception) -> str:
    """The reason a row gets for an exception raised while computing it."""
    if isinstance(exc, (LKjIPError, TypeError)):
        return str(exc)
    if isinstance(exc, DecimalException):  # decimal.Overflow and the like
        return pesan("batch.beyond_magnitude", error=type(exc).__name__)
    text = str(exc)
    text = text if len(text) <= 200 else text[:200] + "…"
    return pesan("batch.unreadable", error=type(exc).__name__, text=text)
