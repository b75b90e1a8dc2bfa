"""Soft checks on reported figures (审核提示): is a figure plausible before it counts?

A hard error (a cumulative figure falling, a rate over 100 %) refuses the figure; a
soft check lets it be saved but asks the county for a 情况说明 before the month can be
submitted. Each check looks at one figure against the county's own history, the
other counties and the indicator's target, and says in words (a catalogue key and its
values) what it saw. Which checks apply is the kind's (``IndicatorKind.checks``).

Pure: the figures come in as :class:`FigureContext`, the thresholds as
:class:`QualityRules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from domain.kinds import kind_of

# A robust score's spread is never taken below this share of the median (a county
# whose same month was 100, 100 and 100 would otherwise flag 101).
SCALE_FLOOR = 0.1
MAD_TO_SD = 1.4826
ENOUGH_FOR_SPREAD = 3  # fewer earlier figures: judged by the ratio alone


@dataclass(frozen=True)
class QualityRules:
    """The thresholds of the soft checks (defaults; ``history_score`` may be set per
    indicator in the catalogue's ``check_score`` column).

    history_score: a month's increment whose robust score (distance from the median
        in scaled MADs) exceeds this, against every history it has, is flagged ...
    history_ratio: ... and only when it is at least this many times the median, or
        at most its 1/history_ratio (small counties' figures wobble).
    peer_ratio: a county's completion of its target this many times the other
        counties' median, or 1/peer_ratio of it, is flagged (with at least
        ``peer_minimum`` others to compare with).
    rate_low, rate_high: a rate outside this band (percent) is flagged.
    rate_step: a rate moving more points than this in a month is flagged.
    flat_months: a cumulative figure unchanged for this many months while most other
        counties' grew is flagged.
    early_months, early_share: a cumulative figure above early_share of its annual
        target in the year's first early_months months is flagged.
    """

    history_score: float = 5.0
    history_ratio: float = 2.5
    peer_ratio: float = 3.0
    peer_minimum: int = 3
    rate_low: float = 1.0
    rate_high: float = 10.0
    rate_step: float = 1.0
    flat_months: int = 3
    early_months: int = 6
    early_share: float = 1.0


@dataclass(frozen=True)
class FigureContext:
    """One county's figure of one indicator and month, with what it is judged against.

    value: the figure (year-to-date for a cumulative indicator).
    previous: the month before's figure (December's for January where the kind is not
        cumulative; None where there is none).
    same_month: the same month's increments (cumulative) of the county's earlier years.
    recent: this year's earlier increments of the county, oldest first.
    target: the year's target (cumulative indicators), if any.
    peers: the other counties' completion of their targets this month.
    peers_growing: the share of other counties whose figure grew this month.
    """

    kind: str
    month: int
    value: float
    previous: float | None = None
    same_month: tuple[float, ...] = ()
    recent: tuple[float, ...] = ()
    target: float | None = None
    peers: tuple[float, ...] = ()
    peers_growing: float = 0.0
    unit: str = ""  # in Chinese and in English
    unit_en: str = ""
    decimals: int = 0


@dataclass(frozen=True)
class Flag:
    """A soft check's finding: which check, and its sentence (catalogue key, values)."""

    check: str
    key: str
    values: tuple[tuple[str, object], ...] = ()


def increment(ctx: FigureContext) -> float:
    """This month's increment of a cumulative figure (January's is the figure)."""
    if ctx.month == 1 or ctx.previous is None:
        return ctx.value
    return ctx.value - ctx.previous


def robust_score(value: float, sample: Sequence[float]) -> float:
    """How far ``value`` lies from the sample's median, in scaled MADs (the spread is
    floored at SCALE_FLOOR of the median)."""
    middle = median(sample)
    spread = MAD_TO_SD * median(abs(s - middle) for s in sample)
    scale = max(spread, SCALE_FLOOR * abs(middle), 1e-9)
    return abs(value - middle) / scale


def _far(value: float, sample: Sequence[float], score: float, ratio: float):
    """(median, times the median) when ``value`` is far from the sample, else None."""
    if not sample:
        return None
    middle = median(sample)
    if middle <= 0:
        return None
    times = value / middle
    if ratio > 1 and 1 / ratio < times < ratio:
        return None
    if len(sample) >= ENOUGH_FOR_SPREAD and robust_score(value, sample) <= score:
        return None
    return middle, times


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _history(ctx: FigureContext, rules: QualityRules, score: float) -> Flag | None:
    """The month's increment against the same month of earlier years and against
    this year's recent months: flagged where it is far from every history it has."""
    step = increment(ctx)
    references = [("same", ctx.same_month), ("recent", ctx.recent[-6:])]
    found = [(name, _far(step, sample, score, rules.history_ratio))
             for name, sample in references if sample]  # fmt: skip
    if not found or any(far is None for _, far in found):
        return None
    name, (middle, times) = found[0]
    high = times >= 1
    values = {
        "value": _number(step, ctx.decimals),
        "unit": ctx.unit,
        "unit_en": ctx.unit_en,
        "median": _number(middle, ctx.decimals),
        "times": f"{times:.1f}" if high else f"{times:.0%}",
        "years": len(ctx.same_month),
        "months": len(ctx.recent[-6:]),
    }
    key = f"dq_{name}_{'high' if high else 'low'}"
    return Flag("history", key, tuple(values.items()))


def _peers(ctx: FigureContext, rules: QualityRules) -> Flag | None:
    """Completion of the target far from the other counties'."""
    if not ctx.target or ctx.target <= 0 or len(ctx.peers) < rules.peer_minimum:
        return None
    share = ctx.value / ctx.target
    middle = median(ctx.peers)
    if middle <= 0:
        return None
    times = share / middle
    if 1 / rules.peer_ratio < times < rules.peer_ratio:
        return None
    values = {
        "share": f"{share:.0%}",
        "median": f"{middle:.0%}",
        "times": f"{times:.1f}",
    }
    return Flag("peers", "dq_peers", tuple(values.items()))


def _rate_band(ctx: FigureContext, rules: QualityRules) -> Flag | None:
    if rules.rate_low <= ctx.value <= rules.rate_high:
        return None
    values = {"value": f"{ctx.value:.2f}", "low": f"{rules.rate_low:g}",
              "high": f"{rules.rate_high:g}"}  # fmt: skip
    return Flag("rate_band", "dq_rate_band", tuple(values.items()))


def _rate_step(ctx: FigureContext, rules: QualityRules) -> Flag | None:
    if ctx.previous is None or abs(ctx.value - ctx.previous) <= rules.rate_step + 1e-9:
        return None
    values = {"value": f"{ctx.value:.2f}", "previous": f"{ctx.previous:.2f}",
              "points": f"{ctx.value - ctx.previous:+.2f}", "step": f"{rules.rate_step:g}"}  # fmt: skip
    return Flag("rate_step", "dq_rate_step", tuple(values.items()))


def _stock_fall(ctx: FigureContext, _rules: QualityRules) -> Flag | None:
    if ctx.previous is None or ctx.value >= ctx.previous - 1e-9:
        return None
    values = {"value": _number(ctx.value, ctx.decimals), "unit": ctx.unit, "unit_en": ctx.unit_en,
              "previous": _number(ctx.previous, ctx.decimals)}  # fmt: skip
    return Flag("stock_fall", "dq_stock_fall", tuple(values.items()))


def _flat(ctx: FigureContext, rules: QualityRules) -> Flag | None:
    """The same cumulative figure for flat_months months while most others grew."""
    needed = rules.flat_months - 1  # unchanged steps
    if ctx.month < rules.flat_months or ctx.peers_growing <= 0.5:
        return None
    steps = [*ctx.recent, increment(ctx)][-needed:]
    if len(steps) < needed or any(abs(s) > 1e-9 for s in steps):
        return None
    values = {"value": _number(ctx.value, ctx.decimals), "unit": ctx.unit, "unit_en": ctx.unit_en,
              "months": rules.flat_months, "share": f"{ctx.peers_growing:.0%}"}  # fmt: skip
    return Flag("flat", "dq_flat", tuple(values.items()))


def _early(ctx: FigureContext, rules: QualityRules) -> Flag | None:
    if not ctx.target or ctx.target <= 0 or ctx.month > rules.early_months:
        return None
    if ctx.value <= rules.early_share * ctx.target + 1e-9:
        return None
    values = {"month": ctx.month, "value": _number(ctx.value, ctx.decimals),
              "unit": ctx.unit, "unit_en": ctx.unit_en, "target": _number(ctx.target, ctx.decimals),
              "share": f"{ctx.value / ctx.target:.0%}"}  # fmt: skip
    return Flag("early", "dq_early", tuple(values.items()))


CHECKS = {
    "peers": _peers,
    "rate_band": _rate_band,
    "rate_step": _rate_step,
    "stock_fall": _stock_fall,
    "flat": _flat,
    "early": _early,
}
CHECK_NAMES = ("history", *CHECKS)


def check_figure(
    ctx: FigureContext, rules: QualityRules, history_score: float | None = None
) -> list[Flag]:
    """Every soft check the figure's kind applies that it fails, in CHECK_NAMES order.
    ``history_score``: the indicator's own threshold, where the catalogue sets one."""
    kind = kind_of(ctx.kind)
    if kind is None:
        return []
    found = []
    for name in kind.checks:
        if name == "history":
            flag = _history(ctx, rules, history_score or rules.history_score)
        else:
            flag = CHECKS[name](ctx, rules)
        if flag is not None:
            found.append(flag)
    return found
