"""The rankings page's fair comparisons (公平比较) as typed rows: the official ranking,
per capita (the city folder's population), improvement on the unit's own previous
year, and 争先进位 (places moved since January and since the same month last year)."""

from __future__ import annotations

from dataclasses import dataclass

from data_access import queries
from domain.fair import improvement, most_improved, moves, per_capita_index
from domain.kinds import kind_of
from domain.ranking import rank_regions
from services.assessment import PeriodView, period_view
from services.cache import cached, period_stamp
from services.lookups import periods
from services.schemes import rules_for

OFFICIAL, PER_CAPITA, IMPROVEMENT, MOVES = (
    "official",
    "per_capita",
    "improvement",
    "moves",
)
BASES = (OFFICIAL, PER_CAPITA, IMPROVEMENT, MOVES)


@dataclass(frozen=True)
class FairRow:
    """One unit in a fair view: its rank and value there, its official rank and its
    moves; ``best``: the most improved (争先进位)."""

    region: str
    name_zh: str
    name_en: str
    rank: int | None
    value: float | None
    official: int | None
    since_january: int | None = None
    since_last_year: int | None = None
    best: bool = False


@dataclass(frozen=True)
class FairRanking:
    basis: str
    rows: list[FairRow]
    population_year: int | None = None
    population_demo: bool = False  # the populations are made up (示例数据)


def _other(view: PeriodView, year: int, month: int) -> PeriodView | None:
    """The same scope at another period, where that period has figures."""
    if not ((periods().year == year) & (periods().month == month)).any():
        return None
    return period_view(year, month, rules_for(year), view.mode, view.scope)


def _totals(view: PeriodView | None) -> dict[str, float | None]:
    return {} if view is None else {r.region: r.total for r in view.score_rows()}


def _ranks(view: PeriodView | None) -> dict[str, int | None]:
    return {} if view is None else {r.region: r.rank for r in view.score_rows()}


def fair_ranking(view: PeriodView, basis: str) -> FairRanking:
    """The units of ``view`` compared on ``basis`` (one of BASES), best first; the
    same answer from the cache until data changes."""
    return cached("fair", lambda: period_stamp(view.year, view.month, view.mode),
                  lambda: _fair(view, basis), view.year,
                  view.month, view.mode, view.scope, basis)  # fmt: skip


def _fair(view: PeriodView, basis: str) -> FairRanking:
    scores = view.score_rows()
    official = {r.region: r.rank for r in scores}
    extra: dict = {}
    if basis == PER_CAPITA:
        found = queries.populations(view.counties)
        population = {r.code: float(r.population) for r in found.itertuples()}
        flows = [r for r in view.indicator_rows() if kind_of(r.kind).projects == "ytd"]
        figures = {f.code: {r.region: r.actual for r in view.result_rows(code=f.code)
                            if r.region in official} for f in flows}  # fmt: skip
        values = per_capita_index(figures, population)
        extra = {"population_year": int(found.population_year.max()) if len(found) else None,
                 "population_demo": bool(found.population_is_demo.any())}  # fmt: skip
    elif basis == IMPROVEMENT:
        before = _other(view, view.year - 1, view.month)
        values = improvement(_totals(view), _totals(before))
    else:
        values = {r.region: r.total for r in scores}
    january = _ranks(_other(view, view.year, 1)) if basis == MOVES else {}
    last_year = (
        _ranks(_other(view, view.year - 1, view.month)) if basis == MOVES else {}
    )
    since_january = moves(official, january)
    since_last_year = moves(official, last_year)
    best = most_improved(since_january) if basis == MOVES else set()
    # Per capita and improvement rank by their own values; the others keep the official.
    own_order = basis in (PER_CAPITA, IMPROVEMENT)
    ranks = rank_regions({r: values.get(r) for r in official}) if own_order else {}
    rows = [FairRow(r.region, r.name_zh, r.name_en,
                    ranks[r.region].rank if own_order else r.rank,
                    values.get(r.region), r.rank, since_january.get(r.region),
                    since_last_year.get(r.region), r.region in best)
            for r in scores]  # fmt: skip
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.official or 0))
    return FairRanking(basis, rows, **extra)
