"""The core: what every layer above stands on, and nothing of lkjip above it.

The private machinery of exact arithmetic (``context``: the private decimal context,
the exact percent, the direction dispatch), labels (``word``), the ``Scale`` type
(``scale``), a cell as read (``cell``), optional packages (``extras``) and the calls
that go up a layer (``hooks``). The public faces of this layer are ``lkjip.numbers``
and ``lkjip.errors``.
"""
