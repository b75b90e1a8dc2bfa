"""Issue 22: the year-end outlook on the demo data, through the services: the same
scoring code (a December projects to itself), the warning list's order, the what-if
writing nothing."""

from __future__ import annotations

import pytest

LATE = (2025, 12)
MID = (2026, 6)


def _view(year, month, change=()):
    from services.context import rules
    from services.projection import year_end_view

    return year_end_view(year, month, rules(year), change=change)


def test_ye001_a_december_projects_to_itself_through_the_scoring_code(fresh_db):
    """In December nothing is left to project: each county's projected total, grade
    and rank are the assessment's, with no range."""
    from services.assessment import period_view
    from services.context import rules

    found = _view(*LATE)
    view = period_view(*LATE, rules(LATE[0]))
    assert len(found.scores) == len(view.counties) == 7
    for row in view.score_rows():
        mine = found.scores[row.region]
        assert mine.total == pytest.approx(row.total)
        assert (mine.grade, mine.rank) == (row.grade, row.rank)
        assert mine.low == pytest.approx(mine.high) and mine.best == mine.worst
    for row in found.rows:
        if row.projection is not None:
            assert row.projection.value == pytest.approx(row.result.actual)


def test_ye002_june_projects_every_reported_figure_with_a_range(fresh_db):
    found = _view(*MID)
    projected = [r for r in found.rows if r.projection is not None]
    assert len(projected) == sum(r.result.actual is not None for r in found.rows) > 20
    for row in projected:
        p = row.projection
        assert p.low <= p.value <= p.high
        if row.target is not None:
            assert 0.0 <= p.probability <= 1.0
    for mine in found.scores.values():
        assert mine.low <= mine.total <= mine.high
        assert mine.best <= mine.rank <= mine.worst
    flows = [r.result for r in found.rows if r.result.pace_so_far is not None]
    assert flows and all(r.pace_so_far == pytest.approx(r.actual / 6) for r in flows)
    assert all(r.kind == "flow" for r in flows)


def test_ye003_the_warning_list_is_what_is_projected_to_miss_least_likely_first(
    fresh_db,
):
    found = _view(*MID)
    warned = found.warnings()
    assert warned, "the demo's June has counties projected to miss"
    assert all(r.outlook in ("unlikely", "at_risk") for r in warned)
    keys = [(r.outlook != "unlikely", round(r.projection.probability, 2), r.shortfall)
            for r in warned]  # fmt: skip
    assert keys == sorted(keys)
    # Among the certain misses, the largest shortfall (share of the target) first.
    zero = [r for r in warned if round(r.projection.probability, 2) == 0]
    gaps = [(r.target - r.projection.value) / r.target for r in zero
            if r.result.kind == "flow"]  # fmt: skip
    assert gaps == sorted(gaps, reverse=True)
    missing = {(r.result.region, r.result.code) for r in found.rows
               if r.outlook in ("unlikely", "at_risk")}  # fmt: skip
    assert missing == {(r.result.region, r.result.code) for r in warned}


def test_ye004_a_what_if_moves_the_rank_and_writes_nothing(fresh_db):
    """The last county plans its targets' worth in every flow: it climbs; the data
    version and the reports stay as they were."""
    from data_access import queries

    before = queries.data_version()
    found = _view(*MID)
    last = max(found.scores, key=lambda r: found.scores[r].rank)
    plan = tuple((r.result.region, r.result.code, r.target) for r in found.of_region(last)
                 if r.result.pace_so_far is not None and r.target)  # fmt: skip
    assert plan
    moved = _view(*MID, change=plan)
    assert moved.scores[last].rank < found.scores[last].rank
    assert moved.scores[last].total > found.scores[last].total
    assert queries.data_version() == before
    assert _view(*MID).scores[last] == found.scores[last]


def test_ye005_move_up_on_the_demo_matches_the_ranking(fresh_db):
    """The county ranked last: the points to the one above are the difference of
    their totals; each way there, applied through the assessment, passes it."""
    from services.assessment import period_view
    from services.context import rules
    from services.projection import move_up_of

    view = period_view(*MID, rules(MID[0]))
    rows = view.score_rows()
    last, above = rows[-1], rows[-2]
    found = move_up_of(view, last.region)
    assert found.above == above.region and found.rank == above.rank
    assert found.points == pytest.approx(round(above.total - last.total, 2))
    assert found.steps, "the last county can pass the one above by some indicator"
    assert move_up_of(view, rows[0].region).steps == ()


@pytest.mark.parametrize("mode", ["approved", "submitted"])
def test_ye006_move_up_from_the_stored_totals_equals_scoring_the_whole_scope(fresh_db,
                                                                             mode):  # fmt: skip
    """A county's way up is worked from its own figures and the scope's stored
    totals (one county read, not its city's): for every county, in both data modes,
    the same answer as scoring every county of the scope again."""
    from domain.outlook import move_up
    from services.assessment import period_view, scheme_catalogue
    from services.context import rules
    from services.projection import _inputs, move_up_of

    view = period_view(*MID, rules(MID[0]), mode)
    catalogue = scheme_catalogue(rules(MID[0]))
    decimals = {r.code: int(r.decimals or 0) for r in catalogue.itertuples()}
    whole = _inputs(view, catalogue)
    answers = {row.region: move_up_of(view, row.region) for row in view.score_rows()}
    assert any(found is not None and found.steps for found in answers.values())
    for region, found in answers.items():
        assert found == move_up(whole, rules(MID[0]), region, decimals), region
