"""The audit engine against the seed reports' cases, and its table rules.

Each table-figure case of ../shared/cases becomes the table row (or rows) it was
read from: a disagreeing case must be found, an agreeing one must not be.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lkjip import audit
from lkjip.tabel import rows_from_dicts

from conftest import load_cases

# case kind -> the columns of a row, from the case's inputs and the printed figure
ROW_OF = {
    "capaian": lambda i, rep: {
        "target": i["target"],
        "realisasi": i["realisasi"],
        "arah": i.get("direction", "higher"),
        "capaian": rep,
    },
    "kemajuan": lambda i, rep: {
        "target_akhir": i["target_akhir"],
        "realisasi": i["realisasi"],
        "kemajuan": rep,
    },
    "penyerapan": lambda i, rep: {
        "pagu": i["pagu"],
        "realisasi_anggaran": i["realisasi"],
        "penyerapan": rep,
    },
    "sisa": lambda i, rep: {"pagu": i["pagu"], "realisasi_anggaran": i["realisasi"], "sisa": rep},
    "efisiensi_anggaran": lambda i, rep: {
        "pagu": i["pagu"],
        "realisasi_anggaran": i["realisasi"],
        "efisiensi_anggaran": rep,
    },
    "tingkat_efisiensi": lambda i, rep: {
        "capaian": i["capaian"],
        "penyerapan": i["penyerapan"],
        "tingkat_efisiensi": rep,
    },
    "kategori_efisiensi": lambda i, rep: {
        "tingkat_efisiensi": i["tingkat_efisiensi"],
        "kategori_efisiensi": rep,
    },
    "predikat": lambda i, rep: {"capaian": i["capaian"], "predikat": rep},
    "atribut": lambda i, rep: {"capaian": i["capaian"], "atribut": rep},
}


def table_of(case: dict[str, Any]) -> list[dict[str, Any]]:
    kind, inp, rep = case["kind"], case["inputs"], case["reported"]
    if kind == "sum":  # the summed rows, then the printed total
        return [{"level": "program", "pagu": v} for v in inp["values"]] + [
            {"level": "jumlah", "pagu": rep}
        ]
    if kind == "mean":
        return [{"capaian": v} for v in inp["values"]] + [{"level": "rata_rata", "capaian": rep}]
    return [ROW_OF[kind](inp, rep)]


TABLE_CASES = [c for c in load_cases() if c["kind"] in ROW_OF or c["kind"] in ("sum", "mean")]
WRONG = [c for c in TABLE_CASES if not c["agrees"]]
RIGHT = [c for c in TABLE_CASES if c["agrees"]]


def test_there_are_cases_of_both_kinds() -> None:
    assert len(WRONG) >= 60 and len(RIGHT) >= 600


@pytest.mark.parametrize("case", WRONG, ids=[c["id"] for c in WRONG])
def test_audit_finds_each_published_mistake(case: dict[str, Any]) -> None:
    rows = table_of(case)
    result = audit(rows_from_dicts(rows))
    assert result.findings, f"{case['id']} ({case['context']}): {case['note']}"
    field = "pagu" if case["kind"] == "sum" else case["kind"]
    if case["expected"] is None:  # not computable as printed: an input or the figure is named
        assert {t.field for t in result.findings} & {field, "pagu", "realisasi_anggaran"}
        return
    (finding,) = [t for t in result.findings if t.field == field]
    assert finding.row == len(rows)
    assert finding.expected is not None
    if case["kind"] in ("sum", "sisa"):  # exact figures, shown at the printed precision
        assert Decimal(finding.expected) == Decimal(case["expected"])
    else:
        assert finding.expected == case["expected"]


@pytest.mark.parametrize("case", RIGHT, ids=[c["id"] for c in RIGHT])
def test_audit_finds_nothing_in_agreeing_figures(case: dict[str, Any]) -> None:
    result = audit(rows_from_dicts(table_of(case)))
    assert result.findings == (), [t.message for t in result.findings]
