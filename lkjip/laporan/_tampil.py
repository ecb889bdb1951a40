"""A report audit for people: findings grouped by table, with the coverage beside them,
in the language in use (the catalog's ``laporan.*`` messages, spec §18)."""

from __future__ import annotations

import html
from typing import Any

from lkjip._core.pesan import pesan
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
        return pesan("laporan.where_page", page=t.page)
    if t.sheet is not None:
        return f"{t.sheet}!{t.cell}"
    return pesan("laporan.where_row", row=t.row)


def _coverage(result: HasilAuditLaporan) -> str:
    return pesan(
        "laporan.coverage",
        tables=len(result.tables),
        read=result.tables_read,
        checked=result.figures_checked,
        agreeing=result.figures_agreeing,
        not_checked=len(result.not_checked),
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
        title = visible(cut(table.caption or pesan("laporan.untitled"), 80))
        where = f"l.{table.first.line}" if table.first.line is not None else ""
        found = by_table.get(table.number, [])
        head = pesan(
            "laporan.table_head", number=table.number, where=where, title=title, shape=table.shape
        )
        checked, agreeing = counts.get(table.number, (0, 0))
        if not found:
            if checked:
                said = pesan("laporan.table_all_agree", checked=checked)
            else:
                said = pesan("laporan.table_none_checked")
            lines.append(pesan("laporan.table_no_findings", head=head, said=said))
            continue
        lines.append(
            pesan(
                "laporan.table_findings",
                head=head,
                count=len(found),
                checked=checked,
                agreeing=agreeing,
            )
        )
        for t in found:
            column = f" ({visible(cut(t.column, 40))})" if t.column else ""
            period = f" {t.period}" if t.period else ""
            lines.append(
                f"  {_where(t)} {t.field}{period}{column} [{t.check}]: "
                f"{visible(cut(t.message, 160))}"
            )
    lines.append(pesan("laporan.total", count=len(result.findings), coverage=_coverage(result)))
    return "\n".join(lines)


def report_html(result: HasilAuditLaporan) -> str:
    esc = html.escape
    parts = [f"<p>{esc(_coverage(result))}</p>"]
    by_table: dict[int, list[TemuanLaporan]] = {}
    for t in result.findings:
        by_table.setdefault(t.table, []).append(t)
    headings = "".join(
        f"<th>{esc(pesan(key))}</th>"
        for key in (
            "laporan.th_place",
            "laporan.th_column",
            "laporan.th_printed",
            "laporan.th_expected",
            "laporan.th_message",
        )
    )
    for table in result.tables:
        found = by_table.get(table.number)
        if not found:
            continue
        title = table.caption or pesan("laporan.table_number", number=table.number)
        parts.append(f"<h4>{esc(title)}</h4><table>")
        parts.append(f"<tr>{headings}</tr>")
        for t in found:
            parts.append(
                f"<tr><td>{esc(_where(t))}</td><td>{esc(t.column or t.field)}</td>"
                f"<td>{esc(t.reported or '')}</td><td>{esc(t.expected or '')}</td>"
                f"<td>{esc(t.message)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)
