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


# --- the language of the findings (spec §18) ----------------------------------------------

SEED_004 = [{"indikator": "Beasiswa", "target": "30", "realisasi": "30", "capaian": "133%"}]


def test_findings_are_in_bahasa_indonesia_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    (finding,) = audit(rows_from_dicts(SEED_004)).findings
    assert finding.message == "capaian tercetak 133%, seharusnya 30 / 30 × 100% = 100%"
    (finding,) = audit(rows_from_dicts(SEED_004), lang="en").findings
    assert finding.message == "capaian printed 133% but 30 / 30 × 100% = 100%"


def test_lang_overrides_the_environment_and_leaves_it_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lkjip import InvalidOptionError
    from lkjip._core.pesan import Bahasa, bahasa_aktif

    monkeypatch.setenv("LKJIP_LANG", "en")
    rows = [  # a label against its band, a sum over the rows under it, a mean above
        {"level": "program", "sisa": "5"},  # the sum of the kegiatan under it: 10
        {"level": "kegiatan", "pagu": "100", "realisasi_anggaran": "90", "sisa": "10"},
        {"target": "10", "realisasi": "9", "capaian": "90", "predikat": "Rendah"},
    ]
    found = audit(rows_from_dicts(rows), lang="id").findings
    assert [(t.row, t.field, t.message) for t in found] == [
        (
            1,
            "sisa",
            "sisa tercetak 5, seharusnya jumlah sisa atas 1 baris yang dijumlahkannya = 10",
        ),
        (
            3,
            "predikat",
            "predikat tercetak 'Rendah', seharusnya predikat untuk capaian 90% adalah Tinggi",
        ),
    ]
    assert bahasa_aktif() is Bahasa.EN
    english = audit(rows_from_dicts(rows)).findings
    assert [t.message for t in english] == [
        "sisa printed 5 but the sum of sisa over the 1 row it totals = 10",
        "predikat printed 'Rendah' but the predikat of capaian 90% is Tinggi",
    ]
    with pytest.raises(InvalidOptionError, match="'fr'"):
        audit(rows_from_dicts(rows), lang="fr")


def test_the_mean_of_a_rata_rata_row_in_both_languages() -> None:
    rows = [
        {"sasaran": "S", "target": "100", "realisasi": "80", "capaian": "80"},
        {"sasaran": "S", "target": "100", "realisasi": "120", "capaian": "120"},
        {"sasaran": "S", "level": "rata_rata", "capaian": "95"},
    ]  # (80 + 120) / 2 = 100; each capped at 100: (80 + 100) / 2 = 90; neither is 95
    (finding,) = audit(rows_from_dicts(rows), lang="id").findings
    assert finding.message == (
        "capaian tercetak 95, seharusnya rata-rata 2 capaian di atasnya adalah 100 "
        "(dibatasi 100%: 90,00)"
    )
    (finding,) = audit(rows_from_dicts(rows), lang="en").findings
    assert finding.message == (
        "capaian printed 95 but the mean of the 2 capaian above it is 100 (capped at 100%: 90,00)"
    )


def _lkjip(*args: str, lang: str | None) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "LKJIP_LANG"}
    if lang is not None:
        env["LKJIP_LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-m", "lkjip", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # findings
    return done.stdout


def test_lkjip_audit_prints_indonesian_findings_unless_asked_for_english() -> None:
    example = "examples/004_capaian_kinerja.csv"
    out = _lkjip("audit", example, lang=None)
    lines = out.splitlines()
    assert lines[0].split() == ["Baris", "Kolom", "Dicetak", "Seharusnya", "Keterangan"]
    assert lines[2].endswith("capaian tercetak 133%, seharusnya 30 / 30 × 100% = 100%")
    assert lines[3].endswith("capaian tercetak 83%, seharusnya 3 / 6 × 100% = 50%")
    assert lines[-1] == "2 temuan dalam 8 baris."
    out = _lkjip("audit", example, lang="en")
    lines = out.splitlines()
    assert lines[0].split() == ["Row", "Field", "Printed", "Expected", "Note"]
    assert lines[2].endswith("capaian printed 133% but 30 / 30 × 100% = 100%")
    assert lines[-1] == "2 findings in 8 rows."
