"""The cited rule data lkjip ships: one JSON file per scale or weight set.

Every file says where its rule comes from (``regulation``, ``link`` where one is
known, ``effective`` year or date, ``unit``, ``verified``) and where it was read:
``seen`` lists lines of the example reports (``examples/laporan/*.txt``, 1-based)
with the text printed there, or ``source`` names the spec section when the
reports do not print it. ``check`` is the schema every file meets; a scale's
bands say, each, whether their lower threshold belongs to them
(``includes_lower``).

```pycon
>>> doc = document("predikat_permendagri_86_2017")
>>> doc["regulation"], doc["seen"][0]["line"]
('Peraturan Menteri Dalam Negeri No. 86 Tahun 2017', 910)
>>> sorted(n for n in names() if n.startswith("bobot_akip"))
['bobot_akip_permenpanrb_12_2015', 'bobot_akip_permenpanrb_88_2021']

```
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError, shown

__all__ = ["FOLDER", "KINDS", "check", "document", "names", "read"]

FOLDER = Path(__file__).resolve().parent
"""Where the data files are."""

KINDS = ("scale", "bobot", "ikm")
"""The kinds of file: a rating scale, a set of component weights, the IKM rule."""

_MAX_BYTES = 1_000_000  # a rule file is a few kilobytes; a user's file is refused past this
_PLACEHOLDER = re.compile(
    r"^\W*$|\b(todo|tbd|tba|fixme|xxx+|lorem|ipsum|placeholder|n/?a|unknown)\b", re.IGNORECASE
)
_EFFECTIVE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COMMON: dict[str, type | tuple[type, ...]] = {
    "kind": str,
    "name": str,
    "regulation": str,
    "link": (str, type(None)),
    "effective": (str, type(None)),
    "unit": str,
    "verified": bool,
    "seen": list,
    "text": str,
}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {"source": str, "note": str, "variant": str}
_BY_KIND: dict[str, dict[str, type | tuple[type, ...]]] = {
    "scale": {
        "labels": str,
        "bands": list,
        "minimum": (str, type(None)),
        "maximum": (str, type(None)),
    },
    "bobot": {"set": str, "components": list},
    "ikm": {"factor": str, "score_min": int, "score_max": int, "bobot_places": int},
}


def names() -> tuple[str, ...]:
    """The names of the shipped rule files (file names without ``.json``)."""
    return tuple(sorted(p.stem for p in FOLDER.glob("*.json") if not p.stem.startswith("_")))


@cache
def document(name: str) -> Mapping[str, Any]:
    """The shipped rule file ``name``, read and checked (read once, then cached)."""
    if name not in names():
        raise InvalidOptionError(
            pesan("data.unknown_file", name=shown(name), names=", ".join(names()))
        )
    return read(FOLDER / f"{name}.json")


def read(path: str | Path) -> dict[str, Any]:
    """A rule file (JSON) read and checked against the schema (``check``)."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidOptionError(
            pesan("data.cannot_read", path=shown(str(p)), reason=exc.strerror)
        ) from None
    if len(raw) > _MAX_BYTES:
        raise InvalidOptionError(pesan("data.too_large", path=shown(str(p)), limit=_MAX_BYTES))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidOptionError(pesan("data.not_json", path=shown(str(p)), error=exc)) from None
    check(doc, p.name)
    assert isinstance(doc, dict)
    return doc


def _fail(where: str, problem: str) -> InvalidOptionError:
    return InvalidOptionError(pesan("data.problem", where=where, problem=problem))


def _typed(doc: Mapping[str, Any], spec: Mapping[str, Any], where: str, required: bool) -> None:
    for key, kind in spec.items():
        if key not in doc:
            if required:
                raise _fail(where, pesan("data.missing", key=repr(key)))
            continue
        value = doc[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _fail(where, pesan("data.wrong_type", key=repr(key), value=shown(value)))


def check(doc: object, where: str = "given") -> None:
    """The schema of a rule file; an ``InvalidOptionError`` naming the first problem.

    ```pycon
    >>> bad = dict(document("atribut_capaian"), regulation="TODO")
    >>> check(bad, "mine.json")
    Traceback (most recent call last):
        ...
    lkjip.errors.InvalidOptionError: the rule file mine.json: the regulation 'TODO' is a placeholder; name the regulation, or say that the reports do not name it

    ```
    """  # noqa: E501
    if not isinstance(doc, dict):
        raise _fail(where, pesan("data.top_level", kind=type(doc).__name__))
    _typed(doc, _COMMON, where, required=True)
    _typed(doc, _OPTIONAL, where, required=False)
    kind = doc["kind"]
    if kind not in _BY_KIND:
        raise _fail(where, pesan("data.unknown_kind", value=shown(kind), names=", ".join(KINDS)))
    spec = _BY_KIND[kind]
    _typed(doc, spec, where, required=True)
    allowed = {*_COMMON, *_OPTIONAL, *spec}
    extra = sorted(set(doc) - allowed)
    if extra:
        raise _fail(where, pesan("data.unknown_key", key=repr(extra[0])))
    if _PLACEHOLDER.search(doc["regulation"]):
        raise _fail(where, pesan("data.placeholder", value=shown(doc["regulation"])))
    for key in ("name", "text", "unit"):
        if not doc[key].strip():
            raise _fail(where, pesan("data.empty", key=repr(key)))
    link, effective = doc["link"], doc["effective"]
    if link is not None and not link.startswith("https://"):
        raise _fail(where, pesan("data.link", value=shown(link)))
    if effective is not None and not _is_date(effective):
        raise _fail(where, pesan("data.effective", value=shown(effective)))
    _check_seen(doc["seen"], where)
    if not doc["seen"] and not doc.get("source", "").strip():
        raise _fail(where, pesan("data.where_read"))
    if kind == "scale":
        _check_bands(doc["bands"], where)
    elif kind == "bobot":
        _check_components(doc["components"], where)


def _is_date(text: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real month and day."""
    if not _EFFECTIVE.match(text):
        return False
    parts = [*text.split("-"), "01", "01"][:3]
    try:
        date.fromisoformat("-".join(parts))
    except ValueError:
        return False
    return True


def _check_seen(seen: list[Any], where: str) -> None:
    for i, entry in enumerate(seen, 1):
        if not (
            isinstance(entry, dict)
            and set(entry) == {"file", "line", "text"}
            and isinstance(entry["file"], str)
            and entry["file"].endswith(".txt")
            and type(entry["line"]) is int
            and entry["line"] > 0
            and isinstance(entry["text"], str)
            and entry["text"].strip()
        ):
            raise _fail(where, pesan("data.seen_entry", i=i))


def _check_bands(bands: list[Any], where: str) -> None:
    if not bands:
        raise _fail(where, pesan("skala.needs_band"))
    for i, band in enumerate(bands, 1):
        last = i == len(bands)
        keys = {"label", "lower", "printed"} | (set() if last else {"includes_lower"})
        if not isinstance(band, dict) or set(band) != keys:
            key = "data.last_band_keys" if last else "data.band_keys"
            raise _fail(where, pesan(key, i=i, keys=", ".join(sorted(keys))))
        if not isinstance(band["label"], str) or not isinstance(band["printed"], str):
            raise _fail(where, pesan("data.band_text", i=i))
        if (band["lower"] is None) is not last or (not last and not isinstance(band["lower"], str)):
            raise _fail(where, pesan("data.band_lower", i=i))
        if not last and not isinstance(band["includes_lower"], bool):
            raise _fail(where, pesan("data.band_includes_lower", i=i))


def _check_components(components: list[Any], where: str) -> None:
    if not components:
        raise _fail(where, pesan("data.needs_component"))
    for i, c in enumerate(components, 1):
        if not (
            isinstance(c, dict)
            and set(c) == {"name", "weight"}
            and isinstance(c["name"], str)
            and isinstance(c["weight"], str)
        ):
            raise _fail(where, pesan("data.component", i=i))
