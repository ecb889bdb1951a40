"""The data model of an LKjIP table: what a report states, and what lkjip computes from it.

Inputs: ``Indikator`` (target and realisasi of one indicator), ``Sasaran``
(its indicators), ``Anggaran`` (a program, kegiatan or sub-kegiatan budget,
with its children) and ``Laporan`` (all of them). Results: ``Evaluasi``
for one row, ``Agregat`` for a sasaran or the whole report. All are frozen, plain
data: the methods that evaluate, explain, print or draw call the modules above the
model through ``lkjip._core.hooks`` (the model imports none of them).

```pycon
>>> from lkjip.table.model import Indikator
>>> from lkjip.table.evaluasi import evaluate_indikator
>>> ev = evaluate_indikator(Indikator("IKM", target="87", realisasi="90"))
>>> ev.capaian, str(ev.predikat), str(ev.atribut)
(Decimal('103.45'), 'Sangat Tinggi', 'Sangat Berhasil')
>>> print(ev.penjelasan()[0])
Capaian = 90 / 87 × 100% = 103,45% → Sangat Tinggi (Permendagri 86/2017 predikat capaian: > 90)

```
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from lkjip._core import hooks as _hooks
from lkjip._core.cell import Cell
from lkjip._core.context import check_options
from lkjip._core.pesan import bahasa, pesan
from lkjip._core.scale import Scale
from lkjip._core.word import Word
from lkjip.errors import InvalidOptionError, InvalidTypeError, LKjIPError, shown
from lkjip.numbers import to_decimal
from lkjip.rules.agregasi import Tren
from lkjip.rules.capaian import (
    Direction,
    LowerMethod,
    Perhitungan,
    _direction,
    _lower_method,
    capaian,
    kemajuan,
)
from lkjip.rules.capaian import perhitungan as _perhitungan
from lkjip.rules.scales import (
    ATRIBUT_CAPAIAN,
    KATEGORI_EFISIENSI,
    PERMENDAGRI_86_2017,
    Atribut,
    AtributVarian,
)

__all__ = [
    "Agregat",
    "Anggaran",
    "Evaluasi",
    "EvaluasiLaporan",
    "Indikator",
    "Laporan",
    "Level",
    "Opsi",
    "Sasaran",
]


class Level(Word):
    """Where a budget row sits: ``jumlah`` over ``program`` over ``kegiatan`` over
    ``sub_kegiatan``; a ``rata_rata`` row prints the mean of the indicators above it."""

    JUMLAH = "jumlah"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    RATA_RATA = "rata_rata"

    @classmethod
    def _missing_(cls, value: object) -> Level | None:
        if isinstance(value, str):
            key = "_".join(value.strip().lower().replace("-", " ").split())
            return _LEVEL_WORDS.get(key)
        return None

    @property
    def depth(self) -> int:
        """0 for jumlah … 3 for sub_kegiatan (rata_rata stands outside the tree)."""
        return _DEPTH[self]


_LEVEL_WORDS = {
    "jumlah": Level.JUMLAH,
    "total": Level.JUMLAH,
    "program": Level.PROGRAM,
    "kegiatan": Level.KEGIATAN,
    "sub_kegiatan": Level.SUB_KEGIATAN,
    "subkegiatan": Level.SUB_KEGIATAN,
    "rata_rata": Level.RATA_RATA,
    "rata": Level.RATA_RATA,
}
_DEPTH = {
    Level.JUMLAH: 0,
    Level.PROGRAM: 1,
    Level.KEGIATAN: 2,
    Level.SUB_KEGIATAN: 3,
    Level.RATA_RATA: 9,
}


def _option_method(value: object) -> LowerMethod:
    return _lower_method(value, "lower_method")


def _own_method(value: object) -> LowerMethod | None:
    return None if value is None else _lower_method(value, "lower_method")


def _arah(value: object) -> Direction:
    return _direction(value, "arah")


def _cap(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        cap = to_decimal(value, "cap")
    except (LKjIPError, TypeError):
        cap = None
    if cap is None or cap <= 0:
        raise InvalidOptionError(pesan("model.cap_not_above_zero", given=shown(value)))
    return cap


def _places(_: object, __: object, value: object) -> None:
    try:
        check_options(value, ROUND_HALF_UP)  # type: ignore[arg-type]
    except InvalidTypeError as exc:  # an option, not a figure: one error for every option
        raise InvalidOptionError(str(exc)) from None


def _rounding(_: object, __: object, value: object) -> None:
    check_options(None, value)  # type: ignore[arg-type]


def _scale_option(option: str, example: str) -> Any:
    """The validator of an ``Opsi`` scale: a ``Scale``, else an ``InvalidOptionError``."""

    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, Scale):
            raise InvalidOptionError(
                pesan("model.not_a_scale", option=option, example=example, given=shown(value))
            )

    return check


def _skala_atribut(owner: object, attribute: object, value: object) -> None:
    _scale_option("skala_atribut", "ATRIBUT_CAPAIAN")(owner, attribute, value)
    assert isinstance(value, Scale)
    labels = value.labels
    if not all(isinstance(label, (Atribut, AtributVarian)) for label in labels):
        raise InvalidOptionError(
            pesan(
                "model.atribut_labels_needed",
                kind=type(labels[0]).__name__,
                scale=shown(value.name),
            )
        )
    numbers = [label.kategori for label in labels]
    if numbers != list(range(1, len(labels) + 1)):
        raise InvalidOptionError(
            pesan(
                "model.atribut_kategori_order",
                scale=shown(value.name),
                numbers=", ".join(map(str, numbers)),
            )
        )


@attrs.frozen
class Opsi:
    """How a table is evaluated: the lower-is-better method, rounding, averaging, scales.

    Every option is checked here, once: an unknown or out-of-range one is an
    ``InvalidOptionError`` naming it, never a problem of each row; words are read
    into their enums (``Opsi(lower_method="inverse").lower_method is LowerMethod.INVERSE``).
    """

    lower_method: LowerMethod = attrs.field(default=LowerMethod.REFLECTED, converter=_option_method)
    places: int = attrs.field(default=2, validator=_places)
    """Decimals kept (0 to 100; ``None``: the unrounded 28-digit figure)."""
    rounding: str = attrs.field(default=ROUND_HALF_UP, validator=_rounding)
    """One of the decimal module's ``ROUND_*`` modes (``ROUND_DOWN`` truncates)."""
    cap: Decimal | None = attrs.field(default=None, converter=_cap)
    """Cap each capaian at this value before averaging (``100``); ``None``: plain mean."""
    skala: Scale[Any] = attrs.field(
        default=PERMENDAGRI_86_2017, validator=_scale_option("skala", "PERMENDAGRI_86_2017")
    )
    """The predikat scale (any ``Scale``: ``lkjip.variant``, ``lkjip.scale_file``)."""
    skala_atribut: Scale[Any] = attrs.field(default=ATRIBUT_CAPAIAN, validator=_skala_atribut)
    """The atribut scale; its labels are ``Atribut`` or ``AtributVarian`` (their ``kategori``)."""
    skala_efisiensi: Scale[Any] = attrs.field(
        default=KATEGORI_EFISIENSI,
        validator=_scale_option("skala_efisiensi", "KATEGORI_EFISIENSI"),
    )
    """The scale of kategori efisiensi (tingkat efisiensi = capaian / penyerapan)."""

    @property
    def agregasi(self) -> str:
        """How sasaran and report figures are aggregated, in words."""
        if self.cap is None:
            return "rata-rata capaian indikator"
        return f"rata-rata capaian indikator, tiap capaian dibatasi {format(self.cap, 'f')}%"


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class Indikator:
    """One performance indicator: target and realisasi as given (text or numbers)."""

    nama: str | None = None
    target: Cell = None
    realisasi: Cell = None
    satuan: str | None = None
    arah: Direction = attrs.field(default=Direction.HIGHER, converter=_arah)
    """Higher or lower is better (``"positif"``/``"negatif"`` read too; checked here)."""
    lower_method: LowerMethod | None = attrs.field(default=None, converter=_own_method)
    """``None``: the table's ``Opsi`` decides."""
    target_akhir: Cell = None
    """End-of-plan (Renstra) target, for tingkat kemajuan."""
    realisasi_lalu: Cell = None
    """Last year's realisasi, for selisih and tren."""
    sasaran: str | None = None
    dilaporkan: Mapping[str, Cell] = attrs.field(factory=dict, hash=False)
    """Figures as the report prints them (``capaian``, ``predikat``, ``atribut``,
    ``kemajuan``), for the audit and for a table with no target."""
    masalah: tuple[str, ...] = attrs.field(default=(), converter=_texts, hash=False)
    """What could not be read of its row (an unknown ``arah``, a broken row): every
    evaluation of the indicator reports it, as ``evaluate`` of the row does."""

    def metode(self, opsi: Opsi) -> LowerMethod:
        """The lower-is-better method: the indicator's own, else the table's."""
        return self.lower_method or opsi.lower_method

    def hitung_capaian(self, opsi: Opsi, places: int, rounding: str) -> Decimal:
        """Capaian of this indicator (``lkjip.capaian``) under ``opsi``."""
        return capaian(
            self.target,
            self.realisasi,
            direction=self.arah,
            lower_method=self.metode(opsi),
            places=places,
            rounding=rounding,
        )

    def perhitungan(self, opsi: Opsi) -> Perhitungan:
        """How ``hitung_capaian`` computes (the formula, the target or bound used), for
        the explain trace and the audit: the same dispatch, never decided again."""
        return _perhitungan(
            self.target, self.realisasi, direction=self.arah, lower_method=self.metode(opsi)
        )

    def perhitungan_kemajuan(self, opsi: Opsi) -> Perhitungan:
        """How ``hitung_kemajuan`` computes."""
        return _perhitungan(
            self.target_akhir,
            self.realisasi,
            direction=self.arah,
            lower_method=self.metode(opsi),
            rule="tingkat kemajuan",
            what="target_akhir",
        )

    def hitung_kemajuan(self, opsi: Opsi, places: int, rounding: str) -> Decimal:
        """Tingkat kemajuan against ``target_akhir`` (``lkjip.kemajuan``)."""
        return kemajuan(
            self.target_akhir,
            self.realisasi,
            direction=self.arah,
            lower_method=self.metode(opsi),
            places=places,
            rounding=rounding,
        )


@attrs.frozen
class Anggaran:
    """A budget line: pagu and realisasi as given, and the lines below it."""

    nama: str | None = None
    pagu: Cell = None
    realisasi: Cell = None
    level: Level | None = None
    children: tuple[Anggaran, ...] = ()
    dilaporkan: Mapping[str, Cell] = attrs.field(factory=dict, hash=False)
    """Figures as printed (``penyerapan``, ``sisa``, ``efisiensi_anggaran``, …)."""


@attrs.frozen
class Sasaran:
    """A strategic objective and its indicators."""

    nama: str | None
    indikator: tuple[Indikator, ...] = ()


@attrs.frozen
class Laporan:
    """A report: its sasaran with their indicators, and its budget tree."""

    sasaran: tuple[Sasaran, ...] = ()
    anggaran: tuple[Anggaran, ...] = ()
    judul: str = ""

    def plot(self, path: str | None = None, opsi: Opsi | None = None) -> object:
        """Evaluate the report and draw capaian per indikator (needs ``lkjip[chart]``)."""
        evaluated: EvaluasiLaporan = _hooks.provided("evaluate_laporan")(self, opsi or Opsi())
        return evaluated.plot(path, judul=self.judul or None)  # None: the chart's own title


@attrs.frozen
class Evaluasi:
    """Everything lkjip computes for one row. A figure that cannot be computed is
    ``None`` and its reason is in ``masalah``; the row never aborts the table."""

    baris: int | None
    indikator: Indikator | None = None
    anggaran: Anggaran | None = None
    capaian: Decimal | None = None
    predikat: Word | None = None
    """The label of ``opsi.skala`` (``Predikat`` on the default scale)."""
    atribut: Atribut | AtributVarian | None = None
    """The label of ``opsi.skala_atribut``."""
    kemajuan: Decimal | None = None
    selisih: Decimal | None = None
    tren: Tren | None = None
    penyerapan: Decimal | None = None
    sisa: Decimal | None = None
    efisiensi_anggaran: Decimal | None = None
    tingkat_efisiensi: Decimal | None = None
    kategori_efisiensi: Word | None = None
    """The label of ``opsi.skala_efisiensi`` (``KategoriEfisiensi`` by default)."""
    masalah: tuple[str, ...] = ()
    capaian_dicetak: bool = False
    """True when capaian was taken as printed (the row has no target and realisasi)."""
    penyerapan_dicetak: bool = False
    """True when penyerapan was taken as printed (the row has no pagu and realisasi)."""
    opsi: Opsi = Opsi()

    @property
    def error(self) -> str | None:
        """The reasons figures could not be computed, in one line (``None`` if none)."""
        return "; ".join(self.masalah) or None

    def penjelasan(self, lang: str | None = None) -> tuple[str, ...]:
        """How each figure was obtained, in ``lang`` (``"id"``, ``"en"``; ``None``: the
        language in use, Bahasa Indonesia by default), numbers in Indonesian format.
        The reasons in ``masalah`` stay in the language they were made in (``evaluate``'s
        ``lang``)."""
        with bahasa(lang):
            return tuple(_hooks.provided("jelaskan")(self))  # lkjip.table.explain

    def __str__(self) -> str:
        return str(_hooks.provided("evaluasi_text")(self))  # lkjip.table.display

    def _repr_html_(self) -> str:
        return str(_hooks.provided("evaluasi_html")(self))


@attrs.frozen
class Agregat:
    """The aggregate capaian of a sasaran (``nama``) or of the whole report (``nama=None``)."""

    nama: str | None
    capaian: Decimal | None
    predikat: Word | None
    atribut: Atribut | AtributVarian | None
    agregasi: str
    """Which aggregation gave ``capaian`` (the reports do not define one)."""
    indikator: int
    """Indicators whose capaian went into the aggregate."""
    tidak_dihitung: int
    """Indicators left out because their capaian could not be computed."""


@attrs.frozen
class EvaluasiLaporan:
    """A whole report evaluated: every row, every sasaran, and the overall figure."""

    hasil: tuple[Evaluasi, ...]
    sasaran: tuple[Agregat, ...]
    keseluruhan: Agregat
    opsi: Opsi = Opsi()
    """The options (and scales) the report was evaluated with."""

    def __str__(self) -> str:
        return str(_hooks.provided("laporan_text")(self))  # lkjip.table.display

    def _repr_html_(self) -> str:
        return str(_hooks.provided("laporan_html")(self))

    def plot(self, path: str | None = None, **options: object) -> object:
        """A bar chart of capaian per indikator (needs ``lkjip[chart]``); see ``lkjip.chart``."""
        figure: object = _hooks.provided("plot_capaian")(self.hasil, path, **options)
        return figure
