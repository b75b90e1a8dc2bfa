"""Data-quality pieces: the soft checks' hints (审核提示), the 情况说明 form, the
office's review desk and queue, and the data-quality overview. Built from plain
rows; no data access here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html

from components import data_ids as D
from components.cards import status_badge
from components.panels import labelled
from components.text import as_written
from i18n import fmt_number, pick, t

HINT_ICON = "⚠"


def flag_text(flag, lang: str | None) -> str:
    return t(flag.key, lang, **dict(flag.values))


def flag_items(flags: Sequence, lang: str | None) -> list:
    """Each flag as icon + its check's name + what it saw (never colour alone)."""
    return [html.Li([html.Span(HINT_ICON + " ", **{"aria-hidden": "true"}),
                     html.Strong(t("labelled", lang, label=t(f"dq_check_{f.check}", lang), value="")),
                     flag_text(f, lang)], className="dq-flag") for f in flags]  # fmt: skip


def quality_hints(found: Sequence, names: Mapping[str, object], lang: str | None, *,
                  regions: Mapping[str, object] | None = None):  # fmt: skip
    """The soft checks' findings of figures (``FigureFlags``): per figure the
    indicator (and county, where ``regions`` names them) and each flag."""
    if not found:
        return None
    items = []
    for figure in found:
        label = pick(names[figure.indicator], "name", lang) if figure.indicator in names \
            else figure.indicator  # fmt: skip
        if regions and figure.region in regions:
            label = f"{pick(regions[figure.region], 'name', lang)} · {label}"
        items.append(html.Li([html.Div(label, className="fw-bold"),
                              html.Ul(flag_items(figure.flags, lang), className="mb-1")]))  # fmt: skip
    return dbc.Alert([html.Div(t("dq_preview_title", lang, count=len(found)), className="fw-bold"),
                      html.Ul(items, className="mb-0 dq-hints")],
                     color="warning", className="dq-hints-box my-2")  # fmt: skip


def _need_lines(need, lang: str | None) -> list:
    lines = list(flag_items(need.flags, lang))
    if need.status:
        lines.append(html.Li([status_badge(need.status, lang), " ",
                              t("dq_why_status", lang)]))  # fmt: skip
    if need.returned:
        lines.append(html.Li(t("dq_why_returned", lang, reason=need.returned)))
    return lines


def need_badge(row, lang: str | None) -> html.Span:
    if row.need is None:
        return html.Span()
    if row.missing:
        return html.Span(
            ["✎ ", t("explanation_needed", lang)],
            className="badge bg-warning text-dark",
        )
    return html.Span(["✓ ", t("explanation_done", lang)], className="badge bg-success")


def explanation_form(rows: Sequence, lang: str | None, may_edit: bool) -> html.Div:
    """The county's 情况说明 per indicator: the ones that need one first, with why;
    the others folded away."""
    needed, others = [], []
    for row in rows:
        current = row.explanation
        block = html.Div([
            html.Div([html.Span(pick(row, "name", lang), className="fw-bold me-2"),
                      need_badge(row, lang)]),
            html.Ul(_need_lines(row.need, lang), className="small mb-1") if row.need else None,
            # The county's own words (Chinese, for the Chinese record): marked so.
            labelled(t("explanation", lang), html.Div(dbc.Textarea(
                id=D.explain_text(row.indicator), value=current.text if current else "",
                maxLength=500, rows=2, disabled=not may_edit, className="mb-1",
                placeholder=t("explanation_text_placeholder", lang)), lang="zh")),
            labelled(t("explanation_measures", lang), html.Div(dbc.Input(
                id=D.explain_measures(row.indicator), maxLength=500, size="sm",
                value=(current.measures or "") if current else "", disabled=not may_edit,
                placeholder=t("explanation_measures_placeholder", lang)), lang="zh")),
            html.Div(t("explanation_by", lang, by=current.by, at=f"{current.at:%Y-%m-%d %H:%M}"),
                     className="small text-muted") if current else None,
        ], className="explain-row mb-3")  # fmt: skip
        (needed if row.need is not None else others).append(block)
    return html.Div([
        html.P(t("explanation_hint", lang), className="small text-muted"),
        *needed,
        html.Details([html.Summary(t("explanation_others", lang), className="small mb-2"),
                      *others]) if others else None,
    ])  # fmt: skip


def _figure(value, decimals: int) -> str:
    return "" if value is None else fmt_number(value, decimals)


def desk_table(rows: Sequence, lang: str | None, return_id) -> html.Div:
    """The office's review of a county's month, per indicator: figure, increment,
    month before, same month last year, the approved figure a correction replaces,
    the flags and the explanation, and a return reason."""
    numbers = (
        "desk_value",
        "desk_step",
        "desk_previous",
        "desk_last_year",
        "desk_approved",
    )
    head = html.Thead(html.Tr(
        [html.Th(t("indicator", lang))]
        + [html.Th(t(k, lang), className="text-end") for k in numbers]
        + [html.Th(t(k, lang)) for k in ("dq_title", "explanation", "desk_return")]))  # fmt: skip
    body = []
    for r in rows:
        changed = (
            r.approved is not None
            and r.value is not None
            and abs(r.approved - r.value) > 1e-9
        )
        body.append(html.Tr([
            html.Td(pick(r, "name", lang)),
            html.Td(_figure(r.value, r.decimals), className="text-end"),
            html.Td(_figure(r.step, r.decimals), className="text-end"),
            html.Td(_figure(r.previous, r.decimals), className="text-end"),
            html.Td(_figure(r.last_year, r.decimals), className="text-end"),
            html.Td([_figure(r.approved, r.decimals),
                     html.Span(" " + t("desk_changed", lang), className="badge bg-info text-dark")
                     if changed else None], className="text-end"),
            html.Td(html.Ul(flag_items(r.flags, lang), className="small mb-0") if r.flags else "–",
                    className="desk-explanation"),
            html.Td([as_written(r.explanation.text, lang),
                     html.Div(as_written(r.explanation.measures, lang),
                              className="small text-muted")
                     if r.explanation.measures else None] if r.explanation else "–",
                    className="small desk-explanation"),
            html.Td(labelled(t("return_item_hint", lang, name=pick(r, "name", lang)),
                             dbc.Input(id=return_id(r.indicator), size="sm", maxLength=500,
                                       placeholder=t("desk_return", lang))),
                    className="desk-return"),
        ], className="desk-flagged" if r.flags else None))  # fmt: skip
    return html.Div(dbc.Table([head, html.Tbody(body)], size="sm", className="small mb-0"),
                    className="table-responsive desk-table")  # fmt: skip


def queue_options(rows: Sequence, lang: str | None) -> list[dict]:
    """The counties awaiting review, the longest waiting first, with their flags."""
    return [{"label": t("queue_option", lang, name=pick(r, "name", lang),
                        at=f"{r.submitted_at:%m-%d %H:%M}" if r.submitted_at else "",
                        flagged=r.flagged), "value": r.region} for r in rows]  # fmt: skip


def overview_table(rows: Sequence, lang: str | None) -> html.Div:
    """Per county: figures flagged, explained, returns and corrections."""
    head = html.Thead(html.Tr([html.Th(t("county", lang))] + [
        html.Th(t(k, lang), className="text-end")
        for k in ("dq_flagged", "dq_explained", "dq_returned", "dq_corrected")]))  # fmt: skip
    body = [html.Tr([html.Td(pick(r, "name", lang))]
                    + [html.Td(getattr(r, k), className="text-end")
                       for k in ("flagged", "explained", "returned", "corrected")],
                    className="dq-attention" if r.flagged > r.explained else None)
            for r in rows]  # fmt: skip
    # A region that may scroll sideways takes the keyboard's focus (arrow keys scroll it).
    return html.Div(dbc.Table([head, html.Tbody(body)], size="sm", className="small mb-0"),
                    className="table-responsive dq-overview", tabIndex="0",
                    role="region", **{"aria-label": t("dq_flagged", lang)})  # fmt: skip


def suggestion_actions(suggestions: Sequence[dict], lang: str | None, office: bool,
                       accepted: Sequence[tuple[str, str]] = ()):  # fmt: skip
    """For each unknown wording with a suggestion: read the file that way once, or
    (the office) save the wording as an alias for everyone; ``accepted``: the
    (wording, suggestion) this file already reads as suggested."""
    if not suggestions and not accepted:
        return None
    rows = [html.Li(["✓ ", t("read_as_on", lang, wording=wording, suggestion=name)],
                    className="small") for wording, name in accepted]  # fmt: skip
    for index, found in enumerate(suggestions):
        rows.append(html.Li([
            html.Span(t("labelled", lang, label=found["wording"], value=""), className="me-2"),
            dbc.Button(t("read_as", lang, **found), id=D.accept(index), size="sm",
                       color="primary", outline=True, className="me-2 mb-1"),
            dbc.Button(t("save_alias", lang), id=D.save_alias(index), size="sm",
                       color="secondary", outline=True, className="mb-1")
            if office else None,
        ], className="mb-1"))  # fmt: skip
    return html.Ul(rows, className="list-unstyled suggestion-actions mt-2")
