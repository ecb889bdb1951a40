"""Property tests for every rule (hypothesis).

Expected values come from tests/reference.py (exact fractions, integer rounding)
or from the spec's tables written out here, never from the library itself.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip import (
    Atribut,
    InvalidNumberError,
    KategoriEfisiensi,
    MutuIKM,
    Predikat,
    PredikatAKIP,
    capaian,
    format_number,
    parse_number,
)
from lkjip.numbers import MAX_DIGITS

from reference import (
    capaian_higher,
    capaian_inverse,
    capaian_reflected,
    frac,
    round_half_up,
    truncate,
)


def decimals(
    lo_exp: int = -6, hi_digits: int = 15, positive: bool = True
) -> st.SearchStrategy[Decimal]:
    """Decimals with up to ``-lo_exp`` decimals and ``hi_digits`` digits: sen, 10^-6, 10^15."""
    units = st.integers(1 if positive else -(10**hi_digits), 10**hi_digits)
    return st.builds(lambda n, e: Decimal(n).scaleb(e), units, st.integers(lo_exp, 0))


targets = decimals()
realisasi = decimals(positive=False)
places = st.integers(0, 4)
roundings = st.sampled_from([ROUND_HALF_UP, ROUND_DOWN])


def reference_round(x: Fraction, p: int, rounding: str) -> Decimal:
    return round_half_up(x, p) if rounding == ROUND_HALF_UP else truncate(x, p)


# --- capaian -----------------------------------------------------------------


@given(targets, realisasi, places, roundings)
def test_capaian_higher_matches_exact_reference(t: Decimal, r: Decimal, p: int, rnd: str) -> None:
    got = capaian(t, r, places=p, rounding=rnd)
    assert got == reference_round(capaian_higher(frac(t), frac(r)), p, rnd)
    assert got.as_tuple().exponent == -p


@given(targets, realisasi, places, roundings)
def test_capaian_reflected_matches_exact_reference(
    t: Decimal, r: Decimal, p: int, rnd: str
) -> None:
    got = capaian(t, r, direction="lower", places=p, rounding=rnd)
    assert got == reference_round(capaian_reflected(frac(t), frac(r)), p, rnd)


@given(targets, targets, places, roundings)
def test_capaian_inverse_matches_exact_reference(t: Decimal, r: Decimal, p: int, rnd: str) -> None:
    got = capaian(t, r, direction="lower", lower_method="inverse", places=p, rounding=rnd)
    assert got == reference_round(capaian_inverse(frac(t), frac(r)), p, rnd)


@given(targets, realisasi, realisasi)
def test_capaian_monotone_higher_antimonotone_lower(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = min(r1, r2), max(r1, r2)
    assert capaian(t, lo) <= capaian(t, hi)
    assert capaian(t, lo, direction="lower") >= capaian(t, hi, direction="lower")
    if lo > 0:
        inv = {"direction": "lower", "lower_method": "inverse"}
        assert capaian(t, lo, **inv) >= capaian(t, hi, **inv)


@given(targets)
def test_all_methods_give_100_at_target(t: Decimal) -> None:
    assert capaian(t, t) == capaian(t, t, direction="lower") == Decimal("100.00")
    assert capaian(t, t, direction="lower", lower_method="inverse") == Decimal("100.00")


@given(st.integers(0, 10**9), st.integers(0, 3))
def test_ties_go_half_up_and_round_down_truncates(n: int, p: int) -> None:
    # target 100: capaian = realisasi, so r = n.…5 at p + 1 decimals is an exact tie
    r = Decimal(n * 10 + 5).scaleb(-(p + 1))
    up = capaian(100, r, places=p)
    down = capaian(100, r, places=p, rounding=ROUND_DOWN)
    assert up - down == Decimal(1).scaleb(-p)
    assert down == truncate(frac(r), p)
    # reflected, realisasi −r: (200 + r) %, a tie too
    assert capaian(100, -r, direction="lower", places=p) == round_half_up(200 + frac(r), p)


@given(targets, realisasi, places)
def test_never_negative_zero(t: Decimal, r: Decimal, p: int) -> None:
    for value in (
        capaian(t, r, places=p),
        capaian(t, r, direction="lower", places=p),
        capaian(t, 2 * t + r.copy_abs() / 10**9, direction="lower", places=p),
    ):
        assert not (value == 0 and value.is_signed()), value


# --- scales --------------------------------------------------------------------

# The spec's tables, as intervals (lower, lower included, upper, upper included).
INF = None
SPEC_TABLES = {
    "predikat": (
        lkjip.predikat,
        [
            (Predikat.SANGAT_TINGGI, "90", False, INF, False),
            (Predikat.TINGGI, "75", False, "90", True),
            (Predikat.SEDANG, "65", False, "75", True),
            (Predikat.RENDAH, "50", False, "65", True),
            (Predikat.SANGAT_RENDAH, INF, False, "50", True),
        ],
        (-1000, 1000),
    ),
    "atribut": (
        lkjip.atribut,
        [
            (Atribut.SANGAT_BERHASIL, "85", True, INF, False),
            (Atribut.BERHASIL, "70", True, "85", False),
            (Atribut.CUKUP_BERHASIL, "55", True, "70", False),
            (Atribut.TIDAK_BERHASIL, INF, False, "55", False),
        ],
        (-1000, 1000),
    ),
    "akip": (
        lkjip.predikat_akip,
        [
            (PredikatAKIP.AA, "90", False, "100", True),
            (PredikatAKIP.A, "80", False, "90", True),
            (PredikatAKIP.BB, "70", False, "80", True),
            (PredikatAKIP.B, "60", False, "70", True),
            (PredikatAKIP.CC, "50", False, "60", True),
            (PredikatAKIP.C, "30", False, "50", True),
            (PredikatAKIP.D, "0", True, "30", True),
        ],
        (0, 100),
    ),
    "ikm": (
        lkjip.mutu_ikm,
        [
            (MutuIKM.A, "88.30", False, "100", True),
            (MutuIKM.B, "76.60", False, "88.30", True),
            (MutuIKM.C, "64.99", False, "76.60", True),
            (MutuIKM.D, "25", True, "64.99", True),
        ],
        (25, 100),
    ),
    "efisiensi": (
        lkjip.kategori_efisiensi,
        [
            (KategoriEfisiensi.EFISIEN, "1", True, INF, False),
            (KategoriEfisiensi.KURANG_EFISIEN, INF, False, "1", False),
        ],
        (-100, 100),
    ),
}


def _inside(v: Decimal, lo: str | None, lo_in: bool, hi: str | None, hi_in: bool) -> bool:
    above = lo is None or v > Decimal(lo) or (lo_in and v == Decimal(lo))
    below = hi is None or v < Decimal(hi) or (hi_in and v == Decimal(hi))
    return above and below


def _values_near_edges(
    table: list[tuple[object, ...]], span: tuple[int, int]
) -> st.SearchStrategy[Decimal]:
    edges = sorted({Decimal(str(e)) for row in table for e in (row[1], row[3]) if e is not None})
    lo, hi = span
    near = st.builds(
        lambda e, k, sign: e + sign * Decimal(1).scaleb(-k),
        st.sampled_from(edges),
        st.integers(1, 12),
        st.sampled_from([-1, 1]),
    )
    anywhere = st.decimals(min_value=lo, max_value=hi, places=4, allow_nan=False)
    return st.one_of(st.sampled_from(edges), near, anywhere).filter(lambda v: lo <= v <= hi)


@pytest.mark.parametrize("name", SPEC_TABLES)
@given(data=st.data())
def test_every_number_falls_in_exactly_one_band(name: str, data: st.DataObject) -> None:
    classify, table, span = SPEC_TABLES[name]
    v = data.draw(_values_near_edges(table, span))
    holding = [row[0] for row in table if _inside(v, *row[1:])]  # type: ignore[arg-type]
    assert len(holding) == 1, f"{v} is in {holding} of the spec table"
    assert classify(v) is holding[0]


# inside the value limits (at most MAX_DIGITS digits: more is refused, docs/keamanan.md)
_READABLE = st.decimals(-1000, 1000, allow_nan=False).filter(
    lambda d: len(d.as_tuple().digits) <= MAX_DIGITS
)


@given(_READABLE, _READABLE)
def test_scales_are_monotone(a: Decimal, b: Decimal) -> None:
    lo, hi = min(a, b), max(a, b)
    order = list(Predikat)
    assert order.index(lkjip.predikat(lo)) >= order.index(lkjip.predikat(hi))


# --- anggaran and aggregation --------------------------------------------------

rupiah = decimals(lo_exp=-2, hi_digits=17)  # up to 10^15 Rupiah with sen


@given(rupiah, decimals(lo_exp=-2, hi_digits=17, positive=False), places, roundings)
def test_anggaran_matches_reference(pagu: Decimal, real: Decimal, p: int, rnd: str) -> None:
    share = frac(real) / frac(pagu) * 100
    assert lkjip.penyerapan(pagu, real, places=p, rounding=rnd) == reference_round(share, p, rnd)
    assert lkjip.efisiensi_anggaran(pagu, real, places=p, rounding=rnd) == reference_round(
        100 - share, p, rnd
    )
    assert frac(lkjip.sisa_anggaran(pagu, real)) == frac(pagu) - frac(real)


@given(decimals(positive=False), targets, places)
def test_tingkat_efisiensi_matches_reference(c: Decimal, s: Decimal, p: int) -> None:
    assert lkjip.tingkat_efisiensi(c, s, places=p) == round_half_up(frac(c) / frac(s), p)


@given(st.lists(st.tuples(rupiah, rupiah), min_size=1, max_size=8))
def test_total_is_ratio_of_sums(rows: list[tuple[Decimal, Decimal]]) -> None:
    t = lkjip.total_anggaran(rows)
    sp, sr = sum(frac(p) for p, _ in rows), sum(frac(r) for _, r in rows)
    assert (frac(t.pagu), frac(t.realisasi), frac(t.sisa)) == (sp, sr, sp - sr)
    assert t.penyerapan == round_half_up(sr / sp * 100, 2)


@given(st.lists(decimals(positive=False), min_size=1, max_size=10), st.booleans())
def test_rata_rata_matches_reference(values: list[Decimal], capped: bool) -> None:
    cap = Decimal(100) if capped else None
    fs = [min(frac(v), Fraction(100)) if capped else frac(v) for v in values]
    got = lkjip.rata_rata(values, cap=cap)
    assert got == round_half_up(sum(fs) / len(fs), 2)
    if capped:
        assert got <= 100


# --- numbers -------------------------------------------------------------------

amounts = st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False)


@given(amounts, st.integers(0, 4))
def test_format_then_parse_round_trips(x: Decimal, p: int) -> None:
    exact = round_half_up(frac(x), p)
    assert parse_number(format_number(x, p)) == exact
    assert parse_number(lkjip.format_persen(x, p)) == exact
    assert parse_number(lkjip.format_rupiah(x, 2)) == round_half_up(frac(x), 2)


@given(amounts)
def test_us_style_with_two_decimals_round_trips(x: Decimal) -> None:
    assert parse_number(f"{x:,.2f}") == x


@given(st.text(max_size=40))
def test_parse_number_only_raises_its_own_error(text: str) -> None:
    try:
        got = parse_number(text)
    except InvalidNumberError:
        return
    assert got is None or (isinstance(got, Decimal) and got.is_finite())


# --- context discipline ----------------------------------------------------------


def _sample_results(t: object, r: object) -> list[object]:
    return [
        capaian(t, r),
        capaian(t, r, direction="lower"),
        capaian(t, r, direction="lower", lower_method="inverse"),
        capaian(t, r, places=None),
        lkjip.kemajuan(t, r),
        lkjip.penyerapan(t, r),
        lkjip.efisiensi_anggaran(t, r),
        lkjip.sisa_anggaran(t, r),
        lkjip.tingkat_efisiensi(r, t),
        lkjip.rata_rata([t, r], cap=100),
        lkjip.selisih(r, t),
        lkjip.predikat(r),
        lkjip.atribut(r),
        lkjip.format_number(r),
    ]


@given(decimals(hi_digits=20), decimals(hi_digits=20))
def test_global_context_changes_do_not_alter_results(t: Decimal, r: Decimal) -> None:
    expected = _sample_results(t, r)
    hostile = decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR, Emax=10, traps=[])
    with decimal.localcontext(hostile):
        assert _sample_results(t, r) == expected


@given(
    st.floats(min_value=1e-6, max_value=1e12, allow_nan=False),
    st.floats(min_value=1e-6, max_value=1e12, allow_nan=False),
)
def test_no_float_reaches_a_rule(t: float, r: float) -> None:
    trapping = decimal.Context(traps=[decimal.FloatOperation])
    with decimal.localcontext(trapping):
        results = _sample_results(t, r)  # any Decimal(float) or float comparison would raise
    expected = _sample_results(Decimal(repr(t)), Decimal(repr(r)))
    assert results == expected
    assert all(not isinstance(x, float) for x in results)


def test_huge_and_tiny_are_exact() -> None:
    pagu = Decimal("999999999999999.99")  # 10^15 Rupiah with sen
    assert lkjip.sisa_anggaran(pagu, "0.01") == Decimal("999999999999999.98")
    assert capaian("0.000001", "0.000002") == Decimal("200.00")
    t28 = Decimal("1234567890123456789012345678")  # 28 digits
    assert capaian(t28, t28) == Decimal("100.00")
    assert capaian(t28, t28 + Decimal("0.5")) == Decimal("100.00")
    assert capaian(Decimal("0.001"), Decimal("1E+20")) == Decimal("1E+25").quantize(Decimal("0.01"))
    assert lkjip.sisa_anggaran(Decimal("1E+29"), Decimal("0.01")) == Decimal(
        "99999999999999999999999999999.99"
    )
    with pytest.raises(lkjip.NotComputableError, match="digits"):  # would need rounding
        lkjip.sisa_anggaran(Decimal("1E+29"), Decimal("1E-60"))
    with pytest.raises(lkjip.InvalidNumberError, match="beyond the limits"):  # issue 10
        lkjip.sisa_anggaran(Decimal("1E+100"), Decimal("0.01"))


# --- kemajuan, selisih/tren, AKIP and IKM scores -------------------------------


@given(targets, realisasi, st.sampled_from(["higher", "lower"]))
def test_kemajuan_is_capaian_against_the_renstra_target(
    t_akhir: Decimal, r: Decimal, arah: str
) -> None:
    f = capaian_higher if arah == "higher" else capaian_reflected
    assert lkjip.kemajuan(t_akhir, r, direction=arah) == round_half_up(f(frac(t_akhir), frac(r)), 2)


@given(decimals(positive=False), decimals(positive=False))
def test_selisih_and_tren_agree(now: Decimal, before: Decimal) -> None:
    diff = lkjip.selisih(now, before)
    assert frac(diff) == frac(now) - frac(before)
    expected = lkjip.Tren.NAIK if now > before else lkjip.Tren.TURUN if now < before else None
    assert lkjip.tren(now, before) is (expected or lkjip.Tren.TETAP)


unsur = st.decimals(min_value=1, max_value=4, places=2, allow_nan=False)


@given(st.lists(unsur, min_size=1, max_size=15))
def test_nilai_ikm_is_truncated_mean_times_25(scores: list[Decimal]) -> None:
    mean = sum(frac(s) for s in scores) / len(scores)
    ikm = lkjip.nilai_ikm(scores)
    assert ikm == truncate(mean * 25, 2)
    assert 25 <= ikm <= 100
    lkjip.mutu_ikm(ikm)  # always on the scale


@given(
    st.decimals(0, 30, places=2),
    st.decimals(0, 30, places=2),
    st.decimals(0, 15, places=2),
    st.decimals(0, 25, places=2),
)
def test_nilai_akip_is_the_sum_and_always_has_a_predikat(
    a: Decimal, b: Decimal, c: Decimal, d: Decimal
) -> None:
    nilai = lkjip.nilai_akip(a, b, c, d)
    assert frac(nilai) == frac(a) + frac(b) + frac(c) + frac(d)
    assert lkjip.predikat_akip(nilai) in list(lkjip.PredikatAKIP)
