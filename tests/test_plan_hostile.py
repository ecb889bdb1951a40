"""A hostile user against the row plan (``lkjip.table.plan``) and ``decimal_mark``.

Each test states what spec §1 and §13 ask of a cell (``decimal_mark`` overrides the
guess; ``-`` is nil in money columns and "no figure" elsewhere; an unreadable cell is
reported as such) and checks it on the paths that read a table row: ``evaluate``,
``audit``, ``laporan_from_rows``, the command line and ``lkjip serve``. A test marked
``xfail(strict=True)`` is a bug this run found, its reason what happens; the others
held. Expected figures are the spec's, or worked out by hand in the comment beside them.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lkjip import cli
from lkjip.errors import LKjIPError
from lkjip.table.audit import HasilAudit, audit
from lkjip.table.evaluasi import evaluate, laporan_from_rows
from lkjip.table.model import Evaluasi
from lkjip.table.read import TableError, read_table, rows_from_dicts


def one(rows: Any) -> Evaluasi:
    (ev,) = list(evaluate(rows))
    return ev


def findings(result: HasilAudit) -> list[tuple[int, str, str | None, str]]:
    return [(t.row, t.field, t.reported, t.check) for t in result.findings]


def cli_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    status = cli.main(argv)
    out = capsys.readouterr().out
    return status, json.loads(out)


# --- decimal_mark: a cell that does not read with the mark given -------------------------

# Under decimal_mark="." the comma groups thousands (spec §1), so "87,5" (a group of one
# digit) and "1.234,5" (a comma after the decimal point) are no numbers: parse_number
# refuses them. The guess of §1 would read them 87.5 and 1234.5; the mark overrides it.

DOT_CSV = 'indikator,target,realisasi\nA,100,"87,5"\n'


@pytest.mark.parametrize(
    "source",
    [DOT_CSV, '{"indikator": "A", "target": "100", "realisasi": "87,5"}\n'],
    ids=["csv", "jsonl"],
)
def test_evaluate_refuses_a_number_the_decimal_mark_cannot_read(source: str) -> None:
    ev = one(read_table(io.StringIO(source), decimal_mark="."))
    assert ev.capaian is None
    assert ev.error is not None and "87,5" in ev.error


def test_evaluate_and_audit_agree_on_a_money_cell_the_mark_cannot_read() -> None:
    text = 'level;nama;pagu;realisasi_anggaran\nkegiatan;k;"1.000,5";500\n'
    found = findings(audit(read_table(io.StringIO(text), decimal_mark=".")))
    assert (1, "pagu", "1.000,5", "unreadable") in found  # the audit: unreadable (holds)
    ev = one(read_table(io.StringIO(text), decimal_mark="."))
    assert ev.penyerapan is None and ev.sisa is None
    assert ev.error is not None


def test_audit_does_not_recompute_from_a_cell_the_mark_cannot_read() -> None:
    text = 'indikator;target;realisasi;capaian\nA;100;"1.234,5";50\n'
    result = audit(read_table(io.StringIO(text), decimal_mark="."))
    assert [t.expected for t in result.findings if t.field == "capaian"] in ([], [None])


def test_decimal_mark_reads_what_it_can() -> None:
    # held: "80.000" with mark "." is 80, so capaian = 80 / 100 x 100 = 80.00
    text = "indikator,target,realisasi\nA,100,80.000\n"
    assert one(read_table(io.StringIO(text), decimal_mark=".")).capaian == Decimal("80.00")
    assert one(read_table(io.StringIO(text))).capaian == Decimal("80000.00")  # the guess


def test_cli_evaluate_decimal_mark_refuses_a_cell_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text('indikator,target,realisasi\nA,10,"87,5"\n', encoding="utf-8")
    status, doc = cli_json(
        ["evaluate", str(path), "--decimal-mark", ".", "--format", "json"], capsys
    )
    (rec,) = doc["results"]
    assert rec["capaian"] is None and rec["error"] is not None
    assert status == 1


def test_cli_audit_report_refuses_the_decimal_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a report is read as printed, each number by the guess of §1: --decimal-mark, which
    # would be silently ignored there, is refused (so it is for --form e81 and /v1/audit)
    report = tmp_path / "laporan.txt"
    report.write_text(
        "Tabel 3.1 Capaian Indikator Kinerja\n"
        "No\tIndikator\tTarget\tRealisasi\tCapaian (%)\n"
        "1\tIKM\t100\t80.500\t80.5\n\n",
        encoding="utf-8",
    )
    assert cli.main(["audit", str(report), "--decimal-mark", ".", "--format", "json"]) == 2
    assert "--decimal-mark" in capsys.readouterr().err
    table = tmp_path / "t.csv"
    table.write_text("target,realisasi\n1,1\n", encoding="utf-8")
    assert cli.main(["evaluate", str(table), "--form", "e81", "--decimal-mark", "."]) == 2


# --- "-": nil in money columns, no figure elsewhere (spec §13) ---------------------------


def test_dash_is_nil_in_every_money_column() -> None:
    # held: pagu 1.000, realisasi "-" (0): penyerapan 0.00, sisa 1000; a printed sisa "-"
    # is 0 and so a finding (1000 expected); a sub-total of "-" rows is 0
    row = {"level": "kegiatan", "nama": "k", "pagu": "1.000", "realisasi_anggaran": "-"}
    ev = one(rows_from_dicts([row]))
    assert (ev.penyerapan, ev.sisa) == (Decimal("0.00"), Decimal("1000"))
    result = audit(rows_from_dicts([{**row, "sisa": "-"}]))
    assert [(t.field, t.reported, t.expected) for t in result.findings] == [("sisa", "0", "1000")]
    dashes = {"pagu": "-", "realisasi_anggaran": "-", "sisa": "-"}
    rows = [{"level": "kegiatan", **dashes}, {"level": "kegiatan", **dashes}]
    total = audit(rows_from_dicts([*rows, {"level": "jumlah", **dashes}]))
    assert total.findings == () and {(3, "pagu"), (3, "sisa")} <= total.checked


def test_audit_a_dash_in_every_printed_column_is_no_figure() -> None:
    printed = ("capaian", "predikat", "atribut", "kemajuan", "penyerapan")
    printed += ("efisiensi_anggaran", "tingkat_efisiensi", "kategori_efisiensi")
    row = {"indikator": "A", "target": "80", "realisasi": "90", "target_akhir": "100"}
    row |= {"level": "kegiatan", "pagu": "1000", "realisasi_anggaran": "1000", "sisa": "-"}
    row |= dict.fromkeys(printed, "-")
    # sisa "-" is 0 Rupiah and 1000 - 1000 = 0: it agrees; nothing else is printed
    result = audit(rows_from_dicts([row]))
    assert result.findings == ()


def test_a_dash_target_is_read_as_no_target() -> None:
    dash = {"indikator": "A", "target": "-", "realisasi": "5", "capaian": "50"}
    blank = {**dash, "target": ""}
    # no target: the printed capaian is the row's capaian (blank, the spec's no figure)
    assert one(rows_from_dicts([blank])).capaian == Decimal("50")
    assert audit(rows_from_dicts([blank])).findings == ()
    assert one(rows_from_dicts([dash])).capaian == Decimal("50")
    assert audit(rows_from_dicts([dash])).findings == ()


def test_evaluate_a_dash_capaian_is_like_a_blank_one() -> None:
    blank = one(rows_from_dicts([{"indikator": "A", "capaian": ""}]))
    assert (blank.capaian, blank.error) == (None, None)
    dash = one(rows_from_dicts([{"indikator": "A", "capaian": "-"}]))
    assert (dash.capaian, dash.error) == (None, None)


# --- cells of odd types -------------------------------------------------------------------

HUGE = 10**5000  # past Python's 4300-digit limit for int -> str


@pytest.mark.parametrize("column", ["indikator", "sasaran", "satuan", "arah", "level", "nama"])
def test_a_huge_int_in_a_text_column_is_no_traceback(column: str) -> None:
    row = {"indikator": "A", "target": "80", "realisasi": "90", "level": "kegiatan"}
    row |= {"pagu": "1000", "realisasi_anggaran": "500", column: HUGE}  # nama: a budget line
    for run in (
        lambda: list(evaluate(rows_from_dicts([row]))),
        lambda: audit(rows_from_dicts([row])),
        lambda: laporan_from_rows(rows_from_dicts([row])),
    ):
        try:
            run()
        except LKjIPError:
            pass  # a typed refusal is fine; a ValueError is not


def test_a_huge_int_in_a_number_column_is_a_reported_row() -> None:
    # held: the number columns refuse it with a reason (beyond the limits); an unreadable
    # target is test_an_unreadable_target_is_reported_on_target
    for column in ("capaian", "pagu", "sisa"):
        row = {"indikator": "A", "target": "80", "realisasi": "90", "capaian": "112,5"}
        row |= {"level": "kegiatan", "pagu": "1000", "realisasi_anggaran": "500", column: HUGE}
        ev = one(rows_from_dicts([row]))
        result = audit(rows_from_dicts([row]))
        if column == "pagu":  # evaluate recomputes capaian and sisa, never reads them
            assert ev.error is not None and "5001" in ev.error
        assert any(t.field == column and t.check == "unreadable" for t in result.findings)


@pytest.mark.parametrize(
    "value",
    [True, Decimal("NaN"), float("nan"), [1, 2], {"a": 1}, "\u200b", "7-8", "B", "(500)"],
    ids=repr,
)
def test_an_odd_money_cell_is_unreadable_on_both_paths(value: object) -> None:
    # held: pagu that is no number: evaluate has no penyerapan and a reason, the audit an
    # unreadable finding on pagu
    row = {"level": "kegiatan", "nama": "k", "pagu": value, "realisasi_anggaran": "500"}
    ev = one(rows_from_dicts([row]))
    assert ev.penyerapan is None and ev.sisa is None and ev.error is not None
    assert [(t.field, t.check) for t in audit(rows_from_dicts([row])).findings] == [
        ("pagu", "unreadable")
    ]


@pytest.mark.parametrize("value", [Decimal("-0"), -0.0, Decimal("-0.00")], ids=repr)
def test_no_negative_zero_capaian(value: object) -> None:
    ev = one(rows_from_dicts([{"indikator": "A", "capaian": value}]))
    assert ev.capaian is not None and ev.capaian == 0
    assert not ev.capaian.is_signed()


# --- a column named twice -------------------------------------------------------------------


def test_rows_from_dicts_does_not_merge_a_column_named_twice() -> None:
    rows = [{"indikator": "A", "Target": "10", "target": "20", "realisasi": "10"}]
    jsonl = one(read_table(io.StringIO(json.dumps(rows[0]) + "\n")))
    assert jsonl.capaian is None and jsonl.error is not None  # JSON Lines (holds)
    try:
        ev = one(rows_from_dicts(rows))
    except TableError:
        return
    assert ev.capaian is None and ev.error is not None


def test_csv_header_naming_a_field_twice_is_refused() -> None:
    # held: "Target" and " TARGET " are one column
    with pytest.raises(TableError):
        list(evaluate(read_table(io.StringIO("Indikator,Target, TARGET ,realisasi\nA,1,2,3\n"))))


# --- the audit's sums, unreadable cells, and what it reports ---------------------------------


def test_an_unreadable_parent_cell_is_one_finding() -> None:
    rows = [
        {"level": "program", "nama": "p", "pagu": "B", "realisasi_anggaran": "1.000"},
        {"level": "kegiatan", "nama": "k", "pagu": "1.000", "realisasi_anggaran": "1.000"},
    ]
    found = findings(audit(rows_from_dicts(rows)))
    assert found.count((1, "pagu", "B", "unreadable")) == 1


def test_a_total_over_dash_and_unreadable_children() -> None:
    # held: program 2.000 over kegiatan 1.000 and "-" (0) and 1.000: sums 2.000 / 1.200 agree
    def r(level: str, pagu: str, real: str) -> dict[str, str]:
        return {"level": level, "nama": level, "pagu": pagu, "realisasi_anggaran": real}

    rows = [r("program", "2.000", "1.200"), r("kegiatan", "1.000", "600")]
    rows += [r("kegiatan", "-", "-"), r("kegiatan", "1.000", "600")]
    result = audit(rows_from_dicts(rows))
    assert result.findings == () and {(1, "pagu"), (1, "realisasi_anggaran")} <= result.checked
    # an unreadable child: the sum is not checked, the cell is reported
    rows[2] = r("kegiatan", "10.00.000", "-")
    result = audit(rows_from_dicts(rows))
    assert findings(result) == [(3, "pagu", "10.00.000", "unreadable")]
    assert (1, "pagu") not in result.checked


@pytest.mark.parametrize(
    ("column", "text"),
    [("sisa", "10.00.000"), ("efisiensi_anggaran", "%"), ("kemajuan", "10.00.000")],
)
def test_audit_reports_every_unreadable_printed_figure(column: str, text: str) -> None:
    row = {"indikator": "A", "capaian": "100", column: text}
    assert findings(audit(rows_from_dicts([row]))) == [(1, column, text, "unreadable")]


def test_audit_reports_a_lone_unreadable_capaian() -> None:
    # held (the counterpart of the test above)
    row = {"indikator": "A", "capaian": "10.00.000"}
    assert findings(audit(rows_from_dicts([row]))) == [(1, "capaian", "10.00.000", "unreadable")]


def test_an_unreadable_target_is_reported_on_target() -> None:
    row = {"indikator": "A", "target": "10.00.000", "realisasi": "5", "capaian": "50"}
    result = audit(rows_from_dicts([row]))
    # the target is unreadable, at its column; the printed capaian has nothing to be
    # checked by, so it is neither a finding nor a figure compared (spec §13)
    assert findings(result) == [(1, "target", "10.00.000", "unreadable")]


def test_no_finding_on_a_figure_the_table_does_not_print() -> None:
    row = {"indikator": "A", "capaian": "112,5", "penyerapan": Decimal("1E-40")}
    assert audit(rows_from_dicts([row])).findings == ()


def test_rata_rata_rows() -> None:
    # held: the mean of 80 and 120 is 100, capped at 100 each it is 90; 95 is neither
    def i(c: str) -> dict[str, str]:
        return {"sasaran": "S", "indikator": "i", "capaian": c}

    def mean(c: str) -> dict[str, str]:
        return {"sasaran": "S", "level": "rata-rata", "capaian": c}

    for printed, ok in (("100", True), ("90", True), ("95", False)):
        result = audit(rows_from_dicts([i("80"), i("120"), mean(printed)]))
        assert (3, "capaian") in result.checked
        assert (result.findings == ()) is ok
    # a "-" capaian above it: the mean is not checked, nothing is a finding
    result = audit(rows_from_dicts([i("80"), i("-"), mean("40")]))
    assert result.findings == () and (3, "capaian") not in result.checked
    # evaluate: the rata-rata row is not an indicator of the summary
    evs = list(evaluate(rows_from_dicts([i("80"), i("120"), mean("95")])))
    assert [e.capaian for e in evs] == [Decimal("80"), Decimal("120"), Decimal("95")]


def test_selisih_without_realisasi_is_not_computed() -> None:
    # selisih needs realisasi and realisasi_lalu (the registry's inputs): with only one it
    # is not computed, as kemajuan without target_akhir (it said "sekarang is empty",
    # the name of a parameter of selisih)
    ev = one(rows_from_dicts([{"indikator": "A", "capaian": "100", "realisasi_lalu": "5"}]))
    assert (ev.selisih, ev.tren, ev.capaian) == (None, None, Decimal("100"))
    assert ev.error is None


# --- the CLI's formats agree ---------------------------------------------------------------

HOSTILE_CSV = """\
sasaran;indikator;target;realisasi;capaian;arah;level;nama;pagu;realisasi_anggaran;penyerapan;sisa
S;A;87;91,72;;;;;;;;
S;B;-;90;112,5;;;;;;;
S;D;80.000;80.000;;;;;;;;
S;F;100;90;;lower;kegiatan;k;-;-;;
S;G;100;90;;LOWER ;kegiatan;k;1.000;-;-;-
S;H;7-8;9;;lower;;;;;;
S;J;100;90;;;kegiatan;k;"1.000.000,50";"500.000,25";;;extra
S;K;100; 90 ;;;kegiatan;k;Rp 1.000.000,-;Rp 500.000,-;;
S;N;100;100;;;jumlah;;1;1;;
"""


def test_cli_formats_agree_on_hostile_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # held: the fast lane (jsonl), the general way (json) and the CSV writer
    path = tmp_path / "t.csv"
    path.write_text(HOSTILE_CSV, encoding="utf-8")
    cli.main(["evaluate", str(path), "--format", "jsonl"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    status, doc = cli_json(["evaluate", str(path), "--format", "json"], capsys)
    assert lines == doc["results"] and status == 1
    by_row = {r["row"]: r for r in lines}
    assert by_row[1]["capaian"] == "105.43"  # 91,72 / 87 x 100 = 105.425... -> 105.43
    assert by_row[3]["capaian"] == "100.00"  # 80.000 / 80.000
    assert by_row[5]["sisa"] == "1000" and by_row[5]["penyerapan"] == "0.00"  # "-" is 0
    assert by_row[6]["capaian"] == "87.50"  # 9 above 7-8, lower: (2x8 - 9) / 8 x 100
    assert by_row[7]["sisa"] == "500000.25" and by_row[7]["error"] is not None  # 15 cells
    assert by_row[8]["penyerapan"] == "50.00"


# --- lkjip serve --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from lkjip.serve import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def post_json(client: Any, path: str, body: str) -> Any:
    return client.post(path, content=body, headers={"content-type": "application/json"})


def test_serve_a_huge_json_integer_is_no_server_error(client: Any) -> None:
    body = '{"rows": [{"indikator": "A", "target": ' + "1" * 5000 + ', "realisasi": "1"}]}'
    assert post_json(client, "/v1/evaluate", body).status_code < 500


def test_serve_decimal_mark_refuses_a_cell_it_cannot_read(client: Any) -> None:
    body = {"rows": [{"indikator": "A", "target": "10", "realisasi": "87,5"}]}
    r = post_json(client, "/v1/evaluate", json.dumps({**body, "decimal_mark": "."}))
    (rec,) = r.json()["results"]
    assert rec["capaian"] is None and rec["error"] is not None


def test_serve_a_row_naming_a_column_twice_is_reported(client: Any) -> None:
    for row in (
        '{"indikator": "A", "target": "10", "target": "20", "realisasi": "10"}',
        '{"indikator": "A", "Target": "10", "target": "20", "realisasi": "10"}',
    ):
        r = post_json(client, "/v1/evaluate", '{"rows": [' + row + "]}")
        if r.status_code == 200:
            (rec,) = r.json()["results"]
            assert rec["capaian"] is None and rec["error"] is not None
        else:
            assert 400 <= r.status_code < 500


def test_serve_decimal_mark_reads_with_the_mark(client: Any) -> None:
    # held: "80.000" with "." is 80: capaian 80 / 10 x 100 = 800.00; a bad mark is a 422
    rows = [{"indikator": "A", "target": "10", "realisasi": "80.000"}]
    r = post_json(client, "/v1/evaluate", json.dumps({"rows": rows, "decimal_mark": "."}))
    assert r.json()["results"][0]["capaian"] == "800.00"
    for mark in ('"x"', "1", '["."]'):
        body = '{"rows": ' + json.dumps(rows) + ', "decimal_mark": ' + mark + "}"
        assert post_json(client, "/v1/evaluate", body).status_code == 422
