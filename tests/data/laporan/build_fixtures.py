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

The page is A4 landscape with 1.5 cm margins; tables use the "Table Grid" style
(ruled, so a PDF reader finds their cells) in 7 pt type.
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
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)
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
        table = document.add_table(rows=len(rows), cols=width)
        table.style = document.styles["Table Grid"]
        for r, row_cells in enumerate(cells):
            word_row = table.rows[r].cells
            for c, text in enumerate(row_cells):
                paragraph = word_row[c].paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                bold = add_text(paragraph, text, bold)
                for run in paragraph.runs:
                    run.font.size = Pt(7)
            if r < HEADER_ROWS:
                merge_header(table, r, rows[r], width)
    document.save(str(target))


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
