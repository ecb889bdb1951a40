"""Text cells, as spreadsheets give them, on the fixed-point path (issue 11: "a batch
over text cells takes the fixed-point path when numpy is installed").

Expected figures come from the scalar rules, row by row (``lkjip.capaian`` and
``lkjip.penyerapan`` on the cell as text), and the text reader is checked against
``numbers._plain``, the shapes the rules read without their general machinery.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip
from lkjip.numbers import _plain
from lkjip.rules import batch

from conftest import Calls, optional

pytestmark = pytest.mark.needs("numpy")
np = optional("numpy")
fixed = optional("lkjip.rules.fixed")

# cells in the shapes reports print, and the cells around them the reader must not take
plain_cells = st.one_of(
    st.integers(0, 10**7).map(str),
    st.builds(lambda w, f: f"{w},{f}", st.integers(0, 9999), st.integers(0, 10**7)),
    st.integers(1000, 10**15).map(lambda n: f"{n:,}".replace(",", ".")),
    st.builds(
        lambda n, f: f"{n:,}".replace(",", ".") + f",{f:02d}",
        st.integers(1000, 10**12),
        st.integers(0, 99),
    ),
    st.builds(lambda w, f: f"{w},{f:02d}%", st.integers(0, 200), st.integers(0, 99)),
)
odd_cells = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "\u2013",
            "\u2014",
            "0",
            "0,00",
            "0.500",  # a leading 0 cannot group thousands: a half (spec §1)
            "1.2",
            "1.2.3",
            "12.34.567",
            "1,2,3",
            "1.234,5.6",
            " 87 ",
            "87\x00",
            "8\x007",
            "-5",
            "+5",
            "1e5",
            "NaN",
            "\u0661\u0662",  # Arabic-Indic digits
            "1_000",
            "9" * 16,  # past the digits the fixed-point path holds
            "1,1234567",  # past its decimals
            "9" * 40,  # past the text reader's width
            "Rp 1.000,-",
            "%",
            "5%%",
            ",5",
            "5,",
            ".5",
        ]
    ),
    st.text(alphabet="0123456789.,%- a\x00", max_size=12),
)
cells = st.one_of(plain_cells, odd_cells)


def _reading(cell: str) -> Decimal | None:
    n, k = fixed._fixed(fixed._readable([cell]))  # as capaian_fixed reads a list
    return None if k[0] < 0 else Decimal(int(n[0])).scaleb(-int(k[0]))


def test_every_short_cell_of_digits_and_marks_reads_as_plain_reads_it() -> None:
    # every cell of up to 6 characters from digits, marks and a %: the reader takes a cell
    # only as _plain reads it, and every one _plain reads within its digits
    all_cells = ["".join(t) for k in range(7) for t in itertools.product("01.,9%", repeat=k)]
    n, k = fixed._text_fixed(np.array(all_cells))
    taken = 0
    for cell, units, places in zip(all_cells, n.tolist(), k.tolist(), strict=True):
        expected = _plain(cell)
        if places < 0:
            assert (
                expected is None
                or len(expected.as_tuple().digits) > 15
                or (-int(expected.as_tuple().exponent) > fixed.MAX_DECIMALS)
            ), cell
        else:
            taken += 1
            assert Decimal(units).scaleb(-places) == expected, cell
    assert taken > 1000  # (the reader does take cells)


@given(cells)
def test_a_cell_reads_as_plain_reads_it_or_goes_to_the_rules(cell: str) -> None:
    got, expected = _reading(cell), _plain(cell)
    if got is not None:
        assert got == expected
    elif expected is not None:  # only a figure past the fixed-point digits is left out
        digits, exponent = len(expected.as_tuple().digits), -int(expected.as_tuple().exponent)
        assert digits > 15 or exponent > fixed.MAX_DECIMALS or len(cell) > fixed.TEXT_WIDTH


def test_a_wide_column_is_read_by_its_short_cells() -> None:
    column = np.array(["87", "9" * 5000, "1.234,5"])
    n, k = fixed._text_fixed(column)
    assert n.tolist()[::2] == [87, 12345] and k.tolist() == [0, -1, 1]


def _scalar(rule, *cells, **options):  # type: ignore[no-untyped-def]
    try:
        return str(rule(*cells, **options)), None
    except (lkjip.LKjIPError, TypeError) as exc:
        return "None", str(exc)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(cells, cells), min_size=1, max_size=30),
    st.sampled_from(["higher", "lower", "per row"]),
    st.sampled_from(["reflected", "inverse"]),
    st.sampled_from([0, 2, 3]),
    st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]),
    st.data(),
)
def test_capaian_batch_of_text_takes_the_fixed_point_path_with_each_rows_figure(
    pairs: list[tuple[str, str]],
    arah: str,
    method: str,
    places: int,
    rounding: str,
    data: st.DataObject,
) -> None:
    rows = (pairs * (300 // len(pairs) + 1))[:300]  # past the rows the text path needs
    targets, reals = [t for t, _ in rows], [r for _, r in rows]
    direction: object = arah
    if arah == "per row":
        words = st.sampled_from(["higher", "lower", "negatif", "naik", "bogus"])
        direction = data.draw(st.lists(words, min_size=300, max_size=300))
    spy = Calls(fixed.capaian_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "_TEXT_CHUNK", 128)  # three chunks
        mp.setattr(fixed, "capaian_fixed", spy)
        result = batch.capaian_batch(
            targets,
            reals,
            direction=direction,  # type: ignore[arg-type]
            lower_method=method,
            places=places,
            rounding=rounding,
        )
    assert spy.calls == 3
    for i, (t, r) in enumerate(rows):
        d = direction[i] if isinstance(direction, list) else direction
        expected = _scalar(
            lkjip.capaian,
            t,
            r,
            direction=d,
            lower_method=method,
            places=places,
            rounding=rounding,
        )
        assert (str(result.values[i]), result.reasons[i]) == expected, (t, r, d)


def _money(cell: str) -> str:
    # a `-` in a money column is nil: 0 Rupiah (spec §13); a blank cell is no figure
    return "0" if cell.strip() in ("-", "\u2013", "\u2014") else cell


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(cells, cells), min_size=1, max_size=30),
    st.sampled_from([0, 2, 4]),
    st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]),
)
def test_penyerapan_batch_of_text_takes_the_fixed_point_path_with_each_rows_figure(
    pairs: list[tuple[str, str]], places: int, rounding: str
) -> None:
    rows = (pairs * (300 // len(pairs) + 1))[:300]
    spy = Calls(fixed.penyerapan_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fixed, "penyerapan_fixed", spy)
        result = batch.penyerapan_batch(
            [p for p, _ in rows], [r for _, r in rows], places=places, rounding=rounding
        )
    assert spy.calls == 1
    for i, (p, r) in enumerate(rows):
        expected = _scalar(lkjip.penyerapan, _money(p), _money(r), places=places, rounding=rounding)
        assert (str(result.values[i]), result.reasons[i]) == expected, (p, r)


def test_short_columns_other_roundings_and_mixed_cells_keep_the_decimal_path() -> None:
    spy = Calls(fixed.capaian_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fixed, "capaian_fixed", spy)
        short = batch.capaian_batch(["87"] * 10, ["91,72"] * 10)
        even = batch.capaian_batch(["87"] * 300, ["91,725"] * 300, rounding=ROUND_HALF_EVEN)
        mixed = batch.capaian_batch(["87"] * 299 + [Decimal(87)], ["91,72"] * 300)
        unknown = batch.capaian_batch(["87"] * 300, ["91,72"] * 300, lower_method="bogus")
    assert spy.calls == 0
    assert short.values[0] == mixed.values[-1] == unknown.values[0] == Decimal("105.43")
    assert even.values[0] == lkjip.capaian("87", "91,725", rounding=ROUND_HALF_EVEN)


def test_a_text_column_with_a_huge_cell_stays_bounded_and_reads_that_cell_by_the_rule() -> None:
    targets = ["87"] * 300
    reals = ["91,72"] * 299 + ["9" * 100_000]  # one cell of 100,000 characters
    result = batch.capaian_batch(targets, reals)
    assert result.values[:299] == (Decimal("105.43"),) * 299
    assert result.values[299] is None
    assert result.reasons[299] == _scalar(lkjip.capaian, "87", "9" * 100_000)[1]


@pytest.mark.needs("pandas", "pyarrow")
@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=30))
def test_pandas_text_columns_give_each_dtype_the_scalar_figures(
    pairs: list[tuple[str, str]],
) -> None:
    pd = optional("pandas")
    accessor = optional("lkjip.pandas")
    frame = pd.DataFrame({"target": [t for t, _ in pairs], "realisasi": [r for _, r in pairs]})
    spy = Calls(fixed.capaian_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accessor, "capaian_fixed", spy)
        exact = frame.lkjip.capaian(dtype="decimal").tolist()
        floats = frame.lkjip.capaian(dtype="float").tolist()
    texts = [c for pair in pairs for c in pair]
    whole = max(map(len, texts)) <= fixed.TEXT_WIDTH and "\x00" not in "".join(texts)
    # text columns are read by the fixed-point path as a whole for both dtypes; one with
    # a cell past the reader's width or with a NUL goes by capaian_batch (its chunks)
    assert spy.calls == (2 if whole else 0)
    for (t, r), got, approx in zip(pairs, exact, floats, strict=True):
        figure, _ = _scalar(lkjip.capaian, t, r)
        if figure == "None":
            assert got is pd.NA and approx != approx  # <NA>, NaN
        else:
            assert got == Decimal(figure) and approx == float(figure)
