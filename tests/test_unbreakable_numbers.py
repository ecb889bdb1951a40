"""Issue 10 (numbers and rules): the decimal-mark override, figures beyond the limits,
decimal signals, linear-time patterns, short messages and list arguments.

Expected figures come from the spec (§1) and from an independent reading written
here (a regular expression and ``Fraction``), never from the code under test.
"""

from __future__ import annotations

import decimal
import re
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip import (
    InvalidNumberError,
    LKjIPError,
    NotComputableError,
    capaian,
    parse_number,
    rata_rata,
    total_anggaran,
)
from lkjip._core.context import percent_function
from lkjip.errors import OPERAND_LIMIT, InvalidTypeError, shown
from lkjip.numbers import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    MAX_NUMBER_LENGTH,
    MIN_MAGNITUDE,
    plain,
    to_decimal,
)
from lkjip.rules.capaian import Rentang, parse_target
from lkjip.rules.scales import ATRIBUT_CAPAIAN

# --- 1. decimal_mark: "this is the decimal mark; the other one groups thousands" ------


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("87", ".", "87"),  # was 0.87
        ("1234", ",", "1234"),  # was 0.1234
        ("1.234", ",", "1234"),  # raised
        ("30,163", ".", "30163"),  # spec §1 example
        ("1.234", ".", "1.234"),
        ("1.234.567,5", ",", "1234567.5"),
        ("1,234,567.5", ".", "1234567.5"),
        ("Rp 1.500.000", ",", "1500000"),
        ("105,42 %", ",", "105.42"),
        ("-1,5", ",", "-1.5"),
    ],
)
def test_decimal_mark_override(text: str, mark: str, expected: str) -> None:
    assert parse_number(text, decimal_mark=mark) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("1,23", "."),  # the grouping mark must group in threes
        ("1.2345", ","),
        ("1.234,5", "."),  # the decimals hold the grouping mark
        ("1.2.3", "."),  # two decimal marks
        ("5.", "."),
    ],
)
def test_decimal_mark_override_refuses(text: str, mark: str) -> None:
    with pytest.raises(InvalidNumberError):
        parse_number(text, decimal_mark=mark)


def _reference(text: str, mark: str) -> Fraction | None:
    """An independent reading: optional sign, a whole part of plain digits or digits
    grouped in threes by the other mark, then optionally the mark and digits."""
    group = re.escape("," if mark == "." else ".")
    text = text[:-2] if text[-2:] in (",-", ".-") else text  # spec §1: "Rp 1.500,-"
    m = re.fullmatch(
        # a leading group of 0 cannot group thousands (spec §1 amended): "0.000" is refused
        rf"(-?)([0-9]+|[1-9][0-9]{{0,2}}(?:{group}[0-9]{{3}})+|)(?:{re.escape(mark)}([0-9]+))?",
        text,
    )
    if m is None or not (m[2] or m[3]):
        return None
    value = Fraction(int(re.sub(r"\D", "", m[2]) or "0"))
    if m[3]:
        value += Fraction(int(m[3]), 10 ** len(m[3]))
    return -value if m[1] else value


_built = st.builds(
    lambda sign, whole, grouped, frac, mark: (
        sign
        + (f"{whole:,}".replace(",", "," if mark == "." else ".") if grouped else str(whole))
        + (mark + frac if frac else ""),
        mark,
    ),
    st.sampled_from(["", "-"]),
    st.integers(0, 10**15),
    st.booleans(),
    st.text("0123456789", max_size=6),
    st.sampled_from([".", ","]),
)
_random = st.tuples(st.text("0123456789.,-", min_size=1, max_size=14), st.sampled_from([".", ","]))


@given(st.one_of(_built, _random))
def test_decimal_mark_matches_an_independent_reading(case: tuple[str, str]) -> None:
    text, mark = case
    if text.strip() in ("", "-"):
        return  # placeholders
    expected = _reference(text, mark)
    try:
        got = parse_number(text, decimal_mark=mark)
    except InvalidNumberError:
        assert expected is None, (text, mark)
    else:
        assert got is not None and expected is not None, (text, mark, got)
        assert Fraction(got) == expected, (text, mark)


# --- 2 and 3. figures beyond the limits; no decimal signal escapes a rule -------------


def test_capaian_huge_exponent_is_a_typed_error() -> None:
    with pytest.raises(InvalidNumberError, match="beyond the limits"):
        capaian(1, Decimal("1e999999999"))


def test_limits_are_exported() -> None:
    assert MAX_MAGNITUDE == Decimal("1E+30") and MIN_MAGNITUDE == Decimal("1E-100")
    assert MAX_DIGITS == 60 and MAX_NUMBER_LENGTH == 100


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1E+30"),
        Decimal("-1E+30"),
        Decimal("9E-101"),
        Decimal("1e999999999"),
        Decimal("-1e-999999999"),
        Decimal("0E-999999999"),
        Decimal("0E+999999999"),
        Decimal("1." + "0" * MAX_DIGITS),  # 61 digits
        10**30,
        -(10**30),
        10**100_000,
        1e300,
        5e-324,
        "1" * 31,
        1e-150,
    ],
    ids=lambda v: shown(v),
)
def test_beyond_the_limits_is_refused(value: object) -> None:
    start = time.perf_counter()
    with pytest.raises(InvalidNumberError, match="beyond the limits") as caught:
        to_decimal(value)
    assert time.perf_counter() - start < 0.5
    assert len(str(caught.value)) < 250


@pytest.mark.parametrize(
    "value",
    [
        Decimal("9.99999E+29"),
        Decimal("1E-100"),
        Decimal("-1E-100"),
        Decimal("1E-31"),
        Decimal("0E-150"),
        Decimal("1." + "0" * (MAX_DIGITS - 1)),
        10**30 - 1,
        "1" * 30,
        "9.054.048.938.000.000,00",
    ],
)
def test_within_the_limits_is_read(value: object) -> None:
    assert to_decimal(value) == Decimal(value) if not isinstance(value, str) else True
    to_decimal(value)


def test_plain_never_expands_a_huge_exponent() -> None:
    with pytest.raises(InvalidNumberError):
        plain(Decimal("1e999999999"))
    assert plain(Decimal("1E+5")) == "100000"


def test_rentang_and_percent_function_check_their_operands() -> None:
    with pytest.raises(InvalidNumberError):
        Rentang(Decimal(1), Decimal("1e999999999"))
    assert Rentang("7", "8") == Rentang(Decimal(7), Decimal(8))
    percent = percent_function(2, "ROUND_HALF_UP")
    with pytest.raises(InvalidNumberError):
        percent(Decimal(1), Decimal("1e999999999"))
    with pytest.raises(InvalidNumberError):
        ATRIBUT_CAPAIAN.index_of(Decimal("NaN"))


_hostile_decimal = st.one_of(
    st.builds(
        lambda sign, digits, exp: Decimal((sign, tuple(digits), exp)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=120),
        st.one_of(st.integers(-80, 80), st.integers(-999_999_999, 999_999_999)),
    ),
    st.sampled_from(
        [
            Decimal("1e999999999"),
            Decimal("-1e999999999"),
            Decimal("1e-999999999"),
            Decimal("0E-999999999"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("-Infinity"),
            Decimal("87"),
            Decimal("0"),
        ]
    ),
)
_hostile = st.one_of(
    _hostile_decimal,
    st.integers(-(10**40), 10**40),
    st.sampled_from([10**5000, -(10**5000), 1e308, 5e-324, float("nan"), True, None]),
    _hostile_decimal.map(str),
)


def _rules(a: object, b: object) -> list[Callable[[], object]]:
    return [
        lambda: lkjip.capaian(a, b),
        lambda: lkjip.capaian(a, b, places=None),
        lambda: lkjip.capaian(a, b, places=5, rounding="ROUND_DOWN"),
        lambda: lkjip.capaian(a, b, direction="lower"),
        lambda: lkjip.capaian(a, b, direction="lower", lower_method="inverse"),
        lambda: lkjip.capaian((a, b), 5),
        lambda: lkjip.kemajuan(a, b),
        lambda: lkjip.penyerapan(a, b),
        lambda: lkjip.penyerapan(a, b, places=None),
        lambda: lkjip.sisa_anggaran(a, b),
        lambda: lkjip.efisiensi_anggaran(a, b),
        lambda: lkjip.tingkat_efisiensi(a, b),
        lambda: lkjip.tingkat_efisiensi(a, b, places=None),
        lambda: lkjip.jumlah([a, b]),
        lambda: lkjip.total_anggaran([(a, b)]),
        lambda: lkjip.rata_rata([a, b]),
        lambda: lkjip.rata_rata([a], cap=b),
        lambda: lkjip.selisih(a, b),
        lambda: lkjip.selisih(a, b, places=2),
        lambda: lkjip.tren(a, b),
        lambda: lkjip.nilai_akip(a, b, 0, 0),
        lambda: lkjip.nilai_ikm([a, b]),
        lambda: lkjip.predikat(a),
        lambda: lkjip.atribut(a),
        lambda: lkjip.predikat_akip(a),
        lambda: lkjip.mutu_ikm(a),
        lambda: lkjip.kategori_efisiensi(a),
        lambda: lkjip.format_number(a),
        lambda: lkjip.format_number(a, None),
        lambda: lkjip.format_persen(a),
        lambda: lkjip.format_rupiah(a),
        lambda: parse_target(a),
    ]


@given(_hostile, _hostile)
def test_no_decimal_signal_escapes_a_rule(a: object, b: object) -> None:
    for rule in _rules(a, b):
        with decimal.localcontext() as caller:  # a caller's context is never consulted
            caller.traps[decimal.Inexact] = True
            caller.prec = 3
            start = time.perf_counter()
            try:
                result = rule()
            except LKjIPError as exc:
                assert not isinstance(exc, decimal.DecimalException)
                assert len(str(exc)) < 400, str(exc)[:100]
            else:
                text = str(result)  # bounded: every figure within the limits
                assert len(text) < 1000, text[:100]
                if isinstance(result, Decimal):
                    assert len(plain(result)) < 250
            assert time.perf_counter() - start < 0.5


@given(_hostile_decimal, _hostile_decimal)
def test_percent_function_checks_hostile_operands(part: Decimal, whole: Decimal) -> None:
    """The loop helper takes Decimals straight from a caller (its precondition: a finite
    whole above zero) and gives a figure or a typed error, never a decimal signal."""
    if not (whole.is_finite() and part.is_finite() and whole > 0):
        return
    try:
        percent_function(2, "ROUND_HALF_UP")(part, whole)
    except LKjIPError as exc:
        assert not isinstance(exc, decimal.DecimalException)


# --- 4. every pattern runs in linear time --------------------------------------------

_ADVERSARIAL = [
    "1-" * 8000,
    "1" * 6000 + "-",
    "," * 10000,
    "." * 10000,
    " - " * 3000 + "\nx",
    "1 " * 5000 + "x",
    "s.d" * 3000 + "\nx",
    "sampai " * 2000 + "\n1",
    "sampai" + " " * 10000 + "x",
    " " * 10000 + "x",
    "\t" * 10000 + "B" + " " * 10000 + "\n!",
    "1.234" * 2000,
    "-" * 10000 + "1",
    "Rp" * 5000,
    "1" * 1_000_000,
]


@pytest.mark.parametrize("cell", _ADVERSARIAL, ids=lambda c: f"{c[:8]!r}x{len(c)}")
def test_long_adversarial_cells_finish_fast(cell: str) -> None:
    start = time.perf_counter()
    for attempt in (
        lambda: capaian(cell, 5),
        lambda: capaian(5, cell, direction="lower"),
        lambda: parse_target(cell),
        lambda: parse_number(cell),
        lambda: parse_number(cell, decimal_mark=","),
        lambda: rata_rata([cell]),
    ):
        with pytest.raises(LKjIPError) as caught:
            attempt()
        assert len(str(caught.value)) < 300
    assert time.perf_counter() - start < 0.5


@given(st.text(" -–—s.d/ampidengan0123456789,\n", max_size=300))
def test_range_reading_is_fast_and_typed(text: str) -> None:
    start = time.perf_counter()
    try:
        parse_target(text)
    except LKjIPError:
        pass
    assert time.perf_counter() - start < 0.05


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("7-8", 7, 8),
        ("7 – 8", 7, 8),
        ("7 s.d 8", 7, 8),
        ("7 s.d. 8", 7, 8),
        ("7 s/d 8", 7, 8),
        ("7 S/D 8", 7, 8),
        ("7 sampai dengan 8", 7, 8),
        ("7 sampai 8", 7, 8),
        (" 1,5 - 2,5 ", Decimal("1.5"), Decimal("2.5")),
        ("-5 - -3", -5, -3),
    ],
)
def test_range_targets_still_read(text: str, low: object, high: object) -> None:
    assert parse_target(text) == Rentang(low, high)


# --- 5. messages quote a bounded part of every operand --------------------------------


def test_shown_cuts_every_operand() -> None:
    assert shown("x" * 1_000_000) == repr("x" * OPERAND_LIMIT) + "…"
    assert len(shown(10**100_000)) < 60
    assert len(shown(Decimal("1" * 10_000))) <= OPERAND_LIMIT + 1
    assert len(shown(list(range(100_000)))) < 100


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: parse_number("1" * 1_000_000),
        lambda: parse_number("1," + "2" * 90),
        lambda: capaian(5, 5, direction="x" * 1_000_000),
        lambda: capaian(5, 5, lower_method="x" * 1_000_000),
        lambda: capaian(5, 5, rounding="x" * 1_000_000),
        lambda: capaian(5, 5, places=10**5000),
        lambda: capaian(Decimal("-" + "1" * 50), 5),
        lambda: lkjip.penyerapan(Decimal("-" + "1" * 29), 5),
        lambda: lkjip.sisa_anggaran(Decimal("9" * 30), Decimal("1." + "1" * 59 + "E-60")),
        lambda: to_decimal(Decimal("NaN" + "1" * 10_000)),
        lambda: to_decimal("  -  " + " " * 1_000_000),
        lambda: rata_rata("1" * 1_000_000),
        lambda: total_anggaran([("1" * 1_000_000,)]),
    ],
)
def test_messages_are_short(attempt: Callable[[], object]) -> None:
    with pytest.raises((LKjIPError, TypeError)) as caught:
        attempt()
    assert len(str(caught.value)) < 300, str(caught.value)[:300]


# --- 6. a list of values is a list ----------------------------------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: rata_rata("123"),
        lambda: rata_rata(b"123"),
        lambda: rata_rata(123),
        lambda: rata_rata({"a": 1}),
        lambda: rata_rata([[1, 2]]),
        lambda: rata_rata([object()]),
        lambda: lkjip.jumlah("123"),
        lambda: lkjip.jumlah(5),
        lambda: lkjip.nilai_ikm("3"),
        lambda: lkjip.nilai_ikm(None),
        lambda: total_anggaran([(1,)]),
        lambda: total_anggaran([(1, 2, 3)]),
        lambda: total_anggaran(["12"]),
        lambda: total_anggaran([1]),
        lambda: total_anggaran("12"),
        lambda: total_anggaran(None),
        lambda: total_anggaran([{"pagu": 1, "realisasi": 2}]),
    ],
)
def test_lists_of_values_are_checked(attempt: Callable[[], object]) -> None:
    with pytest.raises(InvalidTypeError):
        attempt()


def test_rata_rata_names_what_was_wrong() -> None:
    with pytest.raises(InvalidTypeError, match="list of values, not text"):
        rata_rata("123")
    with pytest.raises(InvalidTypeError, match=r"row 2 must be a \(pagu, realisasi\) pair"):
        total_anggaran([(1, 2), (1,)])
    with pytest.raises(InvalidTypeError, match=r"item 2"):
        rata_rata(["1", [2]])
    assert rata_rata(iter(["87", "90"])) == Decimal("88.50")
    assert total_anggaran(iter([("10", "5")])).penyerapan == Decimal("50.00")


@given(st.one_of(st.text(), st.binary(), st.integers(), st.floats(), st.none()))
def test_no_scalar_is_iterated_as_values(value: object) -> None:
    for rule in (rata_rata, lkjip.jumlah, lkjip.nilai_ikm, total_anggaran):
        with pytest.raises(InvalidTypeError):
            rule(value)  # type: ignore[arg-type]


def test_typed_errors_are_still_type_errors() -> None:
    assert issubclass(InvalidTypeError, TypeError) and issubclass(InvalidTypeError, LKjIPError)
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(NotComputableError):  # an empty list is still "nothing to average"
        rata_rata([])
