"""``lkjip serve``: the rules as an HTTP service, and an audit page for people (spec §19).

``create_app(token=None, max_upload=MAX_UPLOAD)`` builds the FastAPI application
(``pip install 'lkjip[server]'``; FastAPI is imported only when an app is built):

* ``POST /v1/<rule>`` (``capaian``, ``kemajuan``, ``penyerapan``, ``sisa_anggaran``,
  ``efisiensi_anggaran``, ``tingkat_efisiensi``, ``predikat``, ``atribut``, ``rata_rata``,
  ``selisih``, ``nilai_akip``, ``nilai_ikm``, ``renja``): a JSON object of the rule's arguments by
  name, numbers as JSON strings (``"91,72"`` or ``"91.72"``) → the figure as a string,
  its labels, and with ``?explain=true`` the ``penjelasan``; ``POST /v1/<rule>/batch``
  takes ``{"items": [...]}`` and answers each item (an item that cannot be computed is
  an ``error`` in its place, the others go on);
* ``POST /v1/evaluate`` and ``POST /v1/audit``: JSON ``{"rows": [...]}`` or an upload in
  the multipart field ``file`` (CSV, JSON Lines, .xlsx; for the audit also a report
  as .txt, .md, .docx or .pdf) → the JSON document the CLI prints for ``--format json``
  (``lkjip/evaluate/v1``, ``lkjip/audit/v1``, ``lkjip/audit/v2``), computed by the same
  functions;
* ``GET /v1/scales`` (the cited rule files and the named variants), ``GET /openapi.json``
  (OpenAPI 3.1, every decimal a string), ``GET /docs`` (a local page, no CDN), ``GET /``
  (the audit page, no JavaScript). Each request is answered in the language its
``Accept-Language`` prefers (``id`` or ``en``; else ``LKJIP_LANG``, else Bahasa Indonesia):
the problem titles and details (the library's own messages too), the pages.

Every error is an RFC 9457 problem document (``application/problem+json``): 422 names
the field of a bad number or option, 413 a request over ``max_upload``, 401 a missing or
wrong token (compared with ``hmac.compare_digest``); nothing a client sends gives a 500.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import html
import inspect
import io
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import attrs

from lkjip import Akumulasi, evaluasi_renja, laporan  # (the package is imported before this module)
from lkjip._core.context import ROUNDINGS, check_options
from lkjip._core.extras import require
from lkjip._core.pesan import Bahasa, bahasa, bahasa_aktif, pesan
from lkjip._core.word import Word
from lkjip.cli import (
    Sink,
    UsageError,
    audit_document,
    require_columns,
    write_csv,
    write_evaluation_json,
)
from lkjip.errors import (
    InvalidNumberError,
    InvalidOptionError,
    InvalidTypeError,
    LKjIPError,
    MissingExtraError,
    NotComputableError,
)
from lkjip.numbers import check_decimal_mark, format_number, plain, to_decimal
from lkjip.rules import akip
from lkjip.rules.agregasi import rata_rata, selisih, tren
from lkjip.rules.anggaran import efisiensi_anggaran, penyerapan, sisa_anggaran, tingkat_efisiensi
from lkjip.rules.capaian import Direction, LowerMethod, capaian, kemajuan, parse_target
from lkjip.rules.data import document, names  # the shipped rule files, for /v1/scales
from lkjip.rules.ikm import BobotIKM, nilai_ikm
from lkjip.rules.scales import (
    ATRIBUT_CAPAIAN,
    MUTU_IKM,
    PERMENDAGRI_86_2017,
    PREDIKAT_AKIP,
    Predikat,
    atribut,
    kategori_efisiensi,
    mutu_ikm,
    predikat,
    predikat_akip,
    variant,
    variants,
)
from lkjip.table.evaluasi import evaluate_indikator
from lkjip.table.model import Anggaran, Indikator, Opsi
from lkjip.table.read import TableError, read_table, rows_from_dicts

__all__ = ["MAX_UPLOAD", "RULES", "app_from_environment", "create_app"]

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest request body, in bytes, by default (20 MB; ``--max-upload``)."""

_LOG = logging.getLogger("lkjip.serve")
_PROBLEM = "application/problem+json"

# --- arguments and options, as data ----------------------------------------------------


class _Bad(Exception):
    """A request the service refuses: a problem document of ``kind`` naming ``field``."""

    def __init__(self, kind: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.kind, self.detail, self.field = kind, detail, field


T = TypeVar("T")

_NUMBER = {"type": "string", "description": "a number as text: 91,72 or 91.72 (1.234,5 ok)"}


def _as_text(value: object, field: str, read: Callable[[str, str], T], key: str) -> T:
    """``value`` read by ``read`` when it is JSON text (``key`` says what else it is):
    a reading refused is a 422 naming ``field``."""
    if not isinstance(value, str):
        raise _Bad("invalid-number", pesan(key, field=field), field)
    try:
        return read(value, field)
    except LKjIPError as exc:
        raise _Bad("invalid-number", str(exc), field) from None


def _number(value: object, field: str) -> Decimal:
    return _as_text(value, field, to_decimal, "serve.number_as_string")


def _numbers(value: object, field: str) -> list[Decimal]:
    if not isinstance(value, list):
        raise _Bad("invalid-request", pesan("serve.numbers_array", field=field), field)
    return [_number(v, f"{field}[{i}]") for i, v in enumerate(value)]


def _target(value: object, field: str) -> object:
    """A target: a number, or a range as text (``"7-8"``, spec §2)."""
    return _as_text(value, field, parse_target, "serve.target_as_string")


def _blank(read: Callable[[object, str], object]) -> Callable[[object, str], object]:
    """``read``, where ``null`` (or a string with no figure: ``""``, ``"-"``) is a blank."""

    def check(value: object, field: str) -> object:
        if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
            return None
        return read(value, field)

    return check


def _triwulan(value: object, field: str) -> list[object]:
    """The four triwulan (I–IV) of Formulir E.81, ``null`` for one not reported."""
    if not isinstance(value, list) or len(value) != 4:
        raise _Bad("invalid-request", pesan("serve.triwulan", field=field), field)
    optional = _blank(_number)
    return [optional(v, f"{field}[{i}]") for i, v in enumerate(value)]


def _word(kind: type[Word]) -> Callable[[object, str], object]:
    def check(value: object, field: str) -> object:
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in kind)
            detail = pesan("serve.unknown_word", field=field, value=repr(value), choices=choices)
            raise _Bad("invalid-option", detail, field) from None

    return check


def _places(value: object, field: str) -> object:
    if value is not None and (type(value) is not int or not 0 <= value <= 20):
        raise _Bad("invalid-option", pesan("serve.places", field=field), field)
    return value


def _rounding(value: object, field: str) -> object:
    try:
        check_options(None, value)  # type: ignore[arg-type]
    except LKjIPError as exc:
        raise _Bad("invalid-option", str(exc), field) from None
    return value


def _cap(value: object, field: str) -> object:
    return None if value is None else _number(value, field)


def _variants(of_predikat: bool) -> list[str]:
    """The named variants whose labels are a predikat (or, ``False``, an atribut)."""
    return [n for n in variants() if isinstance(variant(n).bands[0].label, Predikat) == of_predikat]


def _scale(of_predikat: bool) -> Callable[[object, str], object]:
    """The check of a ``scale`` option: a variant of the rule's own labels (an atribut
    scale gives no predikat)."""
    names = _variants(of_predikat)

    def check(value: object, field: str) -> object:
        if value is None:
            return None
        if not isinstance(value, str) or value not in names:
            raise _Bad(
                "invalid-option", pesan("serve.scale_variant", field=field, names=names), field
            )
        return variant(value)

    return check


def _bobot_akip(value: object, field: str) -> object:
    known = [b.name for b in akip.BOBOT_AKIP_SETS]
    if value is not None and value not in known:
        detail = pesan("serve.unknown_choice", field=field, value=repr(value), choices=known)
        raise _Bad("invalid-option", detail, field)
    return value


_BLANK = {**_NUMBER, "type": ["string", "null"], "default": None}
_RANGE = "a number as text (91,72 or 91.72), or a range (7-8)"


@attrs.frozen
class _Argument:
    """How a rule's argument is read from JSON (its check names the field), its schema,
    and whether it may be left out (it is then ``None``, a blank)."""

    read: Callable[[object, str], object]
    schema: Mapping[str, Any]
    required: bool = True


_ARGUMENTS: Mapping[str, _Argument] = {
    "number": _Argument(_number, _NUMBER),
    "numbers": _Argument(_numbers, {"type": "array", "items": _NUMBER}),
    "target": _Argument(_target, {**_NUMBER, "description": _RANGE}),
    "target_blank": _Argument(
        _blank(_target), {**_BLANK, "description": f"{_RANGE}; null: blank"}, required=False
    ),
    "number_blank": _Argument(
        _blank(_number), {**_BLANK, "description": "a number as text; null: blank"}, required=False
    ),
    "triwulan": _Argument(
        _triwulan,
        {"type": "array", "items": _BLANK, "minItems": 4, "maxItems": 4},
    ),
}
"""The kinds of a rule's number arguments (``Rule.kinds``; ``number`` by default)."""


@attrs.frozen
class _Option:
    check: Callable[[object, str], object]
    default: object
    schema: Mapping[str, Any]


def _enum(kind: type[Word], default: Word) -> _Option:
    values = [m.value for m in kind]
    return _Option(_word(kind), default, {"type": "string", "enum": values, "default": default})


_OPTIONS: Mapping[str, _Option] = {
    "direction": _Option(
        _word(Direction),
        Direction.HIGHER,
        {"type": "string", "enum": ["higher", "lower", "positif", "negatif"], "default": "higher"},
    ),
    "lower_method": _enum(LowerMethod, LowerMethod.REFLECTED),
    "places": _Option(
        _places, 2, {"type": ["integer", "null"], "minimum": 0, "maximum": 20, "default": 2}
    ),
    "rounding": _Option(
        _rounding,
        ROUND_HALF_UP,
        {"type": "string", "enum": sorted(ROUNDINGS), "default": ROUND_HALF_UP},
    ),
    "rounding_ikm": _Option(
        _rounding, ROUND_DOWN, {"type": "string", "enum": sorted(ROUNDINGS), "default": ROUND_DOWN}
    ),
    "places_selisih": _Option(
        _places, None, {"type": ["integer", "null"], "minimum": 0, "maximum": 20, "default": None}
    ),
    "cap": _Option(_cap, None, {**_NUMBER, "type": ["string", "null"], "default": None}),
    "scale": _Option(
        _scale(True),
        None,
        {"type": ["string", "null"], "enum": [*_variants(True), None], "default": None},
    ),
    "scale_atribut": _Option(
        _scale(False),
        None,
        {"type": ["string", "null"], "enum": [*_variants(False), None], "default": None},
    ),
    "bobot_akip": _Option(
        _bobot_akip,
        None,
        {"type": ["string", "null"], "enum": [*(b.name for b in akip.BOBOT_AKIP_SETS), None]},
    ),
    "bobot_ikm": _enum(BobotIKM, BobotIKM.EXACT),
    "akumulasi": _enum(Akumulasi, Akumulasi.JUMLAH),
}
"""Every option a rule takes: its check (which names the field), default and schema.
Some share a rule's keyword under another default (``rounding_ikm`` is ``rounding``)."""

_KEYWORD = {"rounding_ikm": "rounding", "places_selisih": "places", "bobot_akip": "bobot"}
_KEYWORD.update(bobot_ikm="bobot", scale_atribut="scale")


def _n(value: Decimal) -> str:
    return format_number(value, None)


Args = Mapping[str, Any]
Result = dict[str, Any]


@attrs.frozen
class Rule:
    """One endpoint ``/v1/<name>``: its number arguments, options and result."""

    name: str
    summary: str
    numbers: tuple[str, ...]
    compute: Callable[[Args], Result]
    """The figure (under ``name``) and labels, from the library's rule."""
    options: tuple[str, ...] = ()
    lists: bool = False
    """The one argument (``numbers[0]``) is an array of numbers."""
    labels: tuple[str, ...] = ()
    trace: Callable[[Args, Result], Iterable[str]] | None = None
    """The explanation (``?explain=true``)."""
    kinds: Mapping[str, str] = attrs.field(factory=dict)
    """An argument's kind in ``_ARGUMENTS`` when it is not a plain number."""
    figures: tuple[str, ...] = ()
    """The figures it answers, as strings (none given: one, under ``name``)."""

    def keywords(self, args: Args) -> dict[str, Any]:
        return {_KEYWORD.get(o, o): args[o] for o in self.options}

    def argument(self, field: str) -> _Argument:
        return _ARGUMENTS[self.kinds.get(field, "numbers" if self.lists else "number")]

    @property
    def answers(self) -> tuple[str, ...]:
        return self.figures or (self.name,)


_RATIO = ("places", "rounding")
_CAPAIAN = ("direction", "lower_method", "places", "rounding")


def _opsi(args: Args) -> Opsi:
    method = args.get("lower_method", LowerMethod.REFLECTED)
    return Opsi(lower_method=method, places=args["places"], rounding=args["rounding"])


def _lines(lines: Iterable[str], *heads: str) -> list[str]:
    """The lines of an evaluation's trace that explain this rule's figures."""
    return [line for line in lines if line.startswith(heads)]


def _capaian(a: Args) -> Result:
    c = capaian(a["target"], a["realisasi"], **_rule_keywords("capaian", a))
    return {"capaian": c, "predikat": predikat(c), "atribut": atribut(c), **_kategori(c)}


def _kategori(c: Decimal) -> Result:
    return {"kategori": atribut(c).kategori}


def _capaian_trace(a: Args, _: Result) -> list[str]:
    ind = Indikator(target=a["target"], realisasi=a["realisasi"], arah=a["direction"])
    return _lines(evaluate_indikator(ind, _opsi(a)).penjelasan(), "Capaian", "Atribut")


def _kemajuan_trace(a: Args, _: Result) -> list[str]:
    ind = Indikator(target_akhir=a["target_akhir"], realisasi=a["realisasi"], arah=a["direction"])
    return _lines(evaluate_indikator(ind, _opsi(a)).penjelasan(), "Tingkat kemajuan")


def _budget_trace(head: str) -> Callable[[Args, Result], list[str]]:
    def trace(a: Args, _: Result) -> list[str]:
        budget = Anggaran(pagu=a["pagu"], realisasi=a["realisasi"])
        opsi = _opsi({"places": a.get("places", 2), "rounding": a.get("rounding", ROUND_HALF_UP)})
        return _lines(evaluate_indikator(None, opsi, anggaran=budget).penjelasan(), head)

    return trace


def _efisiensi_trace(a: Args, _: Result) -> list[str]:
    ev = evaluate_indikator(
        None, _opsi(a), capaian_dicetak=a["capaian"], penyerapan_dicetak=a["penyerapan"]
    )
    return _lines(ev.penjelasan(), "Tingkat efisiensi")


def _band(what: str, value: Decimal, label: object, scale: Any) -> str:
    return f"{what} {_n(value)} ({scale.rule_of(value)}) → {label} ({scale.name})"


def _rule_keywords(name: str, a: Args) -> dict[str, Any]:
    return RULES[name].keywords(a)


def _sum_text(values: Sequence[Decimal]) -> str:
    shown = [_n(v) for v in values[:8]] + (["…"] if len(values) > 8 else [])
    return " + ".join(shown)


def _rata_rata_trace(a: Args, r: Result) -> list[str]:
    cap = f", tiap nilai dibatasi {_n(a['cap'])}" if a["cap"] is not None else ""
    values = a["values"]
    return [f"Rata-rata = ({_sum_text(values)}) / {len(values)}{cap} = {_n(r['rata_rata'])}"]


def _akip_trace(a: Args, r: Result) -> list[str]:
    head = f"Nilai AKIP = {_sum_text(a['scores'])} = {_n(r['nilai_akip'])}"
    return [head, _band("Predikat AKIP:", r["nilai_akip"], r["predikat_akip"], PREDIKAT_AKIP)]


def _ikm_trace(a: Args, r: Result) -> list[str]:
    value = r["nilai_ikm"]
    head = f"Nilai IKM dari {len(a['unsur'])} unsur (bobot {a['bobot_ikm']}) = {_n(value)}"
    return [head, _band("Mutu IKM:", value, r["mutu_ikm"], MUTU_IKM)]


def _selisih(a: Args) -> Result:
    value = selisih(a["sekarang"], a["lalu"], **_rule_keywords("selisih", a))
    return {"selisih": value, "tren": tren(a["sekarang"], a["lalu"])}


def _selisih_trace(a: Args, r: Result) -> list[str]:
    return [f"Selisih = {_n(a['sekarang'])} − {_n(a['lalu'])} = {_n(r['selisih'])} ({r['tren']})"]


def _predikat(a: Args) -> Result:
    scale = a["scale"] or PERMENDAGRI_86_2017
    return {"predikat": predikat(a["capaian"], scale=scale)}


def _atribut(a: Args) -> Result:
    label = atribut(a["capaian"], scale=a["scale_atribut"] or ATRIBUT_CAPAIAN)
    return {"atribut": label, "kategori": getattr(label, "kategori", None)}


def _label_trace(field: str, option: str, default: Any) -> Callable[[Args, Result], list[str]]:
    def trace(a: Args, r: Result) -> list[str]:
        return [_band("Capaian", a["capaian"], r[field], a[option] or default)]

    return trace


def _akip(a: Args) -> Result:
    value = akip.nilai_akip(*a["scores"], bobot=a["bobot_akip"])
    return {"nilai_akip": value, "predikat_akip": predikat_akip(value)}


def _ikm(a: Args) -> Result:
    value = nilai_ikm(a["unsur"], **_rule_keywords("nilai_ikm", a))
    return {"nilai_ikm": value, "mutu_ikm": mutu_ikm(value)}


def _tingkat(a: Args) -> Result:
    value = tingkat_efisiensi(
        a["capaian"], a["penyerapan"], **_rule_keywords("tingkat_efisiensi", a)
    )
    return {"tingkat_efisiensi": value, "kategori_efisiensi": kategori_efisiensi(value)}


def _renja(a: Args) -> Result:
    keywords = _rule_keywords("renja", a)
    keywords["scale"] = keywords["scale"] or PERMENDAGRI_86_2017
    e = evaluasi_renja(*(a[n] for n in RULES["renja"].numbers), **keywords)
    return {
        "realisasi": e.realisasi,
        "capaian_renja": e.capaian_renja,
        "realisasi_renstra": e.realisasi_renstra,
        "capaian_renstra": e.capaian_renstra,
        "predikat_renja": e.predikat_renja,
        "predikat_renstra": e.predikat_renstra,
        "akumulasi": e.akumulasi,
        "tidak_dilaporkan": list(e.tidak_dilaporkan),
        "_evaluasi": e,  # for the trace; not answered
    }


def _renja_trace(_: Args, r: Result) -> tuple[str, ...]:
    return tuple(r["_evaluasi"].penjelasan())


def _simple(
    name: str,
    summary: str,
    inputs: tuple[str, ...],
    rule: Callable[..., Decimal],
    *args: Any,
    **kw: Any,
) -> Rule:
    """The endpoint of a rule that answers one figure from its ``inputs``, in order, and
    its options: ``rule(*inputs, **options)`` under ``name``."""

    def compute(a: Args) -> Result:
        return {name: rule(*(a[i] for i in inputs), **_rule_keywords(name, a))}

    return Rule(name, summary, inputs, compute, *args, **kw)


_RULES: tuple[Rule, ...] = (
    Rule(
        "capaian",
        "Capaian kinerja: realisasi against target, higher or lower is better (spec §2)",
        ("target", "realisasi"),
        _capaian,
        _CAPAIAN,
        labels=("predikat", "atribut", "kategori"),
        trace=_capaian_trace,
    ),
    _simple(
        "kemajuan",
        "Tingkat kemajuan: realisasi against the Renstra's end target (spec §2)",
        ("target_akhir", "realisasi"),
        kemajuan,
        _CAPAIAN,
        trace=_kemajuan_trace,
    ),
    _simple(
        "penyerapan",
        "Penyerapan anggaran: realisasi / pagu × 100 (spec §5)",
        ("pagu", "realisasi"),
        penyerapan,
        _RATIO,
        trace=_budget_trace("Penyerapan"),
    ),
    _simple(
        "sisa_anggaran",
        "Sisa anggaran: pagu − realisasi (spec §5)",
        ("pagu", "realisasi"),
        sisa_anggaran,
        trace=_budget_trace("Sisa anggaran"),
    ),
    _simple(
        "efisiensi_anggaran",
        "Efisiensi anggaran: sisa / pagu × 100 (spec §5)",
        ("pagu", "realisasi"),
        efisiensi_anggaran,
        _RATIO,
        trace=_budget_trace("Efisiensi anggaran"),
    ),
    Rule(
        "tingkat_efisiensi",
        "Tingkat efisiensi: capaian / penyerapan, and its kategori (spec §5)",
        ("capaian", "penyerapan"),
        _tingkat,
        _RATIO,
        labels=("kategori_efisiensi",),
        trace=_efisiensi_trace,
    ),
    Rule(
        "predikat",
        "Predikat of a capaian: Permendagri 86/2017, or a named variant (spec §3, §17)",
        ("capaian",),
        _predikat,
        ("scale",),
        labels=("predikat",),
        trace=_label_trace("predikat", "scale", PERMENDAGRI_86_2017),
    ),
    Rule(
        "atribut",
        "Atribut of a capaian and its kategori (spec §4, §17)",
        ("capaian",),
        _atribut,
        ("scale_atribut",),
        labels=("atribut", "kategori"),
        trace=_label_trace("atribut", "scale_atribut", ATRIBUT_CAPAIAN),
    ),
    _simple(
        "rata_rata",
        "Mean of capaian values, optionally each capped (spec §6)",
        ("values",),
        lambda v, **k: rata_rata(v, **k),
        ("cap", "places", "rounding"),
        lists=True,
        trace=_rata_rata_trace,
    ),
    Rule(
        "selisih",
        "Selisih realisasi: this year − last year, and its tren (spec §6)",
        ("sekarang", "lalu"),
        _selisih,
        ("places_selisih", "rounding"),
        labels=("tren",),
        trace=_selisih_trace,
    ),
    Rule(
        "nilai_akip",
        "Nilai AKIP from its component scores, and its predikat (spec §7, §16)",
        ("scores",),
        _akip,
        ("bobot_akip",),
        lists=True,
        labels=("predikat_akip",),
        trace=_akip_trace,
    ),
    Rule(
        "nilai_ikm",
        "Nilai IKM from the mean score of each unsur, and its mutu (spec §8, §16)",
        ("unsur",),
        _ikm,
        ("bobot_ikm", "places", "rounding_ikm"),
        lists=True,
        labels=("mutu_ikm",),
        trace=_ikm_trace,
    ),
    Rule(
        "renja",
        "Evaluasi Renja, Formulir E.81 kolom 12–15 of one K or Rp line, and the predikat "
        "of 13 and 15 (spec §15)",
        ("target_renstra", "realisasi_renstra_lalu", "target_renja", "triwulan"),
        _renja,
        ("akumulasi", *_CAPAIAN, "scale"),
        labels=("predikat_renja", "predikat_renstra", "akumulasi", "tidak_dilaporkan"),
        trace=_renja_trace,
        kinds={
            "target_renstra": "target_blank",
            "realisasi_renstra_lalu": "number_blank",
            "target_renja": "target",
            "triwulan": "triwulan",
        },
        figures=("realisasi", "capaian_renja", "realisasi_renstra", "capaian_renstra"),
    ),
)
RULES: Mapping[str, Rule] = {r.name: r for r in _RULES}
"""The rule endpoints, ``/v1/<name>``, in the spec's order."""

_ANSWERS: Mapping[str, Mapping[str, Any]] = {
    "kategori": {"type": ["integer", "null"]},
    "capaian_renstra": {"type": ["string", "null"]},  # null: kolom 5 blank, no kolom 15
    "predikat_renstra": {"type": ["string", "null"]},
    "tidak_dilaporkan": {
        "type": "array",
        "items": {"type": "string", "enum": ["I", "II", "III", "IV"]},
    },
}
"""The answer fields that are not a string (a figure or a label as text)."""


def _arguments(rule: Rule, body: object) -> dict[str, Any]:
    """The request's arguments, each read and checked on its own (a problem names it)."""
    if not isinstance(body, dict):
        raise _Bad("invalid-request", pesan("serve.takes_object", rule=rule.name))
    known = {*rule.numbers, *(_KEYWORD.get(o, o) for o in rule.options)}
    for key in body:
        if key not in known:
            detail = pesan("serve.unknown_argument", key=repr(key), known=sorted(known))
            raise _Bad("invalid-request", detail, key)
    args: dict[str, Any] = {}
    for field in rule.numbers:
        kind = rule.argument(field)
        if field not in body and kind.required:
            raise _Bad("invalid-request", pesan("serve.required", field=field), field)
        args[field] = kind.read(body[field], field) if field in body else None
    for option in rule.options:
        key, spec = _KEYWORD.get(option, option), _OPTIONS[option]
        args[option] = spec.check(body[key], key) if key in body else spec.default
    return args


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Word):
        return str(value)
    return value


def compute(rule: Rule, body: object, explain: bool = False) -> dict[str, Any]:
    """The JSON answer of ``/v1/<rule>`` to a request ``body`` (raises ``_Bad`` or an
    ``LKjIPError`` for a request that cannot be answered)."""
    args = _arguments(rule, body)
    result = rule.compute(args)
    answer = {k: _json_value(v) for k, v in result.items() if not k.startswith("_")}
    if explain and rule.trace is not None:
        answer["penjelasan"] = list(rule.trace(args, result))
    return answer


# --- problems (RFC 9457) ------------------------------------------------------------------

_STATUS: Mapping[str, int] = {
    "invalid-number": 422,
    "invalid-option": 422,
    "invalid-type": 422,
    "not-computable": 422,
    "invalid-request": 422,
    "invalid-json": 400,
    "unreadable": 422,
    "too-large": 413,
    "unauthorized": 401,
    "not-found": 404,
    "method-not-allowed": 405,
    "missing-extra": 501,
    "internal": 500,
}
"""Each kind of problem's status; its title is the catalog's ``serve.title.<kind>``."""
_BY_STATUS = {status: kind for kind, status in reversed(list(_STATUS.items()))}


def _title(kind: str) -> str:
    return pesan("serve.title." + kind.replace("-", "_"))


def _language(accept_language: str | None) -> Bahasa:
    """The language of a request: the one of ``Accept-Language`` lkjip has that the
    client prefers most (by ``q``, then order), else the service's own (``LKJIP_LANG``,
    else Bahasa Indonesia)."""
    best: tuple[float, int, Bahasa] | None = None
    for order, part in enumerate((accept_language or "").split(",")[:32]):
        tag, _, params = part.partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)  # a header's weight, not a figure of a rule
                except ValueError:
                    q = 0.0
        primary = tag.strip().replace("_", "-").split("-")[0].lower()
        lang = next((b for b in Bahasa if b.value == primary), None)
        if lang is not None and q > 0 and (best is None or (-q, order) < (-best[0], best[1])):
            best = (q, order, lang)
    return best[2] if best is not None else bahasa_aktif()


def _in(lang: Bahasa, work: Callable[[], Any]) -> Callable[[], Any]:
    """``work``, run in ``lang`` (wherever it runs: the thread pool too)."""

    def run() -> Any:
        with bahasa(lang):
            return work()

    return run


def problem(kind: str, detail: str, field: str | None = None) -> dict[str, Any]:
    """A problem document (RFC 9457) of ``kind``, its title in the language in use."""
    status = _STATUS[kind]
    doc: dict[str, Any] = {
        "type": f"urn:lkjip:problem:{kind}",
        "title": _title(kind),
        "status": status,
        "detail": detail,
    }
    if field is not None:
        doc["field"] = field
    return doc


def _kind_of(exc: BaseException) -> str:
    if isinstance(exc, InvalidNumberError):
        return "invalid-number"
    if isinstance(exc, InvalidOptionError):
        return "invalid-option"
    if isinstance(exc, InvalidTypeError):
        return "invalid-type"
    if isinstance(exc, NotComputableError):
        return "not-computable"
    if isinstance(exc, MissingExtraError):
        return "missing-extra"
    if isinstance(exc, (TableError, UsageError)):
        return "unreadable"
    return "invalid-request"


def _problem_of(exc: BaseException) -> dict[str, Any]:
    """The problem document of ``exc``, in the language in use (the request's: its
    detail was made in it, by the work run under ``bahasa``)."""
    if isinstance(exc, _Bad):
        return problem(exc.kind, exc.detail, exc.field)
    if isinstance(exc, (LKjIPError, UsageError)):
        return problem(_kind_of(exc), str(exc))
    if isinstance(exc, MemoryError):
        return problem("too-large", pesan("serve.out_of_memory"))
    if isinstance(exc, RecursionError):
        return problem("invalid-request", pesan("serve.too_deep"))
    _LOG.exception("lkjip serve: an unexpected error", exc_info=exc)
    return problem("internal", pesan("serve.unexpected", name=type(exc).__name__))


# --- tables and reports ---------------------------------------------------------------------

_CLI_ROUNDINGS = {"half-up": ROUND_HALF_UP, "down": ROUND_DOWN}
_TABLE_OPTIONS: Mapping[str, Mapping[str, Any]] = {
    "lower_method": _OPTIONS["lower_method"].schema,
    "places": {"type": "integer", "minimum": 0, "maximum": 20, "default": 2},
    "rounding": {"type": "string", "enum": list(_CLI_ROUNDINGS), "default": "half-up"},
    "cap": {**_NUMBER, "type": ["string", "null"]},
}
"""The options of ``/v1/evaluate`` (the CLI's ``evaluate`` options); the audit takes
``lower_method``."""
_MARK = {
    "type": ["string", "null"],
    "enum": [".", ",", None],
    "default": None,
    "description": "the decimal mark of every number of the table (lkjip's own output: '.'), "
    "instead of the guess per cell; a table only",
}
"""``decimal_mark``: an option of every table (``read_table(decimal_mark=...)``)."""

_SUFFIX = re.compile(r"\.(csv|jsonl|ndjson|xlsx|xlsm|txt|md|docx|pdf)$", re.IGNORECASE)


def _table_opsi(fields: Mapping[str, object], audit: bool) -> Opsi:
    known = ({"lower_method"} if audit else set(_TABLE_OPTIONS)) | {"decimal_mark"}
    for key in fields:
        if key not in known and key not in ("rows", "file", "token", "max_pages"):
            detail = pesan("serve.unknown_option", key=repr(key), known=sorted(known))
            raise _Bad("invalid-request", detail, key)
    method = _OPTIONS["lower_method"].check(fields.get("lower_method", "reflected"), "lower_method")
    given = fields.get("places", 2)
    if isinstance(given, str) and given.strip().isdigit():  # a form field is text
        given = int(given)
    places = _places(given, "places")
    if not isinstance(places, int):
        raise _Bad("invalid-option", pesan("serve.places", field="places"), "places")
    rounding = fields.get("rounding", "half-up")
    if rounding not in _CLI_ROUNDINGS:
        detail = pesan("serve.rounding", choices=list(_CLI_ROUNDINGS))
        raise _Bad("invalid-option", detail, "rounding")
    cap = _cap(fields.get("cap") or None, "cap")
    try:
        return Opsi(
            lower_method=method, places=places, rounding=_CLI_ROUNDINGS[str(rounding)], cap=cap
        )
    except LKjIPError as exc:
        raise _Bad("invalid-option", str(exc)) from None


def _read(source: str | Any, fields: Mapping[str, object]) -> Any:
    """The table ``source`` (an uploaded path, or the ``Tabel`` of JSON rows), read with
    the request's ``decimal_mark``."""
    mark = fields.get("decimal_mark") or None
    try:
        check_decimal_mark(mark)
    except InvalidOptionError:
        raise _Bad("invalid-option", pesan("serve.decimal_mark"), "decimal_mark") from None
    if not isinstance(source, str):
        return attrs.evolve(source, decimal_mark=mark)
    table = read_table(source, decimal_mark=str(mark) if mark else None)
    require_columns(table)
    return table


def _rows(body: object) -> Any:
    rows = body.get("rows") if isinstance(body, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise _Bad("invalid-request", pesan("serve.rows"), "rows")
    for i, row in enumerate(rows):
        for key, value in row.items():
            if not isinstance(value, (str, int, Decimal, type(None))) or isinstance(value, bool):
                field = f"rows[{i}].{key}"
                raise _Bad("invalid-request", pesan("serve.cell", field=field), field)
    table = rows_from_dicts(rows)
    require_columns(table)
    return table


def _max_pages(fields: Mapping[str, object]) -> int | None:
    value = fields.get("max_pages")
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if type(value) is not int or value < 1:
        raise _Bad("invalid-option", pesan("serve.max_pages"), "max_pages")
    return value


def evaluate_text(source: str | Any, fields: Mapping[str, object], explain: bool) -> str:
    """``/v1/evaluate``: the ``lkjip/evaluate/v1`` document as the CLI writes it, of an
    uploaded table (a path) or of JSON rows (a ``Tabel``)."""
    opsi = _table_opsi(fields, audit=False)
    if isinstance(source, str):
        if laporan.is_report(source):
            raise _Bad("unreadable", pesan("serve.evaluate_report"), "file")
    source = _read(source, fields)
    out = io.StringIO()
    write_evaluation_json(source, opsi, explain, out)
    return out.getvalue()


def audit_doc(
    source: str | Any, fields: Mapping[str, object], name: str | None = None
) -> dict[str, Any]:
    """``/v1/audit``: ``lkjip/audit/v2`` of a report (a path), ``lkjip/audit/v1`` of a
    table (a path or JSON rows), as the CLI's ``audit --format json`` gives them."""
    return _audited(source, fields, name)[0]


def _audited(
    source: str | Any, fields: Mapping[str, object], name: str | None = None
) -> tuple[dict[str, Any], Any]:
    """:func:`audit_doc`'s document, with the report audit it is of (``None`` for a table)."""
    opsi = _table_opsi(fields, audit=True)
    if isinstance(source, str) and laporan.is_report(source):
        if fields.get("decimal_mark"):  # a report is read as printed (as the CLI says)
            raise _Bad("invalid-option", pesan("cli.decimal_mark_table_only"), "decimal_mark")
        result = laporan.audit_report(source, opsi, max_pages=_max_pages(fields))
        return laporan.as_json(result, name or source), result
    source = _read(source, fields)
    from lkjip.table.audit import audit

    return audit_document(audit(source, opsi)), None


def _json_text(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def findings_csv(doc: Mapping[str, Any]) -> str:
    """The findings of an audit document as the CLI's ``audit --format csv`` writes them
    (cells a spreadsheet would run as a formula written as text)."""
    columns = list(laporan.FINDING_COLUMNS if doc["schema"] == laporan.SCHEMA else _V1_COLUMNS)
    out = io.StringIO()
    write_csv(Sink(out, "csv"), columns, ([f.get(c) for c in columns] for f in doc["findings"]))
    return out.getvalue()


_V1_COLUMNS = ("row", "field", "reported", "expected", "message")


# --- the application ------------------------------------------------------------------------


def _takes_request(handler: Callable[..., Awaitable[Any]], request_type: type) -> Any:
    """``handler(request)`` as FastAPI reads it: the request injected, nothing else."""
    param = inspect.Parameter(
        "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=request_type
    )
    handler.__signature__ = inspect.Signature([param])  # type: ignore[attr-defined]
    return handler


class _TooLarge(Exception):
    """The request body went past the limit while it was read."""


def _wants_page(scope: Mapping[str, Any]) -> bool:
    """The page at ``/`` is shown to anyone (a browser sends no bearer header); its
    upload checks the token itself (the form's field, or the header)."""
    return scope.get("path") == "/"


class _Guard:
    """The access token and the upload limit, before any route is reached (pure ASGI)."""

    def __init__(self, app: Any, token: str | None, limit: int, json_response: Any) -> None:
        self.app, self.token, self.limit, self.json_response = app, token, limit, json_response

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        lang = _language(headers.get("accept-language"))
        if self.token is not None and not _wants_page(scope):
            if not _authorized(headers.get("authorization"), self.token):
                with bahasa(lang):
                    doc = problem("unauthorized", pesan("serve.unauthorized"))
                extra = {"WWW-Authenticate": 'Bearer realm="lkjip"'}
                await _send_problem(self.json_response, doc, scope, receive, send, extra)
                return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await _send_problem(
                self.json_response, _too_large(self.limit, lang), scope, receive, send
            )
            return
        seen = 0
        limit = self.limit

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        await self.app(scope, limited, send)


def _too_large(limit: int, lang: Bahasa | None = None) -> dict[str, Any]:
    with bahasa(lang):
        return problem("too-large", pesan("serve.too_large", limit=f"{limit:,}"))


def _authorized(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    ok = hmac.compare_digest(given.strip().encode(), token.encode())
    return ok and scheme.lower() == "bearer"


async def _send_problem(
    json_response: Any,
    doc: Mapping[str, Any],
    scope: Any,
    receive: Any,
    send: Any,
    headers: Mapping[str, str] | None = None,
) -> None:
    response = json_response(doc, status_code=doc["status"], media_type=_PROBLEM, headers=headers)
    await response(scope, receive, send)


def _sorted_doc(value: object) -> object:
    """A rule file for JSON: decimals as plain strings."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Mapping):
        return {k: _sorted_doc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_sorted_doc(v) for v in value]
    return value


def scales_document() -> dict[str, Any]:
    """``/v1/scales``: every cited rule file lkjip ships, and the named variants."""
    return {
        "rules": {name: _sorted_doc(document(name)) for name in names()},
        "variants": list(variants()),
    }


_PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "field": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}


def _problems(*statuses: int) -> dict[int | str, Any]:
    return {
        status: {
            "description": _english_title(_BY_STATUS[status]),
            "content": {_PROBLEM: {"schema": _PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


def _english_title(kind: str) -> str:
    """The OpenAPI document's description of a problem: English, as the whole document."""
    with bahasa(Bahasa.EN):
        return _title(kind)


def _request_schema(rule: Rule) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for field in rule.numbers:
        props[field] = dict(rule.argument(field).schema)
    for option in rule.options:
        props[_KEYWORD.get(option, option)] = dict(_OPTIONS[option].schema)
    return {
        "type": "object",
        "properties": props,
        "required": [f for f in rule.numbers if rule.argument(f).required],
        "additionalProperties": False,
    }


def _answer_schema(rule: Rule) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for field in (*rule.answers, *rule.labels):
        props[field] = dict(_ANSWERS.get(field, {"type": "string"}))
    props["penjelasan"] = {"type": "array", "items": {"type": "string"}}
    return {"type": "object", "properties": props, "required": list(rule.answers)}


_DEFS: dict[str, Any] = {}
"""The ``$defs`` of the CLI's schemas, as OpenAPI components (``evaluate.v1.result``)."""


def _schema_file(name: str) -> dict[str, Any]:
    """A JSON Schema the CLI's output follows (lkjip/schemas/), for OpenAPI 3.1: its
    ``$defs`` become components (``#/components/schemas/<name>.<def>``)."""
    from pathlib import Path

    path = Path(__file__).with_name("schemas") / f"{name}.json"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"#/$defs/', f'"#/components/schemas/{name}.')
    schema = json.loads(text)
    for key, value in schema.pop("$defs", {}).items():
        _DEFS[f"{name}.{key}"] = value
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


_EXPLAIN = {
    "name": "explain",
    "in": "query",
    "required": False,
    "schema": {"type": "boolean", "default": False},
    "description": "add the penjelasan: how every figure was obtained (in Indonesian)",
}


def _table_body(audit: bool) -> dict[str, Any]:
    options = {"lower_method": _TABLE_OPTIONS["lower_method"]} if audit else dict(_TABLE_OPTIONS)
    options["decimal_mark"] = _MARK
    form = {
        "file": {
            "type": "string",
            "format": "binary",
            "contentMediaType": "application/octet-stream",
        },
        **{k: {"type": "string"} for k in options},
    }
    if audit:
        form["max_pages"] = {"type": "string"}
    rows = {
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number", "null"]},
                },
            },
            **options,
        },
        "required": ["rows"],
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": rows},
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": form, "required": ["file"]}
                },
            },
        }
    }


def _json_int(text: str) -> int | Decimal:
    """A JSON integer: past 4,000 digits (Python's int refuses such text) a ``Decimal``,
    which every rule reads, and refuses beyond its limits, as it does any figure."""
    return int(text) if len(text) <= 4000 else Decimal(text)


def _parse_json(body: bytes) -> object:
    def constant(name: str) -> object:
        raise _Bad("invalid-json", pesan("serve.not_json_number", name=name))

    def unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
        obj = dict(pairs)
        if len(obj) < len(pairs):  # json.loads would keep the last silently
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _Bad("invalid-json", pesan("serve.key_twice", key=repr(key)[:80]))
                seen.add(key)
        return obj

    try:
        return json.loads(
            body,
            parse_float=Decimal,
            parse_int=_json_int,
            parse_constant=constant,
            object_pairs_hook=unique,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, json.JSONDecodeError) or isinstance(exc, UnicodeDecodeError):
            raise _Bad("invalid-json", pesan("serve.not_json", error=exc)) from None
        raise


def _safe_name(filename: str | None) -> str:
    """The upload's name as a file of our own: its base name, safe characters only."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    base = re.sub(r"[^\w.\-]", "_", base)[-120:].lstrip(".")
    return base if _SUFFIX.search(base) else (base or "unggahan") + ".table"


def app_from_environment() -> Any:
    """The application ``lkjip serve --workers N`` starts in each worker process
    (its token and limit from ``LKJIP_TOKEN`` and ``LKJIP_MAX_UPLOAD``)."""
    limit = os.environ.get("LKJIP_MAX_UPLOAD", "")
    return create_app(
        token=os.environ.get("LKJIP_TOKEN") or None,
        max_upload=int(limit) if limit.isdigit() else MAX_UPLOAD,
    )


def create_app(token: str | None = None, max_upload: int = MAX_UPLOAD) -> Any:
    """The FastAPI application of ``lkjip serve`` (needs ``lkjip[server]``).

    ``token``: every request needs ``Authorization: Bearer <token>`` (the page takes
    it in its form); ``max_upload``: the largest request body, in bytes.
    """
    fastapi = require("fastapi", "server", "lkjip serve")
    require("python_multipart", "server", "lkjip serve", package="python-multipart")
    jinja2 = require("jinja2", "server", "lkjip serve")
    responses = require("starlette.responses", "server", "lkjip serve")
    requests = require("starlette.requests", "server", "lkjip serve")
    concurrency = require("starlette.concurrency", "server", "lkjip serve")
    exceptions = require("starlette.exceptions", "server", "lkjip serve")
    if token is not None and not token:
        raise InvalidOptionError(pesan("serve.empty_token"))
    if type(max_upload) is not int or max_upload < 1:
        raise InvalidOptionError(pesan("serve.max_upload", value=repr(max_upload)))
    import lkjip

    app = fastapi.FastAPI(
        title="lkjip",
        version=lkjip.__version__,
        summary="The calculation rules of LKjIP reports, exact: capaian, predikat, anggaran, audit",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    JSONResponse, Response = responses.JSONResponse, responses.Response
    HTMLResponse = responses.HTMLResponse
    run = concurrency.run_in_threadpool
    pages = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
        autoescape=True,
    )

    def failure(exc: BaseException, lang: Bahasa) -> Any:
        with bahasa(lang):
            doc = _too_large(max_upload) if isinstance(exc, _TooLarge) else _problem_of(exc)
        return JSONResponse(doc, status_code=doc["status"], media_type=_PROBLEM)

    def language(request: Any) -> Bahasa:
        return _language(request.headers.get("accept-language"))

    async def answer(request: Any, work: Callable[[], Any]) -> Any:
        """Run ``work`` off the event loop, in the request's language (the library's
        messages too); any failure is a problem document."""
        lang = language(request)
        try:
            return await run(_in(lang, work))
        except Exception as exc:
            return failure(exc, lang)

    def route(
        path: str, handler: Callable[..., Awaitable[Any]], methods: list[str], **kw: Any
    ) -> None:
        app.add_api_route(path, _takes_request(handler, requests.Request), methods=methods, **kw)

    async def parsed(request: Any) -> tuple[object, bool]:
        """A rule request's JSON body (its errors in the request's language) and whether it
        asks for the explanation (``?explain=true``)."""
        with bahasa(language(request)):
            body = _parse_json(await request.body())
        explain = request.query_params.get("explain", "").lower() in ("1", "true", "yes")
        return body, explain

    for rule in RULES.values():

        def single(rule: Rule) -> Callable[[Any], Awaitable[Any]]:
            async def handler(request: Any) -> Any:
                try:
                    body, explain = await parsed(request)
                except Exception as exc:
                    return failure(exc, language(request))
                return await answer(request, lambda: JSONResponse(compute(rule, body, explain)))

            return handler

        def batch(rule: Rule) -> Callable[[Any], Awaitable[Any]]:
            async def handler(request: Any) -> Any:
                try:
                    body, explain = await parsed(request)
                except Exception as exc:
                    return failure(exc, language(request))

                def work() -> Any:
                    items = body.get("items") if isinstance(body, dict) else None
                    if not isinstance(items, list):
                        raise _Bad("invalid-request", pesan("serve.items_body"), "items")
                    results = []
                    for item in items:
                        try:
                            results.append(compute(rule, item, explain))
                        except (_Bad, LKjIPError, ArithmeticError) as exc:
                            results.append({"error": _problem_of(exc)})
                    return JSONResponse({"results": results})

                return await answer(request, work)

            return handler

        common = {"tags": ["rules"], "responses": _problems(400, 413, 422)}
        route(
            f"/v1/{rule.name}",
            single(rule),
            ["POST"],
            summary=rule.summary,
            operation_id=rule.name,
            openapi_extra={
                "parameters": [_EXPLAIN],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _request_schema(rule)}},
                },
                "responses": {
                    "200": {
                        "description": "the figure and its labels",
                        "content": {"application/json": {"schema": _answer_schema(rule)}},
                    }
                },
            },
            **common,
        )
        item_schema = _request_schema(rule)
        route(
            f"/v1/{rule.name}/batch",
            batch(rule),
            ["POST"],
            summary=f"{rule.name}, for many items: each answered in its place",
            operation_id=f"{rule.name}_batch",
            openapi_extra={
                "parameters": [_EXPLAIN],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"items": {"type": "array", "items": item_schema}},
                                "required": ["items"],
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "one answer per item, in order",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "results": {
                                            "type": "array",
                                            "items": {
                                                "anyOf": [
                                                    _answer_schema(rule),
                                                    {
                                                        "type": "object",
                                                        "properties": {"error": _PROBLEM_SCHEMA},
                                                        "required": ["error"],
                                                    },
                                                ]
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
            },
            **common,
        )

    async def table_request(request: Any) -> tuple[Any, dict[str, Any], str | None]:
        """The table or report of a request, and its other fields: JSON rows, or an
        upload (saved in a temporary folder; its path returned, the caller removes it)."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            if "boundary=" not in request.headers.get("content-type", ""):
                raise _Bad("invalid-request", pesan("serve.no_boundary"), "file")
            try:
                form = await request.form(max_files=1, max_fields=16)
            except (KeyError, ValueError, UnicodeDecodeError) as exc:  # a malformed multipart body
                detail = pesan("serve.upload_unreadable", error=repr(exc))
                raise _Bad("invalid-request", detail, "file") from None
            except exceptions.HTTPException as exc:  # starlette's own refusal of the body
                detail = pesan("serve.upload_unreadable", error=repr(exc.detail))
                raise _Bad("invalid-request", detail, "file") from None
            try:
                upload = form.get("file")
                if upload is None or isinstance(upload, str):
                    raise _Bad("invalid-request", pesan("serve.upload_field"), "file")
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                folder = tempfile.mkdtemp(prefix="lkjip-serve-")
                path = os.path.join(folder, _safe_name(upload.filename))
                with open(path, "wb") as out:
                    shutil.copyfileobj(upload.file, out)
                return path, fields, upload.filename
            finally:
                await form.close()
        body = _parse_json(await request.body())
        if not isinstance(body, dict):
            raise _Bad("invalid-request", pesan("serve.rows_body"))
        return None, body, None

    def done(path: str | None) -> None:
        if path is not None:
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)

    async def evaluate_handler(request: Any) -> Any:
        path = None
        try:
            with bahasa(language(request)):
                path, fields, _ = await table_request(request)
        except Exception as exc:
            return failure(exc, language(request))
        explain = request.query_params.get("explain", "").lower() in ("1", "true", "yes")

        def work() -> Any:
            try:
                source = path if path is not None else _rows(fields)
                text = evaluate_text(source, fields, explain)
                return Response(text, media_type="application/json")
            finally:
                done(path)

        return await answer(request, work)

    async def audit_handler(request: Any) -> Any:
        path = None
        try:
            with bahasa(language(request)):
                path, fields, name = await table_request(request)
        except Exception as exc:
            return failure(exc, language(request))

        def work() -> Any:
            try:
                source = path if path is not None else _rows(fields)
                doc = audit_doc(source, fields, name)
                return Response(_json_text(doc), media_type="application/json")
            finally:
                done(path)

        return await answer(request, work)

    table_responses = _problems(400, 413, 422, 501)
    route(
        "/v1/evaluate",
        evaluate_handler,
        ["POST"],
        tags=["tables"],
        summary="Evaluate a table: lkjip/evaluate/v1, as `lkjip evaluate --format json`",
        operation_id="evaluate",
        responses=table_responses,
        openapi_extra={
            "parameters": [_EXPLAIN],
            **_table_body(audit=False),
            "responses": {
                "200": {
                    "description": "lkjip/evaluate/v1",
                    "content": {"application/json": {"schema": _schema_file("evaluate.v1")}},
                }
            },
        },
    )
    route(
        "/v1/audit",
        audit_handler,
        ["POST"],
        tags=["tables"],
        summary="Audit a table (audit/v1) or a report (audit/v2), as `lkjip audit --format json`",
        operation_id="audit",
        responses=table_responses,
        openapi_extra={
            **_table_body(audit=True),
            "responses": {
                "200": {
                    "description": "lkjip/audit/v1 of a table, lkjip/audit/v2 of a report",
                    "content": {
                        "application/json": {
                            "schema": {
                                "anyOf": [_schema_file("audit.v1"), _schema_file("audit.v2")]
                            }
                        }
                    },
                }
            },
        },
    )

    scales = scales_document()

    async def scales_handler(request: Any) -> Any:
        return JSONResponse(scales)

    route(
        "/v1/scales",
        scales_handler,
        ["GET"],
        tags=["rules"],
        summary="The cited rule files (scales, weights, variants) and the named variants",
        operation_id="scales",
        openapi_extra={
            "responses": {
                "200": {
                    "description": "rules by name, and the variants' names",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "rules": {"type": "object"},
                                    "variants": {"type": "array", "items": {"type": "string"}},
                                },
                                "required": ["rules", "variants"],
                            }
                        }
                    },
                }
            }
        },
    )

    # --- the page --------------------------------------------------------------------

    def page(**context: Any) -> Any:
        """The page, in the language in use (the request's)."""
        lang = bahasa_aktif()
        limit = f"{max_upload:,}"
        if lang is Bahasa.ID:
            limit = limit.replace(",", ".")
        text = pages.get_template("halaman.html").render(
            lang=lang.value, t=pesan, limit=limit, token=token is not None, **context
        )
        return HTMLResponse(text, status_code=context.get("status", 200))

    async def page_form(request: Any) -> Any:
        with bahasa(language(request)):
            return page()

    async def page_audit(request: Any) -> Any:
        lang = language(request)
        path = None
        with bahasa(lang):
            try:
                path, fields, name = await table_request(request)
            except Exception as exc:
                return page(error=failure_text(exc, max_upload), status=_status_of(exc))
            if path is None:
                return page(error=pesan("serve.page.no_file"), status=422)
            if token is not None and not (
                _authorized(request.headers.get("authorization"), token)
                or hmac.compare_digest(str(fields.get("token", "")).encode(), token.encode())
            ):
                done(path)
                return page(error=pesan("serve.page.bad_token"), status=401)

        def work() -> Any:
            try:
                return page(**_findings_page(path, fields, name))
            except Exception as exc:
                return page(error=failure_text(exc, max_upload), status=_status_of(exc))
            finally:
                done(path)

        return await run(_in(lang, work))

    route("/", page_form, ["GET"], include_in_schema=False)
    route("/", page_audit, ["POST"], include_in_schema=False)

    async def docs_handler(request: Any) -> Any:
        with bahasa(language(request)):
            return HTMLResponse(_docs_page(app.openapi()))

    route("/docs", docs_handler, ["GET"], include_in_schema=False)

    async def http_problem(request: Any, exc: Any) -> Any:
        kind = _BY_STATUS.get(exc.status_code, "invalid-request")
        with bahasa(language(request)):
            detail = _HTTP_DETAILS.get(exc.status_code)
            doc = problem(kind, pesan(detail) if detail else str(exc.detail))
        doc["status"] = exc.status_code
        headers = getattr(exc, "headers", None)
        return JSONResponse(doc, status_code=exc.status_code, media_type=_PROBLEM, headers=headers)

    async def any_problem(request: Any, exc: Exception) -> Any:
        return failure(exc, language(request))

    spec = app.openapi()  # built once, kept: the CLI schemas' definitions added
    spec.setdefault("components", {}).setdefault("schemas", {}).update(_DEFS)
    app.add_exception_handler(exceptions.HTTPException, http_problem)
    app.add_exception_handler(fastapi.exceptions.RequestValidationError, any_problem)
    app.add_exception_handler(Exception, any_problem)
    app.add_middleware(_Guard, token=token, limit=max_upload, json_response=JSONResponse)
    return app


_HTTP_DETAILS = {404: "serve.detail.not_found", 405: "serve.detail.method_not_allowed"}
"""The details of the router's own problems (Starlette's are English only)."""


def _status_of(exc: BaseException) -> int:
    if isinstance(exc, _TooLarge):
        return 413
    return int(_problem_of(exc)["status"])


def failure_text(exc: BaseException, limit: int) -> str:
    """What the page says of a failure, in the language in use."""
    doc = _too_large(limit) if isinstance(exc, _TooLarge) else _problem_of(exc)
    return f"{doc['title']}: {doc['detail']}"


def _where(f: Mapping[str, Any]) -> str:
    if f.get("line") is not None:
        return pesan("serve.page.text_line", line=f["line"])
    if f.get("page") is not None:
        return pesan("serve.page.page", page=f["page"])
    if f.get("cell") is not None:
        return f"{f.get('sheet', '')}!{f['cell']}"
    return pesan("serve.page.row", row=f.get("row"))


def _findings_page(path: str, fields: Mapping[str, object], name: str | None) -> dict[str, Any]:
    """What the page shows of an upload's audit: the findings grouped by table, the
    coverage line, and the JSON, the CSV and (of a report) the annotated workbook to
    download (as data: links, nothing kept)."""
    doc, result = _audited(path, fields, name)
    groups: list[dict[str, Any]] = []
    if doc["schema"] == laporan.SCHEMA:
        cov = doc["coverage"]
        coverage = pesan(
            "serve.page.coverage_report",
            found=cov["tables_found"],
            read=cov["tables_read"],
            checked=cov["figures_checked"],
            agreeing=cov["figures_agreeing"],
            not_checked=len(cov["not_checked"]),
        )
        for table in doc["tables"]:
            if not table.get("read"):
                continue
            found = [f for f in doc["findings"] if f.get("table_index") == table["index"]]
            title = table.get("caption") or pesan("serve.page.table", index=table["index"])
            where = ""
            if "first_line" in table:
                where = pesan("serve.page.text_line", line=table["first_line"])
            groups.append({"title": title, "where": where, "findings": found})
        shown = {t["index"] for t in doc["tables"] if t.get("read")}
        narasi = [f for f in doc["findings"] if f.get("table_index") not in shown]
        if narasi:  # a figure in a sentence: no table of its own, still shown
            title = pesan("serve.page.narasi")
            groups.append({"title": title, "where": "", "findings": narasi})
    else:
        coverage = pesan("serve.page.coverage_table", rows=doc["rows"])
        title = name or pesan("serve.page.a_table")
        groups.append({"title": title, "where": "", "findings": doc["findings"]})
    for group in groups:
        group["findings"] = [{**f, "tempat": _where(f)} for f in group["findings"]]
    stem = os.path.splitext(os.path.basename(name or "unggahan"))[0] or "unggahan"
    return {
        "source": name,
        "coverage": coverage,
        "total": len(doc["findings"]),
        "groups": groups,
        "json_href": _data_url("application/json", _json_text(doc)),
        "csv_href": _data_url("text/csv", findings_csv(doc)),
        "xlsx_href": None if result is None else _xlsx_url(result, name),
        "stem": stem,
    }


def _data_url(media_type: str, text: str) -> str:
    return f"data:{media_type};charset=utf-8;base64," + base64.b64encode(text.encode()).decode()


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_url(result: Any, name: str | None) -> str | None:
    """The annotated workbook of a report audit as a data: link; ``None`` without the
    xlsx extra (openpyxl): the page then offers JSON and CSV only."""
    from lkjip.xlsx import write_annotated_xlsx

    buffer = io.BytesIO()
    try:
        write_annotated_xlsx(buffer, result, name)
    except MissingExtraError:
        return None
    return f"data:{_XLSX};base64," + base64.b64encode(buffer.getvalue()).decode()


def _docs_page(spec: Mapping[str, Any]) -> str:
    """A small API page from the OpenAPI document, served from here (no CDN, no script)."""
    esc = html.escape
    parts = [
        f"<!doctype html><html lang='{bahasa_aktif().value}'><meta charset='utf-8'>"
        "<title>lkjip API</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f4f4f4;"
        "padding:.5em;overflow:auto}</style>",
        f"<h1>lkjip API {esc(str(spec['info'].get('version', '')))}</h1>",
        f"<p>{pesan('serve.docs.intro')}</p>",
    ]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            parts.append(
                f"<h2>{esc(method.upper())} {esc(path)}</h2><p>{esc(op.get('summary', ''))}</p>"
            )
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                schema = json.dumps(body["schema"], ensure_ascii=False, indent=1)[:4000]
                parts.append(f"<details><summary>JSON</summary><pre>{esc(schema)}</pre></details>")
    return "".join(parts) + "</html>"


HTTP_PROTOCOL = "lkjip.serve:NoDelayH11Protocol"
"""uvicorn's HTTP/1.1 protocol with ``TCP_NODELAY`` set on each connection, named as
``uvicorn.run(..., http=HTTP_PROTOCOL)`` takes it (a name: each worker imports it).

With ``--workers`` above 1 uvicorn binds the socket itself with protocol number 0, so
asyncio does not set ``TCP_NODELAY`` on the connections it accepts; an answer written as
headers then body then waits for the client's delayed ACK (≈40 ms on Linux) on every
keep-alive request."""

_NODELAY: list[type] = []


def __getattr__(name: str) -> Any:
    if name != "NoDelayH11Protocol":
        raise AttributeError(pesan("lkjip.no_attribute", module=repr(__name__), name=repr(name)))
    if not _NODELAY:
        import socket

        from uvicorn.protocols.http.h11_impl import H11Protocol

        class NoDelayH11Protocol(H11Protocol):
            def connection_made(self, transport: Any) -> None:
                sock = transport.get_extra_info("socket")
                if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().connection_made(transport)

        _NODELAY.append(NoDelayH11Protocol)
    return _NODELAY[0]
