"""The app shell: the frame every page renders around itself (navbar, period and
language controls, user area, footer) and the root layout.

The URL is the only state. Each page's layout gets the query (``?year=2026&month=10
&lang=en``) and renders the frame with the controls already set and every label in
the right language. Changing a control changes the URL (a navigation that re-renders
the page); nothing keeps the URL and the controls in step.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, clientside_callback, dcc, html

from components import ids
from components.cards import alert_message
from components.panels import group_label
from components.scope import scope_bar
from components.text import as_written
from i18n import DEFAULT_LANG, period_label, t

# The pages that show one scope's units (the others show a county, or no ranking).
SCOPED = frozenset({"nav_overview", "nav_rankings", "nav_indicator", "nav_exports",
                    "nav_targets"})  # fmt: skip


def page_title(key: str):
    """The browser tab's title of a page (Dash Pages calls it on navigation)."""
    return lambda **_: f"{t(key, DEFAULT_LANG)} · {t('app_title', DEFAULT_LANG)}"


def nav_pages(
    defaults: dict[str, str], role: str | None = None
) -> list[tuple[str, str]]:
    """(href, label key) of the pages that ask for a navbar entry, in order; a page
    registered with ``role`` (one, or a tuple) is listed for those roles only.

    Pages with a path template name the default value of their variable in the
    registry (``nav_default``), e.g. the first county for ``/county/<adcode>``.
    """
    entries = []
    for page in dash.page_registry.values():
        key = page.get("nav_label")
        allowed = page.get("role")
        if allowed is not None and isinstance(allowed, str):
            allowed = (allowed,)
        if not key or (allowed is not None and role not in allowed):
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


def user_area(user, lang: str) -> html.Div:
    """Who is signed in, with a sign-out button (a POST with its CSRF token); or a
    sign-in link."""
    if user is None:
        return html.Div(html.A(t("login", lang), href="/login", className="btn btn-sm btn-light"),
                        className="user-area")  # fmt: skip
    badge = (html.A(dbc.Badge(t("notices_badge", lang, count=user.notices), color="warning",
                              text_color="dark"), href="/notices", className="notices-badge")
             if user.notices else None)  # fmt: skip
    # The account's menu under its name (the navbar fits one row from 1280 px).
    menu = dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(
                t(
                    "labelled",
                    lang,
                    label=t("admin_role", lang),
                    value=t("role_" + user.role, lang),
                ),
                header=True,
            ),
            dbc.DropdownMenuItem(
                t("change_password", lang),
                href="/account/password",
                className="change-password",
                external_link=True,
            ),
            dbc.DropdownMenuItem(divider=True),
            html.Form(
                [
                    dbc.Input(type="hidden", name="csrf", value=user.csrf),
                    html.Button(
                        t("logout", lang), type="submit", className="dropdown-item"
                    ),
                ],
                method="POST",
                action="/logout",
                className="m-0",
            ),
        ],
        label=html.Span(as_written(user.name, lang), className="user-name"),
        size="sm",
        color="dark",
        align_end=True,
        className="user-menu",
        toggle_class_name="btn-outline-light",
    )
    return html.Div(
        [badge, menu], className="user-area d-flex align-items-center gap-2"
    )


def month_options(
    months, lang: str, viewed: tuple[int, int] | None = None
) -> list[dict]:
    """The month selector's options, each with its state (2026年11月 · 报送中 3/7): a
    month still being reported says how many counties are approved; one that has not
    started cannot be reported yet, but can be chosen. With ``viewed`` (the page's
    layout) only the viewed month is counted: the others' counts come after the page
    (:func:`counts_pending`), so that an approval does not retire every kept page."""
    if not months:
        return [{"label": str(m), "value": str(m)} for m in range(1, 13)]
    options = []
    for info in months:
        state = t(f"month_state_{info.state}", lang)
        counted = info.state == "open" and viewed in (None, (info.year, info.month))
        key = "month_option_counted" if counted else "month_option"
        options.append({"label": t(key, lang, month=info.month, state=state,
                                   approved=info.approved, total=info.units),
                        "value": str(info.month)})  # fmt: skip
    return options


# Pages that show the assessment (a provisional month is marked there); reporting,
# targets and accounts are not read as results.
RESULT_PAGES = ("nav_overview", "nav_county", "nav_rankings", "nav_indicator",
                "nav_exports")  # fmt: skip


def provisional_notice(context, section: str | None = None):
    """The banner of a month shown before its figures are final: what 临时 means."""
    if section not in RESULT_PAGES:
        return None
    info = context.month
    if info is None or not info.provisional or info.state == "not_started":
        return None
    lang = context.query.lang
    text = t("provisional_notice", lang, period=period_label(info.year, info.month, lang),
             due=f"{info.due:%Y-%m-%d}", approved=info.approved, total=info.units,
             **context.scope.words(lang))  # fmt: skip
    return dbc.Alert(
        [html.Span("※ ", **{"aria-hidden": "true"}),
         dbc.Badge(t("provisional_badge", lang), color="warning", text_color="dark",
                   className="me-2 provisional-badge"),
         html.Span(text)],
        color="warning", className="provisional-notice py-2 small",
    )  # fmt: skip


def recompute_notice(context, section: str | None = None):
    """While a recomputation runs: the results shown are the last complete ones."""
    running = context.recomputing
    if section not in RESULT_PAGES or running is None:
        return None
    lang = context.query.lang
    return dbc.Alert(
        [html.Span("⟳ ", **{"aria-hidden": "true"}),
         dbc.Badge(t("recompute_badge", lang), color="info", text_color="dark",
                   className="me-2"),
         html.Span(t("recompute_notice", lang, done=running.done, total=running.total))],
        color="info", className="recompute-notice py-2 small",
    )  # fmt: skip


def period_bar(context) -> html.Div:
    """The period under the navbar, on every page: year, month (with its state) and
    whether unapproved figures count. Out of the navbar, which then fits one row from
    1280 px (in English too), and on a phone in view without opening the menu."""
    query = context.query
    lang = query.lang
    years = [{"label": str(y), "value": str(y)} for y in context.years]
    months = month_options(context.months, lang, query.period)
    return html.Div(
        [
            *counts_pending(context.months, query.period),
            dbc.InputGroup([group_label(t("year", lang), ids.YEAR),
                            dbc.Select(id=ids.YEAR, options=years, value=str(query.year),
                                       size="sm")],
                           size="sm", className="period-control"),
            dbc.InputGroup([group_label(t("month", lang), ids.MONTH),
                            dbc.Select(id=ids.MONTH, options=months, value=str(query.month),
                                       size="sm")],
                           size="sm", className="period-control"),
            dbc.Switch(id=ids.DATA_MODE, value=query.submitted,
                       label=t("include_submitted", lang),
                       className="data-mode-switch small mb-0"),
        ],
        className="period-bar d-flex flex-wrap align-items-center gap-2 mb-2",
    )  # fmt: skip


def counts_pending(months, viewed: tuple[int, int]) -> list:
    """A store that has the month selector's counts filled after the page where a
    month being reported is not the one shown (pages/_shell.py), else nothing."""
    waiting = [m for m in months if m.state == "open" and (m.year, m.month) != viewed]
    if not waiting:
        return []
    return [dcc.Store(id=ids.MONTH_MENU, data={"year": str(viewed[0])})]


def _controls(context) -> html.Div:
    """The navbar's right end: the language switch (中文 marked as Chinese) and who is
    signed in."""
    lang = context.query.lang
    return html.Div(
        [
            dbc.RadioItems(
                id=ids.LANG,
                options=[{"label": html.Span(t("lang_zh", lang), lang="zh"), "value": "zh"},
                         {"label": t("lang_en", lang), "value": "en"}],
                value=lang, inline=True, className="btn-group lang-switch",
                inputClassName="btn-check", labelClassName="btn btn-sm btn-outline-light",
                labelCheckedClassName="active",
            ),
            html.Div(user_area(context.user, lang), id=ids.USER_AREA),
        ],
        className="shell-controls d-flex flex-wrap align-items-center gap-2",
    )  # fmt: skip


def _subtitle(context, lang: str):
    """The loaded city and its policy's number (whatever city the database holds);
    the number is the document's name, Chinese on an English page too."""
    city = context.city
    if city is None or not city.city_zh:
        return ""
    name = city.city_en if lang == "en" and city.city_en else city.city_zh
    if lang != "en":
        return t("city_subtitle", lang, city=name, policy=city.policy)
    return [name, " · ", as_written(city.policy, lang)]


def navbar(context, section: str | None) -> dbc.Navbar:
    """The navbar; ``section`` is the nav label key of the page shown (highlighted)."""
    lang = context.query.lang
    search = context.query.search
    defaults = {"adcode": context.first_county, "code": context.first_indicator}
    links = [
        dbc.NavItem(dbc.NavLink(t(key, lang), href=href + search, active=key == section,
                                className=f"nav-link-{key}"))
        for href, key in nav_pages(defaults, context.user.role if context.user else None)
    ]  # fmt: skip
    return dbc.Navbar(
        dbc.Container(
            [
                html.A([html.Span(t("app_title", lang), className="brand-title"),
                        html.Span(_subtitle(context, lang), className="brand-subtitle")],
                       href=dash.get_relative_path("/") + search, className="navbar-brand"),
                dbc.NavbarToggler(id=ids.NAV_TOGGLE, n_clicks=0),
                dbc.Collapse([dbc.Nav(links, navbar=True, className="me-auto"),
                              _controls(context)],
                             id=ids.NAV_COLLAPSE, navbar=True, is_open=False),
            ],
            fluid=True,
        ),
        color="dark", dark=True, className="shell-navbar mb-2", sticky="top", expand="xl",
    )  # fmt: skip


def frame(
    context, body, section: str | None = None, store: str | None = None
) -> html.Div:
    """A page: the navbar, the page's notice if any, its body and the footer. The
    store holds the resolved query for the page's callbacks (``store``: an unlisted
    page's own, under its section's navbar entry)."""
    lang = context.query.lang
    notice = context.notice and alert_message(t(context.notice, lang), "warning")
    marked = context.provisional and section in RESULT_PAGES
    title = (
        f"{t(section, lang)} · {t('app_title', lang)}"
        if section
        else t("app_title", lang)
    )
    return html.Div(
        [
            dcc.Store(
                id=ids.query(store or section or "page"),
                data=context.query.store() | {"title": title},
            ),
            html.Div(id=ids.title(store or section or "page"), hidden=True),
            navbar(context, section),
            dbc.Container(
                [
                    period_bar(context),
                    notice,
                    provisional_notice(context, section),
                    recompute_notice(context, section),
                    scope_bar(context, switch=section != "nav_targets")
                    if section in SCOPED
                    else None,
                    body,
                ],
                fluid=True,
                className=("page-body is-provisional" if marked else "page-body")
                + f" page-{(section or 'page').removeprefix('nav_')}",
                # Every panel title of a provisional month says so (app.css).
                style={"--provisional-label": f'" · {t("provisional_badge", lang)}"'}
                if marked
                else None,
            ),
            html.Footer(
                t("map_source", lang), className="shell-footer text-muted small"
            ),
        ]
    )


def register_page(module: str, section: str, listed: bool = True, **where) -> str:
    """Register a page in the navbar under ``section`` (its nav label key) with its
    tab title, and return the ID of its query store. ``where`` is Dash Pages' path
    (or path_template with nav_default) and order. (Dash Pages only imports the
    modules whose text names ``register_page``, hence the name.) A page not
    ``listed`` has no navbar entry of its own (an item's page under its list's)."""
    dash.register_page(module, nav_label=section if listed else None,
                       title=page_title(section), **where)  # fmt: skip
    store = section if listed else f"{section}-{module.rsplit('.', 1)[-1]}"
    sync_title(store)
    return ids.query(store)


def sync_title(section: str) -> None:
    """The browser tab's title in the page's language. Dash Pages sets its own (in
    Chinese: its title function knows no query) as the page arrives; this runs just
    after it."""
    clientside_callback(
        """
        function(stored) {
            if (stored && stored.title) {
                setTimeout(function() { document.title = stored.title; }, 30);
            }
            if (stored && stored.lang) {
                document.documentElement.lang = stored.lang === 'en' ? 'en' : 'zh-CN';
            }
            return '';
        }
        """,
        Output(ids.title(section), "children"),
        Input(ids.query(section), "data"),
    )


def root_layout() -> html.Div:
    """What stays on screen across navigations: the URL, the error notice and the
    page container."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dbc.Toast(
                t("error_notice", DEFAULT_LANG), id=ids.ERROR_TOAST,
                header=t("error_title", DEFAULT_LANG), icon="danger", is_open=False,
                dismissable=True, duration=8000, className="error-toast",
            ),
            dash.page_container,
        ]
    )  # fmt: skip


# A control changed: go to the same page with the new query (a history entry, so the
# back button returns to the previous period). The query's other keys are kept.
clientside_callback(
    """
    function(year, month, lang, submitted) {
        // The controls of a page just drawn fire too, all four at once (their values
        // come with the page): nothing changed, and a new search would draw the whole
        // page a second time. A reader changes one control at a time.
        const fired = dash_clientside.callback_context.triggered || [];
        if (fired.length !== 1 || !fired[0].prop_id || fired[0].prop_id === '.') {
            return dash_clientside.no_update;
        }
        const params = new URLSearchParams(window.location.search);
        if (year) { params.set('year', year); }
        if (month) { params.set('month', month); }
        if (lang && lang !== 'zh') { params.set('lang', lang); } else { params.delete('lang'); }
        if (submitted) { params.set('data', 'submitted'); } else { params.delete('data'); }
        const search = '?' + params.toString();
        return search === window.location.search ? dash_clientside.no_update : search;
    }
    """,
    Output(ids.URL, "search"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    prevent_initial_call=True,
)

clientside_callback(
    "function(n, isOpen) { return n ? !isOpen : isOpen; }",
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLE, "n_clicks"),
    State(ids.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
