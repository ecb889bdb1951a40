"""What one row of capaian costs, operation by operation: ``python benchmarks/ops.py``.

The profile behind the batch target (c) in README "Performance": the baseline uses
the ``/`` and ``*`` operators, which read the thread-local decimal context; the spec
forbids relying on that context, so lkjip calls the methods of its own ``Context``,
which take their arguments as a tuple. Prints nanoseconds per call, then per row of a
loop over the benchmark's rows, best of five: the three exact operations alone, with
no check and nothing kept, already cost as much as the baseline's whole row.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import data

from lkjip._core.context import _E2, QUANTIZERS, _div, _mul
from lkjip.rules.batch import capaian_batch

R, T = Decimal("457.49"), Decimal("164")
CENT = Decimal("0.01")
Q = _mul(_div(R, T), _E2)
HALF_UP = QUANTIZERS[ROUND_HALF_UP]

CASES = {
    "baseline  r / t (operator, thread context)": lambda: R / T,
    "baseline  q * 100 (operator)": lambda: Q * 100,
    "baseline  q.quantize(cent, ROUND_HALF_UP)": lambda: Q.quantize(CENT, ROUND_HALF_UP),
    "lkjip     context.divide(r, t) (05UP)": lambda: _div(R, T),
    "lkjip     context.multiply(q, 1E+2)": lambda: _mul(Q, _E2),
    "lkjip     context.quantize(q, cent)": lambda: HALF_UP(Q, CENT),
    "row check type(t) is Decimal": lambda: type(T) is Decimal,
    "row check t.is_finite()": lambda: T.is_finite(),
    "row check t > 0": lambda: T > 0,
    "as_integer_ratio() (a fixed-point reading)": lambda: R.as_integer_ratio(),
    "Decimal(int) (a fixed-point result)": lambda: Decimal(10543),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000, help="calls timed per operation")
    parser.add_argument("--rows", type=int, default=300_000, help="rows of the loops")
    args = parser.parse_args()
    number = args.calls
    empty = min(timeit.repeat(lambda: None, number=number, repeat=5))
    print(f"{'one call':46s} {'ns':>6s}")
    for name, call in CASES.items():
        best = min(timeit.repeat(call, number=number, repeat=5))
        print(f"{name:46s} {(best - empty) / number * 1e9:6.0f}")
    rows = args.rows
    targets, reals = data(rows)  # the rows of benchmarks/run.py

    def baseline() -> None:
        for t, r in zip(targets, reals, strict=True):
            (r / t * 100).quantize(CENT, ROUND_HALF_UP)

    def three_operations() -> None:  # exact, unchecked, nothing kept: a floor for (c)
        for t, r in zip(targets, reals, strict=True):
            HALF_UP(_mul(_div(r, t), _E2), CENT)

    print(f"\n{'per row, over the rows of benchmarks/run.py':46s} {'ns':>6s}")
    for name, loop in (
        ("(a) baseline loop", baseline),
        ("the three Context operations alone, in a loop", three_operations),
        ("(c) capaian_batch", lambda: capaian_batch(targets, reals)),
    ):
        best = min(timeit.repeat(loop, number=1, repeat=5))
        print(f"{name:46s} {best / rows * 1e9:6.0f}")


if __name__ == "__main__":
    main()
