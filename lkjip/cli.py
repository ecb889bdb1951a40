"""The command line: ``lkjip evaluate FILE|-`` and ``lkjip audit FILE|-`` (spec §12).

Exit status: 0 all well; 1 audit findings or rows that could not be computed;
2 bad usage or unreadable input (one line on stderr, never a traceback).
Decimals in JSON are strings with a dot decimal point; labels use the spec's
spellings. ``jsonl``, ``csv`` and ``json`` stream: rows are written as they are
computed (``jsonl`` from CSV in chunks of 1,024, see ``JsonLines``), so memory stays
flat whatever the number of rows.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import marshal
import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import IO, Any

from . import __version__
from ._audit import HasilAudit, Temuan, audit
from ._lane import FIGURES, Lane, compile_lane
from ._parallel import default_jobs, map_ordered
from .capaian import LowerMethod
from .display import audit_text, text_table
from .errors import LKjIPError
from .evaluasi import Ringkasan, evaluate_row
from .model import Agregat, Evaluasi, Opsi
from .numbers import format_number, format_persen
from .tabel import Baris, Tabel, csv_baris, read_table

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


# Printed figure columns are replaced by the computed ones; every other input column
# is passed through as given.
_PRINTED = frozenset(FIGURES) | {"row", "error", "penjelasan"}
_ROUNDINGS = {"half-up": ROUND_HALF_UP, "down": ROUND_DOWN}


class _Usage(Exception):
    """A usage or input problem: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, not argparse's usage dump
        raise _Usage(f"{message} (see lkjip --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lkjip",
        description="Compute, audit and chart the figures of LKjIP report tables.",
    )
    parser.add_argument("--version", action="version", version=f"lkjip {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    evaluate = commands.add_parser(
        "evaluate", help="compute capaian, predikat, atribut and efficiency for every row"
    )
    audit_ = commands.add_parser(
        "audit", help="find every printed figure that does not follow from its inputs"
    )
    chart = commands.add_parser(
        "chart", help="draw capaian per indikator (or the budget per program) as PNG or SVG"
    )
    for sub in (evaluate, audit_, chart):
        sub.add_argument(
            "file", metavar="FILE", help="a CSV, JSON Lines or .xlsx table; - reads stdin"
        )
        sub.add_argument(
            "--input-format",
            choices=("csv", "jsonl", "xlsx"),
            help="how to read FILE (default: from its name or first line)",
        )
        sub.add_argument("--sheet", help="the sheet of an .xlsx workbook (default: the active one)")
        sub.add_argument(
            "--header-row",
            type=int,
            metavar="N",
            help="the header's row in the sheet (default: found among the first 30 rows)",
        )
        sub.add_argument(
            "--lower-method",
            choices=[m.value for m in LowerMethod],
            default=LowerMethod.REFLECTED.value,
            help="capaian method for lower-is-better rows (default: reflected)",
        )
    for sub in (evaluate, audit_):
        sub.add_argument(
            "--format",
            choices=FORMATS,
            default="table",
            help="output (default: table; xlsx needs -o)",
        )
        sub.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    evaluate.add_argument(
        "--explain", action="store_true", help="say how every figure was obtained (in Indonesian)"
    )
    evaluate.add_argument(
        "--rounding",
        choices=tuple(_ROUNDINGS),
        default="half-up",
        help="how results are rounded (default: half-up; down truncates)",
    )
    evaluate.add_argument("--places", type=int, default=2, help="decimals kept (default: 2)")
    evaluate.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="processes for a large CSV with --format jsonl (default: the CPUs available, "
        "at most 4; 1: this process only)",
    )
    evaluate.add_argument(
        "--cap", type=Decimal, metavar="N", help="cap each capaian at N before averaging (e.g. 100)"
    )
    chart.add_argument(
        "-o", "--output", metavar="PATH", required=True, help="the image to write (.png or .svg)"
    )
    chart.add_argument(
        "--kind",
        choices=("capaian", "anggaran"),
        default="capaian",
        help="capaian per indikator (default) or pagu and realisasi per program",
    )
    chart.add_argument("--judul", help="the chart's title")
    return parser


FORMATS = ("table", "json", "jsonl", "csv", "xlsx")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise _Usage("name a command: evaluate, audit or chart (see lkjip --help)")
        opsi = _opsi(args)
        if getattr(args, "jobs", 1) < 1:
            raise _Usage(f"--jobs must be 1 or more, not {args.jobs}")
        if getattr(args, "format", None) == "xlsx" and args.output in (None, "-"):
            raise _Usage("--format xlsx writes a workbook: name it with -o out.xlsx")
        table = read_table(
            args.file, format=args.input_format, sheet=args.sheet, header_row=args.header_row
        )
        _require_columns(table)
        if args.command == "chart":
            return _chart(table, opsi, args.kind, args.output, args.judul)
        if args.command == "evaluate":
            return _evaluate(table, opsi, args.format, args.explain, args.output, args.jobs)
        return _audit(table, opsi, args.format, args.output)
    except (_Usage, LKjIPError) as exc:  # TableError, MissingExtraError, ...
        print(f"lkjip: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `lkjip evaluate big.csv | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _opsi(args: argparse.Namespace) -> Opsi:
    places = getattr(args, "places", 2)
    if not 0 <= places <= 20:
        raise _Usage(f"--places must be between 0 and 20, not {places}")
    cap = getattr(args, "cap", None)
    if cap is not None and not cap.is_finite():
        raise _Usage("--cap must be a number")
    return Opsi(
        lower_method=LowerMethod(args.lower_method),
        places=places,
        rounding=_ROUNDINGS[getattr(args, "rounding", "half-up")],
        cap=cap,
    )


# A column that is no use without its partner: (given, needed, unless one of these is there)
_PARTNERS = (
    ("target", "realisasi", ()),
    ("realisasi", "target", ("target_akhir", "realisasi_lalu")),
    ("target_akhir", "realisasi", ()),
    ("pagu", "realisasi_anggaran", ()),
    ("realisasi_anggaran", "pagu", ()),
)
_USABLE = frozenset(
    {"target", "capaian", "target_akhir", "pagu", "penyerapan", "tingkat_efisiensi"}
)


def _require_columns(table: Tabel) -> None:
    cols = set(table.columns)
    for given, needed, unless in _PARTNERS:
        if given in cols and needed not in cols and not cols.intersection(unless):
            raise _Usage(f"missing required column {needed!r} (the table has {given!r})")
    if not cols & _USABLE:
        found = ", ".join(c for c in table.columns if c) or "none"
        raise _Usage(
            "missing required column: the table needs target and realisasi, or pagu and "
            f"realisasi_anggaran, or a capaian column (columns found: {found})"
        )


@contextlib.contextmanager
def _text_output(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or the file ``-o`` names (closed afterwards)."""
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        out = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise _Usage(f"cannot write {path}: {exc.strerror or exc}") from None
    with out:
        yield out


# --- evaluate ----------------------------------------------------------------------


def _s(value: object) -> str | None:
    """A JSON value: decimals as plain strings with a dot, labels as their text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def record(ev: Evaluasi, baris: Baris, columns: Iterable[str], explain: bool) -> dict[str, Any]:
    """The evaluate record of one row: row, the input columns as given, the figures, error."""
    rec: dict[str, Any] = {"row": ev.baris}
    # the header's columns in order, then any a JSON Lines row adds of its own
    for c in itertools.chain(columns, baris.nilai):
        if c and c not in _PRINTED and c not in rec:
            rec[c] = _s(baris.get(c))
    rec.update(
        capaian=_s(ev.capaian),
        predikat=_s(ev.predikat),
        atribut=_s(ev.atribut),
        kategori=ev.atribut.kategori if ev.atribut is not None else None,
        kemajuan=_s(ev.kemajuan),
        selisih=_s(ev.selisih),
        tren=_s(ev.tren),
        penyerapan=_s(ev.penyerapan),
        sisa=_s(ev.sisa),
        efisiensi_anggaran=_s(ev.efisiensi_anggaran),
        tingkat_efisiensi=_s(ev.tingkat_efisiensi),
        kategori_efisiensi=_s(ev.kategori_efisiensi),
        error=ev.error,
    )
    if explain:
        rec["penjelasan"] = list(ev.penjelasan())
    return rec


def _agregat(a: Agregat) -> dict[str, Any]:
    return {
        "sasaran": a.nama,
        "capaian": _s(a.capaian),
        "predikat": _s(a.predikat),
        "atribut": _s(a.atribut),
        "agregasi": a.agregasi,
        "indikator": a.indikator,
        "tidak_dihitung": a.tidak_dihitung,
    }


def _evaluate(
    table: Tabel, opsi: Opsi, fmt: str, explain: bool, path: str | None, jobs: int = 1
) -> int:
    if fmt == "jsonl" and not explain and table.cells is not None:
        lines = JsonLines(table.columns, opsi)
        failed = 0
        with _text_output(path) as out:
            chunks = _chunks(table.cells)
            for text, bad in map_ordered(
                lines, chunks, jobs, pack=marshal.dumps, unpack=marshal.loads
            ):
                out.write(text)
                failed += bad
        return EXIT_FINDINGS if failed else EXIT_OK
    ringkasan = Ringkasan(opsi)
    failed = 0
    count = 0

    def results() -> Iterator[dict[str, Any]]:
        nonlocal failed, count
        for baris in table:
            ev = evaluate_row(baris, opsi)
            ringkasan.add(ev)
            count += 1
            failed += ev.error is not None
            yield record(ev, baris, table.columns, explain)

    if fmt == "xlsx":
        assert path is not None
        _records_xlsx(path, results())
        return EXIT_FINDINGS if failed else EXIT_OK
    with _text_output(path) as out:
        _write_records(fmt, results(), ringkasan, lambda: count, explain, out)
    return EXIT_FINDINGS if failed else EXIT_OK


def _shown(columns: Iterable[str]) -> tuple[str, ...]:
    """The input columns an evaluate record repeats, in order."""
    return tuple(c for c in columns if c and c not in _PRINTED)


class JsonLines:
    """The evaluate JSON Lines of CSV rows: each row through the fast lane where it
    takes it, the general way (``evaluate_row``, ``record``) otherwise."""

    def __init__(self, columns: tuple[str, ...], opsi: Opsi) -> None:
        self.columns, self.opsi = columns, opsi
        self.lane: Lane | None = compile_lane(columns, _shown(columns), opsi)

    def __call__(self, rows: list[tuple[int, list[str]]]) -> tuple[str, int]:
        """The lines of ``rows`` (blank rows give none), and how many rows have an error."""
        lane, columns, opsi = self.lane, self.columns, self.opsi
        lines: list[str] = []
        failed = 0
        for nomor, cells in rows:
            line = lane(nomor, cells) if lane is not None else None
            if line is None:
                baris = csv_baris(columns, nomor, cells)
                if baris is None:
                    continue
                ev = evaluate_row(baris, opsi)
                failed += ev.error is not None
                line = json.dumps(record(ev, baris, columns, False), ensure_ascii=False) + "\n"
            lines.append(line)
        return "".join(lines), failed


def _chunks(rows: Iterator[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    # 1,024 rows: large enough that sending a chunk to a worker costs little, small
    # enough that the chunks in flight stay a few MiB (benchmarks/stream.py)
    while chunk := list(itertools.islice(rows, 1024)):
        yield chunk


def _write_records(
    fmt: str,
    records: Iterator[dict[str, Any]],
    ringkasan: Ringkasan,
    rows: Callable[[], int],
    explain: bool,
    out: IO[str],
) -> None:
    if fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer: Any = None
        for rec in records:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(rec), extrasaction="ignore")
                writer.writeheader()
            if "penjelasan" in rec:
                rec["penjelasan"] = " | ".join(rec["penjelasan"])
            writer.writerow(rec)
    elif fmt == "json":
        out.write('{"schema": "lkjip/evaluate/v1", "results": [')
        for i, rec in enumerate(records):
            out.write(("," if i else "") + "\n  " + json.dumps(rec, ensure_ascii=False))
        tail = {
            "rows": rows(),
            "sasaran": [_agregat(a) for a in ringkasan.sasaran()],
            "keseluruhan": _agregat(ringkasan.keseluruhan()),
        }
        out.write("\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n")
    else:
        _evaluate_table(list(records), ringkasan, explain, out)


def _id(v: Any) -> str:
    return "" if v is None else str(v)


def _pct(v: str | None) -> str:
    return "" if v is None else format_persen(Decimal(v))


def _num(v: str | None) -> str:
    return "" if v is None else format_number(Decimal(v))


def _evaluate_table(
    recs: list[dict[str, Any]], ringkasan: Ringkasan, explain: bool, out: IO[str]
) -> None:
    has_budget = any(r["penyerapan"] is not None for r in recs)
    head = ["Baris", "Indikator", "Target", "Realisasi", "Capaian", "Predikat", "Atribut"]
    if has_budget:
        head += ["Penyerapan", "Efisiensi", "Kategori efisiensi"]
    head.append("Keterangan")
    body: list[list[str]] = []
    notes: list[list[str]] = []
    for r in recs:
        name = r.get("indikator") or r.get("nama") or ""
        line = [
            str(r["row"]),
            _id(name)[:48],
            _id(r.get("target")),
            _id(r.get("realisasi")),
            _pct(r["capaian"]),
            _id(r["predikat"]),
            _id(r["atribut"]),
        ]
        if has_budget:
            line += [
                _pct(r["penyerapan"]),
                _num(r["tingkat_efisiensi"]),
                _id(r["kategori_efisiensi"]),
            ]
        line.append(_id(r["error"]))
        body.append(line)
        notes.append(r.get("penjelasan", []))
    right = {0, 2, 3, 4, 7, 8} if has_budget else {0, 2, 3, 4}
    out.write(text_table(head, body, right, notes) + "\n")
    out.write("\n")
    for a in ringkasan.sasaran():
        if a.nama is not None:
            out.write(f"Sasaran {a.nama}: {_agregat_text(a)}\n")
    out.write(f"Keseluruhan: {_agregat_text(ringkasan.keseluruhan())}\n")


def _agregat_text(a: Agregat) -> str:
    if a.capaian is None:
        return f"tidak dapat dihitung ({a.tidak_dihitung} indikator tanpa capaian)"
    assert a.atribut is not None
    text = (
        f"{format_persen(a.capaian)} → {a.predikat}, {a.atribut} "
        f"(kategori {a.atribut.kategori}); {a.agregasi}, {a.indikator} indikator"
    )
    if a.tidak_dihitung:
        text += f", {a.tidak_dihitung} tidak dapat dihitung"
    return text


# --- audit -------------------------------------------------------------------------


def _finding(t: Temuan) -> dict[str, Any]:
    return {
        "row": t.row,
        "field": t.field,
        "reported": t.reported,
        "expected": t.expected,
        "message": t.message,
    }


def _audit(table: Tabel, opsi: Opsi, fmt: str, path: str | None) -> int:
    result: HasilAudit = audit(table, opsi)
    findings = [_finding(t) for t in result.findings]
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        assert path is not None
        rows = ([f[c] for c in _FINDING_FIELDS] for f in findings)
        write_xlsx(path, _FINDING_FIELDS, rows, sheet="Temuan")
    else:
        with _text_output(path) as out:
            _write_findings(fmt, result, findings, out)
    return EXIT_FINDINGS if findings else EXIT_OK


_FINDING_FIELDS = ["row", "field", "reported", "expected", "message"]


def _write_findings(
    fmt: str, result: HasilAudit, findings: list[dict[str, Any]], out: IO[str]
) -> None:
    if fmt == "json":
        doc = {"schema": "lkjip/audit/v1", "rows": result.rows, "findings": findings}
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for f in findings:
            out.write(json.dumps(f, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=_FINDING_FIELDS)
        writer.writeheader()
        writer.writerows(findings)
    else:
        out.write(audit_text(result) + "\n")


# --- xlsx and chart ------------------------------------------------------------------

_NUMERIC = frozenset(
    {
        "capaian",
        "kemajuan",
        "selisih",
        "penyerapan",
        "sisa",
        "efisiensi_anggaran",
        "tingkat_efisiensi",
    }
)


def _records_xlsx(path: str, records: Iterator[dict[str, Any]]) -> None:
    """Evaluate records to a workbook, streamed, figures as numbers."""
    from .xlsx import write_xlsx

    first = next(records, None)
    columns = list(first) if first is not None else ["row"]
    rows = (
        [Decimal(r[c]) if c in _NUMERIC and r.get(c) is not None else r.get(c) for c in columns]
        for r in itertools.chain([first] if first is not None else [], records)
    )
    write_xlsx(path, columns, rows, sheet="Evaluasi")


def _chart(table: Tabel, opsi: Opsi, kind: str, path: str, judul: str | None) -> int:
    from .chart import plot_anggaran, plot_capaian

    evaluations = [evaluate_row(b, opsi) for b in table]
    if kind == "anggaran":
        plot_anggaran(evaluations, path, judul=judul or "Pagu dan realisasi anggaran")
    else:
        plot_capaian(evaluations, path, judul=judul or "Capaian kinerja")
    return EXIT_OK


def main_exit() -> None:
    """Console-script entry point: run ``main`` and exit with its status.

    SIGTERM (``kill``, a service manager, a CI timeout) stops the run as Ctrl-C does:
    as ``KeyboardInterrupt``, so workers are shut down, temporary outputs removed and
    the status is 130. Only here, not in ``main``: a program calling ``main`` keeps its
    own signal handlers."""
    import signal
    import threading

    # as Python does for SIGINT: not where it was ignored on purpose, main thread only
    ours = threading.current_thread() is threading.main_thread()
    ours = ours and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    if ours:
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        status = main()
    except KeyboardInterrupt:  # a signal just as main was returning
        status = 130
    finally:
        if ours:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.exit(status)
