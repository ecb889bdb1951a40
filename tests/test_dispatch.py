"""The capaian dispatch (issue 11): one capaian dispatch for the figure, the explain trace and the
audit; options checked once, at construction; one mean and one budget-placeholder rule.

Expected figures come from the spec's formulas on exact fractions (``reference``): each
test reads the formula an explanation or a finding prints and evaluates that text
independently, so a formula that does not give the figure beside it fails.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lkjip
from lkjip import Direction, InvalidOptionError, LowerMethod, Opsi, audit, bahasa
from lkjip.numbers import format_number
from lkjip.rules.agregasi import RataRata, rata_rata
from lkjip.rules.anggaran import nominal
from lkjip.rules.scales import MUTU_IKM, PERMENDAGRI_86_2017
from lkjip.table.evaluasi import Ringkasan, evaluate_indikator
from lkjip.table.model import Indikator
from lkjip.table.read import rows_from_dicts

from reference import round_half_up, truncate

# --- an independent reader of the printed formulas ---------------------------------------

_TOKEN = re.compile(r"\s*(-?[0-9][0-9.]*(?:,[0-9]+)?|[()×/−])")


def _figure(text: str) -> Fraction:
    """A figure as lkjip writes it for people: ``1.234,5`` (dot groups, comma decimals)."""
    return Fraction(Decimal(text.replace(".", "").replace(",", ".")))


def evaluate_formula(formula: str) -> Fraction:
    """The value in percent of a printed capaian formula, by exact rational arithmetic:
    ``R / T × 100%``, ``(2 × T − R) / T × 100%``, ``T / R × 100%`` (a range note after
    it in brackets), or ``100% (realisasi … dalam rentang target …)`` (in English
    ``… within the target range …``)."""
    if formula.startswith("100% (realisasi ") and (
        "dalam rentang target" in formula or "within the target range" in formula
    ):
        return Fraction(100)
    body = formula.split(" [", 1)[0]
    assert body.endswith(" × 100%"), formula
    body = body[: -len(" × 100%")]
    tokens: list[str] = []
    pos = 0
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        assert match is not None, (formula, body[pos:])
        tokens.append(match.group(1))
        pos = match.end()
    # a tiny recursive-descent evaluator: expr := term (('−') term)*, term := atom (('×'|'/') atom)*
    at = 0

    def atom() -> Fraction:
        nonlocal at
        tok = tokens[at]
        at += 1
        if tok == "(":
            value = expr()
            assert tokens[at] == ")"
            at += 1
            return value
        return _figure(tok)

    def term() -> Fraction:
        nonlocal at
        value = atom()
        while at < len(tokens) and tokens[at] in "×/":
            op = tokens[at]
            at += 1
            right = atom()
            value = value * right if op == "×" else value / right
        return value

    def expr() -> Fraction:
        nonlocal at
        value = term()
        while at < len(tokens) and tokens[at] == "−":
            at += 1
            value -= term()
        return value

    value = expr()
    assert at == len(tokens), formula
    return value * 100


def rounded(x: Fraction, places: int, rounding: str) -> Decimal:
    return round_half_up(x, places) if rounding == ROUND_HALF_UP else truncate(x, places)


def capaian_formula(line: str) -> str:
    """``Capaian = <formula> = 80,00% …`` → the formula."""
    assert line.startswith("Capaian = "), line
    return line.split(" = ")[1]


# --- strategies ----------------------------------------------------------------------------

DIRECTION_WORDS = {
    Direction.HIGHER: [Direction.HIGHER, "higher", "positif", " Positif ", "HIGHER"],
    Direction.LOWER: [Direction.LOWER, "lower", "negatif", "Negatif", " lower "],
}
METHOD_WORDS = {
    LowerMethod.REFLECTED: [LowerMethod.REFLECTED, "reflected"],
    LowerMethod.INVERSE: [LowerMethod.INVERSE, "inverse"],
}
directions = st.sampled_from(list(Direction)).flatmap(
    lambda d: st.tuples(st.just(d), st.sampled_from(DIRECTION_WORDS[d]))
)
methods = st.sampled_from(list(LowerMethod)).flatmap(
    lambda m: st.tuples(st.just(m), st.sampled_from(METHOD_WORDS[m]))
)
amounts = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(-2_000, 2_000_000),
    st.integers(0, 4),
)
positive = amounts.filter(lambda d: d > 0)


@st.composite
def cells(draw: st.DrawFn, value: Decimal) -> object:
    """``value`` as a table or a caller gives it: a Decimal, Indonesian text, an int."""
    kinds = [value, format_number(value, None)]
    if value == value.to_integral_value():
        kinds.append(int(value))
    return draw(st.sampled_from(kinds))


@st.composite
def targets(draw: st.DrawFn) -> tuple[object, Fraction | tuple[Fraction, Fraction]]:
    """A target cell and its exact value (a pair of bounds for a range ``"7-8"``)."""
    if draw(st.booleans()):
        t = draw(positive)
        return draw(cells(t)), Fraction(t)
    low, high = sorted((draw(positive), draw(positive)))
    separator = draw(st.sampled_from(["-", " - ", " s.d ", " s/d ", "–"]))
    text = f"{format_number(low, None)}{separator}{format_number(high, None)}"
    return text, (Fraction(low), Fraction(high))


def expected_capaian(
    target: Fraction | tuple[Fraction, Fraction], r: Fraction, arah: Direction, m: LowerMethod
) -> Fraction | None:
    """Spec §2 on exact fractions (``None``: not computable)."""
    if isinstance(target, tuple):
        low, high = target
        if low <= r <= high:
            return Fraction(100)
        t = high if r > high else low
    else:
        t = target
    if arah is Direction.HIGHER:
        return r / t * 100
    if m is LowerMethod.REFLECTED:
        return (2 * t - r) / t * 100
    return None if r <= 0 else t / r * 100


# --- 1. explain follows the dispatch that computed the figure --------------------------------


def test_a_lower_method_given_as_text_is_explained_as_computed() -> None:
    # issue 11: computed 80.00 but explained "10 / 12 × 100% … metode invers"
    ev = evaluate_indikator(
        Indikator(target=10, realisasi=12, arah="lower", lower_method="reflected")
    )
    assert ev.capaian == Decimal("80.00")
    with bahasa("id"):  # the explanation as the reports word it
        line = ev.penjelasan()[0]
    assert line.startswith("Capaian = (2 × 10 − 12) / 10 × 100% = 80,00%"), line
    assert "metode refleksi" in line and "invers" not in line
    inverse = evaluate_indikator(
        Indikator(target=10, realisasi=12, arah="negatif", lower_method="inverse")
    )
    assert inverse.capaian == Decimal("83.33")
    with bahasa("id"):
        assert inverse.penjelasan()[0].startswith("Capaian = 10 / 12 × 100% = 83,33%")


def test_kemajuan_is_explained_by_its_own_direction() -> None:
    # lower is better against the Renstra target 5, realisasi 6: (2 × 5 − 6) / 5 = 80 %
    ev = evaluate_indikator(Indikator(target=8, realisasi=6, arah="lower", target_akhir=5))
    assert ev.kemajuan == Decimal("80.00")
    assert ev.penjelasan()[2].startswith("Tingkat kemajuan = (2 × 5 − 6) / 5 × 100% = 80,00%")


@given(
    targets(),
    amounts,
    directions,
    methods,
    st.one_of(st.none(), methods),
    st.integers(0, 6),
    st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]),
    st.data(),
)
def test_the_explained_formula_gives_the_computed_figure(
    target: tuple[object, Fraction | tuple[Fraction, Fraction]],
    realisasi: Decimal,
    direction: tuple[Direction, object],
    table_method: tuple[LowerMethod, object],
    own_method: tuple[LowerMethod, object] | None,
    places: int,
    rounding: str,
    data: st.DataObject,
) -> None:
    cell, exact_target = target
    arah, arah_word = direction
    method = (own_method or table_method)[0]
    ind = Indikator(
        target=cell,
        realisasi=data.draw(cells(realisasi)),
        arah=arah_word,
        lower_method=None if own_method is None else own_method[1],
        target_akhir=cell,
    )
    opsi = Opsi(lower_method=table_method[1], places=places, rounding=rounding)
    ev = evaluate_indikator(ind, opsi)
    want = expected_capaian(exact_target, Fraction(realisasi), arah, method)
    if want is None:
        assert ev.capaian is None and ev.kemajuan is None and "inverse" in (ev.error or "")
        return
    assert ev.capaian == rounded(want, places, rounding)
    with bahasa("id"):  # the explanation as the reports word it
        lines = ev.penjelasan()
    formula = capaian_formula(lines[0])
    assert evaluate_formula(formula) == want, lines[0]
    if arah is Direction.LOWER:
        word = "refleksi" if method is LowerMethod.REFLECTED else "invers"
        assert f"semakin rendah semakin baik, metode {word})" in lines[0]
    else:
        assert "semakin rendah" not in lines[0]
    (kemajuan,) = [x for x in lines if x.startswith("Tingkat kemajuan = ")]
    assert ev.kemajuan == ev.capaian
    assert evaluate_formula(kemajuan.split(" = ")[1]) == want, kemajuan


# --- 2. the audit writes the formula the explanation writes ----------------------------------


def test_the_audit_of_a_range_target_prints_the_bound_used() -> None:
    # issue 11: the audit printed "(2 × 7-8 − 9) / 7-8 × 100%"
    row = {"target": "7-8", "realisasi": "9", "arah": "lower", "capaian": "90"}
    (finding,) = audit(rows_from_dicts([row])).findings
    formula = "(2 × 8 − 9) / 8 × 100% [upper bound of the target range 7–8]"  # LKJIP_LANG=en
    assert finding.message == f"capaian printed 90 but {formula} = 88%"
    (ev,) = lkjip.evaluate(rows_from_dicts([row]))
    assert capaian_formula(ev.penjelasan()[0]) == formula


@given(targets(), amounts, directions, methods, st.data())
def test_audit_and_explain_write_one_formula(
    target: tuple[object, Fraction | tuple[Fraction, Fraction]],
    realisasi: Decimal,
    direction: tuple[Direction, object],
    method: tuple[LowerMethod, object],
    data: st.DataObject,
) -> None:
    cell, exact_target = target
    want = expected_capaian(exact_target, Fraction(realisasi), direction[0], method[0])
    if want is None:
        return
    printed = round_half_up(want, 2) + 1  # a printed capaian that cannot agree
    arah = direction[1] if isinstance(direction[1], str) else direction[1].value
    row = {
        "target": cell if isinstance(cell, str) else format_number(Decimal(cell), None),
        "realisasi": format_number(realisasi, None),
        "arah": arah,
        "capaian": format_number(printed, 2),
    }
    opsi = Opsi(lower_method=method[1])
    (finding,) = audit(rows_from_dicts([row]), opsi).findings
    match = re.fullmatch(r"capaian printed \S+ but (.*) = \S+%", finding.message)
    assert match is not None, finding.message
    assert evaluate_formula(match.group(1)) == want, finding.message
    assert finding.expected == format(round_half_up(want, 2), "f")
    (ev,) = lkjip.evaluate(rows_from_dicts([row]), opsi)
    assert capaian_formula(ev.penjelasan()[0]) == match.group(1)


# --- 3. options are checked at construction ------------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"places": -1}, "places"),
        ({"places": 101}, "places"),
        ({"places": 2.5}, "places"),
        ({"places": "2"}, "places"),
        ({"places": True}, "places"),
        ({"rounding": "half-up"}, "rounding"),
        ({"rounding": None}, "rounding"),
        ({"rounding": ["ROUND_DOWN"]}, "rounding"),
        ({"lower_method": "mirror"}, "lower_method"),
        ({"lower_method": None}, "lower_method"),
        ({"lower_method": Direction.LOWER}, "lower_method"),
        ({"cap": 0}, "cap"),
        ({"cap": "-5"}, "cap"),
        ({"cap": "seratus"}, "cap"),
        ({"cap": True}, "cap"),
        ({"cap": "1e999"}, "cap"),
        ({"skala": "permendagri"}, "skala"),
        ({"skala": None}, "skala"),
    ],
)
def test_a_bad_option_is_refused_when_opsi_is_made(options: dict[str, object], named: str) -> None:
    (value,) = options.values()
    with pytest.raises(InvalidOptionError) as info:
        Opsi(**options)  # type: ignore[arg-type]
    message = str(info.value)
    assert named in message and (value is None or str(value)[:20] in message), message
    with pytest.raises(InvalidOptionError):
        attrs.evolve(Opsi(), **options)


def test_good_options_are_read_into_their_types() -> None:
    assert Opsi(lower_method="inverse").lower_method is LowerMethod.INVERSE
    assert Opsi(lower_method="reflected") == Opsi()
    assert Opsi(lower_method=LowerMethod.INVERSE) == Opsi(lower_method="inverse")
    for places in (0, 2, 20, 100, None):
        assert Opsi(places=places).places == places  # type: ignore[arg-type]
    for rounding in (ROUND_HALF_UP, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_FLOOR):
        assert Opsi(rounding=rounding).rounding == rounding
    for cap in (100, "100", "100%", Decimal("100"), 100.0):
        assert Opsi(cap=cap).cap == Decimal(100)  # type: ignore[arg-type]
    assert Opsi(cap=None).cap is None and Opsi(cap="0,5").cap == Decimal("0.5")
    assert Opsi(skala=PERMENDAGRI_86_2017).skala is PERMENDAGRI_86_2017
    assert Opsi(skala=MUTU_IKM).skala is MUTU_IKM  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "direction"),
    [(w, d) for d, words in DIRECTION_WORDS.items() for w in words],
)
def test_indikator_reads_every_direction_word(word: object, direction: Direction) -> None:
    assert Indikator(arah=word).arah is direction  # type: ignore[arg-type]


def test_indikator_checks_its_options() -> None:
    assert Indikator(lower_method="inverse").lower_method is LowerMethod.INVERSE  # type: ignore[arg-type]
    assert Indikator().lower_method is None and Indikator().arah is Direction.HIGHER
    with pytest.raises(InvalidOptionError, match="arah 'naik'"):
        Indikator(arah="naik")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="arah None"):
        Indikator(arah=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="lower_method 'mirror'"):
        Indikator(lower_method="mirror")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="lower_method"):
        attrs.evolve(Indikator(), lower_method="x" * 1000)


def test_an_option_given_as_text_is_the_enum_everywhere() -> None:
    # issue 11: JsonLines(..., Opsi(lower_method="inverse")) wrote 80.00 (the fast lane
    # compared the text with LowerMethod.INVERSE by `is`); evaluate gave 83.33
    row = {"target": "10", "realisasi": "12", "arah": "lower"}
    (ev,) = lkjip.evaluate(rows_from_dicts([row]), Opsi(lower_method="inverse"))
    assert ev.capaian == Decimal("83.33")
    json_lines = getattr(pytest.importorskip("lkjip.cli"), "JsonLines", None)
    if json_lines is None:  # the one-pipeline CLI has no JsonLines class any more
        return
    text, failed = json_lines(("target", "realisasi", "arah"), Opsi(lower_method="inverse"))(
        [(1, ["10", "12", "lower"])]
    )
    assert failed == 0 and '"capaian": "83.33"' in text


_OPTION_PROBLEMS = (
    "places must",
    "is not accepted; use one of",
    "unknown lower_method",
    "cap must",
)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "target": st.sampled_from(["10", "0", "7-8", "abc", "", "1.234,5", "-"]),
                "realisasi": st.sampled_from(["12", "0", "7,5", "x", "", "-3"]),
                "arah": st.sampled_from(["lower", "higher", "negatif", "", "naik"]),
                "capaian": st.sampled_from(["", "80", "83,33", "100"]),
                "pagu": st.sampled_from(["", "-", "1.000", "0"]),
                "realisasi_anggaran": st.sampled_from(["", "-", "900"]),
            }
        ),
        min_size=1,
        max_size=6,
    ),
    methods,
    st.sampled_from([0, 1, 2, 6, None]),
    st.sampled_from([ROUND_HALF_UP, ROUND_DOWN, ROUND_HALF_EVEN]),
)
def test_no_row_carries_an_option_problem(
    table: list[dict[str, str]],
    method: tuple[LowerMethod, object],
    places: int | None,
    rounding: str,
) -> None:
    opsi = Opsi(lower_method=method[1], places=places, rounding=rounding)  # type: ignore[arg-type]
    spelled = Opsi(lower_method=method[0], places=places, rounding=rounding)  # type: ignore[arg-type]
    got = list(lkjip.evaluate(rows_from_dicts(table), opsi))
    assert got == list(lkjip.evaluate(rows_from_dicts(table), spelled))
    for ev in got:
        assert not any(p in m for m in ev.masalah for p in _OPTION_PROBLEMS), ev.masalah
        ev.penjelasan()
    for t in audit(rows_from_dicts(table), opsi).findings:
        assert not any(p in t.message for p in _OPTION_PROBLEMS), t.message


# --- 4. one mean, one budget-placeholder rule -----------------------------------------------


def test_a_placeholder_in_a_budget_column_is_zero_in_evaluate_and_audit() -> None:
    assert nominal("-") == nominal("–") == nominal("—") == Decimal(0)
    assert nominal("Rp 1.500.000,-") == Decimal(1500000) and nominal(7) == Decimal(7)
    with pytest.raises(lkjip.InvalidNumberError):
        nominal("seribu")
    row = {"pagu": "1.000", "realisasi_anggaran": "-"}
    (ev,) = lkjip.evaluate(rows_from_dicts([row]))
    assert (ev.penyerapan, ev.sisa, ev.error) == (Decimal("0.00"), Decimal(1000), None)
    printed = {**row, "penyerapan": "0", "sisa": "1.000", "efisiensi_anggaran": "100"}
    assert audit(rows_from_dicts([printed])).findings == ()
    table = [
        {"level": "program", "pagu": "300", "realisasi_anggaran": "100", "sisa": "200"},
        {"level": "kegiatan", "pagu": "100", "realisasi_anggaran": "100", "sisa": "-"},
        {"level": "kegiatan", "pagu": "200", "realisasi_anggaran": "-", "sisa": "200"},
    ]
    assert audit(rows_from_dicts(table)).findings == ()
    wrong = [{**table[0], "realisasi_anggaran": "150", "sisa": "150"}, *table[1:]]
    found = {(t.row, t.field, t.expected) for t in audit(rows_from_dicts(wrong)).findings}
    assert found == {(1, "realisasi_anggaran", "100"), (1, "sisa", "200")}


capaians = st.lists(
    st.builds(lambda u: Decimal(u).scaleb(-2), st.integers(-5_000, 60_000)), min_size=1, max_size=8
)


@given(capaians, st.sampled_from([None, 100]), st.integers(0, 4))
def test_every_mean_is_the_one_mean(values: list[Decimal], cap: int | None, places: int) -> None:
    capped = [Fraction(v) if cap is None else min(Fraction(v), Fraction(cap)) for v in values]
    want = round_half_up(sum(capped, Fraction(0)) / len(capped), places)
    assert rata_rata(values, cap=cap, places=places) == want
    mean = RataRata(None if cap is None else Decimal(cap))
    for v in values:
        mean.add(v)
    assert mean.value(places, ROUND_HALF_UP) == want
    # the report aggregate over rows that print only their capaian
    opsi = Opsi(cap=cap, places=places)
    rows = rows_from_dicts([{"sasaran": "S", "capaian": format_number(v, 2)} for v in values])
    ringkasan = Ringkasan(opsi)
    for ev in lkjip.evaluate(rows, opsi):
        ringkasan.add(ev)
    assert ringkasan.keseluruhan().capaian == want == ringkasan.sasaran()[0].capaian
    # the audit of a printed rata_rata row: the plain or the capped mean agrees
    printed = [{"sasaran": "S", "capaian": format_number(v, 2)} for v in values]
    row = {"sasaran": "S", "level": "rata_rata", "capaian": format_number(want, places)}
    assert audit(rows_from_dicts([*printed, row])).findings == ()
