"""Reading a report's ``.pdf`` (the ``lkjip[pdf]`` extra, pdfplumber) as source lines.

The text layer is read page by page, so a long report costs the memory of one page:
each page's objects are dropped before the next is parsed. On a page, the ruled
tables pdfplumber finds (``page.find_tables()``) give one line per row, its cells
joined by ``\\t`` (a cell spanned by a merged one is empty; a cell's wrapped lines
are joined by a space); the text outside the tables gives the paragraphs, a
paragraph's wrapped lines joined again where the layout says they continue (a full
line followed, at the usual line spacing, by the next). Lines come in top-to-bottom
order, each with its ``page`` (1-based) and, for a table row, ``table`` (1-based in
the document: a table broken over two pages is two tables) and ``row``.

A file that is not a PDF, a damaged one and a password-protected one are each a
``TableError`` in one line; more pages than ``max_pages`` stop the reading with a
``PageLimitError`` saying how many pages were read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from lkjip._core.extras import require
from lkjip._core.hooks import provide
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError, PageLimitError
from lkjip.laporan._sumber import SourceLine
from lkjip.table.read import TableError, cannot_open

__all__ = ["read_pdf"]

_HEADER_WITHIN = 1024
"""A PDF's ``%PDF-`` header must start within its first 1024 bytes (ISO 32000-1 §7.5.2
as readers apply it)."""

_JOIN_GAP = 0.6
"""Two text lines are one paragraph when the gap between them is at most this share
of the first line's height (a blank line, a paragraph's spacing, is more)."""

_FULL_LINE = 0.85
"""... and the first reaches at least this share of the page's text width (a short
line, a heading or a paragraph's last line, ends its paragraph)."""


def _pdfplumber() -> Any:
    pdfplumber = require("pdfplumber", "pdf", pesan("laporan.feature_pdf"))
    for name in ("pdfminer", "pdfplumber"):  # their warnings are not the user's messages
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    return pdfplumber


def read_pdf(path: str | os.PathLike[str], max_pages: int | None = None) -> Iterator[SourceLine]:
    """The lines of a ``.pdf`` report, page by page, in reading order (top to bottom).

    ``max_pages``: read at most this many pages; a document with more raises
    ``PageLimitError`` once they are read (the lines of those pages have been given).
    """
    if max_pages is not None and (
        isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1
    ):
        raise InvalidOptionError(pesan("laporan.max_pages", value=repr(max_pages)))
    if not isinstance(path, (str, os.PathLike)):
        raise TableError(pesan("laporan.read_pdf_type", type=type(path).__name__))
    name = os.fspath(path)
    name = name if isinstance(name, str) else os.fsdecode(name)
    pdfplumber = _pdfplumber()  # the missing extra is said before the file is opened
    return _read(pdfplumber, name, max_pages)


def _read(pdfplumber: Any, name: str, max_pages: int | None) -> Iterator[SourceLine]:
    feature = pesan("laporan.feature_pdf")
    PDFPage = require("pdfminer.pdfpage", "pdf", feature).PDFPage
    Page = require("pdfplumber.page", "pdf", feature).Page

    try:
        handle = open(name, "rb")  # closed in the finally below
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise cannot_open(name, exc) from None
    try:
        if b"%PDF-" not in handle.read(_HEADER_WITHIN):
            raise TableError(pesan("laporan.not_pdf", name=name))
        handle.seek(0)
        try:
            pdf = pdfplumber.PDF(handle, stream_is_external=True)
        except Exception as exc:
            raise _damaged(name, exc) from None
        pages = PDFPage.create_pages(pdf.doc)
        tables = [0]
        doctop = 0.0
        number = 0
        while True:
            try:
                page_obj = next(pages, None)
            except Exception as exc:
                raise _damaged(name, exc, number + 1) from None
            if page_obj is None:
                return
            number += 1
            if max_pages is not None and number > max_pages:
                raise PageLimitError(
                    pesan("laporan.page_limit", name=name, limit=f"{max_pages:,}"),
                    pages_read=max_pages,
                )
            try:
                page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
                try:
                    doctop += float(page.height)
                    lines = _page_lines(page, number, tables)
                finally:
                    page.close()
            except MemoryError:
                raise
            except Exception as exc:
                raise _damaged(name, exc, number) from None
            _forget(pdf)
            yield from lines
    finally:
        handle.close()


def _forget(pdf: Any) -> None:
    """Drop what the parser keeps of the pages already read (its object cache), so
    memory holds one page, not the document; objects are parsed again if needed."""
    doc = getattr(pdf, "doc", None)
    for cache in ("_cached_objs", "_parsed_objs"):
        held = getattr(doc, cache, None)
        if isinstance(held, dict):
            held.clear()


def _damaged(name: str, exc: Exception, page: int | None = None) -> TableError:
    kind = type(exc).__name__
    inner = exc.args[0] if kind == "PdfminerException" and exc.args else exc
    kind = type(inner).__name__ if isinstance(inner, BaseException) else kind
    where = pesan("laporan.on_page", page=page) if page is not None else ""
    if "Password" in kind or "Encryption" in kind:
        return TableError(pesan("laporan.pdf_encrypted", name=name, where=where))
    return TableError(pesan("laporan.pdf_damaged", name=name, where=where, kind=kind))


def _page_lines(page: Any, number: int, tables: list[int]) -> list[SourceLine]:
    """One page's lines, tables and paragraphs in top-to-bottom order."""
    found = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    boxes = [t.bbox for t in found]
    items: list[tuple[float, int, list[SourceLine]]] = []
    for order, table in enumerate(found):
        tables[0] += 1
        rows = [
            SourceLine("\t".join(_cell(c) for c in cells), page=number, table=tables[0], row=r)
            for r, cells in enumerate(table.extract(), 1)
        ]
        items.append((float(table.bbox[1]), order, rows))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text = page.filter(outside) if boxes else page
    lines = [ln for ln in text.extract_text_lines() if ln["text"].strip()]
    for top, paragraph in _paragraphs(lines, boxes):
        items.append((top, len(found), [SourceLine(paragraph, page=number)]))
    items.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, group in items for line in group]


def _cell(value: object) -> str:
    if value is None:
        return ""
    return _joined(str(value).replace("\t", " ").splitlines())


def _joined(parts: Sequence[str]) -> str:
    """Wrapped lines as one: a space between them, none after a word's hyphen
    (``DPA-`` then ``SKPD`` is ``DPA-SKPD``, ``Covid-`` then ``19`` is ``Covid-19``)."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[0].isalnum():
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text


def _paragraphs(
    lines: Sequence[dict[str, Any]], boxes: Sequence[tuple[float, float, float, float]]
) -> Iterator[tuple[float, str]]:
    """The page's text lines joined into paragraphs: a line continues the one above
    when that one is full (reaches near the right edge of the text) and the gap
    between them is a line's spacing, and no table lies between them."""
    if not lines:
        return
    left = min(float(ln["x0"]) for ln in lines)
    right = max(float(ln["x1"]) for ln in lines)
    width = max(right - left, 1.0)
    top = float(lines[0]["top"])
    parts = [lines[0]["text"].strip()]
    previous = lines[0]
    for line in lines[1:]:
        height = max(float(previous["bottom"]) - float(previous["top"]), 1.0)
        gap = float(line["top"]) - float(previous["bottom"])
        full = float(previous["x1"]) - left >= _FULL_LINE * width
        between = any(float(previous["bottom"]) <= b[1] <= float(line["top"]) for b in boxes)
        if full and gap <= _JOIN_GAP * height and not between:
            parts.append(line["text"].strip())
        else:
            yield top, _joined(parts)
            top, parts = float(line["top"]), [line["text"].strip()]
        previous = line
    yield top, _joined(parts)


provide(read_pdf=read_pdf)  # lkjip.laporan.read_report reads .pdf through this
