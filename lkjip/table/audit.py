"""Auditing a report table: every printed figure that does not follow from its inputs.

Spec §10: a printed figure **agrees** when it equals the exact result rounded to
the printed number of decimals, half-up **or** by truncation. Anything else is a
``Temuan`` (finding): row, field, the printed value, the recomputed value, and
a one-line reason.

Each printed figure is checked against the printed inputs of its own formula:
capaian against target and realisasi; predikat and atribut against the printed
capaian (or the recomputed one where none is printed); tingkat efisiensi against
the printed capaian and penyerapan; a ``program`` or ``jumlah`` row's pagu,
realisasi and sisa against the sum of the rows under it (a ratio of sums for its
penyerapan), and a ``rata_rata`` row's capaian against the mean of the rows above it.

```pycon
>>> from lkjip.table.read import rows_from_dicts
>>> table = rows_from_dicts([
...     {"indikator": "Beasiswa", "target": "30", "realisasi": "30", "capaian": "133%"},
... ])                                                  # seed 004 l.320
>>> for t in audit(table).findings:
...     print(t.row, t.field, t.reported, t.expected, "|", t.message)
1 capaian 133 100 | capaian printed 133% but 30 / 30 × 100% = 100%

```
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from lkjip._core import hooks as _hooks
from lkjip._core.cell import cell_text, number_text
from lkjip._core.context import add, finish, multiply, percent_of, ratio, subtract
from lkjip._core.pesan import bahasa, pesan
from lkjip._core.scale import Scale
from lkjip.errors import InvalidNumberError, LKjIPError
from lkjip.numbers import is_placeholder, plain
from lkjip.rules import anggaran as _anggaran
from lkjip.rules.agregasi import RataRata
from lkjip.table.evaluasi import OPSI, rows_of
from lkjip.table.fields import FIELD, MONEY, PRINTED, Kind, Role
from lkjip.table.fields import FIELDS as _REGISTRY
from lkjip.table.model import Level, Opsi
from lkjip.table.plan import READ, Dibaca, RowPlan, read_cell, reason
from lkjip.table.read import Baris, Cell, Tabel

__all__ = [
    "FAILS",
    "FIELDS",
    "AuditRow",
    "Findings",
    "HasilAudit",
    "Temuan",
    "agrees",
    "audit",
    "check_figure",
    "check_label",
    "exact",
]
"""The audit, and the pieces the other audits (the E.81 table's, a published report's)
check their own figures with: ``AuditRow``, ``Findings``, ``check_figure``,
``check_label``, ``exact``."""

FIELDS: tuple[str, ...] = (
    "row",
    *(f.name for f in _REGISTRY if f.role is Role.INPUT and f.kind is not Kind.TEXT),
    *PRINTED,
)
"""The fields a finding can name, in the order findings of one row are listed."""


@attrs.frozen
class Temuan:
    """A finding: a printed figure (or input) that does not follow, with the reason."""

    row: int
    field: str
    reported: str | None
    """The printed value: a number with a dot decimal point, a label, or the text as printed."""
    expected: str | None
    """What the rules give at the printed precision (``None``: not computable)."""
    message: str
    check: str = "formula"
    """What was checked, whatever the language of ``message``: ``"formula"`` (a figure
    against its inputs), ``"sum"`` (a total against the rows it totals), ``"mean"`` (a
    mean against the capaian above it), ``"unreadable"`` (a cell that is not a number)."""


@attrs.frozen
class HasilAudit:
    """The outcome of an audit: how many rows were read, and the findings in row order."""

    rows: int
    findings: tuple[Temuan, ...]
    checked: frozenset[tuple[int, str]] = frozenset()
    """Every (row, field) whose printed figure or label was compared with the rules."""
    agreeing: int = 0
    """How many of those compared figures agree (the others are findings)."""

    @property
    def ok(self) -> bool:
        return not self.findings

    def __str__(self) -> str:
        return str(_hooks.provided("audit_text")(self))  # lkjip.table.display

    def _repr_html_(self) -> str:
        return str(_hooks.provided("audit_html")(self))


def agrees(reported: Decimal, compute: Callable[[int, str], Decimal]) -> tuple[bool, Decimal]:
    """Whether ``reported`` equals ``compute(places, rounding)`` half-up or truncated at
    its own number of decimals; also returns the half-up figure.

    ```pycon
    >>> from lkjip import kemajuan
    >>> agrees(Decimal("55.55"), lambda p, r: kemajuan(36, 20, places=p, rounding=r))
    (True, Decimal('55.56'))

    ```
    """
    exponent = reported.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    half = compute(places, ROUND_HALF_UP)
    if reported == half:
        return True, half
    return reported == compute(places, ROUND_DOWN), half


def exact(value: Callable[[], Decimal]) -> Callable[[int, str], Decimal]:
    """An exact figure (computed when the check runs, inside its guard) at any precision."""
    return lambda places, rounding: finish(value(), places, rounding)


# What a computation from a row's figures can raise: a rule's refusal, or a decimal
# signal (a figure beyond the range decimal arithmetic keeps). Either becomes a finding.
FAILS = (LKjIPError, ArithmeticError)


_NEEDS_PENYERAPAN = ("tingkat_efisiensi", "kategori_efisiensi")
"""Printed figures that need the row's penyerapan when the row does not print it."""

_UNIT = {"capaian": "%", "kemajuan": "%", "penyerapan": "%", "efisiensi_anggaran": "%"}


def _shown(value: Decimal) -> str:
    return number_text(value, places=None)


class Findings(list[Temuan]):
    """The findings of an audit, and which printed figures were compared."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: set[tuple[int, str]] = set()
        self.agreeing = 0
        self.unreadable: set[tuple[int, str]] = set()
        """The cells (row, column) already reported as unreadable: each is reported once."""

    def compared(self, row: int, field: str, ok: bool) -> None:
        self.checked.add((row, field))
        self.agreeing += ok


class AuditRow:
    """One row's cells as its plan read them (a ``Dibaca``; or a bare ``Baris``, whose
    cells are read here, once each, by ``read_cell``); remembers which cells could not
    be read."""

    def __init__(self, row: Baris | Dibaca, findings: Findings, check: str = "formula") -> None:
        self.dibaca = row if isinstance(row, Dibaca) else None
        self.baris = row.baris if isinstance(row, Dibaca) else row
        self.findings = findings
        self.check = check
        """What this row's findings check (``Temuan.check``), unless a cell is unreadable."""

    def number(self, column: str, *, nil: bool = False) -> Decimal | None:
        """The cell as a number (``None`` if blank, or no figure); an unreadable cell
        becomes a finding.

        A column of the plan reads as its field's kind says (``lkjip.table.plan``: a
        ``-`` is nil in a money column, seed 000 l.1301 prints ``-`` for a sisa of 0,
        and no figure elsewhere, spec §13). Any other column (the E.81 table's) reads
        with ``nil`` saying whether ``-`` is nil.
        """
        cell = (self.baris.nomor, column)
        if cell in self.findings.unreadable:
            return None
        dibaca = self.dibaca
        try:
            if dibaca is not None and column in READ:
                failed = dibaca.gagal.get(column)
                if failed is not None:
                    raise failed
                return dibaca.angka.get(column)
            return read_cell(self.cell(column), column, nil=nil)
        except (*FAILS, TypeError) as exc:
            self.unreadable(column, exc)
            return None

    def unreadable(self, column: str, exc: BaseException, message: str | None = None) -> None:
        """Report the cell of ``column`` as one that cannot be read (once)."""
        self.findings.unreadable.add((self.baris.nomor, column))
        self.note(column, self.given(column), None, message or reason(exc), _unreadable(exc))

    def cell(self, column: str) -> Cell:
        """The cell of ``column`` (the plan's reading of it, if it is a column of the plan)."""
        return self.baris.get(column) if self.dibaca is None else self.dibaca.cell(column)

    def given(self, column: str) -> str | None:
        """The cell as printed, for a finding (a number in plain notation, ``cell_text``)."""
        return cell_text(self.cell(column))

    def attempt(self, field: str, compute: Callable[[], Decimal]) -> Decimal | None:
        """A figure derived from the row's (``compute``), or ``None`` and a finding on
        ``field`` saying why it cannot be computed."""
        try:
            return compute()
        except FAILS as exc:
            self.note(
                field,
                None,
                None,
                pesan("audit.cannot_compute", field=field, reason=reason(exc)),
                _unreadable(exc),
            )
            return None

    def note(
        self,
        field: str,
        reported: str | None,
        expected: str | None,
        message: str,
        check: str | None = None,
    ) -> None:
        """A finding on ``field``; ``check``: what it checks (``None``: the row's own)."""
        found = Temuan(self.baris.nomor, field, reported, expected, message, check or self.check)
        self.findings.append(found)


def _unreadable(exc: BaseException) -> str | None:
    """``"unreadable"`` for a finding made of a cell that cannot be read as a number."""
    return "unreadable" if isinstance(exc, InvalidNumberError) else None


def check_figure(
    row: AuditRow, field: str, compute: Callable[[int, str], Decimal], formula: Callable[[], str]
) -> Decimal | None:
    """Check the printed ``field`` against ``compute``; return the exact-enough figure used."""
    reported = row.number(field, nil=True)
    if reported is None:
        return None
    printed = row.given(field)
    try:
        ok, expected = agrees(reported, compute)
    except FAILS as exc:
        row.findings.compared(row.baris.nomor, field, False)
        row.note(
            field,
            plain(reported),
            None,
            pesan("audit.printed_but_fails", field=field, printed=printed, reason=reason(exc)),
        )
        return None
    row.findings.compared(row.baris.nomor, field, ok)
    if not ok:
        hint = ""
        if field == "tingkat_efisiensi" and _is_hundredfold(reported, expected):
            hint = pesan("audit.hint_ratio_as_percent")
        row.note(
            field,
            plain(reported),
            plain(expected),
            pesan(
                "audit.printed_but_computed",
                field=field,
                printed=printed,
                formula=formula(),
                value=f"{_shown(expected)}{_UNIT.get(field, '')}",
                hint=hint,
            ),
        )
    return reported


def _is_hundredfold(reported: Decimal, expected: Decimal) -> bool:
    try:
        return reported == multiply(expected, _HUNDRED)
    except FAILS:
        return False


_HUNDRED = Decimal(100)


def check_label(row: AuditRow, field: str, expected: str, basis: str | Callable[[], str]) -> None:
    """Check the printed label ``field`` against ``expected``; ``basis`` says what gives it
    (a function: made only for a finding)."""
    printed = row.given(field)
    if printed is None or is_placeholder(printed):
        return  # a `-` prints no label (spec §13: no figure)
    ok = " ".join(printed.split()).casefold() == expected.casefold()
    row.findings.compared(row.baris.nomor, field, ok)
    if not ok:
        shown = printed if len(printed) <= _QUOTED else printed[: _QUOTED - 1] + "…"
        message = pesan(
            "audit.label_differs",
            field=field,
            printed=repr(shown),
            basis=basis if isinstance(basis, str) else basis(),
            expected=expected,
        )
        row.note(field, printed, expected, message)


def _check_band(
    row: AuditRow, field: str, scale: Scale[Any], value: Decimal, what: str, name: str = ""
) -> None:
    """Check the printed label ``field`` against the band of ``value`` (``what``) on
    ``scale``, the scale in use (``Opsi``); a label printed for a value off the scale is a
    finding."""
    if scale.index_of(value) >= 0:
        check_label(
            row,
            field,
            str(scale.classify(value)),
            lambda: pesan("audit.basis_of", name=name or field, what=what),
        )
    elif row.cell(field) is not None and not is_placeholder(row.cell(field)):
        row.note(
            field,
            row.given(field),
            None,
            pesan("audit.outside_scale", field=field, what=what, scale=scale.name),
        )


def _unreadable_inputs(dibaca: Dibaca, field: str, exc: BaseException) -> list[str]:
    """The inputs of ``field`` whose cell ``exc`` says cannot be read as a number (a
    range target the plan reads as no single number, but the rule reads, is not one)."""
    if not isinstance(exc, InvalidNumberError):
        return []
    failed = dibaca.gagal
    inputs = FIELD[field].inputs
    return [i for i in inputs if i in failed and getattr(failed[i], "text", None) == exc.text]


_QUOTED = 60  # characters of a printed label quoted in a message (the finding holds it all)


def _audit_row(
    dibaca: Dibaca, opsi: Opsi, findings: Findings
) -> tuple[Decimal | None, Level | None]:
    """Row-level checks; returns the row's capaian (printed, else recomputed) and level."""
    row = AuditRow(dibaca, findings)
    ind, agg, problems = dibaca.indikator, dibaca.anggaran, dibaca.masalah
    for field, problem in problems:
        failed = dibaca.gagal.get(field)
        if failed is not None:  # a number the table's decimal mark cannot read
            row.unreadable(field, failed, problem)
        else:
            row.note(field, row.given(field) if field != "row" else None, None, problem)

    computed_c = unreadable = None
    if ind is not None and ind.target is not None and ind.realisasi is not None:

        def comp_c(places: int, rounding: str) -> Decimal:
            return ind.hitung_capaian(opsi, places, rounding)

        try:
            computed_c = comp_c(opsi.places, opsi.rounding)
        except (*FAILS, TypeError) as exc:
            unreadable = _unreadable_inputs(dibaca, "capaian", exc)
            for name in unreadable:  # nothing to compute or check capaian by: the
                row.number(name)  # unreadable cell is the finding, at its column (§13)
            if not unreadable and dibaca.get("capaian") is None:
                row.note("capaian", None, None, reason(exc), _unreadable(exc))
        if dibaca.get("capaian") is not None and not unreadable:
            check_figure(
                row,
                "capaian",
                comp_c,
                lambda: ind.perhitungan(opsi).teks(
                    _shown, target=row.given("target"), realisasi=row.given("realisasi")
                ),
            )
    if (
        ind is not None
        and ind.target_akhir is not None
        and ind.realisasi is not None
        and dibaca.get("kemajuan") is not None
    ):
        check_figure(
            row,
            "kemajuan",
            lambda p, r: ind.hitung_kemajuan(opsi, p, r),
            lambda: ind.perhitungan_kemajuan(opsi).teks(
                _shown, target=row.given("target_akhir"), realisasi=row.given("realisasi")
            ),
        )
    printed_c = row.number("capaian")
    c = printed_c if printed_c is not None else computed_c
    basis = f"capaian {_shown(c)}%" if c is not None else ""
    if c is not None:
        _check_band(row, "predikat", opsi.skala, c, basis)
        _check_band(row, "atribut", opsi.skala_atribut, c, basis)

    serap = None
    if agg is not None and agg.pagu is not None and agg.realisasi is not None:
        pagu = row.number("pagu", nil=True)
        real = row.number("realisasi_anggaran", nil=True)
        if pagu is not None and real is not None:
            p_txt, r_txt = row.given("pagu"), row.given("realisasi_anggaran")
            serap = check_figure(
                row,
                "penyerapan",
                lambda p, r: _anggaran.penyerapan(pagu, real, places=p, rounding=r),
                lambda: f"{r_txt} / {p_txt} × 100%",
            )
            check_figure(
                row, "sisa", exact(lambda: subtract(pagu, real)), lambda: f"{p_txt} − {r_txt}"
            )
            check_figure(
                row,
                "efisiensi_anggaran",
                lambda p, r: _anggaran.efisiensi_anggaran(pagu, real, places=p, rounding=r),
                lambda: f"({p_txt} − {r_txt}) / {p_txt} × 100%",
            )
            needed = any(dibaca.get(f) is not None for f in _NEEDS_PENYERAPAN)
            if serap is None and pagu > 0 and needed:
                serap = row.attempt(
                    "penyerapan", lambda: percent_of(real, pagu, None, ROUND_HALF_UP)
                )
    if serap is None:
        serap = row.number("penyerapan", nil=True)

    tingkat = None
    if dibaca.get("tingkat_efisiensi") is not None and c is not None and serap is not None:
        cc, ss = c, serap
        tingkat = check_figure(
            row,
            "tingkat_efisiensi",
            lambda p, r: _anggaran.tingkat_efisiensi(cc, ss, places=p, rounding=r),
            lambda: f"{_shown(cc)}% / {_shown(ss)}%",
        )
    if tingkat is None:
        tingkat = row.number("tingkat_efisiensi")
    needs_tingkat = dibaca.get("kategori_efisiensi") is not None  # (what it is checked for)
    if tingkat is None and needs_tingkat and c is not None and serap is not None and serap > 0:
        cc, ss = c, serap
        tingkat = row.attempt("tingkat_efisiensi", lambda: ratio(cc, ss, None, ROUND_HALF_UP))
    if tingkat is not None:
        _check_band(
            row,
            "kategori_efisiensi",
            opsi.skala_efisiensi,
            tingkat,
            f"tingkat efisiensi {_shown(tingkat)}",
            "kategori",
        )
    for name in dibaca.gagal:  # an unreadable figure is reported, checked or not (§13)
        if FIELD[name].role is Role.PRINTED or FIELD[name].kind is Kind.MONEY:
            row.number(name)
    return c, (agg.level if agg is not None else None)


_SUMMED = MONEY  # the columns a total row sums


class _Sums:
    """Exact running sums of the printed budget columns of some rows."""

    def __init__(self) -> None:
        self.rows = 0
        self.total: dict[str, Decimal | None] = dict.fromkeys(_SUMMED, Decimal(0))

    def add(self, dibaca: Dibaca) -> None:
        self.rows += 1
        for column in _SUMMED:
            acc, value = self.total[column], dibaca.angka.get(column)  # "-" is nil: 0
            if acc is None:
                continue
            if value is None:  # blank or unreadable: this sum is not checked
                self.total[column] = None
                continue
            try:
                self.total[column] = add(acc, value)
            except FAILS:  # too wide: this sum is not checked
                self.total[column] = None


def _is(value: Decimal) -> Callable[[], Decimal]:
    return lambda: value


def _sum_over(column: str, under: Callable[[], str]) -> Callable[[], str]:
    return lambda: pesan("audit.sum_over", column=column, under=under())


def _check_sums(dibaca: Dibaca, sums: _Sums, findings: Findings) -> None:
    """A parent row against the rows under it: sums, and penyerapan as a ratio of sums."""
    if not sums.rows:
        return
    row = AuditRow(dibaca, findings, "sum")
    n = sums.rows

    def under() -> str:
        if n > 1:
            return pesan("audit.rows_totalled", n=n)
        return pesan("audit.rows_totalled_one")

    for column in _SUMMED:
        total = sums.total[column]
        if total is not None and dibaca.get(column) is not None:
            check_figure(row, column, exact(_is(total)), _sum_over(column, under))
    pagu, real = sums.total["pagu"], sums.total["realisasi_anggaran"]
    has_own = dibaca.get("pagu") is not None and dibaca.get("realisasi_anggaran") is not None
    if (
        not has_own
        and pagu
        and real is not None
        and pagu > 0
        and dibaca.get("penyerapan") is not None
    ):
        p, r = pagu, real
        check_figure(
            row,
            "penyerapan",
            lambda places, rounding: _anggaran.penyerapan(p, r, places=places, rounding=rounding),
            lambda: pesan(
                "audit.ratio_of_sums", under=under(), realisasi=_shown(r), pagu=_shown(p)
            ),
        )


class _Means:
    """Capaian of the indicator rows, for checking a ``rata_rata`` row."""

    def __init__(self) -> None:
        self.since_last: list[Decimal | None] = []
        self.by_sasaran: dict[str, list[Decimal | None]] = {}

    def add(self, sasaran: str | None, c: Decimal | None) -> None:
        self.since_last.append(c)
        if sasaran is not None:
            self.by_sasaran.setdefault(sasaran, []).append(c)

    def check(self, dibaca: Dibaca, findings: Findings) -> None:
        sasaran = dibaca.text("sasaran")
        values = self.by_sasaran.get(sasaran, []) if sasaran is not None else self.since_last
        self.since_last = []
        row = AuditRow(dibaca, findings, "mean")
        if not values or dibaca.get("capaian") is None or any(v is None for v in values):
            return
        known = [v for v in values if v is not None]
        reported = row.number("capaian")
        if reported is None:
            return
        printed = row.given("capaian")
        try:
            plain_mean, capped_mean = _mean(known), _mean(known, cap=_HUNDRED)
            ok, mean = agrees(reported, plain_mean)
            ok = ok or agrees(reported, capped_mean)[0]
            findings.compared(dibaca.nomor, "capaian", ok)
            if ok:
                return
            capped_text = _shown(capped_mean(2, ROUND_HALF_UP))
        except FAILS as exc:
            row.note(
                "capaian",
                plain(reported),
                None,
                pesan(
                    "audit.mean_fails",
                    printed=printed,
                    above=pesan("audit.mean_above", n=len(known)),
                    reason=reason(exc),
                ),
            )
            return
        row.note(
            "capaian",
            plain(reported),
            plain(mean),
            pesan(
                "audit.mean_differs",
                printed=printed,
                above=pesan("audit.mean_above", n=len(known)),
                mean=_shown(mean),
                capped=capped_text,
            ),
        )


def _mean(values: list[Decimal], cap: Decimal | None = None) -> Callable[[int, str], Decimal]:
    """The mean of ``values`` (each capped at ``cap``) at any precision (the exact sum is
    taken here: it may fail)."""
    mean = RataRata(cap)
    for v in values:
        mean.add(v)
    return mean.value


def audit(
    rows: Tabel | Iterable[Baris], opsi: Opsi = OPSI, *, lang: str | None = None
) -> HasilAudit:
    """Audit a table; the findings come back in row order, then field order.

    Rows are read once, as they come: memory holds the findings and the open
    program and kegiatan rows, not the table. The findings' messages are in ``lang``
    (``"id"``, ``"en"``; ``None``: the language in use, see ``lkjip.bahasa``).
    """
    with bahasa(lang):
        return _audit(rows, opsi)


def _audit(rows: Tabel | Iterable[Baris], opsi: Opsi) -> HasilAudit:
    findings = Findings()
    count = 0
    stack: list[tuple[Dibaca, int, _Sums]] = []  # open program / kegiatan rows
    segment: dict[int, _Sums] = {}  # rows by depth since the last jumlah row
    pending: Dibaca | None = None  # a jumlah row printed above its rows
    means = _Means()

    def close(depth: int) -> None:
        while stack and stack[-1][1] >= depth:
            parent, _, sums = stack.pop()
            _check_sums(parent, sums, findings)

    def close_segment() -> None:
        nonlocal pending
        if pending is not None and segment:
            _check_sums(pending, segment[min(segment)], findings)
        pending = None
        segment.clear()

    plan = RowPlan.of(rows)
    for baris in rows_of(rows, "audit"):
        count += 1
        dibaca = plan.read(baris)
        c, level = _audit_row(dibaca, opsi, findings)
        if level is Level.RATA_RATA:
            means.check(dibaca, findings)
            continue
        if level is None:
            if dibaca.get("target") is not None or dibaca.get("capaian") is not None:
                means.add(dibaca.text("sasaran"), c)
            continue
        if level is Level.JUMLAH:
            close(0)
            if pending is None and segment:  # the total is printed below its rows
                _check_sums(dibaca, segment[min(segment)], findings)
                segment.clear()
            else:  # printed above its rows: checked when they end
                close_segment()
                pending = dibaca
            continue
        depth = level.depth
        close(depth)
        if stack:
            stack[-1][2].add(dibaca)
        segment.setdefault(depth, _Sums()).add(dibaca)
        if depth < Level.SUB_KEGIATAN.depth:
            stack.append((dibaca, depth, _Sums()))
    close(0)
    close_segment()
    order = {f: i for i, f in enumerate(FIELDS)}
    findings.sort(key=lambda t: (t.row, order.get(t.field, len(order))))
    return HasilAudit(
        rows=count,
        findings=tuple(findings),
        checked=frozenset(findings.checked),
        agreeing=findings.agreeing,
    )
