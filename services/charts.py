"""The dashboard's charts by name, built once for the pages and for the exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from components.figures import (
    choropleth_figure,
    heatmap_figure,
    score_bar_figure,
    trend_figure,
)
from components.i18n import fmt_number, pick, t
from data_access import queries
from services.assessment import PeriodView
from services.trends import city_code, trend

# Rates and zero targets have no "completion vs progress": their heatmap cell colour
# stands for their status, and the text shows the real figure.
STATUS_SCORE = {"on_track": 10.0, "lagging": -5.0, "alert": -20.0}


def _heat_cell(row: dict, lang) -> tuple[float | None, str]:
    status = row["status"]
    if status in ("no_data", "not_assessed"):
        return None, t(f"status_{status}", lang)
    gap = row.get("gap_points")
    if row["kind"] in ("flow", "stock") and gap is not None and gap == gap:
        return gap, f"{gap:+.1f}"
    if row["kind"] == "rate_cap":
        return STATUS_SCORE[status], f"{row['actual']:.2f}%"
    if row["kind"] == "zero":
        return STATUS_SCORE[status], fmt_number(row["actual"])
    return STATUS_SCORE.get(status), t(f"status_{status}", lang)


def score_bar(view: PeriodView, lang: str) -> go.Figure:
    names = [pick(r, "name", lang) for r in view.scores.to_dict("records")]
    return score_bar_figure(names, view.scores.total.tolist(), lang=lang)


def gap_heatmap(view: PeriodView, lang: str) -> go.Figure:
    """Indicator × county: points ahead of (or behind) time progress."""
    results = view.results[view.results.region.isin(view.counties)]
    cells = {(r["region"], r["code"]): r for r in results.to_dict("records")}
    names = [pick(r, "name", lang) for r in view.scores.to_dict("records")]
    columns = view.indicators.to_dict("records")
    z, text = [], []
    for ind in columns:
        pairs = [_heat_cell(cells[(c, ind["code"])], lang) for c in view.scores.region]
        z.append([p[0] for p in pairs])
        text.append([p[1] for p in pairs])
    return heatmap_figure(
        z, text, names, [pick(c, "name", lang) for c in columns],
        colorbar_title=t("gap", lang),
    )  # fmt: skip


def score_map(view: PeriodView, lang: str) -> go.Figure:
    scores = view.scores
    hover = [
        f"{pick(r._asdict(), 'name', lang)}<br>{t('total_score', lang)} "
        f"{fmt_number(r.total, 1)}<br>{t('rank', lang)} {fmt_number(r.rank)}"
        for r in scores.itertuples()
    ]
    return choropleth_figure(
        queries.boundaries(), scores.region.tolist(), scores.total.tolist(), hover,
        colorbar_title=t("score", lang), zmin=60, zmax=100,
    )  # fmt: skip


def city_trend(view: PeriodView, lang: str, indicator: str, rules) -> go.Figure:
    """The city's year to date against the target path and last year."""
    found = trend(indicator, view.year, rules, city_code(), view.mode)
    return trend_figure(found.for_region(city_code()), kind=found.indicator["kind"],
                        year=view.year, lang=lang, unit=found.unit(lang))  # fmt: skip


@dataclass(frozen=True)
class Chart:
    title_key: str
    build: Callable[..., go.Figure]
    needs_indicator: bool = False


CHARTS: dict[str, Chart] = {
    "score-bar": Chart("score_bar", score_bar),
    "gap-heatmap": Chart("heatmap_title", gap_heatmap),
    "score-map": Chart("score_map", score_map),
    "city-trend": Chart("city_trend", city_trend, needs_indicator=True),
}
