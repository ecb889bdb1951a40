"""How results look in a notebook (HTML) and a terminal (text)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lkjip

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_laporan_html_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKJIP_LANG", "id")  # the headings as the reports print them
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    result = lkjip.evaluate_laporan(lap)
    html = result._repr_html_()
    assert html.count("<table") == 2 and "550,00%" in html
    assert 'style="background:#1a7f37;color:white">Sangat Tinggi<' in html  # coloured predikat
    assert 'style="background:#cf222e;color:white">Sangat Rendah<' in html
    text = str(result)
    assert "550,00%" in text and "Keseluruhan" in text and "<" not in text


def test_audit_and_evaluasi_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKJIP_LANG", "id")
    result = lkjip.audit(lkjip.read_table(EXAMPLES / "001_efisiensi.csv"))
    assert "3 temuan dalam 3 baris." in str(result)
    assert "<caption>3 temuan dalam 3 baris.</caption>" in result._repr_html_()
    assert str(lkjip.audit(lkjip.read_table(EXAMPLES / "004_efisiensi.csv"))) == (
        "Tidak ada temuan dalam 8 baris."
    )
    ev = next(lkjip.evaluate(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv")))
    assert "Capaian = 11 / 2 × 100% = 550,00%" in str(ev)
    assert "<li>Atribut: 550,00% (≥ 85) → Sangat Berhasil (kategori 1)</li>" in ev._repr_html_()


def test_html_escapes_names() -> None:
    rows = lkjip.rows_from_dicts(
        [{"indikator": "<script>x</script>", "target": "1", "realisasi": "1"}]
    )
    ev = next(lkjip.evaluate(rows))
    assert "<script>" not in ev._repr_html_() and "&lt;script&gt;" in ev._repr_html_()


def test_headings_and_summaries_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    result = lkjip.evaluate_laporan(lap)
    found = lkjip.audit(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    one = lkjip.audit(lkjip.rows_from_dicts([{"target": "2", "realisasi": "1", "capaian": "5"}]))
    text = str(result).splitlines()
    assert text[0].split() == [
        "Baris", "Indikator", "Capaian", "Predikat", "Atribut", "Penyerapan", "Efisiensi",
        "Keterangan",
    ]  # fmt: skip
    assert "Tidak dihitung" in str(result) and "Agregasi" in str(result)
    assert "<caption>Evaluasi per indikator</caption>" in result._repr_html_()
    assert "<caption>Capaian sasaran dan keseluruhan</caption>" in result._repr_html_()
    assert str(found).endswith("\n\n2 temuan dalam 8 baris.")
    assert str(one).endswith("\n\n1 temuan dalam 1 baris.")
    with lkjip.bahasa("en"):
        text = str(result).splitlines()
        assert text[0].split() == [
            "Row", "Indicator", "Capaian", "Predikat", "Atribut", "Penyerapan", "Efisiensi",
            "Note",
        ]  # fmt: skip
        assert "Not computed" in str(result) and "Overall" in str(result)
        assert "<caption>Evaluation per indicator</caption>" in result._repr_html_()
        assert str(found).splitlines()[0].split() == [
            "Row", "Field", "Printed", "Expected", "Note"
        ]  # fmt: skip
        assert str(found).endswith("\n\n2 findings in 8 rows.")
        assert str(one).endswith("\n\n1 finding in 1 row.")
        assert str(lkjip.audit(lkjip.read_table(EXAMPLES / "004_efisiensi.csv"))) == (
            "No findings in 8 rows."
        )
