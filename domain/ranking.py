"""Ranks with shared places for ties, near-tie marks and change since last period."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

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
    # Ties and near ties from the sorted distinct values (n log n: a country has
    # 2,850 counties): a value shared is a tie; else the nearest other value decides.
    counts = Counter(rounded.values())
    distinct = sorted(counts)
    result: dict[str, RankInfo] = {}
    for region in scores:
        place = places.get(region)
        if place is None:
            result[region] = RankInfo(rank=None)
            continue
        value = rounded[region]
        tied = counts[value] > 1
        at = bisect_left(distinct, value)
        neighbours = distinct[max(at - 1, 0) : at] + distinct[at + 1 : at + 2]
        near = not tied and any(abs(o - value) < near_tie_points for o in neighbours)
        change = before[region] - place if region in before else None
        result[region] = RankInfo(rank=place, tied=tied, near_tie=near, change=change)
    return result


PAGE_SIZE = 25  # rows a page of a full ranking holds


@dataclass(frozen=True)
class Excerpt:
    """The part of a ranking a view shows: ``rows``, with ``left_out`` rows skipped
    before index ``gap_at`` (the middle of a long ranking), or one page of it."""

    rows: list
    total: int
    gap_at: int | None = None
    left_out: int = 0
    page: int = 0  # 0: top and bottom; else the page shown
    pages: int = 1


def excerpt(
    rows: list,
    page: int = 0,
    selected=None,
    key=lambda row: row,
    top: int = 10,
    page_size: int = PAGE_SIZE,
    whole_up_to: int = 25,
) -> Excerpt:
    """A long ranking as a reader takes it in: the ``top`` first and last (and the
    ``selected`` one, whose ``key`` matches, where it falls between), or page ``page``
    of ``page_size``. Rankings of ``whole_up_to`` rows or fewer are shown whole."""
    total = len(rows)
    pages = max(1, -(-total // page_size))
    if page > 0:
        page = min(page, pages)
        return Excerpt(rows[(page - 1) * page_size : page * page_size], total,
                       page=page, pages=pages)  # fmt: skip
    if total <= whole_up_to:
        return Excerpt(list(rows), total, pages=pages)
    head, tail = list(rows[:top]), list(rows[-top:])
    middle = rows[top:-top]
    chosen = [row for row in middle if selected is not None and key(row) == selected]
    return Excerpt(head + chosen + tail, total, gap_at=top + len(chosen),
                   left_out=len(middle) - len(chosen), pages=pages)  # fmt: skip
