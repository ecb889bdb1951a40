"""Fed whatever users paste, lkjip never crashes: it answers, or says why not.

Fuzzing (hypothesis; ``benchmarks/fuzz.py`` runs a million inputs), huge and tiny
values, thread safety while another thread changes the decimal context, and no
row lost or reordered.
"""

from __future__ import annotations

import decimal
import functools
import io
import json
import threading
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip.cli import main

from conftest import load_cases
from reference import round_half_up

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_TEXTS = sorted({c["inputs"]["text"] for c in load_cases() if c["kind"] == "parse"})


def mutate(text: str, data: st.DataObject) -> str:
    """Insert, delete or replace characters of a number printed in a seed report."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        pos = data.draw(st.integers(0, max(len(chars) - 1, 0)))
        char = data.draw(st.sampled_from(list("0123456789.,-–% Rp\u00a0e+xE")))
        if op == "insert" or not chars:
            chars.insert(pos, char)
        elif op == "delete":
            del chars[pos]
        else:
            chars[pos] = char
    return "".join(chars)


def parse_checked(text: str) -> None:
    try:
        got = lkjip.parse_number(text)
    except lkjip.InvalidNumberError as exc:
        assert str(exc) and exc.text == text
        return
    assert got is None or (type(got) is Decimal and got.is_finite())


@given(st.text(max_size=120))
def test_parse_number_on_arbitrary_text(text: str) -> None:
    parse_checked(text)


@given(st.sampled_from(SEED_TEXTS), st.data())
def test_parse_number_on_mutated_seed_numbers(text: str, data: st.DataObject) -> None:
    parse_checked(mutate(text, data))


@pytest.mark.parametrize(
    "text",
    ["1." * 5000, "1," * 5000, "9" * 10_000, "1.234" * 2000 + "x", "Rp" * 5000, " " * 10_000 + "1"],
)
def test_parse_number_never_hangs(text: str) -> None:
    start = time.perf_counter()
    parse_checked(text)
    assert time.perf_counter() - start < 0.1


anything = st.one_of(
    st.text(max_size=30),
    st.sampled_from(SEED_TEXTS),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.integers(0, 10), st.integers(0, 10)),
    st.sampled_from([b"12", 1j, object(), Decimal("sNaN")]),
)
options = st.fixed_dictionaries(
    {},
    optional={
        "places": st.one_of(st.integers(-3, 30), st.none(), st.floats(0, 3), st.booleans()),
        "rounding": st.sampled_from(["ROUND_HALF_UP", "ROUND_DOWN", "ROUND_NEAREST", 3]),
    },
)
TWO_ARGS = [
    lkjip.capaian,
    lkjip.kemajuan,
    lkjip.penyerapan,
    lkjip.efisiensi_anggaran,
    lkjip.tingkat_efisiensi,
    lkjip.selisih,
]
ONE_ARG = [
    lkjip.predikat,
    lkjip.atribut,
    lkjip.predikat_akip,
    lkjip.mutu_ikm,
    lkjip.kategori_efisiensi,
    lkjip.format_number,
    lkjip.format_persen,
    lkjip.format_rupiah,
]


@given(
    st.sampled_from(TWO_ARGS),
    anything,
    anything,
    options,
    st.sampled_from(["higher", "lower", "sideways", None]),
)
def test_two_argument_rules_raise_only_their_own_errors(
    rule: Any, a: object, b: object, opts: dict[str, Any], arah: object
) -> None:
    if rule in (lkjip.capaian, lkjip.kemajuan) and arah is not None:
        opts = {**opts, "direction": arah}
    if rule is lkjip.selisih:
        opts = {k: v for k, v in opts.items() if k in ("places", "rounding")}
    try:
        got = rule(a, b, **opts)
    except (lkjip.LKjIPError, TypeError):
        return
    assert isinstance(got, (Decimal, lkjip.Tren))
    assert not (got == 0 and got.is_signed())


@given(st.sampled_from(ONE_ARG), anything)
def test_one_argument_rules_raise_only_their_own_errors(rule: Any, a: object) -> None:
    try:
        rule(a)
    except (lkjip.LKjIPError, TypeError):
        pass


@given(st.lists(anything, max_size=6), anything, anything)
def test_aggregates_and_scores_raise_only_their_own_errors(
    values: list[object], a: object, b: object
) -> None:
    for call in (
        lambda: lkjip.rata_rata(values, cap=a),
        lambda: lkjip.jumlah(values),
        lambda: lkjip.total_anggaran(zip(values, values[::-1], strict=True)),
        lambda: lkjip.nilai_ikm(values),
        lambda: lkjip.nilai_akip(a, b, a, b),
        lambda: lkjip.capaian_batch(values, values),
    ):
        try:
            call()
        except (lkjip.LKjIPError, TypeError):
            pass


# --- the command line on random and truncated input --------------------------------


def run_cli(tmp_path: Path, name: str, content: bytes, command: str = "audit") -> None:
    path = tmp_path / name
    path.write_bytes(content)
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([command, str(path), "--format", "json"])
    assert code in (0, 1, 2)
    if code == 2:
        message = err.getvalue().strip()
        assert message.startswith("lkjip: ") and "\n" not in message


@given(
    st.binary(max_size=300),
    st.sampled_from(["t.csv", "t.jsonl", "t.xlsx"]),
    st.sampled_from(["audit", "evaluate"]),
)
def test_cli_on_random_bytes(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, name: str, command: str
) -> None:
    run_cli(tmp_path_factory.mktemp("fuzz"), name, content, command)


@functools.cache
def _xlsx_bytes() -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for line in (EXAMPLES / "004_capaian_kinerja.csv").read_text(encoding="utf-8").splitlines():
        book.active.append(line.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.needs("openpyxl")  # its .xlsx source
@given(st.data())
def test_cli_on_truncated_seed_tables(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    sources = {
        "t.csv": (EXAMPLES / "000_realisasi_belanja.csv").read_bytes(),
        "t.jsonl": "".join(
            json.dumps(dict(zip(["target", "realisasi", "capaian"], r, strict=True))) + "\n"
            for r in [("2", "11", "550%"), ("30", "30", "133%"), ("6", "3", "83%")]
        ).encode(),
        "t.xlsx": _xlsx_bytes(),
    }
    name = data.draw(st.sampled_from(sorted(sources)))
    content = bytearray(sources[name])
    for _ in range(data.draw(st.integers(0, 6))):  # flip bytes (inside compressed data, too)
        content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(content)))
    run_cli(tmp_path_factory.mktemp("cut"), name, bytes(content[:cut]))


# --- huge and tiny, threads, nothing lost ----------------------------------------------


def test_huge_and_tiny_values() -> None:
    pagu, real = "Rp 999.999.999.999.999,99", "Rp 999.999.999.999.999,98"  # 10^15 with sen
    assert lkjip.sisa_anggaran(pagu, real) == Decimal("0.01")
    # 28 significant digits (2 before the point, 26 after), against the exact fraction
    exact = Fraction(99999999999999998, 99999999999999999) * 100
    assert lkjip.penyerapan(pagu, real, places=None) == round_half_up(exact, 26)
    assert lkjip.capaian("0,000001", "0,000003") == Decimal("300.00")  # targets of 10^-6
    digits28 = "1234567890123456789012345678"
    assert lkjip.capaian(digits28, digits28) == Decimal("100.00")
    wide = Decimal(digits28 + "." + "0" * 31 + "1")  # 60 digits: still exact
    assert lkjip.sisa_anggaran(wide, 1) == Decimal("1234567890123456789012345677." + "0" * 31 + "1")
    with pytest.raises(lkjip.NotComputableError, match="80 significant digits"):
        lkjip.sisa_anggaran(wide, Decimal("1E-60"))  # 88 digits: refused, not rounded
    # issue 10: past lkjip.numbers.MAX_MAGNITUDE a figure is refused before any arithmetic
    with pytest.raises(lkjip.InvalidNumberError, match="beyond the limits"):
        lkjip.sisa_anggaran(Decimal(digits28 + "0" * 60), 1)
    with pytest.raises(lkjip.InvalidNumberError, match="beyond the limits"):
        lkjip.sisa_anggaran(Decimal("1E+100"), Decimal("0.01"))


def test_threads_while_another_changes_the_decimal_context() -> None:
    table = list(lkjip.read_table(EXAMPLES / "000_realisasi_belanja.csv"))
    table += list(lkjip.read_table(EXAMPLES / "004_capaian_kinerja.csv"))

    def figures() -> list[tuple[object, ...]]:
        return [
            (e.capaian, e.penyerapan, e.sisa, e.efisiensi_anggaran, e.predikat, e.error)
            for e in lkjip.evaluate(table)
        ]

    expected = figures()
    audit_expected = lkjip.audit(table).findings
    stop = threading.Event()
    saved = (decimal.DefaultContext.prec, decimal.DefaultContext.rounding)

    def meddle() -> None:
        modes = [
            decimal.ROUND_FLOOR,
            decimal.ROUND_CEILING,
            decimal.ROUND_HALF_EVEN,
            decimal.ROUND_DOWN,
        ]
        i = 0
        while not stop.is_set():
            i += 1
            decimal.DefaultContext.prec = 3 + i % 5
            decimal.DefaultContext.rounding = modes[i % 4]
            decimal.getcontext().prec = 2 + i % 7
            decimal.setcontext(decimal.Context(prec=1 + i % 4, rounding=modes[i % 4]))

    results: list[object] = []
    meddler = threading.Thread(target=meddle)
    meddler.start()
    try:

        def work() -> None:
            decimal.getcontext().prec = 4  # and each worker's own context is hostile too
            decimal.getcontext().rounding = decimal.ROUND_FLOOR
            results.append((figures(), lkjip.audit(table).findings))

        workers = [threading.Thread(target=work) for _ in range(6)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    finally:
        stop.set()
        meddler.join()
        decimal.DefaultContext.prec, decimal.DefaultContext.rounding = saved
    assert len(results) == 6
    assert all(r == (expected, audit_expected) for r in results)


@given(
    st.lists(
        st.sampled_from(["good", "bad number", "too many cells", "blank", "letters", "zero"]),
        min_size=1,
        max_size=40,
    )
)
def test_every_row_comes_out_once_in_order(kinds: list[str]) -> None:
    lines = ["indikator;target;realisasi"]
    for i, kind in enumerate(kinds):
        lines.append(
            {
                "good": f"i{i};10;{i}",
                "bad number": f"i{i};10;1.2.3",
                "too many cells": f"i{i};10;5;extra",
                "blank": "",
                "letters": f"i{i};B;CC",
                "zero": f"i{i};0;5",
            }[kind]
        )
    rows = list(lkjip.read_table(io.StringIO("\n".join(lines) + "\n")))
    numbered = [i + 1 for i, kind in enumerate(kinds) if kind != "blank"]
    assert [b.nomor for b in rows] == numbered
    evaluated = list(lkjip.evaluate(rows))
    assert [e.baris for e in evaluated] == numbered
    for e, kind in zip(evaluated, [k for k in kinds if k != "blank"], strict=True):
        assert (e.error is None) == (kind == "good"), (kind, e.error)
