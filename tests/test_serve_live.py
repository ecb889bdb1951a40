"""``lkjip serve`` as its users meet it, on a free loopback port (uvicorn in a
subprocess): a PHP client (examples/php/audit.php, php-cli) and a real browser (Debian's
Chromium, headless, driven by Playwright) uploading a report on the page, reading the
findings and downloading the annotated workbook."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.needs("fastapi", "uvicorn", "python_multipart", "jinja2")
"""lkjip[server]: each test skips on its own without it (the server runs in a subprocess)."""

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "laporan" / "lkjip-2023-kecamatan-medang-kampai.txt"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _bench() -> Any:
    """benchmarks/serve.py, whose ``server()`` starts ``lkjip serve`` on a free port."""
    spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "benchmarks" / "serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with _bench().server(workers=1) as (url, _pid):
        yield url


def _audit_document(lang: str) -> dict[str, Any]:
    """The CLI's own audit document of the report (what the service must agree with),
    its messages in ``lang``."""
    out = subprocess.run(
        [sys.executable, "-m", "lkjip", "audit", str(REPORT), "--format", "json", "--lang", lang],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr
    return dict(json.loads(out.stdout))


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    """In Bahasa Indonesia, as both clients ask (the PHP client sends
    ``Accept-Language: id``, the browser's locale is id-ID)."""
    return _audit_document("id")


def test_the_php_client(base: str, expected: dict[str, Any]) -> None:
    php = shutil.which("php")
    if php is None:
        pytest.skip("php-cli is not installed (.ci/run installs it with apt-get)")
    out = subprocess.run(
        [php, str(ROOT / "examples" / "php" / "audit.php"), base, str(REPORT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    lines = out.stdout.splitlines()
    # 91,72 / 87 × 100% = 105,4252…% → 105.43 (half up); above 100: Sangat Berhasil
    assert lines[0] == "capaian 105.43% (Sangat Tinggi, Sangat Berhasil)"
    cov = expected["coverage"]
    summary = (
        f"{REPORT.name}: {len(expected['findings'])} findings; {cov['tables_read']} tables "
        f"read of {cov['tables_found']}, {cov['figures_checked']} figures checked, "
        f"{cov['figures_agreeing']} agreeing"
    )
    assert summary in lines
    for f in expected["findings"]:
        assert f"table {f['table_index']}, {f['field']}: {f['message']}" in out.stdout


def test_the_php_client_says_when_it_cannot_reach(tmp_path: Path) -> None:
    php = shutil.which("php")
    if php is None:
        pytest.skip("php-cli is not installed (.ci/run installs it with apt-get)")
    port = _bench().free_port()
    script = ROOT / "examples" / "php" / "audit.php"
    out = subprocess.run(
        [php, str(script), f"http://127.0.0.1:{port}", str(REPORT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and "cannot reach" in out.stderr


def test_a_real_browser(base: str, expected: dict[str, Any], tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (.ci/run installs it with apt-get)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    openpyxl = pytest.importorskip("openpyxl", reason="the annotated workbook needs openpyxl")
    profile = tmp_path / "profile"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            locale="id-ID",  # Accept-Language: the page in Bahasa Indonesia
            viewport={"width": 1200, "height": 900},
        )
        try:
            page = browser.new_page()
            page.goto(base + "/", timeout=30_000)
            assert "Periksa angka laporan kinerja" in page.inner_text("h1")
            page.set_input_files("input[name=file]", str(REPORT))
            page.click("button[type=submit]")
            page.wait_for_selector("#cakupan", timeout=60_000)
            total = len(expected["findings"])
            assert page.inner_text("#cakupan").startswith(f"{total} temuan; ")
            rows = page.locator("tr.salah")
            assert rows.count() == total
            shown = "\n".join(rows.all_inner_texts())
            for f in expected["findings"]:
                assert f["message"] in shown
            captions = page.locator("section.tabel h3").all_inner_texts()
            tables_read = expected["coverage"]["tables_read"]
            assert len(captions) == tables_read + 1  # and the narrative's
            docs = ROOT / "docs" / "img"
            docs.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(tmp_path / "serve.png"))
            with page.expect_download(timeout=30_000) as info:
                page.click("#unduh-xlsx")
            download = info.value
            assert download.suggested_filename == f"temuan-{REPORT.stem}.xlsx"
            saved = tmp_path / "temuan.xlsx"
            download.save_as(str(saved))
        finally:
            browser.close()
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
    marked = {
        (ws.title, c.coordinate): c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.fill is not None and c.fill.fill_type == "solid"
    }
    # each finding's cell: 38 findings, two of them on one cell (table 32, one line)
    assert len(marked) == len(
        {(f["table_index"], f["line"], f["column"]) for f in expected["findings"]}
    )
    assert all(c.comment is not None for c in marked.values())
    assert (tmp_path / "serve.png").stat().st_size > 10_000


def test_schemathesis_finds_no_server_error_and_no_answer_off_its_schema(base: str) -> None:
    """Property-based requests from the OpenAPI document against the live server
    (bounded: 5 examples an operation): no 500, no response that breaks its schema. It
    found a multipart body without its boundary answered 500 (now 422 naming 'file')."""
    st = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    if not Path(st).exists():
        pytest.skip("schemathesis is not installed (the dev extra has it)")
    run = subprocess.run(
        [
            st,
            "run",
            f"{base}/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            "5",
            "--seed",
            "20261202",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]
