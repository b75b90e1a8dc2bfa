"""Ranks with shared places for ties, near-tie marks and change since last period."""

from __future__ import annotations

from collections.abc import Mapping

from domain.model import RankInfo


def _places(scores: Mapping[str, float | None]) -> dict[str, int]:
    ranked = sorted(
        ((r, round(s, 2)) for r, s in scores.items() if s is not None),
        key=lambda item: -item[1],
    )
    places: dict[str, int] = {}
    for position, (region, score) in enumerate(ranked, start=1):
        if position > 1 and score == ranked[position - 2][1]:
            places[region] = places[ranked[position - 2][0]]
        else:
            places[region] = position
    return places


def rank_regions(
    scores: Mapping[str, float | None],
    previous: Mapping[str, float | None] | None = None,
    near_tie_points: float = 0.5,
) -> dict[str, RankInfo]:
    """Competition ranking (1, 2, 2, 4) by score; regions without a score get None.

    ``tied`` marks regions sharing a place; ``near_tie`` those within
    ``near_tie_points`` of a neighbour without sharing its place. ``change`` is
    the previous place minus the current one (positive: moved up).
    """
    places = _places(scores)
    before = _places(previous) if previous else {}
    rounded = {r: round(s, 2) for r, s in scores.items() if s is not None}
    result: dict[str, RankInfo] = {}
    for region in scores:
        place = places.get(region)
        if place is None:
            result[region] = RankInfo(rank=None)
            continue
        others = [rounded[o] for o in rounded if o != region]
        tied = any(o == rounded[region] for o in others)
        near = not tied and any(
            abs(o - rounded[region]) < near_tie_points for o in others
        )
        change = before[region] - place if region in before else None
        result[region] = RankInfo(rank=place, tied=tied, near_tie=near, change=change)
    return result
