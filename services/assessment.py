"""The assessment of one period, ready for display: results, scores, grades, ranks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import pandas as pd

from data_access import assessed, queries
from data_access import quality as quality_store
from data_access.assessed import PeriodKey, StoredPeriod
from data_access.recompute import active_run
from domain import (
    IndicatorSpec,
    Kind,
    Observation,
    PeriodInputs,
    Rules,
    TargetPoint,
    assess,
    excerpt,
    rank_regions,
    results_frame,
    seasonal_profile,
)
from domain.kinds import kind_of, kinds_where
from domain.projection import pace_so_far
from i18n import scope_words
from services.cache import (
    await_claim,
    cached,
    claim,
    data_stamp,
    history_version,
    period_stamp,
    release,
    remembered,
    request_once,
)
from services.lookups import catalogue as catalogue_frame
from services.lookups import month_info, periods, whole_word
from services.recompute import in_background
from services.records import (
    IndicatorRow,
    ResultRow,
    ScoreRow,
    indicator_rows,
    result_rows,
    score_rows,
)
from services.schemes import rules_for
from settings import current_settings


def previous_period(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def scheme_catalogue(rules: Rules) -> pd.DataFrame:
    """The indicators that count under ``rules`` (a year's scheme), with the scheme's
    weights; the whole catalogue where the rules name none. Kept in this process by
    the data stamp (a county's panels ask three times: 2 ms each, after a trip to
    Redis for the catalogue). Read only."""
    return cached("scheme_catalogue", data_stamp, lambda: _scheme_catalogue(rules),
                  rules, near=True)  # fmt: skip


def _scheme_catalogue(rules: Rules) -> pd.DataFrame:
    catalogue = catalogue_frame()
    if not rules.weights:
        return catalogue
    weights = dict(rules.weights)
    counted = catalogue[catalogue.code.isin(weights)].copy()
    counted["weight"] = counted.code.map(weights).astype(float)
    kinds = dict(rules.kinds)
    if kinds:  # the year's kind of each indicator (and the direction it implies)
        counted["kind"] = [
            kinds.get(c, k) for c, k in zip(counted.code, counted.kind, strict=True)
        ]
        counted["direction"] = [kind_of(k).direction for k in counted.kind]
    return counted.reset_index(drop=True)


def rules_of_year(rules: Rules, year: int, other_year: int) -> Rules:
    """The rules for ``other_year`` given ``rules`` for ``year``: the same within a
    year, else that year's own scheme (a January's December is judged by its
    year's)."""
    return rules if other_year == year else rules_for(other_year)


def _specs(catalogue: pd.DataFrame) -> tuple[IndicatorSpec, ...]:
    return tuple(
        IndicatorSpec(row.code, Kind(row.kind), float(row.weight))
        for row in catalogue.itertuples()
    )


def flow_profiles(history: pd.DataFrame) -> dict[str, tuple[float, ...]]:
    profiles = {}
    for code, rows in history.groupby("indicator"):
        by_year: dict[int, list[float | None]] = {}
        for row in rows.itertuples():
            by_year.setdefault(int(row.year), [None] * 12)[int(row.month) - 1] = float(
                row.value
            )
        profile = seasonal_profile(by_year)
        if profile is not None:
            profiles[str(code)] = profile
    return profiles


def build_inputs(
    year: int,
    month: int,
    catalogue: pd.DataFrame,
    region_codes: list[str],
    facts: queries.PeriodFacts,
    profiles: dict[str, tuple[float, ...]],
) -> PeriodInputs:
    """Turn the period's raw facts into the domain's observations (``profiles``: the
    flows' seasonal shapes, :func:`seasonal_profiles`)."""
    actual = {
        (r.region, r.indicator): float(r.value) for r in facts.actuals.itertuples()
    }
    target = {
        (r.region, r.indicator): float(r.value) for r in facts.targets.itertuples()
    }
    baseline = {
        (r.region, r.indicator): TargetPoint(int(r.year), float(r.value))
        for r in facts.baselines.itertuples()
    }
    stock_targets: dict[tuple[str, str], list[TargetPoint]] = {}
    for r in facts.stock_targets.itertuples():
        stock_targets.setdefault((r.region, r.indicator), []).append(
            TargetPoint(int(r.year), float(r.value))
        )
    observations = {}
    for region in region_codes:
        for code in catalogue.code:
            key = (region, code)
            observations[key] = Observation(
                actual=actual.get(key),
                target=target.get(key),
                stock_targets=tuple(stock_targets.get(key, ())),
                baseline=baseline.get(key),
            )
    return PeriodInputs(
        year=year,
        month=month,
        specs=_specs(catalogue),
        regions=tuple(region_codes),
        observations=observations,
        profiles=profiles,
    )


@dataclass(frozen=True)
class Scope:
    """The units a view ranks: the children of ``parent`` (a city's counties, a
    province's cities, the nation's provinces) or, with ``level``, every descendant
    at that level (all the counties of a province)."""

    parent: str
    level: str | None = None


@dataclass(frozen=True)
class PeriodView:
    """One period judged for one scope: what every page of the dashboard shows."""

    year: int
    month: int
    city: str  # the scope's parent (the city in a city's view)
    indicators: pd.DataFrame
    regions: pd.DataFrame  # the parent first, then the scope's units in display order
    results: pd.DataFrame  # region × indicator, with names
    scores: pd.DataFrame  # the units in rank order
    has_data: bool
    mode: str = queries.APPROVED
    # Shown before its figures are final (the month is still being reported): units
    # without figures are unranked and rank changes are not shown.
    provisional: bool = False
    scope: Scope | None = None  # the scope it was read for (None: the home city's)

    @property
    def includes_submitted(self) -> bool:
        """Figures submitted but not yet approved are counted (and marked)."""
        return self.mode == queries.SUBMITTED

    @property
    def counties(self) -> list[str]:
        """The scope's units (the counties of a city), in display order."""
        return self.regions.code.iloc[1:].tolist()

    def words(self, lang: str | None) -> dict[str, str]:
        """What texts call this scope: 全市 and 旗县区, 全省 and 市（盟）, …"""
        levels = self.regions.level.tolist()
        return scope_words(levels[0] if levels else None,
                           levels[1] if len(levels) > 1 else None, lang,
                           whole_word(self.city))  # fmt: skip

    def score_rows(self) -> list[ScoreRow]:
        """The units in rank order, as typed rows (built once a view: a ranking of a
        country's 2,850 asks several times an answer)."""
        built = self.__dict__.get("_score_rows")
        if built is None:
            built = score_rows(self.scores)
            object.__setattr__(self, "_score_rows", built)  # frozen: memo only
        return list(built)

    def result_rows(
        self, region: str | None = None, code: str | None = None
    ) -> list[ResultRow]:
        """Results (region × indicator) as typed rows, optionally of one region or
        one indicator."""
        frame = self.results
        if region is not None:
            frame = frame[frame.region == region]
        if code is not None:
            frame = frame[frame.code == code]
        return self._explained(result_rows(frame))

    def result_rows_of(self, pairs: set[tuple[str, str]]) -> list[ResultRow]:
        """The results of some (region, indicator) pairs, as typed rows."""
        frame = self.results
        keep = [(r, c) in pairs for r, c in zip(frame.region, frame.code, strict=True)]
        return self._explained(result_rows(frame[keep]))

    def _explained(self, rows: list[ResultRow]) -> list[ResultRow]:
        """The rows with a flow's monthly average so far (前N月月均) and the counties'
        情况说明 on their figures of the period (a figure not shown, as not yet
        reported or approved, shows none)."""
        rows = [replace(r, pace_so_far=pace_so_far(r.actual, self.month))
                if kind_of(r.kind).projects == "ytd" else r for r in rows]  # fmt: skip
        notes = explanation_texts(self.year, self.month)
        if not notes:
            return rows
        return [replace(r, explanation=notes[(r.region, r.code)][0],
                        measures=notes[(r.region, r.code)][1])
                if (r.region, r.code) in notes and r.actual is not None else r
                for r in rows]  # fmt: skip

    def county_cells(
        self, regions: list[str] | None = None
    ) -> dict[tuple[str, str], ResultRow]:
        """The units' results by (region, indicator): every unit's, or of ``regions``
        (a long ranking shows a few of its thousands)."""
        wanted = self.counties if regions is None else regions
        results = self.results[self.results.region.isin(set(wanted))]
        return {(r.region, r.code): r for r in self._explained(result_rows(results))}

    def indicator_rows(self) -> list[IndicatorRow]:
        return indicator_rows(self.indicators)


def explanation_texts(year: int, month: int) -> dict[tuple[str, str], tuple]:
    """The counties' current 情况说明 of a month by (region, indicator): its text and
    the measures taken (or None), read once a data stamp."""

    def read() -> dict[tuple[str, str], tuple]:
        frame = quality_store.explanations(year, month)
        return {(r.region, r.indicator): (r.text, None if pd.isna(r.measures) else r.measures)
                for r in frame.itertuples()}  # fmt: skip

    return cached("explanations", lambda: period_stamp(year, month), read, year,
                  month)  # fmt: skip


def unit_scope(code: str) -> Scope | None:
    """The scope a unit is ranked in: its parent's children (None: no such unit, or
    the top of the hierarchy)."""
    path = region_path(code)
    return Scope(path.code.iloc[-2]) if len(path) > 1 else None


def region_path(code: str) -> pd.DataFrame:
    """:func:`data_access.queries.region_path`, read once per reader's answer with its
    ancestors' (a county's page reads its own path, then its city's). Read only."""

    def read() -> pd.DataFrame:
        path = queries.region_path(code)
        remembered({("region_path", above): path.iloc[: i + 1].reset_index(drop=True)
                    for i, above in enumerate(path.code.iloc[:-1])})  # fmt: skip
        return path

    return request_once(("region_path", code), read)


def rules_key(rules: Rules) -> str:
    """The rules a stored period was assessed under, as a short stable key."""
    return hashlib.sha256(repr(rules).encode()).hexdigest()[:16]


def seasonal_history(year: int) -> pd.DataFrame:
    """The city-wide flows of the years before ``year`` (their seasonal shape): summing
    them reads three years of reports, so once a year and change to those years (a
    save, an approval of this year leaves them as they were)."""
    return cached("flow_history", lambda: history_version(year),
                  lambda: queries.flow_history(year), year)  # fmt: skip


def seasonal_profiles(year: int) -> dict[str, tuple[float, ...]]:
    """Each flow's seasonal shape from the years before ``year`` (their city-wide
    totals, :func:`seasonal_history`), worked out once with them (5 ms a time: every
    assessment, every county's way up, asks), and kept in the process too (a few
    numbers a flow)."""
    return cached("flow_profiles", lambda: history_version(year),
                  lambda: flow_profiles(seasonal_history(year)), year,
                  near=True)  # fmt: skip


def baselines(mode: str) -> pd.DataFrame:
    """Every region's baseline figures (December of the stock indicators' baseline
    years) in ``mode``: read once until a change reaches those years (the national
    sums scan a whole December; every month's assessment, and every county's write,
    asks), and kept in the process too (a county's way up asked Redis for a
    country's rows and unpickled them: a tenth of its first drawing). Read only."""
    years = baseline_years()
    if not years:
        return queries.baseline_facts(mode, years=years)
    return cached("baselines", lambda: history_version(years[-1] + 1),
                  lambda: queries.baseline_facts(mode, years=years), mode,
                  tuple(years), near=True)  # fmt: skip


def baseline_years() -> list[int]:
    """The baseline years of the stock indicators (targets due by a deadline), from
    the catalogue as cached (:func:`data_access.queries.baseline_years` reads them)."""
    found = catalogue_frame()
    stock = found[found.kind.isin(kinds_where("deadlines"))].baseline_year.dropna()
    return sorted({int(y) for y in stock})


def _assess(year, month, catalogue, codes, rules, mode, shapes: dict, some=False):
    """Judge the regions ``codes`` (``some``: a few of them, whose facts alone are
    read)."""
    facts = queries.period_facts(year, month, mode, codes=codes if some else None,
                                 baselines=baselines(mode))  # fmt: skip
    if year not in shapes:
        shapes[year] = seasonal_profiles(year)
    inputs = build_inputs(year, month, catalogue, codes, facts, shapes[year])
    return assess(inputs, rules), facts


def _judged_results(current, facts, catalogue, profiles, month, rules) -> pd.DataFrame:
    """The domain's results with the catalogue's columns, the pending flag and
    按往年节奏应达 (the share of the year's target earlier years had reached by this
    month, shown beside 序时进度 m/12 unless it is what scoring uses)."""
    results = results_frame(current).merge(catalogue, on="code", suffixes=("", "_ind"))
    pending = facts.actuals[["region", "indicator", "pending"]].rename(
        columns={"indicator": "code"}
    )
    results = results.merge(pending, on=["region", "code"], how="left")
    results["pending"] = results["pending"].fillna(0).astype(bool)
    results["seasonal_progress"] = [
        profiles[code][month - 1]
        if kind_of(kind).seasonal and code in profiles and not rules.seasonal_profile
        else None
        for code, kind in zip(results.code, results.kind, strict=True)
    ]
    return results


def _named(results: pd.DataFrame, regions: pd.DataFrame, rules: Rules):
    results["paced"] = rules.seasonal_profile  # progress is last years' pace, not m/12
    names = regions.set_index("code")
    results["region_zh"] = results.region.map(names.name_zh)
    results["region_en"] = results.region.map(names.name_en)
    return results


def _ranked(units: pd.DataFrame, totals, before, grades, rules) -> pd.DataFrame:
    ranks = rank_regions(totals, before, rules.near_tie_points)
    rows = [
        {"region": code, "name_zh": zh, "name_en": en, "total": totals[code],
         "grade": grades[code], "rank": ranks[code].rank, "tied": ranks[code].tied,
         "near_tie": ranks[code].near_tie, "change": ranks[code].change}
        for code, zh, en in zip(units.code, units.name_zh, units.name_en, strict=True)
    ]  # fmt: skip
    columns = ["region", "name_zh", "name_en", "total", "grade", "rank", "tied",
               "near_tie", "change"]  # fmt: skip
    scores = pd.DataFrame(rows, columns=columns)
    return scores.sort_values(["rank", "region"], na_position="last").reset_index(
        drop=True
    )


def period_view(
    year: int,
    month: int,
    rules: Rules,
    mode: str = queries.APPROVED,
    scope: Scope | None = None,
) -> PeriodView:
    """(year, month) for one scope (default: the home city's counties), read from the
    stored assessment; the same view comes from the cache until data changes.

    ``mode`` APPROVED counts approved figures only; SUBMITTED also counts months the
    units have submitted but the office has not approved yet (marked ``pending``).
    """
    mode = mode if mode in queries.DATA_MODES else queries.APPROVED
    scope = scope or Scope(queries.home_region())
    provisional = month_info(year, month).provisional
    return cached("period_view", lambda: period_stamp(year, month, mode),
                  lambda: _with_rows(_marked(_with_last_year(
                      stored_view(year, month, rules, mode, scope), rules, scope),
                      provisional)),
                  year, month, rules, mode, scope, provisional)  # fmt: skip


def _with_rows(view: PeriodView) -> PeriodView:
    """The view with its typed score rows built before it is cached: they travel
    with it (a country's 2,850 rows cost 80 ms to build, each answer again)."""
    view.score_rows()
    return view


def _with_last_year(view: PeriodView, rules: Rules, scope: Scope) -> PeriodView:
    """同比: each figure beside the same month last year (``last_year``), the change
    (``yoy_change``) and the change in percent (``yoy_pct``), None where either year
    has no figure."""
    results = view.results.copy()
    if (periods().year == view.year - 1).any():
        then_rules = rules_of_year(rules, view.year, view.year - 1)
        before = _stored_actuals(view.year - 1, view.month, then_rules, view.mode,
                                 view.regions.code.tolist())  # fmt: skip
        then = {(r, c): a for r, c, a in zip(before.region, before.code, before.actual,
                                             strict=True)}  # fmt: skip
    else:
        then = {}
    last = [float_or_none(then.get((r, c))) for r, c in zip(results.region, results.code,
                                                         strict=True)]  # fmt: skip
    now = [float_or_none(a) for a in results.actual]
    results["last_year"] = last
    results["yoy_change"] = [None if a is None or b is None else a - b
                             for a, b in zip(now, last, strict=True)]  # fmt: skip
    results["yoy_pct"] = [None if a is None or not b else (a - b) / b * 100
                          for a, b in zip(now, last, strict=True)]  # fmt: skip
    return replace(view, results=results)


def _stored_actuals(year: int, month: int, rules: Rules, mode: str,
                    regions: list[str]) -> pd.DataFrame:  # fmt: skip
    """The stored figures of ``regions`` in (year, month), the period brought up to
    date first: all a view needs of the same month a year before (its whole view,
    with its own month before and ranks, cost as much again as the view)."""
    for _attempt in range(3):
        found = assessed.stored_actuals(
            stored_period(year, month, rules, mode), regions
        )
        if found is not None:
            return found
    raise LookupError(f"stored period {year}-{month} vanished three times")


def _marked(view: PeriodView, provisional: bool) -> PeriodView:
    """A view of a month still being reported: marked provisional, and no rank
    changes (a rank among the counties that have figures so far is no move)."""
    if not provisional:
        return view
    return replace(view, provisional=True, scores=view.scores.assign(change=None))


def stored_period(
    year: int, month: int, rules: Rules, mode: str, waited: bool = False
) -> StoredPeriod:
    """The stored assessment of (year, month), computed and stored first if data
    has changed since (or it never was). A whole month is judged by one asker at a
    time (a claim in the shared cache); the others wait for it (``waited``: this
    asker has waited once, and judges it itself if it is still not stored)."""
    key = PeriodKey(mode, year, month, rules_key(rules))
    for _attempt in range(3):
        found = assessed.valid_period(key)
        if found is not None:
            return found
        # Read before what changed and the facts: a write after it is newer, and makes
        # what is stored now stale again (read after, it could hide a write in between).
        version = queries.data_version()
        outdated = assessed.outdated_regions(key)
        if outdated is None:
            break
        if not outdated.regions:  # another writer stored it meanwhile: look again
            continue
        results, scores, has_data = _judged_period(
            key, list(outdated.regions), rules, some=True
        )
        if not has_data and outdated.has_data:
            # The regions judged have no figures now but the period had: whether any
            # region still has (the top region sums every county, so none anywhere,
            # unless only rates were reported) is one look at the reports (a whole
            # judgment told it: nationally seconds, after a county's withdrawal of a
            # month's only approved figure, or the office's return).
            has_data = queries.has_figures(year, month, mode)
        # Without figures before and in the regions judged now, the period has none
        # still (a county's draft of a month nobody has submitted): judged in part.
        updated = assessed.store_regions(outdated, version, has_data, results, scores)
        if updated is not None:
            return updated
        # Another writer (the other worker process's refresh) stored it meanwhile.
    if in_background() and active_run() is not None:
        # A run is storing the months a big change made stale: readers see the last
        # complete results meanwhile (marked), never wait for a whole month.
        last = assessed.latest_complete(mode, year, month)
        if last is not None:
            return last
    judging = _judging_key(key)
    if not waited and not claim(judging, JUDGE_CLAIM_SECONDS):
        # Another thread or process is judging the whole month (the month being
        # reported, on its first save: both workers' refreshes and its first readers
        # asked at once, each for seconds nationally): wait for it, then look again.
        await_claim(judging, JUDGE_WAIT_SECONDS, JUDGE_POLL_SECONDS)
        return stored_period(year, month, rules, mode, waited=True)
    try:
        results, scores, has_data = _judged_period(
            key, queries.regions().code.tolist(), rules
        )
        return assessed.store_period(key, version, has_data, results, scores)
    finally:
        if not waited:
            release(judging)


# A whole month judged by one asker at a time: its claim lapses after this if its
# holder dies; the others wait this long at most before judging it themselves.
JUDGE_CLAIM_SECONDS = 120
JUDGE_WAIT_SECONDS = 60.0
JUDGE_POLL_SECONDS = 0.1


def _judging_key(key: PeriodKey) -> str:
    """The claim on judging ``key``'s whole month (of this database)."""
    return repr(("judging", current_settings().database_url, key))


def _judged_period(key: PeriodKey, codes: list[str], rules: Rules, some=False):
    """Results, totals and "has figures" of the regions ``codes`` in a period. Each
    region is judged on its own figures (and its units' sums): judging some regions
    gives what judging all would for them."""
    catalogue = scheme_catalogue(rules)
    shapes: dict = {}
    current, facts = _assess(key.year, key.month, catalogue, codes, rules, key.mode,
                             shapes, some)  # fmt: skip
    results = _judged_results(current, facts, catalogue,
                              shapes[key.year], key.month, rules)  # fmt: skip
    scores = pd.DataFrame(
        [(code, card.total, card.grade) for code, card in current.cards.items()],
        columns=["region", "total", "grade"],
    )
    return results, scores, not facts.actuals.empty


def judged_regions(
    year: int, month: int, codes: list[str], rules: Rules, mode: str
) -> pd.DataFrame:
    """The results of the regions ``codes`` alone in ``mode`` (the working figures of
    a county's draft, say), judged now and not stored."""
    key = PeriodKey(mode, year, month, rules_key(rules))
    results, _, _ = _judged_period(key, codes, rules, some=True)
    return results


def refresh(year: int, month: int, rules: Rules, modes=queries.DATA_MODES) -> None:
    """Store (year, month) again in ``modes`` right after a write changed it, so that
    the next reader finds it ready (other periods the write made stale are stored
    again on their first read)."""
    for mode in modes:
        stored_period(year, month, rules, mode)


def store_all(rules_of, year: int | None = None) -> int:
    """Store every period with reports (of ``year`` only, where given) in both data
    modes, each under its year's rules (``rules_of(year)``); returns how many
    periods were stored."""
    offered = queries.periods()
    if year is not None:
        offered = offered[offered.year == year]
    for found in offered.itertuples():
        refresh(int(found.year), int(found.month), rules_of(int(found.year)))
    return len(offered)


def stored_view(
    year: int, month: int, rules: Rules, mode: str, scope: Scope
) -> PeriodView:
    """The view of one scope, read from the stored assessment (see period_view):
    both periods are brought up to date first, then everything the view shows is
    read in one snapshot, so a refresh by another writer meanwhile gives the old
    rows or the new, never a mix."""
    key = PeriodKey(mode, year, month, rules_key(rules))
    before = previous_period(year, month)
    before_rules = rules_of_year(rules, year, before[0])
    earlier = PeriodKey(mode, *before, rules_key(before_rules))
    catalogue = scheme_catalogue(rules)
    parent = region_path(scope.parent).iloc[-1:]
    for _attempt in range(3):
        now = stored_period(year, month, rules, mode)
        then = stored_period(earlier.year, earlier.month, before_rules, mode)
        rows = assessed.stored_rows(now, then, scope.parent, scope.level,
                                    parent.code.tolist())  # fmt: skip
        if rows.current is not None:
            break
    else:  # never stored as it was read: a rules change removes stored periods
        raise LookupError(f"stored period {key} vanished three times")
    units = rows.units
    regions = pd.concat([parent, units], ignore_index=True)
    codes = regions.code.tolist()
    stored = rows.results
    order = {code: i for i, code in enumerate(codes)}
    stored["_region"] = stored.region.map(order)
    stored["_code"] = stored.code.map({c: i for i, c in enumerate(catalogue.code)})
    stored = stored.sort_values(["_region", "_code"]).drop(columns=["_region", "_code"])
    results = stored.merge(catalogue, on="code", how="left", suffixes=("", "_ind"))
    results.insert(2, "kind", results.pop("kind"))
    results["kind_ind"] = results["kind"]
    results["pending"] = results["pending"].astype(bool)
    results = _named(results.reset_index(drop=True), regions, rules)
    totals = rows.scores
    now = totals[totals.period_id == rows.current.id].set_index("region")
    then = totals[totals.period_id == rows.before_id].set_index("region")
    number = {code: float_or_none(now.total.get(code)) for code in units.code}
    grades = {code: text_or_none(now.grade.get(code)) for code in units.code}
    previous = {code: float_or_none(value) for code, value in then.total.items()}
    scores = _ranked(units, number, previous, grades, rules)
    return PeriodView(year=year, month=month, city=scope.parent,
                      indicators=catalogue, regions=regions, results=results,
                      scores=scores, has_data=rows.current.has_data, mode=mode,
                      scope=scope)  # fmt: skip


def float_or_none(value) -> float | None:
    """A stored cell as a float; NaN and None are "none"."""
    return None if value is None or pd.isna(value) else float(value)


def text_or_none(value) -> str | None:
    """A stored cell as text; NaN and None are "none"."""
    return None if value is None or pd.isna(value) else str(value)


def compute_period_view(year: int, month: int, rules: Rules, mode: str) -> PeriodView:
    """The home city's view computed directly from the reports, nothing stored: the
    reference the stored assessment must equal (and the benchmark's floor)."""
    catalogue = scheme_catalogue(rules)
    regions = queries.regions()
    city = queries.home_region()
    units = assessed.scope_units(city)
    regions = pd.concat([regions[regions.code == city], units], ignore_index=True)
    codes = regions.code.tolist()
    counties = units.code.tolist()
    shapes: dict = {}  # each year's seasonal shapes, shared by both months
    current, facts = _assess(year, month, catalogue, codes, rules, mode, shapes)
    before_year, before_month = previous_period(year, month)
    before_rules = rules_of_year(rules, year, before_year)
    before, _ = _assess(before_year, before_month, scheme_catalogue(before_rules), counties,
                        before_rules, mode, shapes)  # fmt: skip
    results = _judged_results(current, facts, catalogue,
                              shapes[year], month, rules)  # fmt: skip
    results = _named(results, regions, rules)
    scores = _ranked(
        units,
        {c: current.cards[c].total for c in counties},
        {c: before.cards[c].total for c in counties},
        {c: current.cards[c].grade for c in counties},
        rules,
    )
    return PeriodView(year=year, month=month, city=city, indicators=catalogue,
                      regions=regions, results=results, scores=scores,
                      has_data=not facts.actuals.empty, mode=mode)  # fmt: skip


def shown_units(view: PeriodView, codes: list[str] | None = None) -> list[str]:
    """The units a chart draws, in rank order: ``codes``, or where a long ranking
    has more than 25, its top and bottom ten."""
    if codes is None:
        codes = [row.region for row in excerpt(view.score_rows()).rows]
    return codes


def sorted_scores(view: PeriodView, key: str | None) -> list[ScoreRow]:
    """Units ordered by total score (``key`` None or unknown) or by one indicator's
    points, best first (then by total)."""
    rows = view.score_rows()
    if key not in set(view.indicators.code):
        return rows
    mine = view.results[view.results.code == key]
    earned = {
        region: -1 if pd.isna(points) else float(points)
        for region, points in zip(mine.region, mine.points, strict=True)
    }
    return sorted(rows, key=lambda row: (earned.get(row.region, -1), row.total or 0),
                  reverse=True)  # fmt: skip
