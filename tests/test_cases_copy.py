"""The repository's copy of the calculation cases still equals the project's shared copy.

The cases in ``tests/data/cases/`` were read by hand from the three example reports in
``examples/laporan/``. On this project's own machines a newer copy may sit in
``../shared/cases/`` beside the repository; when it does, this test checks the
repository's copy carries the same figures, and skips (saying so) everywhere else.
Refresh the copy with ``python tests/test_cases_copy.py ../shared/cases``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CASES_DIR, REPORTS, load_cases

SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"

# the shared file's name of each report -> the name of its copy under examples/laporan/
SOURCE_OF = {
    "000_71d42e6bfe690a5b.txt": "lkjip-2023-kecamatan-medang-kampai.txt",
    "001_de83ee42eacbea98.txt": "lkjip-2023-kecamatan-dumai-timur.txt",
    "004_f9d2e1f22057cf4b.txt": "lkjip-2023-setda-kota-dumai.txt",
}


def carried(shared: dict[str, Any]) -> dict[str, Any]:
    """The figures of one shared case, in the repository's field names."""
    return {
        "id": shared["id"],
        "report": SOURCE_OF[shared["seed"]],
        "line": shared["line"],
        "kind": shared["kind"],
        "inputs": shared["inputs"],
        "printed": shared["reported"],
        "expected": shared["expected"],
        "agrees": shared["agrees"],
    }


def read_shared(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The shared cases of each report, as the repository carries them."""
    by_report: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = carried(json.loads(line))
                by_report.setdefault(case["report"], []).append(case)
    return by_report


def write_copy(folder: Path) -> None:
    for report, cases in read_shared(folder).items():
        out = CASES_DIR / report.replace(".txt", ".jsonl")
        out.write_text(
            "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8"
        )


def test_the_copy_equals_the_shared_cases() -> None:
    if not SHARED_CASES.is_dir():
        pytest.skip(f"no shared cases at {SHARED_CASES}: nothing to compare the copy with")
    shared = [c for cases in read_shared(SHARED_CASES).values() for c in cases]
    assert shared, "the shared folder holds no cases"
    assert sorted(load_cases(), key=lambda c: c["id"]) == sorted(shared, key=lambda c: c["id"])


def test_every_case_points_into_a_shipped_report() -> None:
    for case in load_cases():
        lines = (REPORTS / case["report"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= case["line"] <= len(lines), case["id"]


if __name__ == "__main__":
    write_copy(Path(sys.argv[1]))
