"""The cited rule data files (lkjip/rules/data/*.json): schema, citations, and the scales
they give (issue 12, "Scales and weights as cited data files")."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import lkjip
from lkjip import Boundary, InvalidOptionError, Predikat
from lkjip._core.scale import scale_from_data
from lkjip.rules.data import FOLDER, check, document, names, read
from lkjip.rules.scales import SCALES

from conftest import REPORTS, ROOT

NAMES = names()


def test_the_files_are_there() -> None:
    assert {
        "predikat_permendagri_86_2017",
        "atribut_capaian",
        "kategori_efisiensi",
        "predikat_akip_permenpanrb_88_2021",
        "mutu_ikm_permenpanrb_14_2017",
        "ikm_permenpanrb_14_2017",
        "bobot_akip_permenpanrb_88_2021",
        "bobot_akip_permenpanrb_12_2015",
    } <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_file_validates(name: str) -> None:
    doc = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    check(doc, name)
    assert doc["kind"] in ("scale", "bobot", "ikm")


@pytest.mark.parametrize("name", NAMES)
def test_every_cited_report_line_prints_the_text(name: str) -> None:
    doc = document(name)
    for seen in doc["seen"]:
        lines = (REPORTS / seen["file"]).read_text(encoding="utf-8").splitlines()
        line = lines[seen["line"] - 1]
        assert seen["text"] in line, f"{seen['file']} l.{seen['line']} is {line!r}"


@pytest.mark.parametrize("name", NAMES)
def test_unverified_regulations_say_so(name: str) -> None:
    doc = document(name)
    if not doc["seen"]:  # not printed in the reports: read from the spec, unverified
        assert not doc["verified"]
        assert "spec §" in doc["source"]


def test_every_shipped_scale_is_a_data_file() -> None:
    scale_names = {document(n)["name"] for n in NAMES if document(n)["kind"] == "scale"}
    assert {s.name for s in SCALES} <= scale_names


@pytest.mark.parametrize(
    "regulation", ["", "  ", "TODO", "tbd", "…", "...", "Peraturan XXX", "n/a", "Lorem ipsum"]
)
def test_a_placeholder_regulation_fails(regulation: str) -> None:
    doc = dict(document("predikat_permendagri_86_2017"), regulation=regulation)
    with pytest.raises(InvalidOptionError, match="placeholder"):
        check(doc, "bad.json")


def _broken(change: str) -> dict[str, Any]:
    doc = copy.deepcopy(dict(document("atribut_capaian")))
    bands = doc["bands"]
    if change == "missing key":
        del doc["unit"]
    elif change == "extra key":
        doc["colour"] = "red"
    elif change == "mixed sides":
        bands[1]["includes_lower"] = False
    elif change == "unknown label":
        bands[0]["label"] = "Luar Biasa"
    elif change == "unordered":
        bands[0]["lower"], bands[1]["lower"] = bands[1]["lower"], bands[0]["lower"]
    elif change == "bad threshold":
        bands[0]["lower"] = "delapan puluh lima"
    elif change == "last has a threshold":
        bands[-1]["lower"] = "0"
    elif change == "no side":
        del bands[0]["includes_lower"]
    elif change == "http link":
        doc["link"] = "http://example.org"
    elif change == "bad date":
        doc["effective"] = "2017-13"
    elif change == "no citation":
        doc["seen"] = []
    elif change == "bad seen":
        doc["seen"] = [{"file": "x.pdf", "line": 0, "text": "a"}]
    elif change == "verified as text":
        doc["verified"] = "yes"
    return doc


@pytest.mark.parametrize(
    "change",
    [
        "missing key",
        "extra key",
        "mixed sides",
        "unknown label",
        "unordered",
        "bad threshold",
        "last has a threshold",
        "no side",
        "http link",
        "bad date",
        "no citation",
        "bad seen",
        "verified as text",
    ],
)
def test_a_broken_scale_file_is_an_option_error(change: str) -> None:
    doc = _broken(change)
    with pytest.raises(InvalidOptionError):
        check(doc, "bad.json")
        scale_from_data(doc, lkjip.Atribut)


def test_labels_must_match_the_enum() -> None:
    with pytest.raises(InvalidOptionError, match="'Atribut' labels, not the Predikat"):
        scale_from_data(document("atribut_capaian"), Predikat)


def test_includes_lower_gives_the_boundary() -> None:
    assert lkjip.scales.ATRIBUT_CAPAIAN.boundary is Boundary.TO_UPPER_BAND
    assert lkjip.PERMENDAGRI_86_2017.boundary is Boundary.TO_LOWER_BAND
    for name in NAMES:
        doc = document(name)
        if doc["kind"] == "scale":
            sides = {b["includes_lower"] for b in doc["bands"][:-1]}
            assert len(sides) == 1, name


def test_citations_carry_the_file_fields() -> None:
    c = lkjip.PERMENDAGRI_86_2017.citation
    assert c.regulation == "Peraturan Menteri Dalam Negeri No. 86 Tahun 2017"
    assert c.effective == "2017"
    assert c.unit == "persen (capaian)"
    assert c.source == (
        "lkjip-2023-kecamatan-medang-kampai.txt l.910–916; "
        "lkjip-2023-kecamatan-dumai-timur.txt l.656–662"
    )


def test_a_users_file_is_read_and_checked(tmp_path: Any) -> None:
    path = tmp_path / "regional.json"
    doc = copy.deepcopy(dict(document("atribut_capaian")))
    doc["name"] = "atribut Kota Contoh"
    doc["bands"][0]["lower"] = "90"
    path.write_text(json.dumps(doc), encoding="utf-8")
    scale = scale_from_data(read(path), lkjip.Atribut)
    assert lkjip.atribut("89", scale=scale) is lkjip.Atribut.BERHASIL
    assert lkjip.atribut("90", scale=scale) is lkjip.Atribut.SANGAT_BERHASIL
    (tmp_path / "not.json").write_text("{", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="not JSON"):
        read(tmp_path / "not.json")
    with pytest.raises(InvalidOptionError, match="cannot read"):
        read(tmp_path / "missing.json")
    with pytest.raises(InvalidOptionError, match="ships no rule file"):
        document("predikat_dki")


def test_the_data_files_ship_with_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rules/data/*.json"' in text
