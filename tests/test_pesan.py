"""The message catalog (spec §18): both languages for every key, the same fields in
each, every key the code asks for present, and no message a person reads written
outside the catalog.

The suite runs with ``LKJIP_LANG=en`` (the root ``conftest.py``): its expectations were
written against the English texts. The tests here check the default, Bahasa Indonesia,
and the ways of choosing English.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import lkjip
from lkjip import InvalidOptionError, bahasa, capaian
from lkjip._core.pesan import ENV, Bahasa, bahasa_aktif, katalog, pesan, template_fields

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lkjip"


# --- the catalog itself ------------------------------------------------------------------


def test_every_key_has_both_languages_with_the_same_fields() -> None:
    entries = katalog()
    assert len(entries) > 0
    for key, texts in entries.items():
        assert set(texts) == {"id", "en"}, key
        assert texts["id"].strip() and texts["en"].strip(), key
        assert template_fields(texts["id"]) == template_fields(texts["en"]), key
        assert texts["id"] != texts["en"] or not re.search(r"[a-z]{4}", texts["en"]), (
            f"{key}: the Indonesian text is the English one"
        )


def test_no_key_is_in_two_files() -> None:
    import json

    seen: dict[str, str] = {}
    for path in sorted((PACKAGE / "_core" / "katalog").glob("*.json")):
        for key in json.loads(path.read_text(encoding="utf-8")):
            if key.startswith("_"):
                continue
            assert key not in seen, f"{key} is in {seen[key]} and {path.name}"
            seen[key] = path.name


def _calls_of_pesan() -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "pesan" and node.args:
                    yield path, node


def test_every_key_the_code_asks_for_exists_with_the_fields_it_is_given() -> None:
    entries = katalog()
    asked = 0
    for path, call in _calls_of_pesan():
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # a key chosen at run time: its keys are checked where they are listed
        asked += 1
        key = first.value
        where = f"{path.relative_to(ROOT)}:{call.lineno}"
        assert key in entries, f"{where}: {key} is not in the catalog"
        if any(k.arg is None for k in call.keywords):  # **fields: not checkable here
            continue
        given = {k.arg for k in call.keywords if k.arg}
        assert template_fields(entries[key]["en"]) == given, f"{where}: {key} fields {given}"
    assert asked > 0


# --- choosing the language ----------------------------------------------------------------


def test_bahasa_indonesia_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert bahasa_aktif() is Bahasa.ID
    with pytest.raises(ValueError) as caught:
        capaian("0", "5")
    assert str(caught.value) == (
        "capaian tidak dapat dihitung: target bernilai 0; "
        "target nol atau kurang tidak memiliki rasio"
    )


def test_the_environment_and_a_block_choose_and_the_block_is_scoped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, "en")
    assert bahasa_aktif() is Bahasa.EN
    with bahasa("id"):
        assert bahasa_aktif() is Bahasa.ID
        with bahasa("en-US"):
            assert bahasa_aktif() is Bahasa.EN
        assert bahasa_aktif() is Bahasa.ID
        with pytest.raises(ZeroDivisionError), bahasa("en"):
            raise ZeroDivisionError  # restored on an exception too
        assert bahasa_aktif() is Bahasa.ID
    assert bahasa_aktif() is Bahasa.EN
    monkeypatch.setenv(ENV, "klingon")  # a language lkjip does not have: the default
    assert bahasa_aktif() is Bahasa.ID


def test_a_block_is_per_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    seen: list[Bahasa] = []
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(bahasa_aktif())
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with bahasa("en"):
        inside.set()
        done.wait(5)
    thread.join(5)
    assert seen == [Bahasa.ID]


def test_an_unknown_language_is_an_option_error() -> None:
    with pytest.raises(InvalidOptionError, match="'xx'"), bahasa("xx"):
        pass  # pragma: no cover


def test_pesan_fills_the_template_of_the_language_in_use() -> None:
    key = next(k for k, t in katalog().items() if template_fields(t["en"]))
    fields = {name: "«x»" for name in template_fields(katalog()[key]["en"])}
    with bahasa("id"):
        assert pesan(key, **fields) == katalog()[key]["id"].format_map(fields)
    with bahasa("en"):
        assert pesan(key, **fields) == katalog()[key]["en"].format_map(fields)


def test_bahasa_is_public() -> None:
    assert lkjip.bahasa is bahasa and "bahasa" in lkjip.__all__


# --- no message outside the catalog -------------------------------------------------------

# A call is a sink when what it is given is read by a person: an exception made with
# its message, a finding's note, a line printed or written, a warning, an argparse help.
_SINK_CALLS = frozenset({"print", "write", "warn", "note", "UsageError", "_say", "exit", "error"})
_SINK_KEYWORDS = frozenset({"message", "detail", "help", "description", "title", "reason"})
_WORDS = re.compile(r"[A-Za-z]{2,}[ ,:;.]+[A-Za-z]{2,}")


# A RuntimeError is a bug of lkjip (a hook nothing provides, a key in two catalog
# files): its message is for lkjip's developers, in English, not for the user.
_FOR_DEVELOPERS = frozenset({"RuntimeError", "AssertionError"})


def _is_sink(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name in _FOR_DEVELOPERS:
        return False
    return name in _SINK_CALLS or name.endswith(("Error", "Problem", "Exception"))


def _text_of(node: ast.AST) -> str:
    """The literal text of a message argument: a string, an f-string's literal parts, a
    concatenation of them; "" for anything else (a name, a call of pesan)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_text_of(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _text_of(node.left) + " " + _text_of(node.right)
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format":
        return _text_of(node.func.value)  # type: ignore[attr-defined]
    return ""


def written_outside_the_catalog(root: Path = PACKAGE) -> dict[str, list[int]]:
    """Each file's lines with a message a person reads written as a literal."""
    found: dict[str, list[int]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not _is_sink(node):
                continue
            given = [*node.args, *(k.value for k in node.keywords if k.arg in _SINK_KEYWORDS)]
            if any(_WORDS.search(_text_of(arg)) for arg in given):
                found.setdefault(path.relative_to(root.parent).as_posix(), []).append(node.lineno)
    return found


# Files whose messages are not in the catalog yet, with how many: this list only
# shrinks (a file with fewer fails too, so the number is lowered as messages move).
KNOWN: dict[str, int] = {}


def test_no_message_is_written_outside_the_catalog() -> None:
    found = written_outside_the_catalog()
    problems = []
    for name, lines in sorted(found.items()):
        known = KNOWN.get(name, 0)
        if len(lines) > known:
            problems.append(f"{name}: {len(lines)} messages outside the catalog (lines {lines})")
    for name, known in sorted(KNOWN.items()):
        if len(found.get(name, ())) < known:
            problems.append(f"{name}: KNOWN says {known}, now {len(found.get(name, ()))}: lower it")
    assert not problems, "\n".join(problems)


def test_the_scan_finds_a_message_written_in_place(tmp_path: Path) -> None:
    package = tmp_path / "lkjip"
    package.mkdir()
    (package / "x.py").write_text(
        "from lkjip._core.pesan import pesan\n"
        "def f(v):\n"
        "    raise ValueError(f'target is {v}, not a number')\n"
        "def g(v):\n"
        "    raise ValueError(pesan('k', v=v))\n"
        "def h(row):\n"
        "    row.note('capaian', None, 'the capaian cannot be computed')\n",
        encoding="utf-8",
    )
    assert written_outside_the_catalog(package) == {"lkjip/x.py": [3, 7]}


# --- the command line -----------------------------------------------------------------


def _cli(*args: str, lang: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if lang is not None:
        env[ENV] = lang
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
