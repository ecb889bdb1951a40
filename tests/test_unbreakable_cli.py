"""Issue 10, the CLI's and the audit's share: no lost row, no stopped run, plain decimals,
outputs that are safe to write and to open.

Each example of the issue is a regression test here; each class has a property test
(random JSON Lines through every command and format, random cells through the csv and
table writers).
"""

from __future__ import annotations

import contextlib
import csv
import decimal
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import lkjip
from lkjip import cli
from lkjip.cli import MAX_JOBS, main, spreadsheet_text
from lkjip.errors import LKjIPError
from lkjip.table.display import (
    _CONTROL,
    MAX_CELL_WIDTH,
    MAX_LAST_CELL,
    cell_text,
    cut,
    text_table,
    visible,
)
from lkjip.table.evaluasi import Ringkasan, evaluate_row
from lkjip.table.model import Opsi
from lkjip.table.read import TableError, rows_from_dicts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "004_capaian_kinerja.csv"
FORMATS = ("table", "json", "jsonl", "csv", "xlsx")


def run(*args: str, stdin: Any = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: ``python -m lkjip`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=60,
        **kw,
    )


def in_process(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def one_line(proc: subprocess.CompletedProcess[str], says: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert says in proc.stderr, proc.stderr


def jsonl(path: Path, *rows: object) -> Path:
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in rows))
    return path


# --- 1. rows lost, runs stopped ----------------------------------------------------------


def test_audit_reports_a_row_past_80_digits_and_goes_on(tmp_path: Path) -> None:
    """Issue: `_exact(subtract(pagu, real))` outside any guard, exit 2 and nothing on stdout."""
    table = jsonl(
        tmp_path / "t.jsonl",
        '{"pagu": 1e29, "realisasi_anggaran": 1e-99, "sisa": 5}\n',  # inside the value limits
        '{"pagu": 10, "realisasi_anggaran": 5, "sisa": 4}\n',
    )
    code, out, err = in_process("audit", str(table), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and err == "" and doc["rows"] == 2
    first, second = doc["findings"]
    assert (first["row"], first["field"], first["expected"]) == (1, "sisa", None)
    assert "80 significant digits" in first["message"]
    assert (second["row"], second["field"], second["expected"]) == (2, "sisa", "5")  # 10 − 5


def test_audit_reports_a_rata_rata_mean_past_80_digits(tmp_path: Path) -> None:
    table = jsonl(
        tmp_path / "t.jsonl",
        {"capaian": 1e29},
        '{"capaian": 1e-99}\n',
        {"level": "rata_rata", "capaian": 5},
        {"capaian": 90},
        {"capaian": 110},
        {"level": "rata_rata", "capaian": 99},  # the mean of 90 and 110 is 100
    )
    code, out, _ = in_process("audit", str(table), "--format", "jsonl")
    found = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert [(f["row"], f["field"], f["expected"]) for f in found] == [
        (3, "capaian", None),
        (6, "capaian", "100"),
    ]
    assert "cannot be computed" in found[0]["message"]


def test_evaluate_keeps_every_row_when_the_running_mean_cannot_be_kept(tmp_path: Path) -> None:
    """Issue: the running mean stopped table/json/csv mid-stream (truncated JSON)."""
    table = jsonl(tmp_path / "t.jsonl", {"capaian": 1e29}, '{"capaian": 1e-99}\n', {"capaian": 5})
    for fmt in ("json", "jsonl", "csv", "table"):
        code, out, err = in_process("evaluate", str(table), "--format", fmt)
        assert code == 0 and err == "", (fmt, err)
        if fmt == "json":
            doc = json.loads(out)
            assert [r["row"] for r in doc["results"]] == [1, 2, 3]
            assert doc["keseluruhan"]["capaian"] is None and doc["keseluruhan"]["indikator"] == 3
        elif fmt == "jsonl":
            assert [json.loads(x)["row"] for x in out.splitlines()] == [1, 2, 3]
        elif fmt == "csv":
            assert [r["row"] for r in csv.DictReader(io.StringIO(out))] == ["1", "2", "3"]
        else:
            assert "Overall: cannot be computed: the capaian of row 2" in out
    code, out, err = in_process("evaluate", str(table), "--lang", "id")
    assert code == 0 and "Keseluruhan: tidak dapat dihitung: " in out


def test_ringkasan_says_why_an_aggregate_has_no_capaian() -> None:
    ringkasan = Ringkasan()
    rows = rows_from_dicts(
        [
            {"sasaran": "S1", "capaian": Decimal("1E+29")},
            {"sasaran": "S1", "capaian": Decimal("1E-99")},
            {"sasaran": "S2", "capaian": "80"},
        ]
    )
    for baris in rows:
        ringkasan.add(evaluate_row(baris))
    s1, s2 = ringkasan.sasaran()
    assert s1.capaian is None and s1.indikator == 2
    assert "80 significant digits" in (ringkasan.masalah("S1") or "")
    assert s2.capaian == Decimal("80.00") and ringkasan.masalah("S2") is None
    assert ringkasan.keseluruhan().capaian is None and ringkasan.masalah(keseluruhan=True)


def test_the_largest_mean_lkjip_reads_is_rounded_at_the_most_places() -> None:
    """Values are below 1E+30 and places at most 20 (the value limits): a mean always
    fits the 80 digits a rule keeps, so it is rounded and given, never dropped."""
    opsi = Opsi(places=20)
    ringkasan = Ringkasan(opsi)
    rows = rows_from_dicts([{"capaian": Decimal("9.99E+29")}, {"capaian": Decimal("1E-20")}])
    for baris in rows:
        ringkasan.add(evaluate_row(baris, opsi))
    # (9.99E+29 + 1E-20) / 2 = 4.995E+29 + 5E-21, rounded half-up to 20 places, by hand
    expected = Decimal("499500000000000000000000000000.00000000000000000001")
    assert ringkasan.keseluruhan().capaian == expected
    assert ringkasan.masalah(keseluruhan=True) is None


def test_a_decimal_signal_is_a_reported_row() -> None:
    """A figure beyond decimal's range (Overflow) is the row's error, not a traceback."""
    huge, tiny = Decimal("1E+999990"), Decimal("1E-999990")
    (baris,) = rows_from_dicts([{"target": tiny, "realisasi": huge}])
    ev = evaluate_row(baris)
    assert ev.capaian is None and ev.error is not None
    rows = rows_from_dicts([{"pagu": tiny, "realisasi_anggaran": huge, "sisa": 1}])
    result = lkjip.audit(rows)
    assert result.rows == 1 and result.findings


# JSON Lines files as hostile as they come: numbers of any size and exponent, text with
# formula and control characters, escapes that give lone surrogates, odd values, junk lines.
_NUMBERS = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(
        ["1e100", "1e-100", "-1e50", "1e-40", "2E-7", "1E+5", "1e4000", "-0.0", "0", "1e-4000"]
    ),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: f"{d:E}"),
)
_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=1+1", "-5", "-5,5", "@x", "\x1b[31m", "9.054.048.938,-", "1.2.3", "-"]),
)
_VALUE = st.one_of(
    st.none(),
    st.booleans().map(json.dumps),
    _NUMBERS,
    _TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.just('"\\ud800"'),
    st.just("[1, 2]"),
    st.just('{"a": 1}'),
)
_KEYS = st.sampled_from(
    (
        "target realisasi capaian arah level pagu realisasi_anggaran sisa penyerapan predikat "
        "atribut tingkat_efisiensi sasaran indikator target_akhir kemajuan realisasi_lalu "
        "keterangan =x kolom\x1b"
    ).split(" ")
)


@st.composite
def _line(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["not json", "[1, 2]", "1e5", '{"unclosed": ', "null"]))
    cells = draw(st.dictionaries(_KEYS, _VALUE, max_size=8))
    return "{" + ", ".join(f"{json.dumps(k)}: {v or 'null'}" for k, v in cells.items()) + "}"


@st.composite
def _file(draw: st.DrawFn) -> list[str]:
    first = {"target": draw(_VALUE) or "null", "realisasi": draw(_VALUE) or "null"}
    head = "{" + ", ".join(f'"{k}": {v}' for k, v in first.items()) + "}"
    return [head, *draw(st.lists(_line(), max_size=8))]


_XLSX_UNSAFE = re.compile(r"\\u|[\x00-\x1f\x7f-\x9f]")


def _rows_in(lines: list[str]) -> int:
    return sum(1 for line in lines if line.strip())


def _check_output(fmt: str, command: str, text: str, path: Path, rows: int) -> None:
    if fmt == "json":
        doc = json.loads(text)
        if command == "evaluate":
            assert [r["row"] for r in doc["results"]] == list(range(1, rows + 1))
        assert doc["rows"] == rows
    elif fmt == "jsonl":
        records = [json.loads(line) for line in text.split("\n")[:-1]]
        if command == "evaluate":
            assert [r["row"] for r in records] == list(range(1, rows + 1))
        figures = cli._NUMERIC if command == "evaluate" else {"expected"}
        for r in records:
            for key in figures & set(r):  # computed decimals in plain notation: never 1E+5
                assert r[key] is None or _PLAIN.fullmatch(r[key]), r
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(text)))
        if command == "evaluate":
            assert [r[0] for r in table[1:]] == [str(n) for n in range(1, rows + 1)]
        for r in table:
            for cell in r:
                assert cell[:1] not in cli._FORMULA_START or _readable(cell)
    elif fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(path, read_only=True)
        got = list(book.active.iter_rows(values_only=True))
        book.close()
        if command == "evaluate":
            assert [r[0] for r in got[1:]] == list(range(1, rows + 1))
    else:
        assert "\x1b" not in text and "\x07" not in text


_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?|[A-Z][a-z].*")  # a decimal, or a label (audit)


def _readable(cell: str) -> bool:
    try:
        lkjip.parse_number(cell)
    except LKjIPError:
        return False
    return True


@pytest.mark.parametrize("command", ["audit", "evaluate"])
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_file(), fmt=st.sampled_from(FORMATS))
def test_any_json_lines_file_gives_every_row_and_well_formed_output(
    command: str, lines: list[str], fmt: str
) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
        # control characters in an xlsx cell are the xlsx writer's (lkjip.xlsx) to escape
        assume(not _XLSX_UNSAFE.search("".join(lines)))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out_path = Path(folder) / ("out.xlsx" if fmt == "xlsx" else "out")
        args = [command, str(source), "--format", fmt]
        if fmt == "xlsx":
            args += ["-o", str(out_path)]
        with decimal.localcontext(decimal.Context(prec=5, capitals=0, traps=[])):
            code, out, err = in_process(*args)
        assert code in (0, 1), err
        _check_output(fmt, command, out, out_path, _rows_in(lines))
        leftovers = {p.name for p in Path(folder).iterdir()} - {"in.jsonl", out_path.name}
        assert not leftovers


# --- 2. plain decimals; pass-through cells as given ---------------------------------------


def test_audit_json_writes_plain_decimals_under_any_context(tmp_path: Path) -> None:
    rows = [
        {
            "target": 10,
            "realisasi": 5,
            "capaian": Decimal("2E-7"),
            "pagu": 100000,
            "realisasi_anggaran": 0,
            "sisa": Decimal("1E+6"),
        }
    ]
    with decimal.localcontext(decimal.Context(capitals=0)):
        result = lkjip.audit(rows_from_dicts(rows))
    assert [(t.field, t.reported, t.expected) for t in result.findings] == [
        ("capaian", "0.0000002", "50.0000000"),  # 5 / 10 × 100 %
        ("sisa", "1000000", "100000"),  # 100000 − 0
    ]
    table = jsonl(tmp_path / "t.jsonl", '{"target": 10, "realisasi": 5, "capaian": 2E-7}\n')
    _, out, _ = in_process("audit", str(table), "--format", "json")
    assert json.loads(out)["findings"][0]["reported"] == "0.0000002"


def test_evaluate_writes_plain_decimals(tmp_path: Path) -> None:
    table = jsonl(tmp_path / "t.jsonl", '{"capaian": 1E+5, "keterangan": 1e5, "lain": 2E-7}\n')
    for fmt in ("jsonl", "csv"):
        _, out, _ = in_process("evaluate", str(table), "--format", fmt)
        assert "E+" not in out and "e+" not in out and "E-" not in out
        assert "100000" in out and "0.0000002" in out


def test_a_huge_exponent_in_a_pass_through_cell_is_written_as_given(tmp_path: Path) -> None:
    """Issue: a 53-byte line with 1e999999999 took 33 s, 2.9 GB and wrote 1 GB."""
    table = jsonl(
        tmp_path / "t.jsonl", '{"target": 1, "realisasi": 1, "keterangan": 1e999999999}\n'
    )
    started = time.monotonic()
    for fmt in ("jsonl", "json", "csv", "table"):
        _, out, _ = in_process("evaluate", str(table), "--format", fmt)
        assert len(out) < 5000
        if fmt != "table":
            assert "1E+999999999" in out
    assert time.monotonic() - started < 2
    assert cell_text(Decimal("-1e-999999999")) == "-1E-999999999"
    assert cell_text(10**5000) == "1" + "0" * 5000  # digits it holds are written out
    assert cell_text(Decimal("1E+100")) == "1" + "0" * 100


@pytest.mark.parametrize("cap", ["1e999999999", "abc", "", "1,2,3"])
def test_a_cap_that_is_no_sane_number_is_refused(cap: str) -> None:
    one_line(run("evaluate", str(EXAMPLE), "--cap", cap), "--cap")


def test_a_cap_reads_as_a_cell_does() -> None:
    code, out, _ = in_process("evaluate", str(EXAMPLE), "--format", "json", "--cap", "100,5")
    assert code == 0 and json.loads(out)["keseluruhan"]["capaian"] is not None


# --- 3. -o naming the input; outputs put in place only when complete ---------------------


@pytest.mark.parametrize("how", ["same", "dot", "symlink", "hardlink", "stdin"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_o_naming_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, how: str, fmt: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(EXAMPLE.read_bytes())
    output = {"same": source, "dot": tmp_path / "." / "in.csv"}.get(how, tmp_path / "out.csv")
    if how == "symlink":
        output.symlink_to(source)
    elif how == "hardlink":
        os.link(source, output)
    if how == "stdin":
        with source.open("rb") as fh:
            proc = run("evaluate", "-", "--format", fmt, "-o", str(source), stdin=fh)
    else:
        proc = run("evaluate", str(source), "--format", fmt, "-o", str(output))
    one_line(proc, "is the ")
    assert source.read_bytes() == EXAMPLE.read_bytes()


def _boom_at_row(n: int, exc: BaseException) -> Any:
    real = cli.evaluate_dibaca  # how the command evaluates each row its plan read

    def evaluate(dibaca: Any, opsi: Any) -> Any:
        if dibaca.nomor == n:
            raise exc
        return real(dibaca, opsi)

    return evaluate


@pytest.mark.parametrize(
    "exc", [KeyboardInterrupt(), SystemExit(3), RuntimeError("boom"), MemoryError()]
)
@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl", "table", "xlsx"])
def test_a_run_that_fails_leaves_the_old_output_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, fmt: str
) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    output = tmp_path / "out"
    output.write_text("the old output\n")
    monkeypatch.setattr(cli, "evaluate_dibaca", _boom_at_row(5, exc))
    args = ["evaluate", str(EXAMPLE), "--format", fmt, "-o", str(output), "--explain"]
    with contextlib.suppress(BaseException):
        main(args)
    assert output.read_text() == "the old output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_complete_output_replaces_the_old_one_keeping_its_mode(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    output.write_text("old")
    output.chmod(0o640)
    code, _, _ = in_process("evaluate", str(EXAMPLE), "--format", "json", "-o", str(output))
    assert code == 0 and json.loads(output.read_text())["rows"] == 8
    assert output.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.csv"
    in_process("evaluate", str(EXAMPLE), "--format", "csv", "-o", str(fresh))
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "out.json"]


def test_an_output_through_a_symlink_replaces_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    in_process("evaluate", str(EXAMPLE), "--format", "json", "-o", str(link))
    assert link.is_symlink() and json.loads(real.read_text())["rows"] == 8


def test_sigkill_mid_run_leaves_the_old_output_and_no_temporary(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    with source.open("w") as fh:
        fh.write("indikator,target,realisasi,keterangan\n")
        fh.writelines(f"i{n},{n % 97 + 1},{n % 89},x\n" for n in range(200_000))
    output = tmp_path / "out.json"
    output.write_text("old")
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip", "evaluate", str(source), "--format", "json", "-o", output],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_output(proc.pid, tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert output.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.json"]


def _wait_for_output(pid: int, folder: Path) -> None:
    """Until process ``pid`` holds its output open in ``folder`` (mid-run), at most 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith(str(folder)) and not target.endswith("big.csv"):
                    time.sleep(0.2)  # and has written some of it
                    return
        time.sleep(0.02)


# --- 4. JSON Lines -> csv/xlsx: every key in the header ------------------------------------


def test_keys_first_seen_after_row_1_are_in_the_csv_and_xlsx_header(tmp_path: Path) -> None:
    table = jsonl(
        tmp_path / "t.jsonl",
        {"target": 1, "realisasi": 1},
        {"target": 2, "realisasi": 1, "catatan": "baru", "satuan": "%"},
        {"target": 4, "realisasi": 1, "lagi": "x"},
    )
    _, out, _ = in_process("evaluate", str(table), "--format", "csv", "--explain")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:6] == ["row", "target", "realisasi", "catatan", "satuan", "lagi"]
    assert list(rows[0])[-2:] == ["error", "penjelasan"]
    assert [(r["catatan"], r["satuan"], r["lagi"]) for r in rows] == [
        ("", "", ""),
        ("baru", "%", ""),
        ("", "", "x"),
    ]
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "out.xlsx"
    in_process("evaluate", str(table), "--format", "xlsx", "-o", str(book_path))
    book = openpyxl.load_workbook(book_path, read_only=True)
    header, *data = book.active.iter_rows(values_only=True)
    book.close()
    assert header[:6] == ("row", "target", "realisasi", "catatan", "satuan", "lagi")
    assert [r[5] for r in data] == [None, None, "x"] and data[1][3] == "baru"


def test_too_many_different_keys_for_a_sheet_is_one_line(tmp_path: Path) -> None:
    lines = [{"target": 1, "realisasi": 1}] + [
        {f"k{n}": 1 for n in range(i * 1000, i * 1000 + 1000)} for i in range(17)
    ]
    table = jsonl(tmp_path / "t.jsonl", *lines)
    one_line(run("evaluate", str(table), "--format", "csv"), "16,384 columns")


# --- 5. table output: bounded widths, visible control characters -------------------------


def test_one_long_cell_does_not_pad_every_line(tmp_path: Path) -> None:
    """Issue: one 130,000-character cell turned a 199 KB input into 650 MB."""
    rows = [{"indikator": "a", "target": "A" * 130_000, "realisasi": "1"}]
    rows += [{"indikator": f"i{n}", "target": "1", "realisasi": "1"} for n in range(200)]
    table = jsonl(tmp_path / "t.jsonl", *rows)
    code, out, _ = in_process("evaluate", str(table))
    assert code == 1 and len(out) < 201 * 200
    assert "A" * (MAX_CELL_WIDTH - 1) + "…" in out
    _, out, _ = in_process("evaluate", str(table), "--format", "json")
    assert "A" * 130_000 in out  # the full text stays in json


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "\x1b]0;owned\x07\x1b[2J\u202egnp.exe\r\n"
    table = jsonl(
        tmp_path / "t.jsonl",
        {"sasaran": evil, "indikator": evil, "target": evil, "realisasi": "1", "predikat": evil},
    )
    for command in ("evaluate", "audit"):
        _, out, _ = in_process(command, str(table))
        assert not any(c in out for c in "\x1b\x07\r\u202e"), out
        assert "\\x1b" in out
    assert visible("a\x1bb\tc\x9b\u2028") == "a\\x1bb\\tc\\x9b\\u2028"
    assert cut("x" * 1000) == "x" * (MAX_CELL_WIDTH - 1) + "…"


@given(st.lists(st.lists(st.text(max_size=300), min_size=3, max_size=3), max_size=5))
def test_text_table_lines_are_bounded_and_show_no_control_character(
    rows: list[list[str]],
) -> None:
    text = text_table(["a", "b", "c"], rows, right={0})
    for line in text.split("\n"):
        assert len(line) <= 2 * (MAX_CELL_WIDTH + 2) + MAX_LAST_CELL
    assert _CONTROL.search(text.replace("\n", "")) is None


# --- 6. csv cells never a formula -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("-5", "-5"),
        ("-5,5", "-5,5"),
        ("+1.234", "+1.234"),
        ("-", "-"),
        ("-Rp 5.000,-", "-Rp 5.000,-"),
        ("Sangat Tinggi", "Sangat Tinggi"),
        ("", ""),
    ],
)
def test_spreadsheet_text(cell: str, written: str) -> None:
    assert spreadsheet_text(cell) == written


def test_csv_output_carries_no_formula(tmp_path: Path) -> None:
    table = jsonl(
        tmp_path / "t.jsonl",
        {"indikator": "=1+1", "target": "10", "realisasi": "12", "catatan": "-5"},
        {"indikator": "@x", "target": "10", "realisasi": "1", "predikat": "=cmd|' /C calc'!A0"},
    )
    _, out, _ = in_process("evaluate", str(table), "--format", "csv")
    first, second = csv.DictReader(io.StringIO(out))
    assert first["indikator"] == "'=1+1" and first["catatan"] == "-5"
    assert second["indikator"] == "'@x" and second["capaian"] == "10.00"
    _, out, _ = in_process("audit", str(table), "--format", "csv")
    (finding,) = (r for r in csv.DictReader(io.StringIO(out)) if r["field"] == "predikat")
    assert finding["reported"] == "'=cmd|' /C calc'!A0"
    assert finding["message"].startswith("predikat printed")


@given(st.text(max_size=40))
def test_a_csv_cell_starting_a_formula_is_text_or_a_number(cell: str) -> None:
    written = spreadsheet_text(cell)
    if written != cell:
        assert written == "'" + cell
    elif cell[:1] in cli._FORMULA_START:
        assert lkjip.parse_number(cell) is not None or cell.strip() in ("-", "")


# --- 7. one line, never a traceback ---------------------------------------------------------


def test_o_dev_full_is_one_line() -> None:
    one_line(run("evaluate", str(EXAMPLE), "--format", "json", "-o", "/dev/full"), "No space")


def test_stdout_on_dev_full_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "lkjip", "evaluate", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "cannot write standard output" in proc.stderr


@pytest.mark.parametrize(
    ("output", "says"), [("{tmp}/missing/out.json", "does not exist"), ("{tmp}", "is a folder")]
)
def test_o_into_a_missing_folder_or_onto_a_folder(tmp_path: Path, output: str, says: str) -> None:
    path = output.format(tmp=tmp_path)
    one_line(run("evaluate", str(EXAMPLE), "--format", "json", "-o", path), says)
    one_line(run("audit", str(EXAMPLE), "-o", path), says)


def test_closed_stdin() -> None:
    one_line(run("evaluate", "-", stdin=None, preexec_fn=lambda: os.close(0)), "standard input")


def test_proc_self_mem() -> None:
    one_line(run("evaluate", "/proc/self/mem"), "cannot read /proc/self/mem")


@pytest.mark.parametrize("name", ["x.txt", "x.pdf", "x"])
def test_chart_to_an_unsupported_file_type(tmp_path: Path, name: str) -> None:
    proc = run("chart", str(EXAMPLE), "-o", str(tmp_path / name))
    one_line(proc, ".png or .svg")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("jobs", [str(MAX_JOBS + 1), "100000", "0", "-3"])
def test_jobs_beyond_a_sane_maximum(jobs: str) -> None:
    one_line(run("evaluate", str(EXAMPLE), "--format", "jsonl", "--jobs", jobs), "--jobs")


def test_a_lone_surrogate_from_a_json_escape_is_written(tmp_path: Path) -> None:
    table = jsonl(tmp_path / "t.jsonl", '{"target": 1, "realisasi": 1, "indikator": "\\ud800"}\n')
    for fmt in ("jsonl", "table"):  # to a real stdout, whose encoding refuses it
        proc = run("evaluate", str(table), "--format", fmt)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert "\\ud800" in proc.stdout
    for fmt in ("json", "csv"):  # to a file
        out = tmp_path / f"out.{fmt}"
        assert in_process("evaluate", str(table), "--format", fmt, "-o", str(out))[0] == 0
        assert "\\ud800" in out.read_text(encoding="utf-8")


def test_a_stderr_message_is_one_visible_line(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_bytes(b'"a\nb\x1b[31m",target\n1,2\n')
    proc = run("evaluate", str(table))
    one_line(proc, "missing required column")
    assert "\x1b" not in proc.stderr


@pytest.mark.parametrize(
    ("call", "rows"),
    [
        (lkjip.audit, [1, 2]),
        (lkjip.audit, 123),
        (lambda rows: list(lkjip.evaluate(rows)), [None]),
        (lambda rows: list(lkjip.evaluate(rows)), 5),
        (evaluate_row, {"target": 1}),
        (lkjip.laporan_from_rows, ["x"]),
    ],
)
def test_the_api_refuses_what_is_no_table_with_a_typed_error(call: Any, rows: Any) -> None:
    with pytest.raises(TableError, match="reads"):
        call(rows)


@pytest.mark.parametrize("way", ["unnamed, linked", "unnamed, copied", "named"])
@pytest.mark.parametrize("fails", [False, True])
def test_every_way_of_writing_a_file_puts_it_in_place_or_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, fails: bool
) -> None:
    """The output file is made unnamed (O_TMPFILE) and linked into place, or, where a link
    is refused, copied into a named temporary; or named from the start where the system has
    no unnamed files. Each way gives the complete file or leaves the old one."""
    if way == "unnamed, copied":
        monkeypatch.setattr(cli, "_linkat_empty", lambda fd, name: False)
        monkeypatch.setattr(os, "link", _refuse_link)
    elif way == "named":
        monkeypatch.setattr(cli, "_PROC_FD", str(tmp_path / "no-proc"))
    if fails:
        monkeypatch.setattr(cli, "evaluate_dibaca", _boom_at_row(5, RuntimeError("boom")))
    for name in ("new.json", "old.json"):
        if name == "old.json":
            (tmp_path / name).write_text("old")
        with contextlib.suppress(RuntimeError):
            in_process("evaluate", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / name))
    if fails:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json"]
        assert (tmp_path / "old.json").read_text() == "old"
    else:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "old.json"]
        for name in ("new.json", "old.json"):
            assert json.loads((tmp_path / name).read_text())["rows"] == 8


def _refuse_link(*args: Any, **kw: Any) -> None:
    raise OSError(18, "Invalid cross-device link")


def test_explain_of_the_largest_printed_figure_at_the_most_places(tmp_path: Path) -> None:
    """Inside the value limits a printed figure can always be rounded and explained."""
    table = jsonl(tmp_path / "t.jsonl", '{"capaian": 9e29}\n', {"target": 1, "realisasi": 1})
    args = ("evaluate", str(table), "--explain", "--format", "jsonl", "--places", "20")
    code, out, _ = in_process(*args)
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 0
    assert first["penjelasan"][0].startswith("Capaian 900.000.000.000.000.000.000.000.000.000,")
    assert second["penjelasan"][0].startswith("Capaian = 1 / 1 × 100% = 100,")


def test_a_long_printed_label_is_quoted_short_in_the_message() -> None:
    rows = rows_from_dicts([{"target": 1, "realisasi": 1, "predikat": "x" * 10_000}])
    (finding,) = lkjip.audit(rows).findings
    assert finding.reported == "x" * 10_000 and len(finding.message) < 200


def test_closed_stdout_and_stderr() -> None:
    one_line(run("evaluate", str(EXAMPLE), preexec_fn=lambda: os.close(1)), "standard output")
    proc = run("evaluate", "nope.csv", preexec_fn=lambda: os.close(2))
    assert proc.returncode == 2 and proc.stdout == ""
