"""parse_number and format_*: spec §1, with texts as printed in the seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip import InvalidNumberError, format_number, format_persen, format_rupiah, parse_number
from lkjip.numbers import to_decimal

READS = [
    # (text as printed, value, where)
    ("Rp. 9.054.048.938,-", "9054048938", "seed 000 l.1137"),
    ("Rp 9.054.048.938, 00", "9054048938.00", "seed 000: space inside the decimals"),
    ("Rp.11.668.738.708", "11668738708", "seed 001: Rp. with no space"),
    ("Rp1.094.412.252,-", "1094412252", "seed 001"),
    ("303.407.700,-", "303407700", "seed 004"),
    ("1,396,524,280.00", "1396524280.00", "seed 000 l.300: US style"),
    ("30,323,132,240", "30323132240", "seed 004: several commas in threes"),
    ("105,42%", "105.42", "seed 001"),
    ("103, 44 %", "103.44", "seed 001 l.712: space inside"),
    ("93.16%", "93.16", "seed 004: dot decimal"),
    ("29.2", "29.2", "seed 004"),
    ("0.00%", "0.00", "seed 004"),
    ("1.234", "1234", "spec: dot + three digits is thousands"),
    ("1,149", "1.149", "seed 001 l.230: single comma is decimal"),
    (",00", "0.00", "seed 000 l.1294"),
    ("96.000,00", "96000.00", "seed 000"),
    ("1\u00a0234,5", "1234.5", "no-break space"),
    ("-12,5", "-12.5", "sign"),
    ("\u221212,5", "-12.5", "minus sign"),
    ("Rp -1.000", "-1000", "sign after Rp"),
    ("0.500", "0.500", "a leading 0 cannot group thousands: the dot is a decimal point"),
    ("0.125", "0.125", "a leading 0 cannot group thousands: the dot is a decimal point"),
    ("00.500", "0.500", "nor can a leading group of zeros"),
]


@pytest.mark.parametrize(("text", "value", "where"), READS)
def test_reads_report_numbers(text: str, value: str, where: str) -> None:
    got = parse_number(text)
    assert got is not None and str(got) == value, where


@pytest.mark.parametrize("text", ["-", "\u2013", "\u2014", "", "   ", "\u00a0"])
def test_placeholders_are_none(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("10.00.000", "threes"),
        ("1,2,3", "'2'"),
        ("abc", "'a'"),
        ("9.054.048,938,00", "more than once"),  # seed 000 l.1123
        ("1.77.984.000,00", "'77'"),  # seed 004
        ("5,", "after the decimal mark"),
        ("Rp", "no digits"),
        ("%", "no digits"),
        ("1" * 101, "longer than"),
        ("12,3.45", "group '3'"),
        ("1.2,3.4", "more than once"),
    ],
)
def test_refuses_malformed_text_naming_it(text: str, says: str) -> None:
    with pytest.raises(InvalidNumberError) as err:
        parse_number(text)
    assert says in str(err.value)
    assert isinstance(err.value, ValueError)
    assert err.value.text == text


def test_decimal_mark_override() -> None:
    assert parse_number("1.234", decimal_mark=".") == Decimal("1.234")
    assert parse_number("1,234", decimal_mark=",") == Decimal("1.234")
    assert parse_number("1,234,567.5", decimal_mark=".") == Decimal("1234567.5")
    with pytest.raises(InvalidNumberError):
        parse_number("1.234,5", decimal_mark=".")


def test_parse_number_wants_text() -> None:
    with pytest.raises(TypeError):
        parse_number(12)  # type: ignore[arg-type]


def test_negative_zero_reads_as_zero() -> None:
    assert str(parse_number("-0,00")) == "0.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.1"), Decimal("1.1")),
        (7, Decimal(7)),
        (0.1, Decimal("0.1")),  # shortest repr, not 0.1000000000000000055…
        (1e16, Decimal("1E+16")),
        ("Rp 1.500.000", Decimal(1500000)),
    ],
)
def test_accepted_inputs(value: object, expected: Decimal) -> None:
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", [True, False, [1], b"1", 1j])
def test_wrong_types_are_type_errors(value: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(value)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -float("inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_nan_and_infinity_are_refused(value: object) -> None:
    with pytest.raises(InvalidNumberError, match="not a finite number"):
        to_decimal(value)


def test_formats_indonesian_style() -> None:
    assert format_number(Decimal("1234.56")) == "1.234,56"
    assert format_number("9054048938", places=0) == "9.054.048.938"
    assert format_number("-1234567.891") == "-1.234.567,89"
    assert format_number(Decimal("0.125")) == "0,13"  # half-up
    assert format_number(Decimal("0.125"), rounding="ROUND_DOWN") == "0,12"
    assert format_number(Decimal("-0.001")) == "0,00"  # never -0,00
    assert format_number("0.125") == "0,13"  # as text too: a leading 0 cannot group thousands
    assert format_persen("105.42") == "105,42%"
    assert format_persen("550", places=0) == "550%"
    assert format_rupiah(9054048938) == "Rp 9.054.048.938"
    assert format_rupiah("177866086.42") == "Rp 177.866.086,42"
    assert format_rupiah("177866086.42", places=0) == "Rp 177.866.086"


_GROUPS = st.lists(st.text(alphabet="0123456789", min_size=0, max_size=4), min_size=1, max_size=5)


@given(
    st.text(alphabet="0123456789,.% -Rp", max_size=14)
    | st.text(max_size=8)
    | st.text(alphabet="0123456789,%", min_size=95, max_size=105)
    # dot-grouped shapes, well and badly grouped: "1.234.567,89", "12.34", "0.500,1%"
    | st.builds(
        lambda groups, tail, pct: ".".join(groups) + tail + pct,
        _GROUPS,
        st.sampled_from(["", ","])
        | st.text(alphabet="0123456789,.", max_size=4).map(lambda t: "," + t),
        st.sampled_from(["", "%"]),
    )
)
def test_the_fast_path_reads_exactly_as_the_general_reader(text: str) -> None:
    from lkjip.numbers import _parse, _plain

    fast = _plain(text)
    if fast is None:
        return  # not a shape the fast path takes
    assert str(fast) == str(_parse(text, None))  # the general reader would not raise either


def test_the_fast_path_takes_the_common_report_shapes() -> None:
    from lkjip.numbers import _plain

    # seed 000 l.1137 and l.259: Rupiah with dot thousands, with and without sen
    assert _plain("8.876.182.851,58") == Decimal("8876182851.58")
    assert _plain("9.054.048.938") == Decimal("9054048938")
    assert _plain("105,42%") == Decimal("105.42")
    for other in ("1.77.984.000,00", "12.34", "1.234.", "Rp 1.500", "1,396,524,280.00"):
        assert _plain(other) is None  # left to the general reader


# --- the messages in both languages (spec §18) ------------------------------------------


def _message(lang: str, call: object) -> str:
    from lkjip import LKjIPError, bahasa

    with pytest.raises(LKjIPError) as caught, bahasa(lang):
        call()  # type: ignore[operator]
    return str(caught.value)


def test_a_number_refused_in_indonesian_by_default_and_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    with pytest.raises(InvalidNumberError) as caught:
        parse_number("1.77.984.000,00")
    assert str(caught.value) == (
        "'1.77.984.000,00' tidak dapat dibaca sebagai angka: kelompok digit '77' seharusnya "
        "tiga digit (gaya Indonesia: 1.234.567,89)"
    )
    assert _message("en", lambda: parse_number("1.77.984.000,00")) == (
        "cannot read '1.77.984.000,00' as a number: the digit group '77' should have three "
        "digits (Indonesian style is 1.234.567,89)"
    )
    assert _message("id", lambda: to_decimal(True)) == (
        "nilai harus berupa angka atau teks, bukan bool (True)"
    )
    english = _message("en", lambda: to_decimal(True))
    assert english == "value must be a number or text, not bool (True)"
    assert _message("id", lambda: to_decimal(Decimal("1E+40"), "pagu")) == (
        "pagu 1E+40 berada di luar batas yang dibaca lkjip (besar angka harus di bawah 1E+30)"
    )
    # a `-` is no figure, as a blank cell (spec §13): the rule, a table and a batch agree
    assert _message("en", lambda: to_decimal("-", "target")) == (
        "target is empty: there is no figure to compute with"
    )
    assert _message("id", lambda: format_number(1, places=-1)) == (
        "places harus antara 0 dan 100, bukan -1"
    )


def test_a_list_names_the_item_it_refuses_in_either_language() -> None:
    from lkjip import rata_rata

    assert _message("id", lambda: rata_rata(["87", "x"])) == (
        "'x' tidak dapat dibaca sebagai angka: ada karakter yang tidak terduga 'x'"
    )
    assert _message("id", lambda: rata_rata(["87", None])) == (
        "nilai (butir 2) kosong: tidak ada angka untuk dihitung"
    )
    assert _message("en", lambda: rata_rata([1, 2, True])) == (
        "value (item 3) must be a number or text, not bool (True)"
    )
    assert _message("id", lambda: rata_rata("123")) == (
        "rata-rata memerlukan daftar nilai, bukan teks ('123'); untuk memberikan satu nilai, "
        "masukkan ke dalam daftar: ['123']"
    )
    assert _message("en", lambda: rata_rata([])) == (
        "rata-rata cannot be computed: there are no values to average"
    )


def test_a_huge_whole_number_is_shown_by_its_digits_in_any_language() -> None:
    from lkjip.errors import shown

    assert shown(10**5000) == "<5001 digit>"
    assert shown(-(10**5000)) == "<-5001 digit>"
    assert shown(10**100_000) == "<~100001 digit>"  # counted from the bits: about


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("01.000", None, Decimal("1.000")),  # no grouping after a leading zero: a decimal point
        ("007.500", None, Decimal("7.500")),
        ("01,000", ".", None),  # the other mark must group, and cannot: refused
        ("01.000", ",", None),
        ("10.000", ",", Decimal("10000")),  # a leading group without a leading zero groups
    ],
)
def test_a_leading_group_that_begins_with_zero_does_not_group(
    text: str, mark: str | None, expected: Decimal | None
) -> None:
    # spec §1 (amended): a leading group of 0 cannot group thousands; the same holds for
    # any leading group written with a leading zero (found by the decimal_mark property)
    if expected is None:
        with pytest.raises(InvalidNumberError):
            parse_number(text, decimal_mark=mark)
    else:
        assert parse_number(text, decimal_mark=mark) == expected
