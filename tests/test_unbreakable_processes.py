"""Issue 10, processes: workers never outlive the CLI, SIGTERM is Ctrl-C, a dead worker
stops the run with one line (never a hang, never rows silently missing), ``--jobs`` is
bounded. Linux only where /proc is read (how the tests find the workers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip.cli import main

linux = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="finds processes through /proc (Linux)"
)

ROWS = 400_000  # about 5 s for two workers on a 2-core machine: killed long before its end
_PROFILE = settings.default
assert _PROFILE is not None
SLOW = settings(max_examples=max(5, _PROFILE.max_examples // 25))  # each one forks


# --- processes, through /proc --------------------------------------------------------


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, start time) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces
    return fields[0], int(fields[19])


def _children(pid: int) -> dict[int, int]:
    """The children of ``pid`` (of all its threads), with their start times."""
    found: dict[int, int] = {}
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            pids = [int(p) for p in task.read_text().split()]
        except OSError:
            continue
        for child in pids:
            if (stat := _stat(child)) is not None:
                found[child] = stat[1]
    return found


def _alive(pid: int, started: int) -> bool:
    stat = _stat(pid)  # the same process (not a new one with its number), not a zombie
    return stat is not None and stat[1] == started and stat[0] not in "ZX"


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _handles(pid: int, sig: int) -> bool:
    """Whether the process has a handler of its own for ``sig``."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (sig - 1) & 1)


def _kill_all(workers: dict[int, int]) -> None:
    """Leave no process of ours behind, whatever a test found."""
    for pid, started in workers.items():
        if _alive(pid, started):
            os.kill(pid, signal.SIGKILL)


def _table(path: Path, rows: int) -> Path:
    """Rows that all compute, numbered 1, 2, ... (no blank line, no bad row)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Sasaran;Indikator;Target;Realisasi;Arah;Pagu;Realisasi Anggaran\n")
        fh.writelines(
            f"S{i % 7};Indikator {i};{1 + i % 500};{i % 600},{i % 100:02d};naik;1.000.000;"
            f"{i % 999}\n"
            for i in range(rows)
        )
    return path


def _lkjip(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    """``python -m lkjip ARGS`` in a session of its own (no terminal signal reaches it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "lkjip", *args], start_new_session=True, **kwargs
    )


# --- the parent killed: SIGTERM and SIGKILL -----------------------------------------


@dataclass
class Killed:
    returncode: int
    stderr: str
    workers: dict[int, int]  # pid: start time, seen before the kill
    left: dict[int, int]  # those still alive 2 s after the parent's end
    out_folder: list[str]
    out_lines: int  # of out.jsonl, if there is one
    temp_folder: list[str]  # tempfile.gettempdir() of the run


@pytest.fixture(scope="module", params=["SIGTERM", "SIGKILL"])
def killed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Killed]:
    """``lkjip evaluate big.csv --format jsonl --jobs 2 -o out.jsonl`` killed by the
    parameter's signal once its workers run; what is left afterwards."""
    base = tmp_path_factory.mktemp(request.param)
    table = _table(base / "big.csv", ROWS)
    out, temp = base / "out", base / "temp"
    out.mkdir()
    temp.mkdir()
    with (base / "stderr").open("wb") as err:  # a file: a pipe would wait for the workers
        proc = _lkjip(
            "evaluate",
            str(table),
            "--format",
            "jsonl",
            "--jobs",
            "2",
            "-o",
            str(out / "out.jsonl"),
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "TMPDIR": str(temp)},  # its tempfile.gettempdir()
        )
    workers: dict[int, int] = {}
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 60), "no workers started"
        workers = _children(proc.pid)
        time.sleep(0.3)  # the workers are at work
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, getattr(signal, request.param))
        returncode = proc.wait(timeout=30)
        _wait_for(lambda: not any(_alive(p, s) for p, s in workers.items()), 2)
        left = {p: s for p, s in workers.items() if _alive(p, s)}
        listing = sorted(p.name for p in out.iterdir())
        lines = 0
        if "out.jsonl" in listing:
            with (out / "out.jsonl").open("rb") as fh:
                lines = sum(1 for _ in fh)
        yield Killed(
            returncode,
            (base / "stderr").read_text(encoding="utf-8", errors="replace"),
            workers,
            left,
            listing,
            lines,
            sorted(p.name for p in temp.iterdir()),
        )
    finally:
        proc.kill()
        proc.wait(timeout=30)
        _kill_all(workers)


@linux
def test_a_killed_parent_leaves_no_worker_within_2_s(killed: Killed) -> None:
    assert len(killed.workers) == 2
    assert killed.left == {}


@linux
def test_sigterm_stops_the_cli_as_ctrl_c_does(killed: Killed) -> None:
    if killed.returncode == -signal.SIGKILL:
        return  # nothing to say for itself
    assert killed.returncode == 130  # main's status for KeyboardInterrupt
    assert killed.stderr == ""  # as for Ctrl-C: no traceback, no message


@linux
def test_a_killed_parent_leaves_no_temporary_or_partial_file(killed: Killed) -> None:
    assert killed.temp_folder == []  # nothing of this run's in tempfile.gettempdir()
    # the output folder: nothing, or a complete out.jsonl (one line per row)
    assert killed.out_folder in ([], ["out.jsonl"])
    assert killed.out_folder == [] or killed.out_lines == ROWS


@linux
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_sigterm_and_ctrl_c_end_a_waiting_run_alike(name: str) -> None:
    proc = _lkjip(
        "evaluate",
        "-",
        "--format",
        "jsonl",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None and proc.stdin is not None
    try:
        # main_exit has started: SIGTERM handled (not today: this times out, then fails)
        assert _wait_for(lambda: _handles(proc.pid, signal.SIGTERM), 15)
        if not _handles(proc.pid, signal.SIGINT):
            pytest.skip("SIGINT is ignored here (started in the background without job control)")
        time.sleep(0.1)  # reading stdin by now
        os.kill(proc.pid, getattr(signal, name))
        returncode = proc.wait(timeout=30)
        out, err = proc.stdout.read(), proc.stderr.read()
    finally:
        proc.kill()
        proc.wait(timeout=30)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            pipe.close()
    assert (returncode, out, err) == (130, b"", b"")


# --- the fallback where prctl is unavailable: a pipe the workers watch --------------

_FALLBACK = textwrap.dedent(
    """
    import os, sys, time
    import lkjip.cli.parallel as p
    p._kill_me_with_parent = lambda: False  # as where prctl is not available

    def slow(chunk):
        time.sleep(0.01)
        return os.getpid()

    for pid in p.map_ordered(slow, ([i] for i in range(100_000)), jobs=2, start_after=0):
        print(pid, flush=True)
    """
)


@linux
def test_without_prctl_workers_end_with_their_parent() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _FALLBACK], stdout=subprocess.PIPE, start_new_session=True
    )
    assert proc.stdout is not None
    workers: dict[int, int] = {}
    try:
        seen: set[int] = set()
        deadline = time.monotonic() + 60
        while len(seen) < 2 and time.monotonic() < deadline:  # both workers at work
            seen.add(int(proc.stdout.readline()))
        workers = _children(proc.pid)
        assert seen <= set(workers) and len(workers) == 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert _wait_for(lambda: not any(_alive(p, s) for p, s in workers.items()), 2)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        _kill_all(workers)


# --- a worker that dies or runs out of memory ----------------------------------------


def _dies_on(bad: int) -> Callable[[list[int]], list[int]]:
    def function(chunk: list[int]) -> list[int]:
        if bad in chunk:
            os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
        return chunk

    return function


def _no_memory_on_13(chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise MemoryError
    return chunk


@pytest.mark.skipif(sys.platform == "win32", reason="workers need fork")
@pytest.mark.parametrize("function", [_dies_on(13), _no_memory_on_13], ids=["killed", "memory"])
def test_a_lost_worker_is_a_typed_error_after_every_earlier_chunk(
    function: Callable[[list[int]], list[int]],
) -> None:
    from lkjip.cli.parallel import WorkerError, map_ordered
    from lkjip.errors import LKjIPError

    got: list[int] = []
    with pytest.raises(WorkerError, match=r"^a worker process (was killed|ran out of memory)"):
        for values in map_ordered(function, [[i] for i in range(40)], jobs=2, start_after=1):
            got.extend(values)
    # the first chunks, in order, and none from the lost one on (a pool broken by a
    # death fails every chunk a worker held, so a few before it may be missing too)
    assert got == list(range(len(got)))
    assert 1 <= len(got) <= 13
    if function is _no_memory_on_13:  # only that chunk fails
        assert len(got) == 13
    assert issubclass(WorkerError, LKjIPError)  # the CLI's one line, exit 2


@pytest.mark.skipif(sys.platform == "win32", reason="workers need fork")
@SLOW
@given(chunks=st.integers(2, 30), bad=st.data(), jobs=st.integers(2, 3))
def test_whichever_chunk_a_worker_dies_on_the_results_are_a_prefix(
    chunks: int, bad: st.DataObject, jobs: int
) -> None:
    from lkjip.cli.parallel import WorkerError, map_ordered

    at = bad.draw(st.integers(1, chunks - 1))  # chunk 0 is done here (start_after=1)
    got: list[int] = []
    with pytest.raises(WorkerError):
        for values in map_ordered(_dies_on(at), [[i] for i in range(chunks)], jobs, start_after=1):
            got.extend(values)
    assert got == list(range(len(got))) and 1 <= len(got) <= at  # a prefix, never past it


@linux
def test_a_worker_killed_mid_run_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    table = _table(tmp_path / "big.csv", ROWS)
    with (tmp_path / "out").open("wb") as out, (tmp_path / "err").open("wb") as err:
        proc = _lkjip(
            "evaluate", str(table), "--format", "jsonl", "--jobs", "2", stdout=out, stderr=err
        )
    workers: dict[int, int] = {}
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 60)
        workers = _children(proc.pid)
        time.sleep(0.3)
        os.kill(min(workers), signal.SIGKILL)
        returncode = proc.wait(timeout=30)  # never a hang
    finally:
        proc.kill()
        proc.wait(timeout=30)
        _kill_all(workers)
    err_text = (tmp_path / "err").read_text()
    assert returncode == 2
    assert err_text.startswith("lkjip: a worker process was killed")
    assert len(err_text.splitlines()) == 1
    data = (tmp_path / "out").read_bytes()
    assert data.endswith(b"\n")  # whole lines only
    numbers = [int(line.split(b",", 1)[0].removeprefix(b'{"row": ')) for line in data.splitlines()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) < ROWS  # a prefix


# --- --jobs bounded ------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_one_line_and_exit_2(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _table(tmp_path / "t.csv", 3)
    assert main(["evaluate", str(table), "--jobs", jobs]) == 2
    err = capsys.readouterr().err  # (the wording may grow an upper bound: MAX_JOBS)
    assert err.startswith("lkjip: --jobs must be ") and jobs in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def _pid(chunk: list[int]) -> int:
    time.sleep(0.002)
    return os.getpid()


@pytest.mark.skipif(sys.platform == "win32", reason="workers need fork")
def test_map_ordered_starts_at_most_max_jobs_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import lkjip.cli.parallel as parallel

    assert parallel.MAX_JOBS == 64
    monkeypatch.setattr(parallel, "MAX_JOBS", 2)
    pids = list(parallel.map_ordered(_pid, [[i] for i in range(60)], jobs=1_000, start_after=0))
    assert len(pids) == 60 and 1 <= len(set(pids)) <= 2


def _square(chunk: list[int]) -> list[int]:
    return [x * x for x in chunk]


@pytest.mark.skipif(sys.platform == "win32", reason="workers need fork")
@SLOW
@given(
    chunks=st.lists(st.lists(st.integers(-1000, 1000), max_size=4), max_size=25),
    jobs=st.integers(-2, 4),
    start_after=st.integers(0, 4),
)
def test_map_ordered_is_map_whatever_the_jobs(
    chunks: list[list[int]], jobs: int, start_after: int
) -> None:
    from lkjip.cli.parallel import map_ordered

    got = list(map_ordered(_square, chunks, jobs, start_after=start_after))
    assert got == [[x * x for x in c] for c in chunks]
