"""The fixed-point path gives exactly the Decimal path's figures (issue: speed (f))."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip._core.context import ROUNDINGS
from lkjip.rules.batch import capaian_batch, penyerapan_batch

from conftest import optional

pytestmark = pytest.mark.needs("numpy")
np = optional("numpy")
fixed = optional("lkjip.fixed")
capaian_fixed, penyerapan_fixed = fixed.capaian_fixed, fixed.penyerapan_fixed

# floats as spreadsheets hold them: up to 8 decimals (beyond 6 the Decimal path takes over),
# magnitudes up to 10^13 (large ones overflow-guard into the Decimal path), zeros, negatives
numbers = st.builds(
    lambda n, k: float(Decimal(n).scaleb(-k)),
    st.integers(-(10**13), 10**13),
    st.integers(0, 8),
)
ties = st.builds(  # realisasi/target ratios that land exactly on …5 at the rounding digit
    lambda t, units: (float(t), float(Decimal(t * (2 * units + 1)).scaleb(-5))),
    st.integers(1, 1000),
    st.integers(0, 10**6),
)
roundings = st.sampled_from([ROUND_HALF_UP, ROUND_DOWN])


def scalar_figures(targets, reals, **options):  # type: ignore[no-untyped-def]
    out = []
    for t, r in zip(targets, reals, strict=True):
        try:
            out.append(lkjip.capaian(t, r, **options))
        except lkjip.LKjIPError:
            out.append(None)
    return out


@given(
    st.lists(st.tuples(numbers, numbers) | ties, min_size=1, max_size=40),
    roundings,
    st.integers(0, 4),
    st.sampled_from(["higher", "lower"]),
    st.sampled_from(["reflected", "inverse"]),
)
def test_capaian_fixed_equals_decimal_path(
    pairs: list[tuple[float, float]], rounding: str, places: int, arah: str, method: str
) -> None:
    targets = np.array([t for t, _ in pairs])
    reals = np.array([r for _, r in pairs])
    options = {"direction": arah, "lower_method": method, "places": places, "rounding": rounding}
    fixed = capaian_fixed(targets, reals, **options)
    expected = scalar_figures(targets.tolist(), reals.tolist(), **options)
    got = fixed.values()
    assert [str(v) for v in got] == [str(v) for v in expected]
    assert set(fixed.reasons) == {i for i, v in enumerate(expected) if v is None}


@given(
    st.lists(
        st.tuples(st.integers(0, 10**12), st.integers(-(10**12), 10**12)), min_size=1, max_size=40
    )
)
def test_integer_columns_and_penyerapan(pairs: list[tuple[int, int]]) -> None:
    pagu = np.array([p for p, _ in pairs], dtype=np.int64)
    real = np.array([r for _, r in pairs], dtype=np.int64)
    fixed = penyerapan_fixed(pagu, real).values()
    decimal = penyerapan_batch(
        [Decimal(p) for p, _ in pairs], [Decimal(r) for _, r in pairs]
    ).values
    assert [str(v) for v in fixed] == [str(v) for v in decimal]


def test_ties_and_fallbacks_explicitly() -> None:
    # 1/8 = 12,5 % → half-up 13, truncated 12; 2/3 = 66,666…; 0.1234567 has 7 decimals
    t = np.array([8.0, 3.0, 1.0, 0.0, 1e300])
    r = np.array([1.0, 2.0, 0.1234567, 1.0, 1.0])
    up = capaian_fixed(t, r, places=0)
    assert up.values()[:3] == [Decimal("13"), Decimal("67"), Decimal("12")]
    assert up.ok.tolist() == [True, True, False, False, False]  # the rest went the Decimal way
    assert up.exact[2] == Decimal("12") and 3 in up.reasons
    down = capaian_fixed(t, r, places=0, rounding=ROUND_DOWN)
    assert down.values()[:2] == [Decimal("12"), Decimal("66")]


def test_batch_api_values_and_reasons() -> None:
    result = capaian_batch(["87", Decimal("87"), 0, "B"], ["91,72", Decimal("91.72"), 5, "C"])
    assert result.values[:2] == (Decimal("105.43"), Decimal("105.43"))
    assert result.values[2:] == (None, None) and "target is 0" in (result.reasons[2] or "")
    mixed = capaian_batch([Decimal(10)] * 2, [Decimal(12)] * 2, direction=["higher", "negatif"])
    assert mixed.values == (Decimal("120.00"), Decimal("80.00"))
    with pytest.raises(ValueError, match="entries"):
        capaian_batch([1], [1], direction=["higher", "lower"])


@pytest.mark.parametrize("places", [0, 12, 13, 20, 60])
def test_batch_api_takes_every_places_the_scalar_takes(places: int) -> None:
    # regression: past the fast path's table (places > 12) a small quotient crashed
    targets, reals = [Decimal(100000), Decimal(3)], [Decimal(1), Decimal(1)]
    result = capaian_batch(targets, reals, places=places)
    assert result.values == penyerapan_batch(targets, reals, places=places).values
    # 1 / 100000 × 100 = 0.001 and 1/3 × 100 = 33.3…, written out to `places` decimals
    third = "33." + "3" * places if places else "33"
    assert [str(v) for v in result.values] == [
        format(Decimal("0.001"), f".{places}f"),
        third,
    ]


def test_a_row_the_rules_refuse_is_a_reason_not_an_exception() -> None:
    # 10^79 is beyond the limits of a figure (issue 10: lkjip.numbers.MAX_MAGNITUDE)
    for batch in (capaian_batch, penyerapan_batch):
        result = batch([Decimal(1), Decimal(4)], [Decimal(10) ** 79, Decimal(1)])
        assert result.values == (None, Decimal("25.00"))
        assert "beyond the limits" in (result.reasons[0] or "")


# any double at all: NaN, infinities, subnormals, 2**32 ± a little, many decimals
any_float = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(-(2.0**33), 2.0**33)
    | st.sampled_from([2.0**32, 2.0**32 - 0.5, 2.0**32 + 0.5, 0.1234565, 4.6e7, 1e-7, -0.0])
    | numbers
)


@given(
    st.lists(st.tuples(any_float, any_float), min_size=1, max_size=30),
    roundings,
    st.integers(0, 4),
    st.sampled_from(["higher", "lower"]),
)
def test_every_double_and_every_chunk_boundary(
    pairs: list[tuple[float, float]], rounding: str, places: int, arah: str
) -> None:
    from unittest import mock

    import lkjip.rules.fixed

    targets = np.array([t for t, _ in pairs])
    reals = np.array([r for _, r in pairs])
    options = {"direction": arah, "places": places, "rounding": rounding}
    with mock.patch.object(lkjip.fixed, "_CHUNK", 4):  # several chunks per column
        capaian = capaian_fixed(targets, reals, **options).values()
        penyerapan = penyerapan_fixed(targets, reals, places=places, rounding=rounding).values()
    assert [str(v) for v in capaian] == [
        str(v) for v in scalar_figures(targets.tolist(), reals.tolist(), **options)
    ]
    assert [str(v) for v in penyerapan] == [
        str(v)
        for v in penyerapan_batch(
            targets.tolist(), reals.tolist(), places=places, rounding=rounding
        ).values
    ]


any_value = st.one_of(
    st.builds(
        lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**12), 10**12), st.integers(-8, 3)
    ),
    st.integers(-1000, 1000),
    st.sampled_from(["87", "91,72", "0", "B", "7-8", "-", "", None, 1.5, float("nan")]),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-0"), Decimal("1E+30")]),
)


@given(
    st.lists(st.tuples(any_value, any_value), max_size=25),
    st.sampled_from(["higher", "lower", "per row"]),
    st.sampled_from([0, 2, 4, 12, 13, None]),
    st.sampled_from(sorted(ROUNDINGS)),
    st.data(),
)
def test_the_batch_api_gives_each_rows_scalar_figure_or_reason(
    pairs: list[tuple[object, object]],
    arah: str,
    places: int | None,
    rounding: str,
    data: st.DataObject,
) -> None:
    targets, reals = [t for t, _ in pairs], [r for _, r in pairs]
    directions: object = arah
    if arah == "per row":
        directions = data.draw(
            st.lists(
                st.sampled_from(["higher", "negatif", "naik"]),
                min_size=len(pairs),
                max_size=len(pairs),
            )
        )
    result = capaian_batch(targets, reals, direction=directions, places=places, rounding=rounding)  # type: ignore[arg-type]
    for i, (t, r) in enumerate(pairs):
        d = directions[i] if isinstance(directions, list) else directions
        try:
            expected: object = lkjip.capaian(t, r, direction=d, places=places, rounding=rounding)
            reason = None
        except (lkjip.LKjIPError, TypeError) as exc:
            expected, reason = None, str(exc)
        assert str(result.values[i]) == str(expected)
        assert result.reasons[i] == reason


@pytest.mark.parametrize("places", [0, 2, 12, 13, 20])
def test_fixed_point_values_for_every_places(places: int) -> None:
    # past 12 places every row takes the Decimal path; the values read the same
    got = capaian_fixed(np.array([3.0, 8.0]), np.array([1.0, -0.0]), places=places).values()
    expected = [lkjip.capaian(3.0, 1.0, places=places), lkjip.capaian(8.0, -0.0, places=places)]
    assert [str(v) for v in got] == [str(v) for v in expected]
