"""Flask-Login sessions, the /login and /logout routes and the read guard.

Reading the dashboards may be open to anonymous users (``PUBLIC_READ=1``); everything
that writes checks the logged-in actor in the data layer.
"""

from __future__ import annotations

import hmac
import html
import logging
import posixpath
import secrets
from datetime import timedelta
from urllib.parse import urlparse

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    request,
    session,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from data_access.accounts import (
    Actor,
    RateLimited,
    authenticate,
    end_session,
    open_session,
    session_actor,
)
from data_access.engine import UNWRITABLE, DatabaseUnavailable
from data_access.queries import database_problem
from i18n import t
from services.cache import cache_kind, cache_problem
from services.context import IDENTITY, Identity
from settings import (
    ConfigurationError,
    Settings,
    current_settings,
    load_settings,
    secret_key_for,
)

log = logging.getLogger(__name__)

# Reachable without a login even when reading is closed: these exact paths and what
# lies under these folders, each in its plain form (no "..", "//" or trailing slash).
OPEN_PATHS = frozenset({"/login", "/logout", "/health", "/_favicon.ico"})
OPEN_FOLDERS = ("/assets/", "/_dash-component-suites/")
SESSION_LIFETIME = timedelta(hours=8)
PASSWORD_PATH = "/account/password"  # where a user changes their own password


class SessionUser(UserMixin):
    def __init__(self, actor: Actor):
        self.actor = actor
        self.id = str(actor.user_id)


def current_actor() -> Actor | None:
    """The logged-in actor, or None (anonymous, or outside a request).

    Raises DatabaseUnavailable when the request carried a session that could not be
    checked because the database is down: that user is not anonymous, and what they
    were doing must fail with the database named, not with "please log in".
    """
    try:
        user = current_user
        actor = user.actor if user and user.is_authenticated else None
        unchecked = g.get("session_unchecked", False)
    except (RuntimeError, AttributeError):
        return None
    if actor is None and unchecked:
        raise DatabaseUnavailable(UNWRITABLE)
    return actor


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the overview."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if (
        parsed.scheme
        or parsed.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return "/"
    return target


def csrf_token() -> str:
    """This browser session's token for the app's own forms (login, logout). A
    signed-in session has it from login; one without it (signed in before tokens
    were kept at login) gets one derived from its id, so the page's callbacks that
    ask at once, each answering with its own copy of the cookie, agree on it (a
    random token each: the cookie that lands last would refuse the navbar's form)."""
    if "csrf" not in session:
        sid = session.get("sid")
        session["csrf"] = (
            secrets.token_urlsafe(32)
            if not sid
            else hmac.new(
                str(current_app.secret_key).encode(), f"csrf:{sid}".encode(), "sha256"
            ).hexdigest()
        )
    return session["csrf"]


def csrf_ok() -> bool:
    sent, expected = request.form.get("csrf", ""), session.get("csrf", "")
    return bool(expected) and hmac.compare_digest(str(sent), str(expected))


def is_open_path(path: str) -> bool:
    """Whether ``path`` may be served without a login when reading is closed: an exact
    open path, or something under an open folder, written in its one plain form. A
    path that normalising would change (``/health/``, ``/health//``, ``/x/../``,
    ``//login``) is not open: Flask would not route it to the open page but to the
    app's own pages."""
    path = path or "/"
    if path != "/" + posixpath.normpath(path).lstrip("/"):
        return False
    return path in OPEN_PATHS or path.startswith(OPEN_FOLDERS)


# The head of the server's own small pages (sign in, sign out, password), offline.
PAGE_HEAD = """<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/assets/00-vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/app.css"></head>
<body class="login-body"><main class="container" style="max-width:440px;padding-top:10vh">
"""

LOGIN_PAGE = (
    PAGE_HEAD
    + """<h1 class="page-title mb-1">{app_title}</h1>
<p class="text-muted">{prompt}</p>
{message}
<form method="post" action="/login" class="card card-body">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label class="form-label" for="username">{username}</label>
<input class="form-control mb-2" id="username" name="username" autocomplete="username" required>
<label class="form-label" for="password">{password}</label>
<input class="form-control mb-3" id="password" name="password" type="password"
 autocomplete="current-password" required>
<button class="btn btn-primary" type="submit">{submit}</button>
</form>
<p class="mt-3"><a href="/">{back}</a></p>
</main></body></html>"""
)


def _lang() -> str:
    return "en" if request.values.get("lang") == "en" else "zh"


def _texts(*keys: str) -> dict[str, str]:
    lang = _lang()
    return {key.removeprefix("auth_"): html.escape(t(key, lang)) for key in keys} | {
        "html_lang": "en" if lang == "en" else "zh-CN"
    }


def _login_page(message_key: str = "", status: int = 200) -> Response:
    message = html.escape(t(message_key, _lang())) if message_key else ""
    body = LOGIN_PAGE.format(
        **_texts(
            "auth_title",
            "auth_app_title",
            "auth_prompt",
            "auth_username",
            "auth_password",
            "auth_submit",
            "auth_back",
        ),
        message=f'<div class="alert alert-danger">{message}</div>' if message else "",
        csrf=csrf_token(),
        next=html.escape(_safe_next(request.values.get("next")), quote=True),
    )
    return Response(body, status=status, mimetype="text/html")


LOGOUT_PAGE = (
    PAGE_HEAD
    + """<h1 class="page-title mb-3">{logout_heading}</h1>
<form method="post" action="/logout" class="card card-body">
<input type="hidden" name="csrf" value="{csrf}">
<button class="btn btn-primary" type="submit">{logout_heading}</button>
</form>
<p class="mt-3"><a href="/">{back}</a></p>
</main></body></html>"""
)


def init_app(server: Flask, settings: Settings | None = None) -> None:
    """Configure sessions and register the login routes and the read guard."""
    settings = settings or load_settings()
    key = secret_key_for(settings)
    if key is None:
        raise ConfigurationError(t("auth_secret_key_needed", None))
    server.config.update(
        SECRET_KEY=key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        # Base64 in a JSON body is ~4/3 of the file; leave room for the rest.
        MAX_CONTENT_LENGTH=int(settings.max_upload_bytes * 1.4) + 64 * 1024,
    )
    if settings.trusted_proxies:
        # X-Forwarded-For is believed only from the configured number of proxies in
        # front of the app; otherwise a client could claim any address.
        server.wsgi_app = ProxyFix(
            server.wsgi_app,
            x_for=settings.trusted_proxies,
            x_proto=settings.trusted_proxies,
        )
    manager = LoginManager()
    manager.init_app(server)
    # Who is signed in, as the services ask it (they never import the server).
    server.extensions[IDENTITY] = Identity(current_actor, csrf_token)

    @manager.user_loader
    def load_user(user_id: str):
        """Valid only while the session's server-side record lives (see logout)."""
        try:
            actor = session_actor(int(user_id), session.get("sid"))
        except ValueError:
            return None
        except SQLAlchemyError:
            # The database is down: pages still render (as for anonymous readers);
            # current_actor() says so to anything that needs the user.
            log.exception("session lookup failed")
            g.session_unchecked = True
            return None
        return SessionUser(actor) if actor else None

    @server.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return _login_page()
        if not csrf_ok():
            return _login_page("auth_expired", 400)
        username = request.form.get("username", "")
        try:
            actor = authenticate(
                username, request.form.get("password", ""), request.remote_addr or "-"
            )
            if actor is not None:
                end_session(session.get("sid"))
                token = open_session(actor.user_id, SESSION_LIFETIME)
        except (DatabaseUnavailable, SQLAlchemyError):
            log.exception("login failed: database unavailable")
            return _login_page("auth_database_down", 503)
        except RateLimited:
            log.warning(
                "login rate-limited user=%r ip=%s", username[:64], request.remote_addr
            )
            return _login_page("auth_rate_limited", 429)
        if actor is None:
            return _login_page("auth_wrong", 401)
        target = _safe_next(request.form.get("next"))
        if actor.must_change_password:  # made or reset by an admin: choose one first
            target = PASSWORD_PATH
        session.clear()  # a fresh session at login, so no earlier id survives
        session.permanent = True
        session["sid"] = token
        session["csrf"] = secrets.token_urlsafe(32)  # before the pages ask at once
        login_user(SessionUser(actor))
        return redirect(target)

    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        """POST with the form's token ends the session (on the server too); a GET
        only shows the button, so another site cannot log a user out."""
        if request.method == "GET":
            texts = _texts("auth_logout_title", "auth_logout_heading", "auth_back")
            texts["title"] = texts["logout_title"]
            body = LOGOUT_PAGE.format(**texts, csrf=csrf_token())
            return Response(body, mimetype="text/html")
        if not csrf_ok():
            return Response(t("auth_logout_expired", _lang()), status=400,
                            mimetype="text/plain; charset=utf-8")  # fmt: skip
        try:
            end_session(session.get("sid"))
        except DatabaseUnavailable:
            log.exception("logout could not remove the session record")
            return Response(t("auth_logout_database_down", _lang()), status=503,
                            mimetype="text/plain; charset=utf-8")  # fmt: skip
        logout_user()
        session.clear()
        return redirect("/")

    @server.route("/health")
    def health():
        """For the load balancer and ops: 200 only when the database is this app's
        (schema at the expected revision) and a write to it persists, and the shared
        cache (Redis, where configured) answers; 200 ``busy`` while another writer
        holds the write lock past a second (writes wait, nothing is down)."""
        database = database_problem()
        shared_cache = cache_problem()
        body = {"database": database or "ok", "cache": shared_cache or "ok",
                "cache_kind": cache_kind()}  # fmt: skip
        if database == "busy" and shared_cache is None:
            # Another writer holds the lock: writes wait their turn, nothing is down.
            log.warning("health check: the write lock is busy")
            return jsonify(status="busy", **body)
        if database is not None or shared_cache is not None:
            log.error("health check: database %s, cache %s", body["database"],
                      body["cache"])  # fmt: skip
            return jsonify(status="error", **body), 503
        return jsonify(status="ok", **body)

    @server.before_request
    def guard_reads():
        if is_open_path(request.path):
            return None
        if current_user.is_authenticated or current_settings().public_read:
            return None
        if request.path.startswith("/_dash-") or request.path.startswith("/export/"):
            abort(401)
        return redirect(f"/login?next={request.full_path.rstrip('?')}")
