"""Load on ``lkjip serve``: the server with 2 workers on loopback, N concurrent clients
for a bounded time, mixed scalar and table requests.

    python benchmarks/serve.py                       # 50 clients, 30 s, 2 workers
    python benchmarks/serve.py --clients 20 --seconds 10
    python benchmarks/serve.py --quick               # a few seconds (the test suite)

Prints requests/s, p50/p99 latency, errors (must be 0: the exit status is 1 otherwise)
and the server's resident memory (its process and its workers together, Linux /proc) at
the start and at the end. Each client keeps one HTTP/1.1 connection open and sends its
next request when the answer has come (closed loop); one request in ``--table-every`` is
a table audit (``POST /v1/audit``, 12 JSON rows), the others a scalar rule (``capaian``,
``penyerapan``, ``predikat``, by turns). Every answer is read whole, its status checked
(200) and its JSON parsed. The clients run in this process (asyncio), so on a small
machine they share the CPU with the server: the figures are the pair's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCALARS = (
    ("/v1/capaian", {"target": "87", "realisasi": "91,72"}),
    ("/v1/penyerapan", {"pagu": "182.674.480,00", "realisasi": "175.041.950,00"}),
    ("/v1/predikat", {"capaian": "72,5"}),
)
_ROWS = [
    {
        "sasaran": f"Sasaran {i % 3}",
        "indikator": f"Indikator {i}",
        "target": str(80 + i),
        "realisasi": f"{75 + 2 * i},5",
        "capaian": "95,82" if i == 7 else "",  # one printed figure wrong: one finding
    }
    for i in range(12)
]
_TABLE = ("/v1/audit", {"rows": _ROWS})


def free_port() -> int:
    """A port nothing listens on now (loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(workers: int = 2, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``lkjip serve`` on a free loopback port in a subprocess, ready: yields its base
    URL and process id; stops it (SIGTERM, then SIGKILL) on leaving."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"lkjip serve stopped ({proc.returncode}): {err[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/openapi.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("lkjip serve did not answer within 60 s")
            time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants (uvicorn's workers), in MiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo.extend(_children(p))
    return total / 1024


def _request(path: str, body: object, port: int) -> bytes:
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


async def _client(
    port: int, deadline: float, offset: int, table_every: int, out: dict[str, list[float]]
) -> None:
    requests = [_request(p, b, port) for p, b in _SCALARS]
    table = _request(*_TABLE, port)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = offset
    try:
        while time.perf_counter() < deadline:
            n += 1
            kind = "table" if n % table_every == 0 else "scalar"
            start = time.perf_counter()
            try:
                writer.write(table if kind == "table" else requests[n % len(requests)])
                await writer.drain()
                status = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                ok = status.split()[1:2] == [b"200"] and isinstance(json.loads(body), dict)
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                ok = False
            if ok:
                out[kind].append(time.perf_counter() - start)
            else:
                out["errors"].append(1.0)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def _load(
    port: int, clients: int, seconds: float, table_every: int
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"scalar": [], "table": [], "errors": []}
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, deadline, i, table_every, out) for i in range(clients)))
    return out


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--table-every", type=int, default=5, metavar="K")
    parser.add_argument("--quick", action="store_true", help="5 clients, 2 s (the test suite)")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.seconds = 5, 2.0
    with server(args.workers) as (base, pid):
        port = int(base.rsplit(":", 1)[1])
        asyncio.run(_load(port, 4, 0.5, args.table_every))  # warm both workers up
        before = rss_mib(pid)
        start = time.perf_counter()
        out = asyncio.run(_load(port, args.clients, args.seconds, args.table_every))
        elapsed = time.perf_counter() - start
        after = rss_mib(pid)
    done = out["scalar"] + out["table"]
    errors = len(out["errors"])
    print(f"lkjip serve, {args.workers} workers; {args.clients} clients for {elapsed:.1f} s")
    print(f"requests: {len(done):,} ({len(out['table']):,} table audits), errors: {errors}")
    print(f"requests/s: {len(done) / elapsed:,.0f}")
    print(f"latency p50 {_ms(done, 0.50)}, p99 {_ms(done, 0.99)}")
    print(f"  scalar p50 {_ms(out['scalar'], 0.5)}, p99 {_ms(out['scalar'], 0.99)}")
    print(f"  table  p50 {_ms(out['table'], 0.5)}, p99 {_ms(out['table'], 0.99)}")
    print(f"server memory: {before:.1f} MiB at start, {after:.1f} MiB at end")
    return 1 if errors or not done else 0


if __name__ == "__main__":
    sys.exit(main())
