"""Evaluating whole tables: every figure of every row, and the aggregates.

Each row is computed from the rawest inputs it has: capaian from target and
realisasi (or, in a table that prints only capaian, from the capaian column),
penyerapan from pagu and realisasi anggaran (or the printed penyerapan), then
predikat, atribut, tingkat and kategori efisiensi from those. A figure that
cannot be computed is ``None`` with its reason; the row, and the table, go on.

```pycon
>>> from lkjip.table.read import rows_from_dicts
>>> rows = rows_from_dicts([
...     {"sasaran": "S1", "indikator": "IKM", "target": "87", "realisasi": "90"},
...     {"sasaran": "S1", "indikator": "X", "target": "0", "realisasi": "5"},
... ])
>>> [(e.baris, e.capaian, e.error) for e in evaluate(rows)]
[(1, Decimal('103.45'), None), (2, None, 'capaian cannot be computed: target is 0; a target of zero or below has no ratio')]

```
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from enum import Enum
from typing import TypeVar

import attrs

from lkjip._core import hooks as _hooks
from lkjip._core.pesan import Bahasa, bahasa, pesan
from lkjip._core.scale import Scale
from lkjip.errors import LKjIPError
from lkjip.numbers import to_decimal
from lkjip.rules import anggaran as _anggaran
from lkjip.rules.agregasi import RataRata, selisih, tren
from lkjip.table.model import (
    Agregat,
    Anggaran,
    Evaluasi,
    EvaluasiLaporan,
    Indikator,
    Laporan,
    Level,
    Opsi,
    Sasaran,
)
from lkjip.table.plan import Dibaca, RowPlan, reason
from lkjip.table.read import Baris, Tabel, TableError

__all__ = [
    "Ringkasan",
    "evaluate",
    "evaluate_dibaca",
    "evaluate_indikator",
    "evaluate_laporan",
    "evaluate_row",
    "laporan_from_rows",
]

T = TypeVar("T")
L = TypeVar("L", bound=Enum)
OPSI = Opsi()


def evaluate_indikator(
    indikator: Indikator | None,
    opsi: Opsi = OPSI,
    *,
    anggaran: Anggaran | None = None,
    capaian_dicetak: object = None,
    penyerapan_dicetak: object = None,
    baris: int | None = None,
    masalah: Iterable[str] = (),
) -> Evaluasi:
    """Evaluate one indicator (and the budget on its row, if any); ``masalah`` and the
    indicator's own ``masalah`` are its row's problems, reported with its figures."""
    problems: list[str] = list(masalah)
    if indikator is not None:
        problems += [m for m in indikator.masalah if m not in problems]

    def attempt(compute: Callable[[], T]) -> T | None:
        try:
            return compute()
        except (LKjIPError, ArithmeticError) as exc:
            if reason(exc) not in problems:
                problems.append(reason(exc))
            return None

    places, rounding = opsi.places, opsi.rounding
    c = kem = beda = None
    c_printed = p_printed = False
    ind = indikator
    if ind is not None:
        if ind.target is not None or ind.realisasi is not None:
            c = attempt(lambda: ind.hitung_capaian(opsi, places, rounding))
        if ind.target_akhir is not None:
            kem = attempt(lambda: ind.hitung_kemajuan(opsi, places, rounding))
        if ind.realisasi_lalu is not None and ind.realisasi is not None:  # both, or none
            beda = attempt(lambda: selisih(ind.realisasi, ind.realisasi_lalu))
    if capaian_dicetak is None and ind is not None:
        capaian_dicetak = ind.dilaporkan.get("capaian")
    if c is None and capaian_dicetak is not None and (ind is None or ind.target is None):
        c = attempt(lambda: to_decimal(capaian_dicetak, "capaian"))
        c_printed = c is not None

    serap = sisa = hemat = None
    if anggaran is not None and (anggaran.pagu is not None or anggaran.realisasi is not None):
        a = anggaran
        serap = attempt(
            lambda: _anggaran.penyerapan(a.pagu, a.realisasi, places=places, rounding=rounding)
        )
        sisa = attempt(lambda: _anggaran.sisa_anggaran(a.pagu, a.realisasi))
        hemat = attempt(
            lambda: _anggaran.efisiensi_anggaran(
                a.pagu, a.realisasi, places=places, rounding=rounding
            )
        )
    elif penyerapan_dicetak is not None:
        serap = attempt(lambda: to_decimal(penyerapan_dicetak, "penyerapan"))
        p_printed = serap is not None

    tingkat = None
    if c is not None and serap is not None:
        cc, ss = c, serap
        tingkat = attempt(
            lambda: _anggaran.tingkat_efisiensi(cc, ss, places=places, rounding=rounding)
        )
    # the labels of the scales in use (a figure off a user's bounded scale has none)
    label = _label(opsi.skala, c, problems)
    atr = _label(opsi.skala_atribut, c, problems)
    kind = _label(opsi.skala_efisiensi, tingkat, problems)
    return Evaluasi(
        baris=baris,
        indikator=ind,
        anggaran=anggaran,
        capaian=c,
        predikat=label,
        atribut=atr,
        kemajuan=kem,
        selisih=beda,
        tren=tren(ind.realisasi, ind.realisasi_lalu) if beda is not None and ind else None,
        penyerapan=serap,
        sisa=sisa,
        efisiensi_anggaran=hemat,
        tingkat_efisiensi=tingkat,
        kategori_efisiensi=kind,
        masalah=tuple(problems),
        capaian_dicetak=c_printed,
        penyerapan_dicetak=p_printed,
        opsi=opsi,
    )


def require_baris(baris: object, reader: str) -> Baris:
    """``baris`` if it is a table row; a ``TableError`` naming what was given otherwise."""
    if isinstance(baris, Baris):
        return baris
    raise TableError(pesan("evaluasi.not_a_row", reader=reader, given=type(baris).__name__))


def rows_of(rows: object, reader: str) -> Iterator[Baris]:
    """The rows of a table given to ``reader``, each checked to be a row."""
    try:
        items = iter(rows)  # type: ignore[call-overload]
    except TypeError:
        raise TableError(
            pesan("evaluasi.not_a_table", reader=reader, given=type(rows).__name__)
        ) from None
    for baris in items:
        yield require_baris(baris, reader)


def parse_row(baris: Baris) -> tuple[Indikator | None, Anggaran | None, list[tuple[str, str]]]:
    """The indicator and budget a row states, and what in it cannot be read (field,
    reason): the row as the plan of a table with every field reads it (``RowPlan``)."""
    dibaca = _EVERY_FIELD.read(baris)
    return dibaca.indikator, dibaca.anggaran, list(dibaca.masalah)


_EVERY_FIELD = RowPlan()


def evaluate_dibaca(dibaca: Dibaca, opsi: Opsi = OPSI) -> Evaluasi:
    """Evaluate one row as its plan read it (``lkjip.table.plan``)."""
    return evaluate_indikator(
        dibaca.indikator,
        opsi,
        anggaran=dibaca.anggaran,
        baris=dibaca.nomor,
        masalah=[reason for _, reason in dibaca.masalah],
        capaian_dicetak=dibaca.value("capaian"),
        penyerapan_dicetak=dibaca.value("penyerapan"),
    )


def evaluate_row(baris: Baris, opsi: Opsi = OPSI, plan: RowPlan | None = None) -> Evaluasi:
    """Evaluate one table row (see ``lkjip.table.read`` for its columns) by the table's
    ``plan`` (by default, the plan of a table with every field)."""
    dibaca = (plan or _EVERY_FIELD).read(require_baris(baris, "evaluate_row"))
    return evaluate_dibaca(dibaca, opsi)


def evaluate(
    rows: Tabel | Iterable[Baris], opsi: Opsi = OPSI, *, lang: str | None = None
) -> Iterator[Evaluasi]:
    """Evaluate rows one at a time, in order: every row gives exactly one result.

    Anything but a table of rows is refused with a ``TableError``. The rows' reasons
    (``masalah``) are in ``lang`` (``"id"``, ``"en"``; ``None``: the language in use, see
    ``lkjip.bahasa``); a language lkjip does not have is refused here, before any row.
    """
    if lang is None:
        return _evaluate(rows, opsi)
    with bahasa(lang) as chosen:
        pass
    return _evaluate_in(rows, opsi, chosen)


def _evaluate(rows: Tabel | Iterable[Baris], opsi: Opsi) -> Iterator[Evaluasi]:
    plan = RowPlan.of(rows)
    for baris in rows_of(rows, "evaluate"):
        yield evaluate_dibaca(plan.read(baris), opsi)


def _evaluate_in(rows: Tabel | Iterable[Baris], opsi: Opsi, lang: Bahasa) -> Iterator[Evaluasi]:
    """``_evaluate`` with each row read and evaluated in ``lang`` (the language is set
    around each step, never across a ``yield``: the caller's stays its own)."""
    items, plan = rows_of(rows, "evaluate"), RowPlan.of(rows)
    while True:
        with bahasa(lang):
            baris = next(items, None)
            if baris is None:
                return
            ev = evaluate_dibaca(plan.read(baris), opsi)
        yield ev


class _Sum:
    """One running aggregate: the mean of the capaian (``RataRata``), how many went in,
    how many had none, and why the mean cannot be kept (then it stays ``None``)."""

    __slots__ = ("count", "masalah", "mean", "missing")

    def __init__(self, cap: Decimal | None) -> None:
        self.mean: RataRata | None = RataRata(cap)
        self.count = self.missing = 0
        self.masalah: str | None = None


class Ringkasan:
    """Running sasaran and report aggregates over evaluated rows (constant memory per sasaran).

    An aggregate whose exact sum or mean cannot be computed (capaian needing more digits
    than a rule keeps, say) gets no capaian, and ``masalah`` says why; the rows go on.
    """

    def __init__(self, opsi: Opsi = OPSI) -> None:
        self.opsi = opsi
        self._groups: dict[str | None, _Sum] = {}
        self._all = _Sum(opsi.cap)

    def add(self, ev: Evaluasi) -> None:
        """Count one evaluated row (rows without an indicator are not counted)."""
        if ev.indikator is None and not ev.capaian_dicetak:
            return
        if ev.anggaran is not None and ev.anggaran.level is Level.RATA_RATA:
            return
        name = ev.indikator.sasaran if ev.indikator is not None else None
        group = self._groups.get(name)
        if group is None:
            group = self._groups[name] = _Sum(self.opsi.cap)
        for acc in (group, self._all):
            if ev.capaian is None:
                acc.missing += 1
                continue
            acc.count += 1
            if acc.mean is None:
                continue
            try:
                acc.mean.add(ev.capaian)
            except (LKjIPError, ArithmeticError) as exc:
                acc.mean = None
                acc.masalah = pesan(
                    "evaluasi.capaian_not_addable", baris=ev.baris, reason=reason(exc)
                )

    def masalah(self, nama: str | None = None, *, keseluruhan: bool = False) -> str | None:
        """Why the aggregate of sasaran ``nama`` (or, with ``keseluruhan``, of the whole
        report) has no capaian although indicators have one; ``None`` if it has."""
        acc = self._all if keseluruhan else self._groups.get(nama)
        if acc is None:
            return None
        if acc.masalah is None and acc.count:
            try:
                self._mean(acc)
            except (LKjIPError, ArithmeticError) as exc:
                return pesan("evaluasi.mean_not_computable", reason=reason(exc))
        return acc.masalah

    def _mean(self, acc: _Sum) -> Decimal | None:
        if not acc.count or acc.mean is None:
            return None
        return acc.mean.value(self.opsi.places, self.opsi.rounding)

    def _agregat(self, nama: str | None, acc: _Sum) -> Agregat:
        count, missing = acc.count, acc.missing
        try:
            mean = self._mean(acc)
        except (LKjIPError, ArithmeticError):
            mean = None  # masalah() says why
        return Agregat(
            nama=nama,
            capaian=mean,
            predikat=_label(self.opsi.skala, mean),
            atribut=_label(self.opsi.skala_atribut, mean),
            agregasi=self.opsi.agregasi,
            indikator=count,
            tidak_dihitung=missing,
        )

    def sasaran(self) -> tuple[Agregat, ...]:
        """One aggregate per sasaran, in the order they first appeared."""
        return tuple(self._agregat(n, acc) for n, acc in self._groups.items())

    def keseluruhan(self) -> Agregat:
        """The aggregate over every indicator of the report."""
        return self._agregat(None, self._all)


def _label(scale: Scale[L], value: Decimal | None, problems: list[str] | None = None) -> L | None:
    """The label of ``value`` on ``scale``; ``None`` for no value or one off the scale (then
    ``problems`` gets the scale's reason)."""
    if value is None:
        return None
    i = scale.index_of(value)
    if i >= 0:
        return scale.bands[i].label
    if problems is not None:
        try:
            scale.band_of(value)
        except LKjIPError as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
    return None


def laporan_from_rows(rows: Tabel | Iterable[Baris], judul: str = "") -> Laporan:
    """Group a table's rows into a ``Laporan``: indicators under their sasaran,
    budget rows into their tree (by the ``level`` column, in printed order)."""
    sasaran: dict[str | None, list[Indikator]] = {}
    roots: list[Anggaran] = []
    stack: list[tuple[Anggaran, list[Anggaran]]] = []

    def close(depth: int) -> None:
        while stack and (stack[-1][0].level or Level.SUB_KEGIATAN).depth >= depth:
            node, kids = stack.pop()
            done = attrs.evolve(node, children=tuple(kids))
            (stack[-1][1] if stack else roots).append(done)

    plan = RowPlan.of(rows)
    for baris in rows_of(rows, "laporan_from_rows"):
        dibaca = plan.read(baris)
        ind, agg, problems = dibaca.indikator, dibaca.anggaran, dibaca.masalah
        if ind is not None and (agg is None or agg.level is not Level.RATA_RATA):
            if problems:  # the row's problems stay with its indicator (evaluate's own)
                ind = attrs.evolve(ind, masalah=tuple(reason for _, reason in problems))
            sasaran.setdefault(ind.sasaran, []).append(ind)
        if agg is not None and agg.level is not Level.RATA_RATA:
            depth = (agg.level or Level.SUB_KEGIATAN).depth
            close(depth)
            stack.append((agg, []))
    close(0)
    return Laporan(
        sasaran=tuple(Sasaran(n, tuple(i)) for n, i in sasaran.items()),
        anggaran=tuple(roots),
        judul=judul,
    )


def evaluate_laporan(
    laporan: Laporan, opsi: Opsi = OPSI, *, lang: str | None = None
) -> EvaluasiLaporan:
    """Evaluate every indicator of a report, with sasaran and overall aggregates; the
    reasons in ``lang`` (``None``: the language in use)."""
    with bahasa(lang):
        return _evaluate_laporan(laporan, opsi)


def _evaluate_laporan(laporan: Laporan, opsi: Opsi) -> EvaluasiLaporan:
    ringkasan = Ringkasan(opsi)
    hasil = []
    for s in laporan.sasaran:
        for ind in s.indikator:
            ev = evaluate_indikator(ind, opsi)
            ringkasan.add(ev)
            hasil.append(ev)
    return EvaluasiLaporan(tuple(hasil), ringkasan.sasaran(), ringkasan.keseluruhan(), opsi=opsi)


_hooks.provide(evaluate_laporan=evaluate_laporan)  # Laporan.plot (lkjip.table.model, below)
