"""The row plan (issue 11): a table's fields resolved once, each row's cells read once,
by the field registry's kinds (spec §13 "Cells": ``-`` is nil in money columns and no
figure elsewhere), and the same reading for evaluate, the audit and the report builder."""

from __future__ import annotations

import collections
import io
from decimal import Decimal
from typing import Any

import pytest

import lkjip
from lkjip.errors import InvalidOptionError
from lkjip.table.evaluasi import evaluate, laporan_from_rows
from lkjip.table.fields import COLUMNS
from lkjip.table.plan import RowPlan, read_cell
from lkjip.table.read import Baris, read_table


class Counting(dict[str, Any]):
    """A row's cells that count how often each is looked up."""

    def __init__(self, cells: dict[str, Any], counts: collections.Counter[str]) -> None:
        super().__init__(cells)
        self.counts = counts

    def get(self, key: str, default: Any = None) -> Any:
        self.counts[key] += 1
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.counts[key] += 1
        return super().__getitem__(key)


_ROW = {
    "sasaran": "S1",
    "indikator": "IKM",
    "satuan": "%",
    "arah": "higher",
    "target": "80",
    "realisasi": "88",
    "capaian": "110,00",
    "predikat": "Sangat Tinggi",
    "atribut": "Sangat Baik",
    "target_akhir": "90",
    "kemajuan": "97,78",
    "realisasi_lalu": "70",
    "nama": "Program X",
    "pagu": "1.000.000",
    "realisasi_anggaran": "900.000",
    "penyerapan": "90,00",
    "sisa": "100.000",
    "efisiensi_anggaran": "10,00",
    "tingkat_efisiensi": "1,22",
    "kategori_efisiensi": "Efisien",
}


def _counted() -> tuple[list[Baris], collections.Counter[str]]:
    counts: collections.Counter[str] = collections.Counter()
    return [Baris(1, Counting(_ROW, counts))], counts


@pytest.mark.parametrize(
    "path",
    [
        lambda rows: list(evaluate(rows)),
        lambda rows: lkjip.audit(rows),
        lambda rows: laporan_from_rows(rows),
    ],
    ids=["evaluate", "audit", "laporan_from_rows"],
)
def test_each_cell_of_a_row_is_read_once(path: Any) -> None:
    # (before the plan, evaluate looked a row's cells up 32 times, the audit more)
    rows, counts = _counted()
    path(rows)
    assert set(counts) <= set(COLUMNS)
    assert {k: n for k, n in counts.items() if n != 1} == {}


def test_a_dash_is_nil_in_a_money_column_and_no_figure_elsewhere() -> None:
    plan = RowPlan(("target", "realisasi", "capaian", "penyerapan", "sisa", "pagu"))
    row = plan.read(
        Baris(1, {"target": "-", "realisasi": "8", "capaian": "-", "sisa": "–", "pagu": "-"})
    )
    assert row.angka == {"realisasi": Decimal(8), "sisa": Decimal(0), "pagu": Decimal(0)}
    assert row.gagal == {}
    assert read_cell("—", "penyerapan") is None
    assert read_cell("—", "realisasi_anggaran", nil=True) == 0


@pytest.mark.parametrize("blank", ["", " ", "\t\u00a0"])
def test_a_blank_cell_is_no_figure_in_a_money_column_too(blank: str) -> None:
    # a table's row gives a blank cell as no cell; the one reader, called with the
    # blank text itself (as the batch does), reads it the same: no figure, not 0 Rupiah
    assert read_cell(blank, "pagu", nil=True) is None
    assert read_cell(blank, "target") is None
    hasil = lkjip.penyerapan_batch([blank, "100", "-"], ["5", blank, "5"])
    assert hasil.values == (None, None, None)
    assert hasil.reasons[0] == _reason(lambda: lkjip.penyerapan(None, 5))
    assert hasil.reasons[1] == _reason(lambda: lkjip.penyerapan(100, None))
    assert hasil.reasons[2] == _reason(lambda: lkjip.penyerapan(0, 5))


@pytest.mark.parametrize("cell", ["Rp 1.500.000,-", "1.500.000,00", " 87 ", "87%"])
def test_the_batch_reads_a_text_cell_as_a_table_does(cell: str) -> None:
    # the batch reads its text cells by the tables' one reader (read_cell)
    assert lkjip.penyerapan_batch([cell], ["90"]).values == (
        lkjip.penyerapan(read_cell(cell, "pagu", nil=True), 90),
    )
    assert lkjip.capaian_batch([cell], ["90"]).values == (
        lkjip.capaian(read_cell(cell, "target"), 90),
    )


def _reason(compute: Any) -> str:
    try:
        compute()
    except lkjip.LKjIPError as exc:
        return str(exc)
    raise AssertionError("no error")


def test_the_audit_does_not_compare_a_dash_as_a_capaian_of_zero() -> None:
    # 8 / 10 × 100 = 80: a printed "-" is no capaian (§13), so nothing is compared with
    # it, and the predikat is judged by the capaian computed from target and realisasi
    rows = [{"target": "10", "realisasi": "8", "capaian": "-", "predikat": "Sangat Tinggi"}]
    hasil = lkjip.audit(lkjip.rows_from_dicts(rows))
    assert [t.field for t in hasil.findings] == ["predikat"]
    assert "80" in hasil.findings[0].message
    assert (1, "capaian") not in hasil.checked


@pytest.mark.parametrize(("realisasi", "findings"), [("100", 0), ("90", 1)])
def test_the_audit_reads_a_dash_in_sisa_as_zero(realisasi: str, findings: int) -> None:
    # seed 000 l.1301 prints "-" for a sisa of 0: 100 − 100 = 0 agrees, 100 − 90 = 10 not
    rows = [{"pagu": "100", "realisasi_anggaran": realisasi, "sisa": "-"}]
    hasil = lkjip.audit(lkjip.rows_from_dicts(rows))
    assert (1, "sisa") in hasil.checked
    assert len(hasil.findings) == findings


def test_a_tables_decimal_mark_reads_every_number_of_it() -> None:
    text = "target,realisasi,pagu,realisasi_anggaran\n80.000,88.5,1000.000,900.000\n"
    (guessed,) = evaluate(read_table(io.StringIO(text)))
    assert guessed.indikator is not None and guessed.indikator.target == Decimal(80000)
    (marked,) = evaluate(read_table(io.StringIO(text), decimal_mark="."))
    assert marked.indikator is not None and marked.indikator.target == Decimal(80)
    assert marked.capaian == Decimal("110.63")  # 88.5 / 80 × 100 = 110.625, half up
    assert marked.penyerapan == Decimal("90.00")


def test_a_decimal_mark_section_1_does_not_know_is_refused() -> None:
    with pytest.raises(InvalidOptionError):
        read_table(io.StringIO("target\n1\n"), decimal_mark=";")
    with pytest.raises(InvalidOptionError):
        RowPlan(decimal_mark="x")


def test_the_command_line_takes_the_decimal_mark(tmp_path: Any) -> None:
    from lkjip.cli import main

    source = tmp_path / "t.csv"
    source.write_text("target,realisasi,capaian\n80.000,88.5,110.625\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["audit", str(source), "--format", "json", "-o", str(out)]) == 1
    assert (
        main(["audit", str(source), "--decimal-mark", ".", "--format", "json", "-o", str(out)]) == 0
    )


def test_a_range_target_reads_with_the_tables_decimal_mark() -> None:
    text = "target,realisasi,arah\n7.5-8.5,9,lower\n1.000-2.000,1.500,higher\nB,9,higher\n"
    lower, inside, grade = evaluate(read_table(io.StringIO(text), decimal_mark="."))
    # 9 above 7.5–8.5, lower is better: (2 × 8.5 − 9) / 8.5 × 100 = 94.117… → 94.12
    assert lower.capaian == Decimal("94.12") and lower.error is None
    # 1.5 inside 1–2: 100 (spec §2)
    assert inside.capaian == Decimal("100.00")
    # a letter grade keeps its rule's reason, whatever the mark
    assert grade.capaian is None and grade.error is not None and "'B'" in grade.error


def test_the_chart_reads_with_the_decimal_mark(tmp_path: Any, monkeypatch: Any) -> None:
    pytest.importorskip("matplotlib")
    import lkjip.chart
    from lkjip.cli import main

    drawn: list[Any] = []
    monkeypatch.setattr(lkjip.chart, "plot_capaian", lambda evs, path, **_: drawn.extend(evs))
    source = tmp_path / "t.csv"
    source.write_text("indikator,target,realisasi\nA,80.000,88.5\n", encoding="utf-8")
    main(["chart", str(source), "--decimal-mark", ".", "-o", str(tmp_path / "c.png")])
    assert [e.capaian for e in drawn] == [Decimal("110.63")]  # 88.5 / 80 × 100, half up
