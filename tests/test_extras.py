"""Without the extras, lkjip still imports and its CLI runs; an extra's feature says
in one line which extra to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run lkjip as if pandas, openpyxl and matplotlib were not installed.
BLOCK = textwrap.dedent(
    """
    import importlib.abc, sys
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"pandas", "openpyxl", "matplotlib", "numpy"}:
                raise ImportError(f"No module named {name!r}")
    sys.meta_path.insert(0, Block())
    """
)


def run_without_extras(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_core_and_cli_work_without_extras() -> None:
    proc = run_without_extras(
        """
        import lkjip
        from lkjip.cli import main
        print(lkjip.capaian("87", "90"))
        sys.exit(main(["audit", "examples/004_capaian_kinerja.csv", "--format", "json"]))
        """
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("103.45\n") and '"findings"' in proc.stdout


def test_each_extra_names_itself_in_one_line(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    book.write_bytes(b"PK")
    cases = [
        (["audit", str(book)], "pip install 'lkjip[xlsx]'"),
        (
            ["chart", "examples/004_capaian_kinerja.csv", "-o", str(tmp_path / "c.png")],
            "pip install 'lkjip[chart]'",
        ),
        (
            ["evaluate", "examples/004_capaian_kinerja.csv", "--format", "xlsx", "-o", str(book)],
            "pip install 'lkjip[xlsx]'",
        ),
    ]
    for argv, says in cases:
        proc = run_without_extras(f"from lkjip.cli import main; sys.exit(main({argv!r}))")
        assert proc.returncode == 2, (argv, proc.stderr)
        assert says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert "Traceback" not in proc.stderr
    proc = run_without_extras("import lkjip.pandas")
    message = "the pandas accessor needs pandas: pip install 'lkjip[pandas]'"
    assert f"lkjip.errors.MissingExtraError: {message}" in proc.stderr
