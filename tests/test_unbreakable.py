"""Issue "Unbreakable, for real": the lead's regressions beside the per-area files
(test_unbreakable_numbers, _batch, _cli, _tables, _processes), and the spec §1
amendment on a leading 0."""

from __future__ import annotations

import contextlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

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


# --- found by an adversarial run after the fixes -----------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: lkjip.capaian_batch("90", "10"),  # read as the characters '9', '0' before
        lambda: lkjip.penyerapan_batch("12", "34"),
        lambda: lkjip.capaian_batch(None, None),
        lambda: lkjip.capaian_batch(5, 5),
    ],
)
def test_a_batch_takes_columns_and_says_so(call: Any) -> None:
    with pytest.raises(lkjip.InvalidTypeError):
        call()


def test_columns_of_different_lengths_are_an_option_error() -> None:
    with pytest.raises(lkjip.InvalidOptionError, match="2 targets but 1 realisasi"):
        lkjip.capaian_batch([1, 2], [1])


@pytest.mark.parametrize(
    "call",
    [
        lambda: lkjip.rows_from_dicts(None),  # type: ignore[arg-type]
        lambda: lkjip.rows_from_dicts("abc"),  # type: ignore[arg-type]
        lambda: lkjip.read_table("a\x00b"),
        lambda: lkjip.predikat(90, scale=None),  # type: ignore[arg-type]
        lambda: lkjip.atribut(90, scale=5),  # type: ignore[arg-type]
    ],
)
def test_odd_arguments_get_a_typed_error(call: Any) -> None:
    with pytest.raises(lkjip.LKjIPError):
        call()


def test_a_row_that_is_not_a_mapping_is_reported_not_lost() -> None:
    rows = list(lkjip.rows_from_dicts([{"target": 1, "realisasi": 2}, 5]))  # type: ignore[list-item]
    assert [b.nomor for b in rows] == [1, 2] and rows[1].masalah and "mapping" in rows[1].masalah


def test_a_json_object_naming_a_column_twice_is_a_reported_row(tmp_path: Path) -> None:
    table = tmp_path / "dup.jsonl"
    table.write_text(
        '{"indikator": "A", "target": 90, "target": 50, "realisasi": 100}\n'
        '{"Target": 1, "target": 2, "realisasi": 1}\n'
        '{"target": 10, "realisasi": 9}\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["evaluate", str(table), "--format", "jsonl"])
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1 and [r["row"] for r in records] == [1, 2, 3]
    assert records[0]["capaian"] is None and "twice" in records[0]["error"]  # not 200.00
    assert records[1]["capaian"] is None and "twice" in records[1]["error"]
    assert records[2]["capaian"] == "90.00"


def test_a_csv_too_wide_for_a_spreadsheet_is_one_line(tmp_path: Path) -> None:
    table = tmp_path / "wide.csv"
    names = ";".join(f"c{i}" for i in range(cli.MAX_COLUMNS))
    table.write_text(f"indikator;target;realisasi;{names}\nA;90;100\n", encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(
                ["evaluate", str(table), "--format", fmt, "-o", str(tmp_path / f"o.{fmt}")]
            )
        assert code == 2 and err.getvalue().count("\n") == 1 and "columns" in err.getvalue()
        assert not (tmp_path / f"o.{fmt}").exists()


@pytest.mark.parametrize("mark", ["\u061c", "\u200e", "\u200f"])
def test_every_bidi_control_is_made_visible(mark: str) -> None:
    from lkjip.table.display import visible

    assert mark not in visible(f"X{mark}Y")


def test_chart_labels_with_escapes_and_lone_surrogates_draw(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    table = tmp_path / "s.jsonl"
    table.write_text(
        '{"indikator": "\\ud800", "target": 90, "realisasi": 100}\n'
        '{"indikator": "B\\u001b[2J", "target": 1, "realisasi": 5}\n',
        encoding="utf-8",
    )
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["chart", str(table), "-o", str(tmp_path / "c.png"), "--judul", "a\udcffb"])
    assert code == 0 and "\x1b" not in err.getvalue()
    assert (tmp_path / "c.png").stat().st_size > 0


def test_a_missing_pandas_column_is_a_table_error_and_a_key_error() -> None:
    pd = pytest.importorskip("pandas")
    import lkjip.pandas  # noqa: F401  (registers the accessor)
    from lkjip.table.read import TableError

    df = pd.DataFrame({"indikator": ["A"], "target": [90], "realisasi": [100]})
    for given in ("nope", 5, ["target"]):
        with pytest.raises(TableError, match="no column") as caught:
            df.lkjip.capaian(target=given)
        assert isinstance(caught.value, KeyError)
