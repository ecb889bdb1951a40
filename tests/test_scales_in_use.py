"""Issue 12: every consumer reads labels, kategori and colours from the scales in use.

A user's regional predikat scale (a file with other labels and bands) and a regional
atribut scale work in evaluate (table, json, csv), the audit, explain, HTML and the
chart; the named atribut variant ``atribut_100_75_55`` works in evaluate and audit;
``--scale`` values that are no scale are one line and exit 2.

The expected labels are read off the bands written in this file (hand computation),
never from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import lkjip
from lkjip import AtributVarian, InvalidOptionError, Opsi, PredikatAKIP, scale_file, variant
from lkjip.cli import main
from lkjip.rules.scales import (
    ATRIBUT_CAPAIAN,
    KATEGORI_EFISIENSI,
    MUTU_IKM,
    PERMENDAGRI_86_2017,
    Atribut,
    KategoriEfisiensi,
    Predikat,
)
from lkjip.table.audit import audit
from lkjip.table.display import WARNA, WARNA_PREDIKAT, html_table, warna
from lkjip.table.evaluasi import evaluate, evaluate_laporan, laporan_from_rows
from lkjip.table.read import rows_from_dicts

# --- a user's regional scales, written as files ------------------------------------

_COMMON = {
    "kind": "scale",
    "regulation": "Peraturan Wali Kota Contoh No. 7 Tahun 2024",
    "link": None,
    "effective": "2024",
    "unit": "persen (capaian)",
    "verified": False,
    "seen": [],
    "source": "a user's regional rule (test)",
    "minimum": None,
    "maximum": None,
}

# Predikat of Kota Contoh: grades A–D (the PredikatAKIP labels), threshold in the band above.
#   A: capaian ≥ 90   B: 75 ≤ c < 90   C: 60 ≤ c < 75   D: c < 60
KOTA = {
    **_COMMON,
    "name": "predikat Kota Contoh",
    "labels": "PredikatAKIP",
    "text": "≥ 90 A; ≥ 75 B; ≥ 60 C; < 60 D",
    "bands": [
        {"label": "A", "lower": "90", "printed": "≥ 90", "includes_lower": True},
        {"label": "B", "lower": "75", "printed": "≥ 75", "includes_lower": True},
        {"label": "C", "lower": "60", "printed": "≥ 60", "includes_lower": True},
        {"label": "D", "lower": None, "printed": "< 60"},
    ],
}

# Atribut of Kota Contoh: thresholds in the band below (> 95, > 80, > 65).
ATRIBUT_KOTA = {
    **_COMMON,
    "name": "atribut Kota Contoh",
    "labels": "Atribut",
    "text": "> 95 Sangat Berhasil; > 80 Berhasil; > 65 Cukup Berhasil; ≤ 65 Tidak Berhasil",
    "bands": [
        {"label": "Sangat Berhasil", "lower": "95", "printed": "> 95", "includes_lower": False},
        {"label": "Berhasil", "lower": "80", "printed": "> 80", "includes_lower": False},
        {"label": "Cukup Berhasil", "lower": "65", "printed": "> 65", "includes_lower": False},
        {"label": "Tidak Berhasil", "lower": None, "printed": "≤ 65"},
    ],
}

# Rows and what the two regional scales give (capaian = realisasi / target × 100,
# target 100, so capaian is the realisasi).
#   capaian  default predikat  Kota predikat  default atribut   Kota atribut
#   95       Sangat Tinggi     A              Sangat Berhasil   Berhasil (95 is not > 95)
#   90       Tinggi            A (≥ 90)       Sangat Berhasil   Berhasil
#   80       Tinggi            B              Sangat Berhasil   Cukup Berhasil (80 not > 80)
#   65       Rendah (≤ 65)     C              Cukup Berhasil    Tidak Berhasil (65 ≤ 65)
#   40       Sangat Rendah     D              Tidak Berhasil    Tidak Berhasil
ROWS = [
    {"sasaran": "S1", "indikator": f"I{c}", "target": "100", "realisasi": str(c)}
    for c in (95, 90, 80, 65, 40)
]
KOTA_PREDIKAT = ["A", "A", "B", "C", "D"]
KOTA_ATRIBUT = ["Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil", "Tidak Berhasil"]
KOTA_KATEGORI = [2, 2, 3, 4, 4]
# the mean of the five: (95 + 90 + 80 + 65 + 40) / 5 = 74 → C on Kota's scale, Cukup
# Berhasil on Kota's atribut (74 > 65, not > 80)
MEAN, MEAN_PREDIKAT, MEAN_ATRIBUT = "74.00", "C", "Cukup Berhasil"
# the rows as a report on Kota's scales prints them
PRINTED = [
    dict(r, predikat=p, atribut=a)
    for r, p, a in zip(ROWS, KOTA_PREDIKAT, KOTA_ATRIBUT, strict=True)
]


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def kota(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "kota.json", KOTA), _write(
        tmp_path / "atribut_kota.json", ATRIBUT_KOTA
    )


@pytest.fixture
def opsi(kota: tuple[Path, Path]) -> Opsi:
    return Opsi(skala=scale_file(kota[0]), skala_atribut=scale_file(kota[1]))


@pytest.fixture
def table_csv(tmp_path: Path) -> Path:
    path = tmp_path / "capaian.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


# --- Opsi ---------------------------------------------------------------------------


def test_opsi_carries_three_scales_with_the_current_defaults() -> None:
    o = Opsi()
    assert o.skala is PERMENDAGRI_86_2017
    assert o.skala_atribut is ATRIBUT_CAPAIAN
    assert o.skala_efisiensi is KATEGORI_EFISIENSI


@pytest.mark.parametrize("field", ["skala", "skala_atribut", "skala_efisiensi"])
@pytest.mark.parametrize("value", ["permendagri", None, 85, {"bands": []}])
def test_a_scale_option_that_is_no_scale_is_an_option_error(field: str, value: object) -> None:
    with pytest.raises(InvalidOptionError, match=f"^{field} must be a Scale"):
        Opsi(**{field: value})
    with pytest.raises(InvalidOptionError, match=f"^{field} must be a Scale"):
        attrs.evolve(Opsi(), **{field: value})


def test_an_atribut_scale_needs_labels_with_their_kategori_in_band_order(
    kota: tuple[Path, Path],
) -> None:
    with pytest.raises(InvalidOptionError, match="skala_atribut needs atribut labels"):
        Opsi(skala_atribut=PERMENDAGRI_86_2017)
    with pytest.raises(InvalidOptionError, match="skala_atribut needs atribut labels"):
        Opsi(skala_atribut=scale_file(kota[0]))  # grades A–D: no kategori
    three = dict(ATRIBUT_KOTA, bands=[ATRIBUT_KOTA["bands"][i] for i in (0, 1, 3)])
    path = _write(kota[1].with_name("three.json"), three)
    with pytest.raises(InvalidOptionError, match="are kategori 1, 2, 4"):
        Opsi(skala_atribut=scale_file(path))  # Tidak Berhasil would be kategori 4 in band 3


# --- evaluate, explain, audit through the library ------------------------------------


def test_evaluate_reads_the_regional_scales(opsi: Opsi) -> None:
    results = list(evaluate(rows_from_dicts(ROWS), opsi))
    assert [str(e.predikat) for e in results] == KOTA_PREDIKAT
    assert all(isinstance(e.predikat, PredikatAKIP) for e in results)
    assert [str(e.atribut) for e in results] == KOTA_ATRIBUT
    assert [e.atribut.kategori for e in results if e.atribut] == KOTA_KATEGORI
    default = list(evaluate(rows_from_dicts(ROWS)))
    assert [str(e.predikat) for e in default] == [
        "Sangat Tinggi",
        "Tinggi",
        "Tinggi",
        "Rendah",
        "Sangat Rendah",
    ]


def test_the_aggregates_read_the_regional_scales(opsi: Opsi) -> None:
    el = evaluate_laporan(laporan_from_rows(rows_from_dicts(ROWS)), opsi)
    assert el.opsi is opsi
    whole = el.keseluruhan
    assert str(whole.capaian) == MEAN
    assert (str(whole.predikat), str(whole.atribut)) == (MEAN_PREDIKAT, MEAN_ATRIBUT)


def test_explain_names_the_regional_scales_and_their_rules(
    opsi: Opsi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LKJIP_LANG", "id")  # the explanation as the reports word it
    (ev,) = evaluate(rows_from_dicts(ROWS[2:3]), opsi)  # capaian 80
    first, second = ev.penjelasan()
    assert first.endswith("→ B (predikat Kota Contoh: ≥ 75 dan < 90)")
    assert second == "Atribut: 80,00% (> 65 dan ≤ 80) → Cukup Berhasil (kategori 3)"


def test_explain_and_evaluate_read_the_efficiency_scale_in_use(tmp_path: Path) -> None:
    # tingkat efisiensi 0,95 / 1 = 0,95: Kurang Efisien by default; a regional reading
    # with the threshold at 0,9 makes it Efisien.
    doc = dict(
        _COMMON,
        name="efisiensi Kota Contoh",
        labels="KategoriEfisiensi",
        unit="rasio (capaian / penyerapan)",
        text="≥ 0,9 Efisien; < 0,9 Kurang Efisien",
        bands=[
            {"label": "Efisien", "lower": "0.9", "printed": "≥ 0,9", "includes_lower": True},
            {"label": "Kurang Efisien", "lower": None, "printed": "< 0,9"},
        ],
    )
    scale = scale_file(_write(tmp_path / "efisiensi.json", doc))
    row = [
        {
            "indikator": "X",
            "target": "100",
            "realisasi": "95",
            "pagu": "100",
            "realisasi_anggaran": "100",
        }
    ]
    (default,) = evaluate(rows_from_dicts(row))
    (ev,) = evaluate(rows_from_dicts(row), Opsi(skala_efisiensi=scale))
    assert default.kategori_efisiensi is KategoriEfisiensi.KURANG_EFISIEN
    assert ev.kategori_efisiensi is KategoriEfisiensi.EFISIEN
    assert ev.penjelasan()[-1].endswith("= 0,95 → Efisien (≥ 0,9)")
    printed = [dict(row[0], capaian="95", penyerapan="100", tingkat_efisiensi="0,95",
                    kategori_efisiensi="Efisien")]  # fmt: skip
    assert [t.field for t in audit(rows_from_dicts(printed)).findings] == ["kategori_efisiensi"]
    assert audit(rows_from_dicts(printed), Opsi(skala_efisiensi=scale)).ok


def test_the_audit_checks_printed_labels_against_the_regional_scales(opsi: Opsi) -> None:
    printed = PRINTED
    assert audit(rows_from_dicts(printed), opsi).ok
    default = audit(rows_from_dicts(printed))  # Kota's labels are wrong on the default scales
    assert {t.field for t in default.findings} == {"predikat", "atribut"}
    wrong = [dict(printed[2], predikat="A", atribut="Berhasil")]  # capaian 80 is B, Cukup
    findings = audit(rows_from_dicts(wrong), opsi).findings
    assert [(t.field, t.expected) for t in findings] == [
        ("predikat", "B"),
        ("atribut", "Cukup Berhasil"),
    ]
    assert findings[0].message == "predikat printed 'A' but the predikat of capaian 80,00% is B"


def test_a_figure_off_a_bounded_scale_has_no_label_and_says_why() -> None:
    # MUTU_IKM runs from 25 to 100: a capaian of 105 is off it.
    row = [{"indikator": "X", "target": "100", "realisasi": "105", "predikat": "A"}]
    (ev,) = evaluate(rows_from_dicts(row), Opsi(skala=MUTU_IKM))
    assert ev.predikat is None and ev.capaian is not None
    assert ev.error is not None and "outside the PermenPAN-RB 14/2017 mutu IKM scale" in ev.error
    assert ev.penjelasan()[0] == "Capaian = 105 / 100 × 100% = 105,00%"
    (t,) = audit(rows_from_dicts(row), Opsi(skala=MUTU_IKM)).findings
    assert (t.field, t.expected) == ("predikat", None)
    assert "outside the PermenPAN-RB 14/2017 mutu IKM scale" in t.message


def test_the_atribut_variant_in_evaluate_and_audit() -> None:
    # atribut 100/75/55 (spec §17): ≥ 100 Sangat Berhasil, ≥ 75 Berhasil, ≥ 55 Cukup
    # Berhasil, < 55 Kurang Berhasil. 99,99 is Berhasil there, Sangat Berhasil by default.
    opsi = Opsi(skala_atribut=variant("atribut_100_75_55"))
    rows = [
        {"indikator": "a", "target": "100", "realisasi": "100"},
        {"indikator": "b", "target": "10000", "realisasi": "9999"},
        {"indikator": "c", "target": "100", "realisasi": "54"},
    ]
    got = list(evaluate(rows_from_dicts(rows), opsi))
    assert [e.atribut for e in got] == [
        AtributVarian.SANGAT_BERHASIL,
        AtributVarian.BERHASIL,
        AtributVarian.KURANG_BERHASIL,
    ]
    assert [e.atribut.kategori for e in got if e.atribut] == [1, 2, 4]
    assert got[2].penjelasan()[1] == "Atribut: 54,00% (< 55) → Kurang Berhasil (kategori 4)"
    printed = [dict(rows[2], atribut="Kurang Berhasil")]
    assert audit(rows_from_dicts(printed), opsi).ok
    (t,) = audit(rows_from_dicts(printed)).findings  # by default 54 is Tidak Berhasil
    assert (t.field, t.expected) == ("atribut", "Tidak Berhasil")


# --- colours: HTML and chart --------------------------------------------------------


def _hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb[:3])


def test_warna_spaces_the_palette_over_the_bands(opsi: Opsi) -> None:
    assert tuple(WARNA_PREDIKAT) == tuple(Predikat)
    assert tuple(WARNA_PREDIKAT.values()) == WARNA  # five bands: the palette as it is
    # four bands: at 0, 4/3, 8/3 and 4 along the palette's five colours; the middle two
    # mixed by hand: 1/3 of the way from #57ab5a to #d4a72c, 2/3 from #d4a72c to #e16f24
    #   0x57 + (0xd4 − 0x57)/3 = 87 + 125/3 = 128,67 → 0x81; 0xab − 4/3 → 170 = 0xaa; …
    assert list(warna(opsi.skala).values()) == ["#1a7f37", "#81aa4b", "#dd8227", "#cf222e"]
    assert dict(warna(KATEGORI_EFISIENSI)) == {
        KategoriEfisiensi.EFISIEN: WARNA[0],
        KategoriEfisiensi.KURANG_EFISIEN: WARNA[-1],
    }
    with pytest.raises(TypeError):
        warna(opsi.skala)[PredikatAKIP.A] = "#000000"  # type: ignore[index]


def test_html_tints_the_regional_labels(opsi: Opsi) -> None:
    el = evaluate_laporan(laporan_from_rows(rows_from_dicts(ROWS)), opsi)
    page = el._repr_html_()
    colours = dict(zip(["A", "B", "C", "D"], warna(opsi.skala).values(), strict=True))
    tinted = re.findall(r'<td style="background:(#[0-9a-f]{6});color:white">([^<]*)</td>', page)
    # five rows and the two aggregates (sasaran S1 and the whole report, both C)
    assert tinted == [(colours[p], p) for p in [*KOTA_PREDIKAT, MEAN_PREDIKAT, MEAN_PREDIKAT]]
    (ev,) = evaluate(rows_from_dicts(ROWS[:1]), opsi)
    assert f'style="background:{colours["A"]};color:white">A<' in ev._repr_html_()
    # the default scale's labels are no band of Kota's: not tinted
    assert "background" not in html_table(["x"], [["Tinggi"]], colour=0, scale=opsi.skala)


def test_plot_capaian_with_a_regional_scale_draws_its_colours_and_legend(opsi: Opsi) -> None:
    pytest.importorskip("matplotlib")
    from lkjip.chart import plot_capaian

    results = list(evaluate(rows_from_dicts(ROWS), opsi))
    fig = plot_capaian(results)  # was a KeyError: colours were keyed by Predikat
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["A", "B", "C", "D", "target 100%"]
    assert legend.get_title().get_text() == "Predikat (predikat Kota Contoh)"
    colours = dict(zip(["A", "B", "C", "D"], warna(opsi.skala).values(), strict=True))
    bars = ax.containers[0]
    assert [_hex(b.get_facecolor()) for b in bars] == [colours[p] for p in KOTA_PREDIKAT]


# --- the command line ---------------------------------------------------------------


def test_cli_evaluate_with_the_regional_scales(
    kota: tuple[Path, Path],
    table_csv: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scales = ["--scale", str(kota[0]), "--atribut-scale", str(kota[1])]
    status, out, err = _run(["evaluate", str(table_csv), "--format", "json", *scales], capsys)
    assert (status, err) == (0, "")
    doc = json.loads(out)
    assert [r["predikat"] for r in doc["results"]] == KOTA_PREDIKAT
    assert [r["atribut"] for r in doc["results"]] == KOTA_ATRIBUT
    assert [r["kategori"] for r in doc["results"]] == KOTA_KATEGORI
    whole = doc["keseluruhan"]
    assert (whole["capaian"], whole["predikat"], whole["atribut"]) == (MEAN, "C", MEAN_ATRIBUT)

    for fmt in ("jsonl", "csv"):  # jsonl: through the fast lane, which reads them too
        status, out, _ = _run(["evaluate", str(table_csv), "--format", fmt, *scales], capsys)
        assert status == 0
        if fmt == "jsonl":
            records = [json.loads(line) for line in out.splitlines()]
        else:
            records = list(csv.DictReader(io.StringIO(out)))
        assert [r["predikat"] for r in records] == KOTA_PREDIKAT
        assert [r["atribut"] for r in records] == KOTA_ATRIBUT
        assert [str(r["kategori"]) for r in records] == [str(k) for k in KOTA_KATEGORI]

    status, out, _ = _run(
        ["evaluate", str(table_csv), "--explain", *scales, "--lang", "id"], capsys
    )
    assert status == 0
    table = out.splitlines()
    assert re.search(r"\bI80\b.*\bB\s+Cukup Berhasil\b", "\n".join(table))
    assert "· Capaian = 80 / 100 × 100% = 80,00% → B (predikat Kota Contoh: ≥ 75 dan < 90)" in out
    assert "Keseluruhan: 74,00% → C, Cukup Berhasil (kategori 3)" in out


def test_cli_audit_and_chart_with_the_regional_scales(
    kota: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "printed.csv"
    printed = PRINTED
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(printed[0]))
        writer.writeheader()
        writer.writerows(printed)
    scales = ["--scale", str(kota[0]), "--atribut-scale", str(kota[1])]
    status, out, _ = _run(["audit", str(path), *scales], capsys)
    assert status == 0, out
    status, out, _ = _run(["audit", str(path), "--format", "json"], capsys)
    assert status == 1  # on the default scales the printed labels are findings
    assert {f["field"] for f in json.loads(out)["findings"]} == {"predikat", "atribut"}

    pytest.importorskip("matplotlib")
    image = tmp_path / "capaian.svg"
    status, _, err = _run(["chart", str(path), "-o", str(image), *scales], capsys)
    assert (status, err) == (0, "")
    svg = image.read_text(encoding="utf-8")
    for colour in warna(scale_file(kota[0])).values():
        assert colour in svg  # each band's colour is drawn (bars, legend swatches)


def test_cli_scale_by_variant_name(table_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["evaluate", str(table_csv), "--format", "jsonl", "--atribut-scale", "atribut_100_75_55"]
    status, out, _ = _run(argv, capsys)
    assert status == 0
    # 100/75/55: 95 and 90 Berhasil, 80 Berhasil, 65 Cukup Berhasil, 40 Kurang Berhasil
    assert [json.loads(x)["atribut"] for x in out.splitlines()] == [
        "Berhasil",
        "Berhasil",
        "Berhasil",
        "Cukup Berhasil",
        "Kurang Berhasil",
    ]
    argv = ["evaluate", str(table_csv), "--format", "jsonl", "--scale", "predikat_batas_bawah"]
    status, out, _ = _run(argv, capsys)
    assert status == 0
    # lower bounds as printed (91/76/66/51): 90 is Tinggi, 65 Rendah (not ≥ 66)
    assert [json.loads(x)["predikat"] for x in out.splitlines()] == [
        "Sangat Tinggi",
        "Tinggi",
        "Tinggi",
        "Rendah",
        "Sangat Rendah",
    ]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--scale", "dki", r"--scale 'dki' is neither a scale file nor a variant lkjip ships"),
        ("--atribut-scale", "nowhere.json", r"--atribut-scale 'nowhere.json' is neither"),
        ("--scale", "BROKEN", r"--scale: the rule file broken.json: 'bands' is missing"),
        ("--scale", "NOTJSON", r"--scale: the rule file .* is not JSON text"),
        ("--scale", "WEIGHTS", r"--scale: the scale file .* is a bobot file, not a scale"),
        ("--atribut-scale", "KOTA", r"--atribut-scale: skala_atribut needs atribut labels"),
        ("--atribut-scale", "predikat_batas_bawah", r"skala_atribut needs atribut labels"),
    ],
)
def test_cli_bad_scale_is_one_line_exit_2(
    option: str,
    value: str,
    message: str,
    kota: tuple[Path, Path],
    table_csv: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = {k: v for k, v in KOTA.items() if k != "bands"}
    files = {
        "BROKEN": _write(tmp_path / "broken.json", broken),
        "NOTJSON": tmp_path / "notjson.json",
        "WEIGHTS": Path(lkjip.rules.data.FOLDER) / "bobot_akip_permenpanrb_88_2021.json",
        "KOTA": kota[0],
    }
    files["NOTJSON"].write_text("{bands", encoding="utf-8")
    given = str(files.get(value, value))
    for command in ("evaluate", "audit", "chart"):
        argv = [command, str(table_csv), option, given]
        if command == "chart":
            argv += ["-o", str(tmp_path / "x.png")]
        status, out, err = _run(argv, capsys)
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("lkjip: "), err
        assert re.search(message, err), err
        assert "Traceback" not in err


def test_cli_bad_scale_through_the_console_script(table_csv: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "lkjip", "evaluate", str(table_csv), "--scale", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "--scale 'nope' is neither" in out.stderr


def test_scales_pickle_for_worker_processes(opsi: Opsi) -> None:
    import pickle

    assert pickle.loads(pickle.dumps(opsi)) == opsi
    assert Atribut.SANGAT_BERHASIL.kategori == 1  # (the default labels are untouched)


def test_the_pandas_accessor_reads_the_regional_scales(opsi: Opsi) -> None:
    pd = pytest.importorskip("pandas")
    import lkjip.pandas  # noqa: F401  (registers df.lkjip)

    df = pd.DataFrame(ROWS)
    out = df.lkjip.evaluate(opsi=opsi)
    assert out["predikat"].tolist() == KOTA_PREDIKAT
    assert out["atribut"].tolist() == KOTA_ATRIBUT
    assert [int(k) for k in out["kategori"]] == KOTA_KATEGORI
