"""The fast lane of ``lkjip evaluate --format jsonl``: one CSV row to one JSON line.

Most rows of a raw input table are plain: numbers in the shapes reports print
(``87``, ``91,72``, ``1.234.567,89``), an ``arah`` of higher/lower, a positive
target and pagu. For such rows this module writes the evaluate record straight
from the cells, with the same rule functions as ``evaluate_row`` (the capaian
formula of ``rumus`` computed by ``capaian_kernel``, ``percent_function``, ``ratio_function``,
exact ``subtract``, the scales' own bands) but without building the
row, indicator, budget and evaluation objects in between. Any row it is not sure
of (a blank or odd cell, a zero target, a figure off a scale, anything that would
carry an error) gets ``None``, and the caller evaluates it the general way. A
property test checks that every line it writes is byte for byte the general one.

It only runs on tables whose columns it knows: the raw inputs of an indicator and
of a budget line, plus columns lkjip does not read (passed through as text); and only
under options it applies as the rules do (every field of ``Opsi``, a method or
rounding given as text included): any other table or option goes the general way.
The record's keys, their order and which figures are ``null`` come from the field
registry (``lkjip.table.fields``); the lane only computes the values of its rules,
and writes the record with one f-string made for the table (``_template``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses
from typing import cast

import attrs

from lkjip._core.context import (
    _ZERO,
    INVERSE,
    capaian_kernel,
    check_options,
    percent_function,
    ratio_function,
    subtract,
)
from lkjip._core.scale import Scale
from lkjip.errors import LKjIPError
from lkjip.numbers import _plain
from lkjip.numbers import plain as _written
from lkjip.rules.capaian import _DIRECTION_WORDS, Direction, LowerMethod, _lower_method, rumus
from lkjip.rules.scales import Predikat
from lkjip.table.fields import FIELD, FIELDS, FIGURES, Kind, Role, Rule, record_keys
from lkjip.table.model import Opsi

__all__ = ["FIGURES", "Lane", "compile_lane"]

Lane = Callable[[list[int], list[list[str]]], list[str | None]]
"""A lane: the JSON lines of rows (their numbers, their cells), ``None`` for each row
it leaves to the general way. It takes a chunk of rows at once: a loop over them here
costs less than a call a row."""

_RULES = (
    Rule.CAPAIAN,
    Rule.PREDIKAT,
    Rule.ATRIBUT,
    Rule.KATEGORI,
    Rule.PENYERAPAN,
    Rule.SISA,
    Rule.EFISIENSI_ANGGARAN,
    Rule.TINGKAT_EFISIENSI,
    Rule.KATEGORI_EFISIENSI,
)
"""The rules the lane computes, in the order of the values ``lane`` gives each row.
The figures they compute are written where, and as, the registry (``lkjip.table.fields``)
places them; a figure of any other rule is ``null``, and a table whose columns would
give one a value is not the lane's."""

_FIELD_OF = {f.rule: f for f in FIELDS if f.rule is not None}
# Columns whose meaning the lane handles: names passed through, arah, and the inputs
# of its rules. Any other column lkjip reads (printed figures, target_akhir, level, ...)
# sends the whole table the general way.
_KNOWN = frozenset(
    {f.name for f in FIELDS if f.role is Role.INPUT and f.kind is Kind.TEXT}
    | {"arah"}
    | {i for r in _RULES for i in _FIELD_OF[r].inputs if FIELD[i].role is Role.INPUT}
)
_OPTIONS = frozenset(
    {"lower_method", "places", "rounding", "cap", "skala", "skala_atribut", "skala_efisiensi"}
)
"""The fields of ``Opsi`` the lane honours (``cap`` shapes only the aggregates, which
no record holds); an ``Opsi`` with any other sends every table the general way."""
# the words Direction reads, as written (other spellings go the general way); blank: higher
_ARAH = {"": Direction.HIGHER, **_DIRECTION_WORDS}


def _texts(labels: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(encode_basestring(str(label)) for label in labels)


def _present(name: str, read: frozenset[str]) -> bool:
    """True if a table with the columns ``read`` gives the field a value."""
    field = FIELD[name]
    if field.role is Role.INPUT:
        return name in read
    return field.rule is not None and all(_present(i, read) for i in field.inputs)


def _layout(read: frozenset[str]) -> tuple[str, ...] | None:
    """The text of a record around the values of the lane's rules: ``len(_RULES) + 1``
    pieces, from the registry's order and JSON types (a decimal in quotes, a label
    encoded, ``null`` for a figure the table gives no value, whose slot then gets
    ``""``); ``None`` if the registry orders the rules otherwise or has a figure the
    lane cannot compute for these columns."""
    if [f.rule for name in FIGURES if (f := FIELD[name]).rule in _RULES] != list(_RULES):
        return None
    pieces: list[str] = []
    text = ""
    for name in FIGURES:
        field = FIELD[name]
        key = f", {encode_basestring(name)}: "
        if field.rule in _RULES and _present(name, read):
            quote = '"' if field.kind.decimal else ""
            pieces.append(text + key + quote)
            text = quote
        elif field.rule in _RULES:
            pieces.append(text + key + "null")
            text = ""
        elif _present(name, read):
            return None
        else:
            text += key + "null"
    tail = record_keys(())[1 + len(FIGURES) :]
    if tail != ("error",):  # a lane row has no error; any other field it cannot write
        return None
    pieces.append(text + "".join(f", {encode_basestring(k)}: null" for k in tail) + "}\n")
    return tuple(pieces)


def _options(opsi: Opsi) -> tuple[LowerMethod, int, str, Scale[Predikat]] | None:
    """The options as the lane applies them, or ``None`` if the general way must: an
    option the lane does not know, or one the rules refuse (the general way says why)."""
    if not attrs.has(type(opsi)) or {a.name for a in attrs.fields(type(opsi))} - _OPTIONS:
        return None
    places, rounding, skala = opsi.places, opsi.rounding, opsi.skala
    try:
        method = _lower_method(opsi.lower_method)
        check_options(places, rounding)
    except (ValueError, TypeError):  # LKjIPError subclasses of these included
        return None
    if places is None or not isinstance(skala, Scale):
        return None
    return method, places, rounding, skala


def compile_lane(columns: tuple[str, ...], shown: tuple[str, ...], opsi: Opsi) -> Lane | None:
    """A fast evaluator (``Lane``) for rows of a CSV table with ``columns``, writing the
    ``shown`` input columns (in order) before the figures; ``None`` if the table (or
    ``opsi``) is not one the lane knows."""
    read = frozenset(columns) & frozenset(FIELD)
    options = _options(opsi)
    if not read <= _KNOWN or options is None:
        return None
    has_ind, has_budget = _present("capaian", read), _present("penyerapan", read)
    if not (has_ind or has_budget):
        return None
    for figure in ("capaian", "penyerapan"):
        if read & set(FIELD[figure].inputs) and not _present(figure, read):
            return None  # half a pair: the general way says what is missing
    layout = _layout(read)
    if layout is None:
        return None
    head = "{" + encode_basestring(record_keys(())[0]) + ": "
    width = len(columns)
    index = {c: i for i, c in enumerate(columns)}
    # Numeric cells the lane has read are digits, dots, commas and % only: their JSON
    # text is the cell in quotes. Other cells are stripped and escaped, blank is null.
    numeric = {c for c in read if FIELD[c].kind.decimal}
    line = _template(head, tuple((c, index[c], c in numeric) for c in shown), layout)
    i_t, i_r = index.get("target", -1), index.get("realisasi", -1)
    i_p, i_ra = index.get("pagu", -1), index.get("realisasi_anggaran", -1)
    i_arah = index.get("arah", -1)
    method, places, rounding, skala = options
    # The figures the lane computes with are those ``_plain`` read: at most
    # ``_FAST_LENGTH`` characters of digits, so within the limits of a figure (spec §1)
    # by their shape, as ``parse_number`` returns them; the rules' own unchecked kernel
    # and percent serve (tests/test_lane.py checks that no shape ``_plain`` reads lies
    # outside the limits).
    kernel = capaian_kernel(places, rounding)
    # the kernel's formula for each arah word (rumus: the rules' one dispatch)
    formula_of = {word: rumus(arah, method) for word, arah in _ARAH.items()}
    by_arah = {word: (kernel[f], f == INVERSE) for word, f in formula_of.items()}
    default = by_arah[""]
    predikat_of, predikat_text = skala.indexer(), _texts(skala.labels)
    atribut, efisiensi = opsi.skala_atribut, opsi.skala_efisiensi  # (checked by Opsi)
    atribut_of = atribut.indexer()
    atribut_text = _texts(atribut.labels)
    kategori_text = tuple(str(a.kategori) for a in atribut.labels)
    efisiensi_of = efisiensi.indexer()
    efisiensi_text = _texts(efisiensi.labels)
    # Decimals are written by numbers.plain, as by every output. A rounded figure has
    # exponent -places: for places ≤ 6 its str() is already exactly what plain gives
    # (str() shows an exponent only for a positive one or below 1E-6), and faster.
    text: Callable[[Decimal], str] = str if places <= 6 else _written
    plain, zero = _plain, _ZERO
    percent = percent_function(places, rounding, checked=False)
    ratio_of = ratio_function(places, rounding)

    def lane(nomors: list[int], rows: list[list[str]]) -> list[str | None]:
        lines: list[str | None] = []
        keep = lines.append
        for nomor, cells in zip(nomors, rows, strict=True):
            keep(None)  # until the row proves to be the lane's
            if len(cells) != width:
                continue
            try:
                v0 = v1 = v2 = v3 = v4 = v5 = v6 = v7 = v8 = ""
                if has_ind:
                    formula = by_arah.get(cells[i_arah]) if i_arah >= 0 else default
                    t, r = plain(cells[i_t]), plain(cells[i_r])
                    if formula is None or t is None or r is None or not t > zero:
                        continue
                    capaian_of, inverse = formula
                    if inverse and not r > zero:
                        continue  # no figure: the general way says why
                    c = capaian_of(t, r)
                    band, level = predikat_of(c), atribut_of(c)
                    if band < 0 or level < 0:
                        continue
                    v0, v1 = text(c), predikat_text[band]
                    v2, v3 = atribut_text[level], kategori_text[level]
                if has_budget:
                    p, spent = plain(cells[i_p]), plain(cells[i_ra])
                    if p is None or spent is None or not p > zero:
                        continue
                    serap = percent(spent, p)
                    sisa = subtract(p, spent)
                    # sisa is exact, its exponent that of a figure _plain read (≤ 0):
                    # str() writes it as plain does while it shows no exponent
                    v5 = str(sisa) if sisa.adjusted() >= -6 else _written(sisa)
                    v4, v6 = text(serap), text(percent(sisa, p))
                    if has_ind:
                        if not serap > zero:
                            continue
                        value = ratio_of(c, serap)
                        kind = efisiensi_of(value)
                        if kind < 0:
                            continue
                        v7, v8 = text(value), efisiensi_text[kind]
            except LKjIPError:  # a figure past the digits kept exactly:
                continue  # the general way says why
            lines[-1] = line(nomor, cells, v0, v1, v2, v3, v4, v5, v6, v7, v8)
        return lines

    return lane


def _template(
    head: str, shown: tuple[tuple[str, int, bool], ...], layout: tuple[str, ...]
) -> Callable[..., str]:
    """The record of a lane row as one f-string, compiled once per table:
    ``line(nomor, cells, v0, …, v8)`` writes ``head``, the row number, each ``shown``
    column ``(name, index, numeric)`` from its cell (a numeric cell in quotes as it is,
    another stripped and escaped as ``json.dumps`` does, blank ``null``), and the
    ``layout`` pieces around the values ``v0``…``v8``.

    One f-string is the cheapest way Python has to join the ~30 pieces of a record (a
    loop over the columns and an f-string for the figures take about 1.5 times as
    long). The text it writes (keys, quotes, ``null``) comes in as names, never as
    code: the source holds only names and column indices, whatever the table's column
    names."""
    pieces: list[tuple[bool, str]] = [(False, head), (True, "nomor")]  # (code?, text)
    for name, i, numeric in shown:
        pieces.append((False, f", {encode_basestring(name)}: "))
        if numeric:
            pieces += [(False, '"'), (True, f"cells[{i}]"), (False, '"')]
        else:
            pieces.append((True, f"(enc(x) if (x := cells[{i}].strip()) else null)"))
    for n, text in enumerate(layout):
        pieces.append((False, text))
        if n < len(layout) - 1:
            pieces.append((True, f"v{n}"))
    names: dict[str, object] = {"enc": encode_basestring, "null": "null"}
    fields: list[str] = []
    for is_code, run in itertools.groupby(pieces, key=lambda p: p[0]):
        if is_code:
            fields += ("{" + text + "}" for _, text in run)
        else:  # a run of text: one name
            names[name := f"_{len(names)}"] = "".join(text for _, text in run)
            fields.append("{" + name + "}")
    values = ", ".join(f"v{n}" for n in range(len(layout) - 1))
    source = f"def line(nomor, cells, {values}):\n    return f'{''.join(fields)}'\n"
    exec(compile(source, "<lkjip.cli.lane record>", "exec"), names)
    return cast(Callable[..., str], names["line"])
