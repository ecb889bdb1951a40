"""Issue "Unbreakable, for real": the lead's regressions beside the per-area files
(test_unbreakable_h1.py … _h5.py), and the spec §1 amendment on a leading 0."""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from pathlib import Path

import pytest

import lkjip
from lkjip import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "004_capaian_kinerja.csv"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.500", "0.5"),  # spec §1 amended: a leading 0 cannot group thousands
        ("0.125", "0.125"),
        ("-0.750", "-0.75"),
        ("0.5", "0.5"),
        ("1.500", "1500"),  # any other leading group still groups thousands
        ("10.500.000", "10500000"),
    ],
)
def test_a_leading_zero_group_makes_the_dot_a_decimal_point(text: str, value: str) -> None:
    assert lkjip.parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["0.500.000", "0,500,000", "0.500,25"])
def test_a_leading_zero_group_never_groups_thousands(text: str) -> None:
    with pytest.raises(lkjip.InvalidNumberError, match="cannot"):
        lkjip.parse_number(text)


def test_no_memory_to_finish_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object, **kwargs: object) -> int:
        raise MemoryError

    monkeypatch.setattr(cli, "_audit", exhausted)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["audit", str(EXAMPLE)])
    assert code == 2
    assert err.getvalue().count("\n") == 1 and "memory" in err.getvalue()
