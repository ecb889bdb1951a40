"""The field registry (issue 11): one field registry, the fast lane honouring every option,
the pandas accessor's keywords checked.

* ``lkjip.table.fields`` is the one place the record's fields are listed: the shipped JSON
  Schema equals the one it gives, and no other module spells the list (an AST check).
* ``JsonLines`` (the fast lane) writes what the general path writes whatever the
  options (``Opsi(lower_method="inverse")`` wrote 80.00 where evaluate gives 83.33).
* ``df.lkjip.capaian(realisas="r")`` is a ``TypeError`` naming the keyword.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import random
import subprocess
import sys
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip._core.context import ROUNDINGS
from lkjip.cli import JsonLines, _shown, record
from lkjip.cli.lane import compile_lane
from lkjip.errors import InvalidOptionError, InvalidTypeError
from lkjip.rules.capaian import LowerMethod
from lkjip.table import fields
from lkjip.table.evaluasi import evaluate, evaluate_row
from lkjip.table.fields import FIELD, FIELDS, FIGURES, Role
from lkjip.table.model import Opsi
from lkjip.table.read import read_table, rows_from_dicts

LKJIP = Path(fields.__file__).parent


def schema() -> dict[str, Any]:
    text = resources.files("lkjip").joinpath("schemas/evaluate.v1.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# --- the registry ----------------------------------------------------------------------


def test_the_shipped_schema_is_the_registrys() -> None:
    assert schema()["$defs"]["result"] == fields.result_schema()


def test_the_schema_names_every_field_the_record_writes_and_requires_the_rest() -> None:
    result = fields.result_schema()
    assert list(result["properties"]) == ["row", *FIGURES, "error", "penjelasan"]
    assert result["required"] == ["row", *FIGURES, "error"]  # penjelasan: with --explain only


def test_every_output_list_is_derived_from_the_registry() -> None:
    from lkjip import cli
    from lkjip.cli import lane as _lane
    from lkjip.table import read as tabel

    assert tabel.COLUMNS == fields.COLUMNS == tuple(f.name for f in FIELDS if f.column)
    assert _lane.FIGURES == cli.FIGURES == FIGURES
    assert cli._NUMERIC == {f.name for f in FIELDS if f.figure and f.kind.decimal}
    assert cli._PRINTED == {f.name for f in FIELDS if f.role is not Role.INPUT}
    pytest.importorskip("pandas")
    pandas = pytest.importorskip("lkjip.pandas")
    assert (*pandas._FIGURES, *pandas._BUDGET) == FIGURES


def test_registry_entries_are_consistent() -> None:
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    for f in FIELDS:
        assert (f.rule is None) == (f.role in (Role.INPUT, Role.RECORD)), f.name
        assert all(i in FIELD for i in f.inputs), f.name
        assert names.index(f.name) > max((names.index(i) for i in f.inputs), default=-1), f.name
        assert f.schema is not None  # its JSON parses


def test_a_records_values_are_read_by_the_registry() -> None:
    (ev,) = evaluate(rows_from_dicts([{"target": "87", "realisasi": "90"}]))
    assert FIELD["kategori"].of(ev) == 1 and FIELD["row"].of(ev) == 1
    assert FIELD["capaian"].of(ev) == Decimal("103.45")
    (none,) = evaluate(rows_from_dicts([{"target": "0", "realisasi": "90"}]))
    assert FIELD["kategori"].of(none) is None  # no atribut: no kategori


def _literal_strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [k for k in node.keys if k is not None]
    else:
        return None
    if items and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
        return [i.value for i in items]  # type: ignore[attr-defined]
    return None


def _builds_a_dict(call: ast.Call) -> bool:
    f = call.func
    return (isinstance(f, ast.Name) and f.id == "dict") or (
        isinstance(f, ast.Attribute) and f.attr == "update"
    )


def spelled_record_lists(source: str) -> list[int]:
    """The lines where ``source`` writes the record's figures out: a literal collection
    (or the keywords of ``dict(...)`` or ``.update(...)``) naming four figures or more,
    a record-only one (``kategori``, ``selisih``, ``tren``) among them; or a string
    holding three ``"figure":`` keys (a JSON template). ``__all__`` names functions,
    and ``Evaluasi(...)`` the model's attributes: neither is a record."""
    figures = set(FIGURES)
    record_only = {f.name for f in FIELDS if f.role is Role.RESULT}
    found = []
    tree = ast.parse(source)
    api = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    ]
    skip = {id(n) for a in api for n in ast.walk(a)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names = _literal_strings(node)
        if names is None and isinstance(node, ast.Call) and _builds_a_dict(node):
            names = [k.arg for k in node.keywords if k.arg is not None]
        if names is not None:
            named = figures.intersection(names)
            if len(named) >= 4 and named & record_only:
                found.append(node.lineno)  # type: ignore[attr-defined]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if sum(f'"{f}":' in node.value for f in figures) >= 3:
                found.append(node.lineno)
    return found


def test_the_check_finds_the_lists_it_looks_for() -> None:
    assert spelled_record_lists('X = ("capaian", "predikat", "atribut", "kategori")\n') == [1]
    assert spelled_record_lists('__all__ = ["capaian", "predikat", "atribut", "tren"]\n') == []
    assert spelled_record_lists("rec.update(capaian=1, predikat=2, atribut=3, tren=4)\n") == [1]
    assert spelled_record_lists('T = \', "capaian": null, "sisa": null, "tren": null\'\n')
    # a list of printed columns is no record list
    assert not spelled_record_lists('P = ("capaian", "predikat", "atribut", "kemajuan")\n')


def test_only_the_registry_spells_the_records_field_list() -> None:
    found = {
        path.name: lines
        for path in sorted(LKJIP.glob("*.py"))
        if path.name != "fields.py"
        if (lines := spelled_record_lists(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert spelled_record_lists((LKJIP / "fields.py").read_text(encoding="utf-8")) == []
    assert len(FIGURES) == 12  # (the registry builds them; the check found no literal list)


# --- the lane honours every option --------------------------------------------------


def general_lines(text: str, opsi: Opsi) -> list[str]:
    table = read_table(io.StringIO(text), format="csv")
    return [
        json.dumps(record(evaluate_row(b, opsi), b, table.columns, False), ensure_ascii=False)
        + "\n"
        for b in table
    ]


def lane_lines(text: str, opsi: Opsi) -> tuple[list[str], int]:
    table = read_table(io.StringIO(text), format="csv")
    assert table.cells is not None
    out, failed = JsonLines(table.columns, opsi)(list(table.cells))
    # JSON Lines end records with "\n" only: a U+0085 or U+2028 inside a cell is text
    return [line + "\n" for line in out.split("\n")[:-1]], failed


def test_json_lines_with_a_method_given_as_text_computes_as_evaluate() -> None:
    # issue 11: JsonLines(..., Opsi(lower_method="inverse")) wrote 80.00 (the reflected
    # method) where evaluate with the same Opsi gives 10 / 12 × 100 = 83.33
    text = "indikator,target,realisasi,arah\nAngka kematian,10,12,lower\n"
    opsi = Opsi(lower_method="inverse")  # type: ignore[arg-type]
    (line,), failed = lane_lines(text, opsi)
    assert json.loads(line)["capaian"] == "83.33"
    assert failed == 0
    (ev,) = evaluate(rows_from_dicts([{"target": "10", "realisasi": "12", "arah": "lower"}]), opsi)
    assert ev.capaian == Decimal("83.33")
    assert [line] == general_lines(text, opsi)


def test_the_lane_hands_options_it_cannot_apply_to_the_general_path() -> None:
    columns = ("indikator", "target", "realisasi")
    assert compile_lane(columns, columns, Opsi()) is not None
    unrounded = Opsi(places=None)  # type: ignore[arg-type]  # not the lane's shape
    assert compile_lane(columns, columns, attrs.evolve(unrounded)) is None
    text = "indikator,target,realisasi,arah\nX,10,12,lower\n"
    assert lane_lines(text, unrounded)[0] == general_lines(text, unrounded)  # never a crash
    # options no table can apply never get as far as the lane: Opsi refuses them
    for bad in ({"places": -1}, {"rounding": "half"}, {"lower_method": "sideways"}):
        with pytest.raises(InvalidOptionError):
            Opsi(**bad)  # type: ignore[arg-type]

    @attrs.frozen
    class More(Opsi):
        tahun: int = 2023  # an option the lane has not been taught

    assert compile_lane(columns, columns, More()) is None


_PLAIN = st.integers(0, 10**7).map(str)
_COMMA = st.builds(lambda a, b: f"{a},{b}", st.integers(0, 10**5), st.integers(0, 999))
_GROUPED = st.integers(1000, 10**13).map(lambda n: f"{n:,}".replace(",", "."))
_ODD = st.sampled_from(
    [
        *("", " ", "-", "0", "0,00", " 87 ", "7-8", "7 s.d 8", "8-7", "B", "1.2.3", "12.5"),
        *("−5", "Rp 1.000", "9" * 40, "1" + "0" * 30 + ",5", "0,000001", "100%", "1e5", "nan"),
    ]
)
_NUMBER = st.one_of(_PLAIN, _PLAIN, _COMMA, _GROUPED, _ODD)  # mostly figures the lane reads
_ARAH = st.sampled_from(["", "higher", "lower", "positif", "negatif", "Lower", " lower", "x"])
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=5)
_CELLS = {
    "indikator": _TEXT,
    "sasaran": _TEXT,
    "keterangan": _TEXT,  # not read: passed through
    "arah": _ARAH,
    "target": _NUMBER,
    "realisasi": _NUMBER,
    "pagu": _NUMBER,
    "realisasi_anggaran": _NUMBER,
    # columns only the general path takes
    "target_akhir": _NUMBER,
    "realisasi_lalu": _NUMBER,
    "capaian": _NUMBER,
    "level": st.sampled_from(["", "program", "kegiatan", "x"]),
    "kategori": _TEXT,  # a record field as an input column: replaced, not passed through
}
_METHODS = st.sampled_from([*LowerMethod, *(m.value for m in LowerMethod)])
_ROUNDINGS = st.sampled_from(sorted(ROUNDINGS))


@st.composite
def tables(draw: st.DrawFn) -> str:
    names = draw(st.sets(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=6))
    if draw(st.booleans()):
        names |= {"target", "realisasi", "arah"}
    if draw(st.booleans()):
        names |= {"pagu", "realisasi_anggaran"}
    header = draw(st.permutations(sorted(names)))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(1, 6))):
        row = [draw(_CELLS[c]) for c in header]
        if draw(st.integers(0, 9)) == 0:
            row = row[:-1]  # a short row
        writer.writerow(row)
    return buf.getvalue()


@given(tables(), st.integers(0, 8), _ROUNDINGS, _METHODS)
def test_json_lines_write_what_the_general_path_writes(
    text: str, places: int, rounding: str, method: LowerMethod | str
) -> None:
    opsi = Opsi(lower_method=method, places=places, rounding=rounding)  # type: ignore[arg-type]
    lines, failed = lane_lines(text, opsi)
    expected = general_lines(text, opsi)
    assert lines == expected
    assert failed == sum(json.loads(x)["error"] is not None for x in expected)


def _big_table(rows: int) -> str:
    """Rows of every kind the property test draws, enough that ``--jobs 2`` starts
    workers (more than 8 chunks of 1,024 rows)."""
    rnd = random.Random(11)
    cells = ["87", "91,72", "0", "", "7-8", "B", "1.234,5", "12", "10", "-", "9" * 40, "0,5"]
    arah = ["", "higher", "lower", "negatif", "x"]
    lines = ["indikator;target;realisasi;arah;pagu;realisasi_anggaran"]
    for i in range(rows):
        t, r, p, ra = (rnd.choice(cells) for _ in range(4))
        lines.append(f"I{i};{t};{r};{rnd.choice(arah)};{p};{ra}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_line_writes_the_general_records_with_and_without_workers(
    tmp_path: Path, jobs: str
) -> None:
    text = _big_table(8 * 1024 + 300)
    path = tmp_path / "big.csv"
    path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "lkjip", "evaluate", str(path), "--format", "jsonl"]
    options = ["--jobs", jobs, "--lower-method", "inverse", "--places", "3", "--rounding", "down"]
    result = subprocess.run(
        [*command, *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.stderr == ""
    opsi = Opsi(lower_method=LowerMethod.INVERSE, places=3, rounding=ROUND_DOWN)
    assert result.stdout == "".join(general_lines(text, opsi))
    assert result.returncode == 1  # rows with a target of 0, a letter grade, ...


@pytest.mark.parametrize("rounding", [ROUND_HALF_UP, ROUND_HALF_EVEN])
def test_json_lines_with_a_rounding_given_as_text_is_the_general_path(rounding: str) -> None:
    text = "target,realisasi\n8,1.0001\n3,1\n"
    opsi = Opsi(places=1, rounding=str(rounding))
    assert lane_lines(text, opsi)[0] == general_lines(text, opsi)
    assert _shown(("target", "realisasi", "kategori")) == ("target", "realisasi")


# --- the pandas accessor's keywords ------------------------------------------------


def test_a_misspelt_column_keyword_is_a_type_error_naming_it() -> None:
    pd = pytest.importorskip("pandas")
    import lkjip.pandas  # noqa: F401  (registers df.lkjip)

    df = pd.DataFrame({"t": [10, 87], "r": [12, 90]})
    assert [str(v) for v in df.lkjip.capaian(target="t", realisasi="r")] == ["120.00", "103.45"]
    # issue 11: realisas= (a typo) was taken as a column name and every capaian was <NA>
    with pytest.raises(TypeError, match=r"'realisas'.*did you mean 'realisasi'"):
        df.lkjip.capaian(target="t", realisas="r")
    with pytest.raises(InvalidTypeError, match="'dtype'"):  # capaian, evaluate take a dtype
        df.lkjip.audit(dtype="decimal")
    with pytest.raises(InvalidTypeError, match=r"audit.*'arah_'"):
        df.lkjip.audit(arah_="x")


@given(st.text(min_size=1, max_size=12))
def test_the_accessor_takes_exactly_the_registrys_column_names(keyword: str) -> None:
    pd = pytest.importorskip("pandas")
    import lkjip.pandas  # noqa: F401

    df = pd.DataFrame({"target": [87], "realisasi": [90]})
    if keyword in fields.COLUMNS:
        df.lkjip.evaluate(**{keyword: None})  # None: leave that column unused
    else:
        with pytest.raises(TypeError) as info:
            df.lkjip.evaluate(**{keyword: "target"})
        assert repr(keyword)[:40] in str(info.value)


def test_the_audit_lists_a_rows_findings_in_the_registrys_order() -> None:
    from lkjip.table.audit import FIELDS as AUDITED

    # every field a finding names is one of the registry's: the row, the inputs, then the
    # printed figures, each in the registry's order; a finding can name each printed
    # figure and each input column the rules read
    order = [f.name for f in FIELDS]
    cut = len(AUDITED) - len(fields.PRINTED)
    head, inputs, printed = AUDITED[0], AUDITED[1:cut], AUDITED[cut:]
    assert head == "row" and printed == fields.PRINTED
    assert all(FIELD[f].role is Role.INPUT for f in inputs)
    assert [order.index(f) for f in inputs] == sorted(order.index(f) for f in inputs)
    assert set(fields.PRINTED) <= set(AUDITED)
    assert {"target", "realisasi", "arah", "level", "pagu", "realisasi_anggaran"} <= set(AUDITED)
    # the order a row's findings come in: an unknown arah before a wrong capaian
    rows = [{"target": "10", "realisasi": "8", "arah": "naik", "capaian": "90"}]
    from lkjip import audit

    assert [t.field for t in audit(rows_from_dicts(rows)).findings] == ["arah", "capaian"]
