"""``df.lkjip.evaluate`` per partition of a Dask frame, on a local cluster.

Every row of an evaluation depends on that row alone, so a table larger than one
machine's memory (or one core's patience) can be split into partitions and each
evaluated by ``df.lkjip.evaluate`` where it lies: ``map_partitions`` runs it on each
pandas partition, with the empty frame of the same columns as ``meta``. The figures
are those of one ``evaluate`` over the whole table (the test checks it).

    pip install 'lkjip[pandas,dask]' distributed
    python examples/dask_partitions.py [ROWS] [PARTITIONS]
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

import lkjip.pandas  # noqa: F401  (registers df.lkjip)
from lkjip.table.model import Opsi


def table(rows: int) -> pd.DataFrame:
    """A generated table as spreadsheets give it: float targets and realisasi, both
    directions, budget columns, a zero target now and then."""
    n = pd.RangeIndex(rows)
    return pd.DataFrame(
        {
            "target": (n % 97 + 1) * 1.5,
            "realisasi": (n * 7919 % 10_007) / 100,
            "arah": ["lower" if i % 5 == 0 else "higher" for i in range(rows)],
            "pagu": (n % 13) * 1_000_000.0,
            "realisasi_anggaran": (n * 31 % 17) * 750_000.0,
        }
    )


def evaluate_partition(part: pd.DataFrame, opsi: Opsi, dtype: str) -> pd.DataFrame:
    """What each worker runs: the accessor on its own partition (index kept)."""
    return part.lkjip.evaluate(opsi=opsi, dtype=dtype)


def evaluate(frame: Any, opsi: Opsi | None = None, dtype: str = "object") -> Any:
    """``df.lkjip.evaluate`` over a Dask frame, partition by partition (lazy)."""
    opsi = opsi or Opsi()
    meta = evaluate_partition(frame._meta, opsi, dtype)  # the empty frame of the result
    return frame.map_partitions(evaluate_partition, opsi, dtype, meta=meta)


def main(rows: int = 200_000, partitions: int = 8) -> None:
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    df = table(rows)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        with Client(cluster):
            out = evaluate(dd.from_pandas(df, npartitions=partitions)).compute()
    print(f"{len(out):,} rows in {partitions} partitions")
    print(out["predikat"].value_counts().to_string())


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
