"""The ``df.lkjip`` accessor for pandas (the ``lkjip[pandas]`` extra).

``import lkjip.pandas`` registers it (``import lkjip`` does too when pandas is
already imported). Columns may hold floats (as Excel gives them), ``Decimal`` or
Indonesian text; a row that cannot be computed gets a missing value and its
reason in the ``alasan`` column, never an exception for the whole frame. Every
figure comes from the same rule functions as the rest of lkjip.

Every path reads a cell the same way (``capaian``, ``evaluate`` and ``audit``):
integer columns of any width exactly; a ``float64`` by its shortest repr; a narrow
float (``float16``, ``float32``) by the shortest decimal that gives back the same
narrow value, which is what a person typed (``np.float32(0.1)`` is ``0.1``, see
``lkjip.fixed``); ``NaN``, ``None``, ``pd.NA`` and ``NaT`` as missing. A cell
holding a list, a set, a dict, bytes or a frame is no figure: its row gets a
reason (the cell read as text, which no number rule accepts). A column label the
frame holds twice, or two labels that both read as one lkjip column, is a
``TableError``: name the column to use.

```pycon
>>> import pandas as pd
>>> import lkjip.pandas
>>> df = pd.DataFrame({"target": [87, "90", 0], "realisasi": ["91,72", 103.44, 5]})
>>> df.lkjip.capaian().tolist()
[Decimal('105.43'), Decimal('114.93'), <NA>]
>>> out = df.lkjip.evaluate()
>>> out[["predikat", "atribut"]].iloc[0].tolist()
['Sangat Tinggi', 'Sangat Berhasil']
>>> out["alasan"].iloc[2]
'capaian cannot be computed: target is 0; a target of zero or below has no ratio'

```

The figures come in one of three dtypes (``dtype=`` of ``capaian`` and ``evaluate``):

* ``"object"`` (the default): ``Decimal`` objects, ``<NA>`` where a row has no figure,
  the very values every other lkjip function returns. It is the default because it
  needs nothing beyond pandas, keeps each figure's own exponent, and code written
  against the scalar rules sees the same objects.
* ``"decimal"``: an exact pyarrow ``decimal128`` column (``decimal256`` when the
  figures need more than 38 digits), missing rows null. On numeric columns it is built
  straight from the fixed-point integers of ``lkjip.fixed``, with no Python object per
  row: the fast way to compute a large table exactly.
* ``"float"``: ``float64``, NaN where a row has no figure; each value is the double
  nearest the rounded figure (``105.43`` is the double ``105.43``), for plotting.

```pycon
>>> hasil = df.lkjip.capaian(dtype="decimal")
>>> hasil.tolist(), str(hasil.dtype)
([Decimal('105.43'), Decimal('114.93'), <NA>], 'decimal128(38, 2)[pyarrow]')
>>> df.lkjip.capaian(dtype="float").tolist()
[105.43, 114.93, nan]

```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from operator import countOf
from typing import Any

from lkjip._core.context import _QUANTIZE, MAX_MAGNITUDE
from lkjip._core.extras import require
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError, InvalidTypeError, shown
from lkjip.rules._nilai import _read_scalar
from lkjip.rules.batch import capaian_batch
from lkjip.table.audit import audit as _audit
from lkjip.table.evaluasi import evaluate_dibaca
from lkjip.table.fields import FIELD, Group, figures
from lkjip.table.model import Evaluasi, Opsi
from lkjip.table.plan import RowPlan
from lkjip.table.read import COLUMNS, Baris, Cell, TableError, normalize_column, to_cell

require("pandas", "pandas", pesan("pandas.feature"))  # a one-line message when it is missing
import numpy as np  # noqa: E402  (pandas needs it)
import pandas as pd  # noqa: E402

from lkjip.rules.fixed import FixedResult, _readable, capaian_fixed, holds  # noqa: E402

__all__ = ["DTYPES", "LKjIPAccessor", "register"]

DTYPES = ("object", "decimal", "float")
"""The dtypes a figure column can come in (``dtype=``); the first is the default."""

_FIGURES = figures(Group.INDIKATOR)
_BUDGET = figures(Group.ANGGARAN)
_PENYERAPAN = frozenset({"penyerapan", *FIELD["penyerapan"].inputs})
"""Columns that give a row its penyerapan: with one, the budget figures are columns too."""
_KEYWORDS = frozenset(COLUMNS)


def _cell(value: object) -> Cell:
    """A frame's value as a cell: NaN, NaT and ``pd.NA`` are empty; numpy scalars plain
    (``lkjip.rules._nilai._read_scalar``); lists, frames and the like text, which no rule reads."""
    if type(value) is str:
        return value
    if type(value) is float:
        return None if value != value else value
    if type(value) is Decimal:  # a quiet NaN is missing, as pandas has it; sNaN a value refused
        return None if value.is_qnan() else value
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    value = _read_scalar(value)
    if isinstance(value, float) and value != value:
        return None
    try:
        if pd.api.types.is_scalar(value) and pd.isna(value):  # type: ignore[call-overload]
            return None  # numpy's NaT, and the like
    except (TypeError, ValueError, ArithmeticError):  # no missing marker
        pass
    return to_cell(value)


def _check_keywords(method: str, mapping: Mapping[str, object]) -> None:
    """Refuse a keyword that names no column lkjip reads: a typo (``realisas=``) would
    otherwise leave its column unused and every figure missing."""
    for keyword in mapping:
        if keyword not in _KEYWORDS:
            close = difflib.get_close_matches(keyword, COLUMNS, n=1)
            hint = pesan("pandas.did_you_mean", name=repr(close[0])) if close else ""
            raise InvalidTypeError(
                pesan(
                    "pandas.unexpected_keyword",
                    method=method,
                    keyword=shown(keyword),
                    hint=hint,
                    columns=", ".join(COLUMNS),
                )
            )


def _check_dtype(dtype: object) -> str:
    """``dtype`` when it is one of ``DTYPES``, else an ``InvalidOptionError`` naming them."""
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise InvalidOptionError(pesan("pandas.unknown_dtype", dtype=shown(dtype)))
    return dtype


_INTEGER_DIGITS = MAX_MAGNITUDE.adjusted()
"""Digits before the point of any figure (every figure is below ``MAX_MAGNITUDE``)."""
_WORD = 1 << 64


def _arrow_type(digits: int, scale: int, name: str = "capaian") -> Any:
    """The pyarrow decimal type holding ``digits`` digits, ``scale`` of them decimals."""
    pa = require("pyarrow", "pandas", "dtype='decimal'")
    if digits <= 38:
        return pa.decimal128(38, scale)
    if digits <= 76:
        return pa.decimal256(76, scale)
    raise InvalidOptionError(pesan("pandas.too_many_digits", name=name, digits=digits))


def _fixed_column(values: Any) -> bool:
    """A column ``lkjip.fixed`` reads as a whole: numbers (a numpy array), or text
    cells only (``_values``' list of ``str``, read by the fixed-point text reader)."""
    if isinstance(values, np.ndarray):
        return True
    # (a cell past the text reader's width, or with a NUL, goes by capaian_batch, which
    # reads it by the rule and keeps its arrays narrow)
    return (
        isinstance(values, list)
        and countOf(map(type, values), str) == len(values)
        and holds(values)
    )


def _units_array(result: FixedResult) -> Any:
    """A fixed-point result as a pyarrow decimal array, built from its integers (no
    Python object per row; only the rows the ``Decimal`` path computed are written one
    by one)."""
    pa = require("pyarrow", "pandas", "dtype='decimal'")
    places, size = result.places, len(result)
    kind = _arrow_type(_INTEGER_DIGITS + places, places)
    words = kind.bit_width // 64
    valid = np.asarray(result.ok, dtype=bool)
    everyone = bool(valid.all())
    units = result.units if everyone else np.where(valid, result.units, 0)
    data = np.empty((size, words), dtype="<i8")  # little-endian two's complement, as arrow
    data[:, 0] = units
    np.right_shift(units, 63, out=data[:, 1])  # the sign, extended
    if words > 2:
        data[:, 2:] = data[:, 1:2]
    if result.exact:
        valid = valid.copy()
        for i, figure in result.exact.items():
            unit = int(figure.scaleb(places, _QUANTIZE))  # exact: it has `places` decimals
            for j in range(words):
                word = (unit >> (64 * j)) % _WORD
                data[i, j] = word - _WORD if word >= _WORD // 2 else word
            valid[i] = True
        everyone = bool(valid.all())
    missing = 0 if everyone else size - int(np.count_nonzero(valid))
    bitmap = None if everyone else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(kind, size, [bitmap, pa.py_buffer(data)], null_count=missing)


def _units_floats(result: FixedResult) -> Any:
    """A fixed-point result as float64, each the double nearest its figure: ``u / 10**p``
    is one correctly rounded division where both are exact doubles."""
    places = result.places
    units, ok = result.units, np.asarray(result.ok, dtype=bool)
    out = np.full(len(result), np.nan)
    small = ok & (np.abs(units) < 2**53)
    out[small] = units[small].astype(np.float64) / 10.0**places  # places <= 12 here
    for i in np.flatnonzero(ok & ~small).tolist():
        out[i] = float(Decimal(int(units[i])).scaleb(-places, _QUANTIZE))
    for i, figure in result.exact.items():
        out[i] = float(figure)
    return out


def _decimal_array(values: Sequence[Decimal | None], name: str) -> Any:
    """Figures as a pyarrow decimal array whose scale keeps every one exactly."""
    pa = require("pyarrow", "pandas", "dtype='decimal'")
    present = [v for v in values if v is not None]
    exponent = min((int(v.as_tuple().exponent) for v in present), default=0)
    scale = max(-exponent, 0)
    integer = max((v.adjusted() + 1 for v in present), default=1)
    return pa.array(values, type=_arrow_type(max(integer, 1) + scale, scale, name))


def _figure_series(
    values: Sequence[Decimal | None], dtype: str, index: Any, name: str
) -> pd.Series:
    """A column of figures (``None`` where a row has none) in ``dtype``."""
    if dtype == "decimal":
        array = pd.arrays.ArrowExtensionArray(_decimal_array(values, name))
        series: pd.Series = pd.Series(array, index=index, name=name)
        return series
    if dtype == "float":
        floats = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        series = pd.Series(floats, index=index, name=name)
        return series
    series = pd.Series(
        [pd.NA if v is None else v for v in values], index=index, name=name, dtype="object"
    )
    return series


class MissingColumnError(TableError, KeyError):
    """A column named for a field is not in the frame: a ``TableError`` (so an
    ``LKjIPError``) and, as pandas users expect of a missing label, a ``KeyError``."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class LKjIPAccessor:
    """``df.lkjip``: capaian, evaluate and audit over a DataFrame's columns.

    Name the columns to use with keywords (``target="Target 2023"``); by default a
    column whose name reads as lkjip's (``Target``, ``REALISASI ANGGARAN``) is used.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def _columns(self, mapping: Mapping[str, str | None]) -> dict[str, Any]:
        by_name: dict[str, list[Any]] = {}
        for c in self._df.columns:
            by_name.setdefault(normalize_column(str(c)), []).append(c)
        chosen: dict[str, Any] = {}
        for name in COLUMNS:
            if name in mapping:
                source = mapping[name]
            else:
                found = by_name.get(name, [])
                if len(found) > 1 and len(set(map(repr, found))) > 1:
                    labels = ", ".join(repr(c) for c in found)
                    raise TableError(
                        pesan(
                            "pandas.columns_read_as", labels=labels, name=name, first=repr(found[0])
                        )
                    )
                source = found[0] if found else None
            if source is None:
                continue
            try:
                place = self._df.columns.get_loc(source)
            except (KeyError, TypeError, pd.errors.InvalidIndexError):
                raise MissingColumnError(
                    pesan("pandas.no_column", column=shown(source), name=name)
                ) from None
            if not isinstance(place, int):  # a slice or a mask: the label is not unique
                raise TableError(
                    pesan(
                        "pandas.label_not_unique",
                        n=len(self._df.columns[place]),
                        column=repr(source),
                        name=name,
                    )
                )
            chosen[name] = source
        return chosen

    def _array(self, column: Any) -> Any:
        """A numeric column as a numpy array (pandas' nullable floats with NaN for
        ``<NA>``), or ``None`` for a column of cells."""
        series = self._df[column]
        dtype = series.dtype
        if isinstance(dtype, np.dtype):
            return series.to_numpy() if dtype.kind in "iuf" else None
        if dtype.kind == "f":
            return series.to_numpy(dtype=dtype.numpy_dtype, na_value=np.nan)
        return None  # nullable integers hold <NA>: cells (exact Python integers)

    def _values(self, column: Any) -> Any:
        """A numeric column as its numpy array (the fixed-point path), any other as cells."""
        array = self._array(column)
        if array is not None:
            return array
        series = self._df[column]
        try:
            missing = series.isna().tolist()  # one vectorised pass, not pd.isna per cell
        except (TypeError, ValueError, ArithmeticError):  # a cell pandas cannot judge
            missing = [False] * len(series)
        return [
            None if gone else v if type(v) is str else _cell(v)
            for v, gone in zip(series.tolist(), missing, strict=True)
        ]

    def _cells(self, column: Any) -> list[Any]:
        """A column's values, each to be read by ``_cell`` (narrow floats as ``lkjip.fixed``)."""
        array = self._array(column)
        if array is not None:
            return list(_readable(array).tolist())
        return list(self._df[column].tolist())

    def _rows(self, mapping: Mapping[str, str | None]) -> Iterator[Baris]:
        chosen = self._columns(mapping)
        names = list(chosen)
        columns = [self._cells(c) for c in chosen.values()]
        for i, cells in enumerate(zip(*columns, strict=True), 1):
            yield Baris(i, {n: _cell(v) for n, v in zip(names, cells, strict=True)})
        if not columns:
            for i in range(1, len(self._df) + 1):
                yield Baris(i, {})

    def _evaluations(self, opsi: Opsi, mapping: Mapping[str, str | None]) -> list[Evaluasi]:
        plan = RowPlan(self._columns(mapping))  # the frame's fields, resolved once
        return [evaluate_dibaca(plan.read(b), opsi) for b in self._rows(mapping)]

    def capaian(
        self, *, opsi: Opsi | None = None, dtype: str = "object", **columns: str | None
    ) -> pd.Series:
        """Capaian per row; ``dtype`` ``"object"`` (``Decimal``, ``<NA>`` where it cannot
        be computed; the default), ``"decimal"`` or ``"float"`` (see the module).

        Without an ``arah`` column the two columns go through ``capaian_batch`` (numeric
        columns: the exact fixed-point path, whose integers a ``"decimal"`` or
        ``"float"`` column is built from); otherwise row by row like a table.
        """
        _check_keywords("capaian", columns)
        dtype = _check_dtype(dtype)
        opsi = opsi or Opsi()
        chosen = self._columns(columns)
        index = self._df.index
        if "target" in chosen and "realisasi" in chosen and "arah" not in chosen:
            targets = self._values(chosen["target"])
            reals = self._values(chosen["realisasi"])
            fast = opsi.places is not None and dtype != "object"
            if fast and _fixed_column(targets) and _fixed_column(reals):
                fixed = capaian_fixed(
                    targets,
                    reals,
                    lower_method=opsi.lower_method,
                    places=opsi.places,
                    rounding=opsi.rounding,
                )
                if dtype == "decimal":
                    array = pd.arrays.ArrowExtensionArray(_units_array(fixed))
                    column: pd.Series = pd.Series(array, index=index, name="capaian")
                else:
                    column = pd.Series(_units_floats(fixed), index=index, name="capaian")
                return column
            batch = capaian_batch(
                targets,
                reals,
                lower_method=opsi.lower_method,
                places=opsi.places,
                rounding=opsi.rounding,
            )
            values: Sequence[Decimal | None] = batch.values
        else:
            values = [e.capaian for e in self._evaluations(opsi, columns)]
        return _figure_series(values, dtype, index, "capaian")

    def evaluate(
        self, *, opsi: Opsi | None = None, dtype: str = "object", **columns: str | None
    ) -> pd.DataFrame:
        """Every figure per row, indexed like the frame, with ``alasan`` (the reason
        a figure is missing). Efficiency columns come when budget columns exist.

        ``dtype`` is that of the figure columns (see the module); labels are text and
        ``kategori`` a whole number, whatever the dtype.
        """
        _check_keywords("evaluate", columns)
        dtype = _check_dtype(dtype)
        chosen = self._columns(columns)
        evaluations = self._evaluations(opsi or Opsi(), columns)
        fields = list(_FIGURES)
        if chosen.keys() & _PENYERAPAN:
            fields += _BUDGET
        index = self._df.index
        data: dict[str, Any] = {}
        for f in fields:
            column = [FIELD[f].of(e) for e in evaluations]
            if FIELD[f].kind.decimal:
                data[f] = _figure_series(column, dtype, index, f)
            else:  # labels (str enums) become plain text
                data[f] = pd.Series(
                    [pd.NA if v is None else str(v) if isinstance(v, str) else v for v in column],
                    index=index,
                    name=f,
                    dtype="object",
                )
        data["alasan"] = pd.Series(
            [pd.NA if e.error is None else e.error for e in evaluations],
            index=index,
            name="alasan",
            dtype="object",
        )
        frame: pd.DataFrame = pd.DataFrame(data, index=index)
        return frame

    def audit(self, *, opsi: Opsi | None = None, **columns: str | None) -> pd.DataFrame:
        """The findings (spec §10): ``row`` (1-based position), ``index`` (the frame's
        label), ``field``, ``reported``, ``expected``, ``message``."""
        _check_keywords("audit", columns)
        result = _audit(self._rows(columns), opsi or Opsi())
        labels = list(self._df.index)
        findings: pd.DataFrame = pd.DataFrame(
            [
                {
                    "row": t.row,
                    "index": labels[t.row - 1],
                    "field": t.field,
                    "reported": t.reported,
                    "expected": t.expected,
                    "message": t.message,
                }
                for t in result.findings
            ],
            columns=["row", "index", "field", "reported", "expected", "message"],
        )
        return findings


def register() -> None:
    """Register ``df.lkjip`` (idempotent)."""
    if "lkjip" not in getattr(pd.DataFrame, "_accessors", set()):
        pd.api.extensions.register_dataframe_accessor("lkjip")(LKjIPAccessor)


register()
