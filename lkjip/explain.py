"""How each figure was obtained, in Indonesian (the explain trace).

```pycon
>>> from lkjip.model import Indikator
>>> from lkjip.evaluasi import evaluate_indikator
>>> for line in evaluate_indikator(Indikator(target="10", realisasi="12", arah="lower")).penjelasan():
...     print(line)
Capaian = (2 × 10 − 12) / 10 × 100% = 80,00% (semakin rendah semakin baik, metode refleksi) → Tinggi (Permendagri 86/2017 predikat capaian: > 75 dan ≤ 90)
Atribut: 80,00% (≥ 70 dan < 85) → Berhasil (kategori 2)

```
"""  # noqa: E501

from __future__ import annotations

from decimal import Decimal

from .capaian import Direction, LowerMethod, Rentang, parse_target
from .errors import LKjIPError
from .model import Evaluasi
from .numbers import format_number, format_persen, format_rupiah, to_decimal
from .scales import ATRIBUT_CAPAIAN, KATEGORI_EFISIENSI

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
        if ev.capaian_dicetak or ind is None:
            head = f"Capaian {c} (seperti dicetak)"
        else:
            head = f"Capaian = {_capaian_formula(ev)} = {c}{_arah_note(ev)}"
        rule = ev.opsi.skala.rule_of(ev.capaian)
        lines.append(f"{head} → {ev.predikat} ({ev.opsi.skala.name}: {rule})")
        assert ev.atribut is not None
        lines.append(
            f"Atribut: {c} ({ATRIBUT_CAPAIAN.rule_of(ev.capaian)}) → {ev.atribut} "
            f"(kategori {ev.atribut.kategori})"
        )
    if ev.kemajuan is not None and ind is not None:
        lines.append(
            f"Tingkat kemajuan = {_n(ind.realisasi)} / {_n(ind.target_akhir)} × 100% = "
            f"{_p(ev.kemajuan, places)} (terhadap target akhir Renstra)"
        )
    if ev.selisih is not None and ind is not None:
        lines.append(
            f"Selisih realisasi = {_n(ind.realisasi)} − {_n(ind.realisasi_lalu)} = "
            f"{format_number(ev.selisih, None)} ({ev.tren})"
        )
    a = ev.anggaran
    if ev.penyerapan is not None:
        if ev.penyerapan_dicetak or a is None:
            lines.append(f"Penyerapan anggaran {_p(ev.penyerapan, places)} (seperti dicetak)")
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
        lines.append(
            f"Tingkat efisiensi = {_p(ev.capaian, places)} / {_p(ev.penyerapan, places)} = "
            f"{format_number(ev.tingkat_efisiensi, places)} → {ev.kategori_efisiensi} "
            f"({KATEGORI_EFISIENSI.rule_of(ev.tingkat_efisiensi)})"
        )
    lines.extend(f"Tidak dapat dihitung: {m}" for m in ev.masalah)
    return tuple(lines)


def _capaian_formula(ev: Evaluasi) -> str:
    ind = ev.indikator
    assert ind is not None
    target = parse_target(ind.target)
    r = _n(ind.realisasi)
    if isinstance(target, Rentang):
        low, high = _n(target.bawah), _n(target.atas)
        realisasi = to_decimal(ind.realisasi)
        if target.bawah <= realisasi <= target.atas:
            return f"100% (realisasi {r} dalam rentang target {low}–{high})"
        above = realisasi > target.atas
        t = _n(target.atas if above else target.bawah)
        note = f" [batas {'atas' if above else 'bawah'} rentang target {low}–{high}]"
    else:
        t, note = _n(ind.target), ""
    if ind.arah is Direction.HIGHER:
        return f"{r} / {t} × 100%{note}"
    if (ind.lower_method or ev.opsi.lower_method) is LowerMethod.REFLECTED:
        return f"(2 × {t} − {r}) / {t} × 100%{note}"
    return f"{t} / {r} × 100%{note}"


def _arah_note(ev: Evaluasi) -> str:
    ind = ev.indikator
    if ind is None or ind.arah is Direction.HIGHER:
        return ""
    method = ind.lower_method or ev.opsi.lower_method
    word = "refleksi" if method is LowerMethod.REFLECTED else "invers"
    return f" (semakin rendah semakin baik, metode {word})"
