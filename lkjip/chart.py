"""Charts for an LKjIP (the ``lkjip[chart]`` extra, matplotlib).

* ``plot_capaian``: capaian per indikator as bars against the 100 % line,
  coloured by their band on the predikat scale in use (``Opsi.skala``: Permendagri
  86/2017 unless another is given), the legend naming that scale's labels;
* ``plot_anggaran``: pagu and realisasi per program, with penyerapan.

Both draw off-screen (matplotlib's Agg backend) and save to PNG, SVG or PDF when
given a path; they return the matplotlib figure. A chart stays readable and small:
it shows the first ``CHART_MAX_BARIS`` indicator rows (``CHART_MAX_ANGGARAN`` budget
lines), in input order, and says so on the chart ("60 dari 2.000 baris
ditampilkan") when there are more. Labels and titles are plain text (a ``$`` is a
dollar sign, never matplotlib's mathtext).
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lkjip._core import hooks as _hooks
from lkjip._core.extras import require
from lkjip._core.pesan import pesan
from lkjip.errors import InvalidOptionError
from lkjip.numbers import format_number, format_persen
from lkjip.table.display import cut, visible, warna
from lkjip.table.model import Evaluasi, Level, Opsi

T = TypeVar("T")

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CHART_MAX_ANGGARAN", "CHART_MAX_BARIS", "plot_anggaran", "plot_capaian"]

CHART_MAX_BARIS = 60
"""The most indicator rows a capaian chart shows (the first, in input order)."""

CHART_MAX_ANGGARAN = 30
"""The most budget lines an anggaran chart shows (the first, in input order)."""

_GREY = "#bbbbbb"  # a row with no predikat (no capaian, or one off the scale)
_PLAIN = {"parse_math": False, "usetex": False}  # text as given: no mathtext, no TeX
_FORMATS = ("png", "svg", "pdf")


def _pyplot() -> Any:
    """pyplot, drawing off-screen unless a notebook already chose an inline backend."""
    matplotlib = require("matplotlib", "chart", pesan("chart.feature"))
    backend = str(matplotlib.rcParams["backend"]).lower()
    if not any(word in backend for word in ("inline", "ipympl", "widget")):
        matplotlib.use("Agg")
    return require("matplotlib.pyplot", "chart", pesan("chart.feature"))


def _label(text: str, width: int = 28) -> str:
    """A label of at most three lines, control characters and lone surrogates made
    visible (``display.visible``): nothing a font cannot draw reaches matplotlib."""
    text = visible(" ".join(text[: width * 4].split()))  # three lines need no more than this
    return "\n".join(textwrap.wrap(text, width)[:3]) or "-"


def _take(items: Iterable[T], keep: Callable[[T], bool], most: int) -> tuple[list[T], int]:
    """The first ``most`` items that ``keep``, and how many there are in all."""
    kept = (e for e in items if keep(e))
    first = list(itertools.islice(kept, most))
    return first, len(first) + sum(1 for _ in kept)


def _note(ax: Any, shown: int, total: int) -> None:
    if total > shown:
        ax.set_title(
            pesan("chart.rows_shown", shown=shown, total=f"{total:,}".replace(",", ".")),
            fontsize=8,
            loc="right",
            color="#555555",
            **_PLAIN,
        )


def _drawn(value: float) -> float:
    """A figure as a bar length matplotlib can lay out (finite, within ±1e15)."""
    return max(-1e15, min(1e15, value)) if math.isfinite(value) else 0.0


def _save(fig: Figure, path: str | Path | None) -> None:
    if path is None:
        return
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix and suffix not in _FORMATS:  # no suffix: matplotlib writes a PNG
        raise InvalidOptionError(pesan("chart.save_format", name=repr(cut(Path(path).name, 40))))
    fig.savefig(path, dpi=150, bbox_inches="tight")


def plot_capaian(
    evaluasi: Iterable[Evaluasi], path: str | Path | None = None, *, judul: str | None = None
) -> Figure:
    """Bars of capaian per indikator, coloured by predikat, against the 100 % target line.

    The colours and the legend follow the predikat scale the rows were evaluated with
    (``Opsi.skala``: a band's colour by its position, ``lkjip.table.display.warna``). Rows
    whose capaian could not be computed are listed on the axis with no bar. ``judul``: the
    title (``None``: "Capaian kinerja", in the language in use).
    """
    judul = pesan("chart.title_capaian") if judul is None else judul
    plt = _pyplot()
    with plt.rc_context({"text.usetex": False}):  # whatever the caller set: no TeX
        fig: Figure = _capaian(plt, evaluasi, path, judul)
    return fig


def _capaian(plt: Any, evaluasi: Iterable[Evaluasi], path: str | Path | None, judul: str) -> Any:
    rows, total = _take(
        evaluasi, lambda e: e.indikator is not None or e.capaian_dicetak, CHART_MAX_BARIS
    )
    names = [
        _label((e.indikator.nama if e.indikator else None) or pesan("chart.row", baris=e.baris))
        for e in rows
    ]
    values = [_drawn(float(e.capaian)) if e.capaian is not None else 0.0 for e in rows]
    skala = rows[0].opsi.skala if rows else Opsi().skala
    tints = {str(label): c for label, c in warna(skala).items()}
    colours = [tints.get(str(e.predikat), _GREY) if e.predikat else _GREY for e in rows]
    height = max(3.0, 0.55 * len(rows) + 1.5)
    fig, ax = plt.subplots(figsize=(9, height))
    bars = ax.barh(range(len(rows)), values, color=colours)
    ax.set_yticks(range(len(rows)), names, fontsize=8, **_PLAIN)
    ax.invert_yaxis()
    target = ax.axvline(100, color="#333333", linestyle="--", linewidth=1)
    for bar, e in zip(bars, rows, strict=True):
        text = format_persen(e.capaian) if e.capaian is not None else "tidak dapat dihitung"
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            " " + cut(text, 40),
            va="center",
            fontsize=8,
            **_PLAIN,
        )
    top = max([*values, 100.0])
    ax.set_xlim(min([*values, 0.0]), top * 1.18)
    ax.set_xlabel("Capaian (%)", **_PLAIN)
    ax.set_title(cut(judul, 120), fontsize=11, loc="left", **_PLAIN)
    _note(ax, len(rows), total)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in tints.values()]
    legend = ax.legend(
        [*handles, target],
        [*(_label(t, 40) for t in tints), "target 100%"],
        title=_label(f"Predikat ({skala.name})", 60),
        fontsize=7,
        title_fontsize=7,
        loc="lower right",
        frameon=False,
    )
    for text in (legend.get_title(), *legend.get_texts()):  # a scale's name is plain text
        text.set(**_PLAIN)
    fig.tight_layout()
    _save(fig, path)
    return fig


def plot_anggaran(
    evaluasi: Iterable[Evaluasi],
    path: str | Path | None = None,
    *,
    judul: str | None = None,
    level: Level | None = Level.PROGRAM,
) -> Figure:
    """Pagu and realisasi per budget line (programs by default), with penyerapan above each
    pair; ``judul`` the title (``None``: "Pagu dan realisasi anggaran", in the language in use)."""
    judul = pesan("chart.title_anggaran") if judul is None else judul
    plt = _pyplot()
    with plt.rc_context({"text.usetex": False}):  # whatever the caller set: no TeX
        fig: Figure = _anggaran(plt, evaluasi, path, judul, level)
    return fig


def _anggaran(
    plt: Any, evaluasi: Iterable[Evaluasi], path: str | Path | None, judul: str, level: Level | None
) -> Any:
    rows, total = _take(
        evaluasi,
        lambda e: (
            e.anggaran is not None
            and e.penyerapan is not None
            and (level is None or e.anggaran.level is level)
        ),
        CHART_MAX_ANGGARAN,
    )
    names = [
        _label(e.anggaran.nama or pesan("chart.row", baris=e.baris), 22) for e in rows if e.anggaran
    ]
    pagu = [_float(e.anggaran.pagu) for e in rows if e.anggaran]
    real = [_float(e.anggaran.realisasi) for e in rows if e.anggaran]
    scale, unit = _unit(max([*pagu, *real, 1.0]))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(rows) + 2), 4.8))
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], [p / scale for p in pagu], 0.4, label="Pagu", color="#8fb3d9")
    ax.bar(
        [x + 0.2 for x in xs], [r / scale for r in real], 0.4, label="Realisasi", color="#1f5fa8"
    )
    for x, e, p in zip(xs, rows, pagu, strict=True):
        assert e.penyerapan is not None
        ax.text(
            x,
            p / scale,
            cut(format_persen(e.penyerapan), 40) + "\n",
            ha="center",
            va="bottom",
            fontsize=8,
            **_PLAIN,
        )
    ax.set_xticks(list(xs), names, fontsize=7, **_PLAIN)
    ax.set_ylabel(f"Rupiah ({unit})", **_PLAIN)
    ax.set_ylim(0, max([*pagu, 1.0]) / scale * 1.2)
    ax.yaxis.set_major_formatter(lambda v, _: format_number(Decimal(str(round(v, 2))), None))
    ax.set_title(cut(judul, 120), fontsize=11, loc="left", **_PLAIN)
    _note(ax, len(rows), total)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    _save(fig, path)
    return fig


def _float(value: object) -> float:
    from lkjip.numbers import to_decimal

    return _drawn(float(to_decimal(value)))


def _unit(largest: float) -> tuple[float, str]:
    for scale, unit in (
        (1e12, "chart.unit_triliun"),
        (1e9, "chart.unit_miliar"),
        (1e6, "chart.unit_juta"),
    ):
        if largest >= scale:
            return scale, pesan(unit)
    return 1.0, "rupiah"


_hooks.provide(plot_capaian=plot_capaian)  # EvaluasiLaporan.plot (lkjip.table.model, below)
