"""Statistics charts with matplotlib's Agg backend (no pyplot, no GUI): PNG bytes or a file."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from desktop.private_files import write_private_bytes
from desktop.study.stats import GroupStat, StudyStats

_GOOD = "#2e7d32"
_BAR = "#1565c0"
_MUTED = "#9e9e9e"


def _empty(ax, text: str) -> None:  # noqa: ANN001 - matplotlib Axes
    ax.text(0.5, 0.5, text, ha="center", va="center", color=_MUTED, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _accuracy_bars(ax, groups: list[GroupStat], title: str, horizontal: bool) -> None:  # noqa: ANN001
    ax.set_title(title, fontsize=10)
    if not groups:
        _empty(ax, "no answers yet")
        return
    names = [g.key for g in groups]
    values = [100 * g.accuracy for g in groups]
    labels = [f"{v:.0f}% ({g.correct}/{g.answered})" for v, g in zip(values, groups, strict=True)]
    if horizontal:
        pos = list(range(len(groups)))[::-1]
        bars = ax.barh(pos, values, color=_BAR)
        ax.set_yticks(pos, names, fontsize=8)
        ax.set_xlim(0, 119)
        ax.set_xlabel("% correct", fontsize=8)
        for bar, text in zip(bars, labels, strict=True):
            ax.text(
                bar.get_width() + 1,
                bar.get_y() + bar.get_height() / 2,
                text,
                va="center",
                fontsize=7,
            )
    else:
        bars = ax.bar(names, values, color=_BAR)
        ax.set_ylim(0, 115)
        ax.set_ylabel("% correct", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        for bar, text in zip(bars, labels, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height() + 2,
                text,
                ha="center",
                fontsize=7,
            )


def _over_time(ax, days: list[GroupStat], as_of: date | None) -> None:  # noqa: ANN001
    """Per-day accuracy (line) and answers (bars) on a calendar axis of at least 14 days."""
    ax.set_title("Accuracy over time (per day)", fontsize=10)
    if not days:
        _empty(ax, "no answers yet")
        return
    by_day = {date.fromisoformat(d.key): d for d in days}
    last = max(max(by_day), as_of or max(by_day))
    first = min(min(by_day), last - timedelta(days=13))
    calendar = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    x = list(range(len(calendar)))
    counts = ax.twinx()
    counts.bar(
        x,
        [by_day[d].answered if d in by_day else 0 for d in calendar],
        color=_MUTED,
        alpha=0.35,
        width=0.7,
    )
    counts.set_ylabel("answered", fontsize=8, color=_MUTED)
    counts.tick_params(axis="y", labelsize=7, colors=_MUTED)
    ax.set_zorder(counts.get_zorder() + 1)
    ax.patch.set_visible(False)
    points = [(i, 100 * by_day[d].accuracy) for i, d in enumerate(calendar) if d in by_day]
    ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=_GOOD)
    ax.set_ylim(0, 105)
    ax.set_xlim(-0.6, len(calendar) - 0.4)
    ax.set_ylabel("% correct", fontsize=8)
    step = max(1, len(calendar) // 7)
    ticks = x[::-1][::step][::-1]
    ax.set_xticks(ticks, [calendar[i].strftime("%m-%d") for i in ticks], fontsize=7)


def _time_bars(ax, groups: list[GroupStat]) -> None:  # noqa: ANN001
    ax.set_title("Average time per question (s)", fontsize=10)
    if not groups:
        _empty(ax, "no answers yet")
        return
    bars = ax.bar([g.key for g in groups], [g.avg_time_s for g in groups], color=_MUTED)
    ax.tick_params(axis="x", labelsize=8)
    for bar, g in zip(bars, groups, strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            f"{g.avg_time_s:.0f} s",
            ha="center",
            va="bottom",
            fontsize=7,
        )
    ax.margins(y=0.2)


def stats_figure(stats: StudyStats, width_in: float = 10.0, height_in: float = 7.0) -> Figure:
    """A 2x2 dashboard: by step, by subject, over time, time per question."""
    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    o = stats.overall
    fig.suptitle(
        f"{o.answered} answered · {100 * o.accuracy:.0f}% correct · "
        f"{o.avg_time_s:.0f} s per question · {stats.omitted} omitted · {stats.due_now} due",
        fontsize=11,
    )
    (a, b), (c, d) = fig.subplots(2, 2)
    _accuracy_bars(a, stats.by_step, "Accuracy by step", horizontal=False)
    _accuracy_bars(b, stats.by_subject[:12], "Accuracy by subject", horizontal=True)
    _over_time(c, stats.by_day, stats.as_of)
    _time_bars(d, stats.by_step)
    return fig


def render_png(stats: StudyStats, width_in: float = 10.0, height_in: float = 7.0) -> bytes:
    fig = stats_figure(stats, width_in, height_in)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def save_png(stats: StudyStats, path: str | Path) -> Path:
    return write_private_bytes(path, render_png(stats))
