"""Data quality as the pages need it: each figure's soft checks (审核提示), the
情况说明 a month needs before it is submitted, the office's review desk and the
month's data-quality overview, as typed rows."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
import pandas as pd

from data_access import quality as store
from data_access import queries
from data_access.queries import WORKING
from data_access.rows import records
from domain.kinds import kind_of
from domain.model import COUNTY, Status
from domain.quality import CHECK_NAMES, FigureContext, Flag, QualityRules, check_figure
from domain.workflow import SubmissionState
from services.assessment import judged_regions, scheme_catalogue
from services.cache import cached, data_stamp, keep_for, kept_for
from services.records import ExplanationRow, explanation_rows
from services.schemes import rules_for

NEEDS_WORDS = (Status.LAGGING, Status.ALERT)  # statuses whose figure must be explained
# A plan of up to this many counties reads their histories alone, not the country's.
FEW_COUNTIES = 200


def quality_rules() -> QualityRules:
    return QualityRules()


@dataclass(frozen=True)
class FigureFlags:
    """One county's figure of an indicator with its soft checks' findings."""

    region: str
    indicator: str
    value: float
    flags: tuple[Flag, ...]


def _values(frame: pd.DataFrame) -> dict[tuple, float]:
    keys = zip(frame.region.tolist(), frame.indicator.tolist(),
               frame.year.astype(int).tolist(), frame.month.astype(int).tolist(),
               strict=True)  # fmt: skip
    return dict(zip(keys, frame.value.astype(float).tolist(), strict=True))


def _step(values, key, cumulative: bool) -> float | None:
    """A cumulative figure's increment in its month (January's is the figure); the
    figure itself for other kinds."""
    region, code, year, month = key
    value = values.get(key)
    if value is None or not cumulative or month == 1:
        return value
    before = values.get((region, code, year, month - 1))
    return None if before is None else value - before


def _earlier_years(values: Mapping[tuple, float], year: int) -> dict[str, set[int]]:
    """Each region's years before ``year`` with a figure among ``values``."""
    earlier: dict[str, set[int]] = {}
    for region, _, y, _ in values:
        if y < year:
            earlier.setdefault(region, set()).add(y)
    return earlier


def _context(
    spec, cumulative: bool, values, earlier, key: tuple, counts: tuple, target, peers
) -> FigureContext:
    """One county's figure (``key``: region, code, year, month) with what the soft
    checks judge it against: its own history from ``values``; ``counts``: its own step
    this month, how many counties' figures moved (``moving``) and grew, itself
    included; its target and its peers' completions (cumulative kinds)."""
    region, code, year, month = key
    own, moving, growing = counts
    previous = values.get((region, code, year, month - 1))
    if previous is None and month == 1 and not cumulative:
        previous = values.get((region, code, year - 1, 12))
    years = sorted(earlier.get(region, ()))
    same = [_step(values, (region, code, y, month), cumulative) for y in years]
    recent = [_step(values, (region, code, year, m), cumulative)
              for m in range(1, month)]  # fmt: skip
    others = moving - (own is not None)
    grown = growing - (own is not None and own > 0)
    return FigureContext(
        kind=str(spec.kind), month=month, value=values[key], previous=previous,
        same_month=tuple(s for s in same if s is not None),
        recent=tuple(s for s in recent if s is not None),
        target=target if cumulative else None, peers=peers if cumulative else (),
        peers_growing=grown / others if others else 0.0, unit=str(spec.unit_zh),
        unit_en=str(spec.unit_en), decimals=int(spec.decimals or 0),
    )  # fmt: skip


def contexts(
    year: int,
    month: int,
    figures: pd.DataFrame,
    targets: pd.DataFrame,
    catalogue: pd.DataFrame,
    planned: Mapping[tuple[str, str], float] | None = None,
    only: Collection[str] | None = None,
) -> dict[tuple[str, str], FigureContext]:
    """Each county's figure of (year, month) (of the counties ``only``, where given)
    with what the soft checks judge it against; ``planned``: figures of the month a
    file or the grid would write, read in place of the stored ones."""
    values = _values(figures)
    for (region, code), value in (planned or {}).items():
        values[(region, code, year, month)] = value
    goal = dict(zip(zip(targets.region.tolist(), targets.indicator.tolist(), strict=True),
                    targets.value.astype(float).tolist(), strict=True))  # fmt: skip
    regions = sorted({k[0] for k in values})
    earlier = _earlier_years(values, year)
    found = {}
    for spec in catalogue.itertuples():
        kind = kind_of(spec.kind)
        if kind is None or not kind.checks:
            continue
        code, cumulative = spec.code, kind.cumulative
        here = {r: values.get((r, code, year, month)) for r in regions}
        steps = {r: _step(values, (r, code, year, month), cumulative) for r in regions}
        share = {r: here[r] / goal[(r, code)] for r in regions
                 if here[r] is not None and goal.get((r, code), 0) > 0}  # fmt: skip
        # Counted once: each county's peers are all the others (counting them again
        # for each of a country's counties took seconds).
        moving = sum(1 for r in regions if steps[r] is not None)
        growing_all = sum(1 for r in regions if steps[r] is not None and steps[r] > 0)
        for region in regions if only is None else sorted(set(only) & set(regions)):
            if here[region] is None:
                continue
            peers = (
                tuple(v for r, v in share.items() if r != region) if cumulative else ()
            )
            found[(region, code)] = _context(
                spec, cumulative, values, earlier, (region, code, year, month),
                (steps[region], moving, growing_all), goal.get((region, code)), peers)  # fmt: skip
    return found


class _Columns:
    """The month's peers as arrays over one numbering of the regions: each
    indicator's figure of the month and the month before, and its target (NaN and
    False where there is none)."""

    def __init__(self, peers: PeerMonth, year: int) -> None:
        figures = peers.figures[peers.figures.year == year]
        targets = peers.targets

        def numbered(column: str):
            joined = np.concatenate([figures[column].to_numpy(object),
                                     targets[column].to_numpy(object)])  # fmt: skip
            return pd.factorize(joined)

        numbers, self.regions = numbered("region")
        self.size = len(self.regions)
        self.number = {region: i for i, region in enumerate(self.regions)}
        kinds, codes = numbered("indicator")
        self.code = {code: i for i, code in enumerate(codes)}
        self._figures = (numbers[: len(figures)], kinds[: len(figures)],
                         figures.month.to_numpy(), figures.value.to_numpy(float))  # fmt: skip
        self._targets = (numbers[len(figures) :], kinds[len(figures) :],
                         targets.value.to_numpy(float))  # fmt: skip

    def _spread(self, where, values) -> tuple[np.ndarray, np.ndarray]:
        found = np.full(self.size, np.nan)
        present = np.zeros(self.size, dtype=bool)
        numbers, chosen = where
        found[numbers[chosen]] = values[chosen]
        present[numbers[chosen]] = True
        return found, present

    def figures(self, code: str, month: int) -> tuple[np.ndarray, np.ndarray]:
        numbers, codes, months, values = self._figures
        chosen = (codes == self.code.get(code, -2)) & (months == month)
        return self._spread((numbers, chosen), values)

    def target(self, code: str) -> np.ndarray:
        numbers, codes, values = self._targets
        return self._spread((numbers, codes == self.code.get(code, -2)), values)[0]


def few_contexts(
    year: int,
    month: int,
    own: pd.DataFrame,
    peers: PeerMonth,
    catalogue: pd.DataFrame,
    planned: Mapping[tuple[str, str], float] | None = None,
    only: Collection[str] = (),
) -> dict[tuple[str, str], FigureContext]:
    """:func:`contexts` of the counties ``only`` (their histories ``own``) against the
    month's peers: the same contexts (their peers in another order), the counties
    not in question counted by column instead of one by one (a save asks after
    every write: the country's month county by county took 40-60 ms of a save)."""
    planned = planned or {}
    changed = set(only) | {region for region, _ in planned}
    values = _values(peers.figures[peers.figures.region.isin(changed)])
    values.update(_values(own))  # a county's own reading stands over the peers'
    for (region, code), value in planned.items():
        values[(region, code, year, month)] = value
    columns = _Columns(peers, year)
    rest = np.ones(columns.size, dtype=bool)
    rest[[columns.number[r] for r in changed if r in columns.number]] = False
    earlier = _earlier_years(values, year)
    found = {}
    for spec in catalogue.itertuples():
        kind = kind_of(spec.kind)
        if kind is None or not kind.checks:
            continue
        code, cumulative = spec.code, kind.cumulative
        here, present = columns.figures(code, month)
        present &= rest
        goal = columns.target(code)
        # The others not in question, by column (as contexts counts them).
        if cumulative and month > 1:
            prior, before = columns.figures(code, month - 1)
            moved = present & before
            steps = here[moved] - prior[moved]
        else:
            steps = here[present]
        aimed = present & (goal > 0)
        reached = (here[aimed] / goal[aimed]).tolist()
        moving, growing = len(steps), int((steps > 0).sum())
        # Those in question, one by one.
        target_of = {}
        for region in changed:
            number = columns.number.get(region)
            if number is not None and not np.isnan(goal[number]):
                target_of[region] = float(goal[number])
        mine_here, mine_step, mine_share = {}, {}, {}
        for region in changed:
            key = (region, code, year, month)
            mine_here[region] = values.get(key)
            mine_step[region] = _step(values, key, cumulative)
            if mine_here[region] is not None and target_of.get(region, 0) > 0:
                mine_share[region] = mine_here[region] / target_of[region]
        moving += sum(1 for v in mine_step.values() if v is not None)
        growing += sum(1 for v in mine_step.values() if v is not None and v > 0)
        for region in sorted(set(only)):
            if mine_here.get(region) is None:
                continue
            shares = ()
            if cumulative:
                shares = (
                    *reached,
                    *(v for r, v in sorted(mine_share.items()) if r != region),
                )
            found[(region, code)] = _context(
                spec, cumulative, values, earlier, (region, code, year, month),
                (mine_step[region], moving, growing), target_of.get(region), shares)  # fmt: skip
    return found


def month_flags(
    year: int,
    month: int,
    region: str | None = None,
    planned: Mapping[tuple[str, str], float] | None = None,
) -> list[FigureFlags]:
    """The figures of (year, month) the soft checks flag, of every county (each is
    judged against the others) or of ``region`` only; ``planned`` figures stand in
    for the stored ones (a preview). The stored figures' flags are worked out once a
    data stamp (the form, the desk, the queue and a submission all ask); one
    county's read its own history and its peers' month alone (a save asks after
    every write: the whole country's took seconds)."""
    only = None if region is None else (region,)
    if planned:
        found = _flag_month(year, month, planned, only)
    else:
        found = cached("month_flags", data_stamp,
                       lambda: _flag_month(year, month, None, only), year, month,
                       region)  # fmt: skip
    return [f for f in found if region is None or f.region == region]


def _flag_month(
    year: int, month: int, planned, only: Collection[str] | None = None
) -> list[FigureFlags]:
    """The flagged figures of (year, month), of every county or of ``only``: those
    read their own history and every county's month and the one before (their
    peers), which is all the checks of their figures compare them with."""
    catalogue = scheme_catalogue(rules_for(year))
    if only is None:
        figures, targets = store.check_figures(year, month), store.check_targets(year)
        found = contexts(year, month, figures, targets, catalogue, planned)
    else:
        found = few_contexts(year, month, store.check_figures(year, month, only),
                             peer_month(year, month), catalogue, planned, only)  # fmt: skip
    rules, scores = quality_rules(), store.check_scores()
    flagged = []
    for (county, code), ctx in found.items():
        flags = check_figure(ctx, rules, scores.get(code))
        if flags:
            flagged.append(FigureFlags(county, code, ctx.value, tuple(flags)))
    return flagged


@dataclass(frozen=True)
class PeerMonth:
    """Every county's working figures of a month and the month before (region,
    indicator, year, month, value) and its targets of the year (region, indicator,
    value), as of the data stamp ``stamp``."""

    stamp: str
    figures: pd.DataFrame
    targets: pd.DataFrame


def _replaced(frame: pd.DataFrame, regions: set[str], fresh: pd.DataFrame):
    kept = frame[~frame.region.isin(regions)]
    return fresh if kept.empty else pd.concat([kept, fresh], ignore_index=True)


def peer_month(year: int, month: int) -> PeerMonth:
    """The month's peers (see PeerMonth): kept in this process and brought up to
    date by reading again only the counties whose figures or targets changed since
    (every save asks after its write: reading a country's month took 0.2 s). Read
    whole where what changed cannot be told (see store.changed_counties)."""
    stamp = queries.data_stamp()  # before the figures: a write after it is read again
    key = ("peer_month", year, month)
    before = kept_for(key)
    if isinstance(before, PeerMonth) and before.stamp == stamp:
        return before
    changed = None
    if isinstance(before, PeerMonth):
        written, _, version = before.stamp.rpartition(".")
        changed = store.changed_counties(int(version), written, year, month)
    if changed is None or len(changed) > FEW_COUNTIES:
        found = PeerMonth(stamp, store.peer_figures(year, month),
                          store.check_targets(year))  # fmt: skip
    elif changed:
        found = PeerMonth(stamp,
                          _replaced(before.figures, changed,
                                    store.peer_figures(year, month, sorted(changed))),
                          _replaced(before.targets, changed,
                                    store.check_targets(year, sorted(changed))))  # fmt: skip
    else:
        found = replace(before, stamp=stamp)
    keep_for(key, found)
    return found


def planned_flags(rows: Iterable) -> list[FigureFlags]:
    """The soft checks of the figures an import plan would write (its rows: region,
    indicator, year, month, value), each month against what is stored besides."""
    by_month: dict[tuple[int, int], dict] = {}
    for row in rows:
        by_month.setdefault((row.year, row.month), {})[(row.region, row.indicator)] = (
            row.value
        )
    flagged = []
    for (year, month), planned in sorted(by_month.items()):
        counties = {region for region, _ in planned}
        only = counties if len(counties) <= FEW_COUNTIES else None
        flagged += [f for f in _flag_month(year, month, planned, only)
                    if f.region in counties and (f.region, f.indicator) in planned]  # fmt: skip
    return flagged


@dataclass(frozen=True)
class Need:
    """Why an indicator of a county's month needs a 情况说明 before it is submitted:
    its flags, its status (滞后/预警) and/or the office's return reason."""

    indicator: str
    flags: tuple[Flag, ...] = ()
    status: str | None = None
    returned: str | None = None


def current_explanations(
    year: int | None = None,
    month: int | None = None,
    region: str | None = None,
    indicator: str | None = None,
) -> dict[tuple[str, str, int, int], ExplanationRow]:
    """The current 情况说明 by (region, indicator, year, month)."""
    rows = explanation_rows(store.explanations(year, month, region, indicator))
    return {(r.region, r.indicator, r.year, r.month): r for r in rows}


def explanation_notes(year: int, region: str, indicator: str) -> dict[int, str]:
    """A county's 情况说明 on one indicator in ``year`` by month: its text and
    measures as one line (a chart's marker); read once a data stamp (every trend
    chart asks)."""

    def read() -> dict[int, str]:
        found = current_explanations(year, None, region, indicator).values()
        return {row.month: row.text + (f" / {row.measures}" if row.measures else "")
                for row in found}  # fmt: skip

    return cached("explanation_notes", data_stamp, read, year, region, indicator)


def working_statuses(region: str, year: int, month: int) -> dict[str, str]:
    """The county's statuses of the month judged on its working figures (a draft
    as if submitted now): indicator code → status."""
    results = judged_regions(year, month, [region], rules_for(year), WORKING)
    mine = results[results.region == region]
    return dict(zip(mine.code, mine.status.astype(str), strict=True))


def needs(region: str, year: int, month: int) -> dict[str, Need]:
    """Every indicator of the county's month that needs a 情况说明 before it is
    submitted, and why."""
    flags = {f.indicator: f.flags for f in month_flags(year, month, region)}
    statuses = {code: status for code, status in working_statuses(region, year, month).items()
                if status in NEEDS_WORDS}  # fmt: skip
    _, returned = store.last_return(region, year, month)
    codes = [c for c in scheme_catalogue(rules_for(year)).code
             if c in flags or c in statuses or c in returned]  # fmt: skip
    return {
        c: Need(c, flags.get(c, ()), statuses.get(c), returned.get(c)) for c in codes
    }


def unexplained(
    region: str, year: int, month: int, wanted: dict[str, Need] | None = None
) -> list[str]:
    """The indicators whose need is not met: no explanation on the figure as it now
    stands (one written on another value, or before the office's return asking for
    it, does not count)."""
    wanted = needs(region, year, month) if wanted is None else wanted
    if not wanted:
        return []
    have = current_explanations(year, month, region)
    returned_at, _ = store.last_return(region, year, month)
    values = _figures(region, year, month)
    missing = []
    for code, need in wanted.items():
        found = have.get((region, code, year, month))
        now = values.get(code, {}).get("value")
        stale = found is not None and None not in (found.value, now) and abs(
            found.value - now) > 1e-9  # fmt: skip
        late = need.returned is not None and found is not None and returned_at is not None \
            and found.at < returned_at  # fmt: skip
        if found is None or stale or late:
            missing.append(code)
    return missing


def _figures(region: str, year: int, month: int) -> dict[str, dict]:
    """The county's month by indicator code: its working and approved figure and the
    month before's (December's for January)."""
    return {r["code"]: r for r in records(queries.month_values(region, year, month))}


def before_submit(region: str, year: int, month: int) -> list[str]:
    """The indicators that stop the county's month from being submitted now: none
    unless the month is one that could be submitted (a draft, or returned)."""
    status = store.submission_status(region, year, month)
    if status not in (SubmissionState.DRAFT, SubmissionState.RETURNED):
        return []
    return unexplained(region, year, month)


@dataclass(frozen=True)
class ExplainRow:
    """An indicator of the county's month on the 情况说明 form: why it needs one (or
    None), whether that is met, and its current explanation."""

    indicator: str
    name_zh: str
    name_en: str
    need: Need | None
    missing: bool
    explanation: ExplanationRow | None


def explanation_panel(region: str, year: int, month: int) -> list[ExplainRow]:
    """Every indicator of the year's scheme with what the county's month needs: the
    ones needing an explanation first."""
    wanted = needs(region, year, month)
    missing = set(unexplained(region, year, month, wanted))
    notes = current_explanations(year, month, region)
    rows = [ExplainRow(spec.code, spec.name_zh, spec.name_en, wanted.get(spec.code),
                       spec.code in missing, notes.get((region, spec.code, year, month)))
            for spec in scheme_catalogue(rules_for(year)).itertuples()]  # fmt: skip
    return sorted(rows, key=lambda r: (r.need is None, not r.missing))


@dataclass(frozen=True)
class DeskRow:
    """One indicator of a submitted month as the office reviews it."""

    indicator: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    decimals: int
    value: float | None
    step: float | None  # this month's increment (cumulative kinds)
    previous: float | None
    last_year: float | None  # the same month last year
    approved: float | None  # the figure approved before (a correction changes it)
    flags: tuple[Flag, ...] = ()
    explanation: ExplanationRow | None = None


def review_desk(region: str, year: int, month: int) -> list[DeskRow]:
    """Per indicator of the county's month: the figure, its increment, the month
    before, the same month last year, its flags and explanation, and the approved
    figure it would replace."""
    catalogue = scheme_catalogue(rules_for(year))
    figures, last_year = (
        _figures(region, year, month),
        _figures(region, year - 1, month),
    )
    flags = {f.indicator: f.flags for f in month_flags(year, month, region)}
    notes = current_explanations(year, month, region)
    rows = []
    for spec in catalogue.itertuples():
        kind = kind_of(spec.kind)
        mine = figures.get(spec.code, {})
        value, previous = mine.get("value"), mine.get("previous")
        step = None
        if kind is not None and kind.cumulative and value is not None:
            step = (
                value if month == 1 else None if previous is None else value - previous
            )
        rows.append(DeskRow(
            indicator=spec.code, name_zh=spec.name_zh, name_en=spec.name_en,
            unit_zh=spec.unit_zh, unit_en=spec.unit_en, decimals=int(spec.decimals or 0),
            value=value, step=step, previous=previous,
            last_year=last_year.get(spec.code, {}).get("value"),
            approved=mine.get("approved_value"), flags=flags.get(spec.code, ()),
            explanation=notes.get((region, spec.code, year, month))))  # fmt: skip
    return rows


@dataclass(frozen=True)
class QueueRow:
    """A county whose month awaits the office, with its flags."""

    region: str
    name_zh: str
    name_en: str
    submitted_at: datetime | None
    flagged: int
    explained: int


def review_queue(year: int, month: int) -> list[QueueRow]:
    """The counties whose month is submitted, the one that has waited longest first."""
    waiting = [r for r in records(queries.submissions(year, month))
               if r["status"] == SubmissionState.SUBMITTED]  # fmt: skip
    if not waiting:
        return []
    flags: dict[str, int] = {}
    for found in month_flags(year, month):
        flags[found.region] = flags.get(found.region, 0) + 1
    notes: dict[str, int] = {}
    for region, *_ in current_explanations(year, month):
        notes[region] = notes.get(region, 0) + 1
    rows = [QueueRow(r["region"], r["name_zh"], r["name_en"], r["submitted_at"],
                     flags.get(r["region"], 0), notes.get(r["region"], 0))
            for r in waiting]  # fmt: skip
    return sorted(rows, key=lambda r: (r.submitted_at or datetime.max, r.region))


@dataclass(frozen=True)
class OverviewRow:
    """A county's data quality in a month: figures flagged, explained, returns and
    corrections."""

    region: str
    name_zh: str
    name_en: str
    month: int
    flagged: int
    explained: int
    returned: int
    corrected: int
    checks: dict = field(default_factory=dict)  # check name → figures it flagged


def quality_overview(
    year: int, month: int, months: Iterable[int] | None = None
) -> list[OverviewRow]:
    """Per county and month (``months`` of ``year``, default just ``month``): how many
    figures were flagged (today's checks on today's figures), explained, returned and
    corrected."""
    months = sorted(set(months or [month]))
    explained, events = store.review_counts(year, max(months))
    names = {r["code"]: r for r in records(queries.regions(COUNTY))}
    notes = {
        (r["region"], int(r["month"])): int(r["explained"]) for r in records(explained)
    }
    acts = {(r["region"], int(r["month"]), r["action"]): int(r["times"])
            for r in records(events)}  # fmt: skip
    rows = []
    for m in months:
        checks: dict[str, dict[str, int]] = {}
        flagged: dict[str, int] = {}
        for found in month_flags(year, m):
            flagged[found.region] = flagged.get(found.region, 0) + 1
            mine = checks.setdefault(found.region, {})
            for flag in found.flags:
                mine[flag.check] = mine.get(flag.check, 0) + 1
        for code, region in names.items():
            rows.append(OverviewRow(
                code, region["name_zh"], region["name_en"], m, flagged.get(code, 0),
                notes.get((code, m), 0), acts.get((code, m, "return"), 0),
                acts.get((code, m, "correct"), 0),
                {c: checks.get(code, {}).get(c, 0) for c in CHECK_NAMES}))  # fmt: skip
    return rows
