"""Auditing a report as it is published (spec §13–14).

``audit_report`` reads a whole report — its text (``.txt``/``.md``, as a PDF
converter or Word's copy gives it), a ``.docx`` or a ``.pdf`` — finds every table,
reads each as printed (``_baca``) and runs the one audit (:func:`lkjip.audit`) over
its rows, once per year the table prints. Every finding names its place in the
report, and the result says what was checked (coverage), so "no findings" always
comes with the count of figures it covers.

```pycon
>>> report = '''Tabel 2.3 Capaian Kinerja
... No\\tIndikator Kinerja\\tTarget\\tRealisasi\\tCapaian
... 1\\tIndeks Kepuasan Masyarakat\\t87\\t87\\t87
... '''
>>> result = audit_report(report)
>>> for t in result.findings:
...     print(t.line, t.field, t.reported, t.expected)
3 capaian 87 100
>>> result.figures_checked, result.figures_agreeing
(1, 0)

```
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from lkjip._core.hooks import provided
from lkjip._core.pesan import bahasa, pesan
from lkjip.errors import LKjIPError
from lkjip.laporan import _tampil
from lkjip.laporan._baca import (
    FIGURES,
    LABELS,
    Kolom,
    Kosakata,
    RowRead,
    TabelLaporan,
    find_tables,
    kosakata,
)
from lkjip.laporan._sumber import SourceLine
from lkjip.numbers import plain, to_decimal
from lkjip.table.audit import FIELDS as _audit_fields
from lkjip.table.audit import Temuan, audit
from lkjip.table.display import number_text
from lkjip.table.evaluasi import OPSI
from lkjip.table.fields import COLUMNS, FIELDS, MONEY, Role
from lkjip.table.model import Level, Opsi
from lkjip.table.read import Baris, TableError

__all__ = [
    "HasilAuditLaporan",
    "SourceLine",
    "TabelLaporan",
    "TemuanLaporan",
    "TidakDiperiksa",
    "audit_report",
    "read_report",
    "report_lines",
]

REPORT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
"""File names ``lkjip audit`` reads as a whole report (others are lkjip tables)."""

MAX_REPORT_BYTES = 64 * 1024 * 1024
"""A report text larger than this is refused (the seed reports are ≈150 KB)."""


@attrs.frozen
class TemuanLaporan:
    """A finding in a report: where it was printed, what was printed, what follows."""

    table: int
    caption: str | None
    row: int
    column: str | None
    field: str
    check: str
    reported: str | None
    expected: str | None
    message: str
    line: int | None = None
    page: int | None = None
    source_table: int | None = None
    sheet: str | None = None
    cell: str | None = None
    period: str | None = None

    @property
    def place(self) -> dict[str, object]:
        return _place(self)


@attrs.frozen
class TidakDiperiksa:
    """A printed figure the audit did not check, and why."""

    table: int
    row: int
    field: str
    reason: str
    line: int | None = None
    page: int | None = None
    period: str | None = None


@attrs.frozen
class HasilAuditLaporan:
    """The audit of a whole report: findings, the tables read, and what was checked."""

    findings: tuple[TemuanLaporan, ...]
    tables: tuple[TabelLaporan, ...]
    figures_checked: int
    figures_agreeing: int
    not_checked: tuple[TidakDiperiksa, ...]
    by_table: tuple[tuple[int, int, int], ...] = ()
    """(table, figures checked, figures agreeing) of every table read."""
    lang: str | None = None
    """The language its messages were written in (``"id"``, ``"en"``): its text and HTML
    are written in it too (``None``: the language in use when they are written)."""

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def tables_read(self) -> int:
        return sum(t.read for t in self.tables)

    def __str__(self) -> str:
        with bahasa(self.lang):
            return _tampil.report_text(self)

    def _repr_html_(self) -> str:
        with bahasa(self.lang):
            return _tampil.report_html(self)


def _place(t: TemuanLaporan | TidakDiperiksa) -> dict[str, object]:
    place: dict[str, object] = {}
    for key in ("line", "page", "sheet", "cell"):
        value = getattr(t, key, None)
        if value is not None:
            place[key] = value
    return place


# --- reading -------------------------------------------------------------------------


def report_lines(text: str) -> list[SourceLine]:
    """A report's text as source lines (1-based line numbers)."""
    return [SourceLine(line, line=n) for n, line in enumerate(text.split("\n"), start=1)]


SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx")
"""Tables ``lkjip audit`` reads as printed when their header is the report's own (a
header in lkjip's columns is read as an lkjip table)."""


def sheet_lines(path: str | os.PathLike[str], *, sheet: str | None = None) -> list[SourceLine]:
    """A spreadsheet (CSV, TSV, .xlsx) exported from a report, as its source lines."""
    import csv
    import io

    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        return list(provided("sheet_lines")(p, sheet=sheet))
    text = report_lines_text(p)
    first = text.split("\n", 1)[0]
    delimiter = (
        "\t"
        if p.suffix.lower() == ".tsv" or "\t" in first
        else (";" if first.count(";") > first.count(",") else ",")
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [
            SourceLine("\t".join(" ".join(c.replace("\t", " ").split()) for c in row), line=n)
            for n, row in enumerate(reader, start=1)
        ]
    except csv.Error as exc:
        raise TableError(
            pesan("laporan.sheet_unreadable", name=p.name, delimiter=repr(delimiter), error=exc)
        ) from None


def is_report(path: str) -> bool:
    """Whether ``lkjip audit`` reads this file as a whole report."""
    return path.lower().endswith(REPORT_SUFFIXES)


def read_report(
    source: str | os.PathLike[str],
    *,
    max_pages: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[SourceLine]:
    """The lines of a report file (``.txt``, ``.md``, ``.docx``, ``.pdf``) or of a text."""
    if isinstance(source, str) and ("\n" in source or not source.lower().endswith(REPORT_SUFFIXES)):
        if "\n" in source or not Path(source).exists():
            return report_lines(source)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".pdf":  # lkjip.laporan._pdf, an integration module, provides the reader
        lines = []
        page = 0
        for line in provided("read_pdf")(path, max_pages=max_pages):
            if progress is not None and line.page is not None and line.page != page:
                page = line.page
                progress(page)
            lines.append(line)
        return lines
    if suffix == ".docx":
        return list(provided("read_docx")(path))
    return report_lines(report_lines_text(path))


def report_lines_text(path: Path) -> str:
    """A report text file's text: UTF-8 (a BOM allowed), bounded, line ends made ``\\n``."""
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise TableError(
                pesan(
                    "laporan.report_too_large",
                    name=path.name,
                    size=f"{size:,}",
                    limit=f"{MAX_REPORT_BYTES:,}",
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(
            pesan("laporan.report_unreadable", name=path.name, why=exc.strerror or exc)
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(pesan("laporan.report_not_utf8", name=path.name, byte=exc.start)) from None
    if "\x00" in text:
        raise TableError(pesan("laporan.report_has_nul", name=path.name))
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- auditing ------------------------------------------------------------------------

_COLUMNS = frozenset(COLUMNS)
_INPUTS = {
    name: figures
    for name in ("pagu", "realisasi_anggaran", "target", "realisasi", "target_akhir")
    if (figures := tuple(f.name for f in FIELDS if f.role is Role.PRINTED and name in f.inputs))
}
"""The printed figures each input is read into (the registry's ``inputs``)."""
_SUMMED = MONEY
_IN_ORDER = tuple(f for f in _audit_fields if f in FIGURES | LABELS)
"""The figures of a row in the order the audit lists its findings."""
_MONEY = frozenset({*_SUMMED, "jumlah"})
_NIL = frozenset({"-", "–", "—", "--"})


def audit_report(
    source: str | os.PathLike[str] | Sequence[SourceLine],
    opsi: Opsi = OPSI,
    *,
    headings: Kosakata | None = None,
    max_pages: int | None = None,
    progress: Callable[[int], None] | None = None,
    ikm_bobot: str | None = None,
    lang: str | None = None,
) -> HasilAuditLaporan:
    """Audit a whole report: a path (``.txt``, ``.md``, ``.docx``, ``.pdf``), its text,
    or the source lines a reader gave; ``progress`` is told each page of a .pdf read.
    An IKM printed from an unsur table agrees with the exact mean (spec §16); with
    ``ikm_bobot="tiga_desimal"`` the rounded-bobot figure reports print is accepted too.
    ``lang`` (``"id"``, ``"en"``; ``None``: the language in use, spec §18) is the
    language of its messages, its coverage reasons and its text."""
    with bahasa(lang) as chosen:
        return _audit_report(source, opsi, headings, max_pages, progress, ikm_bobot, chosen.value)


def _audit_report(
    source: str | os.PathLike[str] | Sequence[SourceLine],
    opsi: Opsi,
    headings: Kosakata | None,
    max_pages: int | None,
    progress: Callable[[int], None] | None,
    ikm_bobot: str | None,
    lang: str,
) -> HasilAuditLaporan:
    if isinstance(source, (str, os.PathLike)):
        lines = read_report(source, max_pages=max_pages, progress=progress)
    else:
        lines = list(source)
    tables = find_tables(lines, headings or kosakata())
    findings: list[TemuanLaporan] = []
    not_checked: list[TidakDiperiksa] = []
    vocab = headings or kosakata()
    checked, agreeing = _audit_narasi(lines, vocab, opsi, findings)
    c, a = _audit_grade_rows(lines, tables, opsi, findings)
    checked += c
    agreeing += a
    by_table = []
    for table in tables:
        if not table.read:
            continue
        c, a = _audit_table(table, opsi, findings, not_checked, ikm_bobot)
        checked += c
        agreeing += a
        by_table.append((table.number, c, a))
    _unreadable_cells(tables, lines, findings)
    findings.sort(key=lambda t: (t.page or 0, t.line or 0))  # in reading order (stable)
    return HasilAuditLaporan(
        findings=tuple(findings),
        tables=tuple(tables),
        figures_checked=checked,
        figures_agreeing=agreeing,
        not_checked=tuple(not_checked),
        by_table=tuple(by_table),
        lang=lang,
    )


def _unreadable_cells(
    tables: Sequence[TabelLaporan], lines: Sequence[SourceLine], findings: list[TemuanLaporan]
) -> None:
    """A cell printed as a figure that no reading of §1 makes a number
    (``1.77.984.000,00``) is said even where its column is not read (field ``angka``)."""
    from lkjip.laporan._baca import unreadable_figure

    said = {(t.line, t.page, t.source_table, t.reported) for t in findings}
    seen: set[int] = set()
    for table in tables:
        if table.start < 0:
            continue
        for n, line in enumerate(lines[table.start : table.start + MAX_UNREAD_ROWS], start=1):
            if "\t" not in line.text and line.text.strip():
                break
            if id(line) in seen:
                continue
            seen.add(id(line))
            for cell in line.text.split("\t"):
                problem = unreadable_figure(cell)
                printed = " ".join(cell.split())
                if problem is None or (line.line, line.page, line.table, printed) in said:
                    continue
                message = pesan("laporan.figure_unreadable", printed=repr(printed), problem=problem)
                note = _Said(printed, None, message)
                row = RowRead(line, (), "", None, n)
                findings.append(_finding(table, row, [], "angka", "unreadable", note, None))
                said.add((line.line, line.page, line.table, printed))


MAX_UNREAD_ROWS = 2_000
"""Rows of a table lkjip cannot read that are searched for unreadable figures."""


def _audit_grade_rows(
    lines: Sequence[SourceLine],
    tables: Sequence[TabelLaporan],
    opsi: Opsi,
    findings: list[TemuanLaporan],
) -> tuple[int, int]:
    """A row of predikat words printed under a row of percentages (an E.81 form's
    "TOTAL RATA-RATA CAPAIAN … / PREDIKAT KINERJA" rows): each word is the predikat of
    the percentage above it, paired in order from the right (Setda l.1535–1536)."""
    from lkjip.numbers import to_decimal
    from lkjip.rules.scales import Predikat
    from lkjip.table.audit import FAILS

    words = {str(p).casefold() for p in Predikat}
    starts = [(t.start, t) for t in tables]
    checked = agreeing = 0
    for i in range(1, len(lines)):
        below = [c.strip() for c in lines[i].text.split("\t") if c.strip()]
        if not below or "\t" not in lines[i].text or any(c.casefold() not in words for c in below):
            continue
        above = [c.strip() for c in lines[i - 1].text.split("\t") if c.strip()]
        figures = above[-len(below) :]
        if len(figures) < len(below) or not all(f.endswith("%") for f in figures):
            continue
        table = max((st for st in starts if st[0] <= i), key=lambda st: st[0], default=None)
        for printed, figure in zip(below, figures, strict=True):
            try:
                expected = str(opsi.skala.classify(to_decimal(figure)))
            except FAILS:
                continue
            checked += 1
            if printed.casefold() == expected.casefold():
                agreeing += 1
                continue
            findings.append(
                TemuanLaporan(
                    table=table[1].number if table else 0,
                    caption=table[1].caption if table else None,
                    row=1,
                    column=None,
                    field="predikat",
                    check="label",
                    reported=printed,
                    expected=expected,
                    message=pesan(
                        "laporan.grade_row_predikat",
                        printed=repr(printed),
                        figure=figure,
                        expected=expected,
                    ),
                    line=lines[i].line,
                    page=lines[i].page,
                    source_table=lines[i].table,
                )
            )
    return checked, agreeing


MAX_SENTENCE_LINE = 20_000
"""A paragraph longer than this (characters) is not searched for stated computations."""


def _audit_narasi(
    lines: Sequence[SourceLine], vocab: Kosakata, opsi: Opsi, findings: list[TemuanLaporan]
) -> tuple[int, int]:
    """Sentences that state a computation's inputs and its result together (the
    vocabulary's ``narasi`` patterns), each audited as a one-row table: ``check``
    ``narasi``, ``table_index`` 0."""
    checked = agreeing = 0
    number = 0
    for line in lines:
        text = line.text
        if "\t" in text or len(text) > MAX_SENTENCE_LINE or not vocab.narasi:
            continue
        plain_text = " ".join(text.replace("**", " ").replace("*", " ").split())
        for pattern in vocab.narasi:
            for m in pattern.finditer(plain_text):
                nilai = {k: v for k, v in m.groupdict().items() if v is not None}
                number += 1
                result = audit([Baris(nomor=1, nilai=dict(nilai))], opsi)
                found = {t.field for t in result.findings}
                checked += len(result.checked)
                agreeing += len({f for _, f in result.checked} - found)
                for t in result.findings:
                    findings.append(
                        TemuanLaporan(
                            table=0,
                            caption=None,
                            row=number,
                            column=None,
                            field=t.field,
                            check="narasi",
                            reported=t.reported,
                            expected=t.expected,
                            message=t.message,
                            line=line.line,
                            page=line.page,
                        )
                    )
    return checked, agreeing


def _as_lkjip(table: TabelLaporan) -> Iterable[tuple[str | None, list[Kolom], list[Baris]]]:
    """A report table as lkjip rows, once for each year it prints figures for: the
    columns of that year (and the text columns), and each row in lkjip's columns."""
    flat = not any(r.level in (Level.PROGRAM, Level.KEGIATAN) for r in table.rows)
    items = flat and any(r.level is Level.JUMLAH for r in table.rows)
    for period in _periods(table) or [None]:
        cols = [c for c in table.columns if c.period == period or c.field not in FIGURES | LABELS]
        yield period, cols, [_baris(r, cols, items) for r in table.rows]


def _periods(table: TabelLaporan) -> list[str | None]:
    seen = dict.fromkeys(c.period for c in table.columns if c.field in FIGURES or c.field in LABELS)
    return sorted(seen, key=lambda p: (p is not None, p or ""))


def _audit_table(
    table: TabelLaporan,
    opsi: Opsi,
    findings: list[TemuanLaporan],
    not_checked: list[TidakDiperiksa],
    ikm_bobot: str | None = None,
) -> tuple[int, int]:
    by_row = {r.number: r for r in table.rows}
    checked = agreeing = 0
    for period, cols, rows in _as_lkjip(table):
        result = audit(rows, opsi)
        found = {(t.row, t.field) for t in result.findings}
        for t in result.findings:
            row = by_row[t.row]
            kind = _kind(t)
            findings.append(_finding(table, row, cols, t.field, kind, t, period))
            if kind == "unreadable":
                findings.extend(_dependents(table, row, cols, t, rows[t.row - 1], period, found))
        sums = _column_sums(table, rows, cols, period, found)
        findings.extend(sums.findings)
        checked += len(result.checked) + sums.checked
        agreeing += len(result.checked - found) + sums.agreeing
        for b in rows:
            row = by_row[b.nomor]
            for field in _IN_ORDER:
                if b.get(field) is None or (b.nomor, field) in result.checked:
                    continue
                if (b.nomor, field) in found or (field in _INPUTS and row.level is None):
                    continue
                if field in ("target", "realisasi", "target_akhir") or (
                    field in _SUMMED and row.level in (None, Level.SUB_KEGIATAN)
                ):
                    continue  # an input, not a printed result
                not_checked.append(
                    TidakDiperiksa(
                        table.number,
                        b.nomor,
                        field,
                        _why(b, field),
                        line=row.source.line,
                        page=row.source.page,
                        period=period,
                    )
                )
    other = _other_figures(table, ikm_bobot)
    findings.extend(other.findings)
    return checked + other.checked, agreeing + other.agreeing


_COUNTED = ("target", "realisasi", "target_akhir")
"""Figures that add up (counts, amounts) besides the budget the audit itself sums."""


@attrs.define
class _Tally:
    findings: list[TemuanLaporan] = attrs.Factory(list)
    checked: int = 0
    agreeing: int = 0


def _column_sums(
    table: TabelLaporan,
    rows: list[Baris],
    cols: list[Kolom],
    period: str | None,
    found: set[tuple[int, str]],
) -> _Tally:
    """A ``Jumlah`` row's other figures (counts, targets, a budget printed under a
    target heading) against the sum of the rows it totals: those at the top level
    of the tree since the last total, or every row of a flat table (§14)."""
    from lkjip._core.context import add
    from lkjip.rules.anggaran import nominal
    from lkjip.table.audit import agrees

    tally = _Tally()
    by_row = {r.number: r for r in table.rows}
    segment: list[Baris] = []
    for b in rows:
        level = by_row[b.nomor].level
        if level is not Level.JUMLAH:
            if level is not Level.RATA_RATA:
                segment.append(b)
            continue
        levelled = [r for r in segment if by_row[r.nomor].level is not None]
        if levelled:
            top = min(by_row[r.nomor].level.depth for r in levelled)  # type: ignore[union-attr]
            parts = [r for r in levelled if by_row[r.nomor].level.depth == top]  # type: ignore[union-attr]
        else:
            parts = segment
        segment = []
        for field in _COUNTED:
            printed = b.get(field)
            values = [r.get(field) for r in parts]
            if printed is None or not parts or any(v is None for v in values):
                continue
            try:
                reported = nominal(printed, field)
                total = Decimal(0)
                for v in values:
                    total = add(total, nominal(v, field))
                ok, expected = agrees(reported, _fixed(total))
            except (LKjIPError, ArithmeticError, TypeError):
                continue
            tally.checked += 1
            if ok:
                tally.agreeing += 1
                continue
            found.add((b.nomor, field))
            said = _Said(
                plain(reported),
                plain(expected),
                pesan(
                    "laporan.column_sum",
                    field=field,
                    printed=printed,
                    rows=len(parts),
                    expected=number_text(expected, places=None),
                ),
            )
            tally.findings.append(
                _finding(table, by_row[b.nomor], cols, field, "sum", said, period)
            )
    return tally


_GRADE = re.compile(
    r"^\s*(?P<n>[\d.,]+)\s*\(\s*(?P<g>[A-D]{1,2})\s*\)\s*$"
    r"|^\s*(?P<g2>[A-D]{1,2})\s*\(\s*(?P<n2>[\d.,]+)\s*\)\s*$"
)
"""A number with a grade, ``70,00 ( B )`` or ``B (70,00)`` (§13): both are checked."""
_UP = frozenset({"naik", "meningkat"})
_DOWN = frozenset({"turun", "menurun"})


def _other_figures(table: TabelLaporan, ikm_bobot: str | None = None) -> _Tally:
    """The figures of §14 outside the row rules, each from the printed cells of its own
    row or column: a share of a column's total (``%`` beside a count), a year-on-year
    selisih and its trend word, an AKIP component's score within its weight, the nilai
    AKIP of a total row and its predikat."""
    from lkjip._core.context import subtract
    from lkjip.rules.agregasi import tren
    from lkjip.rules.scales import predikat_akip
    from lkjip.table.audit import agrees

    tally = _Tally()
    cols = {c.field: c for c in reversed(table.columns) if c.field and c.period is None}
    earlier = {c.field: c for c in table.columns if c.field and c.period is not None}

    def number(row: RowRead, col: Kolom | None) -> Decimal | None:
        if col is None or col.index >= len(row.cells) or not row.cells[col.index]:
            return None
        text = row.cells[col.index]
        m = _GRADE.match(text)
        if m:
            text = m.group("n") or m.group("n2")
        try:
            return to_decimal(text.replace("%", "").strip() or None)
        except (LKjIPError, ArithmeticError, TypeError):
            return None

    def compare(
        row: RowRead, col: Kolom, compute: Callable[[int, str], Decimal], why: Callable[[], str]
    ) -> None:
        reported = number(row, col)
        if reported is None:
            return
        try:
            ok, expected = agrees(reported, compute)
        except (LKjIPError, ArithmeticError):
            return
        note(row, col, ok, plain(reported), plain(expected), why, "formula")

    def note(
        row: RowRead,
        col: Kolom,
        ok: bool,
        reported: str,
        expected: str,
        why: Callable[[], str],
        check: str,
        field: str | None = None,
    ) -> None:
        """Count a comparison; a disagreeing one is a finding (``why`` is called then)."""
        tally.checked += 1
        if ok:
            tally.agreeing += 1
            return
        name = field or str(col.field)
        printed = row.cells[col.index]
        message = pesan(
            "laporan.printed_but", field=name, printed=printed, why=why(), expected=expected
        )
        said = _Said(reported, expected, message)
        found = _finding(table, row, [col], name, check, said, None)
        tally.findings.append(attrs.evolve(found, column=col.heading or None))

    body = [r for r in table.rows if r.level not in (Level.JUMLAH, Level.RATA_RATA)]
    totals = [r for r in table.rows if r.level is Level.JUMLAH]
    share, of = cols.get("persentase"), None
    if share is not None:
        of = next((c for c in table.columns if c.index == share.index - 1), None)
    if share is not None and of is not None:
        whole = number(totals[0], of) if len(totals) == 1 else None
        if whole is None:
            values = [number(r, of) for r in body]
            whole = _exact_sum(values) if all(v is not None for v in values) else None
        for row in table.rows:
            part = number(row, of)
            if whole is None or not whole or part is None:
                continue
            compare(
                row,
                share,
                _share(part, whole),
                _ratio_text(part, whole),
            )
    change = cols.get("selisih")
    for field in ("realisasi", "capaian"):
        now, before = cols.get(field), earlier.get(field)
        if now is not None and before is not None:
            break
    else:
        now = before = None
    for row in body:
        a, b = number(row, now), number(row, before)
        if a is None or b is None:
            continue
        if change is not None:
            diff = subtract(a, b)
            compare(
                row,
                change,
                _fixed(diff),
                _difference_text(a, b),
            )
        word = cols.get("tren")
        if word is not None and word.index < len(row.cells) and row.cells[word.index]:
            printed = row.cells[word.index].casefold()
            expected = str(tren(a, b))
            ok = (
                (printed in _UP and expected == "naik")
                or (printed in _DOWN and expected == "turun")
                or printed == expected
            )
            note(
                row,
                word,
                ok,
                printed,
                expected,
                _trend_text(a, b),
                "label",
            )
    weight, score = cols.get("bobot"), cols.get("nilai_akip")
    if weight is not None and score is not None:
        scores: list[Decimal | None] = []
        for row in body:
            top, v = number(row, weight), number(row, score)
            if top is None or v is None:
                continue
            scores.append(v)
            note(row, score, v <= top, plain(v), plain(top), _within_weight, "formula")
        for row in totals:
            total = number(row, score)
            if total is None or not scores:
                continue
            exact = _exact_sum(scores)
            compare(
                row,
                score,
                _fixed(exact),
                lambda: pesan("laporan.why_component_sum", count=len(scores)),
            )
            label = cols.get("predikat_akip")
            grade = None
            if label is not None and label.index < len(row.cells) and row.cells[label.index]:
                grade = (label, row.cells[label.index].strip())
            else:
                m = _GRADE.match(row.cells[score.index])
                if m:
                    grade = (score, (m.group("g") or m.group("g2")).strip())
            if grade is not None:
                expected = str(predikat_akip(total))
                ok = grade[1].upper() == expected

                def why(total: Decimal = total) -> str:
                    shown = number_text(total, places=None)
                    return pesan("laporan.why_predikat_akip", total=shown)

                note(row, grade[0], ok, grade[1], expected, why, "label", "predikat_akip")
    nrr, mutu = cols.get("nrr"), cols.get("mutu_ikm")
    if nrr is not None:
        _check_ikm(table, nrr, mutu, number, note, ikm_bobot)
    return tally


def _check_ikm(
    table: TabelLaporan,
    nrr: Kolom,
    mutu: Kolom | None,
    number: Callable[[RowRead, Kolom | None], Decimal | None],
    note: Callable[..., None],
    ikm_bobot: str | None,
) -> None:
    """An unsur table: its IKM row against the unsur NRR (§8, §16), and the mutu."""
    from lkjip.laporan._baca import kosakata
    from lkjip.rules.ikm import nilai_ikm
    from lkjip.rules.scales import mutu_ikm
    from lkjip.table.audit import agrees

    labels = kosakata().ikm_labels
    rows = [r for r in table.rows if " ".join(r.label.casefold().split()) in labels]
    unsur = [number(r, nrr) for r in table.rows if r not in rows and r.level is not Level.JUMLAH]
    values = [v for v in unsur if v is not None]
    if not rows or not values:
        return
    for row in rows:
        printed = number(row, nrr)
        if printed is None:
            continue
        try:
            ok, expected = agrees(printed, lambda p, r: nilai_ikm(values, places=p, rounding=r))
            if not ok and ikm_bobot:
                ok = agrees(
                    printed,
                    lambda p, r: nilai_ikm(values, bobot=ikm_bobot, places=p, rounding=r),
                )[0]
            rounded = nilai_ikm(values, bobot="tiga_desimal")
        except (LKjIPError, ArithmeticError):
            continue

        def why(rounded: Decimal = rounded) -> str:
            return pesan("laporan.why_ikm", count=len(values), rounded=str(rounded))

        note(row, nrr, ok, plain(printed), plain(expected), why, "formula", "ikm")
        if mutu is not None and mutu.index < len(row.cells) and row.cells[mutu.index]:
            grade = row.cells[mutu.index].strip()
            want = str(mutu_ikm(printed))
            note(
                row,
                mutu,
                grade.upper() == want.upper(),
                grade,
                want,
                _mutu_text(printed),
                "label",
            )


def _ratio_text(part: Decimal, whole: Decimal) -> Callable[[], str]:
    return lambda: f"{number_text(part, places=None)} / {number_text(whole, places=None)} × 100%"


def _difference_text(a: Decimal, b: Decimal) -> Callable[[], str]:
    return lambda: f"{number_text(a, places=None)} − {number_text(b, places=None)}"


def _trend_text(a: Decimal, b: Decimal) -> Callable[[], str]:
    return lambda: pesan("laporan.why_trend", a=str(a), b=str(b))


def _mutu_text(value: Decimal) -> Callable[[], str]:
    return lambda: pesan("laporan.why_mutu_ikm", value=str(value))


def _within_weight() -> str:
    return pesan("laporan.why_within_weight")


def _exact_sum(values: Iterable[Decimal | None]) -> Decimal:
    """The exact sum (lkjip's context, never the caller's) of the values given."""
    from lkjip._core.context import add

    total = Decimal(0)
    for v in values:
        if v is not None:
            total = add(total, v)
    return total


def _share(part: Decimal, whole: Decimal) -> Callable[[int, str], Decimal]:
    from lkjip._core.context import percent_of

    return lambda places, rounding: percent_of(part, whole, places, rounding)


def _fixed(total: Decimal) -> Callable[[int, str], Decimal]:
    from lkjip._core.context import finish

    return lambda places, rounding: finish(total, places, rounding)


_NEEDS: dict[str, tuple[str, ...]] = {
    "capaian": ("target", "realisasi"),
    "kemajuan": ("target akhir", "realisasi"),
    "penyerapan": ("pagu", "realisasi anggaran"),
    "sisa": ("pagu", "realisasi anggaran"),
    "efisiensi_anggaran": ("pagu", "realisasi anggaran"),
    "tingkat_efisiensi": ("capaian", "penyerapan"),
    "predikat": ("capaian",),
    "atribut": ("capaian",),
    "kategori_efisiensi": ("tingkat efisiensi",),
}
"""The printed inputs each figure is computed from (as a coverage reason names them)."""


def _why(b: Baris, field: str) -> str:
    """Why a printed figure of the row ``b`` was not checked (a coverage reason)."""
    needs = _NEEDS.get(field)
    if needs is None and field in _SUMMED:
        return pesan("laporan.not_checked_no_rows", field=field)
    if needs is None:
        return pesan("laporan.not_checked_no_inputs")
    named = needs[0] if len(needs) == 1 else pesan("laporan.both", a=needs[0], b=needs[1])
    return pesan("laporan.not_checked_needs", needs=named)


def _baris(row: RowRead, cols: Iterable[Kolom], items: bool) -> Baris:
    nilai: dict[str, str | None] = {}
    marks: list[str] = []
    seen: set[str] = set()
    for c in cols:
        cell = row.cells[c.index] if c.index < len(row.cells) else ""
        if c.field is None or c.field in seen:
            continue  # a second column of the same field (a kegiatan's pagu beside its program's)
        if not c.field.startswith("centang:"):
            seen.add(c.field)
        if not cell:
            continue
        if c.field not in _MONEY and cell.strip() in _NIL:
            continue  # "-" is nil in a money column, and no figure elsewhere (§13)
        if c.field.startswith("centang:"):
            marks.append(c.field.split(":", 1)[1])
        elif c.field == "jumlah":
            nilai.setdefault("pagu", cell)
        elif c.field in _COLUMNS and c.field not in nilai:
            nilai[c.field] = cell
    if len(marks) == 1 and "atribut" not in nilai:
        nilai["atribut"] = marks[0]
    level = row.level
    if level is None and items and any(nilai.get(f) for f in _SUMMED):
        level = Level.PROGRAM
    if level is not None:
        nilai["level"] = str(level)
    return Baris(nomor=row.number, nilai=dict(nilai))


def _kind(t: Temuan) -> str:
    """The check of a finding of the row audit (``Temuan.check``; a label's is ``label``)."""
    if t.check == "unreadable":
        return t.check
    if t.field in LABELS:
        return "label"
    return t.check


def _column(cols: Iterable[Kolom], field: str) -> str | None:
    for c in cols:
        if c.field == field or (field == "atribut" and (c.field or "").startswith("centang:")):
            return c.heading or None
    return None


def _finding(
    table: TabelLaporan,
    row: RowRead,
    cols: list[Kolom],
    field: str,
    check: str,
    t: object,
    period: str | None,
) -> TemuanLaporan:
    src = row.source
    return TemuanLaporan(
        table=table.number,
        caption=table.caption,
        row=row.number,
        column=_column(cols, field),
        field=field,
        check=check,
        reported=getattr(t, "reported", None),
        expected=getattr(t, "expected", None),
        message=getattr(t, "message", ""),
        line=src.line,
        page=src.page,
        source_table=src.table,
        sheet=src.sheet,
        cell=src.cell,
        period=period,
    )


@attrs.frozen
class _Said:
    reported: str | None
    expected: str | None
    message: str


def _dependents(
    table: TabelLaporan,
    row: RowRead,
    cols: list[Kolom],
    t: object,
    b: Baris,
    period: str | None,
    found: set[tuple[int, str]],
) -> list[TemuanLaporan]:
    """An unreadable input leaves the printed figures computed from it unchecked:
    each is a finding of its own (check ``unreadable``), naming the input."""
    field = getattr(t, "field", "")
    if getattr(t, "expected", None) is not None or field not in _INPUTS:
        return []
    out = []
    for dep in _INPUTS[field]:
        printed = b.get(dep)
        if printed is None or (row.number, dep) in found:
            continue
        found.add((row.number, dep))
        said = _Said(
            str(printed),
            None,
            pesan(
                "laporan.input_unreadable",
                field=dep,
                printed=printed,
                input=field,
                value=str(b.get(field)),
            ),
        )
        out.append(_finding(table, row, cols, dep, "unreadable", said, period))
    return out


def as_error(exc: BaseException) -> LKjIPError | None:
    return exc if isinstance(exc, LKjIPError) else None


# --- output --------------------------------------------------------------------------

SCHEMA = "lkjip/audit/v2"
FINDING_COLUMNS = (
    "line",
    "page",
    "table_index",
    "table",
    "row",
    "column",
    "field",
    "period",
    "check",
    "reported",
    "expected",
    "message",
)
"""The columns of a finding in CSV and xlsx output (JSON leaves out the empty places)."""


def finding_record(t: TemuanLaporan) -> dict[str, object]:
    """A finding as the ``lkjip/audit/v2`` JSON gives it."""
    record: dict[str, object] = dict(_place(t))
    if t.source_table is not None:
        record["source_table"] = t.source_table
    record.update(
        table_index=t.table,
        table=t.caption,
        row=t.row,
        column=t.column,
        field=t.field,
    )
    if t.period is not None:
        record["period"] = t.period
    record.update(check=t.check, reported=t.reported, expected=t.expected, message=t.message)
    return record


def as_json(result: HasilAuditLaporan, source: str | None = None) -> dict[str, Any]:
    """The ``lkjip/audit/v2`` document of a report audit."""
    not_checked = []
    for n in result.not_checked:
        item: dict[str, object] = dict(_place(n))
        item.update(table_index=n.table, row=n.row, field=n.field)
        if n.period is not None:
            item["period"] = n.period
        item["reason"] = n.reason
        not_checked.append(item)
    tables = []
    for t in result.tables:
        entry: dict[str, object] = {"index": t.number, "caption": t.caption}
        entry.update({k: v for k, v in _place_of(t.first).items()})
        entry.update(shape=t.shape, rows=len(t.rows), read=t.read)
        if t.reason:
            entry["reason"] = t.reason
        if t.unknown:
            entry["unknown_headings"] = list(t.unknown)
        entry["columns"] = [
            {"heading": c.heading, "field": c.field, **({"period": c.period} if c.period else {})}
            for c in t.columns
            if c.heading or c.field
        ]
        tables.append(entry)
    doc: dict[str, Any] = {"schema": SCHEMA}
    if source is not None:
        doc["source"] = os.path.basename(source)
    doc["findings"] = [finding_record(t) for t in result.findings]
    doc["coverage"] = {
        "tables_found": len(result.tables),
        "tables_read": result.tables_read,
        "figures_checked": result.figures_checked,
        "figures_agreeing": result.figures_agreeing,
        "not_checked": not_checked,
    }
    doc["tables"] = tables
    return doc


def _place_of(line: SourceLine) -> dict[str, object]:
    place: dict[str, object] = {}
    for key, name in (("line", "first_line"), ("page", "page"), ("table", "source_table")):
        value = getattr(line, key)
        if value is not None:
            place[name] = value
    return place


def headings_file(path: str | os.PathLike[str]) -> Kosakata:
    """lkjip's heading vocabulary with a user's file of headings (same JSON shape as
    ``lkjip/laporan/kosakata.json``) tried first."""
    import json

    from lkjip.laporan._baca import HeadingsError

    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise HeadingsError(
            pesan("laporan.headings_unreadable", path=path, why=exc.strerror)
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise HeadingsError(pesan("laporan.headings_not_json", path=path, error=exc)) from None
    if not isinstance(data, dict):
        raise HeadingsError(pesan("laporan.headings_not_object", path=path))
    return kosakata().extended(data)


# --- extracting ----------------------------------------------------------------------

EXTRACT_COLUMNS = ("line", *COLUMNS)
"""The columns of an extracted table: the report's line, then lkjip's columns."""


@attrs.frozen
class TabelDiekstrak:
    """A table read from a report, in lkjip's columns, ready to be written as CSV."""

    name: str
    """``tabel-07`` (``tabel-22-2022`` for the columns of another year)."""
    caption: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def extract(result: HasilAuditLaporan) -> list[TabelDiekstrak]:
    """Every table the audit read, as lkjip-column rows (one table per year it prints),
    each with the source line of its row: a misread table can be corrected by hand and
    audited as a CSV (``lkjip audit tabel-07.csv``)."""
    out = []
    for table in result.tables:
        if not table.read:
            continue
        for period, _cols, lkjip_rows in _as_lkjip(table):
            rows = []
            for r, b in zip(table.rows, lkjip_rows, strict=True):
                place = r.source.line if r.source.line is not None else r.source.row
                values = [str(place or "")]
                values += ["" if b.get(c) is None else str(b.get(c)) for c in EXTRACT_COLUMNS[1:]]
                rows.append(tuple(values))
            used = [
                i
                for i, c in enumerate(EXTRACT_COLUMNS)
                if i < 2 or c in ("sasaran", "indikator") or any(row[i] for row in rows)
            ]
            name = f"tabel-{table.number:02d}" + (f"-{period}" if period else "")
            out.append(
                TabelDiekstrak(
                    name,
                    table.caption,
                    tuple(EXTRACT_COLUMNS[i] for i in used),
                    tuple(tuple(row[i] for i in used) for row in rows),
                )
            )
    return out
