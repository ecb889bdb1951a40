"""``Word``: the base of every label enum: a ``str`` enum written as its value.

``str(Predikat.SANGAT_TINGGI) == "Sangat Tinggi"``, and the same for every enum whose
members are words a person reads or a program matches (directions, methods, trends,
levels, the field registry's roles and kinds).
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Word"]


class Word(str, Enum):
    """A ``str`` enum whose ``str()`` is its value (not ``ClassName.MEMBER``)."""

    def __str__(self) -> str:
        return str(self.value)
