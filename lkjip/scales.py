"""The rating scales of LKjIP reports, as cited data (spec §3, §4, §5, §7, §8).

Each scale is one ``Scale`` with its bands, the side each threshold
belongs to, the regulation and the text it was read from. A regional variant is a
new ``Scale`` value, not a new function.

```pycon
>>> print(predikat("97,87%"), atribut("83"), predikat_akip(80), mutu_ikm("88,31"), sep=" | ")
Sangat Tinggi | Berhasil | BB | A
>>> atribut(100).kategori
1

```
"""

from __future__ import annotations

from typing import TypeVar

from ._scale import Band, Boundary, Citation, Scale
from ._word import Word
from .errors import InvalidOptionError, shown

_L = TypeVar("_L", bound=Word)


def _given(scale: Scale[_L]) -> Scale[_L]:
    """``scale`` if it is a ``Scale``; an ``InvalidOptionError`` naming it otherwise."""
    if not isinstance(scale, Scale):
        raise InvalidOptionError(f"scale must be a lkjip.Scale, not {shown(scale)}")
    return scale


__all__ = [
    "ATRIBUT_CAPAIAN",
    "KATEGORI_EFISIENSI",
    "MUTU_IKM",
    "PERMENDAGRI_86_2017",
    "PREDIKAT_AKIP",
    "SCALES",
    "Atribut",
    "KategoriEfisiensi",
    "MutuIKM",
    "Predikat",
    "PredikatAKIP",
    "atribut",
    "kategori_efisiensi",
    "mutu_ikm",
    "predikat",
    "predikat_akip",
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


# Permendagri No. 86 Tahun 2017, as printed in seed 000 l.905–916 and seed 001
# l.652–662 ("≥ 90 Sangat Tinggi; 76 ≤ 90 Tinggi; …"). The printed bands are
# integer-based and leave gaps (90–91, 75–76, 65–66, 50–51): each printed upper
# bound is exact and a value in a gap takes the higher band (spec §3).
PERMENDAGRI_86_2017: Scale[Predikat] = Scale(
    name="Permendagri 86/2017 predikat capaian",
    bands=(
        Band(Predikat.SANGAT_TINGGI, "90", "≥ 90 (91 ≤ 100)"),
        Band(Predikat.TINGGI, "75", "76 ≤ 90"),
        Band(Predikat.SEDANG, "65", "66 ≤ 75"),
        Band(Predikat.RENDAH, "50", "51 ≤ 65"),
        Band(Predikat.SANGAT_RENDAH, None, "≤ 50"),
    ),
    boundary=Boundary.TO_LOWER_BAND,
    citation=Citation(
        regulation="Peraturan Menteri Dalam Negeri No. 86 Tahun 2017",
        source="seed 000 l.905–916; seed 001 l.652–662",
        text="1 ≥ 90 Sangat Tinggi; 2 76 ≤ 90 Tinggi; 3 66 ≤ 75 Sedang; "
        "4 51 ≤ 65 Rendah; 5 ≤ 50 Sangat Rendah",
        note="upper bounds 90/75/65/50 are exact (90 is Tinggi); a value in a "
        "printed gap (90–91, 75–76, 65–66, 50–51) takes the higher band",
    ),
)

# Atribut capaian: seed 000 l.934–942 (Tabel 2.2) and seed 001 l.680–688; the
# reports do not name their source. "85% s.d 100%" includes 85 and is read as
# open above (capaian over 100 is Sangat Berhasil too: seed 004 l.315, 550%).
ATRIBUT_CAPAIAN: Scale[Atribut] = Scale(
    name="atribut capaian",
    bands=(
        Band(Atribut.SANGAT_BERHASIL, "85", "85% s.d 100%"),
        Band(Atribut.BERHASIL, "70", "70% s.d < 85%"),
        Band(Atribut.CUKUP_BERHASIL, "55", "55% s.d < 70%"),
        Band(Atribut.TIDAK_BERHASIL, None, "< 55%"),
    ),
    boundary=Boundary.TO_UPPER_BAND,
    citation=Citation(
        regulation="not named in the reports",
        source="seed 000 l.934–942; seed 001 l.680–688",
        text="85% s.d 100% Sangat Berhasil; 70% s.d < 85% Berhasil; "
        "55% s.d < 70% Cukup Berhasil; < 55% Tidak Berhasil",
        note="a threshold belongs to the band above it; above 100 stays Sangat Berhasil",
    ),
)

# PermenPAN-RB No. 88 Tahun 2021 (unverified: not seen first-hand), spec §7.
PREDIKAT_AKIP: Scale[PredikatAKIP] = Scale(
    name="PermenPAN-RB 88/2021 predikat AKIP",
    bands=(
        Band(PredikatAKIP.AA, "90", "> 90 – 100"),
        Band(PredikatAKIP.A, "80", "> 80 – 90"),
        Band(PredikatAKIP.BB, "70", "> 70 – 80"),
        Band(PredikatAKIP.B, "60", "> 60 – 70"),
        Band(PredikatAKIP.CC, "50", "> 50 – 60"),
        Band(PredikatAKIP.C, "30", "> 30 – 50"),
        Band(PredikatAKIP.D, None, "0 – 30"),
    ),
    boundary=Boundary.TO_LOWER_BAND,
    minimum="0",
    maximum="100",
    citation=Citation(
        regulation="Peraturan Menteri PANRB No. 88 Tahun 2021",
        source="spec §7 (not printed in the seeds)",
        text="> 90 – 100 AA; > 80 – 90 A; > 70 – 80 BB; > 60 – 70 B; "
        "> 50 – 60 CC; > 30 – 50 C; 0 – 30 D",
        verified=False,
    ),
)

# PermenPAN-RB No. 14 Tahun 2017 (unverified), spec §8. The printed bands leave
# 0,01 gaps (64,99–65,00, …): as for Permendagri 86/2017, the printed upper
# bounds are exact and a value in a gap takes the higher band.
MUTU_IKM: Scale[MutuIKM] = Scale(
    name="PermenPAN-RB 14/2017 mutu IKM",
    bands=(
        Band(MutuIKM.A, "88.30", "88,31 – 100,00 Sangat Baik"),
        Band(MutuIKM.B, "76.60", "76,61 – 88,30 Baik"),
        Band(MutuIKM.C, "64.99", "65,00 – 76,60 Kurang Baik"),
        Band(MutuIKM.D, None, "25,00 – 64,99 Tidak Baik"),
    ),
    boundary=Boundary.TO_LOWER_BAND,
    minimum="25",
    maximum="100",
    citation=Citation(
        regulation="Peraturan Menteri PANRB No. 14 Tahun 2017",
        source="spec §8 (not printed in the seeds)",
        text="25,00–64,99 D Tidak Baik; 65,00–76,60 C Kurang Baik; "
        "76,61–88,30 B Baik; 88,31–100 A Sangat Baik",
        verified=False,
        note="upper bounds 64,99/76,60/88,30 are exact; a value in a gap takes the higher band",
    ),
)

# Tingkat efisiensi = capaian / penyerapan; 1 or more is Efisien
# (seed 001 l.229–241, seed 004 l.374–384).
KATEGORI_EFISIENSI: Scale[KategoriEfisiensi] = Scale(
    name="kategori efisiensi",
    bands=(
        Band(KategoriEfisiensi.EFISIEN, "1", "≥ 1"),
        Band(KategoriEfisiensi.KURANG_EFISIEN, None, "< 1"),
    ),
    boundary=Boundary.TO_UPPER_BAND,
    citation=Citation(
        regulation="not named in the reports",
        source="seed 001 l.229–241; seed 004 l.374–384",
        text="5,62 Efisien … 0,88 Kurang Efisien (tingkat efisiensi = capaian / penyerapan)",
    ),
)

SCALES: tuple[Scale[Word], ...] = (  # type: ignore[assignment]
    PERMENDAGRI_86_2017,
    ATRIBUT_CAPAIAN,
    PREDIKAT_AKIP,
    MUTU_IKM,
    KATEGORI_EFISIENSI,
)
"""Every scale lkjip ships (each must carry a citation)."""


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
