"""Large CSV tables on several processes: the same lines, in the same order, as one
process writes; errors, exit codes and a closed pipe behave as they do without workers."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip.cli.parallel import map_ordered

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="workers need fork; elsewhere the CLI stays in one process"
)

ROWS = 40_000  # past the 8 × 1,024 rows after which workers start


def _square_and_pid(chunk: list[int]) -> tuple[list[int], int]:
    return [x * x for x in chunk], os.getpid()


def _fail_on_13(chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise ValueError("chunk with 13")
    return chunk


def test_map_ordered_keeps_order_and_starts_workers_only_for_large_inputs() -> None:
    chunks = [[i, i + 1] for i in range(0, 200, 2)]
    results = list(map_ordered(_square_and_pid, chunks, jobs=2, start_after=3))
    assert [x for values, _ in results for x in values] == [i * i for i in range(200)]
    pids = {pid for _, pid in results}
    assert {pid for _, pid in results[:3]} == {os.getpid()}  # the first chunks: here
    assert len(pids - {os.getpid()}) >= 1  # the rest: in workers
    small = list(map_ordered(_square_and_pid, chunks[:3], jobs=2, start_after=3))
    assert {pid for _, pid in small} == {os.getpid()}  # a small input never forks
    single = list(map_ordered(_square_and_pid, chunks, jobs=1))
    assert {pid for _, pid in single} == {os.getpid()}
    packed = map_ordered(
        _square_and_pid, chunks, jobs=2, start_after=1, pack=marshal.dumps, unpack=marshal.loads
    )
    assert [values for values, _ in packed] == [values for values, _ in results]


def test_map_ordered_raises_a_workers_error_here() -> None:
    with pytest.raises(ValueError, match="chunk with 13"):
        list(map_ordered(_fail_on_13, [[i] for i in range(40)], jobs=2, start_after=1))


def _table(path: Path, rows: int, odd_every: int = 97) -> Path:
    lines = ["Sasaran;Indikator;Target;Realisasi;Arah;Pagu;Realisasi Anggaran\n"]
    for i in range(rows):
        if i % odd_every == 5:
            lines.append(f"S;rusak {i};B;7-8;naik;-;abc\n")  # cannot be computed
        elif i % odd_every == 50:
            lines.append("\n")  # a blank line: no row, but it keeps its number
        else:
            target, real = 1 + i % 500, f"{i % 600},{i % 100:02d}"
            arah = "lower" if i % 5 == 0 else "higher"
            lines.append(f"S{i % 7};Indikator {i};{target};{real};{arah};1.000.000;{i % 999}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _evaluate(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl", *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    path = _table(tmp_path / "big.csv", ROWS)
    one = _evaluate(path, "--jobs", "1")
    two = _evaluate(path, "--jobs", "2")
    default = _evaluate(path)
    assert one.returncode == two.returncode == default.returncode == 1  # some rows fail
    assert one.stdout == two.stdout == default.stdout
    assert two.stderr == ""
    lines = two.stdout.splitlines()
    blank = sum(1 for i in range(ROWS) if i % 97 == 50)
    assert len(lines) == ROWS - blank  # every row once: computed, or with its reason
    numbers = [int(line.split(",", 1)[0].removeprefix('{"row": ')) for line in lines]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert numbers[-1] == ROWS


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"S;\xff\xfe;1;2;higher;1;1\n", "is not UTF-8"),
        # a cell past the csv module's field limit is a reported row now, not a broken
        # table: tests/test_unbreakable_tables.py
    ],
    ids=["not UTF-8"],  # short: ids reach the environment
)
def test_a_broken_table_late_in_a_large_file_is_one_line_and_exit_2(
    tmp_path: Path, tail: bytes, message: str
) -> None:
    path = _table(tmp_path / "big.csv", ROWS)
    with path.open("ab") as fh:
        fh.write(tail)
    result = _evaluate(path, "--jobs", "2")
    assert result.returncode == 2
    assert result.stderr.startswith("lkjip: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    path = _table(tmp_path / "big.csv", ROWS)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    for _ in range(20_000):  # read past the point where the workers started
        proc.stdout.readline()
    proc.stdout.close()  # `lkjip evaluate big.csv | head`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, -13)  # done, or SIGPIPE
    assert "Traceback" not in err


def test_ctrl_c_stops_every_process_quietly(tmp_path: Path) -> None:
    import signal
    import time

    path = _table(tmp_path / "big.csv", 200_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's job is
        # with Ctrl-C's default action, as in a terminal (a job started in the background
        # of a script, as a CI run may be, inherits SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None and proc.stderr is not None
    for _ in range(30_000):  # the workers are running
        proc.stdout.readline()
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the CLI and its workers
    start = time.monotonic()
    proc.stdout.read()
    assert proc.wait(timeout=30) == 130
    assert time.monotonic() - start < 10
    assert "Traceback" not in proc.stderr.read().decode()


def test_no_fork_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        chunks = [[i] for i in range(50)]
        results = list(map_ordered(_square_and_pid, chunks, jobs=2, start_after=1))
    finally:
        stop.set()
        other.join()
    assert [v for values, _ in results for v in values] == [i * i for i in range(50)]
    assert {pid for _, pid in results} == {os.getpid()}


def test_default_jobs_is_the_cpus_but_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from lkjip.cli.parallel import MAX_DEFAULT_JOBS, default_jobs

    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(64)), raising=False)
    assert default_jobs() == MAX_DEFAULT_JOBS == 4  # a 64-CPU server: four workers, ~60 MiB
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert default_jobs() == 2
