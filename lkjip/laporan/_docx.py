"""Reading a report's ``.docx`` (the ``lkjip[docx]`` extra, python-docx) as source lines.

The body is read in document order, paragraphs and tables interleaved as printed:
a paragraph is one line (``table`` is ``None``); a table row is one line of its cells
joined by ``\\t``, with ``table`` (1-based, in the document) and ``row`` (1-based in
the table). A cell merged across columns (``gridSpan``, or the old ``hMerge``) gives
its text once then an empty cell for each further column; a cell continuing a
vertical merge gives an empty cell; a row starting late (``gridBefore``) starts
with empty cells. Within a cell, its paragraphs, line breaks and tabs become single
spaces, and a table nested in it is flattened into its text. Bold, italics and the
other formatting are not text: a reader gets the words only.

Before python-docx opens it, the file is checked as an ``.xlsx`` is (the zip's
declared sizes against ``XLSX_MAX_BYTES``, ``XLSX_MAX_PART`` for every XML part and
``XLSX_MAX_RATIO``); a damaged file, one that is not a Word document, or a zip bomb
is a ``TableError`` in one line.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import IO, Any

from lkjip._core.extras import require
from lkjip._core.hooks import provide
from lkjip._core.pesan import pesan
from lkjip.laporan._sumber import SourceLine
from lkjip.table.read import TableError
from lkjip.xlsx import _check_zip, _damaged

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_T, _TAB, _PTAB, _BR, _CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_HYPHEN, _TABS = _W + "noBreakHyphen", _W + "tabs"
_IN_PARAGRAPH = str.maketrans({"\n": " ", "\r": " "})
_IN_CELL = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_VAL = _W + "val"
_SECTION = _W + "pPr/" + _W + "sectPr"
_CONTAINERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"})
"""Elements that only wrap block content (content controls, custom XML): read through."""


def _docx() -> Any:
    return require("docx", "docx", pesan("laporan.feature_docx"), package="python-docx")


def _docx_part_read_whole(filename: str) -> bool:
    return filename.endswith((".xml", ".rels"))


def read_docx(source: str | os.PathLike[str] | bytes | IO[bytes]) -> list[SourceLine]:
    """The lines of a ``.docx`` report, paragraphs and table rows in document order.

    ``source`` is a path, the file's bytes, or a seekable binary file object.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        stream: str | os.PathLike[str] | IO[bytes] = io.BytesIO(bytes(source))
        name = pesan("laporan.the_document")
    elif isinstance(source, (str, os.PathLike)):
        stream, name = source, os.fspath(source)
        name = name if isinstance(name, str) else os.fsdecode(name)
    elif callable(getattr(source, "read", None)):
        stream, name = source, pesan("laporan.the_document")
    else:
        raise TableError(pesan("laporan.read_docx_type", type=type(source).__name__))
    docx = _docx()
    what = pesan("laporan.docx_what")  # the format, as the zip checks' messages name it
    _check_zip(stream, name, what=what, read_whole=_docx_part_read_whole)
    try:
        body = docx.Document(stream).element.body
        for fallback in list(body.iter(_MC_FALLBACK)):  # a drawing's second copy of its text
            fallback.getparent().remove(fallback)
        return list(_lines(body))
    except MemoryError:
        raise
    except Exception as exc:  # a damaged part raises anything: XML, key, value errors
        raise _damaged(name, exc, what) from None


def _lines(body: Any) -> Iterator[SourceLine]:
    table = 0
    for element in _blocks(body):
        if element.tag == _P:
            text = _text(element, tab="\t")
            if text or element.find(_SECTION) is None:  # a section break is not a line
                yield SourceLine(text)
        else:
            table += 1
            for number, row in enumerate(_children(element, _TR), 1):
                yield SourceLine("\t".join(_cells(row)), table=table, row=number)


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of ``parent``, through content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` children of ``parent`` (rows of a table, cells of a row), through
    content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _grid(element: Any, prop: str, name: str) -> int:
    """A count such as ``gridSpan`` or ``gridBefore`` (1 or 0 when absent, bounded)."""
    props = element.find(prop)
    found = props.find(_W + name) if props is not None else None
    default = 1 if name == "gridSpan" else 0
    if found is None:
        return default
    try:
        return max(min(int(found.get(_VAL, default)), 1000), default)
    except ValueError:
        return default


def _cells(row: Any) -> list[str]:
    cells = [""] * _grid(row, _W + "trPr", "gridBefore")
    for tc in _children(row, _TC):
        span = _grid(tc, _W + "tcPr", "gridSpan")
        props = tc.find(_W + "tcPr")
        continued = False
        if props is not None:
            for merge in (props.find(_W + "vMerge"), props.find(_W + "hMerge")):
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    continued = True
        cells.append("" if continued else _text(tc, tab=" "))
        cells.extend([""] * (span - 1))
    cells.extend([""] * _grid(row, _W + "trPr", "gridAfter"))
    return cells


def _text(element: Any, *, tab: str) -> str:
    """The words of a paragraph or a cell: each paragraph inside it (a nested table's,
    a text box's) a chunk, the non-empty chunks joined by a space."""
    table = _IN_CELL if tab == " " else _IN_PARAGRAPH
    chunks: list[str] = []
    current: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == _P:
            if current:
                chunks.append("".join(current))
            current = []
        elif tag == _T:
            current.append((node.text or "").translate(table))
        elif tag in (_TAB, _PTAB) and node.getparent().tag != _TABS:  # not a tab stop
            current.append(tab)
        elif tag in (_BR, _CR):
            current.append(" ")
        elif tag == _HYPHEN:
            current.append("-")
    if current:
        chunks.append("".join(current))
    return " ".join(c for c in chunks if c)


provide(read_docx=read_docx)  # lkjip.laporan.read_report reads .docx through this
