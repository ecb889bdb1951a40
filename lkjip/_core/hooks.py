"""Calls that go up a layer while every import points down.

lkjip's modules import only from their own layer or a lower one (``tests/test_layers.py``):
the model cannot import the display that prints it, nor ``tabel`` the xlsx module that
reads a workbook. Where a method of a lower object is served by an upper module
(``str(evaluasi)`` by ``lkjip.table.display``, ``read_table("a.xlsx")`` by ``lkjip.xlsx``), the
upper module ``provide``s its function here when it is imported, and the method calls
``provided(name)``. ``lkjip/__init__`` imports every module that provides one, and any
``import lkjip.x`` runs ``lkjip/__init__`` first, so every name is provided before a
method can ask for it. The table is filled once, at import, and never changes after.

```pycon
>>> import lkjip
>>> provided("evaluasi_text").__module__
'lkjip.table.display'

```
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lkjip._core.pesan import pesan

__all__ = ["provide", "provided"]

_PROVIDED: dict[str, Callable[..., Any]] = {}


def provide(**functions: Callable[..., Any]) -> None:
    """Called by an upper module when it is imported: its functions, by the name the
    lower layers call them."""
    _PROVIDED.update(functions)


def provided(name: str) -> Callable[..., Any]:
    """The function an upper module provided as ``name``."""
    try:
        return _PROVIDED[name]
    except KeyError:  # a module of lkjip/__init__'s list is missing: a bug of lkjip
        raise RuntimeError(pesan("inti.not_provided", name=name)) from None
