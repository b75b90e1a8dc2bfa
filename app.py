"""The Dash app: :func:`create_app` builds it from settings read once; ``server`` is
what gunicorn serves (``app:server``)."""

from __future__ import annotations

import gc
import json
import logging
import re

from dash import Dash, set_props
from flask import Flask, request
from sqlalchemy.exc import DatabaseError, IntegrityError, InterfaceError

import pages._shell  # noqa: F401  (the shell's server callback, on every page)
from components import shell
from components.ids import ERROR_TOAST
from data_access.engine import DatabaseUnavailable
from i18n import t
from server import auth
from server.account import register_account_pages
from server.callback_inputs import register_input_checks
from server.cli import database, deliver, users
from server.downloads import register_downloads
from server.exports import register_exports
from server.headers import (
    CompressedFiles,
    compressed_file_key,
    register_asset_caching,
    register_headers,
)
from server.rendered import register_rendered_cache
from services.cache import init_cache
from services.recompute import register_worker
from settings import SETTINGS_KEY, Settings, load_settings

log = logging.getLogger("kaohe")


def _database_fault(error: BaseException | None) -> bool:
    while error is not None:
        # OperationalError is a DatabaseError; so is "file is not a database". A
        # broken rule (IntegrityError) is the app's own fault, not the database's.
        if isinstance(error, IntegrityError):
            return False
        if isinstance(error, DatabaseUnavailable | DatabaseError | InterfaceError):
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


class Dashboard(Dash):
    """Dash with the page's language on its <html> element (zh-CN, or en with
    ``lang=en``): screen readers read it in its language, and the Chinese names and
    policy text of an English page are marked lang="zh" where they stand."""

    def interpolate_index(self, **kwargs) -> str:
        scripts = POLYFILL.sub("", kwargs.get("scripts", ""))
        scripts = GRID.sub(_grid_address, scripts)
        kwargs["scripts"] = scripts + self._early_chunks()
        page = super().interpolate_index(**kwargs)
        preload = "".join(PRELOAD.format(prefix=self.config.requests_pathname_prefix, name=n)
                          for n in ("_dash-layout", "_dash-dependencies"))  # fmt: skip
        page = page.replace("</head>", preload + "</head>", 1)
        lang = "en" if request.args.get("lang") == "en" else "zh-CN"
        return page.replace("<html>", f'<html lang="{lang}">', 1)

    def _early_chunks(self) -> str:
        sources = self._collect_and_register_resources(
            [{"relative_package_path": f"dcc/async-{name}.js", "namespace": "dash",
              "async": True} for name in EARLY_CHUNKS])  # fmt: skip
        return "".join(f'<script src="{src}"></script>' for src in sources)


# dcc's pieces that Dash fetches only once a page draws them (charts, menus, the tables
# drawn as one Markdown component and the highlighter it loads next): every page draws
# them at its first load, so they come with the bundles (versioned, cached a year)
# rather than one after another once the answers are in (a cold overview: -0.45 s).
EARLY_CHUNKS = ("graph", "dropdown", "markdown", "highlight")
# Dash sends @babel/polyfill (core-js 2, for browsers before 2017; Dash supports none
# of them) before everything: 0.1 s of every cold page's script time went into it. The
# one piece the bundles call, regeneratorRuntime, comes from assets/00-vendor.
POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')
# The renderer asks for these two once its scripts have run; asked for with the page,
# they are there by then (the same request: same-origin credentials, one fetch each).
PRELOAD = (
    '<link rel="preload" href="{prefix}{name}" as="fetch" crossorigin="anonymous">'
)
# dash-ag-grid's bundle (1.3 MB) is fetched by assets/grid.js when a page draws a grid;
# its tag becomes its address.
GRID = re.compile(
    r'<script src="(?P<src>[^"]*/dash_ag_grid/dash_ag_grid\.[^"]*js)"></script>'
)


def _grid_address(found: re.Match) -> str:
    address = json.dumps({"src": found.group("src")})
    return f'<script id="kaohe-grid-bundle" type="application/json">{address}</script>'


def create_app(settings: Settings | None = None) -> Dash:
    """The app for ``settings`` (default: read from the environment, once). The
    settings are kept on the Flask server; nothing reads the environment later."""
    settings = settings or load_settings()
    logging.basicConfig(level=settings.log_level)
    flask_server = Flask(__name__)
    # Read by the compressor when Dash sets it up: the bundles compressed once.
    flask_server.config["COMPRESS_CACHE_BACKEND"] = CompressedFiles
    flask_server.config["COMPRESS_CACHE_KEY"] = compressed_file_key
    dash_app = Dashboard(
        __name__,
        server=flask_server,
        use_pages=True,
        title=f"{t('app_title', 'zh')} · {t('city_name', 'zh')}",
        update_title=None,
        serve_locally=True,
        compress=True,  # gzip for the browser (flask-compress); callbacks compress well
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"}
        ],
        on_error=callback_error,
        # Otherwise Dash builds every page's layout at a worker's first request and
        # sends them all (700 KB nationally) in every page's HTML for the browser to
        # walk before its first request; the ids every callback names are checked
        # against the pages' layouts by the tests instead (arch011).
        suppress_callback_exceptions=True,
    )
    flask_server.config[SETTINGS_KEY] = settings
    # Static files are sent whole, not streamed through the compressor (which would
    # leave them open); they are small and cached.
    flask_server.config["COMPRESS_STREAMS"] = False
    auth.init_app(flask_server, settings)
    init_cache(flask_server, settings)
    register_downloads(flask_server)
    register_exports(flask_server)
    register_account_pages(flask_server)
    # After the sign-in guards: who may call comes before what the call holds.
    register_input_checks(flask_server)
    register_headers(flask_server)
    register_asset_caching(flask_server)  # after the compressor: runs before it
    register_rendered_cache(dash_app)  # after the checks: a refused call is never kept
    register_worker(flask_server, settings)
    flask_server.cli.add_command(users)
    flask_server.cli.add_command(database)
    flask_server.cli.add_command(deliver)
    dash_app.layout = shell.root_layout
    return dash_app


app = create_app()
server = app.server
# What start-up made (the libraries, the app, its layout: some 220,000 objects) lives as
# long as the process: frozen out of the collector, a full collection no longer walks it
# during a request (a country's ranking: p95 220 → 126 ms, p50 unchanged).
gc.freeze()

if __name__ == "__main__":
    app.run(debug=False, port=server.config[SETTINGS_KEY].port)
