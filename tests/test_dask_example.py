"""Issue 11: examples/dask_partitions.py gives the single-frame ``df.lkjip.evaluate``.

Dask's schedulers and clusters leave threads behind, and a process running threads
makes lkjip's worker pool run in-process (tests/test_unbreakable_processes.py kills its
"worker"): here the partitions run on the synchronous scheduler, and the local
cluster in a subprocess of its own.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.needs("pandas", "dask.dataframe")  # the dask example: lkjip[dask]

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
    got = example.evaluate(frame, dtype=dtype).compute(scheduler="synchronous")  # type: ignore[attr-defined]
    whole = df.lkjip.evaluate(dtype=dtype)
    assert list(got.columns) == list(whole.columns)
    assert got.index.tolist() == whole.index.tolist()
    for column in whole.columns:
        assert got[column].tolist() == whole[column].tolist() or (
            got[column].isna().tolist() == whole[column].isna().tolist()
            and got[column].dropna().tolist() == whole[column].dropna().tolist()
        ), column
    assert whole["capaian"].notna().sum() > 2_000  # the table has figures to compare
    assert threading.active_count() == 1  # no thread left behind


_ON_A_CLUSTER = """
import sys
sys.path.insert(0, sys.argv[1])
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster
import dask_partitions as example

df = example.table(2_000)
with LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster:
    with Client(cluster):
        got = example.evaluate(dd.from_pandas(df, npartitions=4)).compute()
whole = df.lkjip.evaluate()
assert len(got) == 2_000
assert got["capaian"].tolist() == whole["capaian"].tolist()
assert got["predikat"].tolist() == whole["predikat"].tolist()
assert got["alasan"].isna().tolist() == whole["alasan"].isna().tolist()
print("same")
"""


def test_on_a_local_cluster() -> None:
    pytest.importorskip("distributed", reason="a local cluster needs dask.distributed")
    result = subprocess.run(
        [sys.executable, "-c", _ON_A_CLUSTER, str(ROOT / "examples")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "same"
