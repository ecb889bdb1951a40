"""How results look to people: aligned text for terminals, HTML for notebooks.

The colours of a scale's bands (``warna``: green for the best band to red for the
worst, whatever the scale in use) are shared with the charts.

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
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from lkjip._core import hooks as _hooks
from lkjip._core.cell import cell_text as cell_text
from lkjip._core.cell import number_text as number_text
from lkjip._core.pesan import pesan
from lkjip._core.scale import Scale
from lkjip.errors import LKjIPError
from lkjip.numbers import format_number
from lkjip.rules.scales import PERMENDAGRI_86_2017, Predikat

if TYPE_CHECKING:
    from lkjip.table.audit import HasilAudit
    from lkjip.table.model import Agregat, Evaluasi, EvaluasiLaporan

__all__ = [
    "MAX_CELL_WIDTH",
    "MAX_LAST_CELL",
    "WARNA",
    "WARNA_PREDIKAT",
    "cell_text",
    "cut",
    "html_table",
    "text_table",
    "visible",
    "warna",
]

L = TypeVar("L", bound=Enum)

WARNA = ("#1a7f37", "#57ab5a", "#d4a72c", "#e16f24", "#cf222e")
"""The palette of a scale's bands, from the best (green) to the worst (red)."""


@lru_cache(maxsize=64)
def warna(scale: Scale[L]) -> Mapping[L, str]:
    """A colour per band of ``scale``, by its position from the best band (the first,
    green) to the worst (the last, red): a five-band scale takes ``WARNA`` as it is, any
    other count evenly spaced colours along it.

    ```pycon
    >>> from lkjip.scales import KATEGORI_EFISIENSI, PERMENDAGRI_86_2017
    >>> [str(k) + " " + c for k, c in warna(KATEGORI_EFISIENSI).items()]
    ['Efisien #1a7f37', 'Kurang Efisien #cf222e']
    >>> tuple(warna(PERMENDAGRI_86_2017).values()) == WARNA
    True

    ```
    """
    n = len(scale.bands)
    return MappingProxyType({band.label: _along(i, n) for i, band in enumerate(scale.bands)})


def _along(i: int, n: int) -> str:
    """The colour at ``i`` of ``n`` evenly spaced points along ``WARNA`` (integer steps)."""
    if n == 1:
        return WARNA[0]
    span = (len(WARNA) - 1) * i  # the point is span / (n - 1) along the palette
    at, rest = divmod(span, n - 1)
    if rest == 0:
        return WARNA[at]
    a, b = _rgb(WARNA[at]), _rgb(WARNA[at + 1])
    mixed = (x + ((y - x) * rest * 2 + (n - 1)) // (2 * (n - 1)) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


WARNA_PREDIKAT: Mapping[Predikat, str] = warna(PERMENDAGRI_86_2017)
"""A colour per predikat band of Permendagri 86/2017, green (Sangat Tinggi) to red
(Sangat Rendah); ``warna(scale)`` gives them for the scale in use."""


MAX_CELL_WIDTH = 60
"""Characters a text-table cell shows at most (the full text is in json/csv): a longer
cell is cut with ``…``, so one long cell cannot pad every line of a table."""

MAX_LAST_CELL = 400
"""Characters shown at most of a table's last column (a message; never padded) and of a
note line under a row."""

# Characters that would act on a terminal instead of showing: C0 and C1 controls (ESC
# starts ANSI/OSC sequences), DEL, line and paragraph separators, the bidirectional
# overrides and isolates ("Trojan Source"), and lone surrogates (not encodable).
# C0 and C1 controls, DEL, line and paragraph separators, every bidi control (U+061C,
# U+200E/F, U+202A–E, U+2066–9), and lone surrogates.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def visible(text: str) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``,
    ``\\n``, ``\\u202e``), so that a cell cannot move the cursor, recolour or retitle a
    terminal, or break a table's line.

    ```pycon
    >>> visible("IKM\\x1b[31m\\nB")
    'IKM\\\\x1b[31m\\\\nB'

    ```
    """
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def cut(text: str, width: int = MAX_CELL_WIDTH) -> str:
    """``text`` made visible (see ``visible``) and cut to ``width`` characters with ``…``."""
    text = visible(text[: width + 1])  # cut before escaping: bounded work for a huge cell
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    right: set[int] | None = None,
    notes: Sequence[Sequence[str]] | None = None,
) -> str:
    """An aligned table: ``right`` names right-aligned columns, ``notes`` the lines under a row.

    Every cell is made visible and cut (``cut``): at most ``MAX_CELL_WIDTH`` characters,
    the last column (never padded) and the notes at most ``MAX_LAST_CELL``.
    """
    last = len(head) - 1
    widths_of = [MAX_CELL_WIDTH] * last + [MAX_LAST_CELL]
    head = [cut(h, w) for h, w in zip(head, widths_of, strict=True)]
    body = [[cut(c, w) for c, w in zip(r, widths_of, strict=True)] for r in rows]
    right = right or set()
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(head)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c if i == last and i not in right else c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)]
    for i, r in enumerate(body):
        out.append(line(r))
        out.extend(
            " " * (widths[0] + 2) + "· " + cut(n, MAX_LAST_CELL)
            for n in (notes[i] if notes else ())
        )
    return "\n".join(out)


def html_table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    colour: int | None = None,
    scale: Scale[Any] = PERMENDAGRI_86_2017,
) -> str:
    """An HTML table; the cells of column ``colour`` are tinted by their band on ``scale``
    (the predikat scale in use; ``warna``)."""
    tints = {str(label): c for label, c in warna(scale).items()}
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
            if i == colour and c in tints:
                style = f' style="background:{tints[c]};color:white"'
            cells.append(f"<td{style}>{html.escape(c)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _p(value: Decimal | None) -> str:
    return "" if value is None else number_text(value, persen=True)


def _n(value: Decimal | None) -> str:
    return "" if value is None else number_text(value)


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _ev_head() -> list[str]:
    """The headings of an evaluation table, in the language in use."""
    return [
        pesan("display.head_row"),
        pesan("display.head_indikator"),
        "Capaian",
        "Predikat",
        "Atribut",
        "Penyerapan",
        "Efisiensi",
        pesan("display.head_note"),
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
    lines = [" | ".join(c for c in _ev_row(ev) if c), *ev.penjelasan()]
    return "\n".join(cut(line, MAX_LAST_CELL) for line in lines)


def evaluasi_html(ev: Evaluasi) -> str:
    return (
        html_table(_ev_head(), [_ev_row(ev)], colour=3, scale=ev.opsi.skala)
        + "<ul>"
        + "".join(f"<li>{html.escape(line)}</li>" for line in ev.penjelasan())
        + "</ul>"
    )


def _agregat_row(a: Agregat) -> list[str]:
    return [
        _s(a.nama) or pesan("display.overall"),
        _p(a.capaian),
        _s(a.predikat),
        _s(a.atribut),
        str(a.indikator),
        str(a.tidak_dihitung),
        a.agregasi,
    ]


def _ag_head() -> list[str]:
    return [
        "Sasaran",
        "Capaian",
        "Predikat",
        "Atribut",
        pesan("display.head_indikator"),
        pesan("display.head_not_computed"),
        pesan("display.head_agregasi"),
    ]


def laporan_text(el: EvaluasiLaporan) -> str:
    rows = [_ev_row(e) for e in el.hasil]
    aggregates = [_agregat_row(a) for a in (*el.sasaran, el.keseluruhan)]
    return (
        text_table(_ev_head(), rows, right={0, 2, 5, 6})
        + "\n\n"
        + text_table(_ag_head(), aggregates, right={1, 4, 5})
    )


def laporan_html(el: EvaluasiLaporan) -> str:
    rows = [_ev_row(e) for e in el.hasil]
    aggregates = [_agregat_row(a) for a in (*el.sasaran, el.keseluruhan)]
    skala = el.opsi.skala
    return html_table(_ev_head(), rows, pesan("display.caption_evaluasi"), 3, skala) + html_table(
        _ag_head(), aggregates, pesan("display.caption_agregat"), 2, skala
    )


def _au_head() -> list[str]:
    """The headings of an audit table, in the language in use."""
    return [
        pesan("display.head_row"),
        pesan("display.head_field"),
        pesan("display.head_printed"),
        pesan("display.head_expected"),
        pesan("display.head_note"),
    ]


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _people(value: str | None) -> str:
    """A finding's value for people: numbers Indonesian style, text as it is."""
    if value is None:
        return ""
    if len(value) <= 200 and _PLAIN_NUMBER.fullmatch(value):
        try:
            return format_number(Decimal(value), None)
        except LKjIPError:  # beyond the limits lkjip reads: shown as printed
            return value
    return value


def audit_rows(result: HasilAudit) -> list[list[str]]:
    return [
        [str(t.row), t.field, _people(t.reported), _people(t.expected), t.message]
        for t in result.findings
    ]


def audit_summary(result: HasilAudit) -> str:
    rows = _count(result.rows, "display.one_row", "display.n_rows")
    if not result.findings:
        return pesan("display.audit_no_findings", rows=rows)
    findings = _count(len(result.findings), "display.one_finding", "display.n_findings")
    return pesan("display.audit_findings", findings=findings, rows=rows)


def _count(n: int, one: str, many: str) -> str:
    """``n`` things in words (English has a singular)."""
    return pesan(one) if n == 1 else pesan(many, n=n)


def audit_text(result: HasilAudit) -> str:
    if not result.findings:
        return audit_summary(result)
    return text_table(_au_head(), audit_rows(result), right={0}) + "\n\n" + audit_summary(result)


def audit_html(result: HasilAudit) -> str:
    return html_table(_au_head(), audit_rows(result), audit_summary(result))


# What the model's and the audit's methods print through (lkjip._core.hooks: they sit below).
_hooks.provide(
    evaluasi_text=evaluasi_text,
    evaluasi_html=evaluasi_html,
    laporan_text=laporan_text,
    laporan_html=laporan_html,
    audit_text=audit_text,
    audit_html=audit_html,
)
