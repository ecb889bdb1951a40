"""The fast lane of ``lkjip evaluate --format jsonl`` writes, byte for byte, what the
general path (``evaluate_row`` + ``record`` + ``json.dumps``) writes for every row."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import event, given
from hypothesis import strategies as st

from lkjip._core.context import fits
from lkjip.cli import FIGURES, _evaluate, _shown, record
from lkjip.cli.lane import compile_lane
from lkjip.numbers import _plain
from lkjip.rules.capaian import LowerMethod
from lkjip.table.evaluasi import evaluate_row
from lkjip.table.model import Opsi
from lkjip.table.read import Tabel, read_table


def general(text: str, opsi: Opsi) -> list[str]:
    """The evaluate records as the general path writes them."""
    table = read_table(io.StringIO(text), format="csv")
    return [
        json.dumps(record(evaluate_row(b, opsi), b, table.columns, False), ensure_ascii=False)
        for b in table
    ]


def through_cli(text: str, opsi: Opsi) -> tuple[list[str], int]:
    """What ``evaluate --format jsonl`` writes (the lane where it applies), and its exit."""
    table = read_table(io.StringIO(text), format="csv")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = _evaluate(table, opsi, "jsonl", False, None)
    return out.getvalue().split("\n")[:-1], status  # not splitlines: text may hold U+0085


def _apart(rows: Iterable[tuple[int, list[str]]]) -> tuple[list[int], list[list[str]]]:
    """Rows ``(number, cells)`` as a lane takes them: the numbers, the cells."""
    pairs = list(rows)
    return [n for n, _ in pairs], [c for _, c in pairs]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")  # quotes \r and \n
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def test_records_list_the_figures_in_the_documented_order() -> None:
    text = csv_text(["indikator", "target", "realisasi"], [["IKM", "87", "91,72"]])
    (line,) = general(text, Opsi())
    keys = list(json.loads(line))
    assert keys == ["row", "indikator", "target", "realisasi", *FIGURES, "error"]


def test_the_lane_takes_plain_rows_and_passes_on_the_rest() -> None:
    header = ["Sasaran", "Indikator", "Target", "Realisasi", "Arah", "Pagu", "Realisasi Anggaran"]
    rows = [
        ["S1", "IKM", "87", "91,72", "higher", "9.054.048.938", "8.876.182.851,58"],
        ["S1", "Angka kematian", "10", "12", "lower", "1.000", "900"],
        ["S1", "Nol", "0", "5", "", "1.000", "900"],  # target 0: an error, the general way
        ["S1", "Rentang", "7-8", "9", "lower", "1.000", "900"],  # a range: the general way
    ]
    text = csv_text(header, rows)
    table = read_table(io.StringIO(text), format="csv")
    lane = compile_lane(table.columns, _shown(table.columns), Opsi())
    assert lane is not None
    assert table.cells is not None
    taken = [line is not None for line in lane(*_apart(table.cells))]
    assert taken == [True, True, False, False]
    lines, status = through_cli(text, Opsi())
    assert lines == general(text, Opsi())
    assert status == 1  # row 3 cannot be computed
    first = json.loads(lines[0])
    # seed 000 l.1137 (penyerapan 98,04) and seed 001 l.774 style capaian
    assert (first["capaian"], first["penyerapan"], first["sisa"]) == (
        "105.43",
        "98.04",
        "177866086.42",
    )
    assert json.loads(lines[1])["capaian"] == "80.00"  # (2×10 − 12) / 10 × 100


def test_tables_with_other_rule_columns_take_the_general_way() -> None:
    for extra in ("capaian", "target_akhir", "level", "penyerapan"):
        columns = ("indikator", "target", "realisasi", extra)
        assert compile_lane(columns, columns, Opsi()) is None
    assert compile_lane(("target",), ("target",), Opsi()) is None  # half a pair


def written_by_the_lane(text: str) -> tuple[Tabel, list[str]]:
    """The table of CSV ``text`` and its lines, each written by the lane (no row goes the
    general way) and the same as the general way writes them."""
    table = read_table(io.StringIO(text), format="csv")
    lane = compile_lane(table.columns, _shown(table.columns), Opsi())
    assert lane is not None
    assert table.cells is not None
    assert None not in lane(*_apart(table.cells))
    lines, _ = through_cli(text, Opsi())
    assert lines == general(text, Opsi())
    return table, lines


def test_odd_column_names_and_cells_are_written_as_json_dumps_writes_them() -> None:
    # the lane's record template holds column names and cells as values, never as code
    header = ["Ket {0} \"x\" \\ 'y' {", "}", "Target", "Realisasi"]
    cells = ["{nomor}", "\"}\\{'", "87", "91,72"], ["\u00e9\u2028\x07 \ud7ff", "  ", "10", "12"]
    text = csv_text(header, list(cells))
    table, lines = written_by_the_lane(text)
    first, second = map(json.loads, lines)
    assert list(first)[1:3] == [*table.columns[:2]]
    assert (first[table.columns[0]], first[table.columns[1]]) == ("{nomor}", "\"}\\{'")
    assert second[table.columns[1]] is None  # a blank cell


def test_a_sisa_below_a_millionth_is_written_without_an_exponent() -> None:
    rows = [("1,00000001", "1"), ("1,0000000", "1,0000000"), ("1", "0,9999999")]
    header = ["Pagu", "Realisasi Anggaran"]
    text = csv_text(header, [list(r) for r in rows])
    _, lines = written_by_the_lane(text)
    sisa = [json.loads(x)["sisa"] for x in lines]
    assert sisa == ["0.00000001", "0.0000000", "0.0000001"]  # plain, with the decimals given
    for (pagu, spent), figure in zip(rows, sisa, strict=True):
        exact = Fraction(pagu.replace(",", ".")) - Fraction(spent.replace(",", "."))
        assert Fraction(Decimal(figure)) == exact


@given(st.text(alphabet="0123456789.,%", max_size=32))
def test_every_figure_the_lane_reads_lies_within_the_limits(text: str) -> None:
    # the lane computes with the unchecked kernel: what _plain reads needs no check
    value = _plain(text)
    if value is not None:
        fits(value)  # raises for a figure outside the limits (spec §1)


def test_the_longest_figures_the_lane_reads_lie_within_the_limits() -> None:
    for text in ("9" * 30, "9" * 29 + "%", "0," + "0" * 27 + "1", "999.999.999.999.999.999.999"):
        value = _plain(text)
        assert value is not None
        fits(value)
    assert _plain("9" * 31) is None  # longer text goes the general way, which checks


_INT = st.integers(0, 10**7).map(str)
_COMMA = st.builds(lambda a, b: f"{a},{b}", st.integers(0, 10**6), st.integers(0, 10**4))
_GROUPED = st.integers(1000, 10**15).map(lambda n: f"{n:,}".replace(",", "."))
_GROUPED_SEN = st.builds(lambda g, s: f"{g},{s:02d}", _GROUPED, st.integers(0, 99))
_ODD = st.sampled_from(
    [
        "",
        " ",
        "-",
        "0",
        "0,00",
        " 87 ",
        "7-8",
        "B",
        "1.2.3",
        "1,396,524,280.00",
        "12.5",
        "Rp 1.000",
        "9" * 40,
        "1" + "0" * 30 + ",5",
        "0,000001",
        "100%",
        "−5",
    ]
)
_NUMBER = st.one_of(_INT, _COMMA, _GROUPED, _GROUPED_SEN, _ODD, _INT.map(lambda s: s + "%"))
_ARAH = st.sampled_from(["", "higher", "lower", "positif", "negatif", "Lower", " lower", "naik"])
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6)
_COLUMNS = {
    "sasaran": _TEXT,
    "indikator": _TEXT,
    "satuan": _TEXT,
    "nama": _TEXT,
    "keterangan": _TEXT,  # not read by lkjip: passed through
    "arah": _ARAH,
    "target": _NUMBER,
    "realisasi": _NUMBER,
    "pagu": _NUMBER,
    "realisasi_anggaran": _NUMBER,
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    names = draw(st.sets(st.sampled_from(sorted(_COLUMNS)), min_size=1))
    if draw(st.booleans()) or not names & {"pagu", "realisasi_anggaran"}:
        names |= {"target", "realisasi"}
    if names & {"pagu", "realisasi_anggaran"}:
        names |= {"pagu", "realisasi_anggaran"}
    header = draw(st.permutations(sorted(names)))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = [draw(_COLUMNS[c]) for c in header]
        shape = draw(st.sampled_from(["as is"] * 6 + ["short", "long", "blank extra"]))
        if shape == "short":
            row = row[:-1]
        elif shape == "long":
            row.append(draw(_TEXT))
        elif shape == "blank extra":
            row.append("")
        rows.append(row)
    return header, rows


@given(
    tables(),
    st.integers(0, 8),
    st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]),
    st.sampled_from(list(LowerMethod)),
)
def test_the_lane_writes_exactly_what_the_general_path_writes(
    table: tuple[list[str], list[list[str]]], places: int, rounding: str, method: LowerMethod
) -> None:
    header, rows = table
    opsi = Opsi(lower_method=method, places=places, rounding=rounding)
    text = csv_text(header, rows)
    expected = general(text, opsi)
    lines, status = through_cli(text, opsi)
    assert lines == expected
    assert status == (1 if any(json.loads(x)["error"] is not None for x in expected) else 0)
    parsed = read_table(io.StringIO(text), format="csv")
    lane = compile_lane(parsed.columns, _shown(parsed.columns), opsi)
    assert parsed.cells is not None
    if lane is not None:
        taken = sum(line is not None for line in lane(*_apart(parsed.cells)))
        event(f"rows taken by the lane: {min(taken, 3)}+")
