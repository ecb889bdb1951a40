"""The command line: ``lkjip evaluate FILE|-`` and ``lkjip audit FILE|-`` (spec §12).

Exit status: 0 all well; 1 audit findings or rows that could not be computed;
2 bad usage or unreadable input (one line on stderr, never a traceback).
Decimals in JSON are strings with a dot decimal point; labels use the spec's
spellings. ``jsonl``, ``csv`` and ``json`` stream: a row is written as soon as it
is computed, so memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import IO, Any

from . import __version__
from ._audit import HasilAudit, Temuan, audit
from .capaian import LowerMethod
from .errors import LKjIPError
from .evaluasi import Ringkasan, evaluate_row
from .model import Agregat, Evaluasi, Opsi
from .numbers import format_number, format_persen
from .tabel import Baris, Tabel, TableError, read_table

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

FIGURES = (
    "capaian",
    "predikat",
    "atribut",
    "kategori",
    "kemajuan",
    "selisih",
    "tren",
    "penyerapan",
    "sisa",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "kategori_efisiensi",
)
"""Computed fields of an evaluate record, always present (``null`` where not computed)."""

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
        description="Compute and audit the figures of LKjIP report tables.",
    )
    parser.add_argument("--version", action="version", version=f"lkjip {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text, formats in (
        (
            "evaluate",
            "compute capaian, predikat, atribut and efficiency for every row",
            ("table", "json", "jsonl", "csv"),
        ),
        (
            "audit",
            "find every printed figure that does not follow from its inputs",
            ("table", "json", "jsonl", "csv"),
        ),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("file", metavar="FILE", help="a CSV or JSON Lines table; - reads stdin")
        sub.add_argument(
            "--format", choices=formats, default="table", help="output (default: table)"
        )
        sub.add_argument(
            "--input-format",
            choices=("csv", "jsonl"),
            help="how to read FILE (default: from its name or first line)",
        )
        sub.add_argument(
            "--lower-method",
            choices=[m.value for m in LowerMethod],
            default=LowerMethod.REFLECTED.value,
            help="capaian method for lower-is-better rows (default: reflected)",
        )
        sub.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
        if name == "evaluate":
            sub.add_argument(
                "--explain",
                action="store_true",
                help="say how every figure was obtained (in Indonesian)",
            )
            sub.add_argument(
                "--rounding",
                choices=tuple(_ROUNDINGS),
                default="half-up",
                help="how results are rounded (default: half-up; down truncates)",
            )
            sub.add_argument("--places", type=int, default=2, help="decimals kept (default: 2)")
            sub.add_argument(
                "--cap",
                type=Decimal,
                metavar="N",
                help="cap each capaian at N before averaging (e.g. 100)",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise _Usage("name a command: evaluate or audit (see lkjip --help)")
        opsi = _opsi(args)
        table = read_table(args.file, format=args.input_format)
        _require_columns(table)
        out, close = _open_output(args.output)
        try:
            if args.command == "evaluate":
                return _evaluate(table, opsi, args.format, args.explain, out)
            return _audit(table, opsi, args.format, out)
        finally:
            if close:
                out.close()
    except (_Usage, TableError) as exc:
        print(f"lkjip: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LKjIPError as exc:
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


def _require_columns(table: Tabel) -> None:
    cols = set(table.columns)
    for needs, given in (
        ("realisasi", "target"),
        ("target", "realisasi") if not cols & {"target_akhir", "realisasi_lalu"} else ("", ""),
        ("realisasi", "target_akhir"),
        ("realisasi_anggaran", "pagu"),
        ("pagu", "realisasi_anggaran"),
    ):
        if given in cols and needs and needs not in cols:
            raise _Usage(f"missing required column {needs!r} (the table has {given!r})")
    usable = {"target", "capaian", "target_akhir", "pagu", "penyerapan", "tingkat_efisiensi"}
    if not cols & usable:
        found = ", ".join(c for c in table.columns if c) or "none"
        raise _Usage(
            "missing required column: the table needs target and realisasi, or pagu and "
            f"realisasi_anggaran, or a capaian column (columns found: {found})"
        )


def _open_output(path: str | None) -> tuple[IO[str], bool]:
    if path is None or path == "-":
        return sys.stdout, False
    try:
        return open(path, "w", encoding="utf-8", newline=""), True
    except OSError as exc:
        raise _Usage(f"cannot write {path}: {exc.strerror or exc}") from None


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
    for c in columns:
        if c and c not in _PRINTED:
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


def _evaluate(table: Tabel, opsi: Opsi, fmt: str, explain: bool, out: IO[str]) -> int:
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

    if fmt == "jsonl":
        for rec in results():
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer: Any = None
        for rec in results():
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(rec), extrasaction="ignore")
                writer.writeheader()
            if "penjelasan" in rec:
                rec["penjelasan"] = " | ".join(rec["penjelasan"])
            writer.writerow(rec)
    elif fmt == "json":
        out.write('{"schema": "lkjip/evaluate/v1", "results": [')
        for i, rec in enumerate(results()):
            out.write(("," if i else "") + "\n  " + json.dumps(rec, ensure_ascii=False))
        tail = {
            "rows": count,
            "sasaran": [_agregat(a) for a in ringkasan.sasaran()],
            "keseluruhan": _agregat(ringkasan.keseluruhan()),
        }
        out.write("\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n")
    else:
        _evaluate_table(list(results()), ringkasan, explain, out)
    return EXIT_FINDINGS if failed else EXIT_OK


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _people(v: str | None) -> str:
    """A finding's value for people: numbers Indonesian style, text as it is."""
    if v is None:
        return ""
    return format_number(Decimal(v), None) if _PLAIN_NUMBER.fullmatch(v) else v


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
    body = []
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
        body.append((line, r.get("penjelasan", [])))
    _print_table(head, body, out, right={0, 2, 3, 4, 7, 8} if has_budget else {0, 2, 3, 4})
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


def _print_table(
    head: list[str], body: list[tuple[list[str], list[str]]], out: IO[str], right: set[int]
) -> None:
    """An aligned table for people; ``right`` names the right-aligned (number) columns."""
    widths = [max([len(h)] + [len(line[i]) for line, _ in body]) for i, h in enumerate(head)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out.write(fmt(head) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for line, notes in body:
        out.write(fmt(line) + "\n")
        for note in notes:
            out.write(" " * (widths[0] + 2) + "· " + note + "\n")


# --- audit -------------------------------------------------------------------------


def _finding(t: Temuan) -> dict[str, Any]:
    return {
        "row": t.row,
        "field": t.field,
        "reported": t.reported,
        "expected": t.expected,
        "message": t.message,
    }


def _audit(table: Tabel, opsi: Opsi, fmt: str, out: IO[str]) -> int:
    result: HasilAudit = audit(table, opsi)
    findings = [_finding(t) for t in result.findings]
    if fmt == "json":
        doc = {"schema": "lkjip/audit/v1", "rows": result.rows, "findings": findings}
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for f in findings:
            out.write(json.dumps(f, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=["row", "field", "reported", "expected", "message"])
        writer.writeheader()
        writer.writerows(findings)
    else:
        if findings:
            body: list[tuple[list[str], list[str]]] = [
                (
                    [
                        str(f["row"]),
                        f["field"],
                        _people(f["reported"]),
                        _people(f["expected"]),
                        f["message"],
                    ],
                    [],
                )
                for f in findings
            ]
            head = ["Baris", "Kolom", "Dicetak", "Seharusnya", "Keterangan"]
            _print_table(head, body, out, right={0, 2, 3})
            out.write(f"\n{len(findings)} temuan dalam {result.rows} baris.\n")
        else:
            out.write(f"Tidak ada temuan dalam {result.rows} baris.\n")
    return EXIT_FINDINGS if findings else EXIT_OK


def main_exit() -> None:
    """Console-script entry point: run :func:`main` and exit with its status."""
    sys.exit(main())
