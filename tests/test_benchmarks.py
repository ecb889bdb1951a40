"""The benchmark commands the README documents still run (tiny sizes; they print, and
their figures are read by people, not asserted), and the fuzzer's short profile
(20,000 hostile inputs in ten classes) finds no failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["run.py", "--rows", "2000", "--cli-rows", "0"],
        ["ops.py", "--calls", "1000", "--rows", "1000"],
        ["fuzz.py", "--profile", "short"],
        ["stream.py", "3000", "--jobs", "1"],
        ["reports.py", "--copies", "1", "--repeat", "1"],
        ["serve.py", "--quick"],
    ],
    ids=lambda command: command[0],
)
def test_benchmark_commands_run(command: list[str]) -> None:
    pytest.importorskip("numpy")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / command[0]), *command[1:]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()
    if command[0] == "fuzz.py":
        assert "failures: 0" in result.stdout
