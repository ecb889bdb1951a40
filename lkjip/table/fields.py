"""Every field lkjip reads or writes, once: the registry the table readers, the
evaluate record, its encoders (JSON, JSON Lines, CSV, xlsx), the pandas accessor
and the JSON Schema are derived from.

A field has a ``role`` (an input column, a figure reports print and lkjip also
computes, a result lkjip alone computes, or a field of the record itself), a
``kind`` (what its value is), the ``rule`` that computes it and the fields that rule
reads (``inputs``), the ``group`` it belongs to (an indicator or a budget line), and
its JSON type as the schema ``lkjip/evaluate/v1`` states it. The order of ``FIELDS``
is the order of the columns lkjip reads (``COLUMNS``) and of the figures of an
evaluate record (``FIGURES``).

```pycon
>>> from lkjip.table.fields import FIGURES, FIELD, Role
>>> FIGURES[:4]
('capaian', 'predikat', 'atribut', 'kategori')
>>> FIELD["kategori"].role is Role.RESULT, FIELD["kategori"].inputs
(True, ('atribut',))

```
"""

from __future__ import annotations

import itertools
import json
from types import MappingProxyType
from typing import Any

import attrs

from lkjip._core.word import Word

__all__ = [
    "COLUMNS",
    "DECIMAL_FIGURES",
    "FIELD",
    "FIELDS",
    "FIGURES",
    "MONEY",
    "PRINTED",
    "RECORD_FIELDS",
    "WRITTEN",
    "Field",
    "Group",
    "Kind",
    "Role",
    "Rule",
    "figures",
    "record_keys",
    "result_schema",
]


class Role(Word):
    """What a field is to lkjip."""

    INPUT = "input"
    """A column lkjip reads and never writes (``target``, ``pagu``)."""
    PRINTED = "printed"
    """A figure reports print and lkjip computes: read (the audit checks it), and
    written computed in the record (``capaian``, ``penyerapan``)."""
    RESULT = "result"
    """A figure lkjip alone computes: written, never read (``kategori``, ``tren``)."""
    RECORD = "record"
    """A field of the evaluate record itself (``row``, ``error``, ``penjelasan``)."""


class Kind(Word):
    """What a field's value is."""

    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    RATIO = "ratio"
    LABEL = "label"
    TEXT = "text"
    INTEGER = "integer"

    @property
    def decimal(self) -> bool:
        """True for the kinds whose value is a ``Decimal`` (a JSON string with a dot)."""
        return self in _DECIMAL_KINDS


_DECIMAL_KINDS = frozenset({Kind.NUMBER, Kind.MONEY, Kind.PERCENT, Kind.RATIO})


class Group(Word):
    """What a field describes: an indicator, or a budget line."""

    INDIKATOR = "indikator"
    ANGGARAN = "anggaran"


class Rule(Word):
    """The rule that computes a figure: the function (or scale) that gives it."""

    CAPAIAN = "lkjip.rules.capaian.capaian"
    PREDIKAT = "lkjip.table.model.Opsi.skala"
    ATRIBUT = "lkjip.rules.scales.atribut"
    KATEGORI = "lkjip.rules.scales.Atribut.kategori"
    KEMAJUAN = "lkjip.rules.capaian.kemajuan"
    SELISIH = "lkjip.rules.agregasi.selisih"
    TREN = "lkjip.rules.agregasi.tren"
    PENYERAPAN = "lkjip.rules.anggaran.penyerapan"
    SISA = "lkjip.rules.anggaran.sisa_anggaran"
    EFISIENSI_ANGGARAN = "lkjip.rules.anggaran.efisiensi_anggaran"
    TINGKAT_EFISIENSI = "lkjip.rules.anggaran.tingkat_efisiensi"
    KATEGORI_EFISIENSI = "lkjip.rules.scales.kategori_efisiensi"


# JSON Schema fragments (lkjip/evaluate/v1 $defs), as the schema writes them
_DECIMAL = '{"$ref": "#/$defs/decimal"}'
_TEXT = '{"type": ["string", "null"]}'


@attrs.frozen
class Field:
    """One field lkjip reads or writes."""

    name: str
    role: Role
    kind: Kind
    json: str
    """The field's JSON Schema (as JSON text) in an evaluate record."""
    group: Group | None = None
    rule: Rule | None = None
    """What computes it (``None`` for an input or a field of the record)."""
    inputs: tuple[str, ...] = ()
    """The fields the rule needs (all of them: without one the figure is not computed)."""
    attribute: str | None = None
    """Where ``lkjip.table.model.Evaluasi`` holds it, when not under its own name
    (``atribut.kategori``)."""
    optional: bool = False
    """Written only when asked for (``penjelasan``, with ``--explain``)."""

    @property
    def column(self) -> bool:
        """True if lkjip reads the field as a table column."""
        return self.role is Role.INPUT or self.role is Role.PRINTED

    @property
    def figure(self) -> bool:
        """True if the field is a figure of the evaluate record (printed or result)."""
        return self.role is Role.PRINTED or self.role is Role.RESULT

    @property
    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the field's value."""
        value: dict[str, Any] = json.loads(self.json)
        return value

    def of(self, evaluasi: object) -> Any:
        """The field's value in an ``Evaluasi`` (``None`` where a step is ``None``)."""
        if self.attribute is None:
            return getattr(evaluasi, self.name)
        value = evaluasi
        for step in self.attribute.split("."):
            if value is None:
                return None
            value = getattr(value, step)
        return value


_I, _A = Group.INDIKATOR, Group.ANGGARAN


def _input(name: str, kind: Kind, group: Group | None = None) -> Field:
    return Field(name, Role.INPUT, kind, _TEXT, group)


def _figure(
    name: str,
    role: Role,
    kind: Kind,
    group: Group,
    rule: Rule,
    inputs: tuple[str, ...],
    json_type: str = _DECIMAL,
    attribute: str | None = None,
) -> Field:
    return Field(name, role, kind, json_type, group, rule, inputs, attribute)


_P, _R = Role.PRINTED, Role.RESULT

FIELDS: tuple[Field, ...] = (
    Field("row", Role.RECORD, Kind.INTEGER, '{"type": "integer", "minimum": 1}', attribute="baris"),
    _input("sasaran", Kind.TEXT, _I),
    _input("indikator", Kind.TEXT, _I),
    _input("satuan", Kind.TEXT, _I),
    _input("arah", Kind.LABEL, _I),
    _input("target", Kind.NUMBER, _I),
    _input("realisasi", Kind.NUMBER, _I),
    _figure("capaian", _P, Kind.PERCENT, _I, Rule.CAPAIAN, ("target", "realisasi")),
    _figure(
        "predikat", _P, Kind.LABEL, _I, Rule.PREDIKAT, ("capaian",), '{"$ref": "#/$defs/predikat"}'
    ),
    _figure(
        "atribut", _P, Kind.LABEL, _I, Rule.ATRIBUT, ("capaian",), '{"$ref": "#/$defs/atribut"}'
    ),
    _figure(
        "kategori",
        _R,
        Kind.INTEGER,
        _I,
        Rule.KATEGORI,
        ("atribut",),
        '{"enum": [1, 2, 3, 4, null]}',
        attribute="atribut.kategori",
    ),
    _input("target_akhir", Kind.NUMBER, _I),
    _figure("kemajuan", _P, Kind.PERCENT, _I, Rule.KEMAJUAN, ("target_akhir", "realisasi")),
    _input("realisasi_lalu", Kind.NUMBER, _I),
    _figure("selisih", _R, Kind.NUMBER, _I, Rule.SELISIH, ("realisasi", "realisasi_lalu")),
    _figure(
        "tren",
        _R,
        Kind.LABEL,
        _I,
        Rule.TREN,
        ("realisasi", "realisasi_lalu"),
        '{"enum": ["naik", "tetap", "turun", null]}',
    ),
    _input("level", Kind.LABEL, _A),
    _input("nama", Kind.TEXT, _A),
    _input("pagu", Kind.MONEY, _A),
    _input("realisasi_anggaran", Kind.MONEY, _A),
    _figure("penyerapan", _P, Kind.PERCENT, _A, Rule.PENYERAPAN, ("pagu", "realisasi_anggaran")),
    _figure("sisa", _P, Kind.MONEY, _A, Rule.SISA, ("pagu", "realisasi_anggaran")),
    _figure(
        "efisiensi_anggaran",
        _P,
        Kind.PERCENT,
        _A,
        Rule.EFISIENSI_ANGGARAN,
        ("pagu", "realisasi_anggaran"),
    ),
    _figure(
        "tingkat_efisiensi", _P, Kind.RATIO, _A, Rule.TINGKAT_EFISIENSI, ("capaian", "penyerapan")
    ),
    _figure(
        "kategori_efisiensi",
        _P,
        Kind.LABEL,
        _A,
        Rule.KATEGORI_EFISIENSI,
        ("tingkat_efisiensi",),
        '{"type": ["string", "null"]}',
    ),
    Field("error", Role.RECORD, Kind.TEXT, _TEXT),
    Field(
        "penjelasan",
        Role.RECORD,
        Kind.TEXT,
        '{"type": "array", "items": {"type": "string"}}',
        optional=True,
    ),
)
"""Every field, in the order of the columns lkjip reads and of the evaluate record."""

FIELD: MappingProxyType[str, Field] = MappingProxyType({f.name: f for f in FIELDS})
"""The fields by name."""

COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.column)
"""The columns lkjip reads (``docs/tabel.md``); any other column is passed through."""

FIGURES: tuple[str, ...] = tuple(f.name for f in FIELDS if f.figure)
"""The figures of an evaluate record, always present (``null`` where not computed),
in this order."""

PRINTED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.role is Role.PRINTED)
"""The figures a report prints, which lkjip reads and checks (the audit)."""

MONEY: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.MONEY)
"""The money columns (``pagu``, ``realisasi_anggaran``, ``sisa``): exact Rupiah, a printed
``-`` is 0 (spec §13), and a total row sums them."""

WRITTEN: frozenset[str] = frozenset(f.name for f in FIELDS if f.role is not Role.INPUT)
"""The fields an evaluate record writes itself: an input column of one of these names
is not passed through (the record's own value replaces it)."""

DECIMAL_FIGURES: frozenset[str] = frozenset(f.name for f in FIELDS if f.figure and f.kind.decimal)
"""The figures whose value is a ``Decimal`` (JSON: a string with a dot; xlsx: a number)."""

RECORD_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.role is not Role.INPUT)
"""The fields of an evaluate record other than the input columns it passes through."""

_HEAD = tuple(itertools.takewhile(lambda f: f.role is Role.RECORD, FIELDS))
# the record's own fields before the first column (``row``) come before the columns
# it passes through; the figures and the rest after them
_TAIL = tuple(f for f in RECORD_FIELDS if f not in _HEAD)


def figures(group: Group) -> tuple[str, ...]:
    """The figures of one group, in record order."""
    return tuple(f.name for f in FIELDS if f.figure and f.group is group)


def record_keys(shown: tuple[str, ...], explain: bool = False) -> tuple[str, ...]:
    """The keys of an evaluate record, in order: ``row``, the ``shown`` input columns,
    the figures, ``error`` (and ``penjelasan`` when ``explain``)."""
    tail = (f.name for f in _TAIL if explain or not f.optional)
    return (*(f.name for f in _HEAD), *shown, *tail)


_RESULT_DESCRIPTION = (
    "One input row. Input columns other than the computed figures are passed through "
    "as given (strings or null)."
)


def result_schema() -> dict[str, Any]:
    """``$defs/result`` of the schema ``lkjip/evaluate/v1``: one evaluate record."""
    inputs = {f.json for f in FIELDS if f.role is Role.INPUT}
    (passed,) = inputs  # every input column is passed through the same way
    return {
        "type": "object",
        "description": _RESULT_DESCRIPTION,
        "required": [f.name for f in RECORD_FIELDS if not f.optional],
        "properties": {f.name: f.schema for f in RECORD_FIELDS},
        "additionalProperties": json.loads(passed),
    }
