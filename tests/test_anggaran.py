"""Anggaran (spec §5) with the seed reports' budget figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkjip import (
    NotComputableError,
    efisiensi_anggaran,
    jumlah,
    penyerapan,
    sisa_anggaran,
    tingkat_efisiensi,
    total_anggaran,
)


def test_penyerapan_seed_000() -> None:
    assert penyerapan("182.674.480,00", "175.041.950,00") == Decimal("95.82")  # seed 000 l.302
    assert penyerapan("1,396,524,280.00", "1,371,801,250.00", places=0) == Decimal("98")


def test_sisa_is_exact() -> None:
    assert sisa_anggaran("212.416.000,00", "196.586.104,58") == Decimal("15829895.42")  # l.1326


def test_efisiensi_rounds_once() -> None:
    # seed 000 l.1137 prints 1,97 (= 100 − rounded 98,03); rounded once it is 1,96
    assert efisiensi_anggaran("Rp. 9.054.048.938,-", "Rp. 8.876.182.851,58") == Decimal("1.96")


def test_tingkat_efisiensi_is_a_ratio() -> None:
    assert tingkat_efisiensi("333%", "93,16%") == Decimal("3.57")  # seed 004 l.377
    assert tingkat_efisiensi("0%", "95,25%") == Decimal("0.00")  # seed 004 l.378


@pytest.mark.parametrize("pagu", ["0", "-1"])
def test_pagu_zero_is_not_computable(pagu: str) -> None:
    with pytest.raises(NotComputableError, match="pagu is"):
        penyerapan(pagu, "0")  # seed 001 l.875 prints 0,00 for a zero pagu
    with pytest.raises(NotComputableError, match="pagu is"):
        efisiensi_anggaran(pagu, "0")


def test_penyerapan_zero_has_no_efficiency() -> None:
    with pytest.raises(NotComputableError, match="penyerapan is 0"):
        tingkat_efisiensi("100", "0")


def test_total_is_a_ratio_of_sums_not_a_mean_of_percentages() -> None:
    rows = [("100", "100"), ("900", "0")]
    t = total_anggaran(rows)
    assert (t.pagu, t.realisasi, t.sisa, t.rows) == (Decimal(1000), Decimal(100), Decimal(900), 2)
    assert t.penyerapan == Decimal("10.00")  # the mean of 100 % and 0 % would be 50
    assert total_anggaran([("0", "0")]).penyerapan is None


def test_jumlah_seed_000_program_total() -> None:
    programs = ["7.657.524.658,00", "182.674.480,00", "1.106.979.000,00", "104.370.800,00"]
    assert jumlah([*programs, "2.500.000,00"]) == Decimal("9054048938.00")  # seed 000 l.1358


# --- the messages in both languages (spec §18) ------------------------------------------


def _message(lang: str, call: object) -> str:
    from lkjip import LKjIPError, bahasa

    with pytest.raises(LKjIPError) as caught, bahasa(lang):
        call()  # type: ignore[operator]
    return str(caught.value)


def test_a_budget_refusal_in_indonesian_by_default_and_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lkjip import penyerapan, tingkat_efisiensi, total_anggaran

    monkeypatch.delenv("LKJIP_LANG", raising=False)
    with pytest.raises(NotComputableError) as caught:
        penyerapan(0, 0)
    assert str(caught.value) == (
        "penyerapan tidak dapat dihitung: pagu bernilai 0; anggaran nol atau kurang tidak "
        "memiliki penyerapan"
    )
    assert _message("en", lambda: penyerapan(0, 0)) == (
        "penyerapan cannot be computed: pagu is 0; a budget of zero or below has no absorption"
    )
    assert _message("id", lambda: tingkat_efisiensi(100, 0)) == (
        "tingkat efisiensi tidak dapat dihitung: penyerapan bernilai 0; tidak ada belanja "
        "untuk dibandingkan dengan capaian"
    )
    rows = [("100", "90"), ("200", "abc")]
    assert _message("id", lambda: total_anggaran([("100", "90"), ("200", None)])) == (
        "realisasi anggaran (baris 2) kosong: tidak ada angka untuk dihitung"
    )
    assert _message("en", lambda: total_anggaran([("100", "90"), ("200", None)])) == (
        "realisasi anggaran (row 2) is empty: there is no figure to compute with"
    )
    assert _message("en", lambda: total_anggaran(rows)).startswith("cannot read 'abc'")
    assert _message("id", lambda: total_anggaran([("100", "90"), "200"])) == (
        "total anggaran: baris 2 harus berupa pasangan (pagu, realisasi), bukan '200'"
    )
