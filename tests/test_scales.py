"""Every band edge of every scale (spec §3, §4, §5, §7, §8)."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip import (
    Atribut,
    Band,
    Boundary,
    Citation,
    KategoriEfisiensi,
    MutuIKM,
    NotComputableError,
    Predikat,
    PredikatAKIP,
    Scale,
    atribut,
    kategori_efisiensi,
    mutu_ikm,
    predikat,
    predikat_akip,
)
from lkjip.rules.scales import SCALES

P = Predikat


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ("150", P.SANGAT_TINGGI),  # > 100 stays Sangat Tinggi
        ("100", P.SANGAT_TINGGI),
        ("90.5", P.SANGAT_TINGGI),  # printed gap 90–91 takes the higher band
        ("90.000001", P.SANGAT_TINGGI),
        ("90", P.TINGGI),  # the printed upper bound "76 ≤ 90" is exact
        ("75.01", P.TINGGI),
        ("75.5", P.TINGGI),  # gap 75–76
        ("75", P.SEDANG),
        ("65.01", P.SEDANG),
        ("65", P.RENDAH),
        ("50.01", P.RENDAH),
        ("50", P.SANGAT_RENDAH),
        ("0", P.SANGAT_RENDAH),
        ("-20", P.SANGAT_RENDAH),  # a reflected capaian can be negative
    ],
)
def test_permendagri_86_2017_edges(capaian: str, expected: Predikat) -> None:
    assert predikat(capaian) is expected


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ("550", Atribut.SANGAT_BERHASIL),  # seed 004 l.315
        ("85", Atribut.SANGAT_BERHASIL),  # "85% s.d 100%": 85 included
        ("84.99", Atribut.BERHASIL),
        ("70", Atribut.BERHASIL),
        ("69.99", Atribut.CUKUP_BERHASIL),
        ("55", Atribut.CUKUP_BERHASIL),
        ("54.99", Atribut.TIDAK_BERHASIL),
        ("0", Atribut.TIDAK_BERHASIL),
    ],
)
def test_atribut_edges(capaian: str, expected: Atribut) -> None:
    assert atribut(capaian) is expected


def test_atribut_keeps_its_kategori_number() -> None:
    assert [a.kategori for a in Atribut] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        ("100", PredikatAKIP.AA),
        ("90.01", PredikatAKIP.AA),
        ("90", PredikatAKIP.A),
        ("80.01", PredikatAKIP.A),
        ("80", PredikatAKIP.BB),
        ("70", PredikatAKIP.B),
        ("60", PredikatAKIP.CC),
        ("50", PredikatAKIP.C),
        ("30.01", PredikatAKIP.C),
        ("30", PredikatAKIP.D),
        ("0", PredikatAKIP.D),
    ],
)
def test_akip_edges(nilai: str, expected: PredikatAKIP) -> None:
    assert predikat_akip(nilai) is expected


@pytest.mark.parametrize("nilai", ["-0.01", "100.01", "101"])
def test_akip_outside_0_100(nilai: str) -> None:
    with pytest.raises(NotComputableError, match="outside"):
        predikat_akip(nilai)


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        ("25", MutuIKM.D),
        ("64.99", MutuIKM.D),
        ("65", MutuIKM.C),
        ("76.60", MutuIKM.C),
        ("76.61", MutuIKM.B),
        ("88.30", MutuIKM.B),
        ("88.31", MutuIKM.A),
        ("100", MutuIKM.A),
    ],
)
def test_ikm_edges(nilai: str, expected: MutuIKM) -> None:
    assert mutu_ikm(nilai) is expected


def test_ikm_mutu_words() -> None:
    assert [m.kinerja for m in MutuIKM] == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]
    with pytest.raises(NotComputableError):
        mutu_ikm("24.99")


@pytest.mark.parametrize(
    ("tingkat", "expected"),
    [
        ("5,62", KategoriEfisiensi.EFISIEN),  # seed 004 l.375
        ("1", KategoriEfisiensi.EFISIEN),
        ("0.9999", KategoriEfisiensi.KURANG_EFISIEN),
        ("0,88", KategoriEfisiensi.KURANG_EFISIEN),  # seed 004 l.381
    ],
)
def test_kategori_efisiensi_edges(tingkat: str, expected: KategoriEfisiensi) -> None:
    assert kategori_efisiensi(tingkat) is expected


def test_labels_are_the_spec_spellings() -> None:
    assert Predikat.SANGAT_TINGGI == "Sangat Tinggi"
    assert str(Atribut.CUKUP_BERHASIL) == "Cukup Berhasil"
    assert f"{KategoriEfisiensi.KURANG_EFISIEN}" == "Kurang Efisien"
    assert [p.value for p in PredikatAKIP] == ["AA", "A", "BB", "B", "CC", "C", "D"]


@pytest.mark.parametrize("scale", SCALES, ids=[s.name for s in SCALES])
def test_every_scale_has_a_citation(scale: Scale) -> None:  # type: ignore[type-arg]
    c = scale.citation
    assert c.regulation and c.source and c.text
    assert all(b.printed for b in scale.bands), "each band keeps how it was printed"


def test_unverified_regulations_are_marked() -> None:
    by_name = {s.name: s for s in SCALES}
    assert not by_name["PermenPAN-RB 88/2021 predikat AKIP"].citation.verified
    assert not by_name["PermenPAN-RB 14/2017 mutu IKM"].citation.verified


def test_a_user_builds_the_lower_bound_reading() -> None:
    # Some systems read the printed bands by their lower bounds (91/76/66/51).
    reading = Scale(
        name="Permendagri 86/2017 by lower bounds",
        bands=(
            Band(P.SANGAT_TINGGI, "91", "91 ≤ 100"),
            Band(P.TINGGI, "76", "76 ≤ 90"),
            Band(P.SEDANG, "66", "66 ≤ 75"),
            Band(P.RENDAH, "51", "51 ≤ 65"),
            Band(P.SANGAT_RENDAH, None, "≤ 50"),
        ),
        boundary=Boundary.TO_UPPER_BAND,
        citation=Citation("Permendagri No. 86 Tahun 2017", "seed 000 l.905–916", "…"),
    )
    assert predikat("90.5", scale=reading) is P.TINGGI
    assert predikat("91", scale=reading) is P.SANGAT_TINGGI
    assert predikat("50.5", scale=reading) is P.SANGAT_RENDAH
    assert predikat("90.5") is P.SANGAT_TINGGI  # the default is unchanged


@pytest.mark.parametrize(
    "bands",
    [
        (),
        (Band(P.TINGGI, "75"), Band(P.SEDANG, "65")),  # the last band must take the rest
        (Band(P.TINGGI, "65"), Band(P.SEDANG, "75"), Band(P.RENDAH, None)),  # not descending
        (Band(P.TINGGI, None), Band(P.RENDAH, None)),
    ],
)
def test_malformed_scales_are_refused(bands: tuple[Band[Predikat], ...]) -> None:
    with pytest.raises(ValueError):
        Scale("bad", bands, Boundary.TO_LOWER_BAND, Citation("r", "s", "t"))


# --- the messages in both languages (spec §18) ------------------------------------------


def test_a_band_rule_and_a_scale_refusal_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lkjip import InvalidOptionError, bahasa, variant
    from lkjip.rules.data import check, document
    from lkjip.rules.scales import ATRIBUT_CAPAIAN, PERMENDAGRI_86_2017

    monkeypatch.delenv("LKJIP_LANG", raising=False)
    assert PERMENDAGRI_86_2017.rule_of(90) == "> 75 dan ≤ 90"
    assert ATRIBUT_CAPAIAN.rule_of(90) == "≥ 85"
    with bahasa("en"):
        assert PERMENDAGRI_86_2017.rule_of(90) == "> 75 and ≤ 90"
    bad = dict(document("atribut_capaian"), regulation="TODO")
    for lang, text in [
        (
            "id",
            "berkas aturan mine.json: regulasi 'TODO' adalah placeholder; sebutkan "
            "regulasinya, atau nyatakan bahwa laporan tidak menyebutkannya",
        ),
        (
            "en",
            "the rule file mine.json: the regulation 'TODO' is a placeholder; name the "
            "regulation, or say that the reports do not name it",
        ),
    ]:
        with pytest.raises(InvalidOptionError) as caught, bahasa(lang):
            check(bad, "mine.json")
        assert str(caught.value) == text
    with pytest.raises(InvalidOptionError) as caught:
        variant("nope")
    assert str(caught.value).startswith("varian skala 'nope' tidak dikenal; lkjip menyediakan: ")


@given(
    st.lists(st.integers(-50, 150), min_size=0, max_size=4, unique=True),
    st.sampled_from(list(Boundary)),
    st.lists(st.decimals(-200, 300, places=2, allow_nan=False), min_size=1, max_size=20),
    st.one_of(st.none(), st.integers(-250, -50)),
    st.one_of(st.none(), st.integers(150, 350)),
)
def test_a_value_falls_in_the_band_the_spec_reads_off_the_thresholds(
    thresholds: list[int],
    boundary: Boundary,
    values: list[Decimal],
    minimum: int | None,
    maximum: int | None,
) -> None:
    # the bands run from the highest down: a value is in the first band whose threshold
    # it is above (or on, with TO_UPPER_BAND), else in the last band (spec §3, §4);
    # outside the scale's minimum..maximum it is in none (-1)
    labels = list(P)[: len(thresholds) + 1]
    tops = sorted(thresholds, reverse=True)
    bands = tuple(Band(label, t) for label, t in zip(labels, [*tops, None], strict=True))
    scale = Scale("s", bands, boundary, Citation("c", "s", "n"), minimum, maximum)
    index, unpickled = scale.indexer(), pickle.loads(pickle.dumps(scale))
    for v in values:
        on_upper = boundary is Boundary.TO_UPPER_BAND
        expected = next(
            (i for i, t in enumerate(tops) if v > t or (on_upper and v == t)), len(tops)
        )
        if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
            expected = -1
        assert scale.index_of(v) == index(v) == unpickled.index_of(v) == expected
