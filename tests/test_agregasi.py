"""Aggregation (spec §6) and the AKIP / IKM scores (§7, §8)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from lkjip import NotComputableError, Tren, nilai_akip, nilai_ikm, rata_rata, selisih, tren


def test_mean_of_sasaran_indikator() -> None:
    assert rata_rata(["100", "100", "87"]) == Decimal("95.67")
    assert rata_rata(["550%", "333%", "0%"]) == Decimal("294.33")
    assert rata_rata(["550%", "333%", "0%"], cap=100) == Decimal("66.67")
    assert rata_rata([Decimal("1"), 2], places=None) == Decimal("1.5")


def test_mean_of_nothing() -> None:
    with pytest.raises(NotComputableError, match="no values"):
        rata_rata([])


def test_selisih_and_trend() -> None:
    assert selisih("105,42 %", "103, 44 %") == Decimal("1.98")  # seed 001 l.712
    assert selisih("550%", "300%") == Decimal("250")  # seed 004 l.909
    assert tren("550%", "300%") is Tren.NAIK
    assert tren("87", "87%") is Tren.TETAP
    assert tren("85", "87") is Tren.TURUN
    assert str(Tren.NAIK) == "naik"


def test_nilai_akip_sums_weighted_components() -> None:
    assert nilai_akip(30, 30, 15, 25) == Decimal(100)
    with pytest.raises(NotComputableError, match="evaluasi"):
        nilai_akip(0, 0, 0, "25,5")


def test_nilai_ikm_truncates_by_default() -> None:
    # mean(3, 4, 4) × 25 = 91,666… → 91,66 truncated, 91,67 half-up
    assert nilai_ikm([3, 4, 4]) == Decimal("91.66")
    assert nilai_ikm([3, 4, 4], rounding=ROUND_HALF_UP) == Decimal("91.67")
    with pytest.raises(NotComputableError, match="1–4"):
        nilai_ikm([5])
    with pytest.raises(NotComputableError):
        nilai_ikm([])
