"""Fuzz lkjip with a million inputs: ``python benchmarks/fuzz.py [--inputs N] [--seed S]``.

* ``parse_number`` on random text and on mutations of every number printed in the
  seed reports: only ``InvalidNumberError`` may be raised, the result is ``None`` or
  a finite ``Decimal`` (never a float), and no call may take long (no catastrophic
  backtracking);
* every public rule on random arguments: only ``LKjIPError`` or ``TypeError``;
* the command line on random and truncated CSV, JSON Lines and .xlsx bytes: exit
  0, 1 or 2, a one-line message, never a traceback.

Prints the inputs tried and the failures (0 is the only good answer).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sys
import tempfile
import time
import traceback
from decimal import Decimal
from pathlib import Path

import lkjip
from lkjip.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
ALPHABET = "0123456789.,-–—% Rp\u00a0\u202feE+x()/s.d" + "٠١٢" + "\x00\n\t"
SLOW = 0.05  # seconds: anything slower than this is a hang


def seed_texts() -> list[str]:
    texts = set()
    for path in (ROOT / "tests" / "data" / "cases").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            texts.update(v for v in case["inputs"].values() if isinstance(v, str))
    return sorted(texts) or ["Rp. 9.054.048.938,-", "105,42%", "1,396,524,280.00"]


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


def random_value(rnd: random.Random, texts: list[str]) -> object:
    pick = rnd.random()
    if pick < 0.3:
        return rnd.choice(texts)
    if pick < 0.45:
        return mutate(rnd, rnd.choice(texts))
    if pick < 0.55:
        return rnd.choice([0, -1, 1, 10**30, -(10**30), True, None, [], 1j, b"1"])
    if pick < 0.7:
        return rnd.choice(
            [0.0, -0.0, 1e-300, 1e300, float("nan"), float("inf"), rnd.uniform(-1e6, 1e6)]
        )
    if pick < 0.85:
        return Decimal(rnd.randint(-(10**12), 10**12)).scaleb(rnd.randint(-12, 12))
    return rnd.choice([Decimal("NaN"), Decimal("-Infinity"), Decimal("sNaN"), Decimal("-0")])


RULES = [
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
    (lkjip.format_rupiah, 1),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--cli-runs", type=int, default=2_000)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    texts = seed_texts()
    failures: list[str] = []
    slowest = (0.0, "")
    parse_count = args.inputs * 3 // 5
    rule_count = args.inputs - parse_count
    start = time.perf_counter()

    for i in range(parse_count):
        text = mutate(rnd, rnd.choice(texts)) if i % 2 else random_text(rnd)
        began = time.perf_counter()
        try:
            got = lkjip.parse_number(text)
            if got is not None and (type(got) is not Decimal or not got.is_finite()):
                failures.append(f"parse_number({text!r}) returned {got!r}")
        except lkjip.InvalidNumberError:
            pass
        except Exception as exc:  # anything else is a failure
            failures.append(f"parse_number({text!r}) raised {type(exc).__name__}: {exc}")
        took = time.perf_counter() - began
        if took > slowest[0]:
            slowest = (took, f"parse_number of {len(text)} characters")

    for _ in range(rule_count):
        rule, arity = rnd.choice(RULES)
        values = [random_value(rnd, texts) for _ in range(arity)]
        began = time.perf_counter()
        try:
            rule(*values)
        except (lkjip.LKjIPError, TypeError):
            pass
        except Exception as exc:
            failures.append(f"{rule.__name__}{tuple(values)!r} raised {type(exc).__name__}: {exc}")
        took = time.perf_counter() - began
        if took > slowest[0]:
            slowest = (took, f"{rule.__name__}")

    cli_runs = _fuzz_cli(rnd, args.cli_runs, failures)
    seconds = time.perf_counter() - start
    print(f"inputs tried: {parse_count:,} parse_number, {rule_count:,} rule calls, ", end="")
    print(f"{cli_runs:,} CLI runs")
    print(f"slowest single call: {slowest[0] * 1000:.2f} ms ({slowest[1]}); ", end="")
    print(f"hang threshold {SLOW * 1000:.0f} ms")
    print(f"failures: {len(failures)}   ({seconds:.0f} s)")
    for failure in failures[:20]:
        print("  " + failure)
    return 1 if failures or slowest[0] > SLOW else 0


def _fuzz_cli(rnd: random.Random, runs: int, failures: list[str]) -> int:
    samples = {
        ".csv": (ROOT / "examples" / "000_realisasi_belanja.csv").read_bytes(),
        ".jsonl": b'{"target": "2", "realisasi": "11", "capaian": "550%"}\n{"target": 0}\n',
    }
    try:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["target", "realisasi", "capaian"])
        book.active.append([2, 11, "550%"])
        buffer = io.BytesIO()
        book.save(buffer)
        samples[".xlsx"] = buffer.getvalue()
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            suffix = rnd.choice(sorted(samples))
            source = samples[suffix]
            if i % 3 == 0:
                content = bytes(rnd.randint(0, 255) for _ in range(rnd.randint(0, 200)))
            elif i % 3 == 1:
                content = source[: rnd.randint(0, len(source))]
            else:
                data = bytearray(source)
                for _ in range(rnd.randint(1, 8)):
                    data[rnd.randrange(len(data))] = rnd.randint(0, 255)
                content = bytes(data)
            path = Path(tmp) / f"in{suffix}"
            path.write_bytes(content)
            err = io.StringIO()
            try:
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    code = cli([rnd.choice(["audit", "evaluate"]), str(path), "--format", "json"])
            except BaseException:
                failures.append(
                    f"CLI on {suffix} bytes {content[:40]!r}: {traceback.format_exc(limit=1)}"
                )
                continue
            message = err.getvalue().strip()
            if code not in (0, 1, 2) or (code == 2 and ("\n" in message or not message)):
                failures.append(f"CLI on {suffix} exit {code}, message {message!r}")
    return runs


if __name__ == "__main__":
    sys.exit(main())
