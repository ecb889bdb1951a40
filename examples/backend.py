"""lkjip as a calculation backend: JSON in, JSON out, through the command line.

Another program (a web system, a pipeline) sends rows as JSON Lines on stdin and
reads one JSON document back; nothing but the ``lkjip`` command is shared. This
script does it from Python with ``subprocess``:

    python examples/backend.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def lkjip(command: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Run ``lkjip COMMAND - --format json`` on ``rows``; exit 0 and 1 both carry a result."""
    proc = subprocess.run(
        [sys.executable, "-m", "lkjip", command, "-", "--format", "json"],
        input="".join(json.dumps(r) + "\n" for r in rows),
        capture_output=True,
        text=True,
    )
    if proc.returncode == 2:  # unreadable input: the reason is one line on stderr
        raise RuntimeError(proc.stderr.strip())
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def main() -> None:
    rows = [  # Dumai Timur LKjIP 2023, Tabel 3.4 (l.774) and Tabel 3.7 (l.875)
        {
            "indikator": "Indeks Kepuasan Masyarakat",
            "target": 87,
            "realisasi": "91,7",
            "capaian": "105,42",
        },
        {"indikator": "Trantibum", "target": "100", "realisasi": "100", "capaian": "100"},
        {
            "nama": "Bimtek implementasi peraturan",
            "pagu": "0",
            "realisasi_anggaran": "0",
            "penyerapan": "0,00",
        },
    ]
    evaluated = lkjip("evaluate", rows)
    for r in evaluated["results"]:
        print(
            r["row"], r.get("indikator") or r.get("nama"), r["capaian"], r["predikat"], r["error"]
        )
    audited = lkjip("audit", rows)
    print(f"{len(audited['findings'])} findings ({audited['schema']}):")
    for f in audited["findings"]:
        print(f"  row {f['row']} {f['field']}: {f['message']}")


if __name__ == "__main__":
    main()
