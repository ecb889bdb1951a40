"""lkjip — the calculation rules of Indonesian government performance reports (LKjIP).

Exact (``Decimal``), explicit and checkable: capaian kinerja, predikat, atribut,
budget absorption and efficiency, as in ``spec/RULES.md``.

>>> import lkjip
>>> c = lkjip.capaian("90", "103,44")
>>> c, lkjip.predikat(c), lkjip.atribut(c).kategori
(Decimal('114.93'), <Predikat.SANGAT_TINGGI: 'Sangat Tinggi'>, 1)
"""

from __future__ import annotations

from ._scale import Band, Boundary, Citation, Scale
from .agregasi import Tren, rata_rata, selisih, tren
from .akip import nilai_akip
from .anggaran import (
    efisiensi_anggaran,
    jumlah,
    penyerapan,
    sisa_anggaran,
    tingkat_efisiensi,
    total_anggaran,
)
from .capaian import Direction, LowerMethod, capaian, kemajuan
from .errors import InvalidNumberError, InvalidOptionError, LKjIPError, NotComputableError
from .ikm import nilai_ikm
from .numbers import format_number, format_persen, format_rupiah, parse_number
from .scales import (
    PERMENDAGRI_86_2017,
    Atribut,
    KategoriEfisiensi,
    MutuIKM,
    Predikat,
    PredikatAKIP,
    atribut,
    kategori_efisiensi,
    mutu_ikm,
    predikat,
    predikat_akip,
)

__version__ = "0.1.0"

__all__ = [
    # numbers
    "parse_number",
    "format_number",
    "format_persen",
    "format_rupiah",
    # capaian
    "Direction",
    "LowerMethod",
    "capaian",
    "kemajuan",
    # scales
    "Scale",
    "Band",
    "Boundary",
    "Citation",
    "PERMENDAGRI_86_2017",
    "Predikat",
    "predikat",
    "Atribut",
    "atribut",
    "PredikatAKIP",
    "predikat_akip",
    "nilai_akip",
    "MutuIKM",
    "mutu_ikm",
    "nilai_ikm",
    # anggaran
    "penyerapan",
    "sisa_anggaran",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "KategoriEfisiensi",
    "kategori_efisiensi",
    "jumlah",
    "total_anggaran",
    # agregasi
    "rata_rata",
    "selisih",
    "Tren",
    "tren",
    # errors
    "LKjIPError",
    "InvalidNumberError",
    "NotComputableError",
    "InvalidOptionError",
]
