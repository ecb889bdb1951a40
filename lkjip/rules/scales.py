"""The rating scales of LKjIP reports, as cited data (spec §3, §4, §5, §7, §8).

Each scale is one ``Scale`` with its bands, the side each threshold
belongs to, the regulation and the text it was read from, read from its cited
data file in ``lkjip/rules/data/``. A regional variant is a new ``Scale`` value (or
file), not a new function.

```pycon
>>> print(predikat("97,87%"), atribut("83"), predikat_akip(80), mutu_ikm("88,31"), sep=" | ")
Sangat Tinggi | Berhasil | BB | A
>>> atribut(100).kategori
1

```
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from lkjip._core.pesan import pesan
from lkjip._core.scale import Scale, scale_from_data
from lkjip._core.word import Word
from lkjip.errors import InvalidOptionError, shown
from lkjip.rules.data import document, names, read

_L = TypeVar("_L", bound=Word)


def _given(scale: Scale[_L]) -> Scale[_L]:
    """``scale`` if it is a ``Scale``; an ``InvalidOptionError`` naming it otherwise."""
    if not isinstance(scale, Scale):
        raise InvalidOptionError(pesan("skala.not_a_scale", value=shown(scale)))
    return scale


__all__ = [
    "ATRIBUT_CAPAIAN",
    "KATEGORI_EFISIENSI",
    "MUTU_IKM",
    "PERMENDAGRI_86_2017",
    "PREDIKAT_AKIP",
    "SCALES",
    "Atribut",
    "AtributVarian",
    "KategoriEfisiensi",
    "MutuIKM",
    "Predikat",
    "PredikatAKIP",
    "atribut",
    "kategori_efisiensi",
    "mutu_ikm",
    "predikat",
    "predikat_akip",
    "scale_file",
    "variant",
    "variants",
]


class Predikat(Word):
    """Predikat capaian on the Permendagri 86/2017 scale."""

    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


class Atribut(Word):
    """Atribut (success attribute) of a capaian; ``kategori`` is its number (1–4).

    Reports say "termasuk kategori 1 (satu) yaitu SANGAT BERHASIL" (seed 000 l.281).
    """

    SANGAT_BERHASIL = "Sangat Berhasil"
    BERHASIL = "Berhasil"
    CUKUP_BERHASIL = "Cukup Berhasil"
    TIDAK_BERHASIL = "Tidak Berhasil"

    @property
    def kategori(self) -> int:
        return _KATEGORI[self]


_KATEGORI = {
    Atribut.SANGAT_BERHASIL: 1,
    Atribut.BERHASIL: 2,
    Atribut.CUKUP_BERHASIL: 3,
    Atribut.TIDAK_BERHASIL: 4,
}


class AtributVarian(Word):
    """Atribut on the named variant 100/75/55 (spec §17), whose lowest band is
    "Kurang Berhasil"; ``kategori`` is its number (1–4)."""

    SANGAT_BERHASIL = "Sangat Berhasil"
    BERHASIL = "Berhasil"
    CUKUP_BERHASIL = "Cukup Berhasil"
    KURANG_BERHASIL = "Kurang Berhasil"

    @property
    def kategori(self) -> int:
        return list(AtributVarian).index(self) + 1


class PredikatAKIP(Word):
    """Predikat of an AKIP (SAKIP evaluation) score."""

    AA = "AA"
    A = "A"
    BB = "BB"
    B = "B"
    CC = "CC"
    C = "C"
    D = "D"


class MutuIKM(Word):
    """Mutu pelayanan of an IKM score; ``kinerja`` is its description."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def kinerja(self) -> str:
        return _KINERJA_IKM[self]


_KINERJA_IKM = {
    MutuIKM.A: "Sangat Baik",
    MutuIKM.B: "Baik",
    MutuIKM.C: "Kurang Baik",
    MutuIKM.D: "Tidak Baik",
}


class KategoriEfisiensi(Word):
    """Category of a tingkat efisiensi (capaian / penyerapan)."""

    EFISIEN = "Efisien"
    KURANG_EFISIEN = "Kurang Efisien"


# Each scale is a cited data file in lkjip/rules/data/ (regulation, link, effective date,
# unit, the report lines it was read from, its bands and the side each threshold
# belongs to), read once at import.

# Permendagri No. 86 Tahun 2017 (Medang Kampai l.910–916, Dumai Timur l.656–662):
# the printed bands are integer-based and leave gaps (90–91, 75–76, 65–66, 50–51):
# each printed upper bound is exact and a value in a gap takes the higher band (§3).
PERMENDAGRI_86_2017: Scale[Predikat] = scale_from_data(
    document("predikat_permendagri_86_2017"), Predikat
)

# Atribut capaian (Medang Kampai l.939–942, Dumai Timur l.685–688; the reports do
# not name their source). "85% s.d 100%" includes 85 and is read as open above
# (capaian over 100 is Sangat Berhasil too: Setda l.314, 550%).
ATRIBUT_CAPAIAN: Scale[Atribut] = scale_from_data(document("atribut_capaian"), Atribut)

# PermenPAN-RB No. 88 Tahun 2021 (unverified: not seen first-hand), spec §7.
PREDIKAT_AKIP: Scale[PredikatAKIP] = scale_from_data(
    document("predikat_akip_permenpanrb_88_2021"), PredikatAKIP
)

# PermenPAN-RB No. 14 Tahun 2017 (unverified), spec §8. The printed bands leave
# 0,01 gaps (64,99–65,00, …): the printed upper bounds are exact and a value in a
# gap takes the higher band.
MUTU_IKM: Scale[MutuIKM] = scale_from_data(document("mutu_ikm_permenpanrb_14_2017"), MutuIKM)

# Tingkat efisiensi = capaian / penyerapan; 1 or more is Efisien
# (Dumai Timur l.979–983, Setda l.375 and l.381).
KATEGORI_EFISIENSI: Scale[KategoriEfisiensi] = scale_from_data(
    document("kategori_efisiensi"), KategoriEfisiensi
)

SCALES: tuple[Scale[Word], ...] = (  # type: ignore[assignment]
    PERMENDAGRI_86_2017,
    ATRIBUT_CAPAIAN,
    PREDIKAT_AKIP,
    MUTU_IKM,
    KATEGORI_EFISIENSI,
)
"""Every scale lkjip ships (each must carry a citation)."""

_LABELS: dict[str, type[Word]] = {
    c.__name__: c
    for c in (Predikat, Atribut, AtributVarian, PredikatAKIP, MutuIKM, KategoriEfisiensi)
}
_VARIANT = "variant_"


def variants() -> tuple[str, ...]:
    """The names of the named variants lkjip ships (spec §17), for ``variant``.

    ```pycon
    >>> variants()
    ('atribut_100_75_55', 'predikat_batas_bawah')

    ```
    """
    return tuple(n[len(_VARIANT) :] for n in names() if n.startswith(_VARIANT))


def _scale_of(doc: Mapping[str, Any], where: str) -> Scale[Word]:
    if doc["kind"] != "scale":
        raise InvalidOptionError(pesan("skala.file_kind", where=where, kind=doc["kind"]))
    labels = _LABELS.get(doc["labels"])
    if labels is None:
        raise InvalidOptionError(
            pesan(
                "skala.unknown_labels",
                where=where,
                labels=shown(doc["labels"]),
                names=", ".join(_LABELS),
            )
        )
    return scale_from_data(doc, labels)


@cache
def variant(name: str) -> Scale[Word]:
    """The named variant ``name`` (``variants()`` lists them): a scale seen in
    practice, never the default, with the default it replaces in its file
    (``variant``) and where it was seen in its citation.

    ```pycon
    >>> lower = variant("predikat_batas_bawah")
    >>> print(predikat("90,5"), predikat("90,5", scale=lower), sep=" | ")
    Sangat Tinggi | Tinggi
    >>> print(atribut("99,99", scale=variant("atribut_100_75_55")))
    Berhasil

    ```
    """
    if not isinstance(name, str) or name not in variants():
        raise InvalidOptionError(
            pesan("skala.unknown_variant", value=shown(name), names=", ".join(variants()))
        )
    return _scale_of(document(_VARIANT + name), pesan("skala.where_variant", name=repr(name)))


def scale_file(path: str | Path) -> Scale[Word]:
    """A scale from a user's data file (the schema of ``lkjip.rules.data.check``), for a
    regional scale (``--scale FILE``); its ``labels`` name one of lkjip's label sets."""
    return _scale_of(read(path), pesan("skala.where_file", path=shown(str(path))))


def predikat(capaian: object, *, scale: Scale[Predikat] = PERMENDAGRI_86_2017) -> Predikat:
    """Predikat of a capaian (Permendagri 86/2017 by default).

    ```pycon
    >>> print(predikat(90), predikat("90,000001"), predikat(-5), sep=" | ")
    Tinggi | Sangat Tinggi | Sangat Rendah

    ```
    """
    return _given(scale).classify(capaian)


def atribut(capaian: object, *, scale: Scale[Atribut] = ATRIBUT_CAPAIAN) -> Atribut:
    """Atribut of a capaian: Sangat Berhasil (≥ 85) … Tidak Berhasil (< 55).

    ```pycon
    >>> atribut(85), atribut("84,99")
    (<Atribut.SANGAT_BERHASIL: 'Sangat Berhasil'>, <Atribut.BERHASIL: 'Berhasil'>)

    ```
    """
    return _given(scale).classify(capaian)


def predikat_akip(nilai: object, *, scale: Scale[PredikatAKIP] = PREDIKAT_AKIP) -> PredikatAKIP:
    """Predikat of an AKIP score 0–100 (PermenPAN-RB 88/2021, unverified).

    ```pycon
    >>> predikat_akip(90), predikat_akip("90,01")
    (<PredikatAKIP.A: 'A'>, <PredikatAKIP.AA: 'AA'>)

    ```
    """
    return _given(scale).classify(nilai)


def mutu_ikm(nilai: object, *, scale: Scale[MutuIKM] = MUTU_IKM) -> MutuIKM:
    """Mutu pelayanan of an IKM score 25–100 (PermenPAN-RB 14/2017, unverified).

    ```pycon
    >>> mutu_ikm("76,60"), mutu_ikm("76,61").kinerja
    (<MutuIKM.C: 'C'>, 'Baik')

    ```
    """
    return _given(scale).classify(nilai)


def kategori_efisiensi(
    tingkat_efisiensi: object, *, scale: Scale[KategoriEfisiensi] = KATEGORI_EFISIENSI
) -> KategoriEfisiensi:
    """Efisien when capaian / penyerapan is 1 or more, else Kurang Efisien.

    ```pycon
    >>> kategori_efisiensi("5,62"), kategori_efisiensi("0,88")
    (<KategoriEfisiensi.EFISIEN: 'Efisien'>, <KategoriEfisiensi.KURANG_EFISIEN: 'Kurang Efisien'>)

    ```
    """
    return _given(scale).classify(tingkat_efisiensi)
