"""Fuzz lkjip with a million hostile inputs: ``python benchmarks/fuzz.py [--profile P]``.

Every input belongs to a class of hostile input (issue "Unbreakable, for real"); each
class has its own generator and its own check of the contract:

* bad input gets a typed error (``LKjIPError``) or a reported row, never another
  exception, never a traceback from the command line;
* no row is lost: every input row gives one output row, in order;
* bounded: every input runs under a time limit and a memory limit that this script
  enforces (a per-input alarm, a hard kill by the parent when a call does not return,
  and ``RLIMIT_AS`` on the process that runs the class);
* safe for spreadsheets: no text cell of a csv or xlsx output starts a formula.

Each class runs in a child process of its own (fork): a call that overruns its time
limit is interrupted (or the child is killed and the class resumes at the next input),
and one that overruns the memory limit fails with ``MemoryError`` instead of taking
the machine. Inputs are drawn from ``random.Random(f"{seed}:{class}:{index}")``, so a
failure can be replayed alone: ``--only CLASS --first INDEX --inputs 1``.

Prints the table of classes × inputs × failures × slowest input; exits 1 on any failure.
Profiles: ``full`` (1,000,000 inputs, a few minutes), ``short`` (about 20,000, for CI),
``tiny`` (a smoke run).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import resource
import signal
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import lkjip
from lkjip.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
ALPHABET = "0123456789.,-–—% Rp\u00a0\u202feE+x()/s.d" + "٠١٢" + "\x00\n\t"
MEMORY_LIMIT = 1536 * 2**20  # bytes a class's process may grow beyond its start
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Overrun(Exception):
    """An input took longer than its class's time limit."""


# --- inputs -------------------------------------------------------------------------


def report_numbers() -> list[str]:
    """Every operand printed in the example reports (tests/data/cases)."""
    texts: set[str] = set()
    for path in (ROOT / "tests" / "data" / "cases").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            values = json.loads(line)["inputs"].values()
            texts.update(v for v in values if isinstance(v, str))
    return sorted(texts) or ["Rp. 9.054.048.938,-", "105,42%", "1,396,524,280.00"]


NUMBERS = report_numbers()


def mutate(rnd: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rnd.randint(1, 4)):
        pos = rnd.randint(0, len(chars))
        op = rnd.random()
        if op < 0.4 or not chars:
            chars.insert(pos, rnd.choice(ALPHABET))
        elif op < 0.7:
            del chars[min(pos, len(chars) - 1)]
        else:
            chars[min(pos, len(chars) - 1)] = rnd.choice(ALPHABET)
    return "".join(chars)


def random_text(rnd: random.Random) -> str:
    size = rnd.choice([0, 1, 2, 5, 10, 30, 120, 2000])
    if rnd.random() < 0.1:
        return "".join(chr(rnd.randint(0, 0x2FFF)) for _ in range(size))
    return "".join(rnd.choice(ALPHABET) for _ in range(size))


def hostile_number(rnd: random.Random) -> str:
    """A number whose exponent or length no report comes near."""
    mantissa = rnd.choice(["1", "9", "-1", "0", "1.5", "12345678901234567890", "0.0"])
    exponent = rnd.choice([40, 400, 99999, 999999999, 10**17, -40, -99999, -999999999])
    shape = rnd.random()
    if shape < 0.5:
        return f"{mantissa}{rnd.choice('eE')}{exponent:+d}"
    if shape < 0.75:
        return rnd.choice("-") * rnd.randint(0, 1) + "9" * rnd.choice([40, 400, 5000, 100_000])
    return "0." + "0" * rnd.choice([40, 400, 5000]) + "1"


def hostile_value(rnd: random.Random) -> object:
    text = hostile_number(rnd)
    pick = rnd.random()
    if pick < 0.4:
        return text
    if pick < 0.7:
        return Decimal(text)
    if pick < 0.85:  # a whole number of many digits, made without reading text
        return -(10 ** rnd.choice([40, 400, 5000, 100_000])) + 1
    return rnd.choice([1e308, -1e308, 5e-324, float("1e300") * 10])


def random_value(rnd: random.Random) -> object:
    pick = rnd.random()
    if pick < 0.3:
        return rnd.choice(NUMBERS)
    if pick < 0.45:
        return mutate(rnd, rnd.choice(NUMBERS))
    if pick < 0.55:
        return rnd.choice([0, -1, 1, 10**30, -(10**30), True, None, [], 1j, b"1", "123"])
    if pick < 0.7:
        return rnd.choice(
            [0.0, -0.0, 1e-300, 1e300, float("nan"), float("inf"), rnd.uniform(-1e6, 1e6)]
        )
    if pick < 0.85:
        return Decimal(rnd.randint(-(10**12), 10**12)).scaleb(rnd.randint(-12, 12))
    if pick < 0.95:
        return hostile_value(rnd)
    return rnd.choice([Decimal("NaN"), Decimal("-Infinity"), Decimal("sNaN"), Decimal("-0")])


def long_cell(rnd: random.Random) -> str:
    """A long cell built to make a backtracking pattern work hard."""
    unit = rnd.choice(
        ["1-", "7 s.d ", "1.", "1,", ",", ".", "0", "Rp", " ", "-", "1 -", "( B )", "%", "9"]
    )
    tail = rnd.choice(["", "x", "-", "!", "1", ",-", "a" * 3])
    return unit * rnd.choice([1_000, 3_000, 8_000]) + tail


# --- the classes --------------------------------------------------------------------

Check = Callable[[random.Random, Path], "str | None"]


def _expect(call: Callable[[], object], allowed: tuple[type[BaseException], ...]) -> str | None:
    try:
        call()
    except allowed:
        return None
    except (Overrun, MemoryError):
        raise
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:160]}"
    return None


def check_parse(rnd: random.Random, tmp: Path) -> str | None:
    text = mutate(rnd, rnd.choice(NUMBERS)) if rnd.random() < 0.5 else random_text(rnd)
    mark = rnd.choice([None, None, None, ".", ","])
    try:
        got = lkjip.parse_number(text, decimal_mark=mark)
    except lkjip.InvalidNumberError as exc:
        return None if len(str(exc)) <= 400 else f"message of {len(str(exc))} characters"
    except Exception as exc:
        return f"parse_number({text[:60]!r}) raised {type(exc).__name__}: {exc!s:.120}"
    if got is not None and (type(got) is not Decimal or not got.is_finite()):
        return f"parse_number({text[:60]!r}) returned {got!r:.80}"
    return None


RULES: list[tuple[Callable[..., object], int]] = [
    (lkjip.capaian, 2),
    (lkjip.kemajuan, 2),
    (lkjip.penyerapan, 2),
    (lkjip.sisa_anggaran, 2),
    (lkjip.efisiensi_anggaran, 2),
    (lkjip.tingkat_efisiensi, 2),
    (lkjip.selisih, 2),
    (lkjip.predikat, 1),
    (lkjip.atribut, 1),
    (lkjip.predikat_akip, 1),
    (lkjip.mutu_ikm, 1),
    (lkjip.kategori_efisiensi, 1),
    (lkjip.format_number, 1),
    (lkjip.format_persen, 1),
    (lkjip.format_rupiah, 1),
    (lkjip.rata_rata, 1),
    (lkjip.jumlah, 1),
    (lkjip.total_anggaran, 1),
]


def _argument(rnd: random.Random, rule: Callable[..., object], hostile: bool) -> object:
    value = hostile_value(rnd) if hostile else random_value(rnd)
    if rule in (lkjip.rata_rata, lkjip.jumlah) and rnd.random() < 0.7:
        return [hostile_value(rnd) if hostile else random_value(rnd) for _ in range(3)]
    if rule is lkjip.total_anggaran and rnd.random() < 0.7:
        return [(value, random_value(rnd)), rnd.choice([(1,), (1, 2, 3), "ab", None])]
    return value


def _rule_check(rnd: random.Random, hostile: bool) -> str | None:
    rule, arity = rnd.choice(RULES)
    args = [_argument(rnd, rule, hostile) for _ in range(arity)]
    problem = _expect(lambda: rule(*args), (lkjip.LKjIPError, TypeError))
    name = getattr(rule, "__name__", "rule")
    return (
        None if problem is None else f"{name}({', '.join(repr(a)[:40] for a in args)}): {problem}"
    )


def check_rules(rnd: random.Random, tmp: Path) -> str | None:
    return _rule_check(rnd, hostile=False)


def check_hostile_rules(rnd: random.Random, tmp: Path) -> str | None:
    return _rule_check(rnd, hostile=True)


def check_long_cells(rnd: random.Random, tmp: Path) -> str | None:
    cell = long_cell(rnd)
    calls: list[tuple[str, Callable[[], object]]] = [
        ("parse_number", lambda: lkjip.parse_number(cell)),
        ("capaian target", lambda: lkjip.capaian(cell, "5", direction="lower")),
        ("capaian realisasi", lambda: lkjip.capaian("7-8", cell, direction="lower")),
        ("predikat", lambda: lkjip.predikat(cell)),
    ]
    for name, call in calls:
        problem = _expect(call, (lkjip.LKjIPError, TypeError))
        if problem:
            return f"{name} on {len(cell)} characters {cell[:20]!r}…: {problem}"
    return None


def _run_cli(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def _cli_problem(code: int, err: str) -> str | None:
    message = err.strip()
    if code not in (0, 1, 2):
        return f"exit {code}"
    if "Traceback" in err:
        return f"traceback: {err[-200:]!r}"
    if code == 2 and ("\n" in message or not message):
        return f"exit 2 with message {message[:200]!r}"
    if len(message) > 2000:
        return f"a message of {len(message)} characters"
    return None


def _jsonl_rows(rnd: random.Random, value: Callable[[], object], n: int) -> list[dict[str, Any]]:
    fields = ["target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "keterangan"]
    return [{f: value() for f in rnd.sample(fields, rnd.randint(1, len(fields)))} for _ in range(n)]


def _json_safe(value: object) -> object:
    """A value JSON can hold: ints as numbers while JSON can write them, else text."""
    if isinstance(value, int) and value.bit_length() < 4000 * 3:
        return value
    if isinstance(value, int):  # str() of an int past 4,300 digits is refused
        return format(Decimal(value), "f")
    return value if isinstance(value, str) else str(value)


def check_hostile_cli(rnd: random.Random, tmp: Path) -> str | None:
    """Huge exponents and long digit runs in every column of a JSON Lines table."""
    rows = _jsonl_rows(rnd, lambda: _json_safe(hostile_value(rnd)), rnd.randint(1, 4))
    source = "".join(json.dumps(r) + "\n" for r in rows).encode()
    path = tmp / "hostile.jsonl"
    path.write_bytes(source)
    command = rnd.choice(["audit", "evaluate"])
    fmt = rnd.choice(["json", "jsonl", "csv", "table"])
    extra = rnd.choice([[], ["--cap", hostile_number(rnd)], ["--explain"]])
    code, out, err = _run_cli([command, str(path), "--format", fmt, *extra])
    problem = _cli_problem(code, err)
    if problem:
        return f"{command} --format {fmt} {extra}: {problem}"
    if len(out) > 200 * len(source) + 20_000:
        return f"{command} --format {fmt}: {len(out):,} characters out of {len(source):,} in"
    if command == "evaluate" and code != 2 and fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        if [r.get("row") for r in records] != list(range(1, len(rows) + 1)):
            return f"evaluate jsonl: rows {[r.get('row') for r in records]} for {len(rows)} in"
    if fmt == "json" and code != 2:
        try:
            json.loads(out)
        except ValueError:
            return f"{command} --format json: not JSON ({out[-80:]!r})"
    return None


def _workbook_bytes(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_member(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == member else body)
    return out.getvalue()


_ZERO_BOMBS: dict[int, bytes] = {}


def _zero_bomb(base: bytes, size: int) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        with dst.open("xl/media/blank.bin", "w", force_zip64=True) as member:
            zeros = b"\0" * 2**24
            for _ in range(size // len(zeros)):
                member.write(zeros)
    return out.getvalue()


def _prepare_bombs() -> None:
    """Build the zero bombs before the clock runs: compressing a GiB is the fuzzer's
    cost, not lkjip's."""
    base = _workbook_bytes([["target", "realisasi"], [1, 2]])
    for size in (2**28, 2**30):
        _ZERO_BOMBS[size] = _zero_bomb(base, size)


def _bomb(rnd: random.Random) -> bytes:
    """A small .xlsx that claims or unpacks to far more than it holds."""
    base = _workbook_bytes([["target", "realisasi"], [1, 2]])
    sheet = "xl/worksheets/sheet1.xml"
    kind = rnd.choice(["zeros", "rows", "last-row", "no-sheet", "dimension", "cells"])
    if kind == "zeros":  # a member that inflates to gigabytes of nothing (made once)
        size = rnd.choice([2**28, 2**30])
        if size not in _ZERO_BOMBS:
            _ZERO_BOMBS[size] = _zero_bomb(base, size)
        return _ZERO_BOMBS[size]
    if kind == "no-sheet":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                if "worksheets" not in info.filename:
                    dst.writestr(info, src.read(info))
        return out.getvalue()

    def change(xml: bytes) -> bytes:
        if kind == "dimension":
            return xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:A1"/>')
        if kind == "last-row":
            row = b'<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row>'
            return xml.replace(b"</sheetData>", row + b"</sheetData>")
        if kind == "cells":
            cells = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(16_384))
            return xml.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>")
        many = b"".join(b'<row><c t="n"><v>1</v></c></row>' for _ in range(200_000))
        return xml.replace(b"</sheetData>", many + b"</sheetData>")

    return _rewrite_member(base, sheet, change)


def check_xlsx_bombs(rnd: random.Random, tmp: Path) -> str | None:
    path = tmp / "bomb.xlsx"
    path.write_bytes(_bomb(rnd))
    code, _out, err = _run_cli([rnd.choice(["audit", "evaluate"]), str(path), "--format", "json"])
    return _cli_problem(code, err)


def check_output_to_input(rnd: random.Random, tmp: Path) -> str | None:
    """``-o`` naming the input (by name, through a link, or a hard link) is refused."""
    source = (ROOT / "examples" / "004_capaian_kinerja.csv").read_bytes()
    folder = Path(tempfile.mkdtemp(dir=tmp))
    given = folder / "in.csv"
    given.write_bytes(source)
    how = rnd.choice(["same", "symlink", "hardlink", "dotted"])
    if how == "same":
        target = given
    elif how == "dotted":
        target = folder / "." / "in.csv"
    else:
        target = folder / "link.csv"
        (os.symlink if how == "symlink" else os.link)(given, target)
    command = rnd.choice(["audit", "evaluate"])
    fmt = rnd.choice(["csv", "json", "jsonl", "table"])
    code, _out, err = _run_cli([command, str(given), "--format", fmt, "-o", str(target)])
    if code != 2 or given.read_bytes() != source:
        kept = "kept" if given.read_bytes() == source else "changed"
        return f"{command} -o {how} input: exit {code}, input {kept}"
    return _cli_problem(code, err)


def formula_text(rnd: random.Random) -> str:
    start = rnd.choice(FORMULA_START)
    body = rnd.choice(
        ['HYPERLINK("http://x","klik")', "cmd|' /C calc'!A0", "1+1", "SUM(A1:A9)", "x"]
    )
    return start + body


def check_formula_cells(rnd: random.Random, tmp: Path) -> str | None:
    """Text that starts a formula never reaches a csv or xlsx output as one."""
    texts = [formula_text(rnd) for _ in range(3)]
    rows = [
        {"indikator": texts[0], "target": "10", "realisasi": "9", "predikat": texts[1]},
        {"indikator": "-5", "target": "-5", "realisasi": "4", "keterangan": texts[2]},
    ]
    path = tmp / "formula.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fmt = rnd.choice(["csv", "xlsx"])
    out = tmp / f"out.{fmt}"
    command = rnd.choice(["evaluate", "audit"]) if fmt == "csv" else "evaluate"
    code, _stdout, err = _run_cli([command, str(path), "--format", fmt, "-o", str(out)])
    problem = _cli_problem(code, err)
    if problem or code == 2:
        return problem or f"{command} --format {fmt}: exit 2 ({err.strip()[:120]})"
    if fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as fh:
            for record in csv.reader(fh):
                for cell in record:
                    if cell.startswith(FORMULA_START) and not _number(cell):
                        return f"{command} --format csv wrote a live formula {cell[:40]!r}"
        return None
    with zipfile.ZipFile(out) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/") and b"<f>" in book.read(name):
                return f"evaluate --format xlsx wrote a formula in {name}"
    return None


def _number(cell: str) -> bool:
    try:
        return lkjip.parse_number(cell) is not None
    except lkjip.LKjIPError:
        return False


DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
DTYPES += ["float16", "float32", "float64"]


def check_numpy_dtypes(rnd: random.Random, tmp: Path) -> str | None:
    """Each numpy dtype at its edges: the batch figure is the scalar rule's figure."""
    import numpy as np

    dtype = np.dtype(rnd.choice(DTYPES))
    if dtype.kind == "f":
        info = np.finfo(dtype)
        edges = [info.max, -info.max, info.tiny, info.eps, 0.0, -0.0, 1.0, 0.1]
        edges += [np.nan, np.inf, rnd.uniform(-1e6, 1e6)]
    else:
        iinfo = np.iinfo(dtype)
        edges = [iinfo.max, iinfo.min, 0, 1, -1 if iinfo.min < 0 else 2, iinfo.max - 1]
    values = [rnd.choice(edges) for _ in range(8)]
    target = np.array(values[:4], dtype=dtype)
    realisasi = np.array(values[4:], dtype=dtype)
    try:
        batch = lkjip.capaian_batch(target, realisasi)
    except (Overrun, MemoryError):
        raise
    except Exception as exc:
        return f"capaian_batch on {dtype}: {type(exc).__name__}: {exc!s:.120}"
    for i, (t, r) in enumerate(zip(target.tolist(), realisasi.tolist(), strict=True)):
        try:
            expected: Decimal | None = lkjip.capaian(_scalar(t, dtype), _scalar(r, dtype))
        except lkjip.LKjIPError:
            expected = None
        except TypeError:
            expected = None
        if batch.values[i] != expected:
            return f"{dtype} row {i} ({t!r}, {r!r}): batch {batch.values[i]} vs scalar {expected}"
    return None


def _scalar(value: object, dtype: Any) -> object:
    """The reading of one array element that lkjip documents: a narrow float by the
    shortest text that is that float, every other value as Python holds it."""
    import numpy as np

    if dtype.kind == "f" and dtype.itemsize < 8:
        text = np.format_float_positional(dtype.type(value), unique=True, trim="-")
        return text if np.isfinite(dtype.type(value)) else float(value)  # type: ignore[arg-type]
    return value


def _cli_samples() -> dict[str, bytes]:
    samples = {
        ".csv": (ROOT / "examples" / "000_realisasi_belanja.csv").read_bytes(),
        ".jsonl": b'{"target": "2", "realisasi": "11", "capaian": "550%"}\n{"target": 0}\n',
    }
    with contextlib.suppress(ImportError):
        samples[".xlsx"] = _workbook_bytes([["target", "realisasi", "capaian"], [2, 11, "550%"]])
    return samples


SAMPLES: dict[str, bytes] = {}


def check_cli_files(rnd: random.Random, tmp: Path) -> str | None:
    """Random, truncated and byte-flipped tables through every command and format."""
    if not SAMPLES:
        SAMPLES.update(_cli_samples())
    suffix = rnd.choice(sorted(SAMPLES))
    source = SAMPLES[suffix]
    how = rnd.randrange(3)
    if how == 0:
        content = bytes(rnd.randint(0, 255) for _ in range(rnd.randint(0, 200)))
    elif how == 1:
        content = source[: rnd.randint(0, len(source))]
    else:
        data = bytearray(source)
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randint(0, 255)
        content = bytes(data)
    path = tmp / f"in{suffix}"
    path.write_bytes(content)
    command = rnd.choice(["audit", "evaluate"])
    fmt = rnd.choice(["json", "jsonl", "csv", "table"])
    code, _out, err = _run_cli([command, str(path), "--format", fmt])
    problem = _cli_problem(code, err)
    return None if problem is None else f"{command} {suffix} --format {fmt}: {problem}"


# name -> (check, share of the inputs, seconds an input may take)
CLASSES: dict[str, tuple[Check, float, float]] = {
    "parse_number": (check_parse, 0.50, 0.5),
    "rules": (check_rules, 0.25, 0.5),
    "hostile exponents (rules)": (check_hostile_rules, 0.15, 0.5),
    "long adversarial cells": (check_long_cells, 0.03, 1.0),
    "numpy dtypes at their edges": (check_numpy_dtypes, 0.05, 1.0),
    "hostile exponents (CLI)": (check_hostile_cli, 0.008, 3.0),
    "formula cells (csv, xlsx)": (check_formula_cells, 0.004, 3.0),
    "CLI on damaged files": (check_cli_files, 0.006, 3.0),
    "output onto the input": (check_output_to_input, 0.001, 3.0),
    "xlsx and zip bombs": (check_xlsx_bombs, 0.001, 10.0),
}
PREPARE: dict[str, Callable[[], None]] = {"xlsx and zip bombs": _prepare_bombs}
PROFILES = {"full": 1_000_000, "short": 20_000, "tiny": 2_000}


# --- running, bounded ---------------------------------------------------------------


def _alarm(signum: int, frame: object) -> None:
    raise Overrun


def _run_class(
    name: str, seed: int, first: int, last: int, progress: Any, conn: Any
) -> None:  # in the child
    check, _share, seconds = CLASSES[name]
    if name in PREPARE:
        PREPARE[name]()
    with contextlib.suppress(ValueError, OSError):
        base = _vm_size() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        resource.setrlimit(resource.RLIMIT_AS, (base + MEMORY_LIMIT, base + MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    failures: list[tuple[int, str]] = []
    slowest = (0.0, first)
    with tempfile.TemporaryDirectory(prefix="lkjip-fuzz-") as tmp:
        for index in range(first, last):
            progress.value = index
            rnd = random.Random(f"{seed}:{name}:{index}")
            began = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                problem = check(rnd, Path(tmp))
            except Overrun:
                problem = f"took more than {seconds} s"
            except MemoryError:
                problem = f"more than {MEMORY_LIMIT // 2**20} MiB"
            except Exception as exc:  # the check itself broke: a failure all the same
                problem = f"{type(exc).__name__}: {exc!s:.160}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - began
            if took > slowest[0]:
                slowest = (took, index)
            if problem:
                failures.append((index, problem))
    conn.send((failures, slowest))
    conn.close()


def _vm_size() -> int:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_class(
    name: str, seed: int, first: int, count: int
) -> tuple[list[tuple[int, str]], tuple[float, int]]:
    """Run inputs first … first+count of a class in child processes; a child that stops
    answering (a call stuck where the alarm cannot reach) is killed, its input failed,
    and the class resumes at the next input."""
    _check, _share, seconds = CLASSES[name]
    ctx = multiprocessing.get_context("fork")
    failures: list[tuple[int, str]] = []
    slowest = (0.0, first)
    start, last = first, first + count
    while start < last:
        progress = ctx.Value("q", start)
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_run_class, args=(name, seed, start, last, progress, send))
        child.start()
        send.close()
        watched, since = progress.value, time.monotonic()
        while not receive.poll(0.2):
            if not child.is_alive():
                break
            if progress.value != watched:
                watched, since = progress.value, time.monotonic()
            elif time.monotonic() - since > 2 * seconds + 5:
                child.kill()
                break
        if receive.poll(0):
            got, took = receive.recv()
            failures.extend(got)
            slowest = max(slowest, took)
            child.join()
            break
        child.join()
        stuck = progress.value
        failures.append((stuck, f"no answer within {2 * seconds + 5:.0f} s (killed)"))
        slowest = max(slowest, (2 * seconds + 5, stuck))
        start = stuck + 1
    return failures, slowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--inputs", type=int, help="total inputs (overrides the profile)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--only", choices=sorted(CLASSES), help="run one class")
    parser.add_argument("--first", type=int, default=0, help="index of the first input")
    args = parser.parse_args()
    total = args.inputs if args.inputs is not None else PROFILES[args.profile]
    names = [args.only] if args.only else list(CLASSES)
    began = time.perf_counter()
    rows = []
    all_failures = 0
    for name in names:
        _check, share, _seconds = CLASSES[name]
        count = total if args.only else max(5, round(total * share))
        if name == "numpy dtypes at their edges" and not _has("numpy"):
            rows.append((name, 0, 0, (0.0, 0), ["numpy not installed: skipped"]))
            continue
        failures, slowest = run_class(name, args.seed, args.first, count)
        all_failures += len(failures)
        rows.append((name, count, len(failures), slowest, [f"#{i}: {p}" for i, p in failures[:5]]))
    print(f"{'class':<30} {'inputs':>10} {'failures':>9} {'slowest input':>22}")
    for name, count, failed, (took, index), notes in rows:
        print(f"{name:<30} {count:>10,} {failed:>9,} {took * 1000:>10.1f} ms (#{index})")
        for note in notes:
            print(f"    {note}")
    inputs = sum(row[1] for row in rows)
    seconds = time.perf_counter() - began
    print(f"inputs tried: {inputs:,} in {len(rows)} classes ({seconds:.0f} s)")
    print(f"failures: {all_failures}")
    return 1 if all_failures else 0


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
