"""Typed rows that services hand to pages, components and exports: dataclasses with
``float | None`` (never NaN), converted from DataFrames once, here."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime

import pandas as pd

from data_access.rows import records
from domain.model import Kind, Status


def _build(cls, frame: pd.DataFrame, **typed) -> list:
    """``frame``'s rows as ``cls`` (missing values None), the columns named in
    ``typed`` passed through their function (a kind's text → its enum)."""
    names = [f.name for f in fields(cls) if f.name in frame.columns]
    built = []
    for row in records(frame[names]):
        for column, convert in typed.items():
            row[column] = convert(row[column])
        built.append(cls(**row))
    return built


@dataclass(frozen=True)
class RegionRow:
    code: str
    name_zh: str
    name_en: str
    level: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: Kind
    direction: str
    weight: float
    decimals: int
    article: str
    lead_zh: str
    lead_en: str


@dataclass(frozen=True)
class ScoreRow:
    """A county's total, grade and rank for a period."""

    region: str
    name_zh: str
    name_en: str
    total: float | None
    grade: str | None
    rank: int | None
    tied: bool
    near_tie: bool
    change: int | None


@dataclass(frozen=True)
class ResultRow:
    """One indicator of one region for a period: the figure, its status and points."""

    region: str
    region_zh: str
    region_en: str
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: Kind
    status: Status
    decimals: int
    actual: float | None = None
    target: float | None = None
    due: float | None = None
    completion: float | None = None
    progress: float | None = None
    gap_points: float | None = None
    pace_needed: float | None = None
    deadline_year: float | None = None
    max_points: float | None = None
    points: float | None = None
    score_fraction: float | None = None
    pending: bool = False
    seasonal_progress: float | None = None  # 按往年节奏应达, where it is not the basis
    paced: bool = False  # ``progress`` follows last years' pace (SEASONAL_PROFILE=1)
    last_year: float | None = None  # 同比: the same month last year
    yoy_change: float | None = None
    yoy_pct: float | None = None
    lead_zh: str | None = None  # the indicator's lead department
    lead_en: str | None = None
    explanation: str | None = None  # the county's 情况说明 on the figure
    measures: str | None = None  # and the measures it has taken
    pace_so_far: float | None = None  # a flow's monthly average so far (前N月月均)


@dataclass(frozen=True)
class ExplanationRow:
    """A county's current 情况说明 on one figure: why, the measures taken, the value
    it was written on, who wrote it when."""

    region: str
    indicator: str
    year: int
    month: int
    text: str
    measures: str | None
    value: float | None
    by: str
    at: datetime


def explanation_rows(frame: pd.DataFrame) -> list[ExplanationRow]:
    return _build(ExplanationRow, frame)


def region_rows(frame: pd.DataFrame) -> list[RegionRow]:
    return _build(RegionRow, frame)


def indicator_rows(frame: pd.DataFrame) -> list[IndicatorRow]:
    rows = _build(IndicatorRow, frame)
    return [_with(r, kind=Kind(r.kind)) for r in rows]


def _whole(value) -> int | None:
    return None if value is None else int(value)


def score_rows(frame: pd.DataFrame) -> list[ScoreRow]:
    """Ranks and changes stay whole numbers even when a missing one made the column
    float."""
    return [_with(r, rank=_whole(r.rank), change=_whole(r.change))
            for r in _build(ScoreRow, frame)]  # fmt: skip


def result_rows(frame: pd.DataFrame) -> list[ResultRow]:
    return _build(ResultRow, frame, kind=Kind, status=Status)


def _with(row, **changes):
    return replace(row, **changes)
