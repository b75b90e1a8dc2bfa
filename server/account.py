"""/account/password: every user changes their own password here (the old one
required); an account an admin created or reset is sent here until it has chosen one."""

from __future__ import annotations

import html
import logging

from flask import Flask, Response, abort, redirect, request, session

from data_access.accounts import AccountError, RateLimited, change_own_password
from data_access.engine import DatabaseUnavailable
from i18n import t
from server.auth import (
    PAGE_HEAD,
    PASSWORD_PATH,
    csrf_ok,
    csrf_token,
    current_actor,
    is_open_path,
)

log = logging.getLogger(__name__)

PASSWORD_PAGE = (
    PAGE_HEAD
    + """<h1 class="page-title mb-1">{title}</h1>
<p class="text-muted">{who}</p>
{notice}{message}
<form method="post" action="/account/password" class="card card-body" id="password-form">
<input type="hidden" name="csrf" value="{csrf}">
<label class="form-label" for="old">{old_label}</label>
<input class="form-control mb-2" id="old" name="old" type="password"
 autocomplete="current-password" required>
<label class="form-label" for="new">{new_label}</label>
<input class="form-control mb-2" id="new" name="new" type="password"
 autocomplete="new-password" minlength="8" required>
<label class="form-label" for="again">{again_label}</label>
<input class="form-control mb-3" id="again" name="again" type="password"
 autocomplete="new-password" minlength="8" required>
<button class="btn btn-primary" type="submit">{submit}</button>
</form>
<p class="mt-3"><a href="/">{back}</a></p>
</main></body></html>"""
)


def _lang() -> str:
    return "en" if request.values.get("lang") == "en" else "zh"


def _page(actor, message: str = "", status: int = 200) -> Response:
    lang = _lang()
    notice = ""
    if actor.must_change_password:
        warning = html.escape(t("pw_must_change", lang))
        notice = f'<div class="alert alert-warning">{warning}</div>'
    shown = (f'<div class="alert alert-danger">{html.escape(message)}</div>'
             if message else "")  # fmt: skip
    body = PASSWORD_PAGE.format(
        html_lang="en" if lang == "en" else "zh-CN",
        title=html.escape(t("pw_title", lang)),
        who=html.escape(t("pw_who", lang, name=actor.display_name, user=actor.username)),
        notice=notice, message=shown, csrf=csrf_token(),
        old_label=html.escape(t("pw_old", lang)), new_label=html.escape(t("pw_new", lang)),
        again_label=html.escape(t("pw_again", lang)),
        submit=html.escape(t("pw_submit", lang)), back=html.escape(t("auth_back", lang)),
    )  # fmt: skip
    return Response(body, status=status, mimetype="text/html")


def register_account_pages(server: Flask) -> None:
    @server.route(PASSWORD_PATH, methods=["GET", "POST"])
    def change_password():
        actor = current_actor()
        if actor is None:
            return redirect(f"/login?next={PASSWORD_PATH}")
        if request.method == "GET":
            return _page(actor)
        if not csrf_ok():
            return _page(actor, t("auth_expired", _lang()), status=400)
        new = request.form.get("new", "")
        if new != request.form.get("again", ""):
            return _page(actor, t("pw_mismatch", _lang()), status=400)
        try:
            change_own_password(actor, request.form.get("old", ""), new,
                                keep_session=session.get("sid"),
                                ip=request.remote_addr or "-")  # fmt: skip
        except AccountError as refused:
            return _page(actor, refused.text(_lang()), status=400)
        except RateLimited:
            log.warning("password change rate-limited user=%r ip=%s", actor.username,
                        request.remote_addr)  # fmt: skip
            return _page(actor, t("pw_rate_limited", _lang()), status=429)
        except DatabaseUnavailable as down:
            return _page(actor, down.text(_lang()), status=503)
        return redirect("/")

    @server.before_request
    def choose_a_password_first():
        """An account made or reset by an admin does nothing else until its user has
        chosen their own password."""
        if request.path in (PASSWORD_PATH, "/logout") or is_open_path(request.path):
            return None
        try:
            actor = current_actor()
        except DatabaseUnavailable:
            return None  # the page itself reports the database
        if actor is None or not actor.must_change_password:
            return None
        if request.path.startswith(("/_dash-", "/export/", "/data/")):
            abort(403)
        return redirect(PASSWORD_PATH)
