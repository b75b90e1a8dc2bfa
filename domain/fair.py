"""Fair comparisons beside the official ranking (公平比较): per capita, improvement on
the unit's own previous year, and 争先进位 (rank movement). Each gives a value per
unit and a rank by it, by the same competition ranking as the official one."""

from __future__ import annotations

from collections.abc import Mapping

PER_10K = 10_000.0


def per_capita_index(
    figures: Mapping[str, Mapping[str, float | None]], population: Mapping[str, float]
) -> dict[str, float | None]:
    """Each unit's per-capita index: for every flow (``figures``: indicator → unit →
    year-to-date figure) its figure per 10,000 residents against all the units'
    together (100: the average of the units with a population), averaged over the
    flows it reported. None for a unit without a population or any figure."""
    ratios: dict[str, list[float]] = {region: [] for region in population}
    for by_region in figures.values():
        counted = {r: v for r, v in by_region.items()
                   if v is not None and population.get(r, 0) > 0}  # fmt: skip
        people = sum(population[r] for r in counted)
        whole = sum(counted.values())
        if people <= 0 or whole <= 0:
            continue
        average = whole / people * PER_10K
        for region, value in counted.items():
            ratios[region].append(value / population[region] * PER_10K / average)
    units = set(population) | {r for by_region in figures.values() for r in by_region}
    return {region: (sum(ratios[region]) / len(ratios[region]) * 100
                     if ratios.get(region) else None)
            for region in units}  # fmt: skip


def improvement(
    now: Mapping[str, float | None], before: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Each unit's total now less its total at the same month of the year before
    (None where either is missing)."""
    return {region: (None if total is None or before.get(region) is None
                     else round(total - before[region], 2))
            for region, total in now.items()}  # fmt: skip


def moves(
    now: Mapping[str, int | None], then: Mapping[str, int | None]
) -> dict[str, int | None]:
    """Places moved since ``then`` (positive: up), None where either rank is missing."""
    return {region: (None if rank is None or then.get(region) is None
                     else then[region] - rank)
            for region, rank in now.items()}  # fmt: skip


def most_improved(moved: Mapping[str, int | None]) -> set[str]:
    """The units that moved up the most (all of them on a tie); none if nobody moved
    up."""
    best = max((m for m in moved.values() if m is not None), default=0)
    return (
        {r for r, m in moved.items() if m is not None and m == best}
        if best > 0
        else set()
    )
