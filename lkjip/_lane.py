"""The fast lane of ``lkjip evaluate --format jsonl``: one CSV row to one JSON line.

Most rows of a raw input table are plain: numbers in the shapes reports print
(``87``, ``91,72``, ``1.234.567,89``), an ``arah`` of higher/lower, a positive
target and pagu. For such rows this module writes the evaluate record straight
from the cells, with the same rule functions as ``evaluate_row`` (``percent_of``,
``ratio``, exact ``subtract``, the scales' own bands) but without building the
row, indicator, budget and evaluation objects in between. Any row it is not sure
of (a blank or odd cell, a zero target, a figure off a scale, anything that would
carry an error) gets ``None``, and the caller evaluates it the general way. A
property test checks that every line it writes is byte for byte the general one.

It only runs on tables whose columns it knows: the raw inputs of an indicator and
of a budget line, plus columns lkjip does not read (passed through as text).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses

from ._context import _ZERO, multiply, percent_function, ratio, subtract
from .capaian import _DIRECTION_WORDS, _TWO, Direction, LowerMethod
from .errors import LKjIPError
from .model import Opsi
from .numbers import _plain
from .numbers import plain as _written
from .scales import ATRIBUT_CAPAIAN, KATEGORI_EFISIENSI
from .tabel import COLUMNS

__all__ = ["FIGURES", "Lane", "compile_lane"]

Lane = Callable[[int, list[str]], str | None]

FIGURES = (
    "capaian",
    "predikat",
    "atribut",
    "kategori",
    "kemajuan",
    "selisih",
    "tren",
    "penyerapan",
    "sisa",
    "efisiensi_anggaran",
    "tingkat_efisiensi",
    "kategori_efisiensi",
)
"""Computed fields of an evaluate record, always present (``null`` where not computed),
in this order: the lane writes them so, and ``cli.record`` too."""

# Columns whose meaning the lane handles; any other column lkjip reads (printed
# figures, target_akhir, level, ...) sends the whole table the general way.
_KNOWN = frozenset(
    {"sasaran", "indikator", "satuan", "nama", "arah", "target", "realisasi"}
    | {"pagu", "realisasi_anggaran"}
)
# the words Direction reads, as written (other spellings go the general way); blank: higher
_ARAH = {"": Direction.HIGHER, **_DIRECTION_WORDS}
_NO_INDIKATOR = ', "capaian": null, "predikat": null, "atribut": null, "kategori": null'
_NO_TREND = ', "kemajuan": null, "selisih": null, "tren": null'
_NO_ANGGARAN = (
    ', "penyerapan": null, "sisa": null, "efisiensi_anggaran": null'
    ', "tingkat_efisiensi": null, "kategori_efisiensi": null, "error": null}\n'
)


def _texts(labels: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(encode_basestring(str(label)) for label in labels)


def compile_lane(columns: tuple[str, ...], shown: tuple[str, ...], opsi: Opsi) -> Lane | None:
    """A fast evaluator for rows of a CSV table with ``columns``, writing the ``shown``
    input columns (in order) before the figures; ``None`` if the table is not one
    the lane knows."""
    read = set(columns) & set(COLUMNS)
    if not read <= _KNOWN:
        return None
    has_ind = {"target", "realisasi"} <= read
    has_budget = {"pagu", "realisasi_anggaran"} <= read
    if not (has_ind or has_budget):
        return None
    if (read & {"target", "realisasi"} and not has_ind) or (
        read & {"pagu", "realisasi_anggaran"} and not has_budget
    ):
        return None  # half a pair: the general way says what is missing
    width = len(columns)
    index = {c: i for i, c in enumerate(columns)}
    # Numeric cells the lane has read are digits, dots, commas and % only: their JSON
    # text is the cell in quotes. Other cells are stripped and escaped, blank is null.
    numeric = {"target", "realisasi", "pagu", "realisasi_anggaran"}
    plan = tuple((f", {encode_basestring(c)}: ", index[c], c in numeric) for c in shown)
    i_t, i_r = index.get("target", -1), index.get("realisasi", -1)
    i_p, i_ra = index.get("pagu", -1), index.get("realisasi_anggaran", -1)
    i_arah = index.get("arah", -1)
    places, rounding = opsi.places, opsi.rounding
    inverse = opsi.lower_method is LowerMethod.INVERSE
    predikat_of, predikat_text = opsi.skala.index_of, _texts(opsi.skala.labels)
    atribut_of = ATRIBUT_CAPAIAN.index_of
    atribut_text = _texts(ATRIBUT_CAPAIAN.labels)
    kategori_text = tuple(str(a.kategori) for a in ATRIBUT_CAPAIAN.labels)
    efisiensi_of = KATEGORI_EFISIENSI.index_of
    efisiensi_text = _texts(KATEGORI_EFISIENSI.labels)
    higher = Direction.HIGHER
    # Decimals are written by numbers.plain, as by every output. A rounded figure has
    # exponent -places: for places ≤ 6 its str() is already exactly what plain gives
    # (str() shows an exponent only for a positive one or below 1E-6), and faster.
    text: Callable[[Decimal], str] = str if places <= 6 else _written
    plain, enc, zero = _plain, encode_basestring, _ZERO
    percent = percent_function(places, rounding)

    def lane(nomor: int, cells: list[str]) -> str | None:
        if len(cells) != width:
            return None
        try:
            indikator = _NO_INDIKATOR
            if has_ind:
                arah = _ARAH.get(cells[i_arah]) if i_arah >= 0 else higher
                t, r = plain(cells[i_t]), plain(cells[i_r])
                if arah is None or t is None or r is None or not t > zero:
                    return None
                if arah is higher:
                    c = percent(r, t)
                elif inverse:
                    if not r > zero:
                        return None
                    c = percent(t, r)
                else:
                    c = percent(subtract(multiply(t, _TWO), r), t)
                band, level = predikat_of(c), atribut_of(c)
                if band < 0 or level < 0:
                    return None
                indikator = (
                    f', "capaian": "{text(c)}", "predikat": {predikat_text[band]}'
                    f', "atribut": {atribut_text[level]}, "kategori": {kategori_text[level]}'
                )
            anggaran = _NO_ANGGARAN
            if has_budget:
                p, spent = plain(cells[i_p]), plain(cells[i_ra])
                if p is None or spent is None or not p > zero:
                    return None
                serap = percent(spent, p)
                sisa = subtract(p, spent)
                hemat = percent(sisa, p)
                tingkat = kategori = "null"
                if has_ind:
                    if not serap > zero:
                        return None
                    value = ratio(c, serap, places, rounding)
                    kind = efisiensi_of(value)
                    if kind < 0:
                        return None
                    tingkat, kategori = f'"{text(value)}"', efisiensi_text[kind]
                anggaran = (
                    f', "penyerapan": "{text(serap)}", "sisa": "{_written(sisa)}"'
                    f', "efisiensi_anggaran": "{text(hemat)}", "tingkat_efisiensi": {tingkat}'
                    f', "kategori_efisiensi": {kategori}, "error": null}}\n'
                )
        except LKjIPError:  # a figure past the digits kept exactly: the general way says why
            return None
        shown_cells = "".join(
            [
                key + (f'"{cell}"' if clean else (enc(v) if (v := cell.strip()) else "null"))
                for key, i, clean in plan
                for cell in (cells[i],)
            ]
        )
        return f'{{"row": {nomor}{shown_cells}{indikator}{_NO_TREND}{anggaran}'

    return lane
