"""The shell's server callback (a helper module: Dash Pages skips files whose names
start with ``_``): the month selector's counts of a month being reported that the page
does not show, filled after the page (components/shell.py ``counts_pending``)."""

from __future__ import annotations

from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from components import ids
from components.shell import month_options
from i18n import DEFAULT_LANG, LANGS
from services.context import month_menu


@callback(
    output={"options": Output(ids.MONTH, "options")},
    inputs={"pending": Input(ids.MONTH_MENU, "data"), "lang": State(ids.LANG, "value")},
)
def fill_month_counts(pending, lang):
    """Every month of the page's year with its state and count (报送中 3/7)."""
    year = pending.get("year") if isinstance(pending, dict) else None
    if not isinstance(year, str) or not year.isdigit() or len(year) != 4:
        raise PreventUpdate
    lang = lang if lang in LANGS else DEFAULT_LANG
    months = month_menu(year, lang)
    if not months:
        raise PreventUpdate
    return {"options": month_options(months, lang)}
