"""Shared test fixtures: the calculation cases, the example reports, hypothesis profiles,
and the skips of the lean ``test`` extra.

Profiles: ``ci`` (default, quick), ``dev`` (more examples) and ``long`` (the
on-demand soak): ``HYPOTHESIS_PROFILE=long python -m pytest tests``.
"""

from __future__ import annotations

import decimal
import doctest
import importlib.util
import json
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from _pytest.doctest import DoctestItem, DoctestModule
from hypothesis import HealthCheck, settings

from lkjip.errors import MissingExtraError

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


# --- the lean test extra: what needs an integration skips, one test at a time -----------
#
# ``pip install -e '.[test]'`` has pytest, hypothesis and jsonschema, not the
# integrations. A test that needs one calls ``pytest.importorskip`` itself or carries
# ``@pytest.mark.needs("pandas", ...)`` (module names; each missing one skips the test,
# the reason names it). A doctest of lkjip/ or docs/ cannot: the hooks below skip a
# doctest module that cannot be imported without an extra (lkjip/pandas.py), and a
# doctest that stops on a missing optional package (MissingExtraError, or
# ModuleNotFoundError of a package that is indeed not installed), with the message
# as the reason. Any other failure stays a failure.


def missing(*modules: str) -> list[str]:
    """The modules of ``modules`` that cannot be imported here."""
    absent = []
    for name in modules:
        try:
            found = importlib.util.find_spec(name) is not None
        except ImportError:  # a parent package is missing (dask.dataframe without dask)
            found = False
        if not found:
            absent.append(name)
    return absent


class Absent:
    """What ``optional`` gives for a module that is not installed: any attribute, call or
    item of it is another ``Absent``, so a test file's module-level names (a
    parametrize list of ``np.int8``, ...) still evaluate; its tests skip (``needs``)
    before one of them is used."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"<{self._name}: not installed>"

    def __getattr__(self, attr: str) -> Absent:
        if attr.startswith("__"):  # not a module's name: inspect, copy, doctest look these up
            raise AttributeError(attr)
        return Absent(f"{self._name}.{attr}")

    def __call__(self, *args: object, **kwargs: object) -> Absent:
        return Absent(f"{self._name}(...)")

    def __getitem__(self, key: object) -> Absent:
        return Absent(f"{self._name}[...]")


def optional(module: str) -> Any:
    """``module`` imported, or an ``Absent`` when it (or the extra a module of lkjip
    needs) is not installed; any other import error is raised. A test file that
    imports an extra so marks its tests ``pytestmark = pytest.mark.needs(...)``:
    each skips on its own, the file is still collected."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if _missing_package(exc) is None:
            raise
        return Absent(module)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*modules): skip the test when one of the modules is not installed"
    )
    # A plugin, not a conftest hook: the doctests of lkjip/ and docs/ are outside tests/.
    if not config.pluginmanager.has_plugin("lkjip-lean-extras"):
        config.pluginmanager.register(_LeanExtras(), "lkjip-lean-extras")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        absent = missing(*(m for mark in item.iter_markers("needs") for m in mark.args))
        if absent:
            reason = f"needs {', '.join(absent)} (not installed; pip install -e '.[dev]')"
            item.add_marker(pytest.mark.skip(reason=reason))


def _missing_package(exc: BaseException) -> str | None:
    """Why ``exc`` is an absent optional package, or None when it is something else
    (pytest's collection error is followed to the ImportError it was raised from)."""
    while exc.__cause__ is not None and not isinstance(exc, ImportError):
        exc = exc.__cause__
    if isinstance(exc, MissingExtraError):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        top = exc.name.split(".")[0]
        if top != "lkjip" and missing(top):
            return f"needs {top} (not installed)"
    return None


class _LeanExtras:
    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        if report.failed and isinstance(collector, DoctestModule):
            name = collector.path.stem
            try:  # the import the collection failed on, again, to see its exception
                collector.obj  # noqa: B018
            except BaseException as exc:
                reason = _missing_package(exc)
                if reason is not None:
                    report.outcome = "skipped"
                    report.longrepr = (str(collector.path), 0, f"Skipped: {reason} ({name})")
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.failed and call.when == "call" and isinstance(item, DoctestItem):
            failure = call.excinfo.value if call.excinfo is not None else None
            if isinstance(failure, doctest.UnexpectedException):
                reason = _missing_package(failure.exc_info[1])
                if reason is not None:
                    report.outcome = "skipped"
                    report.longrepr = (str(item.path), failure.example.lineno, f"Skipped: {reason}")
        return report


def context_state(context: decimal.Context) -> tuple[object, ...]:
    """Everything a decimal context holds: a caller's context compares equal after a call
    exactly when lkjip left it as it was (spec §1)."""
    return (
        context.prec,
        context.rounding,
        context.Emax,
        context.Emin,
        context.clamp,
        context.capitals,
        dict(context.traps),
        dict(context.flags),
    )


class Calls:
    """A function that counts its calls (``calls``), for a test to see that a path ran:
    ``monkeypatch.setattr(module, "name", spy := Calls(module.name))``."""

    def __init__(self, function: Any) -> None:
        self.function, self.calls = function, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.function(*args, **kwargs)
