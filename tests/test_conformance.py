"""Every calculation of the three seed reports (../shared/cases/*.jsonl).

Each case gives the inputs as printed and the figure spec/RULES.md gives; the
library must reproduce that figure, or refuse with its own error where the case
says the figure is not computable.
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


def test_the_cases_are_there() -> None:
    assert len(CASES) >= 900, f"expected the shared cases beside the project, found {len(CASES)}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    kind, inp, expected = case["kind"], case["inputs"], case["expected"]
    if expected is None:
        if kind == "parse" and "malformed" not in case["note"].lower():
            assert compute(kind, inp, 2) is None  # a placeholder such as "-"
        else:
            with pytest.raises(lkjip.LKjIPError):
                compute(kind, inp, 2)
        return
    if kind in LABELS:
        got = compute(kind, inp, 2)
        assert isinstance(got, str) and got == expected, case["context"]
        return
    got = compute(kind, inp, places_of(expected))
    assert isinstance(got, Decimal)
    if kind in {"sisa", "sum", "selisih"}:  # exact results; the case shows them at print precision
        assert got == Decimal(expected), case["context"]
    else:
        assert str(got) == expected, case["context"]  # same value *and* the printed precision
