"""Hostile text cells on the text path of the batch rules (``capaian_batch``,
``penyerapan_batch``, ``df.lkjip.capaian``) and its reader ``fixed._text_fixed``.

Every expectation is the scalar rule's answer on the cell as text (``lkjip.capaian``,
``lkjip.penyerapan``; a ``-`` in a money column is ``"0"``), or ``numbers._plain``'s
reading of the cell: never the code under test. Written by an adversarial run; the
bugs it found (a per-row direction that is no plain text, or holds a NUL, or is very
long; a pandas text column with one huge cell) are fixed, and their tests kept.
"""

from __future__ import annotations

import enum
import random
import tracemalloc
from collections import UserString
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip
from lkjip import Direction
from lkjip.numbers import _plain
from lkjip.rules import batch

from conftest import Calls, optional

pytestmark = pytest.mark.needs("numpy")
np = optional("numpy")
fixed = optional("lkjip.rules.fixed")

ROWS = 300  # past batch._TEXT_MIN (256): the text path


def _scalar(rule, *cells, **options):  # type: ignore[no-untyped-def]
    try:
        return str(rule(*cells, **options)), None
    except (lkjip.LKjIPError, TypeError) as exc:
        return "None", str(exc)


def _money(cell: str) -> str:
    return "0" if cell.strip() in ("-", "\u2013", "\u2014") else cell


def _got(result, i):  # type: ignore[no-untyped-def]
    return str(result.values[i]), result.reasons[i]


def _spread(pairs, rows=ROWS):  # type: ignore[no-untyped-def]
    """The pairs repeated to ``rows`` rows: (targets, reals)."""
    out = (list(pairs) * (rows // len(pairs) + 1))[:rows]
    return [t for t, _ in out], [r for _, r in out]


def _check_capaian(targets, reals, **options):  # type: ignore[no-untyped-def]
    result = batch.capaian_batch(targets, reals, **options)
    direction = options.pop("direction", Direction.HIGHER)
    wrong = []
    for i, (t, r) in enumerate(zip(targets, reals, strict=True)):
        d = direction if isinstance(direction, (str, Direction)) else direction[i]
        expected = _scalar(lkjip.capaian, t, r, direction=d, **options)
        if _got(result, i) != expected:
            wrong.append((i, t, r, d, _got(result, i), expected))
    assert not wrong, wrong[:3]


def _check_penyerapan(pagu, reals, **options):  # type: ignore[no-untyped-def]
    result = batch.penyerapan_batch(pagu, reals, **options)
    wrong = []
    for i, (p, r) in enumerate(zip(pagu, reals, strict=True)):
        expected = _scalar(lkjip.penyerapan, _money(p), _money(r), **options)
        if _got(result, i) != expected:
            wrong.append((i, p, r, _got(result, i), expected))
    assert not wrong, wrong[:3]


# ---------------------------------------------------------------- hostile cells

LOOKALIKES = [
    "\uff18\uff17",  # fullwidth 87
    "\u00b9\u00b2",  # superscripts
    "8\u00b2",
    "\u0668\u0667",  # Arabic-Indic 87
    "\u06f8\u06f7",  # extended Arabic-Indic
    "\u0968\u0966",  # Devanagari
    "\U0001d7d6\U0001d7d5",  # mathematical bold digits
    chr(0x130),  # low byte '0'
    chr(0x139) + chr(0x137),  # low bytes '9' '7'
    "8" + chr(0x12E) + "5",  # low byte '.'
    "8" + chr(0x22C) + "5",  # low byte ','
    "1" + chr(0x12E) + "234",
    "87" + chr(0x125),  # low byte '%'
    chr(0x100) + "87",  # low byte NUL
    "87" + chr(0x100),
    "\ud800",
    "8\udc377",
    "87\udfff",
    "\u00a087",  # no-break space
    "87\u2007",
    "\u0660",
]
NUL_PERCENT_SPACE = [
    "87\x00",
    "\x0087",
    "8\x007",
    "\x00",
    "\x00\x00",
    "1.234\x00",
    "%",
    "%87",
    "8%7",
    "87%%",
    "87%",
    "87,5%",
    "1.234,5%",
    "87 %",
    "% 87",
    ",5%",
    "5,%",
    " 87",
    "87 ",
    "\t87\n",
    " 1.234,5 ",
    "-5",
    "\u22125",
    "+5",
    "-0",
    "--5",
    "5-",
    "7-8",
    "1e3",
    "NaN",
    "inf",
    "0x10",
    "1_000",
]
DIGITS_AND_GROUPS = [
    "01.234",
    "001.234",
    "0.500",
    "0.5",
    "00.000",
    "0,500",
    "007.500,25",
    "1.234",
    "12.345.678,9",
    "1234.567",
    "1.2345",
    "1..234",
    ".234",
    "1.234.",
    "1.234,",
    ",5",
    "5,",
    "0",
    "00",
    "0,000000",
    "0,000001",
    "0,0000001",
    "1,000001",
    "1,0000001",
    "999999999999999",  # 15 digits
    "9999999999999999",  # 16 digits
    "000000000000001",
    "0000000000000001",
    "999.999.999.999.999",
    "9.999.999.999.999.999",
    "999999999,999999",
    "9999999999,999999",
    "99999999,9999999",
    str(2**53 - 1),
    str(2**53),
    str(2**53 + 1),
    f"{2**53 + 1:,}".replace(",", "."),
    str(2**63 - 1),
    str(2**63),
    str(2**63 + 1),
    str(2**64 + 1),
    "1" + "0" * 29,
    "1" + "0" * 28,
    "9" * 30,
    "9" * 31,
    "0" * 29 + "1",
    "0" * 30 + "1",
]
HOSTILE = LOOKALIKES + NUL_PERCENT_SPACE + DIGITS_AND_GROUPS

OPTIONS = [
    {},
    {"direction": "lower"},
    {"direction": "negatif", "lower_method": "inverse"},
    {"places": 0, "rounding": ROUND_DOWN},
    {"places": 12},
    {"places": 7, "direction": "lower", "rounding": ROUND_DOWN},
]


def _against_plain_cells(cells):  # type: ignore[no-untyped-def]
    """Each cell beside a plain partner, as target and as realisasi."""
    pairs = [(c, "91,72") for c in cells] + [("87", c) for c in cells] + [(c, c) for c in cells]
    return _spread(pairs, max(ROWS, len(pairs)))


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize(
    "cells",
    [LOOKALIKES, NUL_PERCENT_SPACE, DIGITS_AND_GROUPS],
    ids=["lookalikes", "nul-percent-space", "digits-groups"],
)
def test_capaian_batch_of_hostile_cells_gives_each_rows_scalar_answer(cells, options) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _against_plain_cells(cells)
    spy = Calls(fixed.capaian_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fixed, "capaian_fixed", spy)
        _check_capaian(targets, reals, **options)
    assert spy.calls >= 1  # it was the text path


@pytest.mark.parametrize(
    "options", [{}, {"places": 0}, {"places": 12, "rounding": ROUND_DOWN}], ids=str
)
@pytest.mark.parametrize(
    "cells",
    [LOOKALIKES, NUL_PERCENT_SPACE, DIGITS_AND_GROUPS],
    ids=["lookalikes", "nul-percent-space", "digits-groups"],
)
def test_penyerapan_batch_of_hostile_cells_gives_each_rows_scalar_answer(cells, options) -> None:  # type: ignore[no-untyped-def]
    pagu, reals = _against_plain_cells(cells)
    spy = Calls(fixed.penyerapan_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fixed, "penyerapan_fixed", spy)
        _check_penyerapan(pagu, reals, **options)
    assert spy.calls >= 1


EDGE_PAIRS = [
    ("100", "200,004"),  # lower reflected: -0.004 -> never -0
    ("100", "200,005"),
    ("100", "200,0049"),
    ("1", "2,000001"),
    ("3", "6,000001"),
    ("100", "199,995"),
    ("999999999999999", "1999999999999998"),
    ("999999999999999", "999999999999999"),
    ("1", "999999999999999"),
    ("0,000001", "999999999999999"),
    ("0,000001", "999999999,999999"),
    ("999999999,999999", "0,000001"),
    ("3", "1"),
    ("7", "1"),
    ("3", "2"),
    ("6", "1"),
    ("0", "5"),
    ("0,000000", "5"),
    ("5", "0"),
    ("4503599627370497", "1"),
    ("9007199254740993", "9007199254740993"),
]


@pytest.mark.parametrize("places", [0, 1, 2, 6, 12])
@pytest.mark.parametrize("rounding", [ROUND_HALF_UP, ROUND_DOWN])
def test_rounding_and_magnitude_edges_match_the_scalar_rules(places, rounding) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _spread(EDGE_PAIRS)
    for options in ({}, {"direction": "lower"}, {"direction": "lower", "lower_method": "inverse"}):
        _check_capaian(targets, reals, places=places, rounding=rounding, **options)
    _check_penyerapan(targets, reals, places=places, rounding=rounding)


# ---------------------------------------------------------------- column shapes


@pytest.mark.parametrize(
    "cell",
    ["", " ", "\t", "\x00", "\x00\x00\x00", "-", " \u2013 ", "\u2014", "9" * 40, " " * 40, "87"],
)
def test_a_column_of_one_cell_throughout_gives_the_scalar_answer(cell: str) -> None:
    same = [cell] * ROWS
    _check_capaian(same, same)
    _check_capaian(same, ["91,72"] * ROWS, direction="lower")
    _check_capaian(["87"] * ROWS, same)
    _check_penyerapan(same, same)
    _check_penyerapan(same, ["5"] * ROWS)
    _check_penyerapan(["5"] * ROWS, same)


@pytest.mark.parametrize(
    "pair",
    [
        ("5", " " * 40 + "-"),
        (" " * 40 + "\u2013", "5"),
        (" " * 40, "5"),
        ("5", " " * 40),
        ("5", "-\x00"),
        ("\x00-", "5"),
        ("5\x00", "-"),
        ("1.000", "\t\u2014\n" + " " * 30),
        ("1,5", " " * 31 + "12 "),
    ],
)
def test_penyerapan_long_or_nul_placeholders_read_as_the_scalar_rule(pair) -> None:  # type: ignore[no-untyped-def]
    pagu, reals = _spread([pair, ("1.000", "250")])
    for places in (0, 2, 12):
        _check_penyerapan(pagu, reals, places=places)


@pytest.mark.parametrize("kind", [list, tuple])
def test_chunk_boundaries_with_long_nul_and_per_row_directions(kind) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    n = 401
    targets = [
        rng.choice(["87", "1.234", "9" * 31, "5\x00", "0", "100,5", "01.5"]) for _ in range(n)
    ]
    reals = [rng.choice(["91,72", "1.000", "8" * 35, "\x00", "3", "99,999", ""]) for _ in range(n)]
    # the cells either side of each chunk boundary are the odd ones
    for edge in (99, 100, 199, 200, 299, 300, 399, 400):
        targets[edge], reals[edge] = "1" * 31, "2\x00"
    words = ["higher", "lower", "negatif", Direction.LOWER, Direction.HIGHER, " Positif ", "bogus"]
    directions = [rng.choice(words) for _ in range(n)]
    spy = Calls(fixed.capaian_fixed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "_TEXT_CHUNK", 100)
        mp.setattr(fixed, "capaian_fixed", spy)
        _check_capaian(kind(targets), kind(reals), direction=kind(directions))
        _check_capaian(kind(targets), kind(reals), direction="lower", lower_method="inverse")
        _check_penyerapan(kind(targets), kind(reals))
    assert spy.calls == 10  # five chunks each


def test_a_huge_cell_in_a_batch_stays_bounded() -> None:
    n = 2000
    targets, reals = ["87"] * n, ["91,72"] * (n - 1) + ["9" * 20_000]
    tracemalloc.start()
    try:
        result = batch.capaian_batch(targets, reals)
        money = batch.penyerapan_batch(tuple(reals), tuple(targets))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000
    assert _got(result, n - 1) == _scalar(lkjip.capaian, "87", "9" * 20_000)
    assert _got(money, n - 1) == _scalar(lkjip.penyerapan, "9" * 20_000, "87")
    assert result.values[0] == Decimal("105.43")


# ---------------------------------------------------------------- the reader itself

reader_cells = st.text(
    alphabet=st.sampled_from(
        [
            *"0123456789.,%- \x00",
            *(chr(0x130), chr(0x12E), chr(0x22C), chr(0x125)),  # low bytes 0 . , %
            *("\uff10", "\u0661", "\ud800"),
        ]
    ),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(reader_cells, min_size=1, max_size=20))
def test_the_reader_takes_a_cell_only_as_plain_reads_it(cells: list[str]) -> None:
    n, k = fixed._text_fixed(np.asarray([*cells, "x" * 31]).astype(object).astype(str))
    for cell, units, places in zip(cells, n.tolist(), k.tolist(), strict=False):
        if "\x00" in cell:
            continue  # numpy drops trailing NULs of an array; _readable guards lists
        expected = _plain(cell)
        if places >= 0:
            assert expected is not None and Decimal(units).scaleb(-places) == expected, cell
            assert places <= fixed.MAX_DECIMALS and sum(c.isdigit() for c in cell) <= 15


@pytest.mark.parametrize(
    "cells", [["87\x00"], ["87", "\x00"], ("1.234\x00",), ["a", "87\x00\x00"]], ids=repr
)
def test_readable_keeps_cells_with_a_nul_as_they_are(cells) -> None:  # type: ignore[no-untyped-def]
    arr = fixed._readable(cells)
    assert list(arr.tolist()) == list(cells)


# ---------------------------------------------------------------- pandas


@pytest.mark.needs("pandas", "pyarrow")
@pytest.mark.parametrize("extra", ["none", "nan", "nothing"])
@pytest.mark.parametrize("storage", ["object", "default"])
def test_pandas_text_columns_with_hostile_cells_and_missing_values(extra, storage) -> None:  # type: ignore[no-untyped-def]
    pd = optional("pandas")
    optional("lkjip.pandas")
    cells = [
        c for c in HOSTILE if storage == "object" or not any(0xD800 <= ord(x) < 0xE000 for x in c)
    ]
    targets, reals = _against_plain_cells(cells)
    if extra != "nothing":
        missing = None if extra == "none" else float("nan")
        targets, reals = [*targets, missing, "87"], [*reals, "1", missing]
    dtype = object if storage == "object" else None
    frame = pd.DataFrame(
        {"target": pd.Series(targets, dtype=dtype), "realisasi": pd.Series(reals, dtype=dtype)}
    )
    exact = frame.lkjip.capaian(dtype="decimal").tolist()
    floats = frame.lkjip.capaian(dtype="float").tolist()
    objects = frame.lkjip.capaian().tolist()
    for t, r, got, approx, obj in zip(targets, reals, exact, floats, objects, strict=True):
        if not isinstance(t, str) or not isinstance(r, str):
            assert got is pd.NA and approx != approx and obj is pd.NA
            continue
        figure, _ = _scalar(lkjip.capaian, t, r)
        if figure == "None":
            assert got is pd.NA and approx != approx and obj is pd.NA, (t, r)
        else:
            assert got == Decimal(figure) and approx == float(figure), (t, r)
            assert str(obj) == figure, (t, r)


@pytest.mark.needs("pandas", "pyarrow")
@pytest.mark.parametrize("dtype", ["decimal", "float"])
def test_pandas_text_column_with_one_huge_cell_stays_bounded(dtype) -> None:  # type: ignore[no-untyped-def]
    pd = optional("pandas")
    optional("lkjip.pandas")
    n = 2000
    frame = pd.DataFrame(
        {
            "target": pd.Series(["87"] * n, dtype=object),
            "realisasi": pd.Series(["91,72"] * (n - 1) + ["9" * 20_000], dtype=object),
        }
    )
    tracemalloc.start()
    try:
        column = frame.lkjip.capaian(dtype=dtype).tolist()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert column[0] == (Decimal("105.43") if dtype == "decimal" else 105.43)
    assert peak < 40_000_000, f"peak {peak / 1e6:.0f} MB"


# ---------------------------------------------------------------- per-row directions


class _Arah(enum.Enum):
    LOWER = "lower"


@pytest.mark.parametrize(
    "word",
    [
        "LOWER",
        " Lower ",
        "negatif\t",
        "\x00lower",
        "lo\x00wer",
        "NEGAT\u0130F",
        Direction.LOWER,
        Direction.HIGHER,
        "bogus",
        "",
    ],
    ids=repr,
)
def test_per_row_text_and_enum_directions_match_the_scalar_rule(word) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _spread([("87", "91,72"), ("9" * 31, "1")])
    _check_capaian(targets, reals, direction=[word] * ROWS)


@pytest.mark.parametrize("word", [None, 1, 0, 1.5, True, b"lower", _Arah.LOWER], ids=repr)
def test_per_row_non_text_direction_gets_the_scalar_reason(word) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _spread([("87", "91,72")])
    _check_capaian(targets, reals, direction=[word] * ROWS)


@pytest.mark.parametrize("word", ["lower\x00", "higher\x00", "negatif\x00\x00"], ids=repr)
def test_per_row_direction_with_a_trailing_nul_is_refused(word) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _spread([("87", "91,72")])
    _check_capaian(targets, reals, direction=[word] * ROWS)


@pytest.mark.parametrize(
    "word", [PurePosixPath("lower"), PurePosixPath("negatif"), UserString(" Lower ")], ids=repr
)
def test_per_row_direction_object_that_prints_a_word_is_refused(word) -> None:  # type: ignore[no-untyped-def]
    targets, reals = _spread([("87", "91,72")])
    _check_capaian(targets, reals, direction=[word] * ROWS)


def test_per_row_directions_with_one_huge_word_stay_bounded() -> None:
    n = 2000
    directions = ["lower"] * (n - 1) + ["x" * 20_000]
    tracemalloc.start()
    try:
        result = batch.capaian_batch(["87"] * n, ["91,72"] * n, direction=directions)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _got(result, n - 1) == _scalar(lkjip.capaian, "87", "91,72", direction="x" * 20_000)
    assert result.values[0] == Decimal("94.57")
    assert peak < 40_000_000, f"peak {peak / 1e6:.0f} MB"
