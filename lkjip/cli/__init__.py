"""The command line: ``lkjip evaluate FILE|-`` and ``lkjip audit FILE|-`` (spec §12).

Exit status: 0 all well; 1 audit findings or rows that could not be computed;
2 bad usage or unreadable input (one line on stderr, never a traceback).
Decimals in JSON are strings with a dot decimal point; labels use the spec's
spellings. ``jsonl``, ``csv`` and ``json`` stream: rows are written as they are
computed (``jsonl`` from CSV in chunks of 1,024, see ``JsonLines``), so memory stays
flat whatever the number of rows.

Outputs are made safe to open: every output file is written to a temporary file in
its folder and put in place only when complete (``_output_file``), so a failed or
interrupted run leaves the old file as it was and no temporary behind; ``-o`` naming
the input is refused; csv cells that a spreadsheet would run as a formula are written
as text (``spreadsheet_text``); table output shows control characters as escapes and
cuts long cells (``lkjip.table.display.cut``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import itertools
import json
import marshal
import os
import re
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import IO, Any, TypeVar

from lkjip._core.extras import installed
from lkjip._core.pesan import Bahasa, bahasa, bahasa_aktif, pesan
from lkjip.cli.lane import Lane, compile_lane
from lkjip.cli.parallel import MAX_JOBS, default_jobs, map_ordered
from lkjip.errors import LKjIPError
from lkjip.numbers import parse_number, plain
from lkjip.rules.capaian import LowerMethod
from lkjip.table.audit import HasilAudit, Temuan, audit
from lkjip.table.display import (
    MAX_CELL_WIDTH,
    MAX_LAST_CELL,
    audit_text,
    cell_text,
    cut,
    number_text,
    text_table,
    visible,
)
from lkjip.table.evaluasi import Ringkasan, evaluate_dibaca
from lkjip.table.fields import DECIMAL_FIGURES, RECORD_FIELDS, WRITTEN, Field, Kind, record_keys
from lkjip.table.fields import FIGURES as FIGURES  # re-exported: the figures of a record, in order
from lkjip.table.model import Agregat, Evaluasi, Opsi
from lkjip.table.plan import RowPlan, reason
from lkjip.table.read import Baris, Tabel, TableError, csv_baris, read_table

__all__ = [
    "MAX_COLUMNS",
    "MAX_JOBS",
    "Sink",
    "UsageError",
    "audit_document",
    "main",
    "require_columns",
    "spreadsheet_text",
    "write_csv",
    "write_evaluation_json",
]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

MAX_COLUMNS = 16_384
"""Columns a csv or xlsx output holds at most (a JSON Lines input whose rows name more
different keys is refused): the most a worksheet has."""


def _too_wide(columns: int) -> str:
    return pesan("cli.too_wide", columns=f"{columns:,}", limit=f"{MAX_COLUMNS:,}")


T = TypeVar("T")


# Printed figure columns are replaced by the computed ones; every other input column
# is passed through as given.
_PRINTED = WRITTEN
_ROUNDINGS = {"half-up": ROUND_HALF_UP, "down": ROUND_DOWN}


class UsageError(Exception):
    """A usage or input problem: one line, exit 2 (``lkjip serve``: a 400)."""


class _WriteError(UsageError):
    """Writing an output failed (a full disk, a folder that went away): one line, exit 2."""

    def __init__(self, name: str, exc: OSError) -> None:
        shown = pesan("cli.standard_output") if name == _STDOUT else name
        super().__init__(pesan("cli.cannot_write", name=shown, reason=exc.strerror or exc))
        self.stdout = name == _STDOUT


class _ReadError(Exception):
    """Reading the input failed part-way (an I/O error): one line, exit 2."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))


_STDOUT = "\0stdout"  # the name of standard output, as said in the language in use


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its "usage: " in the language in use."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        super().add_usage(
            usage, actions, groups, pesan("cli.argparse.usage") if prefix is None else prefix
        )


# argparse's own error messages (English, from its gettext calls) a user meets, and the
# catalog's key for each; the fields are the message's own parts, as argparse wrote them
_ARGPARSE_ERRORS = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"the following arguments are required: (?P<names>.*)", "cli.argparse.required"),
        (r"unrecognized arguments: (?P<names>.*)", "cli.argparse.unrecognized"),
        (
            r"argument (?P<option>\S+?): invalid choice: (?P<value>.*)"
            r" \(choose from (?P<choices>.*)\)",
            "cli.argparse.invalid_choice",
        ),
        (
            r"argument (?P<option>\S+?): invalid (?P<kind>\w+) value: (?P<value>.*)",
            "cli.argparse.invalid_value",
        ),
        (r"argument (?P<option>\S+?): expected one argument", "cli.argparse.expected_one"),
        (r"argument (?P<option>\S+?): (?P<message>.*)", "cli.argparse.argument"),
    )
)


def _argparse_message(message: str) -> str:
    """argparse's error ``message`` in the language in use (as it is if it is not one
    lkjip knows: "ambiguous option", "not allowed with argument", ...)."""
    for pattern, key in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            return pesan(key, **found.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    """lkjip's parsers: help, usage and errors in the language in use, and ``--lang``
    on every command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = pesan("cli.argparse.positionals")
        self._optionals.title = pesan("cli.argparse.options")
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=pesan("cli.argparse.help"),
        )
        self.add_argument(
            "--lang",
            choices=tuple(b.value for b in Bahasa),
            default=argparse.SUPPRESS,  # a command's own does not hide the one given before it
            help=pesan("cli.help.lang"),
        )

    def error(self, message: str) -> Any:  # one line, not argparse's usage dump
        raise UsageError(pesan("cli.see_help", message=_argparse_message(message)))


def _lang_option(argv: list[str]) -> str | None:
    """The language ``--lang X`` (or ``--lang=X``) names in ``argv``, read before the
    parser is built so that its help is in that language (the last one given wins);
    one lkjip does not have is a usage error."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    if lang is not None and lang not in {b.value for b in Bahasa}:
        raise UsageError(pesan("pesan.unknown_language", lang=repr(lang)))
    return lang


def _number_option(text: str) -> Decimal:
    """An option's number, read as a table's cells are (``100``, ``99,5``)."""
    try:
        value = parse_number(text)
    except LKjIPError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError(pesan("cli.not_a_number", text=repr(text)))
    return value


class _Version(argparse.Action):
    """``--version``: the installed package's version, read only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import lkjip

        print(f"lkjip {lkjip.__version__}")  # on standard output, as argparse's own
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    """The command line's parser, its help in the language in use."""
    parser = _Parser(prog="lkjip", description=pesan("cli.help.description"))
    parser.add_argument("--version", action=_Version, nargs=0, help=pesan("cli.help.version"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    evaluate = commands.add_parser("evaluate", help=pesan("cli.help.evaluate"))
    audit_ = commands.add_parser("audit", help=pesan("cli.help.audit"))
    extract = commands.add_parser("extract", help=pesan("cli.help.extract"))
    extract.add_argument("file", metavar="REPORT", help=pesan("cli.help.report"))
    extract.add_argument(
        "-o", "--output", metavar="DIR", required=True, help=pesan("cli.help.extract_output")
    )
    extract.add_argument("--headings", metavar="FILE", help=pesan("cli.help.headings_file"))
    extract.add_argument(
        "--max-pages", type=int, metavar="N", help=pesan("cli.help.extract_max_pages")
    )
    conformance = commands.add_parser("conformance", help=pesan("cli.help.conformance"))
    conformance.add_argument(
        "--export", metavar="FILE", required=True, help=pesan("cli.help.export")
    )
    chart = commands.add_parser("chart", help=pesan("cli.help.chart"))
    for sub in (evaluate, audit_, chart):
        sub.add_argument("file", metavar="FILE", help=pesan("cli.help.file"))
        sub.add_argument(
            "--input-format",
            choices=("csv", "jsonl", "xlsx"),
            help=pesan("cli.help.input_format"),
        )
        sub.add_argument("--sheet", help=pesan("cli.help.sheet"))
        sub.add_argument("--header-row", type=int, metavar="N", help=pesan("cli.help.header_row"))
        sub.add_argument("--decimal-mark", choices=(".", ","), help=pesan("cli.help.decimal_mark"))
        sub.add_argument(
            "--lower-method",
            choices=[m.value for m in LowerMethod],
            default=LowerMethod.REFLECTED.value,
            help=pesan("cli.help.lower_method"),
        )
        for option, what, default in (
            ("--scale", "predikat", "Permendagri 86/2017"),
            ("--atribut-scale", "atribut", "85/70/55"),
        ):
            sub.add_argument(
                option,
                metavar="FILE_OR_NAME",
                help=pesan("cli.help.scale", what=what, default=default),
            )
    for sub in (evaluate, audit_):
        sub.add_argument("--form", choices=("e81",), help=pesan("cli.help.form"))
        sub.add_argument(
            "--format", choices=FORMATS, default="table", help=pesan("cli.help.format")
        )
        sub.add_argument("-o", "--output", metavar="PATH", help=pesan("cli.help.output"))
    evaluate.add_argument("--explain", action="store_true", help=pesan("cli.help.explain"))
    evaluate.add_argument(
        "--rounding",
        choices=tuple(_ROUNDINGS),
        default="half-up",
        help=pesan("cli.help.rounding"),
    )
    evaluate.add_argument("--places", type=int, default=2, help=pesan("cli.help.places"))
    evaluate.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help=pesan("cli.help.jobs_evaluate"),
    )
    evaluate.add_argument("--cap", type=_number_option, metavar="N", help=pesan("cli.help.cap"))
    audit_.add_argument("more", nargs="*", metavar="REPORT", help=pesan("cli.help.more"))
    audit_.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help=pesan("cli.help.jobs_audit"),
    )
    audit_.add_argument("--headings", metavar="FILE", help=pesan("cli.help.headings"))
    audit_.add_argument(
        "--ikm-bobot",
        choices=("exact", "tiga_desimal"),
        default="exact",
        help=pesan("cli.help.ikm_bobot"),
    )
    audit_.add_argument("--max-pages", type=int, metavar="N", help=pesan("cli.help.max_pages"))
    chart.add_argument(
        "-o", "--output", metavar="PATH", required=True, help=pesan("cli.help.chart_output")
    )
    chart.add_argument(
        "--kind",
        choices=("capaian", "anggaran"),
        default="capaian",
        help=pesan("cli.help.kind"),
    )
    chart.add_argument("--judul", help=pesan("cli.help.judul"))
    serve = commands.add_parser("serve", help=pesan("cli.help.serve"))
    serve.add_argument("--host", default="127.0.0.1", help=pesan("cli.help.host"))
    serve.add_argument("--port", type=int, default=8000, help=pesan("cli.help.port"))
    serve.add_argument(
        "--workers", type=int, default=1, metavar="N", help=pesan("cli.help.workers")
    )
    serve.add_argument("--token", help=pesan("cli.help.token"))
    serve.add_argument("--max-upload", type=int, metavar="BYTES", help=pesan("cli.help.max_upload"))
    return parser


FORMATS = ("table", "json", "jsonl", "csv", "xlsx")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status. Every message and table is in
    the language ``--lang`` names (read before the parser is built, so its help is
    too), else the one in use (``LKJIP_LANG``, else Bahasa Indonesia)."""
    given = sys.argv[1:] if argv is None else list(argv)
    try:
        lang = _lang_option(given)
    except UsageError as exc:
        _say(str(exc))
        return EXIT_USAGE
    with contextlib.ExitStack() as scope:
        scope.enter_context(bahasa(lang))
        return _main(given, scope)
    raise AssertionError("unreachable")  # pragma: no cover (mypy: ExitStack may swallow)


def _main(argv: list[str], scope: contextlib.ExitStack) -> int:
    source = pesan("cli.the_input")
    try:
        args = _parser().parse_args(argv)
        scope.enter_context(bahasa(getattr(args, "lang", None)))  # --lan en: argparse's
        if args.command is None:
            raise UsageError(pesan("cli.no_command"))
        if args.command == "serve":
            return _serve(args)
        if args.command == "conformance":
            return _conformance(args.export)
        source = args.file
        if args.command == "extract":
            return _extract(args)
        opsi = _opsi(args)
        jobs = getattr(args, "jobs", 1)
        if not 1 <= jobs <= MAX_JOBS:
            raise UsageError(
                pesan("cli.between", option="--jobs", low=1, high=MAX_JOBS, value=jobs)
            )
        if getattr(args, "format", None) == "xlsx" and args.output in (None, "-"):
            raise UsageError(pesan("cli.xlsx_needs_output"))
        if args.command == "chart" and not args.output.lower().endswith(_CHART_SUFFIXES):
            raise UsageError(pesan("cli.chart_suffix", path=repr(args.output)))
        _check_output(args.output, args.file)
        if args.file == "-" and sys.stdin is None:
            raise UsageError(pesan("cli.stdin_closed"))
        if getattr(args, "decimal_mark", None) and (
            getattr(args, "form", None) == "e81"
            or (args.command == "audit" and (args.more or _is_report(args.file)))
        ):  # a report is read as printed, its numbers each by the guess of §1
            raise UsageError(pesan("cli.decimal_mark_table_only"))
        if getattr(args, "form", None) == "e81":
            return _e81(args, opsi)
        if args.command == "audit" and args.more:
            return _audit_reports(args, opsi, jobs)
        if args.command == "audit" and _is_report(args.file):
            return _audit_report(args, opsi)
        try:
            table = read_table(
                args.file,
                format=args.input_format,
                sheet=args.sheet,
                header_row=args.header_row,
                decimal_mark=args.decimal_mark,
            )
        except TableError:
            if args.command == "audit" and _is_sheet(args.file) and args.header_row is None:
                status = _audit_sheet(args, opsi)  # no header in lkjip's columns
                if status is not None:
                    return status
            raise
        if args.command == "audit" and _is_sheet(args.file) and not set(table.columns) & _USABLE:
            status = _audit_sheet(args, opsi)  # a table with the report's headings
            if status is not None:
                return status
        require_columns(table)
        if args.command == "chart":
            return _chart(table, opsi, args.kind, args.output, args.judul)
        if args.command == "evaluate":
            return _evaluate(table, opsi, args.format, args.explain, args.output, jobs)
        return _audit(table, opsi, args.format, args.output)
    except _WriteError as exc:
        if exc.stdout:  # nothing more can be written there; Python's last flush must not try
            _silence_stdout()
        _say(str(exc))
        return EXIT_USAGE
    except (UsageError, LKjIPError) as exc:  # TableError, MissingExtraError, ...
        _say(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # `lkjip evaluate big.csv | head`
        sys.stderr.close()
        return EXIT_OK
    except (_ReadError, OSError) as exc:  # the input failed part-way (/proc/self/mem, EIO)
        text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _say(pesan("cli.cannot_read", source=source, reason=text))
        return EXIT_USAGE
    except MemoryError:  # a table or cell too large for this machine: one line, not a trace
        _say(pesan("cli.out_of_memory"))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


_CHART_SUFFIXES = (".png", ".svg")


def _say(message: str) -> None:
    """One line on stderr: control characters visible, at most ``MAX_LAST_CELL`` long."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):  # stderr closed (2>&-): say nothing
            print(f"lkjip: {cut(message, MAX_LAST_CELL)}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _opsi(args: argparse.Namespace) -> Opsi:
    places = getattr(args, "places", 2)
    if not 0 <= places <= 20:
        raise UsageError(pesan("cli.between", option="--places", low=0, high=20, value=places))
    scales: dict[str, Any] = {}
    for option, field in (("--scale", "skala"), ("--atribut-scale", "skala_atribut")):
        given = getattr(args, option[2:].replace("-", "_"), None)
        if given is not None:
            scales[field] = _scale(option, given, field)
    return Opsi(
        lower_method=LowerMethod(args.lower_method),
        places=places,
        rounding=_ROUNDINGS[getattr(args, "rounding", "half-up")],
        cap=getattr(args, "cap", None),
        **scales,
    )


def _scale(option: str, given: str, field: str) -> Any:
    """``--scale FILE_OR_NAME``: a variant lkjip ships, or a scale file; checked as the
    ``Opsi`` field it becomes (an error names the option)."""
    from lkjip.rules.scales import scale_file, variant, variants

    try:
        if given in variants():
            scale = variant(given)
        elif os.path.isfile(given):
            scale = scale_file(given)
        else:
            raise UsageError(
                pesan(
                    "cli.scale_unknown",
                    option=option,
                    given=repr(given),
                    variants=", ".join(variants()),
                )
            )
        checked: dict[str, Any] = {field: scale}
        Opsi(**checked)
    except LKjIPError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return scale


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


def require_columns(table: Tabel) -> None:
    """Refuse (``UsageError``) a table with one column of a pair and not the other (a
    ``pagu`` without ``realisasi_anggaran``, ...), which no row could be computed from."""
    cols = set(table.columns)
    for given, needed, unless in _PARTNERS:
        if given in cols and needed not in cols and not cols.intersection(unless):
            raise UsageError(pesan("cli.missing_partner", needed=repr(needed), given=repr(given)))
    if not cols & _USABLE:
        found = ", ".join(c for c in table.columns if c) or pesan("cli.no_columns")
        raise UsageError(pesan("cli.missing_columns", found=found))


# --- output files ----------------------------------------------------------------------


def _check_output(path: str | None, source: str) -> None:
    """Refuse an output that cannot be written, or that is the input (by inode, so also
    through a symlink or a hard link, or a file piped to stdin), before anything is
    opened for writing."""
    if path is None or path == "-":
        return
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise UsageError(pesan("cli.output_is_folder", path=path))
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise UsageError(
            pesan("cli.output_folder_missing", path=path, folder=os.path.dirname(path))
        )
    try:
        out = os.stat(target)
        given = os.fstat(sys.stdin.fileno()) if source == "-" else os.stat(source)
    except (OSError, ValueError, AttributeError):  # no such output yet, stdin closed, ...
        return
    if (out.st_dev, out.st_ino) == (given.st_dev, given.st_ino):
        if source == "-":
            what = pesan("cli.the_standard_input")
        else:
            what = pesan("cli.the_input_file", source=source)
        raise UsageError(pesan("cli.output_is_input", path=path, what=what))


class Sink:
    """A text output that says which output failed (``_WriteError``), and writes text its
    encoding cannot hold (a lone surrogate from a JSON escape) as backslash escapes."""

    __slots__ = ("_stream", "name")

    def __init__(self, stream: IO[str], name: str) -> None:
        self._stream, self.name = stream, name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self._stream, "encoding", None) or "utf-8"
            return self._stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _WriteError(self.name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _WriteError(self.name, exc) from None


_AT_FDCWD, _AT_EMPTY_PATH = -100, 0x1000
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_PROC_FD = "/proc/self/fd"


class _File:
    """An output file being written: a temporary in the target's folder, an unnamed one
    (``O_TMPFILE``, gone even after a SIGKILL) where the system has it, else a named
    ``.<name>.<random>.tmp``; ``commit`` puts it in place of the target in one step. A
    device or pipe (``/dev/null``) is written in place: there is no file to replace."""

    def __init__(self, path: str, *, keep_suffix: bool = False) -> None:
        self.path = path  # as the user named it, for messages
        self.target = os.path.realpath(path)  # through a symlink: replace the file it names
        self.folder = os.path.dirname(self.target)
        self.temp: str | None = None  # a name to remove if the run fails
        self.anonymous = False
        self.streams: list[IO[Any]] = []
        try:
            st: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            self.fd = os.open(self.target, os.O_WRONLY | _CLOEXEC)
            self.name, self.direct = self.target, True
            return
        self.direct = False
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        if not keep_suffix and hasattr(os, "O_TMPFILE") and os.path.isdir(_PROC_FD):
            try:
                self.fd = os.open(self.folder, os.O_TMPFILE | os.O_RDWR | _CLOEXEC, 0o600)
            except OSError:  # this file system has none: a named one
                pass
            else:
                os.fchmod(self.fd, mode)
                self.name, self.anonymous = f"{_PROC_FD}/{self.fd}", True
                return
        suffix = os.path.splitext(self.target)[1] if keep_suffix else ".tmp"
        base = os.path.basename(self.target)
        self.fd, self.temp = tempfile.mkstemp(suffix, f".{base}.", self.folder)
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
            os.fchmod(self.fd, mode)
        self.name = self.temp

    def text(self) -> Sink:
        stream = open(  # closed by commit or discard
            self.fd, "w", encoding="utf-8", errors="backslashreplace", newline="", closefd=False
        )
        self.streams.append(stream)
        return Sink(stream, self.path)

    def commit(self) -> None:
        """Put the complete file in place of the target."""
        for stream in self.streams:
            stream.close()
        self.streams.clear()
        if not self.direct:
            os.fsync(self.fd)
            if self.anonymous:
                self._link()
            elif self.temp is not None:
                os.replace(self.temp, self.target)
                self.temp = None
        os.close(self.fd)
        self.fd = -1

    def _link(self) -> None:
        """Put the unnamed temporary in place: linked under the target's name, or beside
        an existing target and renamed over it; where this system refuses to link it,
        copied into a named temporary that is renamed."""
        name = self.target  # nothing there yet: the file appears complete, in one step
        while True:
            try:
                linked = self._link_as(name)
                break
            except FileExistsError:
                name = os.path.join(
                    self.folder, f".{os.path.basename(self.target)}.{secrets.token_hex(6)}.tmp"
                )
        if not linked:
            fd, self.temp = tempfile.mkstemp(
                ".tmp", f".{os.path.basename(self.target)}.", self.folder
            )
            with open(fd, "wb") as copy:
                os.fchmod(fd, stat.S_IMODE(os.fstat(self.fd).st_mode))
                offset = 0
                while chunk := os.pread(self.fd, 1 << 20, offset):
                    copy.write(chunk)
                    offset += len(chunk)
                copy.flush()
                os.fsync(fd)
            name = self.temp
        if name != self.target:
            self.temp = name
            os.replace(name, self.target)
        self.temp = None

    def _link_as(self, name: str) -> bool:
        """Link the unnamed temporary as ``name``; ``False`` where links are refused
        (``FileExistsError`` if the name is taken)."""
        try:
            os.link(self.name, name)
            return True
        except FileExistsError:
            raise
        except OSError:  # /proc refuses here: linkat(AT_EMPTY_PATH)
            return _linkat_empty(self.fd, name)

    def discard(self) -> None:
        """Remove the temporary (after a failure; nothing to do after ``commit``)."""
        for stream in self.streams:
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self.streams.clear()
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _linkat_empty(fd: int, name: str) -> bool:
    """``linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH)``: name an unnamed file where
    /proc links are refused (it needs CAP_DAC_READ_SEARCH)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        done = bool(libc.linkat(fd, b"", _AT_FDCWD, os.fsencode(name), _AT_EMPTY_PATH) == 0)
    except (OSError, AttributeError, TypeError):
        return False
    if not done and ctypes.get_errno() == errno.EEXIST:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), name)
    return done


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (setting it
    and back would race with other threads)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _output_file(path: str, *, keep_suffix: bool = False) -> Iterator[_File]:
    """The one way every output file is written (see ``_File``): in place when the body
    completes; on any exit otherwise (an error, Ctrl-C, ``SystemExit``) the target is
    left as it was and the temporary is removed."""
    try:
        out = _File(path, keep_suffix=keep_suffix)
    except OSError as exc:
        raise _WriteError(path, exc) from None
    try:
        yield out
        try:
            out.commit()
        except OSError as exc:
            raise _WriteError(path, exc) from None
    finally:
        out.discard()


@contextlib.contextmanager
def _text_output(path: str | None) -> Iterator[Sink]:
    """Standard output, or the file ``-o`` names (see ``_output_file``)."""
    if path is None or path == "-":
        if sys.stdout is None:
            raise UsageError(pesan("cli.stdout_closed"))
        sink = Sink(sys.stdout, _STDOUT)
        yield sink
        sink.flush()  # a full disk says so here, not in Python's last flush
        return
    with _output_file(path) as out:
        yield out.text()


def _reading(rows: Iterable[T]) -> Iterator[T]:
    """``rows``, with an I/O error of the input told apart from one of the output."""
    try:
        yield from rows
    except OSError as exc:
        raise _ReadError(exc) from None


# --- spreadsheet-safe cells --------------------------------------------------------------

# What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"), with the
# full-width forms some spreadsheets read as the same.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def spreadsheet_text(cell: str) -> str:
    """A csv cell that no spreadsheet runs as a formula.

    The rule: a cell whose first character is ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return (or a full-width ``＝＋－＠``) gets a leading ``'``, which
    spreadsheets read as "this is text" -- unless ``parse_number`` reads the whole cell
    as a number or a placeholder (``-5``, ``-5,5``, ``+1.234``, ``-``): a cell of
    digits, separators, a sign, ``%`` and ``Rp`` holds no formula a spreadsheet can run,
    and stays a number.

    ```pycon
    >>> spreadsheet_text("=HYPERLINK(A1)"), spreadsheet_text("-5"), spreadsheet_text("-5,5")
    ("'=HYPERLINK(A1)", '-5', '-5,5')
    >>> spreadsheet_text("-2+3+cmd|' /C calc'!A0"), spreadsheet_text("@SUM(A1)")
    ("'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)")

    ```
    """
    if cell[:1] not in _FORMULA_START:
        return cell
    try:
        parse_number(cell)
    except (LKjIPError, ArithmeticError):
        return "'" + cell
    return cell


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):  # penjelasan
        value = " | ".join(value)
    return spreadsheet_text(value) if isinstance(value, str) else value


def write_csv(out: Sink, header: list[str], rows: Iterable[list[Any]]) -> None:
    """Write ``header`` and ``rows`` as CSV, every text a spreadsheet could take for a
    formula written as text (``spreadsheet_text``)."""
    writer = csv.writer(out)
    writer.writerow([spreadsheet_text(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def _write_xlsx(
    path: str, header: list[str], rows: Iterable[list[Any]], sheet: str, numeric: frozenset[str]
) -> None:
    """Rows to a workbook, streamed, the ``numeric`` columns as numbers."""
    from lkjip.xlsx import write_xlsx

    wanted = [i for i, c in enumerate(header) if c in numeric]

    def values() -> Iterator[list[Any]]:
        for row in _reading(rows):
            for i in wanted:
                if row[i] is not None:
                    row[i] = Decimal(row[i])
            yield row

    with _output_file(path) as out:
        try:
            write_xlsx(out.name, header, values(), sheet=sheet)
        except OSError as exc:
            raise _WriteError(path, exc) from None


# --- evaluate ----------------------------------------------------------------------


def _s(value: object) -> str | None:
    """A computed figure for JSON: decimals in plain notation with a dot, labels as text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


_RECORD: tuple[Field, ...] = tuple(f for f in RECORD_FIELDS if not f.optional)
"""The record's fields other than the input columns (``row`` first), as the registry
orders them; ``penjelasan`` is added with ``explain``."""
assert _RECORD[0].name == record_keys(())[0]  # the row number leads the record


def record(ev: Evaluasi, baris: Baris, columns: Iterable[str], explain: bool) -> dict[str, Any]:
    """The evaluate record of one row: row, the input columns as given, the figures, error."""
    head, *fields = _RECORD
    rec: dict[str, Any] = {head.name: head.of(ev)}
    # the header's columns in order, then any a JSON Lines row adds of its own
    for c in itertools.chain(columns, baris.nilai):
        if c and c not in _PRINTED and c not in rec:
            rec[c] = cell_text(baris.get(c))
    for field in fields:
        value = field.of(ev)
        rec[field.name] = value if value is None or field.kind is Kind.INTEGER else _s(value)
    if explain:
        try:
            rec["penjelasan"] = list(ev.penjelasan())
        except (LKjIPError, ArithmeticError) as exc:
            rec["penjelasan"] = [pesan("cli.penjelasan_failed", reason=reason(exc))]
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
    if fmt == "jsonl" and not explain and table.cells is not None and not table.decimal_mark:
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
    run = _Records(table, opsi, explain)
    if fmt in ("csv", "xlsx"):
        header, rows = _tabular(table, iter(run), explain)
        if fmt == "xlsx":
            assert path is not None
            _write_xlsx(path, header, rows, "Evaluasi", _NUMERIC)
        else:
            with _text_output(path) as out:
                write_csv(out, header, rows)
        return EXIT_FINDINGS if run.failed else EXIT_OK
    with _text_output(path) as out:
        _write_records(fmt, iter(run), run.ringkasan, lambda: run.count, explain, out)
    return EXIT_FINDINGS if run.failed else EXIT_OK


class _Records:
    """The evaluate records of a table's rows, as they are computed, with the summary
    and the counts they add to."""

    def __init__(self, table: Tabel, opsi: Opsi, explain: bool) -> None:
        self.table, self.opsi, self.explain = table, opsi, explain
        self.ringkasan = Ringkasan(opsi)
        self.failed = self.count = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        plan = RowPlan.of(self.table)
        for baris in self.table:
            ev = evaluate_dibaca(plan.read(baris), self.opsi)
            self.ringkasan.add(ev)
            self.count += 1
            self.failed += ev.error is not None
            yield record(ev, baris, self.table.columns, self.explain)


def write_evaluation_json(table: Tabel, opsi: Opsi, explain: bool, out: IO[str]) -> int:
    """Write the ``lkjip/evaluate/v1`` document of ``table`` to ``out``, as
    ``evaluate --format json`` prints it (``lkjip serve``'s ``/v1/evaluate``); returns
    how many rows could not be computed."""
    run = _Records(table, opsi, explain)
    _write_records(
        "json", iter(run), run.ringkasan, lambda: run.count, explain, Sink(out, "output")
    )
    return run.failed


def _tabular(
    table: Tabel, records: Iterator[dict[str, Any]], explain: bool
) -> tuple[list[str], Iterator[list[Any]]]:
    """A header naming every key of the records, and their rows under it.

    A CSV table's records all have its columns: they stream. Rows of other tables (JSON
    Lines) may bring keys of their own, so their records are first spooled to an
    unnamed temporary file (memory stays flat) while the keys are collected.
    """
    if table.cells is not None:
        header = list(record_keys(_shown(table.columns), explain))
        if len(header) > MAX_COLUMNS:
            raise UsageError(_too_wide(len(header)))
        return header, ([rec.get(c) for c in header] for rec in records)
    head, *tail = record_keys((), explain)
    fixed = {head, *tail}
    seen: dict[str, None] = {}
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
    try:
        for rec in records:
            for key in rec:
                if key not in seen:
                    seen[key] = None
                    if len(seen) > MAX_COLUMNS:
                        raise UsageError(_too_wide(len(seen)))
            spool.write(json.dumps(rec) + "\n")  # ASCII: any text comes back as it was
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    header = [head, *(k for k in seen if k not in fixed), *tail]

    def rows() -> Iterator[list[Any]]:
        with spool:
            for line in spool:
                rec = json.loads(line)
                yield [rec.get(c) for c in header]

    return header, rows()


def _shown(columns: Iterable[str]) -> tuple[str, ...]:
    """The input columns an evaluate record repeats, in order."""
    return tuple(c for c in columns if c and c not in _PRINTED)


class JsonLines:
    """The evaluate JSON Lines of CSV rows: each row through the fast lane where it
    takes it, the general way (the table's row plan, ``record``) otherwise."""

    def __init__(self, columns: tuple[str, ...], opsi: Opsi) -> None:
        self.columns, self.opsi = columns, opsi
        self.lane: Lane | None = compile_lane(columns, _shown(columns), opsi)
        self.plan = RowPlan(columns)
        self.lang = bahasa_aktif()  # a worker process says its errors in the command's

    def __call__(self, chunk: _Chunk | list[tuple[int, list[str]]]) -> tuple[str, int]:
        """The lines of a chunk's rows (blank rows give none), and how many rows have
        an error. The rows come as ``_chunks`` gives them, or as ``(number, cells)``
        pairs (``Tabel.cells``)."""
        if isinstance(chunk, list):
            chunk = [nomor for nomor, _ in chunk], [cells for _, cells in chunk]
        with bahasa(self.lang):  # once a chunk
            return self._lines(*chunk)

    def _lines(self, nomors: list[int], rows: list[list[str]]) -> tuple[str, int]:
        lane = self.lane
        if lane is None:
            return self._general(nomors, rows, [None] * len(rows))
        lines = lane(nomors, rows)
        if None in lines:
            return self._general(nomors, rows, lines)
        return "".join(lines), 0  # type: ignore[arg-type]  # (the usual chunk: no None)

    def _general(
        self, nomors: list[int], rows: list[list[str]], lines: list[str | None]
    ) -> tuple[str, int]:
        """The text of the lines, those the lane did not write (``None``) written the
        general way."""
        columns, opsi, plan = self.columns, self.opsi, self.plan
        out: list[str] = []
        failed = 0
        for nomor, cells, line in zip(nomors, rows, lines, strict=True):
            if line is None:
                baris = csv_baris(columns, nomor, cells)
                if baris is None:
                    continue
                ev = evaluate_dibaca(plan.read(baris), opsi)
                failed += ev.error is not None
                line = json.dumps(record(ev, baris, columns, False), ensure_ascii=False) + "\n"
            out.append(line)
        return "".join(out), failed


_Chunk = tuple[list[int], list[list[str]]]
"""Rows of a CSV table as ``_chunks`` gives them to ``JsonLines``: their numbers, and
their cells."""


def _chunks(rows: Iterator[tuple[int, list[str]]]) -> Iterator[_Chunk]:
    """``rows`` in chunks of 1,024: large enough that sending a chunk to a worker costs
    little, small enough that the chunks in flight stay a few MiB (benchmarks/stream.py).
    A chunk holds the numbers and the cells apart, not as ``(number, cells)`` pairs: a
    pair a row is one more object for the garbage collector to go through each time it
    runs while a chunk is read (its time in a 200,000-row run: 0.1 s with pairs, 0.04 s
    without)."""
    while True:
        nomors: list[int] = []
        cells: list[list[str]] = []
        number, keep = nomors.append, cells.append
        for nomor, row in itertools.islice(rows, 1024):
            number(nomor)
            keep(row)
        if not cells:
            return
        yield nomors, cells


def _write_records(
    fmt: str,
    records: Iterator[dict[str, Any]],
    ringkasan: Ringkasan,
    rows: Callable[[], int],
    explain: bool,
    out: Sink,
) -> None:
    if fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
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
        _evaluate_table(records, ringkasan, explain, out)


def _id(v: Any) -> str:
    return "" if v is None else str(v)


def _pct(v: str | None) -> str:
    return "" if v is None else number_text(Decimal(v), persen=True)


def _num(v: str | None) -> str:
    return "" if v is None else number_text(Decimal(v))


def _evaluate_table(
    records: Iterator[dict[str, Any]], ringkasan: Ringkasan, explain: bool, out: Sink
) -> None:
    body: list[list[str]] = []
    notes: list[list[str]] = []
    has_budget = False
    for r in records:  # kept cut (text_table cuts again: cheap), not as records
        name = r.get("indikator") or r.get("nama") or ""
        has_budget = has_budget or r["penyerapan"] is not None
        line = [
            str(r["row"]),
            _id(name)[:48],
            cut(_id(r.get("target"))),
            cut(_id(r.get("realisasi"))),
            _pct(r["capaian"]),
            _id(r["predikat"]),
            _id(r["atribut"]),
            _pct(r["penyerapan"]),
            _num(r["tingkat_efisiensi"]),
            _id(r["kategori_efisiensi"]),
            cut(_id(r["error"]), MAX_LAST_CELL),
        ]
        body.append(line)
        notes.append([cut(n, MAX_LAST_CELL) for n in r.get("penjelasan", [])])
    head = pesan("cli.evaluate.headings").split("|")  # the eleven columns' headings
    if not has_budget:
        head = head[:7] + head[10:]
        body = [line[:7] + line[10:] for line in body]
    right = {0, 2, 3, 4, 7, 8} if has_budget else {0, 2, 3, 4}
    out.write(text_table(head, body, right, notes) + "\n")
    out.write("\n")
    for a in ringkasan.sasaran():
        if a.nama is not None:
            text = _agregat_text(a, ringkasan.masalah(a.nama))
            said = pesan("cli.evaluate.sasaran", nama=cut(a.nama, MAX_CELL_WIDTH), text=text)
            out.write(visible(said) + "\n")
    whole = _agregat_text(ringkasan.keseluruhan(), ringkasan.masalah(keseluruhan=True))
    out.write(visible(pesan("cli.evaluate.keseluruhan", text=whole)) + "\n")


def _agregat_text(a: Agregat, masalah: str | None = None) -> str:
    if a.capaian is None:
        if masalah is not None:
            return pesan("cli.agregat.not_computable_because", masalah=masalah)
        return pesan("cli.agregat.not_computable", count=a.tidak_dihitung)
    assert a.atribut is not None
    text = pesan(
        "cli.agregat.text",
        capaian=number_text(a.capaian, persen=True),
        predikat=a.predikat,
        atribut=a.atribut,
        kategori=a.atribut.kategori,
        agregasi=a.agregasi,
        indikator=a.indikator,
    )
    if a.tidak_dihitung:
        text += pesan("cli.agregat.some_not_computable", count=a.tidak_dihitung)
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
        assert path is not None
        rows = ([f[c] for c in _FINDING_FIELDS] for f in findings)
        _write_xlsx(path, _FINDING_FIELDS, rows, "Temuan", frozenset())
    else:
        with _text_output(path) as out:
            _write_findings(fmt, result, findings, out)
    return EXIT_FINDINGS if findings else EXIT_OK


_FINDING_FIELDS = ["row", "field", "reported", "expected", "message"]


def audit_document(result: HasilAudit) -> dict[str, Any]:
    """The ``lkjip/audit/v1`` document of a table's audit, as ``audit --format json``
    prints it (``lkjip serve``'s ``/v1/audit`` of a table)."""
    findings = [_finding(t) for t in result.findings]
    return {"schema": "lkjip/audit/v1", "rows": result.rows, "findings": findings}


def _e81(args: argparse.Namespace, opsi: Opsi) -> int:
    """``evaluate|audit --form e81 FILE``: lkjip.table.renja computes, this writes."""
    from lkjip.table import renja

    if args.command == "audit" and args.more:
        raise UsageError(pesan("cli.e81_one_table"))
    with _text_output(args.output) as out:
        return renja.run(args.command, args.file, opsi, args.format, out.write)


def _conformance(path: str) -> int:
    """``conformance --export FILE``: the packaged conformance file, as it ships."""
    from lkjip.rules.data import FOLDER

    _check_output(path, "-")
    with _text_output(path) as out:
        out.write((FOLDER / "_conformance.json").read_text(encoding="utf-8"))
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    """``lkjip extract REPORT -o DIR``: each table read, as ``DIR/tabel-NN.csv``."""
    from lkjip import laporan

    folder = args.output
    if not os.path.isdir(folder):
        raise UsageError(pesan("cli.extract_not_folder", folder=folder))
    vocab = laporan.headings_file(args.headings) if args.headings else None
    result = laporan.audit_report(args.file, headings=vocab, max_pages=args.max_pages)
    tables = laporan.extract(result)
    for t in tables:
        path = os.path.join(folder, f"{t.name}.csv")
        with _text_output(path) as out:
            write_csv(out, list(t.columns), (list(row) for row in t.rows))
    names = ", ".join(t.name for t in tables[:5]) + (" …" if len(tables) > 5 else "")
    if tables:
        _say(pesan("cli.extract_done", count=len(tables), folder=folder, names=names))
    else:
        _say(pesan("cli.extract_none"))
    return EXIT_OK


def _one_report(
    task: tuple[str, Opsi, str | None, int | None, str | None, Bahasa],
) -> tuple[dict[str, Any], str]:
    """A worker's audit of one report: its JSON document and its text for people (or
    the one-line error that stopped it), in the language of the command."""
    *rest, lang = task
    with bahasa(lang):
        return _report_of(*rest)  # type: ignore[arg-type]


def _report_of(
    path: str, opsi: Opsi, headings: str | None, max_pages: int | None, ikm_bobot: str | None
) -> tuple[dict[str, Any], str]:
    from lkjip import laporan

    try:
        vocab = laporan.headings_file(headings) if headings else None
        result = laporan.audit_report(
            path, opsi, headings=vocab, max_pages=max_pages, ikm_bobot=ikm_bobot
        )
    except (LKjIPError, OSError, MemoryError, RecursionError) as exc:
        if isinstance(exc, LKjIPError):
            message = str(exc)
        else:
            message = pesan("cli.cannot_read", source=path, reason=exc)
        return {"schema": laporan.SCHEMA, "source": os.path.basename(path), "error": message}, ""
    return laporan.as_json(result, path), str(result)


def _audit_reports(args: argparse.Namespace, opsi: Opsi, jobs: int) -> int:
    """Several reports, each audited on its own (in worker processes with ``--jobs``),
    the results written in the order given: JSON Lines of ``lkjip/audit/v2`` documents
    with ``--format json``/``jsonl``, one section a report for people."""
    paths = [args.file, *args.more]
    for path in paths:
        if not _is_report(path):
            raise UsageError(pesan("cli.reports_only", path=path))
    if args.format in ("csv", "xlsx"):
        raise UsageError(pesan("cli.reports_format", format=args.format))
    lang = bahasa_aktif()
    tasks = [(p, opsi, args.headings, args.max_pages, _ikm_bobot(args), lang) for p in paths]
    status = EXIT_OK
    with _text_output(args.output) as out:
        if jobs > 1 and len(paths) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
                results = pool.map(_one_report, tasks)
                status = _write_reports(args.format, results, out)
        else:
            status = _write_reports(args.format, map(_one_report, tasks), out)
    return status


def _write_reports(fmt: str, results: Iterable[tuple[dict[str, Any], str]], out: Sink) -> int:
    status = EXIT_OK
    for doc, text in results:
        if "error" in doc:
            _say(f"{doc['source']}: {doc['error']}")
            status = EXIT_USAGE
        elif doc["findings"] and status == EXIT_OK:
            status = EXIT_FINDINGS
        if fmt in ("json", "jsonl"):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        elif text:
            out.write(f"== {visible(doc['source'])}\n{text}\n\n")
    return status


def _is_report(path: str) -> bool:
    from lkjip.laporan import is_report

    return path != "-" and is_report(path)


def _is_sheet(path: str) -> bool:
    from lkjip.laporan import SHEET_SUFFIXES

    return path.lower().endswith(SHEET_SUFFIXES)


def _audit_sheet(args: argparse.Namespace, opsi: Opsi) -> int | None:
    """A spreadsheet with the report's own headings, read as printed; ``None`` when no
    table can be read so (the caller then says what the table lacks)."""
    from lkjip import laporan

    vocab = laporan.headings_file(args.headings) if args.headings else None
    result = laporan.audit_report(
        laporan.sheet_lines(args.file, sheet=args.sheet),
        opsi,
        headings=vocab,
        ikm_bobot=_ikm_bobot(args),
    )
    return _write_report(args, result) if result.tables_read else None


def _audit_report(args: argparse.Namespace, opsi: Opsi) -> int:
    """A whole report (text, .docx, .pdf): its tables found and read as printed."""
    from lkjip import laporan

    vocab = laporan.headings_file(args.headings) if args.headings else None
    result = laporan.audit_report(
        args.file,
        opsi,
        headings=vocab,
        max_pages=args.max_pages,
        progress=_page_progress(),
        ikm_bobot=_ikm_bobot(args),
    )
    if _page_progress() is not None and args.file.lower().endswith(".pdf"):
        print(file=sys.stderr)  # end the progress line
    return _write_report(args, result)


def _ikm_bobot(args: argparse.Namespace) -> str | None:
    bobot = getattr(args, "ikm_bobot", "exact")
    return None if bobot == "exact" else str(bobot)


def _page_progress() -> Callable[[int], None] | None:
    """Pages of a .pdf counted on stderr as they are read, when stderr is a terminal."""
    stream = sys.stderr
    try:
        if stream is None or not stream.isatty():
            return None
    except (OSError, ValueError):  # a closed stderr
        return None

    reading = pesan("cli.reading_page", page="{page}")  # a template: looked up once

    def said(page: int) -> None:
        with contextlib.suppress(OSError, ValueError):
            stream.write("\rlkjip: " + reading.format(page=page))
            stream.flush()

    return said


def _write_report(args: argparse.Namespace, result: Any) -> int:
    from lkjip import laporan

    doc = laporan.as_json(result, args.file)
    fmt = args.format
    if fmt == "xlsx":
        assert args.output is not None
        from lkjip.xlsx import write_annotated_xlsx

        # the tables as read, the wrong cells filled with a comment each; the findings last
        with _output_file(args.output) as book:
            try:
                write_annotated_xlsx(book.name, result, args.file)
            except OSError as exc:
                raise _WriteError(args.output, exc) from None
    else:
        with _text_output(args.output) as out:
            if fmt == "json":
                out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            elif fmt == "jsonl":
                for f in doc["findings"]:
                    out.write(json.dumps(f, ensure_ascii=False) + "\n")
            elif fmt == "csv":
                columns = laporan.FINDING_COLUMNS
                write_csv(
                    out, list(columns), ([f.get(c) for c in columns] for f in doc["findings"])
                )
            else:
                out.write(str(result) + "\n")
    return EXIT_FINDINGS if result.findings else EXIT_OK


def _write_findings(
    fmt: str, result: HasilAudit, findings: list[dict[str, Any]], out: Sink
) -> None:
    if fmt == "json":
        out.write(json.dumps(audit_document(result), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for f in findings:
            out.write(json.dumps(f, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(out, _FINDING_FIELDS, ([f[c] for c in _FINDING_FIELDS] for f in findings))
    else:
        out.write(audit_text(result) + "\n")


# --- xlsx and chart ------------------------------------------------------------------

_NUMERIC = DECIMAL_FIGURES


def _chart(table: Tabel, opsi: Opsi, kind: str, path: str, judul: str | None) -> int:
    from lkjip.chart import plot_anggaran, plot_capaian

    plan = RowPlan.of(table)  # the table's columns and decimal mark
    evaluations = [evaluate_dibaca(plan.read(b), opsi) for b in table]
    with _output_file(path, keep_suffix=True) as out:  # the image type is read from the name
        try:
            if kind == "anggaran":
                judul = judul or pesan("cli.chart.anggaran")
                plot_anggaran(evaluations, out.name, judul=judul)
            else:
                plot_capaian(evaluations, out.name, judul=judul or pesan("cli.chart.capaian"))
        except OSError as exc:
            raise _WriteError(path, exc) from None
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """``lkjip serve``: uvicorn runs ``lkjip.serve``'s app, named (not imported: the
    service reuses this module's documents, and the import graph has no cycle)."""
    if not 0 <= args.port <= 65535:
        raise UsageError(pesan("cli.between", option="--port", low=0, high=65535, value=args.port))
    if not 1 <= args.workers <= 64:
        raise UsageError(
            pesan("cli.between", option="--workers", low=1, high=64, value=args.workers)
        )
    if args.max_upload is not None and args.max_upload < 1:
        raise UsageError(pesan("cli.max_upload", value=args.max_upload))
    for module, package in _SERVER_PACKAGES:
        if not installed(module):
            raise UsageError(pesan("cli.serve_needs", package=package))
    token = args.token or os.environ.get("LKJIP_TOKEN") or None
    if token is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        _say(pesan("cli.serve_no_token", host=args.host))
    os.environ.update(LKJIP_TOKEN=token or "", LKJIP_MAX_UPLOAD=str(args.max_upload or ""))
    import uvicorn

    app = "lkjip.serve:app_from_environment"  # each worker builds it (LKJIP_TOKEN, ...)
    uvicorn.run(
        app,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        http="lkjip.serve:NoDelayH11Protocol",  # answers not held back by delayed ACKs
    )
    return EXIT_OK


_SERVER_PACKAGES = (
    ("fastapi", "fastapi"),
    ("uvicorn", "uvicorn"),
    ("python_multipart", "python-multipart"),
    ("jinja2", "jinja2"),
)


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
