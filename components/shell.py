"""The app shell: navbar from ``dash.page_registry``, period and language controls that
live in the URL (``?year=2026&month=10&lang=en``), the page container and the footer.

The URL is the source of truth for the period and language, so that any view can be
bookmarked and sent. The shell's few callbacks live here.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html

from components import ids
from i18n import DEFAULT_LANG, LANGS, STRINGS, t
from server.auth import csrf_token, current_actor

QUERY_KEYS = ("year", "month", "lang", "data")
SUBMITTED = "submitted"


def parse_query(search: str | None) -> dict[str, str]:
    """The period and language parts of a query string (other keys are dropped)."""
    parsed = parse_qs((search or "").lstrip("?"))
    return {k: parsed[k][0] for k in QUERY_KEYS if parsed.get(k)}


def build_query(year, month, lang, data=None) -> str:
    values = {"year": year, "month": month}
    if lang and lang != DEFAULT_LANG:
        values["lang"] = lang
    if data == SUBMITTED:
        values["data"] = SUBMITTED
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


def nav_pages(defaults: dict[str, str]) -> list[tuple[str, str]]:
    """(href, label key) of the pages that ask for a navbar entry, in order.

    Pages with a path template name the default value of their variable in the
    registry (``nav_default``), e.g. the first county for ``/county/<adcode>``.
    """
    entries = []
    for page in dash.page_registry.values():
        key = page.get("nav_label")
        if not key:
            continue
        href = page["relative_path"]
        template = page.get("path_template")
        if template:
            variable = page["nav_default"]
            href = dash.get_relative_path(
                template.replace(f"<{variable}>", defaults.get(variable, ""))
            )
        entries.append((page.get("order", 99), href, key))
    return [(href, key) for _, href, key in sorted(entries)]


def user_area(user: dict | None, lang: str) -> html.Div:
    """Who is logged in, with a logout link; or a login link."""
    if not user:
        return html.Div(html.A(t("login", lang), href="/login", className="btn btn-sm btn-light"),
                        className="user-area")  # fmt: skip
    return html.Div(
        [html.Span(user["name"], title=t("role_" + user["role"], lang),
                   className="user-name small"),
         html.Form([dbc.Input(type="hidden", name="csrf", value=user.get("csrf", "")),
                    html.Button(t("logout", lang), type="submit",
                                className="btn btn-sm btn-outline-light")],
                   method="POST", action="/logout", className="m-0")],
        className="user-area d-flex align-items-center gap-2",
    )  # fmt: skip


def layout(
    years: tuple[int, ...],
    default_year: int,
    default_month: int,
    nav_defaults: dict[str, str],
    user: dict | None = None,
) -> html.Div:
    """The shell around every page; ``years`` newest first."""
    lang = DEFAULT_LANG
    nav = [
        dbc.NavItem(dbc.NavLink(t(key, lang), href=href, id=ids.nav_link(href, key), active="exact"))
        for href, key in nav_pages(nav_defaults)
    ]  # fmt: skip
    year_options = [{"label": str(y), "value": str(y)} for y in years]
    month_options = [{"label": str(m), "value": str(m)} for m in range(1, 13)]
    controls = html.Div(
        [
            dbc.InputGroup(
                [dbc.InputGroupText(t("year", lang), id=ids.YEAR_LABEL),
                 dbc.Select(id=ids.YEAR, options=year_options, value=str(default_year),
                            size="sm")],
                size="sm", className="period-control",
            ),
            dbc.InputGroup(
                [dbc.InputGroupText(t("month", lang), id=ids.MONTH_LABEL),
                 dbc.Select(id=ids.MONTH, options=month_options, value=str(default_month),
                            size="sm")],
                size="sm", className="period-control",
            ),
            dbc.RadioItems(
                id=ids.LANG,
                options=[{"label": "中文", "value": "zh"}, {"label": "EN", "value": "en"}],
                value=lang, inline=True, className="btn-group lang-switch",
                inputClassName="btn-check", labelClassName="btn btn-sm btn-outline-light",
                labelCheckedClassName="active",
            ),
            dbc.Switch(id=ids.DATA_MODE, value=False, label=t("include_submitted", lang),
                       className="data-mode-switch text-light small mb-0"),
            html.Div(user_area(user, lang), id=ids.USER_AREA),
        ],
        className="shell-controls d-flex flex-wrap align-items-center gap-2",
    )  # fmt: skip
    navbar = dbc.Navbar(
        dbc.Container(
            [
                html.A(
                    [html.Span(t("app_title", lang), id=ids.BRAND, className="brand-title"),
                     html.Span(t("city_subtitle", lang), id=ids.SUBTITLE,
                               className="brand-subtitle")],
                    href=dash.get_relative_path("/"), className="navbar-brand",
                ),
                dbc.NavbarToggler(id=ids.NAV_TOGGLE, n_clicks=0),
                dbc.Collapse(
                    [dbc.Nav(nav, navbar=True, className="me-auto"), controls],
                    id=ids.NAV_COLLAPSE, navbar=True, is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="dark", dark=True, className="shell-navbar mb-3", sticky="top", expand="xxl",
    )  # fmt: skip
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(
                id=ids.DEFAULT_PERIOD,
                data={"year": str(default_year), "month": str(default_month),
                      "years": [str(y) for y in years]},
            ),
            navbar,
            dbc.Toast(
                t("error_notice", lang), id=ids.ERROR_TOAST, header=t("error_title", lang),
                icon="danger", is_open=False, dismissable=True, duration=8000,
                className="error-toast",
            ),
            dbc.Container(dash.page_container, fluid=True, className="page-body"),
            html.Footer(t("map_source", lang), id=ids.FOOTER,
                        className="shell-footer text-muted small"),
        ]
    )  # fmt: skip


def shell_user() -> dict | None:
    """The logged-in user's name and role for the navbar (None when anonymous)."""
    actor = current_actor()
    if actor is None:
        return None
    return {"name": actor.display_name, "role": actor.role, "csrf": csrf_token()}


def valid_default(default) -> bool:
    """The default-period store as the layout wrote it (not something forged)."""
    return (
        isinstance(default, dict)
        and isinstance(default.get("year"), str)
        and isinstance(default.get("month"), str)
        and isinstance(default.get("years"), list)
    )


def resolve_controls(query: dict[str, str], default: dict) -> tuple[str, str, str]:
    """Year, month and language for the controls: the URL's when valid, else defaults."""
    year = query.get("year")
    month = query.get("month")
    if year not in default["years"] or month not in {str(m) for m in range(1, 13)}:
        year, month = default["year"], default["month"]
    lang = query.get("lang") if query.get("lang") in LANGS else DEFAULT_LANG
    return year, month, lang


@callback(
    Output(ids.URL, "search"),
    Output(ids.YEAR, "value"),
    Output(ids.MONTH, "value"),
    Output(ids.LANG, "value"),
    Output(ids.DATA_MODE, "value"),
    Input(ids.URL, "search"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    State(ids.DEFAULT_PERIOD, "data"),
)
def sync_period_and_url(search, year, month, lang, submitted, default):
    """Keep the URL and the controls in step, whichever of them changed."""
    if not valid_default(default):
        raise dash.exceptions.PreventUpdate
    if ctx.triggered_id in (None, ids.URL):
        query = parse_query(search)
        wanted = resolve_controls(query, default) + (query.get("data") == SUBMITTED,)
        current = (year, month, lang, bool(submitted))
        return (dash.no_update,) + tuple(
            dash.no_update if w == c else w
            for w, c in zip(wanted, current, strict=True)
        )
    new_search = build_query(year, month, lang, SUBMITTED if submitted else None)
    if new_search == (search or ""):
        return (dash.no_update,) * 5
    return (new_search,) + (dash.no_update,) * 4


@callback(
    Output(ids.all_nav_links(), "href"),
    Output(ids.all_nav_links(), "children"),
    Output(ids.BRAND, "children"),
    Output(ids.SUBTITLE, "children"),
    Output(ids.YEAR_LABEL, "children"),
    Output(ids.MONTH_LABEL, "children"),
    Output(ids.FOOTER, "children"),
    Output(ids.DATA_MODE, "label"),
    Output(ids.USER_AREA, "children"),
    Input(ids.URL, "search"),
    State(ids.all_nav_links(), "id"),
)
def update_shell_text(search, link_ids):
    """Navbar links carry the period along; every shell label follows the language."""
    query = parse_query(search)
    lang = query.get("lang", DEFAULT_LANG)
    suffix = build_query(query.get("year"), query.get("month"), lang, query.get("data"))
    suffix = "" if suffix == "?" else suffix
    links = [i for i in link_ids or () if isinstance(i, dict)]
    labels = [t(i["label"], lang) if i.get("label") in STRINGS else "" for i in links]
    hrefs = [str(i.get("index", "/")) + suffix for i in links]
    return (
        hrefs,
        labels,
        t("app_title", lang),
        t("city_subtitle", lang),
        t("year", lang),
        t("month", lang),
        t("map_source", lang),
        t("include_submitted", lang),
        user_area(shell_user(), lang),
    )  # fmt: skip


clientside_callback(
    "function(n, isOpen) { return n ? !isOpen : isOpen; }",
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLE, "n_clicks"),
    State(ids.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
