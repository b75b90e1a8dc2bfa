"""One home for each kind of indicator: how it is judged and scored, what its figures
must look like on import, how it is charted and what its sentences say.

Every other layer asks the kind (``kind_of(code)``) instead of comparing strings, so
adding a kind is one class here plus its texts in the catalogue. Texts are catalogue
keys with their values: the domain holds no words of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from domain.model import IndicatorResult, IndicatorSpec, Kind, Observation, Status
from domain.progress import MONTHS, flow_progress, pace_needed, stock_due
from domain.rules import Rules

# A fact of an indicator's card: (label key, label values, value, how to show it).
# How: "number" (the indicator's decimals, with its unit), "number1" (one decimal),
# "percent", "points" (percentage points), "points2" (two decimals), "cap" (a rate
# with %), "nil" (0 with the unit).
Fact = tuple[str, dict, Any, str]


def status_from_gap(gap_points: float, rules: Rules) -> Status:
    """Flows and stocks: ahead of or on time progress is green, then yellow, red."""
    if gap_points >= -1e-9:
        return Status.ON_TRACK
    if gap_points >= -rules.lag_points - 1e-9:
        return Status.LAGGING
    return Status.ALERT


def rate_status(rate: float, cap: float, rules: Rules) -> Status:
    if rate <= cap - rules.rate_safe_margin + 1e-9:
        return Status.ON_TRACK
    if rate <= cap + 1e-9:  # within its target, close to the cap: never 滞后
        return Status.NEAR_CAP
    return Status.ALERT


def _judged_against_due(actual: float, target: float, due: float, rules: Rules) -> dict:
    """Flows and stocks: completion of the target against the share due by now.

    A zero target asks nothing: on track with full marks. The score is the share of
    what was due, capped at 1.
    """
    if target <= 0:
        return {"status": Status.ON_TRACK, "score_fraction": 1.0, "actual": actual}
    completion = actual / target
    progress = due / target
    gap = (completion - progress) * 100
    return {
        "status": status_from_gap(gap, rules),
        "score_fraction": min(actual / due, 1.0) if due > 0 else 1.0,
        "actual": actual,
        "completion": completion,
        "progress": progress,
        "gap_points": gap,
    }


def _not_assessed(spec: IndicatorSpec, obs: Observation, **common) -> IndicatorResult:
    return IndicatorResult(status=Status.NOT_ASSESSED, score_fraction=0.0,
                           actual=obs.actual, code=spec.code, kind=spec.kind, **common)  # fmt: skip


@dataclass(frozen=True)
class IndicatorKind:
    """What a kind of indicator is. The flags say how the other layers treat it."""

    kind: ClassVar[Kind]
    # Import: its figures are percentages (4.2 or 4.2%) within ``bounds``; a
    # cumulative (1–N月累计) figure never falls below the month before in a year.
    percent: ClassVar[bool] = False
    bounds: ClassVar[tuple[float, float] | None] = None
    cumulative: ClassVar[bool] = False
    # Judged by completion against time progress (a gap in points; a map of
    # completion), lower figures being better (a map's colours reversed), with a
    # seasonal pace from earlier years, with targets due by deadline years from a
    # baseline.
    against_time: ClassVar[bool] = False
    lower_is_better: ClassVar[bool] = False
    seasonal: ClassVar[bool] = False
    deadlines: ClassVar[bool] = False
    # The counties' targets add up to a city figure.
    summable: ClassVar[bool] = True
    # Charts: the name of the dashed target line; whether the axis starts at zero.
    trend_label: ClassVar[str] = "target"
    axis_from_zero: ClassVar[bool] = True
    # The "why this score" line's catalogue key.
    why_key: ClassVar[str] = "why_line_flow"
    # The soft checks (审核提示, ``domain.quality``) its figures get.
    checks: ClassVar[tuple[str, ...]] = ()
    # How its December is projected (``domain.outlook``): "ytd" a year-to-date figure
    # by earlier years' multipliers; "drift" a level going on at its average monthly
    # step; "walk" a level staying where it is, as uncertain as its monthly steps.
    projects: ClassVar[str] = "drift"

    @property
    def code(self) -> str:
        return self.kind.value

    @property
    def direction(self) -> str:
        """Which way is better, as the catalogue's ``direction`` column says it."""
        return "lower" if self.lower_is_better else "higher"

    def evaluate(self, spec: IndicatorSpec, obs: Observation, year: int, month: int,
                 rules: Rules, profile: Sequence[float] | None = None) -> IndicatorResult:  # fmt: skip
        raise NotImplementedError

    def facts(self, row, year: int | None = None) -> list[Fact]:
        """The label/value pairs that explain a result (a ``ResultRow``-like row)."""
        return [("target", {}, 0, "nil")]

    def year_end_target(self, obs: Observation, year: int) -> float | None:
        """What its December figure must reach (at most, where lower is better) to
        meet the year's target: None where it has none."""
        return None if obs.target is None else float(obs.target)

    def sentence(self, row: dict) -> tuple[str, dict] | None:
        """The bulletin's clause on a result (catalogue key and values), or None."""
        return None

    def shortfall(self, row: dict) -> tuple[str, dict] | None:
        """The bulletin's clause on a result that falls short (滞后, 预警, 接近控制线):
        its figure, target and gap (catalogue key and values; ``yoy``: add 同比),
        or None (then :meth:`sentence` says it)."""
        return None


class FlowKind(IndicatorKind):
    """Reported as 1–N月累计 (year-to-date) against an annual target."""

    kind = Kind.FLOW
    checks = ("history", "peers", "flat", "early")
    cumulative = True
    against_time = True
    seasonal = True
    trend_label = "trend_target_path"
    projects = "ytd"

    def evaluate(self, spec, obs, year, month, rules, profile=None):
        progress = flow_progress(month, profile)
        common = {"code": spec.code, "kind": spec.kind, "progress": progress}
        if obs.target is None:
            return _not_assessed(spec, obs, progress=progress)
        target = float(obs.target)
        due = target * progress
        common.update(target=target, due=due)
        if obs.actual is None:
            return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
        actual = float(obs.actual)
        judged = common | _judged_against_due(actual, target, due, rules)
        if target > 0:
            judged["pace_needed"] = pace_needed(target, actual, month)
        return IndicatorResult(**judged)

    def facts(self, row, year: int | None = None) -> list[Fact]:
        paced = "time_progress_paced" if row.paced else "time_progress"
        facts = [("target", {}, row.target, "number"),
                 ("completion", {}, row.completion, "percent"),
                 (paced, {}, row.progress, "percent")]  # fmt: skip
        if row.seasonal_progress is not None:
            facts.append(("seasonal_due", {}, row.seasonal_progress, "percent"))
        facts += [("gap", {}, row.gap_points, "points"),
                  ("pace", {}, row.pace_needed, "number")]  # fmt: skip
        return facts

    def shortfall(self, row):
        if row.get("completion") is None or row.get("target") is None:
            return None
        return ("bl_flow_short", {"actual": _number(row["actual"], row),
                                  "target": _number(row["target"], row),
                                  "completion": f"{row['completion'] * 100:.1f}",
                                  "gap": _points(row["gap_points"]), "yoy": True})  # fmt: skip

    def sentence(self, row):
        if row.get("completion") is None:
            return None
        gap = row["gap_points"]
        return ("bl_flow_ahead" if gap >= 0 else "bl_flow_behind",
                {"completion": f"{row['completion'] * 100:.1f}", "gap": f"{abs(gap):.1f}",
                 "yoy": True})  # fmt: skip


class RateCapKind(IndicatorKind):
    """An end-of-month rate whose target is a cap (控制目标)."""

    kind = Kind.RATE_CAP
    checks = ("rate_band", "rate_step")
    percent = True
    bounds = (0.0, 100.0)
    lower_is_better = True
    summable = False
    trend_label = "trend_cap"
    axis_from_zero = False
    why_key = "why_line_rate"
    projects = "walk"  # a rate has no trend to carry on: its month-to-month spread

    def evaluate(self, spec, obs, year, month, rules, profile=None):
        if obs.target is None:
            return _not_assessed(spec, obs)
        cap = float(obs.target)
        common = {"code": spec.code, "kind": spec.kind, "target": cap, "due": cap}
        if obs.actual is None:
            return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
        rate = float(obs.actual)
        excess = rate - cap
        fraction = (
            1.0
            if excess <= 0
            else max(0.0, 1.0 - excess / rules.rate_zero_score_excess)
        )
        return IndicatorResult(status=rate_status(rate, cap, rules), score_fraction=fraction,
                               actual=rate, gap_points=cap - rate, **common)  # fmt: skip

    def facts(self, row, year: int | None = None) -> list[Fact]:
        return [
            ("cap", {}, row.target, "cap"),
            ("headroom", {}, row.gap_points, "points2"),
        ]

    def shortfall(self, row):
        if row.get("target") is None:
            return None
        over = row["actual"] > row["target"]
        return ("bl_rate_over" if over else "bl_rate_near",
                {"actual": f"{row['actual']:.2f}", "target": f"{row['target']:.2f}",
                 "gap": f"{abs(row['actual'] - row['target']):.2f}"})  # fmt: skip

    def sentence(self, row):
        head = row["target"] - row["actual"]
        return ("bl_rate_below" if head >= 0 else "bl_rate_above",
                {"actual": f"{row['actual']:.2f}", "gap": f"{abs(head):.2f}"})  # fmt: skip


class StockKind(IndicatorKind):
    """An end-of-month level, its target level due by a deadline year."""

    kind = Kind.STOCK
    checks = ("stock_fall",)
    against_time = True
    deadlines = True
    trend_label = "trend_due"

    def year_end_target(self, obs, year):
        path = stock_due(year, MONTHS, obs.stock_targets, obs.baseline)
        return None if path is None else path[0]  # the level due in December

    def evaluate(self, spec, obs, year, month, rules, profile=None):
        path = stock_due(year, month, obs.stock_targets, obs.baseline)
        if path is None:
            return _not_assessed(spec, obs)
        due, target, deadline = path
        common = {"code": spec.code, "kind": spec.kind, "target": target, "due": due,
                  "deadline_year": deadline}  # fmt: skip
        if obs.actual is None:
            return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
        return IndicatorResult(
            **(common | _judged_against_due(float(obs.actual), target, due, rules))
        )

    def facts(self, row, year: int | None = None) -> list[Fact]:
        deadline = row.deadline_year
        label = (
            ("deadline_target", {"year": int(deadline)}) if deadline else ("target", {})
        )
        if deadline and year and int(deadline) < year:
            # No target for ``year``: it is missing (said so), and the last one is held.
            return [("deadline_target", {"year": year}, None, "missing"),
                    ("held_target", {"year": int(deadline)}, row.target, "number"),
                    ("gap", {}, row.gap_points, "points")]  # fmt: skip
        return [(*label, row.target, "number"), ("due_level", {}, row.due, "number1"),
                ("gap", {}, row.gap_points, "points")]  # fmt: skip

    def shortfall(self, row):
        if row.get("due") is None or not row.get("deadline_year"):
            return None
        return ("bl_stock_short", {"actual": _number(row["actual"], row),
                                   "due": _number(row["due"], row),
                                   "target": _number(row["target"], row),
                                   "year": int(row["deadline_year"]),
                                   "gap": _number(max(row["due"] - row["actual"], 0), row)})  # fmt: skip

    def sentence(self, row):
        if row.get("completion") is None:
            return None
        return ("bl_stock", {"actual": f"{row['actual']:g}", "unit": row["unit_zh"],
                             "year": int(row["deadline_year"]),
                             "target": f"{row['target']:g}"})  # fmt: skip


class ZeroKind(IndicatorKind):
    """An end-of-month count whose target is 0 (零就业家庭未清零户数)."""

    kind = Kind.ZERO
    lower_is_better = True
    why_key = "why_line_zero"

    def year_end_target(self, obs, year):
        return 0.5  # a whole count at most 0: under one half

    def evaluate(self, spec, obs, year, month, rules, profile=None):
        common = {"code": spec.code, "kind": spec.kind, "target": 0.0, "due": 0.0}
        if obs.actual is None:
            return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
        left = float(obs.actual)
        if left <= 0:
            return IndicatorResult(status=Status.ON_TRACK, score_fraction=1.0, actual=left,
                                   **common)  # fmt: skip
        return IndicatorResult(status=Status.ALERT,
                               score_fraction=max(0.0, 1.0 - rules.zero_target_penalty * left),
                               actual=left, **common)  # fmt: skip

    def shortfall(self, row):
        return "bl_zero_short", {"count": _number(row["actual"], row)}

    def sentence(self, row):
        if row["actual"] is not None and row["actual"] > 0:
            return "bl_zero_open", {"count": f"{row['actual']:g}"}
        return "bl_zero_cleared", {}


def _number(value: float, row: dict) -> str:
    """A figure with thousands separators and its indicator's decimals."""
    return f"{value:,.{int(row.get('decimals') or 0)}f}"


def _points(gap) -> str:
    """A gap in points: one decimal, two where one would read 0.0."""
    gap = abs(gap or 0.0)
    return f"{gap:.2f}" if 0 < gap < 0.05 else f"{gap:.1f}"


KINDS: dict[Kind, IndicatorKind] = {
    k.kind: k() for k in (FlowKind, RateCapKind, StockKind, ZeroKind)
}


def kind_of(kind: Kind | str | None) -> IndicatorKind | None:
    """The kind object of a kind (or its code, as stored); None for None or unknown."""
    if kind is None:
        return None
    try:
        return KINDS[Kind(kind)]
    except ValueError:
        return None


def kinds_where(flag: str) -> tuple[str, ...]:
    """The codes of the kinds whose ``flag`` is true (for a query: "deadlines")."""
    return tuple(k.code for k in KINDS.values() if getattr(k, flag))
