"""The command line contract (spec §12): formats, stdin, exit codes, messages, schemas."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from lkjip.cli import main

from conftest import optional

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
jsonschema = optional("jsonschema")  # the tests that validate against a schema need it


def schema(name: str) -> dict[str, Any]:
    text = resources.files("lkjip").joinpath(f"schemas/{name}.v1.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: a separate process, ``python -m lkjip``."""
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args],
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- evaluate ----------------------------------------------------------------------


@pytest.mark.needs("jsonschema")
def test_evaluate_jsonl_one_record_per_row_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "evaluate", str(EXAMPLES / "004_capaian_kinerja.csv"), "--format", "jsonl"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["row"] for r in records] == list(range(1, 9))
    result_schema = {**schema("evaluate")["$defs"]["result"], "$defs": schema("evaluate")["$defs"]}
    for r in records:
        jsonschema.validate(r, result_schema)
    # seed 004 l.315 and l.320: 11/2 = 550 %, 30/30 = 100 %
    assert (records[0]["capaian"], records[0]["predikat"], records[0]["atribut"]) == (
        "550.00",
        "Sangat Tinggi",
        "Sangat Berhasil",
    )
    assert records[4]["capaian"] == "100.00"
    assert records[5]["capaian"] == "50.00" and records[5]["atribut"] == "Tidak Berhasil"
    assert code == 0


@pytest.mark.needs("jsonschema")
def test_evaluate_json_envelope_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "evaluate", str(EXAMPLES / "001_capaian_2022_2023.csv"), "--format", "json"
    )
    doc = json.loads(out)
    jsonschema.validate(doc, schema("evaluate"))
    assert doc["schema"] == "lkjip/evaluate/v1" and doc["rows"] == 6
    assert (
        doc["results"][3]["selisih"] == "1.7" and doc["results"][3]["tren"] == "naik"
    )  # 91,7 − 90
    (sasaran,) = doc["sasaran"]
    assert sasaran["agregasi"] == "rata-rata capaian indikator" and sasaran["indikator"] == 6
    assert code == 0


def test_evaluate_csv_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "000_kinerja_anggaran.csv")
    _, out, _ = cli(capsys, "evaluate", path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 7 and rows[2]["capaian"] == "95.00" and rows[2]["penyerapan"] == "95.82"
    assert rows[0]["uraian"] == "Tujuan"  # unknown columns are passed through
    code, out, _ = cli(capsys, "evaluate", path, "--lang", "id")
    assert code == 0
    assert "95,82%" in out and "Keseluruhan:" in out


def test_evaluate_explain_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(
        capsys,
        "evaluate",
        str(EXAMPLES / "004_capaian_kinerja.csv"),
        "--format",
        "jsonl",
        "--explain",
    )
    first = json.loads(out.splitlines()[0])
    assert first["penjelasan"][0] == (
        "Capaian = 11 / 2 × 100% = 550,00% → Sangat Tinggi "
        "(Permendagri 86/2017 predikat capaian: > 90)"
    )
    _, out, _ = cli(capsys, "evaluate", str(EXAMPLES / "004_capaian_kinerja.csv"), "--explain")
    assert "· Atribut: 550,00% (≥ 85) → Sangat Berhasil (kategori 1)" in out


def test_evaluate_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("indikator,target,realisasi,arah\nangka,10,12,negatif\nkemajuan,36,20,\n")
    _, out, _ = cli(
        capsys,
        "evaluate",
        str(table),
        "--format",
        "jsonl",
        "--lower-method",
        "inverse",
        "--rounding",
        "down",
    )
    first, second = (json.loads(x) for x in out.splitlines())
    assert first["capaian"] == "83.33" and second["capaian"] == "55.55"


def test_bad_number_in_row_7_reports_that_row_and_computes_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = ["indikator,target,realisasi"] + [f"i{n},10,{n}" for n in range(1, 11)]
    lines[7] = "i7,10,1.2.3"
    table = tmp_path / "t.csv"
    table.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "evaluate", str(table), "--format", "jsonl")
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["row"] for r in records] == list(range(1, 11))
    assert records[6]["capaian"] is None and "1.2.3" in records[6]["error"]
    assert all(r["error"] is None for i, r in enumerate(records) if i != 6)
    assert records[7]["capaian"] == "80.00"
    assert code == 1


# --- audit -------------------------------------------------------------------------


@pytest.mark.needs("jsonschema")
def test_audit_json_of_a_seed_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "audit", str(EXAMPLES / "004_capaian_kinerja.csv"), "--format", "json"
    )
    doc = json.loads(out)
    jsonschema.validate(doc, schema("audit"))
    assert doc["rows"] == 8
    assert [(f["row"], f["field"], f["reported"], f["expected"]) for f in doc["findings"]] == [
        (5, "capaian", "133", "100"),  # seed 004 l.320, case 004-0018
        (6, "capaian", "83", "50"),  # seed 004 l.321, case 004-0020
    ]
    assert code == 1


@pytest.mark.needs("jsonschema")
def test_audit_other_formats(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(EXAMPLES / "001_efisiensi.csv")
    _, out, _ = cli(capsys, "audit", path, "--format", "jsonl")
    finding_schema = {**schema("audit")["$defs"]["finding"]}
    found = [json.loads(x) for x in out.splitlines()]
    for f in found:
        jsonschema.validate(f, finding_schema)
    assert [(f["row"], f["field"], f["reported"]) for f in found] == [
        (1, "kategori_efisiensi", "Efisiensi"),  # seed 001 l.230
        (2, "kategori_efisiensi", "Efisiensi"),
        (3, "kategori_efisiensi", "Efisiensi"),
    ]
    _, out, _ = cli(capsys, "audit", path, "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["expected"] == "Efisien"
    monkeypatch.setenv("LKJIP_LANG", "id")  # the summary as the default prints it
    _, out, _ = cli(capsys, "audit", path)
    assert "3 temuan dalam 3 baris." in out


def test_audit_of_an_agreeing_table_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LKJIP_LANG", "id")
    code, out, _ = cli(capsys, "audit", str(EXAMPLES / "004_efisiensi.csv"))
    assert code == 0 and "Tidak ada temuan dalam 8 baris." in out


def test_stdin_and_python_m() -> None:
    data = (EXAMPLES / "004_capaian_kinerja.csv").read_bytes()
    proc = run("audit", "-", "--format", "json", stdin=data)
    assert proc.returncode == 1 and len(json.loads(proc.stdout)["findings"]) == 2
    assert proc.stderr == ""


def test_jsonl_input_and_bom_comma_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jl = tmp_path / "t.jsonl"
    jl.write_text('{"target": 87, "realisasi": 91.72}\n{"target": "87", "realisasi": "91,7"}\n')
    _, out, _ = cli(capsys, "evaluate", str(jl), "--format", "jsonl")
    assert [json.loads(x)["capaian"] for x in out.splitlines()] == ["105.43", "105.40"]
    mixed = tmp_path / "mixed.jsonl"  # a later object brings columns of its own
    mixed.write_text(
        '{"target": "1", "realisasi": "1"}\n'
        '{"nama": "P", "pagu": "10", "realisasi_anggaran": "5"}\n'
    )
    _, out, _ = cli(capsys, "evaluate", str(mixed), "--format", "jsonl")
    second = json.loads(out.splitlines()[1])
    assert second["nama"] == "P" and second["pagu"] == "10" and second["penyerapan"] == "50.00"
    bom = tmp_path / "bom.csv"
    bom.write_bytes('\ufeffTarget,Realisasi\n87,"91,7"\n'.encode())
    _, out, _ = cli(capsys, "evaluate", str(bom), "--format", "jsonl")
    assert json.loads(out)["capaian"] == "105.40"


# --- exit 2: usage and unreadable input, one line, no traceback ----------------------


@pytest.mark.parametrize(
    ("content", "args", "says"),
    [
        (None, ["evaluate", "{missing}"], "cannot open"),
        (b"", ["evaluate", "{file}"], "empty"),
        (b"\n\n", ["audit", "{file}"], "empty"),
        (b"target,realisasi\n\xff\xfe,1\n", ["evaluate", "{file}"], "not UTF-8"),
        (
            b"indikator,target\nIKM,87\n",
            ["evaluate", "{file}"],
            "missing required column 'realisasi'",
        ),
        (
            b"nama,pagu\nP,100\n",
            ["audit", "{file}"],
            "missing required column 'realisasi_anggaran'",
        ),
        (b"a,b\n1,2\n", ["evaluate", "{file}"], "missing required column"),
        (b"target,realisasi\n1,1\n", ["evaluate", "{file}", "--format", "xml"], "invalid choice"),
        (b"target,realisasi\n1,1\n", ["evaluate"], "required"),
        (b"target,realisasi\n1,1\n", [], "name a command"),
    ],
)
def test_exit_2_with_one_line(
    tmp_path: Path, content: bytes | None, args: list[str], says: str
) -> None:
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)
    argv = [a.format(file=path, missing=tmp_path / "nope.csv") for a in args]
    proc = run(*argv)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("lkjip ")


# --- streaming -------------------------------------------------------------------------


def test_streams_with_flat_memory() -> None:
    """Peak memory does not grow with the number of rows (benchmarks/stream.py runs 1,000,000)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import stream
    finally:
        sys.path.pop(0)
    for options in ((), ("--jobs", "1"), ("--jobs", "2")):  # as it comes, one process, two
        # both sizes past the point where workers start (8 chunks of 1,024 rows)
        small_rows, _, small_peak, small_all = stream.run(30_000, *options)
        large_rows, _, large_peak, large_all = stream.run(150_000, *options)
        assert (small_rows, large_rows) == (30_000, 150_000)
        assert small_peak > 0
        assert large_all < 100
        assert large_peak - small_peak < 10, (options, small_peak, large_peak)
        assert large_all - small_all < 25, (options, small_all, large_all)


# --- the language: --lang, LKJIP_LANG, Bahasa Indonesia by default (spec §18) -------------


def test_messages_are_indonesian_by_default_and_english_with_lang_en(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    path = tmp_path / "in.csv"
    path.write_text("target,realisasi\n1,1\n", encoding="utf-8")
    code, _, err = cli(capsys, "evaluate", str(path), "--places", "30")
    assert code == 2 and err == "lkjip: --places harus antara 0 dan 20, bukan 30\n"
    for argv in (
        ["evaluate", str(path), "--places", "30", "--lang", "en"],
        ["--lang", "en", "evaluate", str(path), "--places", "30"],
        ["--lang=en", "evaluate", str(path), "--places", "30"],
    ):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and err == "lkjip: --places must be between 0 and 20, not 30\n", argv
    code, _, err = cli(capsys, "evaluate", str(tmp_path / "out"), "-o", str(tmp_path))
    assert err == f"lkjip: tidak dapat menulis {tmp_path}: itu sebuah folder\n"


def test_argparse_usage_and_errors_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    _, _, err = cli(capsys, "evaluate")
    assert err == "lkjip: argumen berikut wajib diberikan: FILE (lihat lkjip --help)\n"
    _, _, err = cli(capsys, "--lang", "en", "evaluate")
    assert err == "lkjip: the following arguments are required: FILE (see lkjip --help)\n"
    _, _, err = cli(capsys, "evaluate", "x.csv", "--format", "xml")
    assert err.startswith("lkjip: argumen --format: pilihan 'xml' tidak sah (pilih dari ")
    _, _, err = cli(capsys, "evaluate", "x.csv", "y.csv")
    assert err == "lkjip: argumen tidak dikenal: y.csv (lihat lkjip --help)\n"
    _, _, err = cli(capsys, "evaluate", "x.csv", "--places", "dua")
    assert err == "lkjip: argumen --places: nilai int tidak sah: 'dua' (lihat lkjip --help)\n"
    _, _, err = cli(capsys, "evaluate", "x.csv", "--cap=-")  # a placeholder: no number
    assert err == "lkjip: argumen --cap: '-' bukan angka (lihat lkjip --help)\n"
    for argv, first, section in (
        (["--help"], "penggunaan: lkjip", "opsi:"),
        (["audit", "--help"], "penggunaan: lkjip audit", "argumen posisi:"),
        (["--lang", "en", "--help"], "usage: lkjip", "options:"),
        (["audit", "--help", "--lang", "en"], "usage: lkjip audit", "positional arguments:"),
    ):
        with pytest.raises(SystemExit) as done:
            main(argv)
        out = capsys.readouterr().out
        assert done.value.code == 0 and out.startswith(first) and f"\n{section}\n" in out, argv
        assert "--lang {id,en}" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "menemukan setiap angka tercetak yang tidak sesuai" in capsys.readouterr().out


def test_an_unknown_lang_is_exit_2_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    for argv in (("--lang", "xx", "audit", "a.csv"), ("audit", "a.csv", "--lang=fr")):
        proc = run(*argv)
        assert proc.returncode == 2 and proc.stdout == ""
        lang = argv[1] if argv[0] == "--lang" else "fr"
        assert proc.stderr == f"lkjip: bahasa '{lang}' tidak dikenal: pilih 'id' atau 'en'\n"


def test_the_evaluate_table_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "000_kinerja_anggaran.csv")
    _, out_id, _ = cli(capsys, "evaluate", path, "--lang", "id")
    _, out_en, _ = cli(capsys, "evaluate", path, "--lang", "en")
    head_id, head_en = out_id.splitlines()[0].split(), out_en.splitlines()[0].split()
    assert head_id[:2] == ["Baris", "Indikator"] and head_id[-3:] == [
        "Kategori",
        "efisiensi",
        "Keterangan",
    ]
    assert head_en[:2] == ["Row", "Indikator"] and head_en[-3:] == [
        "Efficiency",
        "category",
        "Note",
    ]
    # the same figures (seed 000 l.298–305: the mean of the six capaian is 98,83%)
    assert "Keseluruhan: 98,83% → Sangat Tinggi, Sangat Berhasil (kategori 1)" in out_id
    assert "Overall: 98,83% → Sangat Tinggi, Sangat Berhasil (category 1)" in out_en


def test_the_environment_chooses_when_lang_is_not_given(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "LKJIP_LANG"}
    for lang, says in ((None, "sebutkan perintah"), ("en", "name a command"), ("id", "sebutkan")):
        proc = subprocess.run(
            [sys.executable, "-m", "lkjip"],
            capture_output=True,
            text=True,
            env=env if lang is None else {**env, "LKJIP_LANG": lang},
            check=False,
        )
        assert proc.returncode == 2 and says in proc.stderr, (lang, proc.stderr)
