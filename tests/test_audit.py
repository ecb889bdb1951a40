"""The audit engine against the example reports' cases, and its table rules.

Each table-figure case of tests/data/cases becomes the table row (or rows) it was
read from: a disagreeing case must be found, an agreeing one must not be.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lkjip import LowerMethod, Opsi, audit
from lkjip.table.read import rows_from_dicts

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
    kind, inp, rep = case["kind"], case["inputs"], case["printed"]
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


def test_audit_follows_the_lower_method() -> None:
    # lower is better, target 10, realisasi 12: reflected 80 %, inverse 10/12 = 83,33 %
    row = {"target": "10", "realisasi": "12", "arah": "negatif", "capaian": "83,33"}
    inverse = Opsi(lower_method=LowerMethod.INVERSE)
    assert audit(rows_from_dicts([row]), inverse).findings == ()
    (finding,) = audit(rows_from_dicts([row])).findings
    assert (finding.field, finding.expected) == ("capaian", "80.00")
    assert "(2 × 10 − 12) / 10 × 100%" in finding.message


def test_totals_printed_above_their_rows() -> None:
    table = rows_from_dicts(
        [
            {"level": "jumlah", "pagu": "300", "realisasi_anggaran": "250", "penyerapan": "83,33"},
            {"level": "program", "pagu": "100", "realisasi_anggaran": "100"},
            {"level": "program", "pagu": "200", "realisasi_anggaran": "150"},
            {"level": "jumlah", "penyerapan": "90"},  # no own pagu: a ratio of sums
            {"level": "program", "pagu": "100", "realisasi_anggaran": "80"},
        ]
    )
    (finding,) = audit(table).findings
    assert (finding.row, finding.field, finding.expected) == (4, "penyerapan", "80")


def test_rata_rata_row() -> None:
    table = rows_from_dicts(
        [
            {"sasaran": "S", "target": "2", "realisasi": "11", "capaian": "550%"},
            {"sasaran": "S", "target": "1", "realisasi": "0", "capaian": "0%"},
            {"sasaran": "S", "level": "rata_rata", "capaian": "50%"},  # capped at 100: 50
            {"sasaran": "T", "target": "1", "realisasi": "1", "capaian": "100%"},
            {"sasaran": "T", "level": "rata_rata", "capaian": "90%"},
        ]
    )
    (finding,) = audit(table).findings
    assert (finding.row, finding.field, finding.expected) == (5, "capaian", "100")
