"""One command for every speed and memory figure: ``python benchmarks/run.py``.

Prints rows per second for each way of computing capaian on the same data, and
each as a ratio to (a), the bare Decimal loop; then (e) the command line on a
generated CSV, with its peak memory. ``--rows N`` sets the size of (a)–(d) and
(f); ``--cli-rows N`` the size of (e) (default 1,000,000; 0 skips it). (a), (a) with
its figures kept, and (c) run interleaved, best of ``--repeat`` rounds, and (c) is
printed against both: a batch keeps its figures, the bare loop (a) does not.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import random
import sys
import time
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import lkjip
from lkjip.cli import FIGURES
from lkjip.rules.batch import capaian_batch


def timed(fn: Callable[[], object], rows: int, repeat: int = 3) -> float:
    """Best rows/s of ``repeat`` runs."""
    return interleaved([fn], rows, repeat)[0][0]


def interleaved(
    fns: list[Callable[[], object]], rows: int, repeat: int
) -> tuple[list[float], list[float]]:
    """Best rows/s of each of ``fns`` over ``repeat`` rounds, each round running every
    one of them in turn (a noisy machine slows them alike, and the best round of each
    is compared), by the wall clock and by the process's CPU time, which other work on
    a shared machine disturbs less. A result is dropped (freed) inside its own timing,
    as a caller's would be."""
    wall, cpu = [float("inf")] * len(fns), [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu[i] = min(cpu[i], time.process_time() - start_cpu)
            wall[i] = min(wall[i], time.perf_counter() - start)
    return [rows / seconds for seconds in wall], [rows / max(s, 1e-9) for s in cpu]


def data(rows: int) -> tuple[list[Decimal], list[Decimal]]:
    """Targets and realisasi as reports print them: 0–3 decimals, up to 10^6."""
    rnd = random.Random(2023)
    targets = [Decimal(rnd.randint(1, 10**6)).scaleb(-rnd.randint(0, 3)) for _ in range(rows)]
    reals = [Decimal(rnd.randint(0, 10**6)).scaleb(-rnd.randint(0, 3)) for _ in range(rows)]
    return targets, reals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--cli-rows", type=int, default=1_000_000)
    parser.add_argument("--cli-repeat", type=int, default=3, help="runs of each CLI figure")
    parser.add_argument(
        "--repeat", type=int, default=9, help="rounds of (a), (a) kept and (c), interleaved"
    )
    args = parser.parse_args()
    n = args.rows
    targets, reals = data(n)
    quantum = Decimal("0.01")
    results: list[tuple[str, float]] = []

    def baseline() -> None:
        for t, r in zip(targets, reals, strict=True):
            (r / t * 100).quantize(quantum, ROUND_HALF_UP)

    def scalar() -> None:
        capaian = lkjip.capaian
        for t, r in zip(targets, reals, strict=True):
            capaian(t, r)

    def kept() -> list[Decimal]:  # the same loop, keeping its figures as a batch must
        pairs = zip(targets, reals, strict=True)
        return [(r / t * 100).quantize(quantum, ROUND_HALF_UP) for t, r in pairs]

    def batch() -> object:
        return capaian_batch(targets, reals)

    # the batch's goals are ratios to (a) and (a) kept: the three run interleaved
    (bare, kept_rate, batch_rate), cpu = interleaved([baseline, kept, batch], n, args.repeat)
    results.append(("(a) baseline: (r / t * 100).quantize(...)", bare))
    results.append(("(a) the same, its figures kept in a list", kept_rate))
    results.append(("(b) scalar lkjip.capaian", timed(scalar, n)))
    results.append(("(c) batch lkjip.rules.batch.capaian_batch", batch_rate))
    try:
        import numpy as np
        import pandas as pd

        from lkjip import pandas as _registers_the_accessor  # noqa: F401
        from lkjip.rules.fixed import capaian_fixed
    except ImportError:
        print("(d) and (f) need numpy and pandas: pip install 'lkjip[all]'")
    else:
        floats = pd.DataFrame(
            {"target": [float(t) for t in targets], "realisasi": [float(r) for r in reals]}
        )

        def printed(d: Decimal) -> str:  # as reports print it: a decimal comma
            return format(d, "f").replace(".", ",")

        texts = pd.DataFrame(
            {"target": [printed(t) for t in targets], "realisasi": [printed(r) for r in reals]}
        )
        results.append(
            ("(d) pandas df.lkjip.capaian, float columns", timed(lambda: floats.lkjip.capaian(), n))
        )
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            print("(d) dtype='decimal' needs pyarrow: pip install 'lkjip[pandas]'")
        else:
            results.append(
                (
                    "(d) pandas capaian(dtype='decimal'), floats",
                    timed(lambda: floats.lkjip.capaian(dtype="decimal"), n),
                )
            )
        results.append(
            (
                "(d) pandas capaian(dtype='float'), floats",
                timed(lambda: floats.lkjip.capaian(dtype="float"), n),
            )
        )
        results.append(
            (
                "(d) pandas df.lkjip.capaian, text columns",
                timed(lambda: texts.lkjip.capaian(), n, 1),
            )
        )
        t_text, r_text = texts["target"].tolist(), texts["realisasi"].tolist()
        results.append(
            (
                "(c) batch over text cells (fixed point)",
                timed(lambda: capaian_batch(t_text, r_text), n),
            )
        )
        t_float, r_float = floats["target"].to_numpy(), floats["realisasi"].to_numpy()
        scale = 1000  # the same figures held as integers in thousandths
        t_int = np.array([int(t * scale) for t in targets], dtype=np.int64)
        r_int = np.array([int(r * scale) for r in reals], dtype=np.int64)
        results.append(
            ("(f) fixed point, float arrays", timed(lambda: capaian_fixed(t_float, r_float), n))
        )
        results.append(
            ("(f) fixed point, integer arrays", timed(lambda: capaian_fixed(t_int, r_int), n))
        )
    base = results[0][1]
    print(
        f"lkjip {lkjip.__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{_cpu()}; {n:,} rows"
    )
    print(f"{'':46s} {'rows/s':>14s} {'× (a)':>7s}")
    for name, rate in results:
        print(f"{name:46s} {rate:14,.0f} {rate / base:7.2f}")
    print(
        f"(c) against (a): {batch_rate / bare:.2f}× (CPU time: {cpu[2] / cpu[0]:.2f}×); "
        f"against (a) kept: {batch_rate / kept_rate:.2f}× (CPU time: {cpu[2] / cpu[1]:.2f}×); "
        f"best of {args.repeat} interleaved rounds"
    )
    if args.cli_rows:
        import stream

        floor_rows = min(args.cli_rows, 200_000)
        lines = list(stream.rows(floor_rows))  # generated before timing
        (floor,), (floor_cpu,) = interleaved([lambda: _io_floor(lines)], floor_rows, 3)
        label = "(e) floor: CSV in, JSON out, no computation"
        print(f"{label:46s} {floor:14,.0f} {floor / base:7.2f}")
        memory = []
        for label, options in (("", ()), (", --jobs 1", ("--jobs", "1"))):
            runs = [stream.run_timed(args.cli_rows, *options) for _ in range(args.cli_repeat)]
            rate = max(count / seconds for count, seconds, *_ in runs)
            cpu_rate = max(count / cpu for count, _, cpu, *_ in runs)
            name = f"(e) lkjip evaluate --format jsonl{label}"
            print(
                f"{name:46s} {rate:14,.0f} {rate / base:7.2f}  {rate / floor:.2f}× the floor "
                f"(CPU time: {cpu_rate / floor_cpu:.2f}×)"
            )
            memory.append((label, max(r[3] for r in runs), max(r[4] for r in runs)))
        print(
            f"(e) best of {args.cli_repeat} runs of the CLI, the floor best of 3; CPU time "
            "counts the CLI's workers too"
        )
        for label, peak, together in memory:
            name = f"(e) peak memory{label or ''}: CLI, with workers"
            print(f"{name:46s} {peak:7.1f} MiB, {together:.1f} MiB")


def _io_floor(lines: Iterable[str]) -> None:
    """What any Python CLI pays per row before computing anything: read a CSV row,
    split out four numbers, write a JSON record of the evaluate output's shape."""
    out = io.StringIO()
    reader = csv.reader(lines, delimiter=";")
    next(reader)
    keys = ["sasaran", "indikator", "target", "realisasi", "arah", "pagu", "realisasi_anggaran"]
    figures = dict.fromkeys([*FIGURES, "error"])  # the evaluate record's computed fields
    for n, row in enumerate(reader, 1):
        for cell in (row[2], row[3], row[5], row[6]):
            whole, _, fraction = cell.replace(".", "").partition(",")
            int(whole + fraction)
        record = {"row": n, **dict(zip(keys, row, strict=True)), **figures}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() + f" ({_cores()} cores)"
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
