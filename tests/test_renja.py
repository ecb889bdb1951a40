"""The Renja evaluation (Formulir E.81, spec §15), its table and audit, the CLI's
``--form e81`` and the portable conformance file.

Expected figures come from the spec's formulas computed here over exact fractions
(``reference``), or by hand in the test; never from lkjip.
"""

from __future__ import annotations

import decimal
import importlib.util
import inspect
import io
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip import Akumulasi, evaluasi_renja
from lkjip.errors import InvalidOptionError, InvalidTypeError, NotComputableError
from lkjip.table.read import rows_from_dicts
from lkjip.table.renja import KOLOM, audit_e81, evaluate_e81, read_e81

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "e81_kecamatan.csv"
CONFORMANCE = ROOT / "lkjip" / "rules" / "data" / "_conformance.json"


# --- an independent reference over exact fractions ---------------------------------------


def _round(value: Fraction, places: int = 2) -> Decimal:
    """Half-up (away from zero) at ``places`` decimals."""
    scaled = abs(value) * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def _predikat(c: Decimal) -> str:
    for bound, label in ((90, "Sangat Tinggi"), (75, "Tinggi"), (65, "Sedang"), (50, "Rendah")):
        if c > bound:
            return label
    return "Sangat Rendah"


def _cap(t: Fraction, r: Fraction, direction: str, method: str) -> Fraction:
    if direction == "higher":
        return r / t * 100
    return (2 * t - r) / t * 100 if method == "reflected" else t / r * 100


def reference(
    t5: int | None,
    t6: int | None,
    t7: int,
    tw: list[int | None],
    how: str = "jumlah",
    direction: str = "higher",
    method: str = "reflected",
) -> dict[str, Any]:
    got = [Fraction(v) for v in tw if v is not None]
    whole = sum(got, Fraction(0))
    r12 = {"jumlah": whole, "akhir": got[-1], "rata_rata": whole / len(got)}[how]
    if t6 is None or how == "akhir":
        r14 = r12
    else:
        r14 = t6 + r12 if how == "jumlah" else (t6 + r12) / 2
    c13 = _round(_cap(Fraction(t7), r12, direction, method))
    out = {"r12": r12, "r14": r14, "c13": c13, "p13": _predikat(c13), "c15": None, "p15": None}
    if t5 is not None:
        c15 = _round(_cap(Fraction(t5), r14, direction, method))
        out.update(c15=c15, p15=_predikat(c15))
    return out


def _agrees(e: lkjip.EvaluasiRenja, ref: dict[str, Any]) -> None:
    for got, exact in ((e.realisasi, ref["r12"]), (e.realisasi_renstra, ref["r14"])):
        if exact.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100) and e.akumulasi != "rata_rata":
            assert Fraction(got) == exact
        else:
            assert got == _round(exact)
    assert e.capaian_renja == ref["c13"] and str(e.capaian_renja) == str(ref["c13"])
    assert str(e.predikat_renja) == ref["p13"]
    assert e.capaian_renstra == ref["c15"]
    assert (None if e.predikat_renstra is None else str(e.predikat_renstra)) == ref["p15"]


# --- the rule ----------------------------------------------------------------------------


def test_the_spec_example_by_hand() -> None:
    # 12 = 20 + 25 + 30 + 10 = 85; 13 = 85 / 100 = 85 % (Tinggi: > 75, ≤ 90);
    # 14 = 300 + 85 = 385; 15 = 385 / 500 = 77 % (Tinggi)
    e = evaluasi_renja(500, 300, 100, [20, 25, 30, 10])
    assert (e.realisasi, e.capaian_renja, e.realisasi_renstra, e.capaian_renstra) == (
        Decimal(85),
        Decimal("85.00"),
        Decimal(385),
        Decimal("77.00"),
    )
    assert e.predikat_renja == e.predikat_renstra == lkjip.Predikat.TINGGI
    assert e.penjelasan("id") == (
        "Kolom 12 = 20 + 25 + 30 + 10 = 85 (jumlah triwulan)",
        "Kolom 13 = 85 / 100 × 100% = 85,00% → Tinggi",
        "Kolom 14 = 300 + 85 = 385 (kolom 6 + kolom 12)",
        "Kolom 15 = 385 / 500 × 100% = 77,00% → Tinggi",
    )


@pytest.mark.parametrize(
    ("how", "r12", "r14", "c13", "c15"),
    [
        # triwulan 93, 95, 96, 97; kolom 6 = 90; target Renja 100, Renstra 400
        ("jumlah", "381", "471", "381.00", "117.75"),  # 93+95+96+97; 90+381
        ("akhir", "97", "97", "97.00", "24.25"),  # the last; 14 = 12
        ("rata_rata", "95.25", "92.63", "95.25", "23.16"),  # 381/4; (90 + 95,25)/2 = 92,625
    ],
)
def test_each_akumulasi_by_hand(how: str, r12: str, r14: str, c13: str, c15: str) -> None:
    e = evaluasi_renja(400, 90, 100, [93, 95, 96, 97], akumulasi=how)
    assert e.akumulasi is Akumulasi(how)
    assert (str(e.realisasi), str(e.realisasi_renstra)) == (r12, r14)
    assert (str(e.capaian_renja), str(e.capaian_renstra)) == (c13, c15)


def test_a_mean_is_divided_once() -> None:
    # (97 + 98 + 98) / 3 = 97,666…; 13 from the exact mean: 97,666… / 100 = 97,67;
    # against a target of 3: 97,666… / 3 × 100 = 3255,555… → 3255,56 (not 97,67 / 3 = 3255,67)
    e = evaluasi_renja(None, None, 3, [97, None, 98, 98], akumulasi="rata_rata")
    assert e.realisasi == Decimal("97.67")
    assert e.capaian_renja == Decimal("3255.56")


@pytest.mark.parametrize(
    ("method", "c13", "c15"),
    [
        ("reflected", "125.00", "147.00"),  # (40 − 15) / 20; (200 − 53) / 100
        ("inverse", "133.33", "188.68"),  # 20 / 15; 100 / 53
    ],
)
def test_lower_is_better_by_hand(method: str, c13: str, c15: str) -> None:
    e = evaluasi_renja(100, 38, 20, [6, 4, 5, None], direction="lower", lower_method=method)
    assert (e.realisasi, e.realisasi_renstra) == (Decimal(15), Decimal(53))
    assert (str(e.capaian_renja), str(e.capaian_renstra)) == (c13, c15)
    assert e.rumus == method


def test_a_blank_triwulan_is_not_reported_and_not_zero() -> None:
    blank = evaluasi_renja(500, 300, 100, [20, None, 30, "-"], akumulasi="rata_rata")
    zero = evaluasi_renja(500, 300, 100, [20, 0, 30, 0], akumulasi="rata_rata")
    assert blank.tidak_dilaporkan == ("II", "IV")
    assert zero.tidak_dilaporkan == ()
    assert blank.realisasi == Decimal("25.00") and zero.realisasi == Decimal("12.50")
    assert "triwulan II, IV tidak dilaporkan" in blank.penjelasan("id")[0]
    last = evaluasi_renja(500, 300, 100, ["94,10", "95,02", "", None], akumulasi="akhir")
    assert last.realisasi == Decimal("95.02")
    assert last.penjelasan("id")[0] == (
        "Kolom 12 = 95,02 (triwulan II, triwulan terakhir yang dilaporkan; "
        "triwulan III, IV tidak dilaporkan)"
    )


def test_refusals() -> None:
    with pytest.raises(NotComputableError, match="no triwulan is reported"):
        evaluasi_renja(500, 300, 100, [None, None, "", "-"])
    with pytest.raises(NotComputableError, match=r"kolom 13.*target_renja is 0"):
        evaluasi_renja(500, 300, 0, [1, 2, 3, 4])
    with pytest.raises(NotComputableError, match=r"kolom 13.*target_renja is blank"):
        evaluasi_renja(500, 300, None, [1, 2, 3, 4])
    with pytest.raises(NotComputableError, match=r"kolom 15.*target_renstra is 0"):
        evaluasi_renja(0, 300, 10, [1, 2, 3, 4])
    with pytest.raises(InvalidTypeError, match="four triwulan"):
        evaluasi_renja(500, 300, 100, [1, 2, 3])
    with pytest.raises(InvalidOptionError, match="unknown akumulasi"):
        evaluasi_renja(500, 300, 100, [1, 2, 3, 4], akumulasi="median")
    with pytest.raises(lkjip.InvalidNumberError):
        evaluasi_renja(500, 300, 100, [1, "abc", 3, 4])


def test_the_result_is_frozen_and_the_context_untouched() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec, ctx.rounding = 5, decimal.ROUND_FLOOR
        e = evaluasi_renja("1.000.000,5", 0, "3", ["1", "1", "1", None], akumulasi="rata_rata")
        assert (ctx.prec, ctx.rounding) == (5, decimal.ROUND_FLOOR)
    assert e.capaian_renja == Decimal("33.33")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        e.realisasi = Decimal(1)  # type: ignore[misc]


def test_the_scale_in_use_and_the_rounding() -> None:
    # 90,5 % is Sangat Tinggi on Permendagri 86/2017 (> 90), Tinggi on the lower-bound variant
    args = (None, None, 200, [181, None, None, None])
    assert evaluasi_renja(*args).predikat_renja == "Sangat Tinggi"
    lower = lkjip.variant("predikat_batas_bawah")
    assert evaluasi_renja(*args, scale=lower).predikat_renja == "Tinggi"  # type: ignore[arg-type]
    # 2 / 3 = 66,666…: truncated 66,66, half-up 66,67
    e = evaluasi_renja(None, None, 3, [2, None, None, None], rounding="ROUND_DOWN")
    assert e.capaian_renja == Decimal("66.66")


small = st.integers(min_value=0, max_value=10_000)
quarter = st.one_of(st.none(), small)


@given(
    t5=st.one_of(st.none(), st.integers(1, 50_000)),
    t6=st.one_of(st.none(), small),
    t7=st.integers(1, 10_000),
    tw=st.lists(quarter, min_size=4, max_size=4).filter(lambda q: any(v is not None for v in q)),
    how=st.sampled_from(["jumlah", "akhir", "rata_rata"]),
    arah=st.sampled_from([("higher", "reflected"), ("lower", "reflected"), ("lower", "inverse")]),
)
def test_every_option_against_the_fraction_reference(
    t5: int | None,
    t6: int | None,
    t7: int,
    tw: list[int | None],
    how: str,
    arah: tuple[str, str],
) -> None:
    direction, method = arah
    try:
        ref = reference(t5, t6, t7, tw, how, direction, method)
    except ZeroDivisionError:  # the inverse method over a realisasi of 0: no capaian
        assert (direction, method) == ("lower", "inverse")
        with pytest.raises(NotComputableError):
            evaluasi_renja(t5, t6, t7, tw, akumulasi=how, direction=direction, lower_method=method)
        return
    e = evaluasi_renja(t5, t6, t7, tw, akumulasi=how, direction=direction, lower_method=method)
    _agrees(e, ref)
    assert e.tidak_dilaporkan == tuple(
        n for n, v in zip(("I", "II", "III", "IV"), tw, strict=True) if v is None
    )


# --- the table, the audit, the CLI -------------------------------------------------------


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_the_example_evaluates_as_the_reference_gives() -> None:
    rows = list(evaluate_e81(EXAMPLE))
    assert len(rows) == 7 and all(r.ok for r in rows)
    ikm = rows[0]
    assert ikm.k is not None and ikm.rp is None
    # the IKM: level, the last triwulan 95,82 against 87 and the Renstra's 88
    assert (ikm.k.capaian_renja, ikm.k.capaian_renstra) == (Decimal("110.14"), Decimal("108.89"))
    gangguan = rows[5]  # lower is better, triwulan IV not reported
    assert gangguan.k is not None and gangguan.k.tidak_dilaporkan == ("IV",)
    _agrees(gangguan.k, reference(100, 38, 20, [6, 4, 5, None], "jumlah", "lower"))
    penunjang = rows[1].rp  # Rp of Program Penunjang: 7.504.381.601,58 of 7.657.524.658
    assert penunjang is not None
    assert penunjang.realisasi == Decimal("7504381601.58")
    assert penunjang.capaian_renja == _round(Fraction("750438160158") / 765752465800 * 100)


def test_the_audit_finds_the_wrong_column_13_and_nothing_else() -> None:
    result = audit_e81(EXAMPLE)
    assert result.rows == 7
    assert [(t.row, t.field, t.reported, t.expected) for t in result.findings] == [
        (1, "capaian_renja_k", "110.80", "110.14")  # 95,82 / 87 × 100 = 110,1379…
    ]
    assert "95,82 / 87 × 100%" in result.findings[0].message
    # every printed column 12–15 and predikat of the 12 lines (7 K, 5 Rp) was compared
    assert len(result.checked) == 12 * 6 and result.agreeing == 12 * 6 - 1


def _table(**cells: str) -> list[dict[str, str]]:
    row = {"indikator": "x", "target_renstra_k": "500", "realisasi_renstra_lalu_k": "300"}
    row |= {"target_renja_k": "100", "tw1_k": "20", "tw2_k": "25", "tw3_k": "30", "tw4_k": "10"}
    return [row | cells]


@pytest.mark.parametrize(
    ("printed", "field", "expected"),
    [
        ({"realisasi_k": "95"}, "realisasi_k", "85"),
        ({"realisasi_k": "85", "capaian_renja_k": "85,5"}, "capaian_renja_k", "85.0"),
        ({"capaian_renja_k": "85", "predikat_renja_k": "Sedang"}, "predikat_renja_k", "Tinggi"),
        ({"realisasi_renstra_k": "386"}, "realisasi_renstra_k", "385"),
        ({"capaian_renstra_k": "77,1"}, "capaian_renstra_k", "77.0"),
        ({"predikat_renstra_k": "Sangat Tinggi"}, "predikat_renstra_k", "Tinggi"),
    ],
)
def test_each_printed_column_is_checked(printed: dict[str, str], field: str, expected: str) -> None:
    result = audit_e81(rows_from_dicts(_table(**printed)))
    assert [(t.field, t.expected) for t in result.findings] == [(field, expected)]


def test_printed_figures_are_read_as_the_inputs_of_the_next() -> None:
    # a wrong 12 is one finding; 13 is checked against the printed 12 (95 / 100), not again
    result = audit_e81(rows_from_dicts(_table(realisasi_k="95", capaian_renja_k="95,00")))
    assert [t.field for t in result.findings] == ["realisasi_k"]
    # truncation agrees (§10): 2/3 printed 66,66
    result = audit_e81(
        rows_from_dicts([{"target_renja_k": "3", "tw1_k": "2", "capaian_renja_k": "66,66"}])
    )
    assert result.findings == () and result.agreeing == 1


def test_an_unreadable_cell_or_option_is_a_finding_and_the_row_goes_on() -> None:
    rows = _table(tw2_k="2,5,5") + _table(akumulasi="median", capaian_renja_k="1")
    rows += _table(capaian_renja_k="85")
    result = audit_e81(rows_from_dicts(rows))
    assert [(t.row, t.field) for t in result.findings] == [(1, "tw2_k"), (2, "akumulasi")]
    evaluated = list(evaluate_e81(rows_from_dicts(rows)))
    assert [h.ok for h in evaluated] == [False, False, True]
    assert "median" in evaluated[1].masalah[0][1]


def test_kolom_names_every_column_once() -> None:
    names = [k.name for k in KOLOM]
    assert len(names) == len(set(names))
    assert {k.nomor for k in KOLOM if k.baris == "k"} == set(range(5, 16))
    header = EXAMPLE.read_text(encoding="utf-8").splitlines()[0].split(";")
    assert set(header) <= set(names)
    assert next(read_e81(io.StringIO(EXAMPLE.read_text(encoding="utf-8")))).nomor == 1


def test_cli_evaluate_form_e81_json() -> None:
    proc = _run("evaluate", "--form", "e81", "--format", "json", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["schema"], doc["form"], doc["rows"], doc["errors"]) == (
        "lkjip/renja/v1",
        "e81",
        7,
        0,
    )
    k = doc["results"][0]["k"]
    assert (k["capaian_renja"], k["predikat_renja"]) == ("110.14", "Sangat Tinggi")
    assert k["penjelasan"][1] == "Kolom 13 = 95,82 / 87 × 100% = 110,14% → Sangat Tinggi"
    assert doc["results"][5]["k"]["tidak_dilaporkan"] == ["IV"]
    assert doc["results"][0]["rp"] is None


def test_cli_audit_form_e81_finds_the_wrong_column_13() -> None:
    proc = _run("audit", "--form", "e81", "--format", "json", str(EXAMPLE))
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "lkjip/renja/v1" and doc["rows"] == 7
    assert [(f["row"], f["field"], f["reported"], f["expected"]) for f in doc["findings"]] == [
        (1, "capaian_renja_k", "110.80", "110.14")
    ]
    text = _run("audit", "--form", "e81", str(EXAMPLE))
    assert text.returncode == 1 and "capaian_renja_k" in text.stdout


def test_cli_form_e81_usage_errors_are_one_line() -> None:
    proc = _run("evaluate", "--form", "e81", "-", stdin="a;b\n1;2\n")
    assert proc.returncode == 2
    assert "missing required column" in proc.stderr and "target_renja_k" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    proc = _run("evaluate", "--form", "e81", "--format", "csv", str(EXAMPLE))
    assert proc.returncode == 2 and "json or table" in proc.stderr


# --- the portable conformance file -------------------------------------------------------


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_conformance", ROOT / "tools" / "build_conformance.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_conformance_file_is_what_the_script_builds() -> None:
    assert CONFORMANCE.read_text(encoding="utf-8") == _builder().build()


def test_the_export_is_the_shipped_file(tmp_path: Path) -> None:
    out = tmp_path / "conformance.json"
    proc = _run("conformance", "--export", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == CONFORMANCE.read_bytes()


def _call(case: dict[str, Any]) -> Any:
    """A case computed as another implementation would: by its rule's name, the inputs
    by name, ``places`` and ``rounding`` when given."""
    function = getattr(lkjip, case["rule"])
    params = inspect.signature(function).parameters
    args, kwargs = [], {}
    for name, value in case["inputs"].items():
        if params[name].kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = value
        else:
            args.append(value)
    if "places" in case:
        kwargs |= {"places": case["places"], "rounding": case["rounding"]}
    return function(*args, **kwargs)


def test_lkjip_passes_its_own_conformance_file() -> None:
    doc = json.loads(CONFORMANCE.read_text(encoding="utf-8"))
    assert doc["schema"] == "lkjip/conformance/v1" and doc["count"] == len(doc["cases"])
    assert doc["count"] == 957 + sum(1 for c in doc["cases"] if c["rule"] == "evaluasi_renja")
    passed = 0
    for case in doc["cases"]:
        compare, expected = case["compare"], case["expected"]
        if compare == "error":
            with pytest.raises(lkjip.LKjIPError):
                _call(case)
        elif compare == "none":
            assert _call(case) is None
        elif case["rule"] == "evaluasi_renja":
            got = _call(case)
            for field, want in expected.items():
                value = getattr(got, field)
                if want is None or compare[field] == "label":
                    assert (None if value is None else str(value)) == want, case["id"]
                elif compare[field] == "exact":
                    assert value == Decimal(want), case["id"]
                else:
                    assert str(value) == want, case["id"]
        elif compare == "label":
            assert str(_call(case)) == expected, case["id"]
        elif compare == "exact":
            assert _call(case) == Decimal(expected), case["id"]
        else:
            assert str(_call(case)) == expected, case["id"]
        passed += 1
    assert passed == doc["count"]


def test_the_e81_cases_agree_with_the_fraction_reference() -> None:
    """The script's expected E.81 figures, against this test's own reference."""
    doc = json.loads(CONFORMANCE.read_text(encoding="utf-8"))
    e81 = [c for c in doc["cases"] if c["rule"] == "evaluasi_renja"]
    assert len(e81) >= 12
    for case in e81:
        inp = case["inputs"]
        if any("," in str(v) or "." in str(v) for v in [*inp["triwulan"], inp["target_renja"]]):
            continue  # the Indonesian figures: covered by test_lkjip_passes_…
        ints = {
            k: None if v is None else int(v)
            for k, v in inp.items()
            if k.startswith("t") and k != "triwulan"
        }
        lalu = inp["realisasi_renstra_lalu"]
        ref = reference(
            ints["target_renstra"],
            None if lalu is None else int(lalu),
            int(inp["target_renja"]),
            [None if v is None else int(v) for v in inp["triwulan"]],
            inp["akumulasi"],
            inp["direction"],
            inp["lower_method"],
        )
        assert case["expected"]["capaian_renja"] == str(ref["c13"]), case["id"]
        assert case["expected"]["predikat_renja"] == ref["p13"], case["id"]
        assert case["expected"]["capaian_renstra"] == (
            None if ref["c15"] is None else str(ref["c15"])
        )
