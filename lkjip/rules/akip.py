"""Nilai AKIP: the SAKIP evaluation score (spec §7, §16; unverified).

The score is the sum of the component scores, each out of its weight. The weight
sets are cited data files in ``lkjip/rules/data/``: PermenPAN-RB 88/2021 has four
components (perencanaan 30, pengukuran 30, pelaporan 15, evaluasi 25), PermenPAN-RB
12/2015, which reports up to 2021 print, five (perencanaan 30, pengukuran 25,
pelaporan 15, evaluasi 10, capaian 20). Four scores take 88/2021 and five 12/2015,
or name the set (``bobot="12/2015"``). Its predikat is ``predikat_akip``.

```pycon
>>> nilai_akip(25, "24,5", 11, 15)
Decimal('75.5')
>>> nilai_akip("25,43", "15,31", "9,86", "5,90", "12,63")       # 2020, five aspects
Decimal('69.13')
>>> nilai_akip(31, 0, 0, 0)
Traceback (most recent call last):
    ...
lkjip.errors.NotComputableError: the perencanaan score 31 is outside 0–30 (its weight in PermenPAN-RB 88/2021)

```
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from lkjip._core.context import total
from lkjip._core.pesan import pesan
from lkjip._core.scale import Citation, citation_from_data
from lkjip.errors import InvalidOptionError, InvalidTypeError, NotComputableError, shown
from lkjip.numbers import to_decimal
from lkjip.rules.data import document

__all__ = ["BOBOT_AKIP", "BOBOT_AKIP_SETS", "BobotAKIP", "bobot_akip", "nilai_akip"]


@attrs.frozen
class BobotAKIP:
    """A cited set of AKIP component weights (one data file)."""

    name: str
    """The set's short name, as ``bobot=`` takes it (``"88/2021"``)."""
    komponen: tuple[tuple[str, Decimal], ...]
    """(component, weight) in the order the scores are given."""
    citation: Citation

    @property
    def weights(self) -> Mapping[str, Decimal]:
        """The weights by component name."""
        return MappingProxyType(dict(self.komponen))

    @property
    def regulation(self) -> str:
        """The regulation as messages name it (``"PermenPAN-RB 88/2021"``)."""
        return f"PermenPAN-RB {self.name}"


def _load(name: str) -> BobotAKIP:
    doc = document(name)
    return BobotAKIP(
        name=doc["set"],
        komponen=tuple((c["name"], Decimal(c["weight"])) for c in doc["components"]),
        citation=citation_from_data(doc),
    )


BOBOT_AKIP_SETS: tuple[BobotAKIP, ...] = (
    _load("bobot_akip_permenpanrb_88_2021"),
    _load("bobot_akip_permenpanrb_12_2015"),
)
"""Every AKIP weight set lkjip ships, the default (88/2021) first."""

_BY_NAME = {s.name: s for s in BOBOT_AKIP_SETS}
_BY_COUNT = {len(s.komponen): s for s in BOBOT_AKIP_SETS}

# PermenPAN-RB No. 88 Tahun 2021 (unverified): component weights, by name.
BOBOT_AKIP: Mapping[str, Decimal] = BOBOT_AKIP_SETS[0].weights


def bobot_akip(name: str) -> BobotAKIP:
    """The weight set ``name`` (``"88/2021"``, ``"12/2015"``).

    ```pycon
    >>> dict(bobot_akip("12/2015").weights)["capaian"]
    Decimal('20')

    ```
    """
    if not isinstance(name, str) or name not in _BY_NAME:
        names = ", ".join(repr(n) for n in _BY_NAME)
        raise InvalidOptionError(pesan("akip.unknown_set", value=shown(name), names=names))
    return _BY_NAME[name]


def nilai_akip(*scores: object, bobot: str | BobotAKIP | None = None) -> Decimal:
    """Nilai AKIP: the sum of the component scores, each within 0 and its weight.

    Four scores take PermenPAN-RB 88/2021, five PermenPAN-RB 12/2015; ``bobot``
    names the set (or gives a ``BobotAKIP``) instead.
    """
    if bobot is None:
        chosen = _BY_COUNT.get(len(scores))
        if chosen is None:
            first, *others = (f"{n} ({s.regulation})" for n, s in _BY_COUNT.items())
            for other in others:
                first = pesan("akip.or", a=first, b=other)
            raise InvalidTypeError(pesan("akip.score_count", choices=first, count=len(scores)))
    elif isinstance(bobot, BobotAKIP):
        chosen = bobot
    else:
        chosen = bobot_akip(bobot)
    if len(scores) != len(chosen.komponen):
        raise InvalidTypeError(
            pesan(
                "akip.components",
                regulation=chosen.regulation,
                n=len(chosen.komponen),
                names=", ".join(n for n, _ in chosen.komponen),
                count=len(scores),
            )
        )
    values = []
    for (name, weight), value in zip(chosen.komponen, scores, strict=True):
        score = to_decimal(value, pesan("akip.score", name=name))
        if not 0 <= score <= weight:
            raise NotComputableError(
                pesan(
                    "akip.score_outside",
                    name=name,
                    value=shown(score),
                    weight=weight,
                    regulation=chosen.regulation,
                )
            )
        values.append(score)
    return total(values)
