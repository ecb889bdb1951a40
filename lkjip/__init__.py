"""lkjip — the calculation rules of Indonesian government performance reports (LKjIP).

Exact (``Decimal``), explicit and checkable: capaian kinerja, predikat, atribut,
budget absorption and efficiency, as the documentation (``docs/``) states them.

```pycon
>>> import lkjip
>>> c = lkjip.capaian("90", "103,44")
>>> c, lkjip.predikat(c), lkjip.atribut(c).kategori
(Decimal('114.93'), <Predikat.SANGAT_TINGGI: 'Sangat Tinggi'>, 1)

```
"""

from __future__ import annotations

import sys as _sys

# The modules that provide what the methods of lower layers call (lkjip._core.hooks): str()
# and HTML of results (display), Evaluasi.penjelasan (explain), plot (chart) and
# read_table of a workbook (xlsx). None imports its optional package until it is used.
from lkjip import chart as _chart  # noqa: F401
from lkjip import scales  # noqa: F401  (lkjip.scales, the documented path of lkjip.rules.scales)
from lkjip import xlsx as _xlsx  # noqa: F401
from lkjip._core.pesan import Bahasa, bahasa
from lkjip._core.scale import Band, Boundary, Citation, Scale
from lkjip.errors import (
    InvalidNumberError,
    InvalidOptionError,
    InvalidTypeError,
    LKjIPError,
    MissingExtraError,
    NotComputableError,
)
from lkjip.laporan import HasilAuditLaporan, TemuanLaporan, audit_report
from lkjip.laporan import _docx as _laporan_docx  # noqa: F401
from lkjip.laporan import _pdf as _laporan_pdf  # noqa: F401
from lkjip.numbers import format_number, format_persen, format_rupiah, parse_number
from lkjip.rules.agregasi import Tren, rata_rata, selisih, tren
from lkjip.rules.akip import BOBOT_AKIP_SETS, BobotAKIP, bobot_akip, nilai_akip
from lkjip.rules.anggaran import (
    efisiensi_anggaran,
    jumlah,
    penyerapan,
    sisa_anggaran,
    tingkat_efisiensi,
    total_anggaran,
)
from lkjip.rules.batch import BatchResult, capaian_batch, penyerapan_batch
from lkjip.rules.capaian import Direction, LowerMethod, capaian, kemajuan
from lkjip.rules.ikm import BobotIKM, HasilIKM, ikm_survei, nilai_ikm
from lkjip.rules.scales import (
    PERMENDAGRI_86_2017,
    Atribut,
    AtributVarian,
    KategoriEfisiensi,
    MutuIKM,
    Predikat,
    PredikatAKIP,
    atribut,
    kategori_efisiensi,
    mutu_ikm,
    predikat,
    predikat_akip,
    scale_file,
    variant,
    variants,
)
from lkjip.table import display as _display  # noqa: F401
from lkjip.table import explain as _explain  # noqa: F401
from lkjip.table.audit import HasilAudit, Temuan, agrees, audit
from lkjip.table.evaluasi import evaluate, evaluate_laporan, laporan_from_rows
from lkjip.table.model import Anggaran, Evaluasi, Indikator, Laporan, Opsi, Sasaran
from lkjip.table.read import read_table, rows_from_dicts
from lkjip.table.renja import (
    Akumulasi,
    EvaluasiRenja,
    audit_e81,
    evaluasi_renja,
    evaluate_e81,
    read_e81,
)


def __getattr__(name: str) -> str:
    """``lkjip.__version__``: one source, the installed package's metadata (pyproject.toml),
    read when asked for (reading it costs more than importing lkjip)."""
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("lkjip")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    from lkjip._core.pesan import pesan

    raise AttributeError(pesan("lkjip.no_attribute", module=repr(__name__), name=repr(name)))


if "pandas" in _sys.modules:  # register df.lkjip without ever importing pandas ourselves
    from lkjip import pandas as _pandas_accessor  # noqa: F401

__all__ = [
    # the language of every message (spec §18)
    "Bahasa",
    "bahasa",
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
    "variant",
    "variants",
    "scale_file",
    "AtributVarian",
    "PredikatAKIP",
    "predikat_akip",
    "nilai_akip",
    "BobotAKIP",
    "BOBOT_AKIP_SETS",
    "bobot_akip",
    "MutuIKM",
    "mutu_ikm",
    "nilai_ikm",
    "BobotIKM",
    "HasilIKM",
    "ikm_survei",
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
    # columns at a time
    "capaian_batch",
    "penyerapan_batch",
    "BatchResult",
    # tables: read, evaluate, audit
    "read_table",
    "rows_from_dicts",
    "Indikator",
    "Sasaran",
    "Anggaran",
    "Laporan",
    "Opsi",
    "Evaluasi",
    "evaluate",
    "laporan_from_rows",
    "evaluate_laporan",
    "audit",
    "agrees",
    "Temuan",
    "HasilAudit",
    # a whole report as published
    "audit_report",
    "HasilAuditLaporan",
    "TemuanLaporan",
    # errors
    "LKjIPError",
    "InvalidNumberError",
    "NotComputableError",
    "InvalidOptionError",
    "InvalidTypeError",
    "MissingExtraError",
    # the Renja evaluation (Formulir E.81)
    "Akumulasi",
    "EvaluasiRenja",
    "evaluasi_renja",
    "read_e81",
    "evaluate_e81",
    "audit_e81",
]
