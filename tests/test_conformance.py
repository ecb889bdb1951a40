"""Every calculation of the three example reports (tests/data/cases/*.jsonl).

Each case gives the inputs as printed in one of the reports under examples/laporan/
and the figure the rules give (docs/); the library must reproduce that figure, or
refuse with its own error where the case has no figure (``"expected": null``): a
placeholder such as ``-`` reads as no number, anything else is refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import lkjip

from conftest import load_cases

CASES = load_cases()


def places_of(expected: str) -> int:
    return len(expected.split(".")[1]) if "." in expected else 0


def compute(kind: str, inp: dict[str, Any], places: int) -> Any:
    if kind == "parse":
        return lkjip.parse_number(inp["text"])
    if kind == "capaian":
        return lkjip.capaian(
            inp["target"], inp["realisasi"], direction=inp["direction"], places=places
        )
    if kind == "kemajuan":
        return lkjip.kemajuan(
            inp["target_akhir"],
            inp["realisasi"],
            direction=inp.get("direction", "higher"),
            places=places,
        )
    if kind == "penyerapan":
        return lkjip.penyerapan(inp["pagu"], inp["realisasi"], places=places)
    if kind == "efisiensi_anggaran":
        return lkjip.efisiensi_anggaran(inp["pagu"], inp["realisasi"], places=places)
    if kind == "tingkat_efisiensi":
        return lkjip.tingkat_efisiensi(inp["capaian"], inp["penyerapan"], places=places)
    if kind == "sisa":
        return lkjip.sisa_anggaran(inp["pagu"], inp["realisasi"])
    if kind == "sum":
        return lkjip.jumlah(inp["values"])
    if kind == "mean":
        return lkjip.rata_rata(inp["values"], places=places)
    if kind == "selisih":
        return lkjip.selisih(inp["sekarang"], inp["lalu"])
    if kind == "predikat":
        return lkjip.predikat(inp["capaian"])
    if kind == "atribut":
        return lkjip.atribut(inp["capaian"])
    if kind == "predikat_akip":
        return lkjip.predikat_akip(inp["nilai"])
    if kind == "kategori_efisiensi":
        return lkjip.kategori_efisiensi(inp["tingkat_efisiensi"])
    raise AssertionError(f"unknown case kind {kind!r}")


LABELS = {"predikat", "atribut", "predikat_akip", "kategori_efisiensi"}


PLACEHOLDERS = {"-", "\u2013", "\u2014", ""}


def where(case: dict[str, Any]) -> str:
    return f"{case['report']} l.{case['line']}"


def test_the_cases_are_there() -> None:
    assert len(CASES) == 957, f"expected the 957 cases in tests/data/cases/, found {len(CASES)}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    kind, inp, expected = case["kind"], case["inputs"], case["expected"]
    if expected is None:
        if kind == "parse" and inp["text"].strip() in PLACEHOLDERS:
            assert compute(kind, inp, 2) is None, where(case)
        else:
            with pytest.raises(lkjip.LKjIPError):
                compute(kind, inp, 2)
        return
    if kind in LABELS:
        got = compute(kind, inp, 2)
        assert isinstance(got, str) and got == expected, where(case)
        return
    got = compute(kind, inp, places_of(expected))
    assert isinstance(got, Decimal)
    if kind in {"sisa", "sum", "selisih"}:  # exact results; the case shows them at print precision
        assert got == Decimal(expected), where(case)
    else:
        assert str(got) == expected, where(case)  # same value *and* the printed precision
