"""Where a report's text comes from: every reader gives the same stream of lines.

A report reaches lkjip as text (a PDF converter's or Word's copy: paragraphs and
table rows as lines of tab-separated cells), a ``.docx``, a ``.pdf`` or a
spreadsheet. Each reader turns its source into :class:`SourceLine` objects, in
reading order: a paragraph is a line without tabs, a table row is its cells joined
by tabs (a merged cell's text once, then an empty cell for each column it spans),
so the one table reader (spec §13) reads every source alike, and each finding names
its place in the source the user holds (the line of a text, the page and table of a
``.docx``/``.pdf``, the sheet and cell of an ``.xlsx``).
"""

from __future__ import annotations

import attrs

__all__ = ["SourceLine"]


@attrs.frozen(slots=True)
class SourceLine:
    """One line of a report: its text and where it was printed."""

    text: str
    """A paragraph, or a table row's cells joined by ``\\t``."""
    line: int | None = None
    """1-based line of a text report (``None`` for .docx/.pdf/.xlsx)."""
    page: int | None = None
    """1-based page of a .pdf (``None`` where the source has no pages, as .docx)."""
    table: int | None = None
    """1-based index of the source's own table (.docx/.pdf) this row belongs to."""
    row: int | None = None
    """1-based row within that source table."""
    sheet: str | None = None
    """The sheet of an .xlsx."""
    cell: str | None = None
    """The first cell of the row in an .xlsx (``A7``)."""
