"""Issue 10, fixed point, batch and the pandas accessor: every numeric dtype read exactly,
narrow floats read one way on every path, and a figure or a reason for every row."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip.rules.batch import capaian_batch, penyerapan_batch
from lkjip.table.read import TableError

from conftest import optional

pytestmark = pytest.mark.needs("numpy", "pandas")
np = optional("numpy")
pd = optional("pandas")
hnp = optional("hypothesis.extra.numpy")
optional("lkjip.pandas")  # registers df.lkjip
fixed = optional("lkjip.fixed")
capaian_fixed, penyerapan_fixed = fixed.capaian_fixed, fixed.penyerapan_fixed

INTEGERS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOATS = [np.float16, np.float32, np.float64]
DTYPES = [*INTEGERS, *FLOATS]


def read(value: Any) -> object:
    """The documented reading of one array element, written independently of lkjip:
    integers exactly, a float by the shortest decimal of its own dtype, NaN as missing."""
    if isinstance(value, np.integer):
        return int(str(value))
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.floating):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return float(value)
        return float(np.format_float_positional(value, unique=True))
    return value


def nan(value: Any) -> object:
    """``read``, but NaN is the float NaN (as in a list), not a missing value."""
    return float(value) if isinstance(value, np.floating) and math.isnan(value) else read(value)


def scalar(rule: Any, t: object, r: object, **options: Any) -> tuple[str, str | None]:
    """``str(figure)`` and the reason (``None`` when there is a figure) by the scalar rule."""
    try:
        return str(rule(t, r, **options)), None
    except (lkjip.LKjIPError, TypeError) as exc:
        return "None", str(exc)


def rows(result: Any) -> list[tuple[str, str | None]]:
    return [(str(v), why) for v, why in zip(result.values, result.reasons, strict=True)]


# -- issue example: 2**64 - 1 in uint64 gave -1 (× 100); -2**63 in int64 gave 0 ------------


@pytest.mark.parametrize(
    ("dtype", "value"), [(np.uint64, 2**64 - 1), (np.int64, -(2**63)), (np.int64, 2**63 - 1)]
)
def test_the_extremes_of_64_bit_integers_are_not_wrapped(dtype: Any, value: int) -> None:
    expected = str(lkjip.capaian(1, value))  # 1844674407370955161500.00, -922337203685477580800.00
    target, real = np.array([1, 1], dtype=dtype), np.array([value, 5], dtype=dtype)
    assert [str(v) for v in capaian_batch(target, real).values] == [expected, "500.00"]
    assert [str(v) for v in capaian_fixed(target, real).values()] == [expected, "500.00"]
    assert str(penyerapan_fixed(target, real).values()[0]) == str(lkjip.penyerapan(1, value))
    df = pd.DataFrame({"target": target, "realisasi": real})
    assert [str(v) for v in df.lkjip.capaian()] == [expected, "500.00"]
    assert [str(v) for v in df.lkjip.evaluate()["capaian"]] == [expected, "500.00"]


# -- property: every numpy numeric dtype, values across its whole range -------------------


def extremes(dtype: Any) -> list[Any]:
    """The dtype's limits and a few plain figures."""
    plain = [dtype(v) for v in (0, 1, 87, 100)]
    if np.dtype(dtype).kind == "f":
        info = np.finfo(dtype)
        limits = (info.min, info.max, info.tiny, info.eps, -0.0, np.nan, np.inf, -np.inf, 0.1)
        return [*plain, *(dtype(v) for v in limits)]
    i = np.iinfo(dtype)
    return [*plain, *(dtype(v) for v in (i.min, i.max, i.max - 1, min(i.max, 2**53), i.min + 1))]


def column(dtype: Any) -> st.SearchStrategy[Any]:
    values = hnp.from_dtype(np.dtype(dtype)) | st.sampled_from(extremes(dtype))
    small = hnp.from_dtype(np.dtype(dtype), min_value=0, max_value=100)  # typical figures
    return st.lists(values | small, min_size=1, max_size=8)


@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.data())
def test_every_dtype_reads_as_the_scalar_rule_reads_it(t_type: Any, r_type: Any, data: Any) -> None:
    t_list = data.draw(column(t_type))
    r_list = data.draw(column(r_type))
    n = min(len(t_list), len(r_list))
    target = np.array(t_list[:n], dtype=t_type)
    real = np.array(r_list[:n], dtype=r_type)
    arah = data.draw(st.sampled_from(["higher", "lower"]))
    places = data.draw(st.sampled_from([0, 2, 4]))
    options = {"direction": arah, "places": places}
    expected = [
        scalar(lkjip.capaian, read(t), read(r), **options)
        for t, r in zip(target, real, strict=True)
    ]
    assert rows(capaian_batch(target, real, **options)) == expected
    fixed = capaian_fixed(target, real, **options)
    assert [str(v) for v in fixed.values()] == [e for e, _ in expected]
    assert [fixed.reasons.get(i) for i in range(n)] == [why for _, why in expected]
    # numpy scalars in a plain list take the rule's path, read the same way, except that
    # a NaN in a list is the value NaN (as for the scalar rule), not a missing cell
    listed = [
        scalar(lkjip.capaian, nan(t), nan(r), **options) for t, r in zip(target, real, strict=True)
    ]
    assert rows(capaian_batch(list(target), list(real), **options)) == listed
    budget = [
        scalar(lkjip.penyerapan, read(p), read(r), places=places)
        for p, r in zip(target, real, strict=True)
    ]
    assert rows(penyerapan_batch(target, real, places=places)) == budget


@pytest.mark.parametrize("t_type", DTYPES)
def test_every_dtype_reads_the_same_in_the_accessor(t_type: Any) -> None:
    for r_type in DTYPES:
        t_values, r_values = extremes(t_type), extremes(r_type)
        n = max(len(t_values), len(r_values))
        target = np.array((t_values * 2)[:n], dtype=t_type)
        real = np.array((r_values[::-1] * 2)[:n], dtype=r_type)
        expected = [
            scalar(lkjip.capaian, read(t), read(r)) for t, r in zip(target, real, strict=True)
        ]
        figures = [e for e, _ in expected]
        df = pd.DataFrame({"target": target, "realisasi": real})
        assert [str(v) if v is not pd.NA else "None" for v in df.lkjip.capaian()] == figures
        out = df.lkjip.evaluate()
        assert [str(v) if v is not pd.NA else "None" for v in out["capaian"]] == figures
        assert [v is pd.NA for v in out["alasan"]] == [why is None for _, why in expected]
        df["arah"] = "lower"  # row by row, as a table
        lower = [
            scalar(lkjip.capaian, read(t), read(r), direction="lower")
            for t, r in zip(target, real, strict=True)
        ]
        assert [str(v) if v is not pd.NA else "None" for v in df.lkjip.capaian()] == [
            e for e, _ in lower
        ]


def test_bool_and_longdouble_columns() -> None:
    # bool: refused, as the scalar rule refuses True; longdouble: its own shortest decimal
    refused = capaian_batch(np.array([True, False]), np.array([1, 2]))
    assert refused.values == (None, None)
    assert refused.reasons[0] == scalar(lkjip.capaian, True, 1)[1]
    longd = np.array([0.1, 3, 1e4000 if np.finfo(np.longdouble).maxexp > 1024 else 3])
    longd = longd.astype(np.longdouble)
    got = capaian_batch(longd, np.array([1, 1, 1], dtype=np.longdouble))
    assert str(got.values[0]) == "1000.00" and str(got.values[1]) == "33.33"
    assert got.values[2] is not None or got.reasons[2]


# -- issue example: float32 columns gave 1000000.00 by capaian, 999999.95 by evaluate -----


def test_a_narrow_float_reads_as_typed_on_every_path() -> None:
    for dtype in (np.float16, np.float32):
        df = pd.DataFrame(
            {
                "target": np.array([0.1, 3, 0.3], dtype=dtype),
                "realisasi": np.array([1000, 999.95, 0.7], dtype=dtype),
            }
        )
        # what numpy prints: '0.1', '3.0', '1e+03'; as a float, whose repr is that decimal
        t_text = [float(str(v)) for v in df["target"].to_numpy()]
        r_text = [float(str(v)) for v in df["realisasi"].to_numpy()]
        expected = [str(lkjip.capaian(t, r)) for t, r in zip(t_text, r_text, strict=True)]
        assert expected[0] == "1000000.00"
        assert [str(v) for v in df.lkjip.capaian()] == expected
        assert [str(v) for v in df.lkjip.evaluate()["capaian"]] == expected
        assert [str(v) for v in capaian_batch(df["target"], df["realisasi"]).values] == expected
        t, r = df["target"].to_numpy(), df["realisasi"].to_numpy()
        assert [str(v) for v in capaian_fixed(t, r).values()] == expected
        assert [str(v) for v in capaian_batch(list(t), list(r)).values] == expected
        if dtype is np.float32:  # pandas' nullable Float32 reads the same way
            nullable = df.astype({"target": "Float32", "realisasi": "Float32"})
            nullable.loc[3] = [pd.NA, 1.5]  # <NA> is a missing value
            assert [str(v) for v in nullable.lkjip.capaian()] == [*expected, "<NA>"]
            out = nullable.lkjip.evaluate()
            assert [str(v) for v in out["capaian"]] == [*expected, "<NA>"]
            assert out["alasan"].iloc[3] == "target is empty: there is no figure to compute with"


def shortest(x: Any) -> Decimal:
    return Decimal(np.format_float_positional(x, unique=True))


def test_every_float16_and_many_float32_values_read_by_their_shortest_decimal() -> None:
    from lkjip.rules.fixed import _readable

    halves = np.arange(2**16, dtype=np.uint16).view(np.float16)
    rnd = np.random.default_rng(10)
    singles = rnd.integers(0, 2**32, size=20_000, dtype=np.uint64).astype(np.uint32)
    singles = np.concatenate([singles.view(np.float32), rnd.random(5_000).astype(np.float32)])
    for values in (halves, singles):
        finite = values[np.isfinite(values)]
        wide = _readable(finite)
        assert [Decimal(repr(float(w))) for w in wide] == [shortest(x) for x in finite]
    # every float16 as a realisasi: the fixed-point figures are the rule's on the shortest
    finite = halves[np.isfinite(halves)]
    got = capaian_fixed(np.ones(finite.size, dtype=np.float16), finite).values()
    assert got == [lkjip.capaian(1, shortest(x)) for x in finite]


# -- the pandas accessor: duplicate labels, and odd cells --------------------------------


def test_duplicate_column_labels_are_a_table_error() -> None:
    twice = pd.DataFrame([[87, 90, 91.72]], columns=["target", "target", "realisasi"])
    for method in ("capaian", "evaluate", "audit"):
        with pytest.raises(TableError, match="2 columns labelled 'target'"):
            getattr(twice.lkjip, method)()
    both = pd.DataFrame([[87, 90, 91.72]], columns=["Target", "target ", "Realisasi"])
    with pytest.raises(TableError, match="all read as target"):
        both.lkjip.evaluate()
    assert [str(v) for v in both.lkjip.capaian(target="Target")] == ["105.43"]
    # a duplicate label no rule reads is passed by
    extra = pd.DataFrame([[87, 91.72, "a", "b"]], columns=["target", "realisasi", "x", "x"])
    assert [str(v) for v in extra.lkjip.capaian()] == ["105.43"]
    with pytest.raises(KeyError, match="no column"):
        twice.lkjip.capaian(target=["target"])  # type: ignore[arg-type]


ODD_CELLS = [
    [1],
    {"a": 1},
    {3},
    (1, 2),
    b"12",
    bytearray(b"7"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("1e-7"),
    pd.NA,
    None,
    pd.NaT,
    np.datetime64("NaT"),
    np.datetime64("2020-01-01"),
    float("nan"),
    float("inf"),
    np.array([1, 2]),
    np.array(5),
    pd.Series([1]),
    pd.DataFrame({"a": [1]}),
    complex(1, 2),
    pd.Timestamp("2020"),
    pd.Interval(1, 2),
    object(),
    np.float32(0.1),
    np.uint64(2**64 - 1),
    np.bool_(True),
    True,
    "91,72",
    "B",
    "7-8",
    10**20,
]
"""Odd cells of every type (magnitudes beyond the rules' bound are the batch tests' and the
rules' own: see test_any_value_in_a_batch_is_a_figure_or_a_reason)."""


def missing(cell: object) -> bool:
    try:
        return cell is None or bool(pd.api.types.is_scalar(cell) and pd.isna(cell))
    except (TypeError, ValueError, ArithmeticError):
        return False


@given(
    st.lists(
        st.tuples(st.sampled_from(ODD_CELLS), st.sampled_from(ODD_CELLS)), min_size=1, max_size=8
    ),
    st.booleans(),
)
def test_odd_cells_give_a_reason_per_row_never_an_exception(
    pairs: list[tuple[object, object]], with_arah: bool
) -> None:
    data: dict[str, Any] = {
        "target": pd.Series([t for t, _ in pairs], dtype=object),
        "realisasi": pd.Series([r for _, r in pairs], dtype=object),
        "pagu": pd.Series([r for _, r in pairs], dtype=object),
        "realisasi anggaran": pd.Series([t for t, _ in pairs], dtype=object),
    }
    if with_arah:
        data["arah"] = pd.Series([t for t, _ in pairs], dtype=object)
    df = pd.DataFrame(data)
    capaian = df.lkjip.capaian()
    assert len(capaian) == len(pairs)
    out = df.lkjip.evaluate()
    assert len(out) == len(pairs)
    for (t, r), figure, why in zip(pairs, out["capaian"], out["alasan"], strict=True):
        # a row with a cell to read gets a figure or its reason (an empty row: neither)
        assert figure is not pd.NA or isinstance(why, str) or (missing(t) and missing(r))
    assert len(df.lkjip.audit().columns) == 6
    assert [v is pd.NA for v in capaian] == [v is pd.NA for v in out["capaian"]]


def test_list_cells_and_nested_frames_are_reported_rows() -> None:
    df = pd.DataFrame(
        {
            "target": pd.Series([[87], pd.Series([87]), np.array([1, 2]), 87], dtype=object),
            "realisasi": pd.Series([91.72, 91.72, 91.72, {"x": 1}], dtype=object),
        }
    )
    assert df.lkjip.capaian().isna().all()  # a Series holding 87 is no figure
    out = df.lkjip.evaluate()
    assert out["capaian"].isna().all()
    assert all("cannot read" in why for why in out["alasan"])
    sn = pd.DataFrame({"target": [Decimal("sNaN"), Decimal("NaN")], "realisasi": [1, 1]})
    assert sn.lkjip.evaluate()["alasan"].tolist() == [
        "target is sNaN, not a finite number",
        "target is empty: there is no figure to compute with",  # pandas: NaN is missing
    ]


# -- the batch API: any value, a figure or a reason ----------------------------------------


class Hostile:
    def __index__(self) -> int:
        raise ZeroDivisionError("no")

    def __str__(self) -> str:
        raise RuntimeError("no text either")


def numpy_scalars() -> st.SearchStrategy[Any]:
    kinds = [*DTYPES, np.longdouble, np.complex64, np.bool_]
    return st.sampled_from(kinds).flatmap(lambda d: hnp.from_dtype(np.dtype(d)))


any_value = st.one_of(
    st.integers(),
    st.builds(lambda e: 10**e, st.integers(0, 5000)),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda m, e: Decimal(f"{m}E{e}"),
        st.integers(-(10**6), 10**6),
        st.integers(-999_999_999, 999_999_999),
    ),
    st.sampled_from([Decimal("1e999999999"), Decimal("-1e-999999999"), Decimal("sNaN")]),
    st.floats(),
    st.text(max_size=20),
    numpy_scalars(),
    st.sampled_from([None, True, b"1", [1], {}, object(), Hostile(), complex(1, 1), pd.NA]),
)


@given(
    st.lists(st.tuples(any_value, any_value), min_size=1, max_size=12),
    st.sampled_from(["higher", "lower", "per row"]),
    st.sampled_from([0, 2, None]),
)
def test_any_value_in_a_batch_is_a_figure_or_a_reason(
    pairs: list[tuple[object, object]], arah: str, places: int | None
) -> None:
    targets, reals = [t for t, _ in pairs], [r for _, r in pairs]
    direction: Any = ["higher", "negatif"] * len(pairs) if arah == "per row" else arah
    direction = direction[: len(pairs)] if arah == "per row" else direction
    for result in (
        capaian_batch(targets, reals, direction=direction, places=places),
        penyerapan_batch(targets, reals, places=places),
    ):
        assert len(result) == len(pairs)
        for value, why in zip(result.values, result.reasons, strict=True):
            assert (value is None) != (why is None)
            assert value is None or value.is_finite()
    result = capaian_batch(targets, reals, direction=direction, places=places)
    for i, (t, r) in enumerate(pairs):
        d = direction[i] if arah == "per row" else direction
        if any(type(v).__module__ == "numpy" for v in (t, r)):
            continue  # the scalar rule reads numpy scalars its own way (see above)
        try:
            expected = lkjip.capaian(t, r, direction=d, places=places)
        except (lkjip.LKjIPError, TypeError) as exc:
            assert (result.values[i], result.reasons[i]) == (None, str(exc))
        except Exception:  # the scalar rule may raise; the batch may not
            assert result.values[i] is None and result.reasons[i]
        else:
            assert str(result.values[i]) == str(expected)


def test_the_batch_examples() -> None:
    huge = capaian_batch(
        [Decimal(1), 1, Decimal("1e-999999")], [Decimal("1e999999999"), 10**5000, 1]
    )
    assert huge.values == (None, None, None) and all(huge.reasons)
    pay = penyerapan_batch([Decimal("1e-999999")], [Decimal("1e999999")])
    assert pay.values == (None,) and pay.reasons[0]
    odd = capaian_batch([Hostile(), np.float32(0.1), np.int8(3)], [1, 1, np.uint64(2**64 - 1)])
    assert odd.values[0] is None and "ZeroDivisionError" in (odd.reasons[0] or "")
    assert [str(v) for v in odd.values[1:]] == ["1000.00", str(lkjip.capaian(3, 2**64 - 1))]


@pytest.mark.parametrize(
    ("t", "r"),
    [
        ("9.9E+15", "9.9E+15"),
        ("2E-12", "1E-30"),
        ("1.000000000001E-12", "5"),
        ("1", "-9.9E+37"),
        ("1", "0E-40"),
        ("9.99E+15", "1E-40"),
        ("1E+10", "5E+31"),  # a quotient the inline path could hold, a realisasi beyond 1E+30
        ("1E+15", "0E+35"),  # a zero with a huge exponent
        ("3", "0." + "1" * 61),  # more digits than a figure may have
        ("0." + "3" * 29, "1"),
        ("1E-101", "1"),
        ("1", "1E-101"),
        ("1E-101", "0"),  # a target beyond the limits, and no quotient to overflow
        ("7", "1E+24"),  # a quotient one digit past the column path's limit, inexact
        ("Infinity", "5"),
        ("5", "Infinity"),
        ("-0", "5"),
        ("5", "-0"),  # 0.00, never -0.00
        ("5", "-0.0001"),
        ("NaN", "5"),
        ("5", "NaN"),
    ],
)
def test_the_inline_paths_edges_agree_with_the_rule(t: str, r: str) -> None:
    # the batch's inline Decimal path takes only values the rule computes the same way;
    # a magnitude bound in the rules narrower than these would show here
    for rule, batch in ((lkjip.capaian, capaian_batch), (lkjip.penyerapan, penyerapan_batch)):
        expected = scalar(rule, Decimal(t), Decimal(r))
        assert rows(batch([Decimal(t)], [Decimal(r)])) == [expected]
