"""Issue 11: examples/dask_partitions.py gives the single-frame ``df.lkjip.evaluate``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe", reason="the dask example needs 'lkjip[dask]'")

ROOT = Path(__file__).resolve().parents[1]


def _example() -> object:
    spec = importlib.util.spec_from_file_location(
        "dask_partitions", ROOT / "examples" / "dask_partitions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_partitions"] = module  # (workers unpickle its functions by name)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dtype", ["object", "float", "decimal"])
def test_partitions_give_the_single_frame_result(dtype: str) -> None:
    import dask.dataframe as dd

    example = _example()
    df = example.table(3_000)  # type: ignore[attr-defined]
    frame = dd.from_pandas(df, npartitions=7)
    assert frame.npartitions > 1  # larger than one partition
    got = example.evaluate(frame, dtype=dtype).compute(scheduler="threads")  # type: ignore[attr-defined]
    whole = df.lkjip.evaluate(dtype=dtype)
    assert list(got.columns) == list(whole.columns)
    assert got.index.tolist() == whole.index.tolist()
    for column in whole.columns:
        assert got[column].tolist() == whole[column].tolist() or (
            got[column].isna().tolist() == whole[column].isna().tolist()
            and got[column].dropna().tolist() == whole[column].dropna().tolist()
        ), column
    assert whole["capaian"].notna().sum() > 2_000  # the table has figures to compare


def test_on_a_local_cluster() -> None:
    pytest.importorskip("distributed", reason="a local cluster needs dask.distributed")
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    example = _example()
    df = example.table(2_000)  # type: ignore[attr-defined]
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False) as cluster:
        with Client(cluster):
            got = example.evaluate(dd.from_pandas(df, npartitions=4)).compute()  # type: ignore[attr-defined]
    whole = df.lkjip.evaluate()
    assert got["capaian"].tolist() == whole["capaian"].tolist()
    assert got["alasan"].isna().tolist() == whole["alasan"].isna().tolist()
