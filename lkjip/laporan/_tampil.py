"""A report audit for people: findings grouped by table, with the coverage beside them."""

from __future__ import annotations

import html
from typing import Any

from lkjip.table.display import cut, visible

# The result types live in lkjip.laporan, which imports this module: they are read here
# by their attributes (a finding's line, page, field, message; a table's caption).
HasilAuditLaporan = Any
TemuanLaporan = Any

__all__ = ["report_html", "report_text"]


def _where(t: TemuanLaporan) -> str:
    if t.line is not None:
        return f"l.{t.line}"
    if t.page is not None:
        return f"hal. {t.page}"
    if t.sheet is not None:
        return f"{t.sheet}!{t.cell}"
    return f"baris {t.row}"


def _coverage(result: HasilAuditLaporan) -> str:
    return (
        f"{len(result.tables)} tabel ditemukan, {result.tables_read} dibaca; "
        f"{result.figures_checked} angka diperiksa, {result.figures_agreeing} sesuai, "
        f"{len(result.not_checked)} tidak diperiksa"
    )


def report_text(result: HasilAuditLaporan) -> str:
    lines = []
    by_table: dict[int, list[TemuanLaporan]] = {}
    for t in result.findings:
        by_table.setdefault(t.table, []).append(t)
    counts = {n: (c, a) for n, c, a in result.by_table}
    for table in result.tables:
        if not table.read:
            continue
        title = visible(cut(table.caption or "(tanpa judul)", 80))
        where = f"l.{table.first.line}" if table.first.line is not None else ""
        found = by_table.get(table.number, [])
        head = f"Tabel {table.number} {where}: {title} [{table.shape}]"
        checked, agreeing = counts.get(table.number, (0, 0))
        if not found:
            said = (
                f"{checked} angka diperiksa, semua sesuai" if checked else "tak ada angka diperiksa"
            )
            lines.append(f"{head}: tidak ada temuan ({said})")
            continue
        lines.append(f"{head}: {len(found)} temuan ({checked} angka diperiksa, {agreeing} sesuai)")
        for t in found:
            column = f" ({visible(cut(t.column, 40))})" if t.column else ""
            period = f" {t.period}" if t.period else ""
            lines.append(
                f"  {_where(t)} {t.field}{period}{column} [{t.check}]: "
                f"{visible(cut(t.message, 160))}"
            )
    total = len(result.findings)
    lines.append(f"{total} temuan; {_coverage(result)}")
    return "\n".join(lines)


def report_html(result: HasilAuditLaporan) -> str:
    esc = html.escape
    parts = [f"<p>{esc(_coverage(result))}</p>"]
    by_table: dict[int, list[TemuanLaporan]] = {}
    for t in result.findings:
        by_table.setdefault(t.table, []).append(t)
    for table in result.tables:
        found = by_table.get(table.number)
        if not found:
            continue
        parts.append(f"<h4>{esc(table.caption or 'Tabel ' + str(table.number))}</h4><table>")
        parts.append(
            "<tr><th>tempat</th><th>kolom</th><th>dicetak</th><th>seharusnya</th>"
            "<th>keterangan</th></tr>"
        )
        for t in found:
            parts.append(
                f"<tr><td>{esc(_where(t))}</td><td>{esc(t.column or t.field)}</td>"
                f"<td>{esc(t.reported or '')}</td><td>{esc(t.expected or '')}</td>"
                f"<td>{esc(t.message)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)
