"""Charts are drawn off-screen and saved; the images are real and not empty."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import lkjip
from lkjip.chart import plot_anggaran, plot_capaian
from lkjip.cli import main

pytestmark = pytest.mark.needs("matplotlib")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_capaian_chart_png(tmp_path: Path) -> None:
    evaluations = list(lkjip.evaluate(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv")))
    path = tmp_path / "capaian.png"
    fig = plot_capaian(evaluations, path, judul="Seed 004 Tabel IV")
    width, height = png_size(path)
    assert width > 800 and height > 500 and path.stat().st_size > 20_000
    ax = fig.axes[0]
    assert len(ax.patches) >= 8  # one bar per indikator (and the legend's swatches)
    labels = [t.get_text().strip() for t in ax.texts]
    assert "550,00%" in labels and "50,00%" in labels


def test_budget_chart_and_cli(tmp_path: Path) -> None:
    evaluations = list(lkjip.evaluate(lkjip.read_table(EXAMPLES / "000_realisasi_belanja.csv")))
    path = tmp_path / "anggaran.png"
    fig = plot_anggaran(evaluations, path)
    assert png_size(path)[0] > 600
    assert "98,00%\n" in [t.get_text() for t in fig.axes[0].texts]  # program 1, seed 000 l.1296
    svg = tmp_path / "c.svg"
    assert main(["chart", str(EXAMPLES / "004_capaian_kinerja.csv"), "-o", str(svg)]) == 0
    assert (
        svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and svg.stat().st_size > 10_000
    )
    png = tmp_path / "a.png"
    assert (
        main(
            [
                "chart",
                str(EXAMPLES / "000_realisasi_belanja.csv"),
                "--kind",
                "anggaran",
                "-o",
                str(png),
            ]
        )
        == 0
    )
    assert png_size(png)[0] > 600


def test_laporan_plot(tmp_path: Path) -> None:
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    path = tmp_path / "l.png"
    lkjip.evaluate_laporan(lap).plot(str(path))
    assert png_size(path)[1] > 400
    direct = tmp_path / "d.png"
    lap.plot(str(direct))
    assert png_size(direct) == png_size(path)


def test_chart_texts_in_both_languages(tmp_path: Path) -> None:
    rows = lkjip.rows_from_dicts([{"target": "10", "realisasi": "9"}])
    evaluated = list(lkjip.evaluate(rows))
    with lkjip.bahasa("id"):
        fig = plot_capaian(evaluated)
        with pytest.raises(lkjip.InvalidOptionError) as caught:
            plot_capaian(evaluated, tmp_path / "c.gif")
    assert fig.axes[0].get_title(loc="left") == "Capaian kinerja"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["baris 1"]
    assert str(caught.value) == "grafik disimpan sebagai .png, .svg atau .pdf, bukan 'c.gif'"
    with lkjip.bahasa("en"):
        fig = plot_capaian(evaluated)
        with pytest.raises(lkjip.InvalidOptionError) as caught:
            plot_capaian(evaluated, tmp_path / "c.gif")
    assert fig.axes[0].get_title(loc="left") == "Performance capaian"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["row 1"]
    assert str(caught.value) == "a chart is saved as .png, .svg or .pdf, not 'c.gif'"
