"""The batch's fast paths for exact ``Decimal`` columns (higher is better): the column
path (``_percent_column``, one C operation mapped over a run of rows) and the per-row
kernel for the rows of a run it declines give the scalar rule's figure and reason for
every row, whatever the column holds; every figure is the exact quotient rounded once
(checked in ``fractions.Fraction``, independently of lkjip); the caller's decimal
context is left exactly as it was, and no user code ever runs under lkjip's own."""

from __future__ import annotations

import decimal
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip
from lkjip.rules import batch
from lkjip.rules.batch import capaian_batch

from conftest import context_state

ROUNDINGS = [
    ROUND_HALF_UP,
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_DOWN,
    ROUND_UP,
    ROUND_CEILING,
    ROUND_FLOOR,
]


def exact_percent(t: Decimal, r: Decimal, places: int, rounding: str) -> Decimal:
    """``r / t × 100`` rounded once to ``places`` decimals by ``rounding``, in exact
    fractions (written from the definitions of the rounding modes, not from lkjip)."""
    x = Fraction(r) / Fraction(t) * 100 * 10**places
    negative = x < 0
    whole, rest = divmod(abs(x), 1)
    half = Fraction(1, 2)
    away = {
        ROUND_DOWN: False,
        ROUND_UP: rest > 0,
        ROUND_HALF_UP: rest >= half,
        ROUND_HALF_DOWN: rest > half,
        ROUND_HALF_EVEN: rest > half or (rest == half and whole % 2 == 1),
        ROUND_CEILING: rest > 0 and not negative,
        ROUND_FLOOR: rest > 0 and negative,
    }[rounding]
    n = int(whole) + int(away)
    return Decimal(f"{-n if negative else n}E-{places}")  # (0 is never -0)


def by_scalar(t: object, r: object, places: int | None, rounding: str) -> tuple[str, str | None]:
    """``str(figure)`` and the reason (``None`` when there is a figure) by ``lkjip.capaian``."""
    try:
        return str(lkjip.capaian(t, r, places=places, rounding=rounding)), None
    except (lkjip.LKjIPError, TypeError) as exc:
        return "None", str(exc)


def rows(result: Any) -> list[tuple[str, str | None]]:
    return [(str(v), why) for v, why in zip(result.values, result.reasons, strict=True)]


@contextmanager
def chunk(size: int) -> Iterator[None]:
    """The batch with runs of ``size`` rows, so that short columns cross run boundaries."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "_CHUNK", size)
        yield


def counted(mp: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call of the column path computed its run (``True``) or declined it."""
    calls: list[bool] = []
    original = batch._percent_column

    def column(*args: Any) -> Any:
        result = original(*args)
        calls.append(result is not None)
        return result

    mp.setattr(batch, "_percent_column", column)
    return calls


SEEN: list[decimal.Context] = []


class Spy(Decimal):
    """A Decimal subclass whose operations note the decimal context they run under."""

    def _seen(self) -> None:
        SEEN.append(decimal.getcontext())


def _spying(name: str) -> Callable[..., Any]:
    method = getattr(Decimal, name)

    def spy(self: Spy, *args: Any, **kwargs: Any) -> Any:
        self._seen()
        return method(self, *args, **kwargs)

    return spy


for _name in (
    "__mul__ __rmul__ __truediv__ __rtruediv__ __add__ __radd__ __sub__ __rsub__ __lt__ "
    "__le__ __gt__ __ge__ __eq__ __ne__ __pos__ __neg__ __abs__ __bool__ __hash__ __str__ "
    "__repr__ __format__ quantize is_finite is_signed is_nan adjusted copy_abs as_tuple"
).split():
    setattr(Spy, _name, _spying(_name))


PLAIN = st.builds(
    lambda m, e: Decimal(f"{m}E-{e}"), st.integers(-(10**7), 10**9), st.integers(0, 4)
)
"""Figures as reports print them, some negative (a realisasi may be)."""

HOSTILE_VALUES = [
    Decimal("NaN"),
    Decimal("-NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("0"),
    Decimal("-0"),
    Decimal("-0.000"),
    Decimal("-0.001"),
    Decimal("0E+29"),
    Decimal("0E+30"),
    Decimal("0E-159"),
    Decimal("0E-160"),
    Decimal("1E+29"),
    Decimal("9" * 30),
    Decimal("1E+30"),
    Decimal("-1E+30"),
    Decimal("1E-100"),
    Decimal("1E-101"),
    Decimal("-1E-101"),
    Decimal("1E-12"),
    Decimal("1E+16"),
    Decimal("3." + "3" * 27),  # 28 digits
    Decimal("3." + "3" * 28),  # 29
    Decimal("7." + "1" * 59),  # 60: the most a figure may have
    Decimal("7." + "1" * 60),  # 61
    Decimal("1E+23"),  # a quotient at the column path's limit, against a target of 1
    Decimal("9.99999999999999999999999999E+23"),
    Decimal("1E+24"),
    Decimal("1e999999999"),
    Decimal("-1e-999999999"),
]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
OTHER = st.sampled_from([87, 10**40, True, False, "91,72", "B", "", None, 1.5, float("nan")])
SPIES = st.builds(lambda d: Spy(d), st.one_of(PLAIN, HOSTILE))
CELLS = st.one_of(PLAIN, PLAIN, PLAIN, HOSTILE, st.decimals(), OTHER, SPIES)


@settings(deadline=None)
@given(
    st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=40),
    st.sampled_from([0, 1, 2, 5, 12, 13, None]),
    st.sampled_from(ROUNDINGS),
    st.sampled_from([1, 3, 8, 4096]),
)
def test_every_row_is_the_scalar_rules_on_any_decimal_column(
    pairs: list[tuple[object, object]], places: int | None, rounding: str, size: int
) -> None:
    targets, reals = [t for t, _ in pairs], [r for _, r in pairs]
    expected = [by_scalar(t, r, places, rounding) for t, r in pairs]
    SEEN.clear()
    caller = decimal.getcontext()
    with chunk(size):
        result = capaian_batch(targets, reals, places=places, rounding=rounding)
    assert rows(result) == expected
    assert all(context is caller for context in SEEN)  # user code: the caller's context only
    for (t, r), value in zip(pairs, result.values, strict=True):
        if value is not None and type(t) is Decimal and type(r) is Decimal and places is not None:
            assert value.as_tuple() == exact_percent(t, r, places, rounding).as_tuple()


@settings(deadline=None)
@given(
    st.lists(st.tuples(PLAIN, PLAIN), min_size=1, max_size=60),
    st.sampled_from([0, 2, 5, 12]),
    st.sampled_from(ROUNDINGS),
)
def test_clean_columns_go_by_the_column_path_with_exact_figures(
    pairs: list[tuple[Decimal, Decimal]], places: int, rounding: str
) -> None:
    pairs = [(abs(t) or Decimal(1), r) for t, r in pairs]  # targets above zero
    targets, reals = [t for t, _ in pairs], [r for _, r in pairs]
    with pytest.MonkeyPatch.context() as mp:
        calls = counted(mp)
        result = capaian_batch(targets, reals, places=places, rounding=rounding)
    assert calls == [True]
    assert result.reasons == (None,) * len(pairs)
    for (t, r), value in zip(pairs, result.values, strict=True):
        assert value is not None
        assert value.as_tuple() == exact_percent(t, r, places, rounding).as_tuple()


@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_a_long_column_runs_by_runs_and_leaves_the_callers_context(rounding: str) -> None:
    rnd = random.Random(rounding)
    n = 3 * 4096 + 5
    targets = [Decimal(rnd.randint(1, 10**7)).scaleb(-rnd.randint(0, 4)) for _ in range(n)]
    reals = [Decimal(rnd.randint(-(10**3), 10**7)).scaleb(-rnd.randint(0, 6)) for _ in range(n)]
    reals[:4] = [Decimal("-0"), Decimal("-0.0000001"), Decimal(0), Decimal("-0.004")]  # never -0
    targets[4096 + 7], reals[4096 + 7] = Decimal("1E-20"), Decimal(5000)  # past the limit
    targets[2 * 4096 + 1] = Decimal("NaN")
    hostile = decimal.Context(
        prec=3,
        rounding=ROUND_FLOOR,
        Emax=10,
        Emin=-10,
        clamp=1,
        capitals=0,
        traps=[decimal.Inexact, decimal.Rounded, decimal.Subnormal, decimal.Clamped],
    )
    with decimal.localcontext(hostile) as caller:
        before = context_state(caller)
        with pytest.MonkeyPatch.context() as mp:
            calls = counted(mp)
            result = capaian_batch(targets, reals, places=2, rounding=rounding)
        assert decimal.getcontext() is caller and context_state(caller) == before
    assert calls == [True, False, False, True]  # the runs holding those two rows: row by row
    for i, (t, r) in enumerate(zip(targets, reals, strict=True)):
        if t.is_nan():
            assert result.values[i] is None and result.reasons[i]
            assert (str(result.values[i]), result.reasons[i]) == by_scalar(t, r, 2, rounding)
        else:
            value = result.values[i]
            assert value is not None and result.reasons[i] is None
            assert value.as_tuple() == exact_percent(t, r, 2, rounding).as_tuple(), i


def test_a_failing_run_restores_the_context_and_the_next_call_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(value: object, quantum: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setitem(batch.QUANTIZERS, ROUND_DOWN, explode)
    with decimal.localcontext() as caller:
        caller.prec, caller.traps[decimal.Inexact] = 5, True
        before = context_state(caller)
        with pytest.raises(RuntimeError, match="boom"):
            capaian_batch([Decimal(3)] * 5, [Decimal(1)] * 5, rounding=ROUND_DOWN)
        assert decimal.getcontext() is caller and context_state(caller) == before
        assert capaian_batch([Decimal(3)], [Decimal(1)]).values == (Decimal("33.33"),)


def test_a_column_of_decimals_is_read_where_it_is_and_left_unchanged() -> None:
    targets = (Decimal(87), Decimal(90))
    reals = [Decimal("91.72"), Decimal("103.44")]
    copy = list(reals)
    result = capaian_batch(targets, reals)
    assert result.values == (Decimal("105.43"), Decimal("114.93"))
    assert reals == copy and targets == (Decimal(87), Decimal(90))
    gen = capaian_batch((t for t in targets), iter(reals))  # any iterable, read once
    assert gen.values == result.values


EDGES = [
    *HOSTILE_VALUES,
    Decimal("1E-102"),
    Decimal("1E-99"),
    Decimal("0.5E-99"),
    Decimal(1),
    Decimal(7),  # 1E+24 / 7: a quotient one digit past the column path's limit
    Decimal("87"),
    Decimal("-91.72"),
    Decimal("0.001"),
]


@pytest.mark.parametrize("places", [0, 2, 12])
def test_every_pair_of_edge_values_alone_and_beside_a_plain_row(places: int) -> None:
    plain = (Decimal(87), Decimal("91.72"))
    for t in EDGES:
        for r in EDGES:
            expected = by_scalar(t, r, places, ROUND_HALF_EVEN)
            alone = capaian_batch([t], [r], places=places, rounding=ROUND_HALF_EVEN)
            assert rows(alone) == [expected], (t, r)
            beside = capaian_batch([plain[0], t], [plain[1], r], places=places)
            assert rows(beside)[1] == by_scalar(t, r, places, ROUND_HALF_UP), (t, r)
