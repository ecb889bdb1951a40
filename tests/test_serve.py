"""``lkjip serve`` through the real ASGI app (fastapi's TestClient): every endpoint's
figures against the spec and an exact Fraction, the CLI's JSON documents byte for byte,
problem documents for every error, the token, the upload limit, OpenAPI 3.1, the page.

Every test needs the server extra and httpx (``pytestmark``): without them each skips on
its own, the reason naming what is missing; the file imports without them (the
TestClient is imported when a test makes one)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import lkjip
from lkjip import cli
from lkjip.serve import RULES, create_app

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.needs("fastapi", "python_multipart", "jinja2", "httpx")
"""lkjip[server] (FastAPI, python-multipart, Jinja2) and httpx (fastapi's TestClient)."""

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
REPORT = ROOT / "examples" / "laporan" / "lkjip-2023-kecamatan-medang-kampai.txt"
PROBLEM = "application/problem+json"


def client_of(app: Any) -> TestClient:
    """A TestClient of ``app`` (fastapi imported here, when a test runs)."""
    from fastapi.testclient import TestClient

    return TestClient(app)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with client_of(create_app()) as c:
        yield c


def half_up(value: Fraction, places: int = 2) -> str:
    """An exact rational rounded half up, written with a dot (the reference)."""
    scaled = value * 10**places
    n = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    text = str(n).rjust(places + 1, "0")
    return f"{text[:-places]}.{text[-places:]}" if places else text


def post(client: TestClient, rule: str, body: object, **params: str) -> dict[str, Any]:
    r = client.post(f"/v1/{rule}", json=body, params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


# --- every rule: the spec's figure, and the library's --------------------------------


def test_capaian_higher_is_the_exact_ratio(client: TestClient) -> None:
    got = post(client, "capaian", {"target": "87", "realisasi": "91,72"})
    assert got["capaian"] == half_up(Fraction(9172, 100) / 87 * 100) == "105.43"
    assert (got["predikat"], got["atribut"], got["kategori"]) == (
        "Sangat Tinggi",
        "Sangat Berhasil",
        1,
    )
    assert got["capaian"] == str(lkjip.capaian("87", "91,72"))


def test_capaian_lower_is_better_reflected_and_inverse(client: TestClient) -> None:
    reflected = post(client, "capaian", {"target": "10", "realisasi": "12", "direction": "lower"})
    assert reflected["capaian"] == half_up(Fraction(2 * 10 - 12, 10) * 100) == "80.00"
    assert (reflected["predikat"], reflected["atribut"]) == ("Tinggi", "Berhasil")
    body = {"target": "10", "realisasi": "12", "direction": "negatif", "lower_method": "inverse"}
    inverse = post(client, "capaian", body)
    assert inverse["capaian"] == half_up(Fraction(10, 12) * 100) == "83.33"


def test_capaian_explain_is_the_evaluation_trace(client: TestClient) -> None:
    got = post(client, "capaian", {"target": "87", "realisasi": "91,72"}, explain="true")
    ev = lkjip.table.evaluasi.evaluate_indikator(lkjip.Indikator(target="87", realisasi="91,72"))
    assert got["penjelasan"] == list(ev.penjelasan())
    assert "91,72 / 87 × 100%" in got["penjelasan"][0]
    assert "penjelasan" not in post(client, "capaian", {"target": "87", "realisasi": "91,72"})


def test_places_and_rounding_options(client: TestClient) -> None:
    body = {"target": "3", "realisasi": "2", "places": 4, "rounding": "ROUND_DOWN"}
    assert post(client, "capaian", body)["capaian"] == "66.6666"
    assert post(client, "capaian", {**body, "places": None})["capaian"].startswith("66.66666666")


def test_kemajuan(client: TestClient) -> None:
    got = post(client, "kemajuan", {"target_akhir": "120", "realisasi": "90"}, explain="1")
    assert got["kemajuan"] == half_up(Fraction(90, 120) * 100) == "75.00"
    assert got["penjelasan"][0].startswith("Tingkat kemajuan = 90 / 120")


def test_budget_rules(client: TestClient) -> None:
    body = {"pagu": "1.000.000", "realisasi": "875.500,50"}
    pagu, real = Fraction(1_000_000), Fraction(87_550_050, 100)
    assert post(client, "penyerapan", body)["penyerapan"] == half_up(real / pagu * 100) == "87.55"
    assert post(client, "sisa_anggaran", body)["sisa_anggaran"] == "124499.50"
    eff = post(client, "efisiensi_anggaran", body, explain="true")
    assert eff["efisiensi_anggaran"] == half_up((pagu - real) / pagu * 100) == "12.45"
    assert eff["penjelasan"] == [
        "Efisiensi anggaran = Rp 124.499,50 / Rp 1.000.000 × 100% = 12,45%"
    ]


def test_tingkat_efisiensi_and_kategori(client: TestClient) -> None:
    got = post(client, "tingkat_efisiensi", {"capaian": "90", "penyerapan": "80"})
    assert got["tingkat_efisiensi"] == half_up(Fraction(90, 80)) == "1.13"
    assert got["kategori_efisiensi"] == "Efisien"
    low = post(client, "tingkat_efisiensi", {"capaian": "70", "penyerapan": "80"})
    assert (low["tingkat_efisiensi"], low["kategori_efisiensi"]) == ("0.88", "Kurang Efisien")


@pytest.mark.parametrize(
    ("capaian", "predikat"),  # spec §3: the upper bounds are exact, 90 is Tinggi
    [("90", "Tinggi"), ("90,01", "Sangat Tinggi"), ("75", "Sedang"), ("50", "Sangat Rendah")],
)
def test_predikat_bands(client: TestClient, capaian: str, predikat: str) -> None:
    assert post(client, "predikat", {"capaian": capaian})["predikat"] == predikat


def test_predikat_variant_and_atribut(client: TestClient) -> None:
    # predikat_batas_bawah: the printed lower bounds 91/76/66/51, so 90,5 is Tinggi
    body = {"capaian": "90,5", "scale": "predikat_batas_bawah"}
    assert post(client, "predikat", body)["predikat"] == "Tinggi"
    assert post(client, "atribut", {"capaian": "85"}) == {
        "atribut": "Sangat Berhasil",
        "kategori": 1,
    }
    assert post(client, "atribut", {"capaian": "69,99"})["atribut"] == "Cukup Berhasil"


def test_a_scale_gives_its_own_kind_of_label(client: TestClient) -> None:
    # an atribut variant gives no predikat, a predikat variant no atribut: 422 on scale
    wrong = {"capaian": "80", "scale": "atribut_100_75_55"}
    assert problem(client.post("/v1/predikat", json=wrong), 422)["field"] == "scale"
    wrong = {"capaian": "80", "scale": "predikat_batas_bawah"}
    assert problem(client.post("/v1/atribut", json=wrong), 422)["field"] == "scale"
    # atribut_100_75_55 (spec §17): 80 is at least 75, below 100: Berhasil
    right = {"capaian": "80", "scale": "atribut_100_75_55"}
    assert post(client, "atribut", right)["atribut"] == "Berhasil"


def test_rata_rata_and_selisih(client: TestClient) -> None:
    assert post(client, "rata_rata", {"values": ["100", "120", "95,5"]})["rata_rata"] == half_up(
        Fraction(100 + 120 + Fraction(955, 10), 3)
    )
    capped = post(client, "rata_rata", {"values": ["100", "120"], "cap": "100"})
    assert capped["rata_rata"] == "100.00"
    got = post(client, "selisih", {"sekarang": "96,39", "lalu": "98,5"})
    assert (got["selisih"], got["tren"]) == ("-2.11", "turun")


def test_nilai_akip_and_ikm(client: TestClient) -> None:
    akip = post(client, "nilai_akip", {"scores": ["25", "25", "10", "20"]}, explain="true")
    assert (akip["nilai_akip"], akip["predikat_akip"]) == ("80", "BB")  # spec §7: > 70 – 80
    assert len(akip["penjelasan"]) == 2
    five = post(client, "nilai_akip", {"scores": ["30", "25", "15", "10", "20"]})
    assert (five["nilai_akip"], five["predikat_akip"]) == ("100", "AA")
    unsur = ["3,24", "3,20", "3,20", "3,92", "3,36", "3,32", "3,32", "3,20", "4,00"]
    exact = post(client, "nilai_ikm", {"unsur": unsur})  # spec §16: 85,44 exact, 85,35 rounded
    assert (exact["nilai_ikm"], exact["mutu_ikm"]) == ("85.44", "B")
    assert post(client, "nilai_ikm", {"unsur": unsur, "bobot": "tiga_desimal"})["nilai_ikm"] == (
        "85.35"
    )


# --- Formulir E.81 kolom 12–15 (spec §15), by hand -----------------------------------------

E81 = {  # kolom 5, 6, 7, 8–11 of one K line; triwulan II not reported
    "target_renstra": "95",
    "realisasi_renstra_lalu": "80,5",
    "target_renja": "85",
    "triwulan": ["84", None, "86,1", "87.2"],
}


def test_renja_columns_by_hand(client: TestClient) -> None:
    """Rata-rata: 12 = the mean of the triwulan reported, 13 = 12 / 7 × 100, 14 = the
    mean of 6 and 12, 15 = 14 / 5 × 100, each from the exact mean (spec §15)."""
    got = post(client, "renja", {**E81, "akumulasi": "rata_rata"})
    r12 = (84 + Fraction(861, 10) + Fraction(872, 10)) / 3  # 85,7666…
    r14 = (Fraction(805, 10) + r12) / 2  # 83,1333…
    assert got["realisasi"] == half_up(r12) == "85.77"
    assert got["capaian_renja"] == half_up(r12 / 85 * 100) == "100.90"
    assert half_up(Fraction(8577, 100) / 85 * 100) == "100.91"  # 12 rounded first: not so
    assert got["realisasi_renstra"] == half_up(r14) == "83.13"
    assert got["capaian_renstra"] == half_up(r14 / 95 * 100) == "87.51"
    # spec §3: above 90 Sangat Tinggi, above 75 up to 90 Tinggi
    assert (got["predikat_renja"], got["predikat_renstra"]) == ("Sangat Tinggi", "Tinggi")
    assert (got["akumulasi"], got["tidak_dilaporkan"]) == ("rata_rata", ["II"])
    library = lkjip.evaluasi_renja(
        "95", "80,5", "85", ["84", None, "86,1", "87.2"], akumulasi="rata_rata"
    )
    assert got["capaian_renja"] == str(library.capaian_renja)
    assert got["capaian_renstra"] == str(library.capaian_renstra)


def test_renja_sum_lower_is_better_and_blank_renstra(client: TestClient) -> None:
    # jumlah (the default): 12 = 6 + 4 + 5 = 15; lower is better, reflected:
    # 13 = (2 × 20 − 15) / 20 × 100 = 125; no kolom 6: 14 = 12; no kolom 5: no 15
    body = {"target_renja": "20", "triwulan": ["6", "4", "5", "-"], "direction": "negatif"}
    got = post(client, "renja", body)
    assert (got["realisasi"], got["realisasi_renstra"]) == ("15", "15")
    assert got["capaian_renja"] == half_up(Fraction(2 * 20 - 15, 20) * 100) == "125.00"
    assert (got["capaian_renstra"], got["predikat_renstra"]) == (None, None)
    assert got["tidak_dilaporkan"] == ["IV"]
    inverse = post(client, "renja", {**body, "lower_method": "inverse", "places": 3})
    assert inverse["capaian_renja"] == half_up(Fraction(20, 15) * 100, 3) == "133.333"
    # akhir: 12 is the last triwulan reported (IV), 14 is 12
    last = post(client, "renja", {**E81, "akumulasi": "akhir"})
    assert (last["realisasi"], last["realisasi_renstra"]) == ("87.2", "87.2")
    assert last["capaian_renja"] == half_up(Fraction(872, 10) / 85 * 100) == "102.59"


def test_renja_predikat_on_a_variant(client: TestClient) -> None:
    # akhir: 12 = 90,5 (triwulan I, the only one); 13 = 90,5 / 100 × 100 = 90,50:
    # above 90 Sangat Tinggi (§3), below the printed lower bound 91 Tinggi (§17)
    body = {"target_renja": "100", "triwulan": ["90,5", None, None, None], "akumulasi": "akhir"}
    assert post(client, "renja", body)["predikat_renja"] == "Sangat Tinggi"
    varian = post(client, "renja", {**body, "scale": "predikat_batas_bawah"})
    assert (varian["capaian_renja"], varian["predikat_renja"]) == ("90.50", "Tinggi")
    wrong = {**body, "scale": "atribut_100_75_55"}
    assert problem(client.post("/v1/renja", json=wrong), 422)["field"] == "scale"


def test_renja_explain_is_the_library_trace(client: TestClient) -> None:
    got = post(client, "renja", E81, explain="true")
    library = lkjip.evaluasi_renja("95", "80,5", "85", ["84", None, "86,1", "87.2"])
    assert got["penjelasan"] == list(library.penjelasan())
    # jumlah: 84 + 86,1 + 87,2 = 257,3; 14 = 80,5 + 257,3 = 337,8
    assert library.penjelasan("id")[0] == (  # the service's is the suite's language (en)
        "Kolom 12 = 84 + 86,1 + 87,2 = 257,3 (jumlah triwulan; triwulan II tidak dilaporkan)"
    )
    assert got["realisasi_renstra"] == "337.8" and len(got["penjelasan"]) == 4
    assert "penjelasan" not in post(client, "renja", E81)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_renja": "delapan"}, "target_renja"),
        ({"target_renja": 85}, "target_renja"),  # a JSON number: decimals are strings
        ({"target_renstra": "9x"}, "target_renstra"),
        ({"realisasi_renstra_lalu": "?"}, "realisasi_renstra_lalu"),
        ({"triwulan": ["1", "2", "3"]}, "triwulan"),
        ({"triwulan": "1,2,3,4"}, "triwulan"),
        ({"triwulan": ["1", "2", "x", "4"]}, "triwulan[2]"),
        ({"triwulan": ["1", 2, "3", "4"]}, "triwulan[1]"),
        ({"akumulasi": "total"}, "akumulasi"),
        ({"direction": "naik"}, "direction"),
        ({"scale": "tidak_ada"}, "scale"),
        ({"places": -1}, "places"),
        ({"arah": "lower"}, "arah"),  # the table's column; the endpoint says direction
    ],
)
def test_renja_bad_number_or_option_is_422_naming_the_field(
    client: TestClient, change: dict[str, object], field: str
) -> None:
    doc = problem(client.post("/v1/renja", json={**E81, **change}), 422)
    assert doc["field"] == field


def test_renja_errors(client: TestClient) -> None:
    missing = {k: v for k, v in E81.items() if k != "target_renja"}
    assert problem(client.post("/v1/renja", json=missing), 422)["field"] == "target_renja"
    blank = problem(client.post("/v1/renja", json={**E81, "triwulan": [None, "", "-", None]}), 422)
    assert blank["title"] == "Cannot be computed" and "not a zero" in blank["detail"]
    zero = problem(client.post("/v1/renja", json={**E81, "target_renja": "0"}), 422)
    assert zero["title"] == "Cannot be computed"


def test_renja_batch(client: TestClient) -> None:
    items = [E81, {**E81, "triwulan": [None] * 4}, {**E81, "akumulasi": "akhir"}, {}]
    r = client.post("/v1/renja/batch", json={"items": items}, params={"explain": "true"})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x.get("realisasi") for x in results] == ["257.3", None, "87.2", None]
    assert results[1]["error"]["type"].endswith("not-computable")
    assert results[3]["error"]["field"] == "target_renja"
    assert results[2]["penjelasan"][2] == "Kolom 14 = kolom 12 = 87,2 (akumulasi akhir)"


def test_every_rule_has_an_endpoint_and_answers_as_the_library() -> None:
    spec = {
        *("capaian", "kemajuan", "penyerapan", "sisa_anggaran", "efisiensi_anggaran"),
        *("tingkat_efisiensi", "predikat", "atribut", "rata_rata", "selisih"),
        *("nilai_akip", "nilai_ikm"),
    }
    spec.add("renja")  # Formulir E.81 kolom 12–15 (spec §15)
    assert spec <= set(RULES)


def test_batch_answers_each_item_in_place(client: TestClient) -> None:
    items = [
        {"target": "87", "realisasi": "91,72"},
        {"target": "0", "realisasi": "5"},
        {"target": "abc", "realisasi": "5"},
        {"target": "10", "realisasi": "12", "direction": "lower"},
    ]
    r = client.post("/v1/capaian/batch", json={"items": items})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x.get("capaian") for x in results] == ["105.43", None, None, "80.00"]
    assert results[1]["error"]["type"].endswith("not-computable")
    assert results[2]["error"]["field"] == "target"


# --- the CLI's documents --------------------------------------------------------------


def cli_output(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out.json"
    cli.main([*args, "--format", "json", "-o", str(out)])
    return out.read_text(encoding="utf-8")


CSV = (
    "indikator,target,realisasi,capaian,pagu,realisasi_anggaran\n"
    'IKM,87,"91,72",100,1000000,875500\n'
    "Kepuasan,10,12,,,\n"
    "Rusak,abc,5,,,\n"
)


def test_evaluate_is_the_cli_document(client: TestClient, tmp_path: Path) -> None:
    table = tmp_path / "tabel.csv"
    table.write_text(CSV, encoding="utf-8")
    expected = cli_output(tmp_path, "evaluate", str(table))
    r = client.post("/v1/evaluate", files={"file": ("tabel.csv", table.read_bytes())})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.text == expected
    assert json.loads(r.text)["schema"] == "lkjip/evaluate/v1"
    explained = cli_output(tmp_path, "evaluate", str(table), "--explain")
    r = client.post("/v1/evaluate?explain=true", files={"file": ("t.csv", table.read_bytes())})
    assert r.text == explained


def test_evaluate_json_rows_equal_the_csv(client: TestClient, tmp_path: Path) -> None:
    table = tmp_path / "t.jsonl"
    rows = [{"target": "87", "realisasi": "91,72"}, {"target": "10", "realisasi": "12"}]
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = client.post("/v1/evaluate", json={"rows": rows, "places": 3, "rounding": "down"})
    assert r.status_code == 200
    assert r.text == cli_output(
        tmp_path, "evaluate", str(table), "--places", "3", "--rounding", "down"
    )
    assert json.loads(r.text)["results"][0]["capaian"] == "105.425"


def test_a_tables_decimal_mark_is_an_option_of_evaluate_and_audit(
    client: TestClient, tmp_path: Path
) -> None:
    # lkjip's own CSV writes 80.000 (three decimals): read as §1 guesses, 80000; with
    # decimal_mark ".", 80 (the CLI's --decimal-mark, read_table(decimal_mark=...))
    text = "target,realisasi,capaian\n10.000,8.000,80.000\n"
    table = tmp_path / "e.csv"
    table.write_text(text, encoding="utf-8")
    expected = cli_output(tmp_path, "audit", str(table), "--format", "json", "--decimal-mark", ".")
    r = client.post(
        "/v1/audit", files={"file": ("e.csv", text.encode())}, data={"decimal_mark": "."}
    )
    assert r.status_code == 200 and r.json() == json.loads(expected)
    assert r.json()["findings"] == []
    guessed = client.post("/v1/audit", files={"file": ("e.csv", text.encode())})
    assert guessed.json()["findings"] != []
    rows = [{"target": "10.000", "realisasi": "8.000"}]
    r = client.post("/v1/evaluate", json={"rows": rows, "decimal_mark": "."})
    assert r.json()["results"][0]["capaian"] == "80.00"  # 8 / 10 × 100
    doc = problem(client.post("/v1/evaluate", json={"rows": rows, "decimal_mark": ";"}), 422)
    assert "decimal_mark" in doc["detail"]


def test_a_multipart_body_starlette_refuses_is_a_problem_not_a_server_error(
    client: TestClient,
) -> None:
    # found by schemathesis (seed 20261202): a part with no headers made starlette raise
    # its HTTPException inside the form reading, which came out as a 500
    boundary = "ab7ad701ea79152465ec3cc1ec17cea0"
    body = f"--{boundary}\r\n-6414275195--{boundary}--\r\n".encode()
    kind = f"multipart/form-data; boundary={boundary}"
    r = client.post("/v1/audit", content=body, headers={"content-type": kind})
    assert r.status_code < 500
    assert problem(r, r.status_code)["type"].endswith("invalid-request")


def test_audit_of_a_table_is_the_cli_document(client: TestClient, tmp_path: Path) -> None:
    table = tmp_path / "tabel.csv"
    table.write_text(CSV, encoding="utf-8")
    expected = cli_output(tmp_path, "audit", str(table))
    r = client.post("/v1/audit", files={"file": ("tabel.csv", table.read_bytes())})
    assert r.status_code == 200 and r.text == expected
    doc = r.json()
    assert doc["schema"] == "lkjip/audit/v1"
    assert {"row": 1, "field": "capaian", "reported": "100"}.items() <= doc["findings"][0].items()
    rows = [{"target": "87", "realisasi": "91,72", "capaian": "100"}]
    assert client.post("/v1/audit", json={"rows": rows}).json()["findings"][0]["expected"] == (
        "105"  # the audit keeps the printed figure's decimals (none)
    )


def test_audit_of_a_report_is_the_cli_document(client: TestClient, tmp_path: Path) -> None:
    expected = cli_output(tmp_path, "audit", str(REPORT))
    r = client.post("/v1/audit", files={"file": (REPORT.name, REPORT.read_bytes())})
    assert r.status_code == 200
    assert r.text == expected
    doc = r.json()
    assert doc["schema"] == "lkjip/audit/v2" and doc["source"] == REPORT.name
    assert doc["findings"] and doc["coverage"]["figures_checked"] > 0


def test_scales(client: TestClient) -> None:
    doc = client.get("/v1/scales").json()
    assert doc["variants"] == list(lkjip.variants())
    scale = doc["rules"]["predikat_permendagri_86_2017"]
    assert scale["regulation"] == "Peraturan Menteri Dalam Negeri No. 86 Tahun 2017"


# --- errors ------------------------------------------------------------------------------


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    doc = dict(r.json())
    assert {"type", "title", "status", "detail"} <= set(doc) and doc["status"] == status
    return doc


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target": "87", "realisasi": "sembilan"}, "realisasi"),
        ({"target": 87, "realisasi": "91"}, "target"),  # a JSON number: decimals are strings
        ({"target": "87", "realisasi": "91", "direction": "up"}, "direction"),
        ({"target": "87", "realisasi": "91", "lower_method": "x"}, "lower_method"),
        ({"target": "87", "realisasi": "91", "places": 99}, "places"),
        ({"target": "87", "realisasi": "91", "rounding": "HALF"}, "rounding"),
        ({"target": "87"}, "realisasi"),
        ({"target": "87", "realisasi": "91", "bogus": "1"}, "bogus"),
    ],
)
def test_a_bad_number_or_option_is_422_naming_the_field(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    doc = problem(client.post("/v1/capaian", json=body), 422)
    assert doc["field"] == field
    assert doc["title"] in ("The number cannot be read", "Unknown option", "Invalid request")


def test_other_errors_are_problems(client: TestClient) -> None:
    doc = problem(client.post("/v1/capaian", json={"target": "0", "realisasi": "5"}), 422)
    assert "target is 0" in doc["detail"] and doc["title"] == "Cannot be computed"
    indonesian = client.post(
        "/v1/capaian", json={"target": "0", "realisasi": "5"}, headers={"Accept-Language": "id"}
    )
    assert problem(indonesian, 422)["title"] == "Tidak dapat dihitung"
    problem(client.post("/v1/capaian", content=b"{not json"), 400)
    problem(client.post("/v1/capaian", content=b'{"target": NaN}'), 400)
    problem(client.post("/v1/capaian", json=[1, 2]), 422)
    problem(client.post("/v1/capaian", content=b"[" * 100_000), 422)  # nested too deeply
    problem(client.get("/v1/tidak-ada"), 404)
    problem(client.get("/v1/capaian"), 405)
    problem(client.post("/v1/nilai_akip", json={"scores": ["1", "2"]}), 422)
    problem(client.post("/v1/evaluate", json={"rows": [{"nama": "x"}]}), 422)  # no columns
    problem(client.post("/v1/evaluate", json={"rows": "x"}), 422)
    problem(client.post("/v1/evaluate", files={"file": ("a.csv", b"\xff\xfe\x00")}), 422)
    problem(client.post("/v1/evaluate", files={"file": ("a.txt", b"laporan")}), 422)
    problem(client.post("/v1/audit", files={"file": ("a.pdf", b"%PDF-1.4 rusak")}), 422)
    problem(client.post("/v1/audit", files={"file": ("a.docx", b"PK\x03\x04")}), 422)
    problem(client.post("/v1/audit", files={"file": ("a.xlsx", b"bukan zip")}), 422)
    problem(client.post("/v1/audit", files={"other": ("a.csv", b"x")}), 422)


def test_garbage_never_gives_a_500(client: TestClient) -> None:
    bodies: list[bytes] = [b"", b"null", b"{}", b'{"items": [1, null, {}]}', b'{"rows": [[]]}']
    bodies += [b'{"target": "1e999999999", "realisasi": "1"}', '{"target": "\u0000"}'.encode()]
    for path in [*(f"/v1/{n}" for n in RULES), *(f"/v1/{n}/batch" for n in RULES)]:
        for body in bodies:
            r = client.post(path, content=body)
            assert r.status_code < 500, (path, body, r.text)
    for path in ("/v1/evaluate", "/v1/audit", "/"):
        for body in bodies:
            assert client.post(path, content=body).status_code < 500, (path, body)


def test_over_the_upload_limit_is_413() -> None:
    with client_of(create_app(max_upload=1_000)) as small:
        big = {"rows": [{"target": "1", "realisasi": "1"}] * 100}
        doc = problem(small.post("/v1/evaluate", json=big), 413)
        assert "1,000 bytes" in doc["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it is read
            yield b'{"rows": ['
            for _ in range(200):
                yield b'{"target": "1", "realisasi": "1"},'
            yield b"{}]}"

        problem(small.post("/v1/evaluate", content=chunks()), 413)
        upload = small.post("/v1/audit", files={"file": ("a.csv", b"target,realisasi\n" * 200)})
        problem(upload, 413)
        assert small.post("/v1/capaian", json={"target": "1", "realisasi": "1"}).status_code == 200


def test_the_token() -> None:
    with client_of(create_app(token="rahasia")) as c:
        body = {"target": "87", "realisasi": "91,72"}
        problem(c.post("/v1/capaian", json=body), 401)
        problem(c.post("/v1/capaian", json=body, headers={"Authorization": "Bearer salah"}), 401)
        problem(c.post("/v1/capaian", json=body, headers={"Authorization": "Basic rahasia"}), 401)
        problem(c.get("/openapi.json"), 401)
        ok = c.post("/v1/capaian", json=body, headers={"Authorization": "Bearer rahasia"})
        assert ok.status_code == 200 and ok.json()["capaian"] == "105.43"
        page = c.get("/")  # the form itself is shown; the upload needs the token
        assert page.status_code == 200 and 'name="token"' in page.text
        files = {"file": (REPORT.name, REPORT.read_bytes())}
        assert c.post("/", files=files).status_code == 401
        assert c.post("/", files=files, data={"token": "salah"}).status_code == 401
        good = c.post("/", files=files, data={"token": "rahasia"})
        assert good.status_code == 200 and "findings" in good.text


def test_create_app_refuses_bad_settings() -> None:
    with pytest.raises(lkjip.InvalidOptionError):
        create_app(token="")
    with pytest.raises(lkjip.InvalidOptionError):
        create_app(max_upload=0)


# --- OpenAPI and the docs page ------------------------------------------------------------


def test_openapi_31_decimals_are_strings(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)
    for name, rule in RULES.items():
        schema = spec["paths"][f"/v1/{name}"]["post"]["requestBody"]["content"]
        props = schema["application/json"]["schema"]["properties"]
        answer = spec["paths"][f"/v1/{name}"]["post"]["responses"]["200"]["content"]
        answered = answer["application/json"]["schema"]["properties"]
        for figure in rule.answers:  # a figure is a string (null: not computed)
            assert answered[figure]["type"] in ("string", ["string", "null"]), (name, figure)
        for field in rule.numbers:
            number = props[field]["items"] if props[field]["type"] == "array" else props[field]
            assert number["type"] in ("string", ["string", "null"]), (name, field)
    assert '"number"' not in json.dumps(
        {k: v for k, v in spec["paths"].items() if k not in ("/v1/evaluate", "/v1/audit")}
    )


def test_docs_are_local(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
    page = client.get("/docs")
    assert page.status_code == 200 and "/v1/capaian" in page.text
    assert not re.search(r"<script|https?://", page.text)


# --- the page -------------------------------------------------------------------------------


def test_the_page_shows_the_findings_by_table(client: TestClient) -> None:
    indonesian = {"Accept-Language": "id-ID,id;q=0.9,en;q=0.8"}
    form = client.get("/", headers=indonesian)
    assert form.status_code == 200 and 'lang="id"' in form.text
    assert "<script" not in form.text and "http" not in form.text.replace("https://", "")
    r = client.post("/", files={"file": (REPORT.name, REPORT.read_bytes())}, headers=indonesian)
    assert r.status_code == 200
    api = client.post(
        "/v1/audit", files={"file": (REPORT.name, REPORT.read_bytes())}, headers=indonesian
    ).json()
    cov = api["coverage"]
    line = f"{len(api['findings'])} temuan; {cov['tables_found']} tabel ditemukan"
    assert line in r.text and f"{cov['figures_checked']} angka diperiksa" in r.text
    for f in api["findings"][:5]:  # printed vs recomputed, and the explanation
        assert f["table"] in r.text.replace("&amp;", "&")
    hrefs = dict(re.findall(r'href="data:([a-z/]+);charset=utf-8;base64,([^"]+)"', r.text))
    assert json.loads(base64.b64decode(hrefs["application/json"])) == api
    csv_text = base64.b64decode(hrefs["text/csv"]).decode()
    assert csv_text.splitlines()[0].startswith("line,page,table_index,table")
    assert len(csv_text.splitlines()) == len(api["findings"]) + 1


def test_the_page_says_what_went_wrong(client: TestClient) -> None:
    r = client.post("/", files={"file": ("rusak.pdf", b"%PDF rusak")})
    assert r.status_code == 422 and 'class="galat"' in r.text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_a_seed_report_on_the_page(client: TestClient) -> None:
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    r = client.post("/", files={"file": (seed.name, seed.read_bytes())})
    assert r.status_code == 200
    assert "95,82% but 95 / 100 × 100% = 95,00%" in r.text  # Tabel V, l.302, as printed


# --- the language of an answer: Accept-Language, else LKJIP_LANG, else Bahasa Indonesia ----


def test_a_422_is_indonesian_by_default_and_english_on_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    body = {"target": 87, "realisasi": "91"}  # a JSON number: decimals are strings
    doc = problem(client.post("/v1/capaian", json=body), 422)
    assert doc["title"] == "Angka tidak dapat dibaca" and doc["field"] == "target"
    assert doc["detail"] == "target harus berupa angka yang ditulis sebagai string JSON"
    for header in ("en", "en-US,en;q=0.9", "fr-FR, en;q=0.5, id;q=0.1"):
        doc = problem(
            client.post("/v1/capaian", json=body, headers={"Accept-Language": header}), 422
        )
        assert doc["title"] == "The number cannot be read", header
        assert doc["detail"] == "target must be a number written as a JSON string", header
    for header in ("id-ID", "en;q=0.2, id", "fr", "*"):  # fr, *: the service's own, id
        doc = problem(
            client.post("/v1/capaian", json=body, headers={"Accept-Language": header}), 422
        )
        assert doc["title"] == "Angka tidak dapat dibaca", header
    items = {"items": [{"target": "87", "realisasi": "91"}, body]}
    answer = client.post("/v1/capaian/batch", json=items)
    assert answer.json()["results"][1]["error"]["detail"].startswith("target harus berupa")
    missing = problem(client.get("/v1/tidak-ada"), 404)
    assert missing["title"] == "Tidak ditemukan" and missing["detail"] == "Tidak ditemukan"
    english = client.get("/v1/tidak-ada", headers={"Accept-Language": "en"})
    assert problem(english, 404)["detail"] == "Not Found"


def test_the_library_messages_come_in_the_language_of_the_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    body = {"target": "0", "realisasi": "5"}
    for lang in ("id", "en"):
        with lkjip.bahasa(lang), pytest.raises(lkjip.NotComputableError) as caught:
            lkjip.capaian("0", "5")  # the library's own message, in that language
        headers = {} if lang == "id" else {"Accept-Language": "en"}
        doc = problem(client.post("/v1/capaian", json=body, headers=headers), 422)
        assert doc["detail"] == str(caught.value), lang


def test_the_page_in_english_with_accept_language_en(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LKJIP_LANG", raising=False)
    form = client.get("/")
    assert (
        'lang="id"' in form.text and "<h1>Periksa angka laporan kinerja (LKjIP)</h1>" in form.text
    )
    assert "Batas ukuran: 20.971.520 bita." in form.text
    english = client.get("/", headers={"Accept-Language": "en"})
    assert (
        'lang="en"' in english.text and "Check the figures of a performance report" in english.text
    )
    assert "Size limit: 20,971,520 bytes." in english.text
    r = client.post(
        "/", files={"file": (REPORT.name, REPORT.read_bytes())}, headers={"Accept-Language": "en"}
    )
    assert r.status_code == 200 and " findings; " in r.text and " tables found, " in r.text
    none = client.post("/", files={"other": ("a.csv", b"x")})
    assert (
        none.status_code == 422 and "Permintaan tidak sah: unggah tabel atau laporan" in none.text
    )
