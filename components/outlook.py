"""The year-end outlook (预警) as layout: a county's projected score, grade and rank,
its indicators' projections, and the early-warning list of the overview."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.cards import outlook_badge
from components.static import static
from components.tables import (
    DETAIL,
    FIGURE,
    HEAD,
    STATUS,
    WHY,
    card_table,
    cell,
    explanation_note,
    pace_line,
    rank_range_text,
    row_toggle,
    toggle_head,
)
from components.text import as_written, names_marked
from domain.kinds import kind_of
from domain.ranking import excerpt
from i18n import fmt_number, fmt_percent, pick, t


def outlook_summary(score, month: int, lang: str | None) -> html.Div:
    """按当前进度，预计年终得分约84分（良好），排名第4–5名, with the score's range and
    how it is computed."""
    if score is None or score.total is None:
        return html.Div(t("outlook_none", lang), className="text-muted")
    grade = t(f"grade_{score.grade}", lang) if score.grade else "—"
    head = t("outlook_headline", lang, total=fmt_number(score.total, 0), grade=grade,
             ranks=rank_range_text(score))  # fmt: skip
    spread = (t("outlook_range", lang, low=fmt_number(score.low, 1),
                high=fmt_number(score.high, 1))
              if month < 12 else t("outlook_december", lang))  # fmt: skip
    return html.Div([
        html.P(html.Strong(head), className="mb-1 outlook-headline"),
        html.P(spread, className="mb-1 small"),
        html.P(t("outlook_method", lang), className="small text-muted mb-2"),
    ])  # fmt: skip


def _figure(value, row) -> str:
    return fmt_number(value, int(row.result.decimals or 0))


def _range(row) -> str:
    p = row.projection
    if p is None:
        return "—"
    return f"{_figure(p.low, row)}–{_figure(p.high, row)}"


def outlook_table(rows: Sequence, month: int, lang: str | None,
                  href: Callable[[str], str]) -> html.Div:  # fmt: skip
    """One line per indicator: the projected December figure and its 80 % range, what
    December must reach, the chance, the word and (a flow) the pace."""
    head = html.Thead(html.Tr([
        html.Th(t("indicator", lang)),
        html.Th(t("projected_december", lang), className="text-end"),
        html.Th(t("projected_range", lang), className="text-end"),
        html.Th(t("year_end_target", lang), className="text-end"),
        html.Th(t("chance", lang), className="text-end"),
        html.Th(t("outlook", lang)), html.Th(t("pace_short", lang)), toggle_head(lang),
    ]))  # fmt: skip
    body = []
    for row in rows:
        p = row.projection
        body.append(html.Tr([
            cell(dcc.Link(pick(row.result, "name", lang), href=href(row.result.code)), HEAD),
            cell(_figure(p.value, row) if p else "—", FIGURE, "text-end text-nowrap"),
            cell(_range(row), DETAIL, "text-end text-nowrap"),
            cell(_figure(row.target, row) if row.target is not None else "—", DETAIL,
                 "text-end text-nowrap"),
            cell(fmt_percent(p.probability, 0) if p else "—", DETAIL, "text-end"),
            cell(outlook_badge(row.outlook, lang) if p else t("outlook_none", lang), STATUS),
            cell(pace_line(row.result, month, lang) or "", WHY, "small"),
            row_toggle(lang),
        ]))  # fmt: skip
    return card_table(head, body, "outlook-table")


WARNINGS_SHOWN = 40  # lines the overview shows, the least likely first


def warning_table(found, month: int, lang: str | None, unit_word: str,
                  county: Callable[[str], str]) -> html.Div:  # fmt: skip
    """预警清单 (``found``: a ``WarningList``): every county × indicator projected to
    miss, the least likely first, with the lead department and the county's 情况说明;
    the most urgent WARNINGS_SHOWN of a long list (the export holds them all)."""
    rows = found.rows
    if not rows:
        return html.P(t("warnings_none", lang), className="text-muted mb-0")
    count = t("warnings_count", lang, unlikely=found.unlikely, at_risk=found.at_risk)
    if found.unlikely + found.at_risk > len(rows):
        count += t("warnings_more", lang, shown=len(rows))
    head = html.Thead(html.Tr([
        html.Th(unit_word), html.Th(t("indicator", lang)), html.Th(t("outlook", lang)),
        html.Th(t("projected_december", lang), className="text-end"),
        html.Th(t("year_end_target", lang), className="text-end"),
        html.Th(t("chance", lang), className="text-end"),
        html.Th(t("lead_department", lang)), html.Th(t("pace_short", lang)),
        toggle_head(lang),
    ]))  # fmt: skip
    body = []
    for row in rows:
        r = row.result
        body.append(html.Tr([
            cell(dcc.Link(pick(r, "region", lang), href=county(r.region)), HEAD,
                 "text-nowrap"),
            cell(pick(r, "name", lang), FIGURE),
            cell(outlook_badge(row.outlook, lang), STATUS),
            cell(_figure(row.projection.value, row), DETAIL, "text-end text-nowrap"),
            cell(_figure(row.target, row), DETAIL, "text-end text-nowrap"),
            cell(fmt_percent(row.projection.probability, 0), DETAIL, "text-end"),
            cell(as_written(pick(r, "lead", lang), lang) if r.lead_zh else "—", DETAIL),
            cell([pace_line(r, month, lang), explanation_note(r, lang)], WHY, "small"),
            row_toggle(lang),
        ]))  # fmt: skip
    return html.Div([html.P(count, className="small mb-1 warnings-count"),
                     card_table(head, body, "warning-table")])  # fmt: skip


# Pattern-matching ids of the what-if's controls (one per indicator).
WHATIF_PLAN = "whatif-plan"
WHATIF_WEIGHT = "whatif-weight"


def whatif_form(rows: Sequence, weights: dict, month: int, lang: str | None,
                office: bool) -> html.Div:  # fmt: skip
    """模拟测算: for each flow, what the county plans to do a month from now on (the
    pace so far to start with); for the office, each indicator's weight."""
    if month >= 12:
        return html.P(t("outlook_december", lang), className="text-muted mb-0")
    plans = []
    for row in rows:
        r = row.result
        if r.pace_so_far is None or r.actual is None or row.projection is None:
            continue
        # To start with, the pace the projection assumes: the what-if gives the outlook.
        planned = (row.projection.value - r.actual) / (12 - month)
        plans.append(html.Label([
            html.Span(t("whatif_plan_label", lang, name=pick(r, "name", lang),
                        unit=pick(r, "unit", lang)), className="small d-block"),
            dbc.Input(id={"type": WHATIF_PLAN, "code": r.code}, type="number", min=0,
                      step="any", value=round(planned, int(r.decimals or 0)),
                      debounce=True, size="sm"),
        ], className="whatif-control"))  # fmt: skip
    weighted = []
    if office:
        for row in rows:
            r = row.result
            weighted.append(html.Label([
                html.Span(t("whatif_weight_label", lang, name=pick(r, "name", lang)),
                          className="small d-block"),
                dbc.Input(id={"type": WHATIF_WEIGHT, "code": r.code}, type="number", min=0,
                          max=100, step="any", value=weights.get(r.code), debounce=True,
                          size="sm"),
            ], className="whatif-control"))  # fmt: skip
    return html.Div([
        html.P(t("whatif_intro", lang, months=12 - month), className="small text-muted mb-2"),
        html.Div(plans, className="whatif-grid mb-2"),
        html.Div([html.H3(t("whatif_weights", lang), className="h6 mt-2"),
                  html.Div(weighted, className="whatif-grid mb-2")]) if weighted else None,
    ])  # fmt: skip


def whatif_result(before, after, lang: str | None) -> html.Div:
    """The what-if's score, grade and rank beside the projection's."""
    if after is None or after.total is None:
        return html.P(t("outlook_none", lang), className="text-muted")
    grade = t(f"grade_{after.grade}", lang) if after.grade else "—"
    moved = None
    if before is not None and before.rank is not None and after.rank is not None:
        moved = t(
            "whatif_was", lang, total=fmt_number(before.total, 1), rank=before.rank
        )
    return html.Div([
        html.Strong(t("whatif_result", lang, total=fmt_number(after.total, 1), grade=grade,
                      rank=after.rank if after.rank is not None else "—"),
                    className="whatif-outcome"),
        html.Span(f" {moved}" if moved else "", className="small text-muted"),
        html.P(t("whatif_nothing_saved", lang), className="small text-muted mb-0"),
    ], role="status")  # fmt: skip


MOVE_UP_WAYS = 3  # ways a line names


def _way(step, indicator, lang: str | None) -> str:
    """One change in words: 城镇新增就业人数再增加46人 / 失业率降低0.12个百分点."""
    kind = kind_of(indicator.kind)
    amount = fmt_number(step.amount, int(indicator.decimals or 0))
    name, unit = pick(indicator, "name", lang), pick(indicator, "unit", lang)
    key = ("move_up_more" if not kind.lower_is_better
           else "move_up_rate" if kind.percent else "move_up_less")  # fmt: skip
    return t(key, lang, name=name, amount=amount, unit=unit)


def move_up_line(found, above_name: str, indicators: dict, lang: str | None):
    """What it takes to pass the unit above: the points, and the cheapest ways in
    real units (再新增就业46人可升至第3名)."""
    if found is None:
        return None
    if found.above is None:
        text = t("move_up_first", lang)
    else:
        head = t("move_up_head", lang, rank=found.rank, name=above_name,
                 points=fmt_number(found.points, 2))  # fmt: skip
        ways = [_way(s, indicators[s.code], lang) for s in found.steps]
        if not ways:
            text = head + t("move_up_cannot", lang)
        elif found.together:
            text = head + t("move_up_together", lang, rank=found.rank,
                            how=t("move_up_and", lang).join(ways))  # fmt: skip
        else:
            how = t("move_up_or", lang).join(ways[:MOVE_UP_WAYS])
            text = head + t("move_up_way", lang, how=how, rank=found.rank)
    return html.Div([html.Span(t("move_up_title", lang), className="fw-semibold me-2"),
                     names_marked(text, lang)], className="move-up small mt-2")  # fmt: skip


def _signed(value) -> str:
    if value is None:
        return "—"
    if not value:
        return "0"
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.2f}"


def fair_table(ranking, lang: str | None, unit_word: str,
               county: Callable[[str], str]) -> html.Div:  # fmt: skip
    """A fair view's ranking: its rank, the unit, its value there (the per-capita
    index, the change on last year, the places moved) and its official rank, with
    the line saying how it is computed."""
    basis = ranking.basis
    method = t(f"fair_method_{basis}", lang,
               year=ranking.population_year or "—")  # fmt: skip
    demo = (html.Span(t("demo_data", lang), className="badge text-bg-warning ms-2")
            if basis == "per_capita" and ranking.population_demo else None)  # fmt: skip
    value_head = {
        "per_capita": t("fair_index", lang),
        "improvement": t("fair_change", lang),
        "moves": t("fair_since_january", lang),
    }.get(basis, t("total_score", lang))
    heads = [t("rank", lang), unit_word, value_head]
    # The moves and the official views are in official order: no second rank column.
    own_order = basis in ("per_capita", "improvement")
    if basis == "moves":
        heads.append(t("fair_since_last_year", lang))
    if own_order:
        heads.append(t("fair_official", lang))
    part = excerpt(ranking.rows)  # a country's 2,850: the top and bottom ten
    body = []
    for at, row in enumerate(part.rows):
        if part.left_out and at == part.gap_at:
            body.append(
                html.Tr(
                    html.Td(
                        t("units_left_out", lang, count=part.left_out),
                        colSpan=len(heads),
                        className="text-center text-muted",
                    )
                )
            )
        if basis == "per_capita":
            value = fmt_number(row.value, 1)
        elif basis == "moves":
            value = _signed(row.since_january)
        elif basis == "improvement":
            value = _signed(row.value)
        else:
            value = fmt_number(row.value, 2)
        mark = (html.Span([html.Span("★ ", **{"aria-hidden": "true"}), t("fair_best", lang)],
                          className="fair-best ms-1") if row.best else None)  # fmt: skip
        cells = [html.Td(row.rank if row.rank is not None else "—"),
                 html.Td([dcc.Link(pick(row, "name", lang), href=county(row.region)), mark]),
                 html.Td(value, className="text-end")]  # fmt: skip
        if basis == "moves":
            cells.append(html.Td(_signed(row.since_last_year), className="text-end"))
        if own_order:
            cells.append(html.Td(row.official if row.official is not None else "—",
                                 className="text-end"))  # fmt: skip
        body.append(html.Tr(cells))
    return static(html.Div([
        html.P([method, demo], className="small text-muted mb-2 fair-method"),
        html.Div(dbc.Table([html.Thead(html.Tr([html.Th(h) for h in heads])),
                            html.Tbody(body)], size="sm", hover=True,
                           className="mb-0 fair-table w-auto"), className="table-responsive"),
    ]))  # fmt: skip
