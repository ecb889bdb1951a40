"""Named variants (spec §17): data files beside the defaults, selected by name, at
their band edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lkjip
from lkjip import (
    Atribut,
    AtributVarian,
    InvalidOptionError,
    Predikat,
    atribut,
    predikat,
    scale_file,
    variant,
    variants,
)
from lkjip.rules.data import document, names

P = Predikat
V = AtributVarian


def test_the_variants_are_listed() -> None:
    assert variants() == ("atribut_100_75_55", "predikat_batas_bawah")


@pytest.mark.parametrize("name", variants())
def test_each_variant_names_its_default_and_where_it_was_seen(name: str) -> None:
    doc = document("variant_" + name)
    assert doc["variant"] in names() and not doc["variant"].startswith("variant_")
    assert doc["labels"] == document(doc["variant"])["labels"] or doc["labels"] == "AtributVarian"
    scale = variant(name)
    assert scale.citation.source and "§17" in scale.citation.source
    assert not scale.citation.verified
    assert scale not in lkjip.scales.SCALES  # never a default


@pytest.mark.parametrize(
    ("capaian", "expected", "default"),
    [
        ("150", P.SANGAT_TINGGI, P.SANGAT_TINGGI),
        ("91", P.SANGAT_TINGGI, P.SANGAT_TINGGI),  # ≥ 91: the printed lower bound included
        ("90.99", P.TINGGI, P.SANGAT_TINGGI),  # the gap 90–91 takes the lower band
        ("90.5", P.TINGGI, P.SANGAT_TINGGI),
        ("90", P.TINGGI, P.TINGGI),
        ("76", P.TINGGI, P.TINGGI),
        ("75.99", P.SEDANG, P.TINGGI),
        ("75.5", P.SEDANG, P.TINGGI),
        ("66", P.SEDANG, P.SEDANG),
        ("65.99", P.RENDAH, P.SEDANG),
        ("51", P.RENDAH, P.RENDAH),
        ("50.99", P.SANGAT_RENDAH, P.RENDAH),
        ("50", P.SANGAT_RENDAH, P.SANGAT_RENDAH),
        ("-5", P.SANGAT_RENDAH, P.SANGAT_RENDAH),
    ],
)
def test_predikat_lower_bound_reading_edges(capaian: str, expected: P, default: P) -> None:
    assert predikat(capaian, scale=variant("predikat_batas_bawah")) is expected  # type: ignore[arg-type]
    assert predikat(capaian) is default  # the default is unchanged


@pytest.mark.parametrize(
    ("capaian", "expected", "kategori", "default"),
    [
        ("550", V.SANGAT_BERHASIL, 1, Atribut.SANGAT_BERHASIL),
        ("100", V.SANGAT_BERHASIL, 1, Atribut.SANGAT_BERHASIL),
        ("99.99", V.BERHASIL, 2, Atribut.SANGAT_BERHASIL),
        ("85", V.BERHASIL, 2, Atribut.SANGAT_BERHASIL),
        ("75", V.BERHASIL, 2, Atribut.BERHASIL),
        ("74.99", V.CUKUP_BERHASIL, 3, Atribut.BERHASIL),
        ("70", V.CUKUP_BERHASIL, 3, Atribut.BERHASIL),
        ("55", V.CUKUP_BERHASIL, 3, Atribut.CUKUP_BERHASIL),
        ("54.99", V.KURANG_BERHASIL, 4, Atribut.TIDAK_BERHASIL),
        ("0", V.KURANG_BERHASIL, 4, Atribut.TIDAK_BERHASIL),
    ],
)
def test_atribut_100_75_55_edges(
    capaian: str, expected: V, kategori: int, default: Atribut
) -> None:
    got = atribut(capaian, scale=variant("atribut_100_75_55"))  # type: ignore[arg-type]
    assert got is expected
    assert got.kategori == kategori  # type: ignore[attr-defined]
    assert str(got) == expected.value
    assert atribut(capaian) is default


def test_unknown_variant_is_an_option_error() -> None:
    with pytest.raises(InvalidOptionError, match=r"unknown scale variant 'dki'.*predikat_batas"):
        variant("dki")
    with pytest.raises(InvalidOptionError):
        variant(None)  # type: ignore[arg-type]


def test_a_regional_scale_file(tmp_path: Path) -> None:
    doc = dict(document("variant_predikat_batas_bawah"))
    doc.update(name="predikat Kota Contoh", variant="predikat_permendagri_86_2017")
    doc["bands"] = [dict(b) for b in doc["bands"]]
    doc["bands"][0]["lower"] = "95"
    path = tmp_path / "kota.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    scale = scale_file(path)
    assert predikat("94", scale=scale) is P.TINGGI  # type: ignore[arg-type]
    assert predikat("95", scale=scale) is P.SANGAT_TINGGI  # type: ignore[arg-type]
    doc["labels"] = "Warna"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="unknown labels 'Warna'"):
        scale_file(path)
    weights = Path(lkjip.rules.data.FOLDER) / "bobot_akip_permenpanrb_88_2021.json"
    with pytest.raises(InvalidOptionError, match="bobot file, not a scale"):
        scale_file(weights)
