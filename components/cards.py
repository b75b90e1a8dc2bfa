"""Cards, badges and page headers built from plain rows."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.kinds import kind_of
from i18n import (
    fmt_number,
    fmt_percent,
    fmt_points,
    month_state_word,
    period_label,
    pick,
    t,
)
from presenters.theme import GRADE_COLOR, OUTLOOK_STYLE, STATUS_STYLE


def status_badge(status: str, lang: str | None) -> html.Span:
    """Icon + word + colour, so that status never rests on colour alone. The colours
    are CSS classes (assets/app.css, kept equal to STATUS_STYLE by a test): a long
    ranking has hundreds of these."""
    return html.Span(
        [html.Span(STATUS_STYLE[status]["icon"], className="status-icon",
                   **{"aria-hidden": "true"}),
         t(f"status_{status}", lang)],
        className=f"status-badge status-badge-{status}",
    )  # fmt: skip


def outlook_badge(outlook: str | None, lang: str | None):
    """有望完成 / 存在风险 / 难以完成 as icon + word + colour (the colours of the
    statuses they resemble); "—" without an outlook."""
    if outlook not in OUTLOOK_STYLE:
        return "—"
    style = OUTLOOK_STYLE[outlook]
    return html.Span(
        [html.Span(style["icon"], className="status-icon", **{"aria-hidden": "true"}),
         t(f"outlook_{outlook}", lang)],
        className=f"status-badge status-badge-{style['status']} outlook-badge",
    )  # fmt: skip


def compact_status(status: str, lang: str | None) -> html.Span:
    """The status badge as one span (icon and word in its text): for tables of many
    rows, where every byte of a cell counts many times over."""
    word = f"{STATUS_STYLE[status]['icon']} {t(f'status_{status}', lang)}"
    return html.Span(word, className=f"status-badge status-badge-{status}")


def grade_badge(grade: str | None, lang: str | None) -> html.Span:
    """A unit's grade; one without figures is 未报送 (no score, no grade, no rank)."""
    if not grade:
        return html.Span(
            t("status_no_data", lang), className="text-muted small no-grade"
        )
    return html.Span(
        t(f"grade_{grade}", lang),
        className="grade-badge",
        style={"borderColor": GRADE_COLOR[grade], "color": GRADE_COLOR[grade]},
    )


MONTH_STATE_ICON = {"not_started": "○", "open": "◔", "closed": "◑", "approved": "●",
                    "published": "✔"}  # fmt: skip


def month_state_chip(info, lang: str | None) -> html.Span:
    """The month's state as a word with its icon (已审定, 报送中 3/7): wherever a month
    is named, a reader sees whether its figures are final."""
    state = str(getattr(info.state, "value", info.state))
    word = month_state_word(state, info.approved, info.units, lang)
    return html.Span(
        [html.Span(MONTH_STATE_ICON.get(state, ""), **{"aria-hidden": "true"}), " ", word],
        className=f"month-state month-state-{state}",
    )  # fmt: skip


def demo_badge(lang: str | None) -> dbc.Badge:
    return dbc.Badge(
        t("demo_data", lang),
        color="warning",
        text_color="dark",
        className="demo-badge",
        title=t("demo_note", lang),
    )


def page_header(
    title: str,
    year: int,
    month: int,
    lang: str | None,
    *,
    is_demo: bool,
    updated: str | None,
    extra: Any = None,
    pending: bool = False,
    month_info: Any = None,
) -> html.Div:
    """Title, period, the "data as of" stamp with the month's state (已审定, 报送中
    3/7, …: ``month_info``, a domain ``MonthInfo``) and the 示例数据 label."""
    period = period_label(year, month, lang)
    stamp = [t("as_of", lang, period=period, updated=updated or "—")]
    if month_info is not None:
        stamp = [month_state_chip(month_info, lang), " ", *stamp]
    return html.Div(
        [
            html.Div(
                [html.H1(title, className="page-title"),
                 demo_badge(lang) if is_demo else None],
                className="d-flex align-items-center gap-2 flex-wrap",
            ),
            html.Div(stamp, className="as-of text-muted small"),
            html.Div(t("demo_note", lang), className="demo-note small") if is_demo else None,
            html.Div(t("pending_note", lang), className="pending-note small") if pending else None,
            extra,
        ],
        className="page-header mb-3",
    )  # fmt: skip


def _value_with_unit(row: Any, lang: str | None) -> str:
    unit = pick(row, "unit", lang)
    value = fmt_number(row.actual, int(row.decimals or 0))
    if value == "—":
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()


def indicator_facts(
    row: Any, lang: str | None, year: int | None = None
) -> list[tuple[str, str]]:
    """The label/value pairs that explain one indicator's status (its kind says
    which; ``year`` is the period's, where a stock's target may be missing)."""
    decimals = int(row.decimals or 0)
    unit = pick(row, "unit", lang)
    shown = {
        "number": lambda v: f"{fmt_number(v, decimals)} {unit}",
        "number1": lambda v: fmt_number(v, 1),
        "percent": fmt_percent,
        "points": lambda v: fmt_points(v, lang),
        "points2": lambda v: fmt_points(v, lang, 2),
        "cap": lambda v: f"{fmt_number(v, decimals)}%",
        "nil": lambda _v: f"0 {unit}",
        "missing": lambda _v: t("target_not_set", lang),
    }
    kind = kind_of(row.kind)
    facts = kind.facts(row, year) if kind is not None else []
    return [(t(label, lang, **values), shown[how](value))
            for label, values, value, how in facts]  # fmt: skip


def kpi_card(
    row: Any, lang: str | None, href: str, year: int | None = None
) -> dbc.Card:
    """One indicator at a glance: value, target, completion, progress, status."""
    facts = indicator_facts(row, lang, year)
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [dcc.Link(pick(row, "name", lang), href=href, className="kpi-name"),
                     status_badge(row.status, lang)],
                    className="d-flex justify-content-between align-items-start gap-2",
                ),
                html.Div(_value_with_unit(row, lang), className="kpi-value"),
                html.Dl(
                    [item for label, value in facts
                     for item in (html.Dt(label), html.Dd(value))],
                    className="kpi-facts",
                ),
            ]
        ),
        className=f"kpi-card h-100 status-{row.status}",
    )  # fmt: skip


def alert_message(text: str, color: str = "info") -> dbc.Alert:
    return dbc.Alert(text, color=color, className="my-2")


def status_summary(
    statuses: list[str], lang: str | None, words: dict[str, str] | None = None
) -> html.Div:
    """How many indicators are in each status: the ten-second picture. ``words``
    name the whole (全市, 全省, …)."""
    counts = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    order = ["on_track", "near_cap", "lagging", "alert", "no_data", "not_assessed"]
    return html.Div(
        [
            html.Span(
                t("status_summary", lang, count=len(statuses), **(words or {})),
                className="me-1",
            )
        ]
        + [
            html.Span(
                [status_badge(s, lang), html.Strong(f" {counts[s]}")], className="me-2"
            )
            for s in order
            if counts.get(s)
        ],
        className="status-summary mb-2",
    )
