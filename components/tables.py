"""Tables built from plain rows: score breakdown and ranking."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.cards import compact_status, grade_badge, status_badge
from components.links import county_href
from domain.kinds import kind_of
from i18n import fmt_change, fmt_number, fmt_percent, pick, t


def pending_mark(row: dict, lang: str | None):
    """'待审' next to a figure the office has not approved yet."""
    if not row.pending:
        return None
    return html.Span(t("pending", lang), className="pending-mark")


def why_line(row: dict, lang: str | None) -> str:
    """The sentence that explains one indicator's points."""
    points = fmt_number(row.points, 1)
    max_points = fmt_number(row.max_points, 1)
    if row.status == "no_data":
        return t("why_line_no_data", lang)
    kind = kind_of(row.kind)
    key = kind.why_key if kind is not None else "why_line_flow"
    return t(key, lang, actual=fmt_number(row.actual, 2 if kind and kind.percent else 0),
             cap=fmt_number(row.target, 2), share=fmt_percent(row.score_fraction),
             points=points, max=max_points)  # fmt: skip


def explanation_note(row, lang: str | None):
    """The county's 情况说明 on a figure (and the measures taken), beside it."""
    if not getattr(row, "explanation", None):
        return None
    text = t("labelled", lang, label=t("explanation", lang), value=row.explanation)
    return html.Div([html.Span("✎ ", **{"aria-hidden": "true"}), text,
                     html.Div(t("labelled", lang, label=t("explanation_measures", lang),
                                value=row.measures)) if row.measures else None],
                    className="explanation-note small")  # fmt: skip


def provenance_note(found, lang: str | None, year: int | None = None):
    """A target's provenance under it: its source (for a stock due in another year,
    the deadline) and the reason of its last change; who set it when is its title
    (a pointer shows it; the targets export lists it)."""
    if found is None:
        return None
    source = t(f"target_source_{found.source}", lang)
    if year is not None and found.year != year:
        source += f" · {t('target_deadline', lang, year=found.year)}"
    setter = (t("target_set", lang, by=found.set_by, date=found.set_at.strftime("%Y-%m-%d"))
              if found.set_by and found.set_at else None)  # fmt: skip
    return html.Div([html.Div(source), html.Div(found.reason) if found.reason else None],
                    className="provenance small text-muted", title=setter)  # fmt: skip


def breakdown_table(
    rows: Sequence,
    lang: str | None,
    href: Callable[[str], str],
    provenance: Mapping | None = None,
    year: int | None = None,
):
    """ "Why this score": one line per indicator with its points out of its maximum;
    序时进度 (m/12) with 按往年节奏应达 beside it, or the pace scoring uses."""
    paced = any(row.paced for row in rows)
    head = html.Thead(html.Tr([
        html.Th(t("indicator", lang)), html.Th(t("actual", lang), className="text-end"),
        html.Th(t("yoy", lang), className="text-end"),
        html.Th(t("target", lang), className="text-end"),
        html.Th(t("completion", lang), className="text-end"),
        html.Th(t("time_progress_paced" if paced else "time_progress", lang),
                className="text-end"),
        html.Th(t("seasonal_due", lang), className="text-end seasonal-col",
                title=t("seasonal_due_note", lang)) if not paced else None,
        html.Th(t("status", lang)), html.Th(t("points", lang), className="text-end"),
        html.Th(t("why_score", lang)),
    ]))  # fmt: skip
    body = []
    for row in rows:
        decimals = int(row.decimals or 0)
        assessed = row.status != "not_assessed"
        body.append(html.Tr([
            html.Td(dcc.Link(pick(row, "name", lang), href=href(row.code))),
            html.Td([fmt_number(row.actual, decimals), pending_mark(row, lang)],
                    className="text-end"),
            html.Td(yoy_text(row, lang), className="text-end small text-muted yoy"),
            html.Td([fmt_number(row.target, decimals),
                     provenance_note((provenance or {}).get(row.code), lang, year)],
                    className="text-end"),
            html.Td(fmt_percent(row.completion), className="text-end"),
            html.Td(fmt_percent(row.progress), className="text-end"),
            html.Td(fmt_percent(row.seasonal_progress), className="text-end seasonal-col")
            if not paced else None,
            html.Td(status_badge(row.status, lang)),
            html.Td(f"{fmt_number(row.points, 1)} / {fmt_number(row.max_points, 1)}"
                    if assessed else "—", className="text-end text-nowrap"),
            html.Td([why_line(row, lang) if assessed else t("status_not_assessed", lang),
                     explanation_note(row, lang)], className="small"),
        ]))  # fmt: skip
    return html.Div(
        dbc.Table(
            [head, html.Tbody(body)],
            size="sm",
            hover=True,
            className="mb-0 breakdown-table",
        ),
        className="table-responsive",
    )


def rank_cell(row: dict, lang: str | None, near_tie_points: float) -> list:
    rank = row.rank
    if rank is None:
        return ["—"]
    marks = [str(int(rank))]
    if row.tied:
        marks.append(html.Span(t("tie", lang), className="tie-mark"))
    elif row.near_tie:
        marks.append(html.Span("≈", className="tie-mark",
                               title=t("near_tie", lang, points=near_tie_points)))  # fmt: skip
    return marks


def published_cells(frozen: dict, row: dict, lang: str | None) -> list:
    """The announced total and rank, and the current difference from them with the
    reasons of the corrections (更正) made since publishing."""
    total, rank = frozen.get("total"), frozen.get("rank")
    shown = t("score_with_rank", lang, total=fmt_number(total, 2),
              rank_word=t("rank", lang), rank=fmt_number(rank))  # fmt: skip
    reasons = [html.Div(t("corrected_because", lang, reason=reason),
                        className="small text-muted correction-reason")
               for reason in frozen.get("corrections", ())]  # fmt: skip
    now = row.total
    if total is None or now is None or abs(now - total) < 0.005:
        return [html.Td(shown, className="text-nowrap"), html.Td(["—", *reasons])]
    diff = now - total
    return [
        html.Td(shown, className="text-nowrap"),
        html.Td(
            [html.Span(f"{diff:+.2f}", className="published-diff fw-bold"), *reasons]
        ),
    ]


def ranking_table(
    scores: Sequence,
    indicator_columns: Sequence,
    cells: dict,
    lang: str | None,
    href: Callable[[str], str],
    near_tie_points: float,
    published: dict[str, dict] | None = None,
    gap: tuple[int | None, int] = (None, 0),
    unit_key: str = "county",
) -> html.Div:
    """Rank, county, total, grade, change, then each indicator's points and status.

    With ``published`` (region → frozen total and rank) two columns show the announced
    figures and how far the current ones differ from them. ``gap`` (index, count)
    marks where a long ranking leaves units out.
    """
    head = html.Thead(html.Tr(
        [html.Th(t("rank", lang)), html.Th(t(unit_key, lang)),
         html.Th(t("total_score", lang), className="text-end"), html.Th(t("grade", lang)),
         html.Th(t("change_short", lang), title=t("change", lang))]
        + ([html.Th(t("published_score", lang)), html.Th(t("difference", lang))]
           if published else [])
        + [html.Th(pick(c, "name", lang), className="indicator-col") for c in indicator_columns]
    ))  # fmt: skip
    body = []
    for row in scores:
        tds = [
            html.Td(rank_cell(row, lang, near_tie_points), className="text-nowrap"),
            html.Td(dcc.Link(pick(row, "name", lang), href=href(row.region)),
                    className="text-nowrap"),
            html.Td(fmt_number(row.total, 2), className="text-end fw-bold"),
            html.Td(grade_badge(row.grade, lang)),
            html.Td(fmt_change(row.change), className="rank-change"),
        ]  # fmt: skip
        if published:
            frozen = published.get(row.region, {})
            tds.extend(published_cells(frozen, row, lang))
        for column in indicator_columns:
            cell = cells.get((row.region, column.code))
            if cell is None or cell.status == "not_assessed":
                tds.append(html.Td("—", className="text-center"))
                continue
            tds.append(html.Td(
                [fmt_number(cell.points, 1), " ", compact_status(cell.status, lang),
                 pending_mark(cell, lang)],
                className="text-nowrap",
            ))  # fmt: skip
        body.append(html.Tr(tds, **{"data-region": row.region}))
    if gap[0] is not None and gap[1]:
        width = 5 + (2 if published else 0) + len(indicator_columns)
        note = html.Span(t("units_left_out", lang, count=gap[1]), className="gap-note")
        body.insert(gap[0], html.Tr(html.Td(note, colSpan=width, className="text-muted"),
                                    className="ranking-gap"))  # fmt: skip
    return html.Div(
        dbc.Table([head, html.Tbody(body)], size="sm", hover=True, className="mb-0 ranking-table"),
        className="table-responsive",
    )  # fmt: skip


def score_list(
    scores: Sequence, lang: str | None, search: str, unit: str | None = None
) -> dbc.Table:
    """The units' rank, total, grade and change (a unit without a grade shows a dash);
    ``unit`` heads the name column (旗县区 by default)."""
    head = html.Thead(html.Tr([html.Th(t("rank", lang)), html.Th(unit or t("county", lang))]
                              + [html.Th(t(k, lang)) for k in
                                 ("total_score", "grade", "change")]))  # fmt: skip
    rows = [
        html.Tr([
            html.Td("—" if row.rank is None else row.rank),
            html.Td(dcc.Link(pick(row, "name", lang), href=county_href(row.region, search))),
            html.Td(fmt_number(row.total, 1), className="text-end"),
            html.Td(t(f"grade_{row.grade}", lang) if row.grade
                    else t("status_no_data", lang)),
            html.Td(fmt_change(row.change), className="rank-change"),
        ])
        for row in scores
    ]  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, className="mb-0",
                     id="overview-score-table")  # fmt: skip


def yoy_text(row, lang: str | None) -> str:
    """同比 of a figure: last year's value, the change and the change in percent
    (上年同期 3,100 · +250 · +8.1%), or a dash."""
    if row.last_year is None or row.actual is None:
        return "—"
    pct = "" if row.yoy_pct is None else f" · {row.yoy_pct:+.1f}%"
    return t("yoy_value", lang, last=fmt_number(row.last_year, row.decimals),
             change=f"{row.yoy_change:+,.{row.decimals}f}", pct=pct)  # fmt: skip


def indicator_status_table(
    rows: Sequence,
    lang: str | None,
    search: str,
    unit: str | None = None,
    provenance: Mapping | None = None,
    year: int | None = None,
) -> html.Div:
    """Each unit's figure, target (with its provenance), completion and status for
    one indicator; ``unit`` heads the name column (旗县区 by default)."""
    head = html.Thead(html.Tr([html.Th(unit or t("county", lang))]
                              + [html.Th(t(k, lang)) for k in
                                 ("actual", "yoy", "target", "completion", "status")]))  # fmt: skip
    body = [
        html.Tr([
            html.Td(dcc.Link(pick(r, "region", lang), href=county_href(r.region, search)),
                    className="text-nowrap"),
            html.Td(fmt_number(r.actual, r.decimals), className="text-nowrap"),
            html.Td(yoy_text(r, lang), className="small text-muted yoy"),
            html.Td([fmt_number(r.target, r.decimals),
                     provenance_note((provenance or {}).get(r.region), lang, year)],
                    className="target-cell"),
            html.Td(fmt_percent(r.completion), className="text-nowrap"),
            html.Td([status_badge(r.status, lang), explanation_note(r, lang)]),
        ])
        for r in rows
    ]  # fmt: skip
    return html.Div(dbc.Table([head, html.Tbody(body)], size="sm",
                              className="mb-0 indicator-status-table"),
                    className="table-responsive")  # fmt: skip


def change_history(changes: Sequence, lang: str | None) -> html.Div:
    """Target and weight changes, newest first."""
    if not changes:
        return html.P(t("no_history", lang), className="text-muted small mb-0")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("changed_at", "changed_by", "indicator", "old_value",
                                "new_value", "target_source", "history_reason")]))  # fmt: skip
    body = []
    for c in changes:
        what = (f"{pick(c, 'region', lang)} · {pick(c, 'name', lang)} · {c.year}"
                if c.year is not None else f"{t('weight', lang)} · {pick(c, 'name', lang)}")  # fmt: skip
        body.append(html.Tr([html.Td(c.changed_at.strftime("%Y-%m-%d %H:%M"),
                                     className="text-nowrap"),
                             html.Td(c.changed_by), html.Td(what),
                             html.Td(fmt_number(c.old_value, c.decimals)),
                             html.Td(fmt_number(c.new_value, c.decimals)),
                             html.Td(t(f"target_source_{c.source}", lang) if c.source else ""),
                             html.Td(c.reason or "")]))  # fmt: skip
    return dbc.Table(
        [head, html.Tbody(body)], size="sm", className="small mb-0 history-table"
    )


def account_table(accounts: Sequence, lang: str | None) -> dbc.Table:
    """Every account: role, county, active or disabled (a word, not colour alone),
    and whether its user must still choose a password."""
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "admin_username", "admin_display_name", "admin_role", "admin_county",
        "admin_state")]))  # fmt: skip
    body = [
        html.Tr([
            html.Td(a.username), html.Td(a.display_name), html.Td(t(f"role_{a.role}", lang)),
            html.Td(a.region or "—"),
            html.Td(t("admin_active" if a.is_active else "admin_inactive", lang)
                    + (f" · {t('admin_must_change', lang)}" if a.must_change_password
                       else "")),
        ], className="" if a.is_active else "text-muted", **{"data-user": a.username})
        for a in accounts
    ]  # fmt: skip
    return dbc.Table(
        [head, html.Tbody(body)], size="sm", className="mb-0 small account-table"
    )


def account_events(events: Sequence, lang: str | None):
    """The audit trail: when, who, what, to which account."""
    if not events:
        return html.P(t("no_history", lang), className="text-muted small mb-0")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "changed_at", "changed_by", "admin_action", "admin_username", "admin_detail")]))  # fmt: skip
    body = [
        html.Tr([html.Td(e.at.strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
                 html.Td(e.actor), html.Td(t(f"event_{e.action}", lang)),
                 html.Td(e.username), html.Td(e.detail)])
        for e in events
    ]  # fmt: skip
    return dbc.Table(
        [head, html.Tbody(body)], size="sm", className="mb-0 small event-table"
    )


def ranking_pager(
    part, href: Callable[[int], str], lang: str | None
) -> html.Div | None:
    """Below a long ranking: how much is shown and the way to the rest, page by page
    (``href(page)`` is the link to a page; 0 is the top and bottom ten)."""
    if part.page == 0 and not part.left_out:
        return None
    if part.page == 0:
        items = [
            html.Span(t("excerpt_note", lang, total=part.total)),
            dcc.Link(t("show_all_paged", lang), href=href(1), className="pager-all"),
        ]
    else:
        items = [html.Span(t("page_of", lang, page=part.page, pages=part.pages))]
        if part.page > 1:
            items.append(dcc.Link(t("page_previous", lang), href=href(part.page - 1)))
        if part.page < part.pages:
            items.append(
                dcc.Link(
                    t("page_next", lang),
                    href=href(part.page + 1),
                    className="pager-next",
                )
            )
        items.append(dcc.Link(t("page_top_bottom", lang), href=href(0)))
    return html.Div(items, className="ranking-pager d-flex flex-wrap gap-3 small mt-2")
