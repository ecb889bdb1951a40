"""Chunks of rows on several processes, results in order, memory bounded.

``map_ordered(function, chunks, jobs)`` is ``map(function, chunks)`` that, once a
table proves large (``start_after`` chunks done here), hands the rest to ``jobs``
forked worker processes. At most ``2 × jobs`` chunks are in flight, so memory stays
flat whatever the number of rows, and results come back in the order of the chunks.
Where ``fork`` is not available (Windows, macOS by default) it stays sequential:
starting fresh interpreters would cost more than most tables take. So it does in a
process that runs other threads, where forking is not safe.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError

__all__ = ["MAX_DEFAULT_JOBS", "MAX_JOBS", "WorkerError", "default_jobs", "map_ordered"]

T = TypeVar("T")
R = TypeVar("R")

_FUNCTION: Callable[[Any], Any] | None = None  # the function, in a worker process
_UNPACK: Callable[[Any], Any] | None = None


MAX_DEFAULT_JOBS = 4
"""Workers started by default at most: each holds about 15 MiB of its own, and the
parent reading the CSV keeps up with about four."""


MAX_JOBS = 64
"""Workers at most, whatever is asked (``--jobs`` beyond it is refused by the CLI;
``map_ordered`` starts no more): each costs about 15 MiB and a process slot, and past
a few the parent reading the table is the bottleneck anyway."""


class WorkerError(LKjIPError):
    """A worker process was killed or ran out of memory. The results delivered before
    it are those of the first chunks, in order (the chunk the worker held, and any a
    worker held when the pool broke, are not among them)."""


def default_jobs() -> int:
    """The CPUs this process may use, at most ``MAX_DEFAULT_JOBS`` (1 where ``fork``
    is unavailable)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_DEFAULT_JOBS)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _kill_me_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent (thread) exits; False where
    that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        arg = ctypes.c_ulong
        return int(libc.prctl(_PR_SET_PDEATHSIG, arg(signal.SIGKILL), arg(0), arg(0), arg(0))) == 0
    except (OSError, AttributeError):  # no libc to load, no prctl in it
        return False


def _exit_at_end_of(fd: int) -> None:
    """Block on ``fd`` until no process holds its pipe's write end, then exit."""
    while os.read(fd, 1):
        pass
    os._exit(1)


def _start(
    function: Callable[[Any], Any],
    unpack: Callable[[Any], Any] | None,
    parent: int,
    watch: int,
    alive: int,
) -> None:
    """A worker's first steps: die with the parent, leave signals to it, learn the work."""
    global _FUNCTION, _UNPACK
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler: plain death
    os.close(alive)  # the parent's end: held here, it would never reach end of file
    if _kill_me_with_parent():
        os.close(watch)
    else:
        threading.Thread(target=_exit_at_end_of, args=(watch,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)
    _FUNCTION, _UNPACK = function, unpack


def _call(data: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(_UNPACK(data) if _UNPACK is not None else data)


def map_ordered(
    function: Callable[[T], R],
    chunks: Iterable[T],
    jobs: int,
    *,
    start_after: int = 8,
    pack: Callable[[T], Any] | None = None,
    unpack: Callable[[Any], T] | None = None,
) -> Iterator[R]:
    """``function(chunk)`` for every chunk, in order (see the module docstring).

    ``pack`` and ``unpack`` say how a chunk travels to a worker when pickle is not the
    cheapest way (``marshal`` for plain lists of text is three times faster)."""
    items = iter(chunks)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    for chunk in islice(items, start_after):  # a small table never starts a worker
        yield function(chunk)
    first = next(items, None)
    if first is None:
        return
    if threading.active_count() > 1 or threading.current_thread() is not threading.main_thread():
        # fork copies one thread only: in a process running others (a web server calling
        # lkjip.cli.main, say) it could copy a lock mid-use, so stay here. The main thread
        # only, too: the workers die with the thread that forked them (PR_SET_PDEATHSIG),
        # and the main thread is the one that lasts as long as the pool
        yield function(first)
        yield from map(function, items)
        return
    jobs = min(jobs, MAX_JOBS)
    watch, alive = os.pipe()  # the parent holds `alive` open while it lives
    try:
        pool = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(function, unpack, os.getpid(), watch, alive),
        )

        def send(chunk: T) -> Future[R]:
            return pool.submit(_call, pack(chunk) if pack is not None else chunk)

        try:
            pending: deque[Future[R]] = deque([send(first)])
            for chunk in items:
                pending.append(send(chunk))
                if len(pending) >= 2 * jobs:
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
        except BrokenProcessPool:  # from submit or result: a worker died
            raise WorkerError(pesan("cli.worker_killed")) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        os.close(watch)
        os.close(alive)


def _result(future: Future[R]) -> R:
    """A chunk's result; a worker's lack of memory as ``WorkerError``."""
    try:
        return future.result()
    except MemoryError:  # raised there (it comes as it is, like any exception)
        raise WorkerError(pesan("cli.worker_out_of_memory")) from None
