"""How each figure was obtained, in Indonesian (the explain trace).

```pycon
>>> from lkjip import bahasa
>>> from lkjip.table.model import Indikator
>>> from lkjip.table.evaluasi import evaluate_indikator
>>> with bahasa("id"):
...     for line in evaluate_indikator(Indikator(target="10", realisasi="12", arah="lower")).penjelasan():
...         print(line)
Capaian = (2 × 10 − 12) / 10 × 100% = 80,00% (semakin rendah semakin baik, metode refleksi) → Tinggi (Permendagri 86/2017 predikat capaian: > 75 dan ≤ 90)
Atribut: 80,00% (≥ 70 dan < 85) → Berhasil (kategori 2)

```
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from lkjip._core import hooks as _hooks
from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError
from lkjip.numbers import format_number, format_persen, format_rupiah, to_decimal
from lkjip.rules.capaian import Perhitungan, Rumus
from lkjip.table.model import Evaluasi, Opsi

__all__ = ["jelaskan"]


def _n(value: object) -> str:
    """A number as given, Indonesian style, without adding or dropping decimals."""
    try:
        return format_number(to_decimal(value), None)
    except (LKjIPError, TypeError):
        return str(value)


def _rp(value: object) -> str:
    try:
        return format_rupiah(to_decimal(value))
    except (LKjIPError, TypeError):
        return str(value)


def _p(value: Decimal, places: int) -> str:
    return format_persen(value, places)


def jelaskan(ev: Evaluasi) -> tuple[str, ...]:
    """The explain trace of one ``Evaluasi``."""
    places = ev.opsi.places
    lines: list[str] = []
    ind = ev.indikator
    if ev.capaian is not None:
        c = _p(ev.capaian, places)
        step = None if ev.capaian_dicetak or ind is None else _step(ind.perhitungan, ev)
        if step is None:
            head = pesan("explain.capaian_as_printed", capaian=c)
        else:
            head = f"Capaian = {step.teks(_number)} = {c}{_arah_note(step.rumus)}"
        skala, atribut = ev.opsi.skala, ev.opsi.skala_atribut
        if ev.predikat is not None:
            lines.append(f"{head} → {ev.predikat} ({skala.name}: {skala.rule_of(ev.capaian)})")
        else:  # off the scale in use: evaluate says why (masalah, below)
            lines.append(head)
        if ev.atribut is not None:
            lines.append(
                f"Atribut: {c} ({atribut.rule_of(ev.capaian)}) → {ev.atribut} "
                f"(kategori {ev.atribut.kategori})"
            )
    step = None if ev.kemajuan is None or ind is None else _step(ind.perhitungan_kemajuan, ev)
    if step is not None and ev.kemajuan is not None:
        lines.append(
            f"Tingkat kemajuan = {step.teks(_number)} = {_p(ev.kemajuan, places)} "
            f"({'; '.join(filter(None, (pesan('explain.kemajuan_basis'), step.rumus.catatan)))})"
        )
    if ev.selisih is not None and ind is not None:
        lines.append(
            f"Selisih realisasi = {_n(ind.realisasi)} − {_n(ind.realisasi_lalu)} = "
            f"{format_number(ev.selisih, None)} ({ev.tren})"
        )
    a = ev.anggaran
    if ev.penyerapan is not None:
        if ev.penyerapan_dicetak or a is None:
            lines.append(
                pesan("explain.penyerapan_as_printed", penyerapan=_p(ev.penyerapan, places))
            )
        else:
            lines.append(
                f"Penyerapan = {_rp(a.realisasi)} / {_rp(a.pagu)} × 100% = "
                f"{_p(ev.penyerapan, places)}"
            )
    if ev.sisa is not None and a is not None:
        lines.append(
            f"Sisa anggaran = {_rp(a.pagu)} − {_rp(a.realisasi)} = {format_rupiah(ev.sisa)}"
        )
    if ev.efisiensi_anggaran is not None and a is not None and ev.sisa is not None:
        lines.append(
            f"Efisiensi anggaran = {format_rupiah(ev.sisa)} / {_rp(a.pagu)} × 100% = "
            f"{_p(ev.efisiensi_anggaran, places)}"
        )
    if ev.tingkat_efisiensi is not None:
        assert ev.capaian is not None and ev.penyerapan is not None
        line = (
            f"Tingkat efisiensi = {_p(ev.capaian, places)} / {_p(ev.penyerapan, places)} = "
            f"{format_number(ev.tingkat_efisiensi, places)}"
        )
        if ev.kategori_efisiensi is not None:
            rule = ev.opsi.skala_efisiensi.rule_of(ev.tingkat_efisiensi)
            line += f" → {ev.kategori_efisiensi} ({rule})"
        lines.append(line)
    lines.extend(pesan("explain.not_computable", reason=m) for m in ev.masalah)
    return tuple(lines)


def _number(value: Decimal) -> str:
    return format_number(value, None)


def _step(how: Callable[[Opsi], Perhitungan], ev: Evaluasi) -> Perhitungan | None:
    """How the figure was computed: the same dispatch as the evaluation's (``None`` for
    an ``Evaluasi`` built by hand whose indicator has no such figure)."""
    try:
        return how(ev.opsi)
    except LKjIPError:
        return None


def _arah_note(rumus: Rumus) -> str:
    return f" ({rumus.catatan})" if rumus.catatan else ""


_hooks.provide(jelaskan=jelaskan)  # Evaluasi.penjelasan (lkjip.table.model, below)
