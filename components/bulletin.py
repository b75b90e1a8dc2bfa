"""导出/通报 parts: the bulletin's preview as the document reads (red head, issue
number, title, addressees, the five sections, signature, date, 抄送; 草稿 until the
month is published), the office's form of the fields it is issued with, and the
list of the bulletins issued so far."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.static import static
from i18n import chinese_date, chinese_number, t


def _table(headers, rows, row_classes=None, **kwargs) -> dbc.Table:
    """A plain table (a ``card-rows`` one shows each cell's header before it on a
    phone: assets/cards.js)."""
    classes = row_classes or [None] * len(rows)
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headers])),
         html.Tbody([html.Tr([html.Td(cell) for cell in row], className=cls)
                     for row, cls in zip(rows, classes, strict=True)])],
        size="sm", **kwargs,
    )  # fmt: skip


def bulletin_preview(bulletin, parts: dict, lang: str):
    """The bulletin as its document prints it. ``parts``: the ranking rows to show
    (``rows``, with a ⋯ row at ``gap_at``), the names whose paragraphs are shown, the
    list items shown and a note that the files hold the rest."""
    from presenters.bulletin import red_cells  # the same cells as the document

    issue = bulletin.issue
    doc_lang = bulletin.lang
    sections = bulletin.sections

    def listing(items, cls):
        if not items:
            return None
        return html.Div(_table(bulletin.red_headers, [red_cells(i, bulletin) for i in items],
                               [f"red-{i.status}" for i in items],
                               className=f"small card-rows {cls}"),
                        className="table-responsive")  # fmt: skip

    paragraphs = []
    for n, (name, text) in enumerate(bulletin.paragraphs, start=1):
        if name not in parts["shown"]:
            continue
        number = chinese_number(n) if doc_lang != "en" else n
        head = t("bl_subheading", doc_lang, number=number, name=name)
        paragraphs += [html.H5(head, className="bulletin-h2"),
                       html.P(text, className="bulletin-paragraph")]  # fmt: skip
    red, yellow = parts["red"], parts["yellow"]
    return static(html.Div([
        html.Div(issue.organ, className="bulletin-red-title"),
        html.Div(bulletin.issue_label, className="bulletin-number"),
        html.Hr(className="bulletin-rule"),
        html.H3(bulletin.title, className="bulletin-title"),
        html.P(t("bl_to", doc_lang, addressees=issue.addressees), className="bulletin-to"),
        html.H4(sections[0], className="bulletin-h1"),
        html.P(bulletin.overview, className="bulletin-paragraph"),
        html.P(bulletin.filters, className="small text-muted"),
        html.P(bulletin.published, className="small") if bulletin.published else None,
        html.H4(sections[1], className="bulletin-h1"),
        html.Div(_table(bulletin.ranking_headers, parts["rows"], className="mb-2"),
                 className="table-responsive"),
        html.H4(sections[2], className="bulletin-h1"),
        *paragraphs,
        html.H4(sections[3], className="bulletin-h1"),
        html.H5(t("bl_red_heading", doc_lang), className="bulletin-h2"),
        listing(red, "red-list") or html.P(t("bl_no_red", doc_lang)),
        html.H5(t("bl_yellow_heading", doc_lang), className="bulletin-h2"),
        listing(yellow, "yellow-list") or html.P(t("bl_no_yellow", doc_lang)),
        *([html.H5(t("bl_outlook_heading", doc_lang), className="bulletin-h2"),
           listing(parts["outlook"], "outlook-list") or html.P(t("bl_no_outlook", doc_lang))]
          if bulletin.outlook_list is not None else []),
        *([html.H5(bulletin.tasks_heading, className="bulletin-h2"),
           *[html.P(text, className="bulletin-paragraph task-line") for text in bulletin.tasks]]
          if bulletin.tasks else []),
        html.H4(sections[4], className="bulletin-h1"),
        *[html.P(text, className="bulletin-paragraph") for text in bulletin.requirements],
        html.Div([html.Div(issue.signature), html.Div(chinese_date(issue.issued_on, doc_lang))],
                 className="bulletin-signature"),
        html.Div(t("bl_cc", doc_lang, cc=issue.cc), className="bulletin-cc"),
        parts["note"] and html.P(parts["note"], className="small text-muted"),
    ], className="bulletin-document" + (" bulletin-draft" if bulletin.draft else ""),
        **{"data-watermark": t("bl_draft", lang) if bulletin.draft else ""}))  # fmt: skip


def issue_form(ids: dict, lang: str) -> html.Div:
    """The office's fields of the month's 通报 (filled in by the page's callback)."""

    def field(name: str, control, width: int = 12):
        return dbc.Col(html.Label([html.Span(t(f"issue_{name}", lang), className="form-label"),
                                   control], className="d-block w-100"),
                       md=width, className="mb-2")  # fmt: skip

    return html.Div([
        html.H2(t("issue_form_title", lang), className="section-title"),
        html.P(t("issue_form_hint", lang), className="small text-muted"),
        dbc.Row([
            field("number", dbc.Input(id=ids["number"], type="number", min=1, max=999,
                                      step=1, size="sm"), 3),
            field("issued_on", dbc.Input(id=ids["issued_on"], type="date", size="sm"), 4),
            # The fields of the Chinese document: its words are marked Chinese.
            field("signature", html.Div(dbc.Input(id=ids["signature"], size="sm",
                                                  maxLength=100), lang="zh"), 5),
            field("addressees", html.Div(dbc.Textarea(id=ids["addressees"], rows=2,
                                                      maxLength=300), lang="zh")),
            field("requirements", html.Div(dbc.Textarea(id=ids["requirements"], rows=8,
                                                        maxLength=4000), lang="zh")),
            field("cc", html.Div(dbc.Textarea(id=ids["cc"], rows=2, maxLength=300),
                                 lang="zh")),
        ]),
        html.Div([dbc.Button(t("issue_save", lang), id=ids["save"], color="primary",
                             size="sm"),
                  html.Span(id=ids["saved_by"], className="small text-muted")],
                 className="d-flex flex-wrap gap-2 align-items-center"),
        html.Div(id=ids["message"], className="mt-2"),
    ])  # fmt: skip


def past_issues(issues, lang: str) -> html.Div:
    """Every bulletin issued, newest first, each downloadable as it was issued."""
    if not issues:
        return html.P(t("issue_past_none", lang), className="small text-muted")
    rows = []
    for issue in issues:
        label = (t("bl_issue_label", lang, year=issue.year, number=issue.number)
                 if issue.number else "—")  # fmt: skip
        links = [html.A(fmt.upper(), href=f"/export/bulletin/issued/{issue.event_id}.{fmt}",
                        className="me-2 issued-link") for fmt in issue.formats]  # fmt: skip
        state = None if issue.current else html.Span(t("issue_past_withdrawn", lang),
                                                     className="badge text-bg-secondary")  # fmt: skip
        rows.append([label, f"{issue.year}-{issue.month:02d}",
                     issue.at.strftime("%Y-%m-%d %H:%M"), issue.by, html.Span(links), state])  # fmt: skip
    headers = [t("issue_number", lang), t("period_short", lang), t("issued_at", lang),
               t("issued_by", lang), t("files", lang), ""]  # fmt: skip
    return html.Div(
        _table(headers, rows, className="small past-issues"),
        className="table-responsive",
    )
