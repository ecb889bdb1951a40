"""Shared test fixtures: where ../shared lives, and hypothesis profiles.

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
SHARED = Path(os.environ.get("LKJIP_SHARED", ROOT.parent / "shared"))

settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=600, deadline=None)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def load_cases() -> list[dict[str, Any]]:
    """Every conformance case in ../shared/cases/*.jsonl (the seed reports' figures)."""
    cases = []
    for path in sorted((SHARED / "cases").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            cases.extend(json.loads(line) for line in fh if line.strip())
    return cases
