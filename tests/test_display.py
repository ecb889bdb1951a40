"""How results look in a notebook (HTML) and a terminal (text)."""

from __future__ import annotations

from pathlib import Path

import lkjip

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_laporan_html_and_text() -> None:
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    result = lkjip.evaluate_laporan(lap)
    html = result._repr_html_()
    assert html.count("<table") == 2 and "550,00%" in html
    assert 'style="background:#1a7f37;color:white">Sangat Tinggi<' in html  # coloured predikat
    assert 'style="background:#cf222e;color:white">Sangat Rendah<' in html
    text = str(result)
    assert "550,00%" in text and "Keseluruhan" in text and "<" not in text


def test_audit_and_evaluasi_display() -> None:
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
