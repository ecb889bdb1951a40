"""IKM and AKIP as the reports compute them (spec §16), and §1 amended numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip import (
    BobotIKM,
    InvalidNumberError,
    InvalidOptionError,
    InvalidTypeError,
    LKjIPError,
    MutuIKM,
    NotComputableError,
    PredikatAKIP,
    bobot_akip,
    ikm_survei,
    nilai_akip,
    nilai_ikm,
    parse_number,
)

from reference import frac, round_half_up, truncate

# A published IKM unsur table (issue 14): nine unsur.
UNSUR = ["3,24", "3,20", "3,20", "3,92", "3,36", "3,32", "3,32", "3,20", "4,00"]


def test_ikm_exact_and_three_decimal_bobot_by_hand() -> None:
    # Σ NRR = 3,24 + 3,20 + 3,20 + 3,92 + 3,36 + 3,32 + 3,32 + 3,20 + 4,00 = 30,76
    # exact: 30,76 / 9 × 25 = 85,444… → 85,44 (truncated)
    # bobot 0,111: 30,76 × 0,111 × 25 = 85,359 → 85,35 (truncated), as reports print
    assert sum(Fraction(u.replace(",", ".")) for u in UNSUR) == Fraction("30.76")
    assert nilai_ikm(UNSUR) == Decimal("85.44")
    assert nilai_ikm(UNSUR, bobot="exact") == Decimal("85.44")
    assert nilai_ikm(UNSUR, bobot="tiga_desimal") == Decimal("85.35")
    assert nilai_ikm(UNSUR, bobot=BobotIKM.TIGA_DESIMAL) == Decimal("85.35")
    assert nilai_ikm(UNSUR, bobot="tiga_desimal", places=3) == Decimal("85.359")


def test_ikm_three_decimal_bobot_rounds_half_up() -> None:
    # 1/6 = 0,1666… → 0,167; six unsur of 4: 24 × 0,167 × 25 = 100,2 (the practice
    # overshoots; the exact reading gives 100)
    assert nilai_ikm([4] * 6) == Decimal("100.00")
    assert nilai_ikm([4] * 6, bobot="tiga_desimal") == Decimal("100.20")
    # 1/8 = 0,125 exactly: both readings agree
    assert nilai_ikm([3] * 8, bobot="tiga_desimal") == nilai_ikm([3] * 8) == Decimal("75.00")


def test_ikm_bad_bobot_is_an_option_error() -> None:
    with pytest.raises(InvalidOptionError, match="unknown bobot 'rounded'"):
        nilai_ikm(UNSUR, bobot="rounded")


def test_survey_by_hand() -> None:
    # 4 respondents × 3 unsur; column sums 13, 10, 16 → NRR 3,25 2,50 4,00
    # IKM = (13 + 10 + 16) / (4 × 3) × 25 = 39 / 12 × 25 = 81,25 → B Baik
    survey = [[3, 2, 4], [4, 3, 4], [3, 2, 4], ["3", "3", "4"]]
    hasil = ikm_survei(survey)
    assert hasil.responden == 4
    assert hasil.nrr == (Decimal("3.25"), Decimal("2.50"), Decimal("4.00"))
    assert hasil.ikm == Decimal("81.25")
    assert hasil.mutu is MutuIKM.B
    assert hasil.kinerja == "Baik"
    assert hasil.bobot is BobotIKM.EXACT
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        hasil.ikm = Decimal(0)  # type: ignore[misc]


def test_three_decimal_bobot_past_the_ends_keeps_the_figure() -> None:
    # 1/7 = 0,142857… → 0,143: seven unsur of 4 give 7 × 4 × 0,143 × 25 = 100,10
    hasil = ikm_survei([[4] * 7], bobot="tiga_desimal")
    assert hasil.ikm == Decimal("100.10")
    assert hasil.mutu is MutuIKM.A
    # 1/3 → 0,333: three unsur of 1 give 3 × 0,333 × 25 = 24,975 → 24,97, rated D
    low = ikm_survei([[1, 1, 1]], bobot="tiga_desimal")
    assert (low.ikm, low.mutu) == (Decimal("24.97"), MutuIKM.D)


def test_survey_of_nine_unsur_three_decimal_bobot() -> None:
    # one respondent scoring 3 on nine unsur
    # exact: 27 / 9 × 25 = 75; bobot 0,111: 27 × 0,111 × 25 = 74,925 → 74,92 (C)
    hasil = ikm_survei([[3] * 9], bobot="tiga_desimal")
    assert hasil.ikm == Decimal("74.92")
    assert hasil.mutu is MutuIKM.C
    assert ikm_survei([[3] * 9]).ikm == Decimal("75.00")


@pytest.mark.parametrize(
    ("cell", "error", "words"),
    [
        (0, NotComputableError, "not one of 1–4"),
        (5, NotComputableError, "not one of 1–4"),
        ("5", NotComputableError, "not one of 1–4"),
        ("2,5", NotComputableError, "not one of 1–4"),
        ("", NotComputableError, "blank"),
        ("  ", NotComputableError, "blank"),
        (None, NotComputableError, "blank"),
        ("Baik", InvalidNumberError, "not a number 1–4"),
        (True, InvalidTypeError, "bool"),
    ],
)
def test_survey_bad_scores_are_typed_errors(cell: object, error: type, words: str) -> None:
    survey = [[4, 4, 4], [3, cell, 3]]
    with pytest.raises(error, match=words) as info:
        ikm_survei(survey)
    assert "respondent 2, unsur 2" in str(info.value)


def test_survey_shape_errors() -> None:
    with pytest.raises(NotComputableError, match="no respondents"):
        ikm_survei([])
    with pytest.raises(NotComputableError, match="respondent 2 gives 2 scores"):
        ikm_survei([[1, 2, 3], [1, 2]])
    with pytest.raises(InvalidTypeError):
        ikm_survei("3,4")
    with pytest.raises(InvalidTypeError):
        ikm_survei(["34", "44"])  # a row of text, not of scores


def _bobot3(n: int) -> Fraction:
    return Fraction(round_half_up(Fraction(1, n), 3))


@given(
    st.integers(1, 12).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(1, 4), min_size=n, max_size=n), min_size=1, max_size=30
        )
    ),
    st.sampled_from(["exact", "tiga_desimal"]),
)
def test_survey_matches_a_fraction_reference(rows: list[list[int]], bobot: str) -> None:
    n, r = len(rows[0]), len(rows)
    sums = [sum(row[i] for row in rows) for i in range(n)]
    nrr = [Fraction(s, r) for s in sums]
    weight = Fraction(1, n) if bobot == "exact" else _bobot3(n)
    expected = truncate(sum(x * weight for x in nrr) * 25, 2)
    hasil = ikm_survei(rows, bobot=bobot)
    assert hasil.ikm == expected
    assert hasil.nrr == tuple(truncate(x, 2) for x in nrr)


@given(st.lists(st.decimals(1, 4, places=2), min_size=1, max_size=15))
def test_three_decimal_bobot_matches_a_fraction_reference(scores: list[Decimal]) -> None:
    expected = truncate(sum(frac(s) for s in scores) * _bobot3(len(scores)) * 25, 2)
    assert nilai_ikm(scores, bobot="tiga_desimal") == expected
    rounded = round_half_up(sum(frac(s) for s in scores) * _bobot3(len(scores)) * 25, 2)
    assert nilai_ikm(scores, bobot="tiga_desimal", rounding=ROUND_HALF_UP) == rounded


# AKIP -----------------------------------------------------------------------------


def test_akip_2020_five_components_by_hand() -> None:
    # 25,43 + 15,31 + 9,86 + 5,90 + 12,63 = 69,13 (PermenPAN-RB 12/2015): B
    nilai = nilai_akip("25,43", "15,31", "9,86", "5,90", "12,63")
    assert nilai == Decimal("25.43") + Decimal("15.31") + Decimal("9.86") + Decimal(
        "5.90"
    ) + Decimal("12.63")
    assert nilai == Decimal("69.13")
    assert lkjip.predikat_akip(nilai) is PredikatAKIP.B
    assert nilai_akip("25,43", "15,31", "9,86", "5,90", "12,63", bobot="12/2015") == nilai


def test_akip_four_components_take_88_2021() -> None:
    assert nilai_akip(30, 30, 15, 25) == Decimal(100)
    assert nilai_akip(30, 30, 15, 25, bobot="88/2021") == Decimal(100)
    with pytest.raises(NotComputableError, match=r"pengukuran score 26 is outside 0–25"):
        nilai_akip(30, 26, 15, 10, 20)  # 26 fits 88/2021's 30, not 12/2015's 25
    assert nilai_akip(30, 26, 15, 25) == Decimal(96)


@pytest.mark.parametrize(
    ("scores", "bobot", "error", "words"),
    [
        ((31, 0, 0, 0), None, NotComputableError, "perencanaan score 31 is outside 0–30"),
        ((0, 0, 0, 0, "20,01"), None, NotComputableError, "capaian score 20.01 is outside 0–20"),
        ((0, 0, 0, "10,5", 0), None, NotComputableError, "evaluasi score 10.5 is outside 0–10"),
        ((-1, 0, 0, 0), None, NotComputableError, "outside 0–30"),
        ((1, 2, 3), None, InvalidTypeError, "4 .*or 5 .*not 3"),
        ((1, 2, 3, 4, 5, 6), None, InvalidTypeError, "not 6"),
        ((), None, InvalidTypeError, "not 0"),
        ((1, 2, 3, 4), "12/2015", InvalidTypeError, "has 5 components"),
        ((1, 2, 3, 4), "2021", InvalidOptionError, "unknown AKIP weight set"),
        ((1, 2, 3, "abc"), None, InvalidNumberError, "abc"),
        ((1, 2, 3, True), None, InvalidTypeError, "bool"),
    ],
)
def test_akip_raises_only_lkjip_errors(
    scores: tuple[object, ...], bobot: str | None, error: type, words: str
) -> None:
    with pytest.raises(error, match=words) as info:
        nilai_akip(*scores, bobot=bobot)
    assert isinstance(info.value, LKjIPError)


def test_akip_weight_sets_are_cited_data() -> None:
    five = bobot_akip("12/2015")
    assert dict(five.weights) == {
        "perencanaan": 30,
        "pengukuran": 25,
        "pelaporan": 15,
        "evaluasi": 10,
        "capaian": 20,
    }
    assert sum(five.weights.values()) == 100
    four = bobot_akip("88/2021")
    assert dict(four.weights) == {
        "perencanaan": 30,
        "pengukuran": 30,
        "pelaporan": 15,
        "evaluasi": 25,
    }
    for s in lkjip.BOBOT_AKIP_SETS:
        assert s.citation.regulation.startswith("Peraturan Menteri PANRB")
        assert not s.citation.verified  # spec §16: unverified
        assert s.citation.source
    assert nilai_akip(1, 1, 1, 1, 1, bobot=five) == Decimal(5)


# §1 amended ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("30,163", ".", "30163"),  # the other mark groups thousands
        ("30.163", ",", "30163"),
        ("0.500", None, "0.5"),  # a leading 0 group cannot group thousands
        ("0.125", None, "0.125"),
        ("1.234", None, "1234"),
    ],
)
def test_numbers_as_amended(text: str, mark: str | None, expected: str) -> None:
    assert parse_number(text, decimal_mark=mark) == Decimal(expected)


# --- the messages in both languages (spec §18) ------------------------------------------


def _message(lang: str, call: object) -> str:
    with pytest.raises(lkjip.LKjIPError) as caught, lkjip.bahasa(lang):
        call()  # type: ignore[operator]
    return str(caught.value)


def test_ikm_and_akip_refusals_in_indonesian_by_default_and_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    with pytest.raises(lkjip.NotComputableError) as caught:
        lkjip.nilai_akip(31, 0, 0, 0)
    assert str(caught.value) == (
        "nilai perencanaan 31 berada di luar 0–30 (bobotnya dalam PermenPAN-RB 88/2021)"
    )
    assert _message("en", lambda: lkjip.nilai_akip(31, 0, 0, 0)) == (
        "the perencanaan score 31 is outside 0–30 (its weight in PermenPAN-RB 88/2021)"
    )
    assert _message("id", lambda: lkjip.nilai_akip(1, 2, 3)) == (
        "nilai_akip menerima satu nilai per komponen: 4 (PermenPAN-RB 88/2021) atau "
        "5 (PermenPAN-RB 12/2015), bukan 3"
    )
    assert _message("en", lambda: lkjip.nilai_akip(1, 2, 3)) == (
        "nilai_akip takes one score per component: 4 (PermenPAN-RB 88/2021) or "
        "5 (PermenPAN-RB 12/2015), not 3"
    )
    survey = [[3, 4, 3], [4, None, 3]]
    assert _message("id", lambda: lkjip.ikm_survei(survey)) == (
        "responden 2, unsur 2: skornya kosong; setiap responden memberi skor 1–4 pada setiap "
        "unsur (keluarkan responden yang tidak menjawab)"
    )
    assert _message("en", lambda: lkjip.ikm_survei([[3, 4], [4, True]])) == (
        "the score of respondent 2, unsur 2 must be a number or text, not bool (True)"
    )
    assert _message("id", lambda: lkjip.ikm_survei([[3, 4], [4, "2,5"]])) == (
        "responden 2, unsur 2: skor '2,5' bukan salah satu dari 1–4 (PermenPAN-RB 14/2017 "
        "memberi skor 1, 2, 3 atau 4 pada setiap unsur)"
    )
    assert _message("en", lambda: lkjip.nilai_ikm(["3", "5"])) == (
        "the unsur score 5 is outside 1–4 (PermenPAN-RB 14/2017)"
    )
