"""The Dash app: creates it, sets the shell, exposes ``server`` for gunicorn."""

from __future__ import annotations

import logging
from datetime import date

from dash import Dash, set_props
from flask import request
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from components import shell
from components.ids import ERROR_TOAST
from data_access.engine import DatabaseUnavailable
from i18n import t
from server import auth
from server.callback_inputs import register_input_checks
from server.cli import users
from server.downloads import register_downloads
from server.exports import register_exports
from services.context import fallback_context, shell_context
from settings import load_settings

SETTINGS = load_settings()
logging.basicConfig(level=SETTINGS.log_level)
log = logging.getLogger("kaohe")


def _database_fault(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DatabaseUnavailable | OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def callback_error(error: Exception) -> None:
    """Log any callback failure with its traceback; the user sees a short notice,
    which names the database when that is what failed."""
    log.error("callback failed: %s", error, exc_info=error)
    lang = "en" if "lang=en" in (request.referrer or "") else "zh"
    key = "database_notice" if _database_fault(error) else "error_notice"
    set_props(ERROR_TOAST, {"is_open": True, "children": t(key, lang)})


app = Dash(
    __name__,
    use_pages=True,
    title="就业目标责任考核 · 巴彦淖尔",
    update_title=None,
    serve_locally=True,
    compress=False,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    on_error=callback_error,
)
server = app.server
auth.init_app(server, SETTINGS)
register_input_checks(server)
register_downloads(server)
register_exports(server)
server.cli.add_command(users)


def serve_layout():
    """Built per page load so that the periods on offer follow the data. With the
    database down the shell still renders (the pages then say what is wrong)."""
    try:
        context = shell_context(date.today().year)
    except (DatabaseUnavailable, SQLAlchemyError):
        log.exception("layout without the database")
        context = fallback_context(date.today().year)
    return shell.layout(
        years=context.years,
        default_year=context.default_year,
        default_month=context.default_month,
        nav_defaults={"adcode": context.first_county, "code": context.first_indicator},
        user=shell.shell_user(),
    )


app.layout = serve_layout

if __name__ == "__main__":
    app.run(debug=False, port=SETTINGS.port)
