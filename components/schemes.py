"""The year's assessment scheme (年度考核方案) on 目标与权重: its weights, scoring
parameters, the reason for a change, the months a change scores anew, and its
history. Built from plain data; the page's callbacks fill it."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.panels import edit_grid, editable_column
from components.text import names_marked
from i18n import STRINGS, fmt_number, t

TITLE = "scheme-title"
STATE = "scheme-state"
START = "scheme-start"
WEIGHTS = "targets-weights"  # the weights grid (its id from before the schemes)
WEIGHTS_TOTAL = "targets-weights-total"
PARAMETERS = "scheme-parameters"
REASON = "scheme-reason"
WARNING = "scheme-warning"
SAVE = "targets-weights-save"
MESSAGE = "scheme-message"
HISTORY = "scheme-history"
REFRESH = "scheme-refresh"
RECOMPUTE = "scheme-recompute"  # the recomputation's progress after a change
RECOMPUTE_POLL = "scheme-recompute-poll"


def scheme_card(lang: str | None, year: int) -> html.Div:
    """The scheme's editor: the office edits, everyone else reads."""
    return html.Div([
        dcc.Store(id=REFRESH, data=0),
        html.H2(t("scheme_title", lang, year=year), id=TITLE, className="section-title"),
        html.Div(id=STATE, className="small text-muted mb-2 scheme-state"),
        dbc.Button(id=START, color="secondary", outline=True, size="sm",
                   className="mb-2", style={"display": "none"}),
        html.Div(t("scheme_weight_hint", lang), className="small text-muted"),
        edit_grid(WEIGHTS), html.Div(id=WEIGHTS_TOTAL, className="small mt-1"),
        html.H3(t("scheme_parameters", lang), className="section-title small mt-3"),
        edit_grid(PARAMETERS),
        html.Div(id=WARNING, className="small mt-2 scheme-warning"),
        dbc.Input(id=REASON, size="sm", maxLength=500, className="mt-2",
                  placeholder=t("scheme_reason", lang)),
        dbc.Button(t("save", lang), id=SAVE, color="primary", className="mt-2",
                   disabled=True),
        dcc.Loading(html.Div(id=MESSAGE), delay_show=200),
        html.Div(id=RECOMPUTE, className="mt-2 scheme-recompute", role="status"),
        dcc.Interval(id=RECOMPUTE_POLL, interval=2000, disabled=True),
        html.H3(t("scheme_history", lang, year=year), className="section-title small mt-3"),
        html.Div(id=HISTORY, className="table-responsive"),
    ], className="scheme-card")  # fmt: skip


def weight_grid(rows: Sequence[dict], lang, editable: bool) -> tuple[list, list]:
    """``rows``: code, name, kind (the year's), weight (None: not counted this year)."""
    columns = [
        {"field": "name", "headerName": t("indicator", lang), "flex": 1, "minWidth": 110,
         "wrapText": True, "autoHeight": True,
         "cellStyle": {"lineHeight": "1.45", "paddingTop": "6px", "paddingBottom": "6px"}},
        {"field": "kind_word", "headerName": t("scheme_kind", lang), "width": 96,
         "wrapText": True, "autoHeight": True, "cellClass": "small text-muted",
         "cellStyle": {"lineHeight": "1.35", "paddingTop": "6px", "paddingBottom": "6px"}},
        editable_column({"field": "weight", "headerName": t("weight", lang), "width": 68}, editable),
    ]  # fmt: skip
    return columns, [
        r | {"kind_word": t(f"scheme_kind_{r['kind']}", lang)} for r in rows
    ]


def documents_line(numbers: Sequence[str], lang: str | None):
    """The documents a scheme rests on (考核依据)."""
    if not numbers:
        return None
    return html.Div(names_marked(t("scheme_documents", lang,
                                   documents=t("list_separator", lang).join(numbers)), lang),
                    className="scheme-documents")  # fmt: skip


def parameter_grid(values: dict[str, float], lang, editable: bool) -> tuple[list, list]:
    columns = [
        {"field": "label", "headerName": t("col_parameter", lang), "flex": 1,
         "minWidth": 180, "wrapText": True, "autoHeight": True,
         "cellStyle": {"lineHeight": "1.45", "paddingTop": "6px", "paddingBottom": "6px"}},
        editable_column({"field": "value", "headerName": t("col_value_short", lang), "width": 100},
                  editable),
    ]  # fmt: skip
    rows = [{"name": name, "label": t(f"param_{name}", lang), "value": value}
            for name, value in values.items()]  # fmt: skip
    return columns, rows


def history_table(changes: Sequence, names: dict[str, str], lang: str | None):
    """Who changed what in the scheme, when, from what to what, and why."""
    if not changes:
        return html.P(t("scheme_no_history", lang), className="text-muted small mb-0")

    def item(c) -> str:
        if c.item == "start":
            return t("scheme_item_start", lang, value=c.old_value or "—")
        if c.item.startswith("weight:"):
            code = c.item.split(":", 1)[1]
            return t("scheme_item_weight", lang, name=names.get(code, code))
        key = f"param_{c.item}"
        return t(key, lang) if key in STRINGS else c.item

    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "changed_at", "changed_by", "col_parameter", "old_value", "new_value",
        "history_reason")]))  # fmt: skip
    body = [html.Tr([
        html.Td(c.changed_at.strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
        html.Td(c.changed_by), html.Td(item(c)),
        html.Td("—" if c.item == "start" else _shown(c.old_value)),
        html.Td("—" if c.item == "start" else _shown(c.new_value)),
        html.Td(c.reason or "", className="small"),
    ]) for c in changes]  # fmt: skip
    return dbc.Table(
        [head, html.Tbody(body)], size="sm", className="mb-0 small history-table"
    )


def _shown(value: str | None) -> str:
    if value is None:
        return "—"
    try:
        return fmt_number(float(value), 2).rstrip("0").rstrip(".")
    except ValueError:
        return value


def recompute_panel(progress, last, lang: str | None):
    """The office's view of a recomputation: a progress bar with months done / to do
    while one runs; else how the last one ended (nothing before the first)."""
    if progress is not None:
        if progress.state == "pending" or not progress.total:
            return html.Div(t("recompute_waiting", lang), className="small text-muted")
        words = t("recompute_progress", lang, done=progress.done, total=progress.total)
        return html.Div([
            html.Div(words, className="small mb-1"),
            dbc.Progress(value=progress.percent, label=f"{progress.percent}%",
                         striped=True, animated=True, style={"height": "1.2rem"}),
        ])  # fmt: skip
    if last is None:
        return None
    if last.state == "failed":
        return html.Div(["⚠ ", t("recompute_failed", lang, error=last.error or "")],
                        className="small text-danger")  # fmt: skip
    if last.state == "done" and last.finished_at is not None:
        return html.Div(["✓ ", t("recompute_done", lang, total=last.months_total,
                                 at=f"{last.finished_at:%Y-%m-%d %H:%M}")],
                        className="small text-muted")  # fmt: skip
    return None
