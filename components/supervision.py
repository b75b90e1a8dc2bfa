"""督查督办 pieces built from plain rows: the measures' progress badges, forms and
history, the departments' tally, the items' list and page, and a user's notices.
Every state is icon + word (never colour alone)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.cards import status_badge
from components.panels import labelled
from components.static import static
from components.text import CJK, as_written, names_marked
from i18n import fmt_number, pick, t

PROGRESS_ICON = {"not_started": "○", "in_progress": "▶", "done": "✔", "lagging": "▼",
                 "none": "?"}  # fmt: skip
LIGHT_ICON = {"none": "✓", "yellow": "◔", "red": "⚠"}

# Pattern-matching IDs of a measure's progress form (``measure`` is document:number).
PROGRESS_STATUS = "progress-status"
PROGRESS_NOTE = "progress-note"
PROGRESS_SAVE = "progress-save"
PROGRESS_MESSAGE = "progress-message"
PROGRESS_BADGE = "progress-badge"


def progress_id(kind: str, key) -> dict:
    return {"type": kind, "measure": key}


def measure_key(document, number) -> str:
    return f"{document or ''}:{number}"


def progress_badge(status: str | None, lang: str | None, overdue: bool = False):
    """A measure's status as icon + word (本月未报 where it has no word this month)."""
    key = status or "none"
    badge = html.Span([html.Span(PROGRESS_ICON[key], className="sup-icon",
                                 **{"aria-hidden": "true"}), t(f"pstatus_{key}", lang)],
                      className=f"sup-badge progress-{key}")  # fmt: skip
    if not overdue or key in ("lagging", "none"):
        return badge
    return html.Span([badge, html.Span(t("progress_overdue", lang),
                                       className="sup-badge light-red ms-1")])  # fmt: skip


def progress_line(
    key: str | None, progress, month: int, lang: str | None, city: dict, drives
) -> html.Div:
    """A measure's latest progress: its badge, the note, who and when, and the
    city's status of each indicator it drives. ``key`` None for a measure nobody
    here reports on: no id for a save to update, and no markup piece of its own (the
    page draws the whole card as markup)."""
    stale = progress.month is not None and progress.month != month
    status = None if stale else (progress.status.value if progress.status else None)
    who = (names_marked(t("progress_by", lang, by=progress.by_name,
                          at=f"{progress.at:%Y-%m-%d}"), lang)
           if progress.at else None)  # fmt: skip
    statuses = [html.Span([t("progress_city_status", lang, indicator=pick(d, "name", lang),
                                 status=""), status_badge(city[d.code].value, lang)],
                          className="me-2 d-inline-block")
                for d in drives if d.code in city]  # fmt: skip
    named = {"id": progress_id(PROGRESS_BADGE, key)} if key else {}
    note = html.Div([
        html.P([as_written(progress.note, lang),
                html.Span([" · ", *(who if isinstance(who, list) else [who])],
                          className="text-muted")]
               if progress.note else who, className="small mb-1 progress-note"),
        html.Div(statuses, className="small") if statuses else None,
    ])  # fmt: skip
    return html.Div([
        html.Div([html.Span(progress_badge(status, lang, progress.overdue), **named),
                  html.Span(t("progress_reported_in", lang, month=progress.month),
                            className="small text-muted ms-2") if stale else None],
                 className="d-flex align-items-center flex-wrap gap-1"),
        # ``who`` is a list of runs on an English page (Chinese names marked): spread,
        # never nested (React cannot draw a list inside a list of children). The note
        # and the statuses are markup (components/static.py): a page of measures.
        static(note) if key else note,
    ], className="measure-progress mt-1")  # fmt: skip


def progress_form(
    key: str, current: str | None, month: int, lang: str | None
) -> html.Div:
    """A lead department's (or the office's) form for the month's word."""
    options = [{"label": t(f"pstatus_{s}", lang), "value": s}
               for s in ("not_started", "in_progress", "done", "lagging")]  # fmt: skip
    return html.Div([
        html.Div([
            labelled(t("progress_of_month", lang, month=month),
                     dbc.Select(id=progress_id(PROGRESS_STATUS, key), options=options,
                                value=current or "in_progress", size="sm")),
            dbc.Button(t("progress_save", lang), id=progress_id(PROGRESS_SAVE, key),
                       size="sm", color="primary", className="text-nowrap"),
        ], className="d-flex gap-2 mb-1 align-items-start"),
        labelled(t("progress_note", lang),
                 dbc.Textarea(id=progress_id(PROGRESS_NOTE, key), maxLength=500, rows=2,
                              placeholder=t("progress_note", lang),
                              className="form-control-sm")),
        html.Div(id=progress_id(PROGRESS_MESSAGE, key), className="small"),
    ], className="progress-form mt-2")  # fmt: skip


def _history_line(entry, lang: str | None):
    key = entry.status.value
    words = (f"{t('progress_of_month', lang, month=entry.month)} {PROGRESS_ICON[key]} "
             f"{t(f'pstatus_{key}', lang)}")  # fmt: skip
    tail = f" · {entry.by_name} {entry.at:%Y-%m-%d %H:%M}"
    if lang == "en" and CJK.search(f"{entry.note or ''}{entry.by_name}"):
        return [words, " ", as_written(entry.note, lang), " · ",
                as_written(entry.by_name, lang), f" {entry.at:%Y-%m-%d %H:%M}"]  # fmt: skip
    return f"{words} {entry.note or ''}{tail}"


def progress_history(entries, lang: str | None):
    """A measure's entries this year, the newest first, in a fold."""
    if not entries:
        body = html.P(
            t("progress_history_none", lang), className="small text-muted mb-0"
        )
    else:
        # One line of text an entry (icon + word for its status): a year of monthly
        # entries for every measure is hundreds of lines, and each component more is
        # work for the browser on every update of the page.
        body = html.Ul([html.Li(_history_line(e, lang)) for e in entries],
                       className="small mb-0 ps-3 progress-history-list")  # fmt: skip
    return html.Details([html.Summary(t("progress_history", lang), className="small"), body],
                        className="progress-history")  # fmt: skip


def department_table(rows, lang: str | None, mine: str | None = None) -> html.Div:
    """Each lead department's tally; the overdue count marked (icon + word)."""
    if not rows:
        return html.Div()
    lines = []
    for r in rows:
        name = pick(r, "department", lang)
        overdue = html.Span([html.Span("⚠", **{"aria-hidden": "true"}), " ",
                             t("progress_overdue", lang), f" {r.overdue}"],
                            className="sup-badge light-red ms-2") if r.overdue else None  # fmt: skip
        lines.append(html.Li([
            html.Strong(name), " ",
            dbc.Badge(t("progress_yours", lang), color="info", className="ms-1")
            if mine == r.department_zh else None,
            html.Span(t("progress_dept_counts", lang, leads=r.leads, done=r.done,
                        going=r.in_progress),
                      className="small text-muted ms-2"), overdue,
        ], className="department-progress list-group-item", **{"data-department": r.department_zh}))  # fmt: skip
    return html.Ul(
        lines, className="list-group list-group-flush department-progress-list"
    )


# ---- 督办 items -------------------------------------------------------------------


def field(text: str, control) -> html.Label:
    """A form control under its visible label."""
    return html.Label([html.Span(text, className="form-label small mb-1 d-block"), control],
                      className="d-block w-100")  # fmt: skip


def light_badge(light: str, lang: str | None):
    return html.Span([html.Span(LIGHT_ICON[light], className="sup-icon", **{"aria-hidden": "true"}),
                      t(f"ilight_{light}", lang)], className=f"sup-badge light-{light}")  # fmt: skip


def state_badge(state: str, lang: str | None):
    return html.Span(
        t(f"istate_{state}", lang), className=f"sup-badge item-state-{state}"
    )


def gap_text(item, lang: str | None) -> str:
    """The indicator's gap when the item was opened and now (points behind)."""
    if not item.trigger:
        return t("sup_gap_unknown", lang)

    def points(value):
        if value is None:
            return t("sup_gap_unknown", lang)
        if value <= 0:
            return t("sup_gap_ahead", lang)
        return t("sup_gap_points", lang, value=fmt_number(value, 1))

    return t(
        "sup_gap_text", lang, opened=points(item.opened_gap), now=points(item.gap_now)
    )


def item_href(item_id: int, search: str = "") -> str:
    return f"/supervision/item/{item_id}{search}"


def item_list(items, lang: str | None, search: str = "") -> html.Div:
    """The items as cards (they read on a phone as on a desk): light, title, party,
    state, due date and, for an automatic item, the gap then and now."""
    if not items:
        return html.P(t("sup_none", lang), className="text-muted")
    cards = []
    for i in items:
        cards.append(html.Div([
            html.Div([light_badge(i.light.value, lang), state_badge(i.state.value, lang),
                      dbc.Badge(t("sup_auto" if i.trigger else "sup_manual", lang),
                                color="light", text_color="dark")],
                     className="d-flex flex-wrap gap-1 mb-1"),
            dcc.Link(as_written(i.title_in(lang), lang), href=item_href(i.id, search),
                     className="item-link fw-bold"),
            html.Div([t("labelled", lang, label=t("sup_col_party", lang),
                        value=i.party_en if lang == "en" else i.party_zh), " · ",
                      t("labelled", lang, label=t("sup_col_due", lang), value=f"{i.due:%Y-%m-%d}")],
                     className="small text-muted"),
            html.Div(gap_text(i, lang), className="small") if i.trigger else None,
        ], className=f"item-card list-group-item item-{i.light.value}",
            **{"data-item": str(i.id)}))  # fmt: skip
    return html.Div(cards, className="list-group item-list")


def item_summary(items, lang: str | None) -> str:
    open_items = [i for i in items if i.is_open]
    return t("sup_open_count", lang, open=len(open_items),
             red=sum(i.light.value == "red" for i in open_items),
             yellow=sum(i.light.value == "yellow" for i in open_items))  # fmt: skip


def step_list(steps, lang: str | None) -> html.Ol:
    """An item's steps, oldest first, with their attachments' links."""
    return html.Ol([
        html.Li([
            html.Strong(t(f"iaction_{s.action}", lang)), " → ", state_badge(s.state_after, lang),
            html.Span([" · ", as_written(s.by_name, lang), f" · {s.at:%Y-%m-%d %H:%M}"],
                      className="text-muted small"),
            html.Div(as_written(s.note, lang), className="small step-note") if s.note else None,
            html.Ul([html.Li(html.A([as_written(name, lang),
                                     f" ({fmt_number(max(1, size / 1024), 0)} KB)"],
                                    href=f"/supervision/attachment/{fid}"))
                     for fid, name, size in s.files], className="small mb-0") if s.files else None,
        ], className="item-step mb-2")
        for s in steps
    ], className="item-steps")  # fmt: skip


def awaiting_list(lines, lang: str | None, search: str = "", periods=None) -> html.Div:
    """What awaits a user, each line with where to act (``periods``: a line's
    period, worded, by its key)."""
    if not lines:
        return html.P(t("notices_none", lang), className="text-muted")
    periods = periods or {}

    def href(a) -> str:  # a line with its own period keeps the reader's language only
        if "?" not in a.href:
            return a.href + search
        return a.href + ("&lang=en" if lang == "en" else "")

    return html.Ul([html.Li([html.Span(t(a.key, lang, count=a.count,
                                         period=periods.get(a.key, ""))), " ",
                             dcc.Link(t("await_go", lang), href=href(a),
                                      className="ms-2")],
                            className="list-group-item awaiting-line", **{"data-await": a.key})
                    for a in lines], className="list-group awaiting-list")  # fmt: skip


# ---- delivery -------------------------------------------------------------------

DELIVERY_ICON = {"sent": "✓", "failed": "⚠", "sending": "…"}


def channel_list(channels, lang: str | None) -> html.Div:
    """The office's channels: who receives what where (a robot's key is cut short)."""
    if not channels:
        return html.P(t("dlv_channels_none", lang), className="small text-muted")

    def who(c) -> str:
        if c.audience == "office":
            return t("dlv_office", lang)
        return c.region or c.department or ""

    def where(c) -> str:
        return c.address if c.channel == "email" else c.address.split("?")[0] + "?…"

    return html.Ul([html.Li([html.Strong(as_written(who(c), lang)), " · ",
                             t(f"channel_{c.channel}", lang), " · ",
                             html.Code(where(c))], className="list-group-item small")
                    for c in channels], className="list-group channel-list")  # fmt: skip


def delivery_log(rows, lang: str | None) -> html.Div:
    """The log, newest first: a failure in red with its error and attempts."""
    if not rows:
        return html.P(t("dlv_log_none", lang), className="small text-muted")
    lines = []
    for r in rows:
        state = html.Span([html.Span(DELIVERY_ICON.get(r.state, ""), **{"aria-hidden": "true"}),
                           " ", t(f"dstate_{r.state}", lang)],
                          className=f"sup-badge delivery-{r.state}"
                          + (" light-red" if r.state == "failed" else ""))  # fmt: skip
        lines.append(html.Li([
            state, " ", t(f"dkind_{r.kind}", lang), " · ", as_written(r.subject, lang),
            html.Span(f" · {t(f'channel_{r.channel}', lang)} · {r.created_at:%Y-%m-%d %H:%M}"
                      f" · ×{r.attempts}", className="text-muted"),
            html.Div(r.last_error, className="text-danger") if r.state == "failed" else None,
        ], className="list-group-item small delivery-line", **{"data-state": r.state}))  # fmt: skip
    return html.Ul(lines, className="list-group delivery-log")
