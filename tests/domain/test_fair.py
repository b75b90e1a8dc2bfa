"""Issue 22: the fair comparisons, worked by hand."""

from __future__ import annotations

import pytest

from domain.fair import improvement, most_improved, moves, per_capita_index
from domain.ranking import rank_regions


def test_fair001_per_capita_puts_a_small_county_level_with_a_large_one():
    """A: 1,000 jobs for 100,000 people (100 per 10k); B: 300 for 20,000 (150 per
    10k). Together 1,300 for 120,000: 108.33 per 10k. A's index 100/108.33 = 92.3,
    B's 150/108.33 = 138.5: B is first although A did more. A second flow where both
    did 50 per 10k puts each at 100 for it; C has no population: unranked."""
    population = {"A": 100_000.0, "B": 20_000.0}
    found = per_capita_index({"jobs": {"A": 1000.0, "B": 300.0, "C": 50.0}}, population)
    assert found["A"] == pytest.approx(100 / (1300 / 12) * 100)
    assert found["B"] == pytest.approx(150 / (1300 / 12) * 100)
    assert found["C"] is None
    two = per_capita_index({"jobs": {"A": 1000.0, "B": 300.0},
                            "loans": {"A": 500.0, "B": 100.0}}, population)  # fmt: skip
    assert two["B"] == pytest.approx((150 / (1300 / 12) + 1.0) / 2 * 100)
    ranks = rank_regions(found)
    assert (ranks["B"].rank, ranks["A"].rank, ranks["C"].rank) == (1, 2, None)


def test_fair002_improvement_on_the_unit_s_own_previous_year():
    found = improvement({"A": 90.0, "B": 80.0, "C": 70.0}, {"A": 95.0, "B": 70.5})
    assert found == {"A": -5.0, "B": 9.5, "C": None}
    assert rank_regions(found)["B"].rank == 1


def test_fair003_rank_moves_and_the_most_improved():
    """B went from 5th in January to 2nd (+3), C from 3rd to 1st (+2): B is marked;
    nobody moving up marks nobody."""
    moved = moves({"A": 3, "B": 2, "C": 1, "D": None}, {"A": 1, "B": 5, "C": 3, "D": 2})
    assert moved == {"A": -2, "B": 3, "C": 2, "D": None}
    assert most_improved(moved) == {"B"}
    assert most_improved({"A": 0, "B": -1}) == set()
    assert most_improved({"A": 2, "B": 2}) == {"A", "B"}
