"""Stream N generated rows through ``lkjip evaluate - --format jsonl``: rows/s and peak memory.

    python benchmarks/stream.py 1000000

The rows are generated on the fly and written to the CLI's stdin, and its output is
counted as it arrives, so neither side holds the table: the figure printed is the
CLI's own peak resident memory (its ``VmHWM``, sampled while it runs; Linux).
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator


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


def run(n: int) -> tuple[int, float, float]:
    """Returns (output lines, seconds, peak MiB of the CLI process)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip", "evaluate", "-", "--format", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        assert proc.stdin is not None
        for line in rows(n):
            proc.stdin.write(line.encode())
        proc.stdin.close()

    start = time.perf_counter()
    writer = threading.Thread(target=feed)
    writer.start()
    count, peak = 0, 0
    for _ in proc.stdout:
        count += 1
        if count % 256 == 1:
            peak = max(peak, _peak_kib(proc.pid))
    peak = max(peak, _peak_kib(proc.pid))
    writer.join()
    proc.wait()
    seconds = time.perf_counter() - start
    return count, seconds, peak / 1024


def _peak_kib(pid: int) -> int:
    """The process's own high-water resident memory (``VmHWM``, reset by exec).

    ``ru_maxrss`` of a child is no good here: it survives exec, so it counts the
    parent's memory at fork time (a test runner's, say).
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # already gone, or no /proc
        pass
    return 0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    count, seconds, peak = run(n)
    print(f"rows in: {n:,}  rows out: {count:,}")
    print(f"evaluate --format jsonl: {count / seconds:,.0f} rows/s ({seconds:.1f} s)")
    print(f"peak memory of the CLI: {peak:.1f} MiB")


if __name__ == "__main__":
    main()
