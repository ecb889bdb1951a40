"""How results look to people: aligned text for terminals, HTML for notebooks.

The colours of the predikat bands are shared with the charts.

```pycon
>>> print(text_table(["Baris", "Capaian"], [["1", "105,42%"], ["12", "0,00%"]], right={0, 1}))
Baris  Capaian
-----  -------
    1  105,42%
   12    0,00%

```
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .numbers import format_number, format_persen
from .scales import Predikat

if TYPE_CHECKING:
    from ._audit import HasilAudit
    from .model import Agregat, Evaluasi, EvaluasiLaporan

__all__ = ["WARNA_PREDIKAT", "text_table", "html_table"]

WARNA_PREDIKAT = {
    Predikat.SANGAT_TINGGI: "#1a7f37",
    Predikat.TINGGI: "#57ab5a",
    Predikat.SEDANG: "#d4a72c",
    Predikat.RENDAH: "#e16f24",
    Predikat.SANGAT_RENDAH: "#cf222e",
}
"""A colour per predikat band, green (Sangat Tinggi) to red (Sangat Rendah)."""


def text_table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    right: set[int] | None = None,
    notes: Sequence[Sequence[str]] | None = None,
) -> str:
    """An aligned table: ``right`` names right-aligned columns, ``notes`` the lines under a row."""
    body = [list(r) for r in rows]
    right = right or set()
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(head)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)]
    for i, r in enumerate(body):
        out.append(line(r))
        out.extend(" " * (widths[0] + 2) + "· " + n for n in (notes[i] if notes else ()))
    return "\n".join(out)


def html_table(
    head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "", colour: int | None = None
) -> str:
    """An HTML table; the cells of column ``colour`` are tinted by their predikat."""
    parts = ['<table class="lkjip">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append(
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead>"
    )
    parts.append("<tbody>")
    for r in rows:
        cells = []
        for i, c in enumerate(r):
            style = ""
            if i == colour and c in {p.value for p in Predikat}:
                style = f' style="background:{WARNA_PREDIKAT[Predikat(c)]};color:white"'
            cells.append(f"<td{style}>{html.escape(c)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _p(value: object) -> str:
    return "" if value is None else format_persen(value)


def _n(value: object) -> str:
    return "" if value is None else format_number(value)


def _s(value: object) -> str:
    return "" if value is None else str(value)


_EV_HEAD = [
    "Baris",
    "Indikator",
    "Capaian",
    "Predikat",
    "Atribut",
    "Penyerapan",
    "Efisiensi",
    "Keterangan",
]


def _ev_row(ev: Evaluasi) -> list[str]:
    name = (ev.indikator.nama if ev.indikator else None) or (
        ev.anggaran.nama if ev.anggaran else None
    )
    return [
        _s(ev.baris),
        _s(name),
        _p(ev.capaian),
        _s(ev.predikat),
        _s(ev.atribut),
        _p(ev.penyerapan),
        _n(ev.tingkat_efisiensi),
        _s(ev.error),
    ]


def evaluasi_text(ev: Evaluasi) -> str:
    return "\n".join([" | ".join(c for c in _ev_row(ev) if c), *ev.penjelasan()])


def evaluasi_html(ev: Evaluasi) -> str:
    return (
        html_table(_EV_HEAD, [_ev_row(ev)], colour=3)
        + "<ul>"
        + "".join(f"<li>{html.escape(line)}</li>" for line in ev.penjelasan())
        + "</ul>"
    )


def _agregat_row(a: Agregat) -> list[str]:
    return [
        _s(a.nama) or "Keseluruhan",
        _p(a.capaian),
        _s(a.predikat),
        _s(a.atribut),
        str(a.indikator),
        str(a.tidak_dihitung),
        a.agregasi,
    ]


_AG_HEAD = ["Sasaran", "Capaian", "Predikat", "Atribut", "Indikator", "Tidak dihitung", "Agregasi"]


def laporan_text(el: EvaluasiLaporan) -> str:
    rows = [_ev_row(e) for e in el.hasil]
    aggregates = [_agregat_row(a) for a in (*el.sasaran, el.keseluruhan)]
    return (
        text_table(_EV_HEAD, rows, right={0, 2, 5, 6})
        + "\n\n"
        + text_table(_AG_HEAD, aggregates, right={1, 4, 5})
    )


def laporan_html(el: EvaluasiLaporan) -> str:
    rows = [_ev_row(e) for e in el.hasil]
    aggregates = [_agregat_row(a) for a in (*el.sasaran, el.keseluruhan)]
    return html_table(_EV_HEAD, rows, "Evaluasi per indikator", colour=3) + html_table(
        _AG_HEAD, aggregates, "Capaian sasaran dan keseluruhan", colour=2
    )


_AU_HEAD = ["Baris", "Kolom", "Dicetak", "Seharusnya", "Keterangan"]


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _people(value: str | None) -> str:
    """A finding's value for people: numbers Indonesian style, text as it is."""
    if value is None:
        return ""
    return format_number(Decimal(value), None) if _PLAIN_NUMBER.fullmatch(value) else value


def audit_rows(result: HasilAudit) -> list[list[str]]:
    return [
        [str(t.row), t.field, _people(t.reported), _people(t.expected), t.message]
        for t in result.findings
    ]


def audit_summary(result: HasilAudit) -> str:
    if result.findings:
        return f"{len(result.findings)} temuan dalam {result.rows} baris."
    return f"Tidak ada temuan dalam {result.rows} baris."


def audit_text(result: HasilAudit) -> str:
    if not result.findings:
        return audit_summary(result)
    return text_table(_AU_HEAD, audit_rows(result), right={0}) + "\n\n" + audit_summary(result)


def audit_html(result: HasilAudit) -> str:
    return html_table(_AU_HEAD, audit_rows(result), audit_summary(result))
