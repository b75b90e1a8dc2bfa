"""Tables built from plain rows: score breakdown and ranking."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.cards import compact_status, grade_badge, status_badge
from components.links import county_href
from components.static import static
from components.text import as_written, names_marked
from domain.kinds import kind_of
from i18n import fmt_change, fmt_number, fmt_percent, pace_sentence, pick, t


def pending_mark(row: dict, lang: str | None):
    """'待审' next to a figure the office has not approved yet."""
    if not row.pending:
        return None
    return html.Span(t("pending", lang), className="pending-mark")


# On a phone (assets/app.css, ``.card-rows``) each row of an explaining table is a card:
# its name, status, score and why stay in view; the other cells (labelled from their
# column, ``data-label``) open with the row's 详情 button (assets/cards.js).
HEAD, FIGURE, STATUS, SCORE, WHY, DETAIL, RANK, PHONE = (
    "cell-head", "cell-figure", "cell-status", "cell-score", "cell-why", "cell-detail",
    "cell-rank", "cell-phone")  # fmt: skip


def cell(content, role: str, className: str = "", **props):
    """A table cell with its role on a phone card. On the phone it shows its column's
    header before it (assets/cards.js copies it from the table's head: no label per
    cell crosses the wire)."""
    return html.Td(content, className=f"{role} {className}".strip(), **props)


def row_toggle(lang: str | None) -> html.Td:
    """The phone card's 详情 button (hidden on wider screens)."""
    return html.Td(html.Button(t("row_details", lang), type="button", className="row-more",
                               **{"aria-expanded": "false"}), className="cell-toggle")  # fmt: skip


def toggle_head(lang: str | None) -> html.Th:
    return html.Th(t("row_details", lang), className="cell-toggle")


def card_table(head, body, className: str, **props) -> html.Div:
    """A table that is one card per row on a phone."""
    return static(html.Div(
        dbc.Table([head, html.Tbody(body)], size="sm", hover=True,
                  className=f"mb-0 card-rows {className}", **props),
        className="table-responsive",
    ))  # fmt: skip


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


def pace_line(row, month: int | None, lang: str | None):
    """A flow's "需月均完成 X 人，前N月月均 Y 人" (or that the year's target is met)
    before December; None for other kinds, in December or without a target."""
    text = pace_sentence(row.pace_needed, row.pace_so_far, int(row.decimals or 0),
                         pick(row, "unit", lang), month, lang)  # fmt: skip
    if text is None:
        return None
    behind = row.pace_needed > row.pace_so_far
    return html.Div(
        text, className="pace-line small" + (" pace-behind" if behind else "")
    )


def explanation_note(row, lang: str | None):
    """The county's 情况说明 on a figure (and the measures taken), beside it."""
    if not getattr(row, "explanation", None):
        return None
    label = t("labelled", lang, label=t("explanation", lang), value="")
    return html.Div([html.Span("✎ ", **{"aria-hidden": "true"}), label,
                     as_written(row.explanation, lang),
                     html.Div([t("labelled", lang, label=t("explanation_measures", lang),
                                 value=""), as_written(row.measures, lang)])
                     if row.measures else None],
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
    return html.Div([html.Div(source),
                     html.Div(as_written(found.reason, lang)) if found.reason else None],
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
        html.Th(t("why_score", lang)), toggle_head(lang),
    ]))  # fmt: skip
    body = []
    for row in rows:
        decimals = int(row.decimals or 0)
        assessed = row.status != "not_assessed"
        body.append(html.Tr([
            cell(dcc.Link(pick(row, "name", lang), href=href(row.code)), HEAD),
            cell([fmt_number(row.actual, decimals), pending_mark(row, lang)], FIGURE, "text-end"),
            cell(yoy_text(row, lang), DETAIL, "text-end small text-muted yoy"),
            cell([fmt_number(row.target, decimals),
                  provenance_note((provenance or {}).get(row.code), lang, year)],
                 DETAIL, "text-end"),
            cell(fmt_percent(row.completion), DETAIL, "text-end"),
            cell(fmt_percent(row.progress), DETAIL, "text-end"),
            cell(fmt_percent(row.seasonal_progress), DETAIL,
                 "text-end seasonal-col") if not paced else None,
            cell(status_badge(row.status, lang), STATUS),
            cell(f"{fmt_number(row.points, 1)} / {fmt_number(row.max_points, 1)}"
                 if assessed else "—", SCORE, "text-end text-nowrap"),
            cell([why_line(row, lang) if assessed else t("status_not_assessed", lang),
                  explanation_note(row, lang)], WHY, className="small"),
            row_toggle(lang),
        ]))  # fmt: skip
    return card_table(head, body, "breakdown-table")


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
    """The announced total and rank, and under it the current difference from them
    with the reasons of the corrections (更正) made since publishing: one column, so
    that a published month's ranking still fits 1440 px in English."""
    total, rank = frozen.get("total"), frozen.get("rank")
    shown = t("score_with_rank", lang, total=fmt_number(total, 2),
              rank_word=t("rank", lang), rank=fmt_number(rank))  # fmt: skip
    reasons = [html.Div(names_marked(t("corrected_because", lang, reason=reason), lang),
                        className="small text-muted correction-reason")
               for reason in frozen.get("corrections", ())]  # fmt: skip
    now = row.total
    diff = None
    if total is not None and now is not None and abs(now - total) >= 0.005:
        diff = html.Div(f"{now - total:+.2f}", className="published-diff fw-bold")
    return [cell([html.Div(shown), diff, *reasons], DETAIL,
                 "published-cell")]  # fmt: skip


def rank_range_text(score) -> str:
    """A projected rank with its range: "2–4", or "3" where the range is one place."""
    if score.rank is None:
        return "—"
    if score.best is None or score.best == score.worst:
        return str(score.rank)
    return f"{score.best}–{score.worst}"


def projected_cell(score, lang: str | None):
    """A unit's projected year-end total and grade over its rank range (预计年终)."""
    if score is None or score.total is None:
        return cell("—", DETAIL, "text-center")
    grade = t(f"grade_{score.grade}", lang) if score.grade else ""
    # Three short lines, not one long one: the column must leave room for ten
    # indicators and the announced figures at 1440 px in English.
    return cell([html.Div(fmt_number(score.total, 1)),
                 html.Div(grade, className="small"),
                 html.Div(t("projected_rank", lang, ranks=rank_range_text(score)),
                          className="small text-muted")],
                DETAIL, "projected-cell text-nowrap")  # fmt: skip


def ranking_why(statuses: Sequence[str], lang: str | None) -> str:
    """A unit's one-line why on a phone: how many indicators are in each worrying
    status (预警1项、滞后2项), or that all are on track."""
    counts = [
        (s, statuses.count(s)) for s in ("alert", "lagging", "near_cap", "no_data")
    ]
    words = [t("ranking_why_count", lang, status=t(f"status_{s}", lang), count=n)
             for s, n in counts if n]  # fmt: skip
    if not words:
        return t("ranking_why_all_on_track", lang) if statuses else ""
    return t("bl_list_sep", lang).join(words)


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
    projected: dict | None = None,
) -> html.Div:
    """Rank, county, total, grade, change, then each indicator's points and status.

    With ``published`` (region → frozen total and rank) a column shows the announced
    figures and how far the current ones differ from them. ``gap`` (index, count)
    marks where a long ranking leaves units out. With ``projected`` (region →
    ``ScoreOutlook``) a column shows where each unit is heading (预计年终). On a
    phone each unit is a card: rank, name, total, grade, change and a one-line why;
    the indicators open with 详情.
    """
    head = html.Thead(html.Tr(
        [html.Th(t("rank", lang)), html.Th(t(unit_key, lang)),
         html.Th(t("total_score", lang), className="text-end"), html.Th(t("grade", lang)),
         html.Th(t("change_short", lang), title=t("change", lang)),
         html.Th(t("why_short", lang), className=PHONE)]
        + ([html.Th(t("published_score", lang), title=t("difference", lang),
                    className="published-col")]
           if published else [])
        + ([html.Th(t("projected_column", lang), title=t("projected_column_title", lang),
                    className="projected-col")]
           if projected is not None else [])
        + [html.Th(pick(c, "name", lang), className="indicator-col") for c in indicator_columns]
        + [toggle_head(lang)]
    ))  # fmt: skip
    body = []
    for row in scores:
        found = [cells.get((row.region, c.code)) for c in indicator_columns]
        assessed = [c for c in found if c is not None and c.status != "not_assessed"]
        tds = [
            cell(rank_cell(row, lang, near_tie_points), RANK, className="text-nowrap"),
            cell(dcc.Link(pick(row, "name", lang), href=href(row.region)), HEAD,
                 className="unit-name"),
            cell(fmt_number(row.total, 2), SCORE, "text-end fw-bold"),
            cell(grade_badge(row.grade, lang), STATUS),
            cell(fmt_change(row.change), "cell-change", "rank-change"),
            cell(ranking_why([c.status for c in assessed], lang), f"{WHY} {PHONE}",
                 className="small"),
        ]  # fmt: skip
        if published:
            frozen = published.get(row.region, {})
            tds.extend(published_cells(frozen, row, lang))
        if projected is not None:
            tds.append(projected_cell(projected.get(row.region), lang))
        for found_cell in found:
            if found_cell is None or found_cell.status == "not_assessed":
                tds.append(cell("—", DETAIL, "text-center"))
                continue
            # Points over their status word: ten indicators fit 1440 px in English.
            tds.append(cell(
                [html.Span(fmt_number(found_cell.points, 1), className="cell-points"), " ",
                 compact_status(found_cell.status, lang), pending_mark(found_cell, lang)],
                DETAIL, "indicator-cell"))  # fmt: skip
        tds.append(row_toggle(lang))
        body.append(html.Tr(tds, **{"data-region": row.region}))
    if gap[0] is not None and gap[1]:
        width = (6 + (1 if published else 0) + (1 if projected is not None else 0)
                 + len(indicator_columns))  # fmt: skip
        note = html.Span(t("units_left_out", lang, count=gap[1]), className="gap-note")
        body.insert(gap[0], html.Tr(html.Td(note, colSpan=width, className="text-muted"),
                                    className="ranking-gap"))  # fmt: skip
    return card_table(head, body, "ranking-table")


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
    return static(dbc.Table([head, html.Tbody(rows)], size="sm", hover=True,
                            className="mb-0", id="overview-score-table"))  # fmt: skip


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
    month: int | None = None,
) -> html.Div:
    """Each unit's figure, target (with its provenance), completion, status, points
    and why (with a flow's pace needed and pace so far before December) for one
    indicator; ``unit`` heads the name column (旗县区 by default)."""
    head = html.Thead(html.Tr([html.Th(unit or t("county", lang))]
                              + [html.Th(t(k, lang)) for k in
                                 ("actual", "yoy", "target", "completion", "status")]
                              + [html.Th(t("points", lang), className=PHONE),
                                 html.Th(t("why_short", lang))]
                              + [toggle_head(lang)]))  # fmt: skip
    body = []
    for r in rows:
        assessed = r.status != "not_assessed"
        body.append(html.Tr([
            cell(dcc.Link(pick(r, "region", lang), href=county_href(r.region, search)),
                 HEAD, className="text-nowrap"),
            cell(fmt_number(r.actual, r.decimals), FIGURE, "text-nowrap"),
            cell(yoy_text(r, lang), DETAIL, "small text-muted yoy"),
            cell([fmt_number(r.target, r.decimals),
                  provenance_note((provenance or {}).get(r.region), lang, year)],
                 DETAIL, "target-cell"),
            cell(fmt_percent(r.completion), DETAIL, "text-nowrap"),
            cell(status_badge(r.status, lang), STATUS),
            # On a wider screen the why says the points (the table fits beside the map).
            cell(f"{fmt_number(r.points, 1)} / {fmt_number(r.max_points, 1)}"
                 if assessed else "—", f"{SCORE} {PHONE}", "text-nowrap"),
            cell([why_line(r, lang) if assessed else t("status_not_assessed", lang),
                  pace_line(r, month, lang), explanation_note(r, lang)], WHY,
                 className="small"),
            row_toggle(lang),
        ]))  # fmt: skip
    return card_table(head, body, "indicator-status-table")


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
        body.append(html.Tr([
            html.Td(c.changed_at.strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
            html.Td(c.changed_by),
            html.Td(what),
            html.Td(fmt_number(c.old_value, c.decimals)),
            html.Td(fmt_number(c.new_value, c.decimals)),
            html.Td(t(f"target_source_{c.source}", lang) if c.source else ""),
            html.Td(as_written(c.reason or "", lang)),
        ]))  # fmt: skip
    return dbc.Table([head, html.Tbody(body)], size="sm",
                     className="small mb-0 card-rows history-table")  # fmt: skip


def account_table(accounts: Sequence, lang: str | None) -> dbc.Table:
    """Every account: role, county, active or disabled (a word, not colour alone),
    and whether its user must still choose a password."""
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "admin_username", "admin_display_name", "admin_role", "admin_unit",
        "admin_state")]))  # fmt: skip
    body = [
        html.Tr([
            html.Td(a.username), html.Td(as_written(a.display_name, lang)),
            html.Td(t(f"role_{a.role}", lang)),
            html.Td(pick(a, "region", lang) if a.region else
                    pick(a, "department", lang) if a.department_zh else "—", title=a.region),
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
