"""Build the .docx and .pdf fixtures of the three example reports.

Run from the repository root (needs python-docx, and LibreOffice for the PDFs)::

    python tests/data/laporan/build_fixtures.py            # .docx and .pdf
    python tests/data/laporan/build_fixtures.py --no-pdf   # .docx only

For each report text in ``examples/laporan/*.txt`` it writes, beside this script,
``<name>.docx`` built with python-docx and ``<name>.pdf``, that document converted
by LibreOffice headless (``soffice --headless --convert-to pdf``). The files are
committed, so the tests need neither tool's build step, only the readers.

How the text becomes a Word document (the same rule the round-trip test states):

* a line without a tab is a paragraph (a blank line an empty paragraph); ``**…**``
  and ``<b>…</b>`` become bold runs (the marks themselves are not written, so a
  reader gives the text without them; a mark may open on one line and close on a
  later one, as the converter left them);
* each maximal run of table lines (lines holding a tab, with the blank lines that
  fall between two of them) is one Word table; its blank lines are not rows; it has
  as many columns as its widest row (trailing empty cells not counted), shorter rows
  end in empty cells;
* in the first two rows of a table (its header rows), a non-empty cell followed by
  empty cells in the text line is merged across those empty cells (``cell.merge``,
  Word's ``gridSpan``), as a header printed over several columns is in Word.

The page is A4 landscape with 1.5 cm margins (a table too wide for it, even in 5 pt
type, gets an A3 landscape page of its own); tables use the "Table Grid" style (ruled,
so a PDF reader finds their cells), columns as wide as their longest word and 7 pt
type (6 or 5 pt where that does not fit); a row is never broken across pages and
the header rows are kept with the row after them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCES = ROOT / "examples" / "laporan"

MARK = re.compile(r"\*\*|<b>|</b>")
"""The bold marks the converter left: ``**`` toggles, ``<b>``/``</b>`` open/close."""

HEADER_ROWS = 2
"""Header cells are merged across the empty cells after them in this many first rows."""


def blocks(lines: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """The text as ``("p", [line])`` paragraphs and ``("t", rows)`` tables, in order."""
    i, n = 0, len(lines)
    while i < n:
        if "\t" not in lines[i]:
            yield "p", [lines[i]]
            i += 1
            continue
        rows = [lines[i]]
        j = i + 1
        while True:
            k = j
            while k < n and "\t" not in lines[k] and not lines[k].strip():
                k += 1  # blank lines: inside the run only if a table line follows
            if k < n and "\t" in lines[k]:
                rows.append(lines[k])
                j = k + 1
            else:
                break
        yield "t", rows
        i = j


def cells_of(row: str) -> list[str]:
    """A table line's cells, trailing empty cells dropped."""
    cells = row.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def add_text(paragraph: object, text: str, bold: bool) -> bool:
    """Write ``text`` into ``paragraph`` as runs, its marks as bold; return the bold
    state after it (a mark may stay open to a later line)."""
    pos = 0
    for mark in MARK.finditer(text):
        if mark.start() > pos:
            paragraph.add_run(text[pos : mark.start()]).bold = bold or None  # type: ignore[attr-defined]
        bold = (not bold) if mark.group() == "**" else mark.group() == "<b>"
        pos = mark.end()
    if pos < len(text):
        paragraph.add_run(text[pos:]).bold = bold or None  # type: ignore[attr-defined]
    return bold


def build_docx(source: Path, target: Path) -> None:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.shared import Pt

    document = docx.Document()
    page(document.sections[0], PAGES[0])
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Normal"].font.name = "Arial"
    current = PAGES[0]
    document.core_properties.title = source.stem
    lines = source.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's last newline ends its last line, it is no blank line
    bold = False
    for kind, rows in blocks(lines):
        if kind == "p":
            bold = add_text(document.add_paragraph(), rows[0], bold)
            continue
        rows = [r for r in rows if "\t" in r]
        cells = [cells_of(r) for r in rows]
        width = max(max(len(c) for c in cells), 1)
        for paper in PAGES:
            fits, size, widths = column_widths(rows, cells, width, paper)
            if fits:
                break
        if paper != current:
            page(document.add_section(WD_SECTION.NEW_PAGE), paper)
            current = paper
        table = document.add_table(rows=len(rows), cols=width)
        narrow_margins(table)
        table.style = document.styles["Table Grid"]
        table.autofit = False
        for c, column in enumerate(table.columns):
            column.width = Pt(widths[c])
            for cell in column.cells:
                cell.width = Pt(widths[c])
        for r, row_cells in enumerate(cells):
            keep_whole(table.rows[r])
            word_row = table.rows[r].cells
            for c, text in enumerate(row_cells):
                paragraph = word_row[c].paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                if r < HEADER_ROWS:  # a header row is not left alone at a page's foot
                    paragraph.paragraph_format.keep_with_next = True
                bold = add_text(paragraph, text, bold)
                for run in paragraph.runs:
                    run.font.size = Pt(size)
            if r < HEADER_ROWS:
                merge_header(table, r, rows[r], width)
        if current != PAGES[0]:  # back to the usual page after a wide table
            page(document.add_section(WD_SECTION.NEW_PAGE), PAGES[0])
            current = PAGES[0]
    document.save(str(target))


PAGES = ((29.7, 21.0), (42.0, 29.7), (59.4, 42.0), (84.1, 59.4), (118.9, 84.1))
"""The pages, landscape, in cm: A4, then A3 … A0 for a table too wide for A4 in 5 pt
(one table of 001 is 138 columns wide: the converter spread a nested table over a row)."""

LONGEST_WORD = 14.0
"""A column need not be wider than a word of this many ems: a longer "word" (markup
the converter left, ``<th>2021</th><th>2022</th>…``) wraps inside it."""

MARGIN = 1.5
"""The page margins, in cm."""

CELL_PADDING = 2 * 2.0
"""A table cell's left and right margins (2 pt each, set on every table), in points."""

GLYPH = {"upper": 0.72, "lower": 0.56, "digit": 0.56, "other": 0.45}
"""A character's width as a share of the type size (Arial / Liberation Sans, rounded up)."""


def page(section: object, paper: tuple[float, float]) -> None:
    """Lay ``section`` out as the landscape page ``paper`` (cm) with its margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
    section.page_width, section.page_height = Cm(paper[0]), Cm(paper[1])  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))


def narrow_margins(table: object) -> None:
    """Cell margins of 2 pt left and right (``w:tblCellMar``), as dense tables print."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    twips = int(CELL_PADDING / 2 * 20)
    table._tbl.tblPr.append(  # type: ignore[attr-defined]
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{twips}" w:type="dxa"/>'
            f'<w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>'
        )
    )


def em(word: str) -> float:
    """The width of ``word`` in ems (type sizes)."""
    return sum(GLYPH[kind(ch)] for ch in word)


def kind(ch: str) -> str:
    if ch.isupper():
        return "upper"
    if ch.islower():
        return "lower"
    return "digit" if ch.isdigit() else "other"


def column_widths(
    rows: list[str], cells: list[list[str]], width: int, paper: tuple[float, float]
) -> tuple[bool, float, list[float]]:
    """Whether the table fits ``paper``, its type size and column widths (points):
    each column at least as wide as its longest word, the rest of the line shared by
    the columns' text; a smaller type where the longest words do not fit in 7 pt."""
    line = (paper[0] - 2 * MARGIN) / 2.54 * 72
    longest = [0.5] * width
    text = [1] * width
    for r, row_cells in enumerate(cells):
        for c, cell in enumerate(row_cells):
            text[c] += len(cell)
            if r < HEADER_ROWS and merged_from(rows[r], c, width):
                continue  # a merged header's words spread over its columns
            for word in cell.split():
                longest[c] = max(longest[c], min(em(word), LONGEST_WORD))
    for size in (7.0, 6.0, 5.0):
        need = [n * size + CELL_PADDING for n in longest]
        if sum(need) <= line:
            spare = line - sum(need)
            total = sum(text)
            return True, size, [n + spare * t / total for n, t in zip(need, text, strict=True)]
    return False, size, [n * line / sum(need) for n in need]


def merged_from(line: str, c: int, width: int) -> bool:
    """Whether the header cell ``c`` of ``line`` is merged over the columns after it."""
    cells = line.split("\t")[:width]
    return c + 1 < len(cells) and bool(cells[c].strip()) and not cells[c + 1].strip()


def keep_whole(row: object) -> None:
    """Word's "do not break this row across pages" (``w:cantSplit``), so a row's
    text stays on one page, as the text printed it on one line."""
    from docx.oxml import OxmlElement

    tr = row._tr  # type: ignore[attr-defined]
    props = tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def merge_header(table: object, r: int, line: str, width: int) -> None:
    """Merge each non-empty header cell across the empty cells after it in the line."""
    cells_text = line.split("\t")[:width]
    spans = []
    c = 0
    while c < len(cells_text):
        end = c
        if cells_text[c].strip():
            while end + 1 < len(cells_text) and not cells_text[end + 1].strip():
                end += 1
        if end > c:
            spans.append((c, end))
        c = end + 1
    for start, end in spans:
        cells = table.rows[r].cells  # type: ignore[attr-defined]
        cells[start].merge(cells[end])


def build_pdf(docx_path: Path, target_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice is missing: apt-get install -y libreoffice-writer-nogui (or --no-pdf)"
        )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(target_dir),
                str(docx_path),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=600,
        )
    return target_dir / (docx_path.stem + ".pdf")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    args = parser.parse_args(argv)
    for source in sorted(SOURCES.glob("*.txt")):
        docx_path = HERE / (source.stem + ".docx")
        build_docx(source, docx_path)
        print(f"{docx_path.relative_to(ROOT)}: {docx_path.stat().st_size:,} bytes")
        if not args.no_pdf:
            pdf = build_pdf(docx_path, HERE)
            print(f"{pdf.relative_to(ROOT)}: {pdf.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
