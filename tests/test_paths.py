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
from collections.abc import Callable, Iterator, Sequence
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
    penyerapan_batch,
    read_table,
    rows_from_dicts,
)
from lkjip.model import Indikator

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
CLI_ROUNDINGS = {ROUND_HALF_UP: "half-up", ROUND_DOWN: "down"}


# --- cells: what a report prints, and the value the test knows it means -------------


class Cell(NamedTuple):
    text: str
    kind: str
    """``number``, ``blank`` (empty or spaces), ``nil`` (``-``), ``range`` or ``bad``."""
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


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
        ROUND_05UP,
    ]
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
    real = Fraction(r.value)
    if t.kind == "range":
        assert t.low is not None and t.high is not None
        if t.low > t.high:
            raise NotComputable("backwards")
        low, high = Fraction(t.low), Fraction(t.high)
        if low <= real <= high:
            return _finish(Fraction(100), opsi)
        target = high if real > high else low
    else:
        target = Fraction(t.value)
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
    return Fraction(cell.value)


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
        present = table.indikator and (
            row["target"].kind != "blank" or row["realisasi"].kind != "blank"
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
        if table.budget and (row["pagu"].kind != "blank" or row["realisasi_anggaran"].kind != "blank"):
            try:
                pagu, spent = _money(row["pagu"]), _money(row["realisasi_anggaran"])
            except NotComputable:
                failed = True
            else:
                sisa = pagu - spent  # exact, at the finer of the two cells' decimals
                rec["sisa"] = plain(rounded(sisa, _decimals(row["pagu"], row["realisasi_anggaran"]), ROUND_HALF_UP))
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


def thousands_like(rec: Record) -> bool:
    """A figure of the record written with exactly three decimals (``80.000``), which a
    reader of reports reads as thousands (spec §1): see
    ``test_the_audit_reads_evaluates_three_decimals_as_written``."""
    return any(v is not None and _THOUSANDS.fullmatch(v) for v in rec.values())


# --- the property ----------------------------------------------------------------------

_DRIFT = Table(  # issue 11: JsonLines(..., Opsi(lower_method="inverse")) wrote 80.00
    ("indikator", "target", "realisasi", "arah"),
    ({"indikator": Cell("I1", "text"), "target": Cell("10", "number", Decimal(10)),
      "realisasi": Cell("12", "number", Decimal(12)), "arah": Cell("lower", "text")},),
)


@settings(max_examples=60, deadline=None)
@given(tables(), options())
@example(_DRIFT, Opsi(lower_method="inverse"))  # type: ignore[arg-type]
@example(_DRIFT, Opsi(lower_method="reflected", places=3, rounding=ROUND_DOWN))  # type: ignore[arg-type]
def test_every_path_computes_a_table_as_the_spec_does(table: Table, opsi: Opsi) -> None:
    baseline = [of_evaluasi(ev) for ev in evaluate(rows_from_dicts(table.dicts()), opsi)]
    # the oracle: figures, and which rows have an error
    for i, ((rec, failed), got) in enumerate(zip(reference(table, opsi), baseline, strict=True), 1):
        figures = {f: got[f] for f in FIGURES}
        assert figures == rec, f"row {i}: {table.rows[i - 1]}: {figures} != {rec}"
        assert (got["error"] is not None) == failed, f"row {i}: {table.rows[i - 1]}, {got['error']}"
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
        assert_same("evaluate of JSON Lines", [of_json(json.loads(x)) for x in out.splitlines()], baseline)
        status, out = cli("evaluate", source, "--format", "json", *argv)
        document = json.loads(out)
        assert_same("evaluate --format json", [of_json(r) for r in document["results"]], baseline)
        status, out = cli("evaluate", source, "--format", "csv", *argv)
        assert_same("evaluate --format csv", [of_csv(r) for r in csv.DictReader(io.StringIO(out))], baseline)
        evaluated = written(folder, "evaluated.csv", out)
        # the audit of the table evaluate wrote: a row without an error has no finding
        clean = {
            i for i, r in enumerate(baseline, 1) if r["error"] is None and not thousands_like(r)
        }
        found = lkjip.audit(read_table(evaluated), opsi).findings
        assert not [t for t in found if t.row in clean], "audit of evaluate's CSV"
        status, out = cli("audit", evaluated, "--format", "json", "--lower-method", str(opsi.lower_method))
        cli_found = json.loads(out)["findings"]
        assert not [t for t in cli_found if t["row"] in clean], "lkjip audit of evaluate's CSV"
    # the aggregates: evaluate_laporan, the command line and the exact mean agree
    report = evaluate_laporan(laporan_from_rows(rows_from_dicts(table.dicts())), opsi)
    values = [Decimal(r["capaian"]) for r in baseline if r["capaian"] is not None]
    mean = report.keseluruhan.capaian
    assert plain(mean) == document["keseluruhan"]["capaian"]
    if values:
        capped = [min(Fraction(v), Fraction(opsi.cap)) if opsi.cap else Fraction(v) for v in values]
        assert mean == rounded(sum(capped) / len(capped), opsi.places, opsi.rounding)
    else:
        assert mean is None
    # evaluate_laporan: the indicators under their sasaran, in first-seen order
    grouped: dict[str | None, list[Record]] = {}
    for row, r in zip(table.rows, baseline, strict=True):
        if table.indikator and (row["target"].kind, row["realisasi"].kind) != ("blank", "blank"):
            grouped.setdefault(row["sasaran"].text or None if "sasaran" in row else None, []).append(r)
    expected = [{f: r[f] for f in INDIKATOR_FIGURES} for rs in grouped.values() for r in rs]
    got = [{f: of_evaluasi(ev)[f] for f in INDIKATOR_FIGURES} for ev in report.hasil]
    assert_same("evaluate_laporan", got, expected)
