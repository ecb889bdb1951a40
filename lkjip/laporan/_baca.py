"""Reading a report's tables as printed (spec §13).

The stream of :class:`SourceLine` a reader gives becomes tables: a run of lines
holding cells (tab-separated), its caption (the ``Tabel 3.2 …`` line above it), its
header rows (a group heading over years, over ``K``/``Rp``, the column-number or
formula row), and its data rows, each with the fields its columns name by the
heading vocabulary (``kosakata.json``), its level (program / kegiatan /
sub-kegiatan from code numbering, words and position; ``Jumlah`` rows) and the line
it was printed on. Nothing here computes a figure: :mod:`lkjip.laporan` hands the
rows to the one audit.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import attrs

from lkjip._core.pesan import pesan
from lkjip.errors import LKjIPError
from lkjip.laporan._sumber import SourceLine
from lkjip.numbers import parse_number
from lkjip.rules.scales import Atribut, KategoriEfisiensi, Predikat
from lkjip.table import fields as _fields
from lkjip.table.fields import Kind, Role
from lkjip.table.model import Level

__all__ = ["Kolom", "Kosakata", "RowRead", "TabelLaporan", "find_tables", "kosakata"]

FIGURES = frozenset(f.name for f in _fields.FIELDS if f.column and f.kind.decimal)
"""Fields whose cells are numbers (the registry's number, money, percent and ratio columns)."""
LABELS = frozenset(
    f.name for f in _fields.FIELDS if f.column and f.role is Role.PRINTED and f.kind is Kind.LABEL
)
"""Fields whose cells are words of a scale (predikat, atribut, kategori efisiensi)."""
OTHER_FIGURES = frozenset({"selisih", "persentase", "bobot", "nilai_akip", "nrr"})
"""Figures of §14 outside the row rules: a year-on-year change, a share of a column's
total, an AKIP component's weight and score."""
OTHER_LABELS = frozenset({"tren", "predikat_akip", "mutu_ikm"})
TEXTS = frozenset({"no", "indikator", "sasaran", "satuan", "keterangan"})

MAX_HEADER_ROWS = 3
MAX_CAPTION_LOOKBACK = 6


@attrs.frozen
class Kosakata:
    """The heading vocabulary: patterns by field, check marks, total and mean labels."""

    headings: tuple[tuple[re.Pattern[str], str], ...]
    check_marks: frozenset[str]
    total_labels: frozenset[str]
    mean_labels: tuple[str, ...]
    ikm_labels: frozenset[str] = frozenset()
    """Labels of the row of an unsur table that prints the IKM."""
    narasi: tuple[re.Pattern[str], ...] = ()
    """Sentences of the narrative that state a computation's inputs and result together,
    as patterns whose named groups are the fields (never a guess beyond them)."""

    def field(self, heading: str) -> str | None:
        for pattern, field in self.headings:
            if pattern.fullmatch(heading):
                return field
        return None

    def extended(self, data: dict[str, Any]) -> Kosakata:
        """This vocabulary with a user's entries (same JSON shape) tried first."""
        extra = _compile(data)
        return attrs.evolve(
            self, headings=extra.headings + self.headings, narasi=extra.narasi + self.narasi
        )


class HeadingsError(LKjIPError):
    """A headings file that cannot be used."""


def _compile(data: dict[str, Any]) -> Kosakata:
    try:
        headings = tuple(
            (re.compile(p), str(entry["field"]))
            for entry in data.get("headings", [])
            for p in entry["patterns"]
        )
        narasi = tuple(
            re.compile(entry["pattern"], re.IGNORECASE) for entry in data.get("narasi", [])
        )
        return Kosakata(
            headings=headings,
            check_marks=frozenset(data.get("check_marks", [])),
            total_labels=frozenset(data.get("total_labels", [])),
            mean_labels=tuple(data.get("mean_labels", [])),
            narasi=narasi,
            ikm_labels=frozenset(data.get("ikm_labels", [])),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise HeadingsError(pesan("laporan.headings_entry", error=exc)) from None


@cache
def kosakata() -> Kosakata:
    """The shipped vocabulary (``lkjip/laporan/kosakata.json``)."""
    text = resources.files(__package__).joinpath("kosakata.json").read_text("utf-8")
    return _compile(json.loads(text))


@attrs.frozen
class Kolom:
    """A column: its heading as printed, the field it names and the year it is for."""

    index: int
    heading: str
    field: str | None
    period: str | None = None
    """The year of a column printed for another year than the report's (``"2022"``)."""


@attrs.frozen
class RowRead:
    """A data row as read: its cells by column, its label, level and place."""

    source: SourceLine
    cells: tuple[str, ...]
    label: str
    level: Level | None
    number: int
    """1-based row of the table (data rows only)."""


@attrs.frozen
class TabelLaporan:
    """A table of the report as read."""

    number: int
    caption: str | None
    first: SourceLine
    columns: tuple[Kolom, ...]
    rows: tuple[RowRead, ...]
    shape: str
    read: bool
    reason: str | None = None
    """Why a table was not read (no heading lkjip knows, no figures)."""
    unknown: tuple[str, ...] = ()
    """Headings of figure columns lkjip does not know (not read)."""
    start: int = -1
    """The index of its first line in the source lines it was found in."""


# --- cells ---------------------------------------------------------------------------

_MARKS = re.compile(r"\*\*|</?b>|</?p>|</?i>|</?strong>", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CODE = re.compile(r"^(?:(?P<roman>[IVX]{1,5})|(?P<num>\d{1,3}(?:\.\d{1,3}){0,3}))[.)]?$")
_CODE_PREFIX = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})[.)]?\s+(?P<rest>\D.*)$")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?(?:\s*=\s*[\d()+\-*/x×:%\s.,]+)?$")
_UNIT_ONLY = re.compile(r"^(?:rp\.?|%|rp\.?\s*-?|idr)$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def clean(cell: str) -> str:
    """A cell without the marks a converter leaves (``**``, ``<b>``), spaces collapsed."""
    return " ".join(_MARKS.sub(" ", cell).split())


def number_of(cell: str) -> str | None:
    """The number a cell prints, as text to read (``None``: not a number).

    A cell holding two numbers side by side (two rows merged by the converter,
    ``"30 30"``) gives its first.
    """
    text = cell.strip()
    if not text or not _DIGIT.search(text):
        return None
    try:
        parse_number(text)
        parts = text.split()
        if len(parts) > 1 and all(_plain_number(p) for p in parts):
            if any(len(p) != 3 for p in parts[1:]):
                return parts[0]
        return text
    except (LKjIPError, ArithmeticError, ValueError):
        pass
    parts = text.split()
    if len(parts) > 1 and all(_plain_number(p) for p in parts):
        return parts[0]
    return text if _looks_numeric(text) else None


def _plain_number(text: str) -> bool:
    try:
        parse_number(text)
    except (LKjIPError, ArithmeticError, ValueError):
        return False
    return True


_NUMERIC_CHARS = re.compile(r"^[Rp.\s]*[-+]?[\d.,\s]+%?[,\-]*$")


def _looks_numeric(text: str) -> bool:
    """A cell meant as a number even if it cannot be read (``9.054.048,938,00``)."""
    return bool(_NUMERIC_CHARS.match(text))


_FIGURE_LIKE = re.compile(r"^(?:Rp\.?\s*)?\d{1,3}(?:[.,]\d{1,3}){2,}(?:,-)?$")


def unreadable_figure(cell: str) -> str | None:
    """Why a cell printed as a grouped figure (``1.77.984.000,00``, ``9.054.048,938,00``)
    cannot be read, or ``None`` (a readable number, or no such figure)."""
    text = clean(cell)
    if not _FIGURE_LIKE.match(text):
        return None
    try:
        parse_number(text)
    except LKjIPError as exc:
        return str(exc)
    except (ArithmeticError, ValueError):
        return pesan("laporan.not_a_number")
    return None


def _is_nil(cell: str) -> bool:
    return cell.strip() in {"-", "–", "—", "--"}


# --- tables --------------------------------------------------------------------------


def find_tables(lines: Sequence[SourceLine], vocab: Kosakata | None = None) -> list[TabelLaporan]:
    """Every table of a report, in order, read as printed."""
    vocab = vocab or kosakata()
    year = _report_year(lines)
    tables: list[TabelLaporan] = []
    for start, run in _runs(lines):
        caption = _caption(lines, start)
        table = _read(len(tables) + 1, caption, run, vocab, year)
        tables.append(attrs.evolve(table, start=start))
    return tables


def _is_table_line(line: SourceLine) -> bool:
    return "\t" in line.text and any(c.strip() for c in line.text.split("\t"))


def _runs(lines: Sequence[SourceLine]) -> Iterable[tuple[int, list[SourceLine]]]:
    """Runs of table lines (blank lines inside a run kept out; a source table starts
    a new run)."""
    run: list[SourceLine] = []
    start = 0
    repeat = False  # inside the header a continued table prints again on its new page
    for i, line in enumerate(lines):
        if _is_table_line(line):
            if run and line.table is not None and run[-1].table != line.table:
                if _continues(run, lines[i - 1], line):
                    repeat = _cells(line) == _cells(run[0])
                else:
                    yield start, run
                    run = []
            if repeat:
                if _cells(line) in [_cells(r) for r in run[:MAX_HEADER_ROWS]]:
                    continue  # the header repeated after a page break (§13)
                repeat = False
            if run and lines[i - 1] is not run[-1] and _new_shape(run, line):
                yield start, run  # after blank lines, rows of another width: another table
                run = []
            if not run:
                start = i
            run.append(line)
        elif line.text.strip() and run:
            yield start, run
            run = []
    if run:
        yield start, run


def _new_shape(run: list[SourceLine], line: SourceLine) -> bool:
    widths = sorted(len(r.text.split("\t")) for r in run[-5:])
    width = len(line.text.split("\t"))
    return abs(width - widths[len(widths) // 2]) > max(2, width // 3)


def _continues(run: list[SourceLine], before: SourceLine, line: SourceLine) -> bool:
    """A table of a .pdf that goes on at the top of the next page (its rows directly
    after the last row of the table above, the header printed again or not)."""
    last = run[-1]
    if before is not last or last.page is None or line.page != last.page + 1:
        return False
    cells = _cells(line)
    if cells == _cells(run[0]):
        return True
    widths = {len(_cells(r)) for r in run[-3:]}
    return not _is_header_row(cells, True) and abs(len(cells) - max(widths)) <= 1


_CAPTION = re.compile(r"^\W*(tabel|table)\s+[\dIVX]", re.IGNORECASE)


def _caption(lines: Sequence[SourceLine], start: int) -> str | None:
    """The ``Tabel …`` caption above a table (with its title line), else the nearest
    short line above it."""
    above: list[str] = []
    for line in reversed(lines[max(0, start - MAX_CAPTION_LOOKBACK) : start]):
        if _is_table_line(line):
            break
        text = clean(line.text)
        if text:
            above.append(text)
    above.reverse()
    for i, text in enumerate(above):
        if _CAPTION.match(text):
            return " ".join(above[i : i + 2])[:200]
    if above and len(above[-1]) <= 200:
        return above[-1]
    return None


def _report_year(lines: Sequence[SourceLine]) -> str | None:
    counts = Counter(m.group() for line in lines[:400] for m in _YEAR.finditer(line.text))
    return counts.most_common(1)[0][0] if counts else None


def _cells(line: SourceLine) -> list[str]:
    cells = [clean(c) for c in line.text.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_header_row(cells: list[str], first: bool) -> bool:
    """Headings only: no figure but years, column numbers or a formula."""
    filled = [c for c in cells if c]
    if not filled:
        return False
    if _is_numbering(cells):
        return True
    for c in filled:
        if number_of(c) is not None and not _YEAR.fullmatch(c):
            return False
    return True


def _is_numbering(cells: list[str]) -> bool:
    """A row of column numbers (``1 2 3``, ``(1) (2)``, ``6=3-4``)."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(_NUMBERING.match(c) for c in filled)


def _normal(heading: str) -> str:
    text = heading.lower().replace("/", " ").replace("s.d", "sd").replace("s/d", "sd")
    text = re.sub(r"[^\w%=*+\-/ ]", " ", text.replace("*", " * "))
    text = text.replace(" * ", "*")
    return " ".join(text.split())


def _read(
    number: int,
    caption: str | None,
    run: list[SourceLine],
    vocab: Kosakata,
    year: str | None,
) -> TabelLaporan:
    rows = [(line, _cells(line)) for line in run]
    header: list[list[str]] = []
    formula: list[str] = []
    body = 0
    for _line, cells in rows[: MAX_HEADER_ROWS + 1]:
        if _is_numbering(cells) and header:
            formula = cells
            body += 1
            break
        if len(header) < MAX_HEADER_ROWS and _is_header_row(cells, not header):
            header.append(cells)
            body += 1
        else:
            break
    width = max((len(c) for _, c in rows), default=0)
    if header:
        width = max(len(h) for h in [*header, formula])
    columns = _columns(header, formula, width, vocab, year)
    data = rows[body:]
    columns = _by_content(columns, [c for _, c in data], vocab)
    known = [c for c in columns if _is_figure_column(c) and c.field != "jumlah"]
    unknown = tuple(
        c.heading
        for c in columns
        if c.field is None and c.heading and _numeric_share(data, c.index) > 0.5
    )
    shape = pesan("laporan.shape", rows=len(data), columns=width)
    if len(header) == 1:
        shape += pesan("laporan.shape_header_row")
    elif header:
        shape += pesan("laporan.shape_header_rows", count=len(header))
    if formula:
        shape += pesan("laporan.shape_number_row")
    if not known:
        if header:
            reason = pesan("laporan.table_no_known_heading")
        else:
            reason = pesan("laporan.table_no_header")
        if not header and data and _numeric_share(data, width - 1) > 0.5:
            columns = tuple(
                attrs.evolve(c, field="jumlah") if _numeric_share(data, c.index) > 0.5 else c
                for c in columns
            )
            read_rows = _rows(data, columns, vocab)
            if any(r.level is Level.JUMLAH and r.label for r in read_rows):
                # a list of amounts under a "Jumlah" (Belanja Operasi, Belanja Modal, Jumlah)
                return TabelLaporan(number, caption, run[0], columns, read_rows, shape, True)
            reason = pesan("laporan.table_no_header_no_total")
        return TabelLaporan(number, caption, run[0], columns, (), shape, False, reason, unknown)
    read_rows = _rows(data, columns, vocab)
    return TabelLaporan(number, caption, run[0], columns, read_rows, shape, True, None, unknown)


def _numeric_share(data: list[tuple[SourceLine, list[str]]], index: int) -> float:
    values = [c[index] for _, c in data if index < len(c) and c[index]]
    if not values:
        return 0.0
    return sum(number_of(v) is not None for v in values) / len(values)


def _columns(
    header: list[list[str]],
    formula: list[str],
    width: int,
    vocab: Kosakata,
    year: str | None,
) -> tuple[Kolom, ...]:
    """Each column's heading: its group heading (spanning the empty cells to its
    right where the next header row has sub-headings) before its own."""
    parts: list[list[str]] = [[] for _ in range(width)]
    for depth, row in enumerate(header):
        below = header[depth + 1] if depth + 1 < len(header) else None
        group = ""
        for i in range(width):
            cell = row[i] if i < len(row) else ""
            if cell:
                group = cell
                parts[i].append(cell)
            elif group and (below is None or (i < len(below) and below[i])):
                parts[i].append(group)
            else:
                group = ""
    columns = []
    for i in range(width):
        printed = " / ".join(dict.fromkeys(parts[i]))
        rule = formula[i] if i < len(formula) and "=" in formula[i] else ""
        columns.append(_column(i, printed, rule, vocab, year))
    return _percent_by_context(_by_unit(tuple(columns), parts))


def _percent_by_context(columns: tuple[Kolom, ...]) -> tuple[Kolom, ...]:
    """A column headed only ``%`` is the share of the column before it: penyerapan
    after a realisasi anggaran, capaian after a realisasi (spec §13)."""
    out = list(columns)
    for i, c in enumerate(out):
        if c.field == "realisasi" and i and out[i - 1].field == "pagu" and c.period is None:
            out[i] = c = attrs.evolve(c, field="realisasi_anggaran")  # beside its pagu
        if c.field is None and _normal(c.heading.split(" / ")[-1]) == "%" and i:
            before = out[i - 1].field
            field = {"realisasi_anggaran": "penyerapan", "realisasi": "capaian"}.get(
                before or "", "persentase" if before in ("jumlah", "pagu", "target") else None
            )
            if field is not None:
                out[i] = attrs.evolve(c, field=field)
    return tuple(out)


def _column(i: int, printed: str, rule: str, vocab: Kosakata, year: str | None) -> Kolom:
    years = _YEAR.findall(printed)
    period = years[-1] if years else None
    if period is not None and period == year:
        period = None
    parts = [_heading_text(p) for p in printed.split(" / ")]
    parts = [p for p in parts if p]
    whole = " ".join(parts)
    tries = []
    if rule:
        tries.append(f"{whole} {_normal(rule)}")
    tries += [whole, _UNITS.sub(" ", whole)]
    if len(parts) > 1:
        tries += [parts[-1], _UNITS.sub(" ", parts[-1]), parts[0]]
    field = None
    for text in tries:
        field = vocab.field(" ".join(text.split()))
        if field is not None:
            break
    return Kolom(i, printed, field, period)


_UNITS = re.compile(r"(?:^|\s)(?:rp|rupiah|%|k)(?=\s|$)")


def _heading_text(part: str) -> str:
    text = _normal(_YEAR.sub(" ", part))
    return re.sub(r"\b(tahun|th|thn|pada|pada tahun)$", "", text).strip()


_MONEY = re.compile(r"\b(rp|rupiah)\b", re.IGNORECASE)


def _by_unit(columns: tuple[Kolom, ...], parts: list[list[str]]) -> tuple[Kolom, ...]:
    """A target/realisasi/capaian group printed in Rupiah is the budget's pagu,
    realisasi and penyerapan; a 'tingkat efisiensi' beside Rupiah columns is the
    share saved (§13 'Ambiguous words')."""
    money = {c.index for c in columns if _MONEY.search(c.heading)}
    if not money:
        return columns
    groups = {i: (parts[i][0] if len(parts[i]) > 1 else None) for i in range(len(parts))}
    money_groups = {groups[i] for i in money if groups[i]}
    swap = {"target": "pagu", "realisasi": "realisasi_anggaran", "capaian": "penyerapan"}
    out = []
    for c in columns:
        field = c.field
        in_money_group = groups.get(c.index) in money_groups and groups.get(c.index)
        if field in swap and (c.index in money or in_money_group):
            field = swap[field]
        elif field == "tingkat_efisiensi" and c.index in money:
            field = "sisa"
        elif field == "tingkat_efisiensi" and in_money_group:
            field = "efisiensi_anggaran"
        out.append(attrs.evolve(c, field=field))
    return tuple(out)


_LABEL_WORDS: dict[str, str] = {
    **{str(p).casefold(): "predikat" for p in Predikat},
    **{str(a).casefold(): "atribut" for a in Atribut},
    **{str(k).casefold(): "kategori_efisiensi" for k in KategoriEfisiensi},
    "efisiensi": "kategori_efisiensi",
    "tidak efisien": "kategori_efisiensi",
    "sangat efisien": "kategori_efisiensi",
    **dict.fromkeys(("naik", "turun", "tetap", "meningkat", "menurun"), "tren"),
}


def _by_content(
    columns: tuple[Kolom, ...], data: list[list[str]], vocab: Kosakata
) -> tuple[Kolom, ...]:
    """Columns whose cells are a scale's words hold that label (a 'Predikat' heading
    over 'Sangat Berhasil' holds the atribut); check-mark columns headed by the
    atribut words print the atribut."""
    out = []
    for c in columns:
        values = [row[c.index] for row in data if c.index < len(row) and row[c.index]]
        words = {_LABEL_WORDS.get(v.casefold()) for v in values if not _is_nil(v)}
        field = c.field
        if words and None not in words and len(words) == 1:
            field = words.pop()
        elif (
            c.heading.casefold() in _LABEL_WORDS
            and values
            and all(v in vocab.check_marks for v in values)
        ):
            field = "centang:" + c.heading
        elif field in LABELS and values and all(number_of(v) is not None for v in values):
            field = None  # a 'kategori' heading over numbers is not a label
        out.append(attrs.evolve(c, field=field))
    return tuple(out)


# --- rows ----------------------------------------------------------------------------


def _align(cells: list[str], columns: tuple[Kolom, ...]) -> list[str]:
    """A row's cells under the header's columns: as printed, or with its figures
    aligned from the right when that fits the columns better (a row with an indented
    code or a label split over two cells has more cells than the header)."""
    width = len(columns)
    positional = (cells + [""] * width)[:width] if len(cells) <= width else None
    first = next((c.index for c in columns if _is_figure_column(c)), width)
    tail = width - first
    right = None
    if 0 < tail <= len(cells) and len(cells) != width:
        head, figures = cells[: len(cells) - tail], cells[len(cells) - tail :]
        if len(head) > first and first:
            head = [*head[: first - 1], " ".join(h for h in head[first - 1 :] if h)]
        right = (head + [""] * first)[:first] + figures
    if positional is None:
        return right if right is not None else cells[:width]
    if right is None:
        return positional
    return right if _fit(right, columns) > _fit(positional, columns) else positional


def _fit(cells: list[str], columns: tuple[Kolom, ...]) -> int:
    """How well cells fall under columns: figures under figure columns, text under text."""
    score = 0
    for c, cell in zip(columns, cells, strict=False):
        if not cell:
            continue
        numeric = number_of(cell) is not None or _is_nil(cell)
        if c.field in FIGURES or c.field in OTHER_FIGURES or c.field == "jumlah":
            score += 1 if numeric else -2
        elif _is_figure_column(c):  # a label or check-mark column
            short = len(cell) <= 2 and not cell.isdigit()
            score += 1 if _is_nil(cell) or _label(cell) or short else -2
        elif c.field in TEXTS or c.field is None:
            score += -2 if numeric and len(cells) > 1 and c.field != "no" else 0
    return score


def _is_figure_column(c: Kolom) -> bool:
    return (
        c.field in FIGURES
        or c.field in LABELS
        or c.field in OTHER_FIGURES
        or c.field in OTHER_LABELS
        or c.field == "jumlah"
        or bool(c.field and c.field.startswith("centang:"))
    )


def _rows(
    data: list[tuple[SourceLine, list[str]]], columns: tuple[Kolom, ...], vocab: Kosakata
) -> tuple[RowRead, ...]:
    figure_cols = [c.index for c in columns if _is_figure_column(c)]
    text_cols = [c.index for c in columns if not _is_figure_column(c)]
    read: list[tuple[SourceLine, list[str]]] = []
    pending: list[str] | None = None  # a coded row whose figures wrapped to the next line
    for line, raw in data:
        if not any(_DIGIT.search(c) or c in vocab.check_marks for c in raw) and not any(
            c for c in raw if c.strip("-–— ")
        ):
            continue  # a rule of dashes, an empty row
        cells = _align(raw, columns)
        has_figure = any(
            cells[i] and (number_of(cells[i]) is not None or _is_nil(cells[i]) or _label(cells[i]))
            for i in figure_cols
            if i < len(cells)
        )
        marks = any(cells[i] in vocab.check_marks for i in figure_cols if i < len(cells))
        if not has_figure and read and not _starts_code(cells, text_cols):
            # a wrapped cell: its text (and a check mark) belongs to the row above
            prev_line, prev = read[-1]
            merged = list(prev)
            for i, cell in enumerate(cells):
                if not cell:
                    continue
                if i in text_cols and merged[i]:
                    merged[i] = f"{merged[i]} {cell}"
                elif not merged[i]:
                    merged[i] = cell
            read[-1] = (prev_line, merged)
            continue
        if not has_figure and not marks:
            # a heading row inside the table (a sasaran, an "Indikator Program:"), or a
            # coded row whose figures are printed on the next line
            pending = cells if _starts_code(cells, text_cols) else None
            continue
        if pending is not None and not _starts_code(cells, text_cols):
            cells = [
                f"{p} {c}".strip() if i in text_cols else (c or p)
                for i, (p, c) in enumerate(zip(pending, cells, strict=False))
            ] + cells[len(pending) :]
        pending = None
        read.append((line, cells))
    return tuple(_levels(read, columns, text_cols, vocab))


def _label(cell: str) -> bool:
    return cell.casefold() in _LABEL_WORDS


def _starts_code(cells: list[str], text_cols: list[int]) -> bool:
    for i in text_cols:
        if i < len(cells) and cells[i]:
            return bool(_CODE.match(cells[i]) or _CODE_PREFIX.match(cells[i]))
    return False


_PROGRAM = re.compile(r"^(?:program\s*:?\s*)?-?\s*program\b", re.IGNORECASE)
_KEGIATAN = re.compile(r"^(?:kegiatan\s*:?\s*)?kegiatan\b", re.IGNORECASE)
_SUB = re.compile(r"^sub\s*-?\s*kegiatan\b", re.IGNORECASE)
_NOT_TREE = re.compile(r"^(tujuan|sasaran|indikator|misi|visi)\b", re.IGNORECASE)


def _levels(
    rows: list[tuple[SourceLine, list[str]]],
    columns: tuple[Kolom, ...],
    text_cols: list[int],
    vocab: Kosakata,
) -> Iterable[RowRead]:
    """Each row's level: totals by label; program, kegiatan and sub-kegiatan by the
    words they start with, their code numbering (``1``, ``1.1``, ``I``) and, where
    the numbering leaves it open, their indentation."""
    in_program = False
    keg: tuple[int, int] | None = None  # (code, indent) of the open kegiatan
    sub: int | None = None  # code of the last sub-kegiatan under it
    money_cols = [
        c.index for c in columns if c.field in ("pagu", "realisasi_anggaran", "sisa", "jumlah")
    ]
    pagu_col = next(
        (c.index for c in columns if c.field in ("pagu", "jumlah") and c.period is None),
        next((c.index for c in columns if c.field == "target" and c.period is None), None),
    )
    programs: dict[str, str] = {}  # the pagu printed for each program read so far
    keg_pagu: Any = None  # the open kegiatan's pagu, and what its sub-kegiatan take of it
    subs_pagu: Any = 0
    coded = [_code_label(cells, text_cols)[0] for _, cells in rows]
    parents = {c.split(".")[0] for c in coded if c and "." in c and c.split(".")[0].isdigit()}
    for n, (line, cells) in enumerate(rows, start=1):
        code, label, indent = _code_label(cells, text_cols)
        amount = _value(cells[pagu_col]) if pagu_col is not None and pagu_col < len(cells) else None
        key = " ".join(label.casefold().replace("-", " ").split())
        squeezed = key.replace(" ", "")
        level: Level | None = None
        if any(m in key for m in vocab.mean_labels):
            level = Level.RATA_RATA
        elif (
            key in vocab.total_labels
            or squeezed in {t.replace(" ", "") for t in vocab.total_labels}
            or (not label and code is None and _is_blank_total(rows, n - 1, money_cols))
        ):
            level = Level.JUMLAH
            in_program, keg, sub = False, None, None
        elif _SUB.match(label):
            level = Level.SUB_KEGIATAN
        elif (
            _PROGRAM.match(label)
            or (code and code.isupper() and code.isalpha())
            or _names_program(cells, text_cols)
        ):
            level = Level.PROGRAM
            in_program, keg, sub = True, None, None
        elif code is not None and code in parents and not _not_parent_of_next(code, coded[n:]):
            level = Level.PROGRAM  # "1." over "1.1", "1.2": numbering makes it the parent
            in_program, keg, sub = True, None, None
        elif _KEGIATAN.match(label):
            level = Level.KEGIATAN
            keg, sub = (_int(code), indent), None
        elif _NOT_TREE.match(label):
            level = None
        elif code is not None and "." in code and in_program:
            level = Level.KEGIATAN if code.count(".") == 1 else Level.SUB_KEGIATAN
        elif in_program and code is not None and code.isdigit():
            room = keg_pagu is None or amount is None or subs_pagu + amount <= keg_pagu
            level, keg, sub = _by_numbering(int(code), indent, keg, sub, room)
        elif in_program and code is None and label:
            level = Level.KEGIATAN if keg is None or sub is None else Level.SUB_KEGIATAN
            if level is Level.KEGIATAN:
                keg = (0, indent)
        if level is Level.PROGRAM and pagu_col is not None:
            name, printed = _program_name(cells, text_cols), cells[pagu_col]
            if name and name in programs and printed in ("", programs[name]):
                level = None  # the same program printed again beside its next indicator
            else:
                programs.setdefault(name, printed)
        if level is Level.KEGIATAN:
            keg_pagu, subs_pagu = amount, 0
        elif level is Level.SUB_KEGIATAN and amount is not None:
            subs_pagu += amount
        elif level is not None:
            keg_pagu, subs_pagu = None, 0
        yield RowRead(line, tuple(cells), label, level, n)


def _not_parent_of_next(code: str, after: list[str | None]) -> bool:
    """Whether the row right after a plain ``code`` is not one of its children."""
    nxt = after[0] if after else None
    return nxt is None or not nxt.startswith(code + ".")


def _names_program(cells: list[str], text_cols: list[int]) -> bool:
    """A later text cell names a program (a sasaran row printing its program beside it)."""
    later = [cells[i] for i in text_cols if i < len(cells) and cells[i]][1:]
    return any(_PROGRAM.match(_CODE_PREFIX.sub(r"\g<rest>", c)) for c in later)


def _program_name(cells: list[str], text_cols: list[int]) -> str:
    for i in text_cols:
        text = _CODE_PREFIX.sub(r"\g<rest>", cells[i]) if i < len(cells) else ""
        if _PROGRAM.match(text):
            return text.casefold()
    return ""


def _by_numbering(
    code: int, indent: int, keg: tuple[int, int] | None, sub: int | None, room: bool
) -> tuple[Level, tuple[int, int] | None, int | None]:
    """A plain number under a program: the next kegiatan or the next sub-kegiatan,
    by which numbering it continues; where it continues both (or neither), by
    whether the open kegiatan's pagu still has room for it, then by indentation."""
    if keg is None:
        return Level.KEGIATAN, (code, indent), None
    as_sub = code == (sub + 1 if sub is not None else 1)
    as_keg = code == keg[0] + 1
    if as_sub and not as_keg:
        return Level.SUB_KEGIATAN, keg, code
    if as_keg and not as_sub:
        return Level.KEGIATAN, (code, indent), None
    if as_sub and room:
        return Level.SUB_KEGIATAN, keg, code
    if not room or indent <= keg[1]:
        return Level.KEGIATAN, (code, indent), None
    return Level.SUB_KEGIATAN, keg, code


def _int(code: str | None) -> int:
    return int(code) if code and code.isdigit() else 0


def _code_label(cells: list[str], text_cols: list[int]) -> tuple[str | None, str, int]:
    """The row's code (``1``, ``1.1``, ``II``), its label and the indent of its first cell."""
    texts = [
        (i, cells[i])
        for i in text_cols
        if i < len(cells) and cells[i] and not _UNIT_ONLY.match(cells[i]) and cells[i] != ":"
    ]
    if not texts:
        return None, "", 0
    indent = texts[0][0]
    first = texts[0][1]
    m = _CODE.match(first)
    if m:
        code = m.group("roman") or m.group("num")
        return code, " ".join(t for _, t in texts[1:]), indent
    m = _CODE_PREFIX.match(first)
    if m:
        rest = [m.group("rest")] + [t for _, t in texts[1:]]
        return m.group("num"), " ".join(rest), indent
    return None, " ".join(t for _, t in texts), indent


def _is_blank_total(
    rows: list[tuple[SourceLine, list[str]]], at: int, money_cols: list[int]
) -> bool:
    """A row with no label is a total when it is the table's last and each of its
    figures is at least every figure above it in that column (a sum of parts)."""
    if at != len(rows) - 1 or at < 2:
        return False
    cells = rows[at][1]
    seen = False
    for i in money_cols:
        if i >= len(cells) or not cells[i] or _is_nil(cells[i]):
            continue
        value = _value(cells[i])
        if value is None:
            return False
        above = [_value(r[1][i]) for r in rows[:at] if i < len(r[1]) and r[1][i]]
        if any(v is not None and v > value for v in above):
            return False
        seen = True
    return seen


def _value(cell: str) -> Any:
    text = number_of(cell)
    if text is None:
        return None
    try:
        return parse_number(text)
    except (LKjIPError, ArithmeticError, ValueError):
        return None
