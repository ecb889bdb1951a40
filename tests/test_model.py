"""The data model and evaluation of whole tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import lkjip
from lkjip.table.evaluasi import Ringkasan, evaluate_indikator
from lkjip.table.model import Level

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_budget_tree_of_seed_000_lampiran() -> None:
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "000_realisasi_belanja.csv"))
    programs = [a for a in lap.anggaran if a.level is Level.PROGRAM]
    # seed 000 l.1296–1356: five programs; program 1 has kegiatan 1.1–1.7
    assert len(programs) == 5
    assert [len(p.children) for p in programs] == [7, 2, 2, 1, 1]
    assert [len(k.children) for k in programs[0].children] == [3, 4, 1, 6, 2, 4, 3]
    assert programs[0].dilaporkan["sisa"] == "153.143.056,42"
    total = lkjip.total_anggaran((k.pagu, k.realisasi) for k in programs[2].children)
    assert total.pagu == Decimal("1106979000.00")  # = program 3's printed pagu, l.1338


def test_sasaran_grouping_and_aggregates() -> None:
    lap = lkjip.laporan_from_rows(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))
    assert [len(s.indikator) for s in lap.sasaran] == [3, 1, 1, 1, 1, 1]
    plain = lkjip.evaluate_laporan(lap)
    # first sasaran: 550, 333,33 and 0 (seed 004 l.315–317): mean 294,44
    assert plain.sasaran[0].capaian == Decimal("294.44")
    assert plain.sasaran[0].agregasi == "rata-rata capaian indikator"
    capped = lkjip.evaluate_laporan(lap, lkjip.Opsi(cap=100))
    assert capped.sasaran[0].capaian == Decimal("66.67")
    assert capped.keseluruhan.indikator == 8 and capped.keseluruhan.tidak_dihitung == 0


def test_uncomputable_rows_carry_their_reason() -> None:
    ev = evaluate_indikator(lkjip.Indikator("x", target="0", realisasi="5"))
    assert ev.capaian is None and ev.predikat is None
    assert (
        ev.error
        == "capaian cannot be computed: target is 0; a target of zero or below has no ratio"
    )
    ringkasan = Ringkasan()
    ringkasan.add(ev)
    assert ringkasan.keseluruhan().tidak_dihitung == 1 and ringkasan.keseluruhan().capaian is None


def test_a_table_with_only_printed_capaian_uses_it() -> None:
    rows = lkjip.rows_from_dicts(
        [{"indikator": "evaluasi", "capaian": "97,87%", "predikat": "Tinggi"}]
    )
    ev = next(lkjip.evaluate(rows))
    assert ev.capaian == Decimal("97.87") and ev.capaian_dicetak
    assert ev.predikat is lkjip.Predikat.SANGAT_TINGGI  # seed 004 l.1536 prints Tinggi
    assert ev.penjelasan("id")[0].startswith("Capaian 97,87% (seperti dicetak)")


def test_results_are_frozen_and_levels_read_indonesian_words() -> None:
    ev = evaluate_indikator(lkjip.Indikator("IKM", target="87", realisasi="90"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ev.capaian = Decimal(1)  # type: ignore[misc]
    assert Level("Sub Kegiatan") is Level.SUB_KEGIATAN and Level("TOTAL") is Level.JUMLAH
    assert Level("rata-rata") is Level.RATA_RATA
    assert lkjip.Indikator(arah="negatif").arah is lkjip.Direction.LOWER


def test_bad_arah_and_level_are_reported_not_fatal() -> None:
    rows = lkjip.rows_from_dicts(
        [{"target": "10", "realisasi": "8", "arah": "naik", "level": "bab"}]
    )
    ev = next(lkjip.evaluate(rows))
    assert ev.capaian == Decimal("80.00")  # taken as higher is better, and said so
    assert ev.error is not None and "arah 'naik'" in ev.error and "level 'bab'" in ev.error
    findings = lkjip.audit(
        lkjip.rows_from_dicts([{"target": "10", "realisasi": "8", "arah": "naik"}])
    )
    assert [t.field for t in findings.findings] == ["arah"]


# --- the language of reasons and explanations (spec §18) ------------------------------------


def test_row_problems_and_explanations_are_indonesian_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    rows = [{"indikator": "X", "capaian": "97,87%", "level": "subbab"}]
    (ev,) = lkjip.evaluate(lkjip.rows_from_dicts(rows))
    assert ev.masalah == (
        "level 'subbab' bukan salah satu dari jumlah, program, kegiatan, sub_kegiatan, rata_rata",
    )
    assert ev.penjelasan()[0].startswith("Capaian 97,87% (seperti dicetak) → Sangat Tinggi")
    assert ev.penjelasan()[-1] == "Tidak dapat dihitung: " + ev.masalah[0]
    assert ev.penjelasan("en")[0].startswith("Capaian 97,87% (as printed) → Sangat Tinggi")
    assert ev.penjelasan("en")[-1] == "Cannot be computed: " + ev.masalah[0]  # made in id
    (ev,) = lkjip.evaluate(lkjip.rows_from_dicts(rows), lang="en")
    assert ev.masalah == (
        "level 'subbab' is not one of jumlah, program, kegiatan, sub_kegiatan, rata_rata",
    )


def test_evaluate_sets_its_language_per_row_not_across_a_yield(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lkjip._core.pesan import Bahasa, bahasa_aktif

    monkeypatch.setenv("LKJIP_LANG", "en")
    rows = lkjip.rows_from_dicts([{"target": "1", "arah": "naik"}, {"target": "1"}, "x"])  # type: ignore[list-item]
    results = lkjip.evaluate(rows, lang="id")
    first = next(results)
    assert bahasa_aktif() is Bahasa.EN  # the caller's language, between rows
    assert first.masalah[0].startswith("arah 'naik' bukan salah satu dari higher/lower")
    next(results)
    last = next(results)
    assert last.masalah[0] == "baris ini bukan mapping, melainkan 'x'"
    with pytest.raises(lkjip.InvalidOptionError, match="'de'"):
        lkjip.evaluate(rows, lang="de")  # refused at the call, before any row


def test_evaluate_laporan_takes_a_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from lkjip._core.pesan import Bahasa, bahasa_aktif
    from lkjip.table import evaluasi

    seen: list[Bahasa] = []
    real = evaluasi.evaluate_indikator

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(bahasa_aktif())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluasi, "evaluate_indikator", spy)
    laporan = lkjip.Laporan(
        sasaran=(lkjip.Sasaran("S", (lkjip.Indikator("X", target="10", realisasi="12"),)),)
    )
    (ev,) = lkjip.evaluate_laporan(laporan, lang="id").hasil
    assert ev.capaian == Decimal("120.00")  # 12 / 10
    lkjip.evaluate_laporan(laporan)
    assert seen == [Bahasa.ID, Bahasa.EN]  # the suite's language without lang
    with pytest.raises(lkjip.InvalidOptionError):
        lkjip.evaluate_laporan(laporan, lang="jv")
    # the text is made when printed, in the language in use then
    with lkjip.bahasa("id"):
        assert "Keseluruhan" in str(lkjip.evaluate_laporan(laporan))
    assert "Overall" in str(lkjip.evaluate_laporan(laporan))


def test_table_reading_errors_in_both_languages() -> None:
    import io

    from lkjip.table.read import TableError

    with lkjip.bahasa("id"), pytest.raises(TableError) as caught:
        lkjip.read_table(io.StringIO(""))
    assert str(caught.value) == (
        "masukan kosong: seharusnya ada baris judul yang menamai kolom-kolomnya"
    )
    with pytest.raises(TableError) as caught:
        lkjip.read_table(io.StringIO(""))
    assert str(caught.value) == "the input is empty: expected a header row naming the columns"
    with lkjip.bahasa("id"), pytest.raises(TableError) as caught:
        lkjip.read_table(io.StringIO("target,Target\n1,2\n"))
    assert str(caught.value) == "kolom 'target' muncul dua kali di judul"
    with lkjip.bahasa("id"):
        (row,) = lkjip.read_table(io.StringIO("target\n1,2\n"))
    assert row.masalah == "baris ini berisi 2 sel, tetapi judulnya menamai 1 kolom"
