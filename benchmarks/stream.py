"""Run ``lkjip evaluate FILE --format jsonl`` on an N-row CSV: rows/s and peak memory.

    python benchmarks/stream.py 1000000            # as a user runs it
    python benchmarks/stream.py 1000000 --jobs 1   # one process

The CSV is generated into a temporary file before the clock starts; the CLI's
output is counted as it arrives, so nothing holds the results: the memory figure
printed is the CLI's own peak resident memory (its ``VmHWM``, sampled while it
runs; Linux).
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _rupiah(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Indonesian thousands: 1.234.567


def rows(n: int, seed: int = 2023) -> Iterator[str]:
    """A header and ``n`` report rows, Indonesian number formats, some lower-is-better."""
    rnd = random.Random(seed)
    yield "sasaran;indikator;target;realisasi;arah;pagu;realisasi_anggaran\n"
    for i in range(n):
        pagu = rnd.randint(1_000_000, 10**12)
        realisasi = f"{rnd.randint(0, 600)},{rnd.randint(0, 99):02d}"
        arah = "lower" if i % 5 == 0 else "higher"
        target = rnd.randint(1, 500)
        spent = _rupiah(rnd.randint(0, pagu))
        yield f"S{i % 7};Indikator {i};{target};{realisasi};{arah};{_rupiah(pagu)};{spent}\n"


def run(n: int, *args: str) -> tuple[int, float, float, float]:
    """Returns (output lines, seconds, peak MiB of the CLI process, peak MiB of the CLI
    and its worker processes together, see ``_tree_kib``). ``args`` go to the command
    line (``--jobs 1``). ``run_timed`` also gives the CPU time the CLI used.

    The CSV is written to a temporary file first (not timed), so the figure is the
    CLI's own rate, not that of the Python code generating its input."""
    count, seconds, _, peak, together = run_timed(n, *args)
    return count, seconds, peak, together


def run_timed(n: int, *args: str) -> tuple[int, float, float, float, float]:
    """``run``, with the CPU seconds of the CLI and its workers (user and system) after
    the seconds: (lines, seconds, CPU seconds, peak MiB, peak MiB with workers). CPU
    time is what other work on a shared machine disturbs least."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(rows(n))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen(
            [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl", *args],
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        start = time.perf_counter()
        count, peak, together = 0, 0, 0
        for _ in proc.stdout:
            count += 1
            if count % 8192 == 1:  # memory is flat: a sample now and then is enough
                peak = max(peak, _status_kib(proc.pid, "VmHWM"))
                together = max(together, _tree_kib(proc.pid))
        peak = max(peak, _status_kib(proc.pid, "VmHWM"))
        proc.wait()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return count, seconds, cpu, peak / 1024, max(together, peak) / 1024


def _status_kib(pid: int, field: str, name: str = "status") -> int:
    """A memory figure of ``/proc/PID/status`` (or ``/proc/PID/<name>``) in KiB: ``VmHWM``
    is the process's own high-water resident memory (reset by exec), ``VmRSS`` its
    current one; 0 when the process is gone or there is no /proc.

    ``ru_maxrss`` of a child is no good here: it survives exec, so it counts the
    parent's memory at fork time (a test runner's, say).
    """
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_kib(pid: int) -> int:
    """Memory of ``pid`` and its child processes (the workers) right now: their
    proportional set size (``Pss``: pages they share after fork counted once in
    all), or resident size where the kernel does not say."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # it, or its child
            child = int(stat.parent.name)
            total += _status_kib(child, "Pss", "smaps_rollup") or _status_kib(child, "VmRSS")
    return total


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    count, seconds, cpu, peak, together = run_timed(n, *sys.argv[2:])
    print(f"rows in: {n:,}  rows out: {count:,}")
    print(
        f"evaluate --format jsonl: {count / seconds:,.0f} rows/s ({seconds:.1f} s; "
        f"CPU time {cpu:.1f} s)"
    )
    print(f"peak memory of the CLI process: {peak:.1f} MiB; with its workers: {together:.1f} MiB")


if __name__ == "__main__":
    main()
