"""Recompute Tabel IV of the Setda Kota Dumai LKjIP 2023 (seed 004 l.312–322).

Each row is copied as printed: indikator, target, realisasi, the printed capaian
and the atribut column that holds the check mark. lkjip recomputes capaian,
predikat and atribut and marks the printed figures that do not follow from
their own target and realisasi.

    python examples/capaian_setda_dumai.py
"""

from __future__ import annotations

from decimal import ROUND_DOWN

import lkjip

# (indikator, target, realisasi, capaian as printed, atribut as printed)
TABEL_IV = [
    ("Terlaksananya Kerjasama antar Daerah", "2", "11", "550%", "Sangat Berhasil"),
    ("Terlaksananya Kerjasama Daerah dengan Pihak Ketiga", "6", "20", "333%", "Sangat Berhasil"),
    ("Kerjasama dengan Pemerintah/Lembaga Luar Negeri", "1", "0", "0%", "Tidak Berhasil"),
    ("Tercapainya Pembinaan BUMD", "3", "3", "100%", "Sangat Berhasil"),
    ("Jumlah Mahasiswa penerima beasiswa berprestasi", "30", "30", "133%", "Sangat Berhasil"),
    ("Jumlah Kerjasama dengan Institusi/Lembaga Pendidikan", "6", "3", "83%", "Berhasil"),
    ("Persentase Capaian Penegasan Batas", "29,2", "29,2", "100%", "Sangat Berhasil"),
    ("Jumlah struktur perangkat daerah yang disederhanakan", "30", "29", "97%", "Sangat Berhasil"),
]


def printed_places(text: str) -> int:
    number = text.replace("%", "").strip()
    return len(number.split(",")[1]) if "," in number else 0


def main() -> None:
    header = f"{'No':>2}  {'Indikator':52} {'Target':>6} {'Real.':>6} {'Capaian':>9} "
    header += f"{'Dicetak':>8}  {'Predikat':13} {'Atribut':15} Cek"
    print("Tabel IV Capaian Kinerja 2023 — Sekretariat Daerah Kota Dumai (seed 004 l.312)")
    print(header)
    print("-" * len(header))
    capaians = []
    for no, (indikator, target, realisasi, dicetak, atribut_dicetak) in enumerate(TABEL_IV, 1):
        capaian = lkjip.capaian(target, realisasi)
        capaians.append(capaian)
        # spec §10: a printed figure agrees when it equals the exact result rounded
        # to its printed decimals, half-up or by truncation
        p = printed_places(dicetak)
        reported = lkjip.parse_number(dicetak)
        agrees = reported in (
            lkjip.capaian(target, realisasi, places=p),
            lkjip.capaian(target, realisasi, places=p, rounding=ROUND_DOWN),
        )
        atribut = lkjip.atribut(capaian)
        check = "ok" if agrees and atribut == atribut_dicetak else "SALAH"
        print(
            f"{no:>2}  {indikator[:52]:52} {target:>6} {realisasi:>6} "
            f"{lkjip.format_persen(capaian):>9} {dicetak:>8}  "
            f"{lkjip.predikat(capaian):13} {atribut:15} {check}"
        )
    mean = lkjip.rata_rata(capaians)
    capped = lkjip.rata_rata(capaians, cap=100)
    print("-" * len(header))
    print(
        f"Rata-rata capaian {lkjip.format_persen(mean)} ({lkjip.atribut(mean)}); "
        f"dengan batas 100%: {lkjip.format_persen(capped)} "
        f"(kategori {lkjip.atribut(capped).kategori}, {lkjip.atribut(capped)})"
    )


if __name__ == "__main__":
    main()
