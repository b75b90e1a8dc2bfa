"""Weighted scores, grades, ranks, ties and rank change, worked by hand."""

import pytest

from domain import (
    IndicatorSpec,
    Kind,
    Observation,
    PeriodInputs,
    Rules,
    Status,
    assess,
    grade,
    rank_regions,
    results_frame,
)

RULES = Rules()
SPECS = (
    IndicatorSpec("jobs", Kind.FLOW, 60),
    IndicatorSpec("rate", Kind.RATE_CAP, 40),
)


def _inputs(observations, month=6):
    return PeriodInputs(
        year=2024,
        month=month,
        specs=SPECS,
        regions=tuple(sorted({r for r, _ in observations})),
        observations=observations,
        profiles={},
    )


def test_score001_weighted_total_and_breakdown():
    """Jobs at 90 % of due (54 of 60) + rate 0.4 over cap (24 of 40) = 78."""
    a = assess(
        _inputs(
            {
                ("A", "jobs"): Observation(450, 1000),
                ("A", "rate"): Observation(4.9, 4.5),
            }
        ),
        RULES,
    )
    card = a.cards["A"]
    assert card.total == pytest.approx(78)
    assert card.grade == "pass"
    points = {i.code: i.points for i in card.items}
    assert points == pytest.approx({"jobs": 54, "rate": 24})
    assert sum(i.max_points for i in card.items) == pytest.approx(100)


def test_score002_unassessed_indicator_weight_is_shared_out():
    """Without a rate cap, jobs carries all 100 points."""
    a = assess(
        _inputs(
            {("A", "jobs"): Observation(600, 1000), ("A", "rate"): Observation(4.0)}
        ),
        RULES,
    )
    card = a.cards["A"]
    assert card.total == pytest.approx(100)
    assert [i.code for i in card.items] == ["jobs"]
    assert card.items[0].max_points == pytest.approx(100)


def test_score003_missing_report_costs_its_points():
    """No jobs report: 0 of 60; rate under the cap: 40 of 40."""
    a = assess(
        _inputs(
            {
                ("A", "rate"): Observation(4.0, 4.5),
                ("A", "jobs"): Observation(None, 100),
            }
        ),
        RULES,
    )
    assert a.cards["A"].total == pytest.approx(40)
    frame = results_frame(a)
    row = frame[(frame.region == "A") & (frame.code == "jobs")].iloc[0]
    assert row.status == Status.NO_DATA
    assert row.points == 0


def test_score004_no_target_at_all_means_no_score():
    """A region with nothing assessed has no total and no grade."""
    a = assess(_inputs({("A", "jobs"): Observation(5)}), RULES)
    assert a.cards["A"].total is None
    assert a.cards["A"].grade is None


def test_grade001_band_edges():
    """90 is 优秀, 89.99 良好, 80 良好, 60 合格, 59.99 不合格."""
    assert grade(90, RULES) == "excellent"
    assert grade(89.99, RULES) == "good"
    assert grade(80, RULES) == "good"
    assert grade(60, RULES) == "pass"
    assert grade(59.99, RULES) == "fail"
    assert grade(None, RULES) is None


def test_rank001_ties_share_a_place_and_the_next_is_skipped():
    """95, 90, 90, 80 → 1, 2, 2, 4."""
    ranks = rank_regions({"a": 95, "b": 90, "c": 90.0, "d": 80})
    assert [ranks[r].rank for r in "abcd"] == [1, 2, 2, 4]
    assert ranks["b"].tied and ranks["c"].tied
    assert not ranks["a"].tied


def test_rank002_near_ties_are_marked():
    """90.2 and 90.0 do not share a place but are within 0.5 points."""
    ranks = rank_regions({"a": 90.2, "b": 90.0, "c": 70})
    assert (ranks["a"].rank, ranks["b"].rank) == (1, 2)
    assert ranks["a"].near_tie and ranks["b"].near_tie
    assert not ranks["c"].near_tie


def test_rank003_change_against_previous_period():
    """b rose from 3rd to 1st (+2), a fell from 1st to 2nd (−1)."""
    ranks = rank_regions(
        {"a": 85, "b": 92, "c": 70},
        previous={"a": 95, "b": 60, "c": 80},
    )
    assert ranks["b"].change == 2
    assert ranks["a"].change == -1
    assert ranks["c"].change == -1


def test_rank004_unscored_regions_have_no_rank_or_change():
    """A region without a score is listed but not ranked."""
    ranks = rank_regions({"a": 80, "b": None}, previous={"a": 70})
    assert ranks["b"].rank is None
    assert ranks["a"].change == 0


def test_rank010_long_rankings_show_top_and_bottom_ten_plus_the_selected():
    from domain import excerpt

    ranks = list(range(1, 2851))  # 2,850 counties in rank order
    shown = excerpt(ranks, selected=1400)
    assert shown.rows == [*range(1, 11), 1400, *range(2841, 2851)]
    assert (shown.gap_at, shown.left_out, shown.total, shown.pages) == (
        11,
        2829,
        2850,
        114,
    )
    assert excerpt(ranks, selected=5).rows == [*range(1, 11), *range(2841, 2851)]
    assert excerpt(ranks, page=3).rows == list(range(51, 76))  # 25 a page
    assert excerpt(ranks, page=999).rows == list(range(2826, 2851))  # the last page
    assert excerpt(list(range(1, 8))).rows == list(range(1, 8))  # a city: whole
    assert excerpt(list(range(1, 8))).gap_at is None


def test_rank011_ties_and_near_ties_equal_the_pairwise_definition():
    """The sorted-neighbour computation gives what comparing every pair gives, on
    random totals with ties (hypothesis), and stays fast for 2,850 counties."""
    import time

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from domain import rank_regions

    def pairwise(scores, near):
        rounded = {r: round(s, 2) for r, s in scores.items() if s is not None}
        found = {}
        for region, value in rounded.items():
            others = [rounded[o] for o in rounded if o != region]
            tied = any(o == value for o in others)
            found[region] = (
                tied,
                not tied and any(abs(o - value) < near for o in others),
            )
        return found

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3),
                           st.one_of(st.none(), st.sampled_from([60, 75.5, 75.52, 75.9,
                                     80, 80.004, 91.3, 91.7, 100])), max_size=12),
           st.sampled_from([0.0, 0.5, 1.0]))  # fmt: skip
    def check(scores, near):
        ranks = rank_regions(scores, None, near)
        expected = pairwise(scores, near)
        for region, (tied, near_tie) in expected.items():
            assert (ranks[region].tied, ranks[region].near_tie) == (tied, near_tie)

    check()
    totals = {f"c{i}": 60 + (i * 7919 % 4000) / 100 for i in range(2850)}
    started = time.perf_counter()
    rank_regions(totals, totals, 0.5)
    assert time.perf_counter() - started < 0.2


def test_score101_a_region_that_reported_nothing_has_no_score_and_no_rank():
    """The probe: on the 1st of a month six counties without figures stood at 0.00
    不合格, tied second. A region with targets but no figure at all is 未报送: no
    total, no grade, no rank; one figure reported and it is scored (the missing
    indicator at zero)."""
    a = assess(
        _inputs({("A", "jobs"): Observation(None, 1000), ("A", "rate"): Observation(None, 4.5),
                 ("B", "jobs"): Observation(500, 1000), ("B", "rate"): Observation(None, 4.5),
                 ("C", "jobs"): Observation(600, 1000), ("C", "rate"): Observation(4.0, 4.5)}),
        RULES,
    )  # fmt: skip
    assert (a.cards["A"].total, a.cards["A"].grade) == (None, None)
    assert {i.status for i in a.cards["A"].items} == {Status.NO_DATA}
    assert a.cards["B"].total == pytest.approx(60)  # the rate unreported: 0 of 40
    ranks = rank_regions({r: c.total for r, c in a.cards.items()})
    assert ranks["A"].rank is None and ranks["C"].rank == 1 and ranks["B"].rank == 2
