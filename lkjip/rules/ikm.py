"""Nilai IKM: the public satisfaction index (spec §8, §16; PermenPAN-RB 14/2017, unverified).

Each unsur pelayanan is scored 1–4; its NRR (nilai rata-rata) is the mean score of the
respondents. IKM = Σ (NRR × bobot) × 25 with bobot = 1 / the number of unsur, on a
25–100 scale; reports truncate it (``rounding=ROUND_DOWN`` by default). The rule's
figures (the factor 25, the score range, the three places of a printed bobot) are the
cited data file ``lkjip/rules/data/ikm_permenpanrb_14_2017.json``. Its mutu is ``mutu_ikm``.

Reports print the bobot rounded to three places (0,111 for nine unsur), and so print
a lower IKM than the exact mean: both readings are named options (``BobotIKM``).

```pycon
>>> unsur = ["3,24", "3,20", "3,20", "3,92", "3,36", "3,32", "3,32", "3,20", "4,00"]
>>> nilai_ikm(unsur), nilai_ikm(unsur, bobot="tiga_desimal")
(Decimal('85.44'), Decimal('85.35'))
>>> hasil = ikm_survei([[3, 4, 3], [4, 4, 3]])
>>> hasil.nrr, hasil.ikm, str(hasil.mutu), hasil.kinerja
((Decimal('3.50'), Decimal('4.00'), Decimal('3.00')), Decimal('87.50'), 'B', 'Baik')

```
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs

from lkjip._core.context import check_options, multiply, ratio, total
from lkjip._core.pesan import pesan
from lkjip._core.scale import Citation, citation_from_data
from lkjip._core.word import Word
from lkjip.errors import (
    InvalidNumberError,
    InvalidOptionError,
    LKjIPError,
    NotComputableError,
    shown,
)
from lkjip.numbers import figures, items, to_decimal
from lkjip.rules.data import document
from lkjip.rules.scales import MUTU_IKM, MutuIKM, mutu_ikm

__all__ = ["IKM_PERMENPANRB_14_2017", "BobotIKM", "HasilIKM", "ikm_survei", "nilai_ikm"]

_RULE = document("ikm_permenpanrb_14_2017")
IKM_PERMENPANRB_14_2017: Citation = citation_from_data(_RULE)
"""Where the IKM rule comes from (unverified)."""
_FACTOR = Decimal(_RULE["factor"])
_LOW, _HIGH = int(_RULE["score_min"]), int(_RULE["score_max"])
_BOBOT_PLACES = int(_RULE["bobot_places"])
_MAX_RESPONDENTS = 10_000_000  # a survey is hundreds of rows; keeps time and memory bounded


class BobotIKM(Word):
    """How the bobot (1 / number of unsur) enters the IKM (spec §16)."""

    EXACT = "exact"
    """The exact mean of the NRR × 25 (the default)."""
    TIGA_DESIMAL = "tiga_desimal"
    """The bobot rounded half up to three places first (0,111 for nine unsur), as
    reports print it."""


def _bobot(bobot: object) -> BobotIKM:
    try:
        return BobotIKM(bobot)
    except ValueError:
        names = ", ".join(repr(b.value) for b in BobotIKM)
        raise InvalidOptionError(
            pesan("ikm.unknown_bobot", value=shown(bobot), names=names)
        ) from None


def _ikm(
    jumlah_nrr: Decimal,
    unsur: int,
    per: Decimal,
    bobot: BobotIKM,
    places: int | None,
    rounding: str,
) -> Decimal:
    """IKM when Σ NRR = ``jumlah_nrr / per``, in one division, rounded once.

    A survey gives its score totals (``per`` = respondents), a table its NRR (``per`` = 1)."""
    if bobot is BobotIKM.EXACT:
        return ratio(multiply(jumlah_nrr, _FACTOR), multiply(per, Decimal(unsur)), places, rounding)
    weight = ratio(Decimal(1), Decimal(unsur), _BOBOT_PLACES, ROUND_HALF_UP)
    return ratio(multiply(multiply(jumlah_nrr, weight), _FACTOR), per, places, rounding)


def nilai_ikm(
    unsur: Iterable[object],
    *,
    bobot: BobotIKM | str = BobotIKM.EXACT,
    places: int | None = 2,
    rounding: str = ROUND_DOWN,
) -> Decimal:
    """IKM from the unsur NRR (1–4 each): Σ (NRR × bobot) × 25, truncated by default.

    ``bobot="exact"`` (the default) is the exact mean × 25; ``"tiga_desimal"`` rounds
    the bobot to three places first, as reports print it.
    """
    check_options(places, rounding)
    how = _bobot(bobot)
    scores = figures(unsur, pesan("ikm.unsur_score"), "IKM")
    if not scores:
        raise NotComputableError(pesan("ikm.no_unsur"))
    for s in scores:
        if not _LOW <= s <= _HIGH:
            raise NotComputableError(
                pesan("ikm.unsur_outside", value=shown(s), low=_LOW, high=_HIGH)
            )
    return _ikm(total(scores), len(scores), Decimal(1), how, places, rounding)


@attrs.frozen
class HasilIKM:
    """The IKM of a raw survey: the NRR of each unsur, the IKM, its mutu and kinerja."""

    responden: int
    """Number of respondents (rows)."""
    nrr: tuple[Decimal, ...]
    """NRR of each unsur, in the survey's order, rounded like the IKM (``places``,
    ``rounding``); the IKM is computed from the exact score totals, not from these."""
    ikm: Decimal
    bobot: BobotIKM
    mutu: MutuIKM
    """Mutu pelayanan (A–D) on ``MUTU_IKM``."""

    @property
    def kinerja(self) -> str:
        """Kinerja unit pelayanan: Sangat Baik, Baik, Kurang Baik, Tidak Baik."""
        return self.mutu.kinerja


def _score(value: object, row: int, col: int) -> int:
    # (the respondent and unsur are named only in a refusal: this runs for every cell)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise NotComputableError(
            pesan("ikm.score_blank", where=_where(row, col), low=_LOW, high=_HIGH)
        )
    try:
        score = to_decimal(value)
    except InvalidNumberError:
        where = _where(row, col)
        raise InvalidNumberError(
            pesan("ikm.score_not_number", where=where, value=shown(value), low=_LOW, high=_HIGH),
            value,
        ) from None
    except LKjIPError:  # the same refusal again, naming the respondent and the unsur
        try:
            to_decimal(value, pesan("ikm.score_of", where=_where(row, col)))
        except LKjIPError as named:
            raise named from None
        raise
    if score != score.to_integral_value() or not _LOW <= score <= _HIGH:
        where = _where(row, col)
        raise NotComputableError(
            pesan("ikm.score_not_allowed", where=where, value=shown(value), low=_LOW, high=_HIGH)
        )
    return int(score)


def _where(row: int, col: int) -> str:
    return pesan("ikm.where", row=row, col=col)


def ikm_survei(
    responden: Iterable[Iterable[object]],
    *,
    bobot: BobotIKM | str = BobotIKM.EXACT,
    places: int | None = 2,
    rounding: str = ROUND_DOWN,
) -> HasilIKM:
    """IKM from a raw survey: one row per respondent, one score (1–4) per unsur.

    Any number of unsur (the same in every row). A blank, a score outside 1–4, a
    fraction or text is an error naming the respondent and the unsur.
    """
    check_options(places, rounding)
    how = _bobot(bobot)
    rows = items(responden, "ikm_survei", pesan("ikm.respondents"))
    if not rows:
        raise NotComputableError(pesan("ikm.no_respondents"))
    if len(rows) > _MAX_RESPONDENTS:
        raise NotComputableError(pesan("ikm.too_many_respondents", limit=_MAX_RESPONDENTS))
    sums: list[int] = []
    of_scores = pesan("ikm.scores")
    for r, row in enumerate(rows, 1):
        scores = [_score(v, r, c) for c, v in enumerate(items(row, "ikm_survei", of_scores), 1)]
        if r == 1:
            if not scores:
                raise NotComputableError(pesan("ikm.first_no_scores"))
            sums = scores
        elif len(scores) != len(sums):
            raise NotComputableError(
                pesan("ikm.row_length", row=r, count=len(scores), first=len(sums))
            )
        else:
            sums = [a + b for a, b in zip(sums, scores, strict=True)]
    n = Decimal(len(rows))
    ikm = _ikm(Decimal(sum(sums)), len(sums), n, how, places, rounding)
    return HasilIKM(
        responden=len(rows),
        nrr=tuple(ratio(Decimal(s), n, places, rounding) for s in sums),
        ikm=ikm,
        bobot=how,
        mutu=mutu_ikm(_on_scale(ikm, how), scale=MUTU_IKM),
    )


def _on_scale(ikm: Decimal, how: BobotIKM) -> Decimal:
    """The figure ``mutu_ikm`` rates: a three-decimal bobot can carry the IKM past the
    scale's ends (seven unsur of 4: 7 × 4 × 0,143 × 25 = 100,10; three unsur of 1:
    3 × 0,333 × 25 = 24,97), which is then rated as the end it passed (A, D); the IKM
    itself is kept as computed."""
    lo, hi = MUTU_IKM.minimum, MUTU_IKM.maximum
    if how is BobotIKM.TIGA_DESIMAL:
        if hi is not None and ikm > hi:
            return hi
        if lo is not None and ikm < lo:
            return lo
    return ikm
