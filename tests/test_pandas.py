"""The df.lkjip accessor: floats, text and Decimals; missing and uncomputable rows."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import lkjip

from conftest import load_cases, optional

pytestmark = pytest.mark.needs("pandas")
pd = optional("pandas")
optional("lkjip.pandas")  # registers df.lkjip

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def places_of(expected: str) -> int:
    return len(expected.split(".")[1]) if "." in expected else 0


def by_places(kind: str) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in load_cases():
        if c["kind"] == kind and c["expected"] is not None:
            groups[places_of(c["expected"])].append(c)
    return groups


@pytest.mark.parametrize("places", sorted(by_places("capaian")))
def test_capaian_of_every_seed_case(places: int) -> None:
    cases = by_places("capaian")[places]
    df = pd.DataFrame(
        {
            "Target": [c["inputs"]["target"] for c in cases],
            "Realisasi": [c["inputs"]["realisasi"] for c in cases],
            "Arah": [c["inputs"]["direction"] for c in cases],
        }
    )
    got = df.lkjip.capaian(opsi=lkjip.Opsi(places=places))
    assert [str(v) for v in got] == [c["expected"] for c in cases]


@pytest.mark.parametrize("places", sorted(by_places("penyerapan")))
def test_penyerapan_of_every_seed_case(places: int) -> None:
    cases = by_places("penyerapan")[places]
    df = pd.DataFrame(
        {
            "pagu": [c["inputs"]["pagu"] for c in cases],
            "realisasi anggaran": [c["inputs"]["realisasi"] for c in cases],
        }
    )
    out = df.lkjip.evaluate(opsi=lkjip.Opsi(places=places))
    assert [str(v) for v in out["penyerapan"]] == [c["expected"] for c in cases]


def test_float_text_and_decimal_columns_agree() -> None:
    # seed 001 l.703: target 87, realisasi 91,72 (unrounded) → 105,43 %
    floats = pd.DataFrame({"target": [87.0], "realisasi": [91.72]})
    texts = pd.DataFrame({"target": ["87"], "realisasi": ["91,72"]})
    decimals = pd.DataFrame({"target": [Decimal("87")], "realisasi": [Decimal("91.72")]})
    for df in (floats, texts, decimals):
        assert df.lkjip.capaian().tolist() == [Decimal("105.43")]


def test_float_columns_with_nan_use_the_fixed_point_path() -> None:
    df = pd.DataFrame(
        {"target": [87.0, float("nan"), 0.0, 8.0], "realisasi": [91.72, 5.0, 5.0, 1.0]}
    )
    got = df.lkjip.capaian(opsi=lkjip.Opsi(places=0)).tolist()
    assert got[0] == Decimal("105") and got[3] == Decimal("13")  # 12,5 half-up
    assert pd.isna(got[1]) and pd.isna(got[2])


def test_missing_and_uncomputable_rows_get_na_and_a_reason() -> None:
    df = pd.DataFrame(
        {"target": [87, None, 0, "B", 10.0], "realisasi": [90, 5, 5, "B", float("nan")]},
        index=["a", "b", "c", "d", "e"],
    )
    out = df.lkjip.evaluate()
    assert list(out.index) == ["a", "b", "c", "d", "e"]
    assert out.loc["a", "capaian"] == Decimal("103.45") and pd.isna(out.loc["a", "alasan"])
    for label, says in [
        ("b", "target is empty"),
        ("c", "target is 0"),
        ("d", "letter grade"),
        ("e", "realisasi is empty"),
    ]:
        assert pd.isna(out.loc[label, "capaian"]) and pd.isna(out.loc[label, "predikat"])
        assert says in out.loc[label, "alasan"]


def test_columns_by_keyword_and_efficiency_only_with_budget() -> None:
    df = pd.DataFrame({"T 2023": ["2"], "R 2023": ["11"]})
    out = df.lkjip.evaluate(target="T 2023", realisasi="R 2023")
    assert out.loc[0, "capaian"] == Decimal("550.00") and "penyerapan" not in out.columns
    with pytest.raises(KeyError, match="no column"):
        df.lkjip.capaian(target="Target")
    budget = pd.DataFrame(
        {
            "pagu": ["Rp. 303.407.700,-"],
            "realisasi_anggaran": ["290.670.898,-"],
            "capaian": ["550%"],
        }
    )
    out = budget.lkjip.evaluate()  # seed 004 l.1195
    assert out.loc[0, "penyerapan"] == Decimal("95.80")
    assert (
        out.loc[0, "tingkat_efisiensi"] == Decimal("5.74")
        and out.loc[0, "kategori_efisiensi"] == "Efisien"
    )


def test_audit_frame_of_a_seed_table() -> None:
    df = pd.read_csv(EXAMPLES / "004_capaian_kinerja.csv", sep=";", dtype=str)
    findings = df.lkjip.audit()
    assert findings[["row", "field", "reported", "expected"]].values.tolist() == [
        [5, "capaian", "133", "100"],  # seed 004 l.320 (case 004-0018)
        [6, "capaian", "83", "50"],  # seed 004 l.321 (case 004-0020)
    ]
    assert findings["index"].tolist() == [4, 5]


def test_importing_lkjip_after_pandas_registers_the_accessor() -> None:
    assert hasattr(pd.DataFrame({"target": [1]}), "lkjip")


def test_accessor_errors_in_both_languages() -> None:
    df = pd.DataFrame({"target": ["87"], "realisasi": ["90"]})
    with lkjip.bahasa("id"), pytest.raises(lkjip.InvalidTypeError) as caught:
        df.lkjip.capaian(targte="target")
    assert str(caught.value).startswith(
        "df.lkjip.capaian() menerima kata kunci yang tidak dikenal 'targte' "
        "(maksud Anda 'target'?); kata kunci kolom adalah nama kolom lkjip: "
    )
    with lkjip.bahasa("en"), pytest.raises(lkjip.InvalidTypeError) as caught:
        df.lkjip.capaian(targte="target")
    assert str(caught.value).startswith(
        "df.lkjip.capaian() got an unexpected keyword 'targte' (did you mean 'target'?); "
        "the column keywords are lkjip's column names: "
    )
