"""Recompute and audit Tabel IV of the Setda Kota Dumai LKjIP 2023 (l.312–322).

The report's text is ``examples/laporan/lkjip-2023-setda-kota-dumai.txt``.

The table is in ``examples/004_capaian_kinerja.csv`` as printed: indikator, target,
realisasi, the printed capaian and the atribut column holding the check mark.
lkjip recomputes capaian, predikat and atribut for every row, then lists the
printed figures that do not follow from their own target and realisasi.

    python examples/capaian_setda_dumai.py
"""

from __future__ import annotations

from pathlib import Path

import lkjip
from lkjip.table.evaluasi import Ringkasan

TABLE = Path(__file__).with_name("004_capaian_kinerja.csv")


def main() -> None:
    print("Tabel IV Capaian Kinerja 2023, Sekretariat Daerah Kota Dumai (l.312)\n")
    head = f"{'No':>2}  {'Indikator':52} {'Target':>6} {'Real.':>6} {'Capaian':>9}"
    print(head + "  Predikat       Atribut")
    ringkasan = Ringkasan(lkjip.Opsi(cap=100))
    for ev in lkjip.evaluate(lkjip.read_table(TABLE)):
        ringkasan.add(ev)
        ind = ev.indikator
        assert ind is not None and ev.capaian is not None
        print(
            f"{ev.baris:>2}  {(ind.nama or '')[:52]:52} {ind.target!s:>6} {ind.realisasi!s:>6} "
            f"{lkjip.format_persen(ev.capaian):>9}  {ev.predikat!s:14} {ev.atribut}"
        )
    overall = ringkasan.keseluruhan()
    assert overall.capaian is not None and overall.atribut is not None
    print(
        f"\nKeseluruhan: {lkjip.format_persen(overall.capaian)}, kategori "
        f"{overall.atribut.kategori} ({overall.atribut}); {overall.agregasi}"
    )
    print("\nTemuan (angka tercetak yang tidak sesuai dengan target dan realisasinya):")
    for temuan in lkjip.audit(lkjip.read_table(TABLE)).findings:
        print(f"  baris {temuan.row}: {temuan.message}")


if __name__ == "__main__":
    main()
