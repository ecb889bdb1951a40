"""Shared test fixtures: the calculation cases, the example reports, hypothesis profiles.

Profiles: ``ci`` (default, quick), ``dev`` (more examples) and ``long`` (the
on-demand soak): ``HYPOTHESIS_PROFILE=long python -m pytest tests``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "data" / "cases"
"""Every calculation of the example reports, one JSON object a line (its README says more)."""
REPORTS = ROOT / "examples" / "laporan"
"""The example reports as text: LKjIP 2023 of three Kota Dumai offices."""

settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=600, deadline=None)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def load_cases() -> list[dict[str, Any]]:
    """Every calculation case in tests/data/cases/*.jsonl (the example reports' figures)."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            cases.extend(json.loads(line) for line in fh if line.strip())
    return cases
