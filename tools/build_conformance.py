"""Build lkjip's portable conformance file: ``lkjip/rules/data/_conformance.json``.

Every calculation case of ``tests/data/cases/*.jsonl`` (the figures of the example
reports, read by hand) and the Renja evaluation (Formulir E.81) cases below, as one
JSON document another implementation (the PHP e-SAKIP systems) can test itself
against: the rule, its inputs as text, the expected figure or label, the decimals
kept and the rounding. The E.81 figures are computed here with exact fractions from
the spec's formulas (RULES.md §2, §3, §15), not by lkjip.

    python tools/build_conformance.py           # (re)write the file
    python tools/build_conformance.py --check   # exit 1 if the file is not what this builds

``tests/test_renja.py`` checks the shipped file equals what this script builds, and
that lkjip reproduces every case in it.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "cases"
TARGET = ROOT / "lkjip" / "rules" / "data" / "_conformance.json"
SCHEMA = "lkjip/conformance/v1"

# kind in tests/data/cases -> (lkjip's function, its arguments in order)
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "parse": ("parse_number", ("text",)),
    "capaian": ("capaian", ("target", "realisasi", "direction")),
    "kemajuan": ("kemajuan", ("target_akhir", "realisasi", "direction")),
    "penyerapan": ("penyerapan", ("pagu", "realisasi")),
    "sisa": ("sisa_anggaran", ("pagu", "realisasi")),
    "efisiensi_anggaran": ("efisiensi_anggaran", ("pagu", "realisasi")),
    "tingkat_efisiensi": ("tingkat_efisiensi", ("capaian", "penyerapan")),
    "kategori_efisiensi": ("kategori_efisiensi", ("tingkat_efisiensi",)),
    "predikat": ("predikat", ("capaian",)),
    "atribut": ("atribut", ("capaian",)),
    "predikat_akip": ("predikat_akip", ("nilai",)),
    "mean": ("rata_rata", ("values",)),
    "sum": ("jumlah", ("values",)),
    "selisih": ("selisih", ("sekarang", "lalu")),
    "evaluasi_renja": (
        "evaluasi_renja",
        (
            "target_renstra",
            "realisasi_renstra_lalu",
            "target_renja",
            "triwulan",
            "akumulasi",
            "direction",
            "lower_method",
        ),
    ),
}
LABELS = {"predikat", "atribut", "predikat_akip", "kategori_efisiensi"}
EXACT = {"parse", "sisa", "sum", "selisih"}
PLACEHOLDERS = {"-", "\u2013", "\u2014", ""}
ROUNDING = "ROUND_HALF_UP"

README = {
    "what": (
        "Every rule's cases: the inputs as printed (text, Indonesian number formats kept), "
        "the expected figure (a string, dot decimal point) or label, the decimals kept and "
        "the rounding. An implementation passes when it gives every expected value."
    ),
    "compare": {
        "rounded": "compute with `places` decimals and `rounding`; the result, written with "
        "exactly `places` decimals, equals `expected` as a string",
        "exact": "the exact result equals `expected` as a number (sums, differences, parsing)",
        "label": "the label equals `expected` (spelling as the spec's)",
        "none": "the input holds no figure (a placeholder such as '-'): no value, no error",
        "error": "the input must be refused with an error (no figure can be computed)",
    },
    "numbers": "RULES.md §1: '1.234' is 1234, '105,42' is 105.42, '0.500' is 0.5",
    "evaluasi_renja": (
        "Formulir E.81 (RULES.md §15): `expected` and `compare` name each column: realisasi "
        "(12), capaian_renja (13), predikat_renja, realisasi_renstra (14), capaian_renstra "
        "(15), predikat_renstra; a triwulan null is not reported (not zero)"
    ),
}


def _places(expected: str) -> int:
    return len(expected.split(".")[1]) if "." in expected else 0


def report_case(case: dict[str, Any]) -> dict[str, Any]:
    kind, inputs, expected = case["kind"], case["inputs"], case["expected"]
    rule, _ = RULES[kind]
    out: dict[str, Any] = {"id": case["id"], "rule": rule, "inputs": inputs}
    if expected is None:
        blank = kind == "parse" and inputs["text"].strip() in PLACEHOLDERS
        out.update(expected=None, compare="none" if blank else "error")
    elif kind in LABELS:
        out.update(expected=expected, compare="label")
    elif kind in EXACT:
        out.update(expected=expected, compare="exact")
    else:
        out.update(expected=expected, compare="rounded", places=_places(expected))
        out["rounding"] = ROUNDING
    out["source"] = f"{case['report']} l.{case['line']}"
    return out


# --- Formulir E.81: an independent reference over exact fractions -----------------------


def _fraction(text: str) -> Fraction:
    """The Indonesian figures of the cases below: '.' groups thousands, ',' is decimal."""
    return Fraction(Decimal(text.replace(".", "").replace(",", ".")))


def _half_up(value: Fraction, places: int) -> str:
    scaled = abs(value) * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    digits = str(whole).rjust(places + 1, "0")
    text = digits if not places else f"{digits[:-places]}.{digits[-places:]}"
    return ("-" if value < 0 and whole else "") + text


def _exact(value: Fraction) -> str:
    for places in range(0, 30):
        if (value * 10**places).denominator == 1:
            return _half_up(value, places)
    raise AssertionError(f"{value} has no finite decimal expansion")


def _predikat(capaian: str) -> str:
    """RULES.md §3 on the rounded figure: > 90, > 75, > 65, > 50."""
    c = Fraction(Decimal(capaian))
    for bound, label in ((90, "Sangat Tinggi"), (75, "Tinggi"), (65, "Sedang"), (50, "Rendah")):
        if c > bound:
            return label
    return "Sangat Rendah"


def _capaian(target: Fraction, realisasi: Fraction, direction: str, method: str) -> Fraction:
    if direction == "higher":
        return realisasi / target * 100
    if method == "reflected":
        return (2 * target - realisasi) / target * 100
    return target / realisasi * 100


def e81_expected(inputs: dict[str, Any]) -> tuple[dict[str, str | None], dict[str, str]]:
    how, direction, method = inputs["akumulasi"], inputs["direction"], inputs["lower_method"]
    tw = [_fraction(v) for v in inputs["triwulan"] if v is not None]
    if how == "jumlah":
        r12 = sum(tw, Fraction(0))
    elif how == "akhir":
        r12 = tw[-1]
    else:
        r12 = sum(tw, Fraction(0)) / len(tw)
    lalu = inputs["realisasi_renstra_lalu"]
    if lalu is None:
        r14 = r12
    elif how == "jumlah":
        r14 = _fraction(lalu) + r12
    elif how == "akhir":
        r14 = r12
    else:
        r14 = (_fraction(lalu) + r12) / 2
    c13 = _half_up(_capaian(_fraction(inputs["target_renja"]), r12, direction, method), 2)
    mean = how == "rata_rata" and (len(tw) > 1 or lalu is not None)
    expected: dict[str, str | None] = {
        "realisasi": _half_up(r12, 2) if how == "rata_rata" and len(tw) > 1 else _exact(r12),
        "capaian_renja": c13,
        "predikat_renja": _predikat(c13),
        "realisasi_renstra": _half_up(r14, 2) if mean else _exact(r14),
        "capaian_renstra": None,
        "predikat_renstra": None,
    }
    if inputs["target_renstra"] is not None:
        c15 = _half_up(_capaian(_fraction(inputs["target_renstra"]), r14, direction, method), 2)
        expected.update(capaian_renstra=c15, predikat_renstra=_predikat(c15))
    compare = {
        "realisasi": "rounded" if how == "rata_rata" and len(tw) > 1 else "exact",
        "capaian_renja": "rounded",
        "predikat_renja": "label",
        "realisasi_renstra": "rounded" if mean else "exact",
        "capaian_renstra": "rounded",
        "predikat_renstra": "label",
    }
    return expected, compare


def _e81(
    akumulasi: str,
    direction: str,
    target_renstra: str | None,
    lalu: str | None,
    target_renja: str,
    triwulan: list[str | None],
    lower_method: str = "reflected",
) -> dict[str, Any]:
    return {
        "target_renstra": target_renstra,
        "realisasi_renstra_lalu": lalu,
        "target_renja": target_renja,
        "triwulan": triwulan,
        "akumulasi": akumulasi,
        "direction": direction,
        "lower_method": lower_method,
    }


E81_CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "spec §15 and the explain example",
        _e81("jumlah", "higher", "500", "300", "100", ["20", "25", "30", "10"]),
    ),
    (
        "a triwulan not reported",
        _e81("jumlah", "higher", "500", "300", "100", ["20", None, "30", "10"]),
    ),
    (
        "only triwulan I reported",
        _e81("jumlah", "higher", "60", "24", "12", ["3", None, None, None]),
    ),
    (
        "a level: the last triwulan",
        _e81("akhir", "higher", "88", "96,39", "87", ["94,10", "95,02", "95,40", "95,82"]),
    ),
    (
        "the last triwulan reported is III",
        _e81("akhir", "higher", "88", "96,39", "87", ["94,10", "95,02", "95,40", None]),
    ),
    ("a mean of four", _e81("rata_rata", "higher", "100", "96", "100", ["93", "95", "96", "96"])),
    (
        "a mean of three, not terminating",
        _e81("rata_rata", "higher", "100", "97", "100", ["97", None, "98", "98"]),
    ),
    (
        "lower is better, reflected",
        _e81("jumlah", "lower", "100", "38", "20", ["6", "4", "5", None]),
    ),
    (
        "lower is better, inverse",
        _e81("jumlah", "lower", "100", "38", "20", ["6", "4", "5", None], "inverse"),
    ),
    ("lower is better, a level", _e81("akhir", "lower", "5", "7", "6", ["7", "6,5", "6", "5,5"])),
    (
        "lower is better, a mean, inverse",
        _e81("rata_rata", "lower", "5", "7", "6", ["7", "6,5", "6", None], "inverse"),
    ),
    (
        "no target Renstra, no realisasi before",
        _e81("jumlah", "higher", None, None, "12", ["3", "3", "3", "3"]),
    ),
    (
        "Rp of a program (examples/e81_kecamatan.csv row 2)",
        _e81(
            "jumlah",
            "higher",
            "41.250.000.000",
            "14.106.318.204",
            "7.657.524.658",
            ["1.702.345.118", "1.889.102.457", "1.840.590.210", "2.072.343.816,58"],
        ),
    ),
    (
        "at the Tinggi/Sangat Tinggi boundary",
        _e81("jumlah", "higher", "200", None, "100", ["45", "45", None, None]),
    ),
)


def e81_case(number: int, note: str, inputs: dict[str, Any]) -> dict[str, Any]:
    expected, compare = e81_expected(inputs)
    return {
        "id": f"e81-{number:04d}",
        "rule": "evaluasi_renja",
        "inputs": inputs,
        "expected": expected,
        "compare": compare,
        "places": 2,
        "rounding": ROUNDING,
        "source": f"RULES.md §15: {note}",
    }


def cases() -> list[dict[str, Any]]:
    found = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(report_case(json.loads(line)))
    found.extend(e81_case(i, note, inp) for i, (note, inp) in enumerate(E81_CASES, 1))
    return found


def build() -> str:
    """The conformance file's text: the header, then one case a line."""
    all_cases = cases()
    head = {
        "schema": SCHEMA,
        "spec": "RULES.md (lkjip): §1 numbers, §2–§8 rules, §15 Formulir E.81",
        "readme": README,
        "rules": {rule: list(args) for rule, args in RULES.values()},
        "count": len(all_cases),
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    lines = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in all_cases)
    return f'{text},\n "cases": [\n{lines}\n ]\n}}\n'


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.relative_to(ROOT)} is {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {text.count(chr(10) + '  {')} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
