"""Issue 11 (helper paths11): every path that computes a row of a table computes it the
same way, and as the spec's formulas do on exact fractions.

A generated table (targets, realisasi, pagu and realisasi anggaran printed as reports
print them -- Indonesian or plain, grouped or not, ``Rp`` and ``%`` -- both directions
and bad ``arah`` words, range targets, zero, blank and ``-`` cells, letter grades,
huge and tiny magnitudes, many decimals) goes through:

* ``lkjip.evaluate`` over ``rows_from_dicts`` and over ``read_table`` of its CSV, and
  ``evaluate_laporan`` (capaian, predikat, atribut and the overall mean);
* the command line, in this process: ``evaluate --format jsonl`` (the fast lane) with
  ``--jobs 1`` and ``--jobs 2``, ``jsonl`` read from a JSON Lines table (the general
  path), ``json`` (with the aggregates), ``csv``, and ``--explain``; and once in a
  subprocess over a table large enough that ``--jobs 2`` starts workers;
* the batch API (``capaian_batch``, ``penyerapan_batch``) on text and on ``Decimal``
  cells; ``lkjip.fixed`` and ``df.lkjip`` (``capaian``, ``evaluate``, every dtype) on
  text and on float columns (skipped without numpy / pandas / pyarrow);
* ``lkjip audit`` (in-process and the command line) of the CSV ``evaluate`` wrote:
  a row without an error has no finding.

Every path must give the same figures (capaian, predikat, atribut, kategori,
penyerapan, sisa, efisiensi anggaran, tingkat efisiensi, kategori efisiensi), the same
error-or-not per row and the same reason, for the same options (places, rounding,
lower_method, cap). The figures and the error-or-not are also checked against an
independent oracle: the spec's formulas (§2–§5) on ``fractions.Fraction``, rounded by
integer arithmetic (``reference``), reading each cell from the value the test drew,
not from the text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lkjip
from lkjip import (
    Direction,
    InvalidOptionError,
    LKjIPError,
    LowerMethod,
    Opsi,
    capaian_batch,
    evaluate,
    evaluate_laporan,
    laporan_from_rows,
    parse_number,
    penyerapan_batch,
    read_table,
    rows_from_dicts,
)
from lkjip.table.model import Indikator

from conftest import optional

np = optional("numpy")
pd = optional("pandas")
fixed = optional("lkjip.fixed")
optional("lkjip.pandas")  # registers df.lkjip

FIGURES = (
    "capaian",
    "predikat",
    "atribut",
    "kategori",
    "penyerapan",
    "sisa",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "kategori_efisiensi",
)
INDIKATOR_FIGURES = FIGURES[:4]
BUDGET_FIGURES = FIGURES[4:]
_SCALE: float = settings().max_examples / 150
"""The profile's examples over the ``ci`` profile's (tests/conftest.py): ``dev`` and
``long`` run these properties that many times longer."""


def examples(n: int) -> int:
    return max(1, round(n * _SCALE))


CLI_ROUNDINGS = {ROUND_HALF_UP: "half-up", ROUND_DOWN: "down"}


# --- cells: what a report prints, and the value the test knows it means -------------


class Cell(NamedTuple):
    text: str
    kind: str
    """``number``, ``blank`` (empty or spaces), ``nil`` (``-``), ``range`` or ``bad``."""
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def known(cell: Cell) -> Decimal:
    """The value of a cell that holds a number."""
    assert cell.value is not None, cell
    return cell.value


def _grouped(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


@st.composite
def numbers(draw: st.DrawFn, *, money: bool = False, percent: bool = False) -> Cell:
    """A figure as a report prints it: the value, and one of its spellings."""
    size = draw(st.sampled_from(["small", "small", "typical", "huge", "tiny", "zero"]))
    if size == "zero":
        n, d = 0, draw(st.integers(0, 3))
    elif size == "small":
        n, d = draw(st.integers(1, 200)), draw(st.integers(0, 2))
    elif size == "typical":
        n, d = draw(st.integers(1, 10**9)), draw(st.integers(0, 6))
    elif size == "huge":
        n, d = draw(st.integers(10**15, 10**25)), draw(st.integers(0, 2))
    else:
        n, d = draw(st.integers(1, 999)), draw(st.integers(6, 12))
    negative = n and draw(st.integers(0, 9)) == 0
    value = Decimal(-n if negative else n).scaleb(-d)
    whole, frac = divmod(n, 10**d)
    whole_text, frac_text = str(whole), str(frac).rjust(d, "0") if d else ""
    styles = ["id", "id_grouped"]
    if d != 3:  # a dot before exactly three digits groups thousands (spec §1)
        styles.append("dot")
    style = draw(st.sampled_from(styles))
    if style == "id_grouped":
        text = _grouped(whole_text) + ("," + frac_text if d else "")
    elif style == "id":
        text = whole_text + ("," + frac_text if d else "")
    else:
        text = whole_text + ("." + frac_text if d else "")
    if negative:
        text = "-" + text
    elif money and draw(st.booleans()):
        text = "Rp " + text
    if percent and draw(st.integers(0, 4)) == 0:
        text += "%"
    if draw(st.integers(0, 5)) == 0:
        text = f" {text} "
    return Cell(text, "number", value)


_BLANK = st.sampled_from([Cell("", "blank"), Cell("  ", "blank")])
_NIL = st.just(Cell("-", "nil"))
_BAD = st.sampled_from(
    [Cell(t, "bad") for t in ("B", "CC", "abc", "1.2.3", "10.00.000", "%", "1,2,3", "n/a")]
)


@st.composite
def ranges(draw: st.DrawFn) -> Cell:
    """A range target (``7-8``, ``7,5 s.d 8``): positive bounds, sometimes backwards."""
    low = Decimal(draw(st.integers(1, 400))).scaleb(-draw(st.integers(0, 1)))
    high = low + Decimal(draw(st.integers(0, 50)))
    if draw(st.integers(0, 5)) == 0 and low != high:
        low, high = high, low  # backwards: refused by the rule
    sep = draw(st.sampled_from(["-", " - ", " s.d ", " s/d ", "–"]))
    text = f"{str(low).replace('.', ',')}{sep}{str(high).replace('.', ',')}"
    return Cell(text, "range", None, low, high)


TARGETS = st.one_of(numbers(percent=True), numbers(), _BLANK, _NIL, _BAD, ranges())
REALISASI = st.one_of(numbers(percent=True), numbers(), numbers(), _BLANK, _NIL, _BAD)
MONEY = st.one_of(numbers(money=True), numbers(money=True), _BLANK, _NIL, _BAD)
ARAH = st.sampled_from(
    ["", "", "higher", "lower", "lower", "positif", "negatif", "Lower", " NEGATIF ", "x"]
)
METHODS = st.sampled_from([*LowerMethod, *(m.value for m in LowerMethod)])
ROUNDINGS = st.sampled_from([ROUND_HALF_UP, ROUND_DOWN])
ANY_ROUNDING = st.sampled_from(
    [
        ROUND_HALF_UP,
        ROUND_DOWN,
        ROUND_HALF_EVEN,
        ROUND_HALF_DOWN,
        ROUND_UP,
        ROUND_CEILING,
        ROUND_FLOOR,
    ]  # ROUND_05UP is no rounding lkjip offers (Opsi refuses it)
)


class Table(NamedTuple):
    columns: tuple[str, ...]
    rows: tuple[dict[str, Cell], ...]

    def dicts(self) -> list[dict[str, str]]:
        return [{c: row[c].text for c in self.columns} for row in self.rows]

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([row[c].text for c in self.columns] for row in self.rows)
        return buf.getvalue()

    def jsonl(self) -> str:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in self.dicts())

    @property
    def indikator(self) -> bool:
        return "target" in self.columns

    @property
    def budget(self) -> bool:
        return "pagu" in self.columns


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 8) -> Table:
    groups = draw(st.sampled_from(["indikator", "budget", "both", "both"]))
    columns = ["indikator"]
    if draw(st.booleans()):
        columns.insert(0, "sasaran")
    if groups != "budget":
        columns += ["target", "realisasi"]
        if draw(st.integers(0, 3)):
            columns.append("arah")
    if groups != "indikator":
        columns += ["pagu", "realisasi_anggaran"]
    rows = []
    for i in range(draw(st.integers(1, max_rows))):
        row = {
            "sasaran": Cell(draw(st.sampled_from(["S1", "S2", ""])), "text"),
            "indikator": Cell(f"I{i + 1}", "text"),
            "arah": Cell(draw(ARAH), "text"),
            "target": draw(TARGETS),
            "realisasi": draw(REALISASI),
            "pagu": draw(MONEY),
            "realisasi_anggaran": draw(MONEY),
        }
        rows.append({c: row[c] for c in columns})
    return Table(tuple(columns), tuple(rows))


@st.composite
def options(draw: st.DrawFn, roundings: st.SearchStrategy[str] = ROUNDINGS) -> Opsi:
    return Opsi(
        lower_method=draw(METHODS),
        places=draw(st.integers(0, 8)),
        rounding=draw(roundings),
        cap=draw(st.sampled_from([None, None, 100, Decimal("120")])),
    )


# --- the oracle: the spec's formulas on exact fractions -----------------------------


def rounded(x: Fraction, places: int, mode: str) -> Decimal:
    """``x`` rounded to ``places`` decimals by ``mode`` (the decimal module's meaning),
    by integer arithmetic."""
    scaled = abs(x) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    frac = Fraction(rest, scaled.denominator)
    negative = x < 0
    if frac:
        half = Fraction(1, 2)
        up = {
            ROUND_DOWN: False,
            ROUND_UP: True,
            ROUND_HALF_UP: frac >= half,
            ROUND_HALF_DOWN: frac > half,
            ROUND_HALF_EVEN: frac > half or (frac == half and whole % 2 == 1),
            ROUND_CEILING: not negative,
            ROUND_FLOOR: negative,
            ROUND_05UP: whole % 10 in (0, 5),
        }[mode]
        whole += up
    # from text, exactly (Decimal.scaleb would round to the caller's 28 digits)
    return Decimal(f"{'-' if negative and whole else ''}{whole}E-{places}")


class NotComputable(Exception):
    pass


LIMIT = Fraction(10) ** 30  # MAX_MAGNITUDE: no figure is this large (spec §1, issue 10)


def _finish(x: Fraction, opsi: Opsi) -> Decimal:
    value = rounded(x, opsi.places, opsi.rounding)
    if abs(value) >= LIMIT:
        raise NotComputable("beyond the limits")
    return value


def _direction(arah: str) -> tuple[Direction, bool]:
    """The direction an ``arah`` cell gives (blank: higher), and whether it reads."""
    word = arah.strip().lower()
    if word in ("", "higher", "positif"):
        return Direction.HIGHER, True
    if word in ("lower", "negatif"):
        return Direction.LOWER, True
    return Direction.HIGHER, False  # reported, and taken as higher is better


def ref_capaian(t: Cell, r: Cell, direction: Direction, method: LowerMethod, opsi: Opsi) -> Decimal:
    if r.kind != "number" or t.kind not in ("number", "range"):
        raise NotComputable("no figure")
    real = Fraction(known(r))
    if t.kind == "range":
        assert t.low is not None and t.high is not None
        if t.low > t.high:
            raise NotComputable("backwards")
        low, high = Fraction(t.low), Fraction(t.high)
        if low <= real <= high:
            return _finish(Fraction(100), opsi)
        target = high if real > high else low
    else:
        target = Fraction(known(t))
    if target <= 0:
        raise NotComputable("target 0 or below")
    if direction is Direction.HIGHER:
        return _finish(real / target * 100, opsi)
    if method is LowerMethod.REFLECTED:
        return _finish((1 + (target - real) / target) * 100, opsi)
    if real <= 0:  # spec §2 names R = 0; the rule refuses a negative R too
        raise NotComputable("inverse of 0 or below")
    return _finish(target / real * 100, opsi)


def ref_predikat(c: Decimal) -> str:  # spec §3
    for bound, label in ((90, "Sangat Tinggi"), (75, "Tinggi"), (65, "Sedang"), (50, "Rendah")):
        if c > bound:
            return label
    return "Sangat Rendah"


def ref_atribut(c: Decimal) -> tuple[str, str]:  # spec §4
    for bound, label, kategori in (
        (85, "Sangat Berhasil", "1"),
        (70, "Berhasil", "2"),
        (55, "Cukup Berhasil", "3"),
    ):
        if c >= bound:
            return label, kategori
    return "Tidak Berhasil", "4"


def _money(cell: Cell) -> Fraction:
    if cell.kind == "nil":
        return Fraction(0)  # spec §13: `-` is nil in money columns
    if cell.kind != "number":
        raise NotComputable("no figure")
    return Fraction(known(cell))


def _decimals(*cells: Cell) -> int:
    return max(-int(c.value.as_tuple().exponent) if c.value is not None else 0 for c in cells)


def plain(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


Record = dict[str, Any]
"""One row as a path gives it: each figure as text (``None``: not computed), ``error``."""


def reference(table: Table, opsi: Opsi) -> list[tuple[Record, bool]]:
    """Per row: the figures the spec gives, and whether the row has an error."""
    out = []
    for row in table.rows:
        rec: Record = dict.fromkeys(FIGURES)
        failed = False
        c = serap = None
        present = table.indikator and (  # `-` is no figure (spec §13), as a blank
            row["target"].kind not in NO_FIGURE or row["realisasi"].kind not in NO_FIGURE
        )
        if present:
            direction, known = _direction(row["arah"].text if "arah" in row else "")
            failed |= not known
            try:
                c = ref_capaian(row["target"], row["realisasi"], direction, opsi.lower_method, opsi)
            except NotComputable:
                failed = True
            if c is not None:
                rec["capaian"], rec["predikat"] = plain(c), ref_predikat(c)
                rec["atribut"], rec["kategori"] = ref_atribut(c)
        if table.budget and (
            row["pagu"].kind != "blank" or row["realisasi_anggaran"].kind != "blank"
        ):
            try:
                pagu, spent = _money(row["pagu"]), _money(row["realisasi_anggaran"])
            except NotComputable:
                failed = True
            else:
                sisa = pagu - spent  # exact, at the finer of the two cells' decimals
                rec["sisa"] = plain(
                    rounded(sisa, _decimals(row["pagu"], row["realisasi_anggaran"]), ROUND_HALF_UP)
                )
                if pagu <= 0:
                    failed = True
                else:
                    try:
                        serap = _finish(spent / pagu * 100, opsi)
                        rec["penyerapan"] = plain(serap)
                    except NotComputable:
                        failed = True
                    try:
                        rec["efisiensi_anggaran"] = plain(_finish(sisa / pagu * 100, opsi))
                    except NotComputable:
                        failed = True
        if c is not None and serap is not None:
            if serap <= 0:  # spec §5 names 0; the rule refuses a negative one too
                failed = True
            else:
                try:
                    tingkat = _finish(Fraction(c) / Fraction(serap), opsi)
                except NotComputable:
                    failed = True
                else:
                    rec["tingkat_efisiensi"] = plain(tingkat)
                    rec["kategori_efisiensi"] = "Efisien" if tingkat >= 1 else "Kurang Efisien"
        out.append((rec, failed))
    return out


# --- the paths -----------------------------------------------------------------------


def of_evaluasi(ev: Any) -> Record:
    rec: Record = {f: None for f in FIGURES}
    for f in ("capaian", "penyerapan", "sisa", "efisiensi_anggaran", "tingkat_efisiensi"):
        rec[f] = plain(getattr(ev, f))
    for f in ("predikat", "atribut", "kategori_efisiensi"):
        label = getattr(ev, f)
        rec[f] = None if label is None else str(label)
    rec["kategori"] = None if ev.atribut is None else str(ev.atribut.kategori)
    rec["error"] = ev.error
    return rec


def of_json(obj: dict[str, Any]) -> Record:
    rec: Record = {f: obj[f] for f in FIGURES}
    if rec["kategori"] is not None:
        rec["kategori"] = str(rec["kategori"])
    rec["error"] = obj["error"]
    return rec


def of_csv(obj: dict[str, str]) -> Record:
    return {f: obj[f] or None for f in (*FIGURES, "error")}


def cli(*argv: str) -> tuple[int, str]:
    """``lkjip ARGV -o OUT`` in this process: the exit status and what it wrote."""
    from lkjip.cli import main

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        status = main([*argv, "-o", str(out)])
        return status, out.read_text(encoding="utf-8") if out.exists() else ""


def cli_options(opsi: Opsi) -> list[str]:
    argv = ["--places", str(opsi.places), "--rounding", CLI_ROUNDINGS[opsi.rounding]]
    argv += ["--lower-method", str(opsi.lower_method)]
    if opsi.cap is not None:
        argv += ["--cap", str(opsi.cap)]
    return argv


def written(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def assert_same(name: str, got: Sequence[Record], expected: Sequence[Record]) -> None:
    assert len(got) == len(expected), name
    for i, (g, e) in enumerate(zip(got, expected, strict=True), 1):
        assert g == e, f"{name}, row {i}"


_THOUSANDS = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")


def reads_alike(text: str) -> bool:
    """True if the cell reads the same with the decimal mark ``"."`` as by the guess."""
    try:
        return parse_number(text, decimal_mark=".") == parse_number(text)
    except LKjIPError:
        return not any(ch.isdigit() for ch in text)  # a word (an arah, a name) reads alike


def thousands_like(rec: Record) -> bool:
    """A figure of the record written with exactly three decimals (``80.000``), which a
    reader of reports reads as thousands (spec §1) unless told the decimal mark: see
    ``test_the_audit_reads_evaluates_three_decimals_as_written``."""
    return any(v is not None and _THOUSANDS.fullmatch(v) for v in rec.values())


def evaluated(table: Table, opsi: Opsi) -> list[Record]:
    """``lkjip.evaluate`` of the table, checked against the oracle: the figures, and
    which rows have an error."""
    baseline = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(table.dicts()), opsi)]
    for i, ((rec, failed), got) in enumerate(zip(reference(table, opsi), baseline, strict=True), 1):
        figures = {f: got[f] for f in FIGURES}
        assert figures == rec, f"row {i}: {table.rows[i - 1]}: {figures} != {rec}"
        assert (got["error"] is not None) == failed, f"row {i}: {table.rows[i - 1]}, {got['error']}"
    return baseline


NO_FIGURE = frozenset({"blank", "nil"})
"""The cells of a number column (not a money column) that hold no figure (spec §13)."""


def present(table: Table, first: str, second: str, empty: frozenset[str] = NO_FIGURE) -> list[int]:
    """The rows (0-based) where the pair of columns has a cell with a figure (``empty``:
    the kinds of cell that have none)."""
    if first not in table.columns:
        return []
    return [
        i for i, row in enumerate(table.rows) if not {row[first].kind, row[second].kind} <= empty
    ]


def cell_of(cell: Cell, nil: str = "-") -> str | None:
    """A cell as a column of a batch gets it: blank as ``None``, ``-`` as ``nil``."""
    return None if cell.kind == "blank" else nil if cell.kind == "nil" else cell.text


def assert_batch(
    name: str, result: Any, rows: list[int], baseline: list[Record], field: str
) -> None:
    """A batch's figure and reason per row are those of ``evaluate``: the same figure, a
    reason exactly where evaluate has none, and that reason among evaluate's."""
    values, reasons = list(result.values), list(result.reasons)
    assert len(values) == len(rows), name
    for k, i in enumerate(rows):
        expected = baseline[i]
        assert plain(values[k]) == expected[field], f"{name}, row {i + 1}"
        assert (reasons[k] is None) == (expected[field] is not None), f"{name}, row {i + 1}"
        if reasons[k] is not None:
            assert reasons[k] in (expected["error"] or ""), (
                f"{name}, row {i + 1}: {reasons[k]!r} not in {expected['error']!r}"
            )


class Column(NamedTuple):
    values: list[Decimal | None]
    reasons: list[str | None]


def of_fixed(result: Any) -> Column:
    """A ``lkjip.fixed`` result as a batch's: a figure and a reason per row."""
    return Column(result.values(), [result.reasons.get(k) for k in range(len(result))])


def floats(table: Table) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The table as a spreadsheet holds it: every figure a float (NaN where the cell holds
    no number); and its rows with ``Decimal`` cells, each float read by its shortest repr
    (spec §1), for ``evaluate`` to give the expected figures."""
    as_floats, as_decimals = [], []
    for row in table.rows:
        fl: dict[str, Any] = {}
        dec: dict[str, Any] = {}
        for c in table.columns:
            cell = row[c]
            if c in ("target", "realisasi", "pagu", "realisasi_anggaran"):
                f = float(known(cell)) if cell.kind == "number" else float("nan")
                fl[c], dec[c] = f, None if f != f else Decimal(repr(f))
            else:
                fl[c] = dec[c] = cell.text
        as_floats.append(fl)
        as_decimals.append(dec)
    return as_floats, as_decimals


# --- the property ----------------------------------------------------------------------

_DRIFT = Table(  # issue 11: JsonLines(..., Opsi(lower_method="inverse")) wrote 80.00
    ("indikator", "target", "realisasi", "arah"),
    (
        {
            "indikator": Cell("I1", "text"),
            "target": Cell("10", "number", Decimal(10)),
            "realisasi": Cell("12", "number", Decimal(12)),
            "arah": Cell("lower", "text"),
        },
    ),
)


@settings(max_examples=examples(60), deadline=None)
@given(tables(), options())
@example(_DRIFT, Opsi(lower_method="inverse"))
@example(_DRIFT, Opsi(lower_method="reflected", places=3, rounding=ROUND_DOWN))
def test_every_path_computes_a_table_as_the_spec_does(table: Table, opsi: Opsi) -> None:
    baseline = evaluated(table, opsi)
    # the table layer over the CSV reader
    read = [of_evaluasi(ev) for ev in evaluate(read_table(io.StringIO(table.csv())), opsi)]
    assert_same("evaluate(read_table)", read, baseline)
    # the command line in every format
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = written(folder, "t.csv", table.csv())
        lines = written(folder, "t.jsonl", table.jsonl())
        argv = cli_options(opsi)
        failed = any(r["error"] is not None for r in baseline)
        for jobs in ("1", "2"):
            status, out = cli("evaluate", source, "--format", "jsonl", "--jobs", jobs, *argv)
            assert status == (1 if failed else 0)
            got = [of_json(json.loads(x)) for x in out.splitlines()]
            assert_same(f"evaluate --format jsonl --jobs {jobs}", got, baseline)
        status, out = cli("evaluate", lines, "--input-format", "jsonl", "--format", "jsonl", *argv)
        assert_same(
            "evaluate of JSON Lines", [of_json(json.loads(x)) for x in out.splitlines()], baseline
        )
        status, out = cli("evaluate", source, "--format", "json", *argv)
        document = json.loads(out)
        assert_same("evaluate --format json", [of_json(r) for r in document["results"]], baseline)
        status, out = cli("evaluate", source, "--format", "csv", *argv)
        assert_same(
            "evaluate --format csv", [of_csv(r) for r in csv.DictReader(io.StringIO(out))], baseline
        )
        evaluated_csv = written(folder, "evaluated.csv", out)
        # the audit of the table evaluate wrote: a row without an error has no finding;
        # read as reports are (spec §1's guess) a figure of three decimals is thousands;
        # read with the decimal mark lkjip writes (".") every figure is as written (the
        # input cells are passed through as given: a row with a cell that the mark reads
        # otherwise than the guess, `91,72` or `1.000.000`, is left out)
        errors = {i for i, r in enumerate(baseline, 1) if r["error"] is not None}
        guessed = errors | {i for i, r in enumerate(baseline, 1) if thousands_like(r)}
        otherwise = {
            i
            for i, row in enumerate(table.dicts(), 1)
            if not all(reads_alike(v) for v in row.values() if isinstance(v, str))
        }
        for mark, skipped in ((None, guessed), (".", errors | otherwise)):
            found = lkjip.audit(read_table(evaluated_csv, decimal_mark=mark), opsi).findings
            assert not [t for t in found if t.row not in skipped], f"audit, mark {mark}"
            marked = ["--decimal-mark", mark] if mark else []
            status, out = cli(
                "audit",
                evaluated_csv,
                "--format",
                "json",
                "--lower-method",
                str(opsi.lower_method),
                *marked,
            )
            cli_found = json.loads(out)["findings"]
            assert not [t for t in cli_found if t["row"] not in skipped], f"lkjip audit {marked}"
    # the aggregates: evaluate_laporan, the command line and the exact mean agree
    report = evaluate_laporan(laporan_from_rows(rows_from_dicts(table.dicts())), opsi)
    values = [Decimal(r["capaian"]) for r in baseline if r["capaian"] is not None]
    mean = report.keseluruhan.capaian
    assert plain(mean) == document["keseluruhan"]["capaian"]
    if values:
        capped = [min(Fraction(v), Fraction(opsi.cap)) if opsi.cap else Fraction(v) for v in values]
        assert mean == rounded(sum(capped, Fraction(0)) / len(capped), opsi.places, opsi.rounding)
    else:
        assert mean is None
    # evaluate_laporan: the indicators under their sasaran, in first-seen order
    grouped: dict[str | None, list[Record]] = {}
    for row, r in zip(table.rows, baseline, strict=True):
        if table.indikator and not {row["target"].kind, row["realisasi"].kind} <= NO_FIGURE:
            grouped.setdefault(
                row["sasaran"].text or None if "sasaran" in row else None, []
            ).append(r)
    expected = [{f: r[f] for f in INDIKATOR_FIGURES} for rs in grouped.values() for r in rs]
    got = [{f: of_evaluasi(ev)[f] for f in INDIKATOR_FIGURES} for ev in report.hasil]
    assert_same("evaluate_laporan", got, expected)


@settings(max_examples=examples(40), deadline=None)
@given(tables(), options(ANY_ROUNDING))
def test_the_batch_api_computes_a_table_as_evaluate(table: Table, opsi: Opsi) -> None:
    baseline = evaluated(table, opsi)
    method, places, rounding = opsi.lower_method, opsi.places, opsi.rounding
    rows = present(table, "target", "realisasi")
    if rows:
        # a blank cell as a table reader gives it, None (see
        # test_a_blank_text_cell_in_a_batch_has_the_reason_of_a_blank_table_cell)
        targets = [cell_of(table.rows[i]["target"]) for i in rows]
        reals = [cell_of(table.rows[i]["realisasi"]) for i in rows]
        arah = [
            _direction(table.rows[i]["arah"].text if "arah" in table.columns else "")[0]
            for i in rows
        ]
        result = capaian_batch(
            targets, reals, direction=arah, lower_method=method, places=places, rounding=rounding
        )
        assert_batch("capaian_batch of text cells", result, rows, baseline, "capaian")
        # Decimal cells, higher is better for all: the C column path, against the oracle
        exact = [
            i
            for i in rows
            if table.rows[i]["target"].kind == table.rows[i]["realisasi"].kind == "number"
        ]
        result = capaian_batch(
            [table.rows[i]["target"].value for i in exact],
            [table.rows[i]["realisasi"].value for i in exact],
            places=places,
            rounding=rounding,
        )
        for k, i in enumerate(exact):
            row = table.rows[i]
            try:
                expected = plain(
                    ref_capaian(row["target"], row["realisasi"], Direction.HIGHER, method, opsi)
                )
            except NotComputable:
                expected = None
            assert plain(result.values[k]) == expected, f"capaian_batch of Decimals, row {i + 1}"
            assert (result.reasons[k] is None) == (expected is not None)
    rows = present(table, "pagu", "realisasi_anggaran", frozenset({"blank"}))  # `-`: 0
    if rows:
        # `-` is nil in a budget column for evaluate, and refused by the scalar rule the
        # batch follows: see test_a_placeholder_in_a_budget_batch_is_zero_as_in_evaluate
        pagu = [cell_of(table.rows[i]["pagu"], nil="0") for i in rows]
        spent = [cell_of(table.rows[i]["realisasi_anggaran"], nil="0") for i in rows]
        result = penyerapan_batch(pagu, spent, places=places, rounding=rounding)
        assert_batch("penyerapan_batch of text cells", result, rows, baseline, "penyerapan")


@pytest.mark.needs("numpy")
@settings(max_examples=examples(40), deadline=None)
@given(tables(), options(ANY_ROUNDING))
def test_the_fixed_point_path_computes_float_columns_as_evaluate(table: Table, opsi: Opsi) -> None:
    as_floats, as_decimals = floats(table)
    baseline = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(as_decimals), opsi)]
    method, places, rounding = opsi.lower_method, opsi.places, opsi.rounding

    def kept(first: str, second: str) -> list[int]:
        if first not in table.columns:
            return []
        return [i for i, r in enumerate(as_decimals) if (r[first], r[second]) != (None, None)]

    def column(name: str, rows: list[int]) -> Any:
        return np.array([as_floats[i][name] for i in rows], dtype=np.float64)

    if rows := kept("target", "realisasi"):
        arah = [_direction(str(as_floats[i].get("arah", "")))[0] for i in rows]
        result = fixed.capaian_fixed(
            column("target", rows),
            column("realisasi", rows),
            direction=arah,
            lower_method=method,
            places=places,
            rounding=rounding,
        )
        assert_batch("capaian_fixed", of_fixed(result), rows, baseline, "capaian")
        batch = capaian_batch(
            column("target", rows),
            column("realisasi", rows),
            direction=arah,
            lower_method=method,
            places=places,
            rounding=rounding,
        )
        assert_batch("capaian_batch of float arrays", batch, rows, baseline, "capaian")
    if rows := kept("pagu", "realisasi_anggaran"):
        result = fixed.penyerapan_fixed(
            column("pagu", rows),
            column("realisasi_anggaran", rows),
            places=places,
            rounding=rounding,
        )
        assert_batch("penyerapan_fixed", of_fixed(result), rows, baseline, "penyerapan")


def assert_frame(name: str, frame: Any, dtype: str, baseline: list[Record]) -> None:
    """``df.lkjip.evaluate``'s columns are evaluate's figures (in ``dtype``) and reasons."""
    for f in FIGURES:
        if f not in frame.columns:
            assert all(r[f] is None for r in baseline), f"{name}: no {f} column"
            continue
        for i, (got, r) in enumerate(zip(frame[f].tolist(), baseline, strict=True), 1):
            expected = r[f]
            where = f"{name} dtype={dtype}, {f}, row {i}"
            if expected is None:
                assert got is pd.NA or got is None or got != got, where
            elif f in ("predikat", "atribut", "kategori_efisiensi"):
                assert got == expected, where
            elif f == "kategori":
                assert str(got) == expected, where
            elif dtype == "float":
                assert got == float(Decimal(expected)), where
            else:
                assert isinstance(got, Decimal) and got == Decimal(expected), where
                if dtype == "object":
                    assert plain(got) == expected, where
    alasan = [None if a is pd.NA or a is None or a != a else a for a in frame["alasan"].tolist()]
    assert alasan == [r["error"] for r in baseline], name


@pytest.mark.needs("pandas", "pyarrow")
@settings(max_examples=examples(25), deadline=None)
@given(tables(max_rows=6), options(ANY_ROUNDING))
def test_the_pandas_accessor_computes_a_table_as_evaluate(table: Table, opsi: Opsi) -> None:
    baseline = evaluated(table, opsi)
    text = pd.DataFrame(table.dicts(), columns=list(table.columns))
    as_floats, as_decimals = floats(table)
    numeric = pd.DataFrame(as_floats, columns=list(table.columns))
    on_floats = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(as_decimals), opsi)]
    sources = ((text, table.dicts(), baseline, "text"), (numeric, as_decimals, on_floats, "float"))
    for frame, rows, expected, name in sources:
        for dtype in ("object", "decimal", "float"):
            got = frame.lkjip.evaluate(opsi=opsi, dtype=dtype)
            assert_frame(f"df.lkjip.evaluate of {name} columns", got, dtype, expected)
            if not table.indikator:
                continue
            # with an arah column row by row; without, higher for all: capaian_batch
            # (on float columns the fixed-point path)
            higher = [{c: v for c, v in r.items() if c != "arah"} for r in rows]
            want = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(higher), opsi)]
            for f, figures in (
                (frame, expected),
                (frame.drop(columns=["arah"], errors="ignore"), want),
            ):
                got = pd.DataFrame({"capaian": f.lkjip.capaian(opsi=opsi, dtype=dtype)})
                got["alasan"] = [r["error"] for r in figures]  # capaian gives no reasons
                only = [
                    {**dict.fromkeys(FIGURES), "capaian": r["capaian"], "error": r["error"]}
                    for r in figures
                ]
                assert_frame(f"df.lkjip.capaian of {name} columns", got, dtype, only)


# --- explain: the trace is the figure's own dispatch, on every path ---------------------

_METHOD_WORD = {LowerMethod.REFLECTED: "metode refleksi", LowerMethod.INVERSE: "metode invers"}


@settings(max_examples=examples(15), deadline=None)
@given(tables(max_rows=5), options())
def test_explain_says_the_method_it_computed_with_on_every_path(table: Table, opsi: Opsi) -> None:
    # the explanation in the reports' words (Bahasa Indonesia), on both paths
    evaluations = list(evaluate(rows_from_dicts(table.dicts()), opsi, lang="id"))
    with tempfile.TemporaryDirectory() as tmp:
        source = written(Path(tmp), "t.csv", table.csv())
        _, out = cli(
            "evaluate", source, "--format", "jsonl", "--explain", "--lang", "id", *cli_options(opsi)
        )
    records = [json.loads(x) for x in out.splitlines()]
    assert len(records) == len(evaluations)
    for ev, rec in zip(evaluations, records, strict=True):
        assert rec["penjelasan"] == list(ev.penjelasan("id"))
        assert of_json(rec) == of_evaluasi(ev)
        lines = [x for x in rec["penjelasan"] if x.startswith("Capaian =")]
        if ev.capaian is None or not lines or ev.indikator is None:
            continue
        lower = ev.indikator.arah is Direction.LOWER
        for method, word in _METHOD_WORD.items():
            assert (word in lines[0]) == (lower and opsi.lower_method is method), lines[0]


@pytest.mark.parametrize("method", ["reflected", "inverse", LowerMethod.REFLECTED])
def test_a_string_lower_method_is_explained_as_computed(method: Any) -> None:
    # issue 11: a string lower method was compared with `is`, so "reflected" computed
    # (2 × 10 − 12) / 10 × 100 = 80.00 but explained "10 / 12 × 100% … metode invers"
    from lkjip.table.evaluasi import evaluate_indikator

    ev = evaluate_indikator(Indikator(target=10, realisasi=12, arah="lower", lower_method=method))
    inverse = LowerMethod(method) is LowerMethod.INVERSE
    expected = rounded(Fraction(10, 12) * 100 if inverse else Fraction(80), 2, ROUND_HALF_UP)
    assert ev.capaian == expected
    first = ev.penjelasan("id")[0]
    assert ("metode invers" in first) == inverse
    assert ("metode refleksi" in first) == (not inverse)
    assert first.startswith(
        "Capaian = 10 / 12 × 100%" if inverse else "Capaian = (2 × 10 − 12) / 10"
    )


def test_a_bad_places_is_refused_at_every_boundary_not_per_row() -> None:
    # issue 11: Opsi(places=-1) was accepted, then reported as a data problem on every row
    with pytest.raises(InvalidOptionError):
        Opsi(places=-1)
    with pytest.raises(InvalidOptionError):
        capaian_batch(["10"], ["12"], places=-1)
    with pytest.raises(InvalidOptionError):
        penyerapan_batch(["10"], ["12"], places=-1)
    with tempfile.TemporaryDirectory() as tmp:
        source = written(Path(tmp), "t.csv", "target,realisasi\n10,12\n")
        assert cli("evaluate", source, "--format", "jsonl", "--places", "-1") == (2, "")


@pytest.mark.needs("numpy")
def test_a_bad_places_is_refused_by_the_fixed_point_path() -> None:
    with pytest.raises(InvalidOptionError):
        fixed.capaian_fixed(np.array([10.0]), np.array([12.0]), places=-1)


# --- the command line with workers ------------------------------------------------------


@settings(max_examples=examples(2), deadline=None)
@given(tables(max_rows=8), options())
def test_the_command_line_with_workers_writes_what_evaluate_computes(
    table: Table, opsi: Opsi
) -> None:
    """``--jobs 2`` starts workers past 8 chunks of 1,024 rows: the generated rows,
    repeated that far, in a real ``python -m lkjip`` process."""
    baseline = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(table.dicts()), opsi)]
    times = -(-(8 * 1024 + 100) // len(table.rows))
    big = Table(table.columns, table.rows * times)
    with tempfile.TemporaryDirectory() as tmp:
        source = written(Path(tmp), "big.csv", big.csv())
        argv = [sys.executable, "-m", "lkjip", "evaluate", source, "--format", "jsonl"]
        done = subprocess.run(
            [*argv, "--jobs", "2", *cli_options(opsi)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    assert done.stderr == ""
    got = [of_json(json.loads(x)) for x in done.stdout.splitlines()]
    assert_same("python -m lkjip evaluate --jobs 2", got, baseline * times)
    assert done.returncode == (1 if any(r["error"] for r in baseline) else 0)


# --- disagreements found: each the smallest table that shows it ------------------------


def test_the_audit_reads_evaluates_three_decimals_as_written() -> None:
    """Once a strict xfail: ``evaluate --format csv`` writes ``80.000``, which a reader of
    reports reads (spec §1: a dot before exactly three digits groups thousands) as 80000.
    The table's decimal mark, given (``read_table(decimal_mark=".")``, ``--decimal-mark .``),
    reads it as written."""
    with tempfile.TemporaryDirectory() as tmp:
        source = written(Path(tmp), "t.csv", "target,realisasi,arah\n10,12,lower\n")
        status, out = cli("evaluate", source, "--format", "csv", "--places", "3")
        assert status == 0
        assert "80.000" in out  # (2 × 10 − 12) / 10 × 100
        evaluated_csv = written(Path(tmp), "e.csv", out)
        guessed = lkjip.audit(read_table(evaluated_csv)).findings
        assert ("capaian", "80000") in [(t.field, t.reported) for t in guessed]
        assert lkjip.audit(read_table(evaluated_csv, decimal_mark=".")).findings == ()
        status, out = cli("audit", evaluated_csv, "--format", "json", "--decimal-mark", ".")
        assert status == 0 and json.loads(out)["findings"] == []


# issue 11: penyerapan_batch refused a `-` realisasi anggaran that evaluate reads as 0
def test_a_placeholder_in_a_budget_batch_is_zero_as_in_evaluate() -> None:
    (ev,) = evaluate(rows_from_dicts([{"pagu": "1000", "realisasi_anggaran": "-"}]))
    assert ev.penyerapan == Decimal("0.00")
    assert penyerapan_batch(["1000"], ["-"]).values == (Decimal("0.00"),)


# issue 11: a blank text cell had another reason in a batch (and in capaian("", ...)) than
# the same blank cell in a table
def test_a_blank_text_cell_in_a_batch_has_the_reason_of_a_blank_table_cell() -> None:
    (ev,) = evaluate(rows_from_dicts([{"target": "", "realisasi": "5"}]))
    assert capaian_batch([""], ["5"]).reasons == (ev.error,)


# issue 11: laporan_from_rows dropped parse_row's problems
def test_evaluate_laporan_keeps_a_rows_problem() -> None:
    rows = [{"indikator": "I", "target": "10", "realisasi": "12", "arah": "x"}]
    (ev,) = evaluate(rows_from_dicts(rows))
    assert ev.error is not None and "arah" in ev.error
    (hasil,) = evaluate_laporan(laporan_from_rows(rows_from_dicts(rows))).hasil
    assert hasil.error == ev.error
