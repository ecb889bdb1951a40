"""How fast whole reports are audited (issue "Audit a report as it is published").

    python benchmarks/reports.py [--copies N] [--repeat R]

Prints, in one run: each example report's size and the time of ``audit_report`` on
it (best of R, in this process), the reports/s that gives, and ``lkjip audit`` over
N copies of the three reports with ``--jobs 1`` and ``--jobs 2`` (reports/s of the
whole command, process start and imports included), so the two are compared on the
same machine in the same minute.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip.laporan import audit_report  # noqa: E402

REPORTS = sorted((ROOT / "examples" / "laporan").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of each report for the CLI")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"{'report':<42} {'KB':>6} {'best s':>8} {'reports/s':>10}")
    total = 0.0
    for report in REPORTS:
        text = report.read_text("utf-8")
        best = min(_timed(lambda t=text: audit_report(t)) for _ in range(args.repeat))
        total += best
        print(f"{report.name:<42} {len(text.encode()) / 1024:>6.0f} {best:>8.3f} {1 / best:>10.1f}")
    print(f"{'all three, in-process':<42} {'':>6} {total:>8.3f} {3 / total:>10.1f}")

    lkjip = shutil.which("lkjip") or str(Path(sys.executable).with_name("lkjip"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n in range(args.copies):
            for report in REPORTS:
                path = Path(tmp) / f"{n:03d}-{report.name}"
                shutil.copyfile(report, path)
                paths.append(str(path))
        for jobs in (1, 2):
            command = [lkjip, "audit", *paths, "--format", "json", "--jobs", str(jobs)]
            took = _timed(lambda c=command: subprocess.run(c, capture_output=True, check=False))
            print(
                f"lkjip audit {len(paths)} reports --jobs {jobs}: {took:.2f} s, "
                f"{len(paths) / took:.1f} reports/s"
            )


def _timed(call: object) -> float:
    start = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
