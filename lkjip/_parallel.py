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
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

__all__ = ["MAX_DEFAULT_JOBS", "default_jobs", "map_ordered"]

T = TypeVar("T")
R = TypeVar("R")

_FUNCTION: Callable[[Any], Any] | None = None  # the function, in a worker process
_UNPACK: Callable[[Any], Any] | None = None


MAX_DEFAULT_JOBS = 4
"""Workers started by default at most: each holds about 15 MiB of its own, and the
parent reading the CSV keeps up with about four."""


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


def _start(function: Callable[[Any], Any], unpack: Callable[[Any], Any] | None) -> None:
    global _FUNCTION, _UNPACK
    _FUNCTION, _UNPACK = function, unpack
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


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
    if threading.active_count() > 1:
        # fork copies one thread only: in a process running others (a web server calling
        # lkjip.cli.main, say) it could copy a lock mid-use, so stay here
        yield function(first)
        yield from map(function, items)
        return
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start,
        initargs=(function, unpack),
    )

    def send(chunk: T) -> Future[R]:
        return pool.submit(_call, pack(chunk) if pack is not None else chunk)

    try:
        pending: deque[Future[R]] = deque([send(first)])
        for chunk in items:
            pending.append(send(chunk))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
