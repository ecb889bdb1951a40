"""The message catalog (spec §18): every text a person reads, in Bahasa Indonesia by
default and in English on request.

A message is a key and its fields: ``pesan("capaian.target_not_above_zero",
target="0")``. Its text is the template of the language in use, filled with the fields
(``str.format`` names; a field is already text: a figure is formatted by the caller, as
the message shows it). The templates are data, one JSON file per area of lkjip in
``katalog/`` (``{"key": {"id": "…", "en": "…"}}``), read once; a key in two files, a
template missing a language or naming other fields than its other language are errors
of lkjip, caught by ``tests/test_pesan.py``, which also fails on a message written
outside the catalog.

The language in use is, first to last: the one a ``with bahasa("en"):`` block sets
(scoped like ``decimal.localcontext``: per thread and per task, restored on exit), the
``LKJIP_LANG`` environment variable (``id`` or ``en``), Bahasa Indonesia. The command
line's ``--lang en``, a function's ``lang=`` option and the service's
``Accept-Language`` all set it through ``bahasa``. Field names, enum values and JSON
keys never change with the language (spec §18).

```pycon
>>> from lkjip import InvalidOptionError, bahasa
>>> for lang in ("id", "en"):
...     with bahasa(lang):
...         try:
...             with bahasa("xx"):
...                 pass
...         except InvalidOptionError as exc:
...             print(exc)
bahasa 'xx' tidak dikenal: pilih 'id' atau 'en'
unknown language 'xx': choose 'id' or 'en'

```
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from string import Formatter

from lkjip._core.word import Word
from lkjip.errors import InvalidOptionError

__all__ = ["ENV", "Bahasa", "bahasa", "bahasa_aktif", "katalog", "pesan", "template_fields"]

ENV = "LKJIP_LANG"
"""The environment variable that chooses the language when no ``bahasa`` block does."""


class Bahasa(Word):
    """A language of the catalog."""

    ID = "id"
    """Bahasa Indonesia: the default."""
    EN = "en"


_IN_USE: ContextVar[Bahasa | None] = ContextVar("lkjip_bahasa", default=None)


def _parse(value: object) -> Bahasa | None:
    """``value`` read as a language: ``"id"``, ``"en"`` (any case; ``"en-US"``,
    ``"id_ID"`` read by their first part), or a ``Bahasa``; ``None`` if it is none."""
    if isinstance(value, Bahasa):
        return value
    if isinstance(value, str):
        first = value.strip().replace("_", "-").split("-")[0].casefold()
        for member in Bahasa:
            if first == member.value:
                return member
    return None


def _bahasa(value: object) -> Bahasa:
    chosen = _parse(value)
    if chosen is None:
        raise InvalidOptionError(pesan("pesan.unknown_language", lang=repr(value)))
    return chosen


def bahasa_aktif() -> Bahasa:
    """The language in use: the innermost ``bahasa`` block's, else ``LKJIP_LANG``'s,
    else Bahasa Indonesia. An ``LKJIP_LANG`` that names no language is ignored."""
    chosen = _IN_USE.get()
    if chosen is not None:
        return chosen
    return _parse(os.environ.get(ENV)) or Bahasa.ID


@contextmanager
def bahasa(lang: str | Bahasa | None) -> Iterator[Bahasa]:
    """Use ``lang`` for every message made inside the block (``None``: leave the
    language in use as it is). Scoped like ``decimal.localcontext``: only this thread
    or task, restored on exit and on every exception. A language lkjip does not have is
    an ``InvalidOptionError`` before the block runs."""
    if lang is None:
        yield bahasa_aktif()
        return
    chosen = _bahasa(lang)
    token = _IN_USE.set(chosen)
    try:
        yield chosen
    finally:
        _IN_USE.reset(token)


@cache
def katalog() -> Mapping[str, Mapping[str, str]]:
    """Every message: key → {language → template}, from the files of ``katalog/``."""
    entries: dict[str, Mapping[str, str]] = {}
    folder = resources.files("lkjip._core").joinpath("katalog")
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key.startswith("_"):  # "_tentang": what the file holds
                continue
            if key in entries:  # a bug of lkjip: tests/test_pesan.py catches it first
                raise RuntimeError(f"lkjip catalog: {key} is in two files ({item.name})")
            entries[key] = texts
    return entries


def template_fields(template: str) -> frozenset[str]:
    """The field names a template fills (``{target}`` → ``target``)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def pesan(key: str, /, **fields: object) -> str:
    """The message ``key`` in the language in use, filled with ``fields``."""
    texts = katalog()[key]
    return texts[bahasa_aktif().value].format_map(fields)
