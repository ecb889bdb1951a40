"""Rating scales as data: bands, the side each threshold belongs to, a citation.

A ``Scale`` lists its bands from the highest down. Each band starts at a
threshold; the scale's ``Boundary`` says which band a value *equal* to a
threshold takes. The last band has no threshold and takes everything below, so a
scale has no gaps and no overlaps by construction: every number in the scale's
range falls in exactly one band.

```pycon
>>> from lkjip.scales import Predikat
>>> lower_bound_reading = Scale(
...     name="Permendagri 86/2017, lower bounds as printed (91/76/66/51)",
...     bands=(
...         Band(Predikat.SANGAT_TINGGI, "91", "91 ≤ 100"),
...         Band(Predikat.TINGGI, "76", "76 ≤ 90"),
...         Band(Predikat.SEDANG, "66", "66 ≤ 75"),
...         Band(Predikat.RENDAH, "51", "51 ≤ 65"),
...         Band(Predikat.SANGAT_RENDAH, None, "≤ 50"),
...     ),
...     boundary=Boundary.TO_UPPER_BAND,
...     citation=Citation("Permendagri No. 86 Tahun 2017", "seed 000 l.905–916", "…"),
... )
>>> lower_bound_reading.classify("90,5")
<Predikat.TINGGI: 'Tinggi'>

```
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from itertools import groupby, pairwise
from typing import Any, Generic, TypeVar

import attrs

from lkjip._core.pesan import pesan
from lkjip.errors import InvalidNumberError, InvalidOptionError, NotComputableError, shown
from lkjip.numbers import to_decimal

__all__ = ["Band", "Boundary", "Citation", "Scale", "citation_from_data", "scale_from_data"]

L = TypeVar("L", bound=Enum)


class Boundary(str, Enum):
    """Which band a value equal to a threshold belongs to."""

    TO_LOWER_BAND = "lower"
    """``> 90`` starts the top band: 90 itself is in the band below."""
    TO_UPPER_BAND = "upper"
    """``≥ 85`` starts the top band: 85 itself is in it."""


def _threshold(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, pesan("skala.threshold"))


def _plain(d: Decimal) -> str:
    return format(d, "f").replace(".", ",")


def _lookup(
    ascending: tuple[Decimal, ...], lo: Decimal | None, hi: Decimal | None, boundary: Boundary
) -> Callable[[Decimal], int]:
    """The band index of a finite value on a scale whose thresholds, from the lowest up,
    are ``ascending``; ``-1`` outside ``lo``…``hi`` (a scale without them skips the test)."""
    bisect = bisect_right if boundary is Boundary.TO_UPPER_BAND else bisect_left
    count = len(ascending)
    # the thresholds below v (a threshold itself with TO_UPPER_BAND) are the bands v is
    # above: it falls in the band above them all (bands run from the highest down)
    if lo is None and hi is None:

        def index(v: Decimal) -> int:
            return count - bisect(ascending, v)

        return index
    low = _BELOW_ALL if lo is None else lo
    high = _ABOVE_ALL if hi is None else hi

    def bounded(v: Decimal) -> int:
        return count - bisect(ascending, v) if low <= v <= high else -1

    return bounded


_BELOW_ALL, _ABOVE_ALL = Decimal("-Infinity"), Decimal("Infinity")


def _bound(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, pesan("skala.bound"))


@attrs.frozen
class Citation:
    """Where a rule comes from: the regulation and the text it was read from."""

    regulation: str
    source: str
    """Where the text was read: seed report and lines."""
    text: str
    """The scale as printed there."""
    verified: bool = True
    """False where the regulation was not seen first-hand (spec: *unverified*)."""
    note: str = ""
    """How the printed text was read (gaps, boundaries)."""
    link: str | None = None
    """Where the regulation can be read (``None``: no link known)."""
    effective: str | None = None
    """When the regulation took effect (``"2017"`` or a date; ``None``: not known)."""
    unit: str = ""
    """What the scale's values are (``"persen (capaian)"``)."""


@attrs.frozen
class Band(Generic[L]):
    """One band: ``label`` for values from ``lower`` up to the next band's threshold."""

    label: L
    lower: Decimal | None = attrs.field(converter=_threshold)
    """The threshold this band starts at; ``None`` for the last (lowest) band."""
    printed: str = ""
    """The band as the source prints it (``"76 ≤ 90"``)."""


@attrs.frozen
class Scale(Generic[L]):
    """A rating scale: bands from the highest down, a boundary rule and a citation."""

    name: str
    bands: tuple[Band[L], ...] = attrs.field()
    boundary: Boundary
    citation: Citation
    minimum: Decimal | None = attrs.field(default=None, converter=_bound)
    """Smallest value the scale is defined for (``None``: unbounded)."""
    maximum: Decimal | None = attrs.field(default=None, converter=_bound)
    """Largest value the scale is defined for (``None``: unbounded)."""
    _ascending: tuple[Decimal, ...] = attrs.field(init=False, repr=False, eq=False)
    """The thresholds from the lowest up, for ``index_of``'s bisection."""
    _index: Callable[[Decimal], int] = attrs.field(init=False, repr=False, eq=False)
    """``index_of`` for a finite value: the one band lookup (see ``indexer``)."""

    @bands.validator
    def _check_bands(
        self, _: attrs.Attribute[tuple[Band[L], ...]], bands: tuple[Band[L], ...]
    ) -> None:
        if not bands:
            raise ValueError(pesan("skala.needs_band"))
        if bands[-1].lower is not None:
            raise ValueError(pesan("skala.last_band_lower"))
        thresholds = [b.lower for b in bands[:-1]]
        if any(t is None for t in thresholds):
            raise ValueError(pesan("skala.only_last_none"))
        if any(a <= b for a, b in pairwise(thresholds)):  # type: ignore[operator]
            raise ValueError(pesan("skala.order"))

    def __attrs_post_init__(self) -> None:
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(pesan("skala.min_above_max"))
        tops = [b.lower for b in self.bands if b.lower is not None]
        if tops and ((lo is not None and tops[-1] < lo) or (hi is not None and tops[0] > hi)):
            raise ValueError(pesan("skala.threshold_outside"))
        ascending = tuple(reversed(tops))
        object.__setattr__(self, "_ascending", ascending)
        object.__setattr__(self, "_index", _lookup(ascending, lo, hi, self.boundary))

    def __reduce__(self) -> tuple[type[Scale[L]], tuple[object, ...]]:
        # pickled as its fields (the CLI's workers get one): the lookup is rebuilt
        fields = (self.name, self.bands, self.boundary, self.citation, self.minimum, self.maximum)
        return type(self), fields

    def classify(self, value: object) -> L:
        """The label of the band ``value`` falls in."""
        return self.band_of(value).label

    __call__ = classify

    def band_of(self, value: object) -> Band[L]:
        """The band ``value`` falls in (text, ``int``, ``float`` or ``Decimal``)."""
        v = to_decimal(value, self.name)
        i = self.index_of(v)
        if i < 0:
            raise NotComputableError(
                pesan(
                    "skala.outside",
                    value=shown(v),
                    name=self.name,
                    low=self.minimum if self.minimum is not None else "-∞",
                    high=self.maximum if self.maximum is not None else "∞",
                )
            )
        return self.bands[i]

    def index_of(self, v: Decimal) -> int:
        """The index in ``bands`` of the band a ``Decimal`` falls in; ``-1`` outside the
        scale's range.

        ```pycon
        >>> from lkjip.scales import ATRIBUT_CAPAIAN
        >>> ATRIBUT_CAPAIAN.index_of(Decimal("85")), ATRIBUT_CAPAIAN.index_of(Decimal("84.99"))
        (0, 1)

        ```
        """
        if not v.is_finite():  # (a NaN compares with a decimal signal, not False)
            raise InvalidNumberError(pesan("skala.not_finite", value=shown(v)), v)
        return self._index(v)

    def indexer(self) -> Callable[[Decimal], int]:
        """``index_of`` for a loop over figures known to be finite ``Decimal`` (a rule's
        results): the same lookup, without the check of the value.

        ```pycon
        >>> from lkjip.scales import ATRIBUT_CAPAIAN
        >>> index = ATRIBUT_CAPAIAN.indexer()
        >>> index(Decimal("85")), index(Decimal("84.99"))
        (0, 1)

        ```
        """
        return self._index

    def rule_of(self, value: object) -> str:
        """The band condition ``value`` meets, in the scale's own terms (``"> 90"``, ``"< 55"``),
        in the language in use.

        ```pycon
        >>> from lkjip import bahasa
        >>> from lkjip.scales import PERMENDAGRI_86_2017, ATRIBUT_CAPAIAN
        >>> with bahasa("id"):
        ...     PERMENDAGRI_86_2017.rule_of(90), ATRIBUT_CAPAIAN.rule_of(30)
        ('> 75 dan ≤ 90', '< 55')
        >>> with bahasa("en"):
        ...     PERMENDAGRI_86_2017.rule_of(90)
        '> 75 and ≤ 90'

        ```
        """
        band = self.band_of(value)
        i = self.bands.index(band)
        to_upper = self.boundary is Boundary.TO_UPPER_BAND
        parts = []
        if band.lower is not None:
            parts.append(("≥ " if to_upper else "> ") + _plain(band.lower))
        if i > 0:
            upper = self.bands[i - 1].lower
            assert upper is not None
            parts.append(("< " if to_upper else "≤ ") + _plain(upper))
        if len(parts) == 2:
            return pesan("skala.and", a=parts[0], b=parts[1])
        return parts[0] if parts else pesan("skala.all_values")

    @property
    def labels(self) -> tuple[L, ...]:
        """The labels from the highest band down."""
        return tuple(b.label for b in self.bands)


def _where(seen: list[Mapping[str, Any]]) -> str:
    """``seen`` lines as one citation: ``"file.txt l.910–916; other.txt l.656"``."""
    parts = []
    for file, entries in groupby(seen, key=lambda e: str(e["file"])):
        lines = [int(e["line"]) for e in entries]
        lo, hi = min(lines), max(lines)
        parts.append(f"{file} l.{lo}" + (f"–{hi}" if hi != lo else ""))
    return "; ".join(parts)


def citation_from_data(doc: Mapping[str, Any]) -> Citation:
    """The ``Citation`` of a checked rule file (``lkjip.rules.data.check``)."""
    seen = doc["seen"]
    return Citation(
        regulation=doc["regulation"],
        source=doc.get("source") or _where(seen),
        text=doc["text"],
        verified=doc["verified"],
        note=doc.get("note", ""),
        link=doc["link"],
        effective=doc["effective"],
        unit=doc["unit"],
    )


def scale_from_data(doc: Mapping[str, Any], labels: type[L]) -> Scale[L]:
    """The ``Scale`` a checked scale file describes, its labels read as ``labels``.

    Every band's ``includes_lower`` must agree (a ``Scale`` has one boundary rule),
    and every label must be one of ``labels``.
    """
    where = pesan("skala.where", name=shown(doc["name"]))
    if doc["labels"] != labels.__name__:
        raise InvalidOptionError(
            pesan(
                "skala.wrong_labels",
                where=where,
                labels=shown(doc["labels"]),
                needed=labels.__name__,
            )
        )
    sides = {b["includes_lower"] for b in doc["bands"] if "includes_lower" in b}
    if len(sides) > 1:
        raise InvalidOptionError(pesan("skala.mixed_sides", where=where))
    known = {str(m.value): m for m in labels}
    for b in doc["bands"]:
        if b["label"] not in known:
            raise InvalidOptionError(
                pesan(
                    "skala.unknown_label",
                    where=where,
                    label=shown(b["label"]),
                    labels=", ".join(sorted(known)),
                )
            )
    try:
        bands = [Band(known[b["label"]], b["lower"], b["printed"]) for b in doc["bands"]]
        return Scale(
            name=doc["name"],
            bands=tuple(bands),
            boundary=Boundary.TO_UPPER_BAND if sides == {True} else Boundary.TO_LOWER_BAND,
            citation=citation_from_data(doc),
            minimum=doc["minimum"],
            maximum=doc["maximum"],
        )
    except (ValueError, TypeError) as exc:  # the Scale's own checks, and a bad threshold
        if isinstance(exc, InvalidOptionError):
            raise
        raise InvalidOptionError(f"{where}: {exc}") from None
