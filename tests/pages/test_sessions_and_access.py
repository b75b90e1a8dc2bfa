"""Sessions that end when they should, logins nobody can block, closed reading that is
closed, and audit trails behind a login (defects 3, 5, 6, 9, 10 and 11 of the probe)."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access import accounts
from data_access.accounts import RateLimited, authenticate, set_active, set_password
from data_access.engine import get_engine
from data_access.models import UserSession
from server.auth import is_open_path
from tests.helpers import (
    answer_text,
    login,
    override_setting,
    post_callback,
    render_page,
)

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
GRID_SAVE = {
    **PERIOD,
    "data-grid.rowData": [{"code": "urban_new_jobs", "value": 3333}],
    "data-changed.data": 0,
}


def _save(client, app):
    """A grid save as linhe would post it; True when it was written."""
    response = post_callback(
        client, app, "data-save-message.children", GRID_SAVE, ["data-save.n_clicks"]
    )
    return response.status_code == 200 and _saved_text(response)


def _csrf(client) -> str:
    page = client.get("/logout").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _copy_cookie(source, target) -> None:
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def _sessions() -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(UserSession)).scalar_one()


def _saved_text(response) -> bool:
    return "已保存" in answer_text(response)


def test_auth101_logout_ends_a_copied_session_cookie(dash_app, fresh_db):
    """A copy of the session cookie taken before logout saves nothing after it."""
    browser, thief = dash_app.server.test_client(), dash_app.server.test_client()
    login(browser, "linhe")
    _copy_cookie(browser, thief)
    first = post_callback(thief, dash_app, "data-save-message.children", GRID_SAVE,
                          ["data-save.n_clicks"])  # fmt: skip
    assert _saved_text(first)  # the copy works while the session lives
    out = browser.post("/logout", data={"csrf": _csrf(browser)})
    assert out.status_code == 302
    again = post_callback(thief, dash_app, "data-save-message.children",
                          {**GRID_SAVE, "data-grid.rowData": [
                              {"code": "urban_new_jobs", "value": 3400}]},
                          ["data-save.n_clicks"])  # fmt: skip
    assert not _saved_text(again)
    assert "登录" in answer_text(again)


@pytest.mark.parametrize("end", ["password", "disable"])
def test_auth102_password_change_and_disabling_end_every_session(
    dash_app, fresh_db, end
):
    """Two browsers signed in as linhe; a password change or disabling the account
    ends both at once."""
    one, two = dash_app.server.test_client(), dash_app.server.test_client()
    login(one, "linhe")
    login(two, "linhe")
    assert _save(one, dash_app)
    if end == "password":
        set_password("linhe", "a-new-password-1")
    else:
        set_active("linhe", False)
    assert not _save(one, dash_app) and not _save(two, dash_app)
    if end == "password":
        assert login(one, "linhe", "a-new-password-1").status_code == 302
        assert _save(one, dash_app)
    else:
        assert login(one, "linhe").status_code == 401


def test_auth103_logout_needs_post_with_the_token(dash_app, fresh_db):
    """GET /logout (a link or image on another site) logs nobody out, nor does a
    POST without the token; the page's own form does."""
    client = dash_app.server.test_client()
    login(client, "linhe")
    page = client.get("/logout")
    assert page.status_code == 200 and 'method="post"' in page.get_data(as_text=True)
    assert _save(client, dash_app)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 400
    assert _save(client, dash_app)
    before = _sessions()
    assert client.post("/logout", data={"csrf": _csrf(client)}).status_code == 302
    assert _sessions() == before - 1
    assert not _save(client, dash_app)


def test_auth104_the_navbar_logs_out_with_a_post_form(dash_app, fresh_db):
    client = dash_app.server.test_client()
    login(client, "linhe")
    layout = answer_text(render_page(client, "/rankings")).replace(" ", "")
    assert '"action":"/logout"' in layout and '"method":"POST"' in layout
    assert '"name":"csrf"' in layout and '"href":"/logout"' not in layout


def _navbar_token(client) -> str:
    layout = answer_text(render_page(client, "/rankings")).replace(" ", "")
    return re.search(r'"value":"([^"]+)","type":"hidden","name":"csrf"', layout)[1]


@pytest.mark.parametrize("kept_at_login", [True, False])
def test_auth106_a_pages_callbacks_at_once_agree_on_the_logout_token(
    dash_app, fresh_db, kept_at_login
):
    """Right after login a page's callbacks run at once, each with the cookie as it
    was: they draw one logout token, which the cookie each sends back keeps, so the
    navbar's form logs out whichever answer lands last (CI's br103 failed on a 400).
    ``kept_at_login`` False: a session from before login kept the token."""
    client = dash_app.server.test_client()
    login(client, "linhe")
    if not kept_at_login:
        with client.session_transaction() as stored:
            stored.pop("csrf", None)
    one, two = dash_app.server.test_client(), dash_app.server.test_client()
    _copy_cookie(client, one)
    _copy_cookie(client, two)
    first, second = _navbar_token(one), _navbar_token(two)
    assert first == second
    assert two.post("/logout", data={"csrf": first}).status_code == 302


def test_auth105_wrong_passwords_elsewhere_never_lock_the_owner_out(fresh_db, caplog):
    """Five failures (or fifty) against supervisor from one address: that address is
    refused, the owner from another address gets in (slowed down, logged)."""
    waits: list[float] = []
    now = datetime(2026, 11, 27, 9, 0)
    for _ in range(5):
        assert (
            authenticate("supervisor", "wrong", "10.0.0.66", now, waits.append) is None
        )
    with pytest.raises(RateLimited):
        authenticate("supervisor", "demo12345", "10.0.0.66", now, waits.append)
    caplog.set_level(logging.WARNING, logger="data_access.accounts")
    actor = authenticate("supervisor", "demo12345", "10.0.0.7", now, waits.append)
    assert actor is not None and actor.username == "supervisor"
    assert waits and 0 < waits[-1] <= accounts.SLOW_DOWN_MAX
    assert "login slowed" in caplog.text and "supervisor" in caplog.text


def test_auth106_one_address_guessing_many_accounts_is_stopped(fresh_db):
    now = datetime(2026, 11, 27, 9, 0)
    names = [f"user{i}" for i in range(accounts.ADDRESS_FAILURES_ALLOWED)]
    for name in names:
        authenticate(name, "wrong", "10.0.0.99", now, lambda _s: None)
    with pytest.raises(RateLimited):
        authenticate("linhe", "demo12345", "10.0.0.99", now, lambda _s: None)
    later = now + accounts.LOGIN_WINDOW + timedelta(seconds=1)
    assert authenticate("linhe", "demo12345", "10.0.0.99", later) is not None


def test_auth107_login_delay_grows_and_is_capped():
    allowed = accounts.LOGIN_FAILURES_ALLOWED
    assert [accounts.login_delay(n) for n in range(allowed)] == [0.0] * allowed
    assert accounts.login_delay(allowed) == accounts.SLOW_DOWN_STEP
    assert accounts.login_delay(1000) == accounts.SLOW_DOWN_MAX


def test_auth108_proxy_addresses_are_believed_only_when_configured(dash_app, fresh_db):
    """Without TRUSTED_PROXIES a forged X-Forwarded-For changes nothing: five failures
    from the test client's address lock that address whatever header it sends."""
    client = dash_app.server.test_client()
    for _ in range(5):
        login(client, "leader", "wrong-password")
    forged = {"X-Forwarded-For": "203.0.113.9"}
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login",
        data={"username": "leader", "password": "demo12345", "csrf": token},
        headers=forged,
    )
    assert answer.status_code == 429


def test_auth109_proxyfix_reads_the_real_client_address():
    """With TRUSTED_PROXIES=1 the app sees the address the proxy forwarded."""
    from flask import Flask, request

    from server.auth import init_app
    from settings import load_settings

    app = Flask("proxy-test")
    init_app(app, load_settings(trusted_proxies=1))

    @app.route("/whoami")
    def whoami():
        return request.remote_addr or ""

    answer = app.test_client().get(
        "/whoami", headers={"X-Forwarded-For": "198.51.100.4"}
    )
    assert answer.get_data(as_text=True) == "198.51.100.4"


@pytest.mark.parametrize(
    ("path", "open_"),
    [
        ("/login", True),
        ("/logout", True),
        ("/health", True),
        ("/assets/app.css", True),
        ("/_dash-component-suites/dash/x.js", True),
        ("/loginx", False),
        ("/login_anything", False),
        ("/healthcheck", False),
        ("/health/../export/table/history.csv", False),
        ("/assets/../export/rankings.csv", False),
        ("//export/rankings.csv", False),
        ("/", False),
        ("/_dash-layout", False),
    ],
)
def test_auth110_open_paths_match_exactly_after_normalising(path, open_):
    assert is_open_path(path) is open_


def test_auth111_closed_reading_serves_no_app_shell(dash_app, fresh_db, monkeypatch):
    override_setting(monkeypatch, "PUBLIC_READ", "0")
    client = dash_app.server.test_client()
    for path in ("/loginx", "/healthcheck", "/login_anything"):
        answer = client.get(path)
        assert (
            answer.status_code == 302 and "/login?next=" in answer.headers["Location"]
        )
    answer = client.get("/health/../export/table/history.csv?year=2026&month=10")
    assert answer.status_code in (302, 401, 404)
    assert "/login" in answer.headers.get("Location", "/login")
    assert "linhe" not in answer.get_data(as_text=True)


def test_auth112_history_export_needs_a_login_and_honours_indicator(dash_app, fresh_db):
    """Anonymous readers (PUBLIC_READ=1) get 401 for the change history; a county
    gets its own (403 for another's); indicator= filters the rows."""
    query = "/export/table/history.csv?year=2026&month=10&region=150802"
    anonymous = dash_app.server.test_client()
    assert anonymous.get(query).status_code == 401
    linhe = dash_app.server.test_client()
    login(linhe, "linhe")
    assert _save(linhe, dash_app)
    full = linhe.get(query)
    assert full.status_code == 200 and "linhe" in full.get_data(as_text=True)
    only = linhe.get(query + "&indicator=incubators").get_data(as_text=True)
    assert "linhe" not in only
    assert linhe.get(query.replace("150802", "150822")).status_code == 403
    office = dash_app.server.test_client()
    login(office, "supervisor")
    assert office.get(query).status_code == 200


def test_auth113_history_panels_need_a_login(client, dash_app, fresh_db):
    page = {**PERIOD, "data-changed.data": 1, "data-history-indicator.value": "__all__"}
    answer = post_callback(client, dash_app, "data-history.children", page)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "changed_by" not in body
    assert "source_" not in body and "history.csv" not in body
    assert "登录后可查看" in answer_text(answer)


def test_auth114_gunicorn_control_socket_is_off():
    """Instances on one host must not share gunicorn's fixed control socket."""
    from gunicorn.config import Config

    config = Config()
    namespace: dict = {}
    with open("gunicorn.conf.py", encoding="utf-8") as source:
        exec(compile(source.read(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    assert config.control_socket_disable is True


def test_auth115_cli_password_and_disable_end_sessions(dash_app, fresh_db):
    """``flask users password|disable`` end the account's sessions; the password
    rules hold (not the username, at least 8 characters)."""
    runner = dash_app.server.test_cli_runner()
    client = dash_app.server.test_client()
    login(client, "linhe")
    assert _save(client, dash_app)
    refused = runner.invoke(args=["users", "password", "linhe", "--password", "linhe"])
    assert refused.exit_code != 0 and "密码" in refused.output
    assert _save(client, dash_app)  # a refused change ends nothing
    done = runner.invoke(
        args=["users", "password", "linhe", "--password", "new-pass-42"]
    )
    assert done.exit_code == 0, done.output
    assert not _save(client, dash_app)
    login(client, "linhe", "new-pass-42")
    assert _save(client, dash_app)
    assert runner.invoke(args=["users", "disable", "linhe"]).exit_code == 0
    assert not _save(client, dash_app)
    assert login(client, "linhe", "new-pass-42").status_code == 401
    assert runner.invoke(args=["users", "enable", "linhe"]).exit_code == 0
    assert login(client, "linhe", "new-pass-42").status_code == 302
    assert runner.invoke(args=["users", "disable", "nobody"]).exit_code != 0


@pytest.mark.parametrize(
    ("username", "password", "words"),
    [("supervisor", "Supervisor", "不能与用户名相同"), ("linhe", "short", "至少8位")],
)
def test_auth116_new_passwords_follow_the_rules(username, password, words):
    from data_access.accounts import AccountError, check_new_password

    with pytest.raises(AccountError, match=words):
        check_new_password(username, password)
    check_new_password(username, "a-long-enough-one")


@pytest.mark.parametrize(
    "path",
    ["/health/", "/login/", "/logout/", "/_favicon.ico/", "/health//", "//health",
     "/assets/../", "/health/.", "/./health"],
)  # fmt: skip
def test_auth117_closed_reading_serves_nothing_at_a_slashed_open_path(
    dash_app, fresh_db, monkeypatch, path
):
    """PUBLIC_READ=0: a trailing slash (or "//", ".") on an open path served the
    142 KB page shell with its layouts (county list, role options, measure texts,
    the as-of date). Now such a path is not open: a sign-in redirect, no app."""
    override_setting(monkeypatch, "PUBLIC_READ", "0")
    client = dash_app.server.test_client()
    answer = client.get(path)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 302, (answer.status_code, body[:200])
    assert answer.headers["Location"].startswith("/login?next=")
    assert len(body) < 2000 and "_dash-config" not in body and "临河区" not in body


@pytest.mark.parametrize("path", ["/health/", "/health/.", "/login/"])
def test_auth118_slashed_paths_are_not_open(path):
    assert is_open_path(path) is False


def test_auth119_every_answer_carries_the_security_headers(dash_app, fresh_db):
    """A CSP naming the page's own inline scripts by hash (and nothing else inline),
    nosniff, no framing by other sites, a same-origin referrer; no-store on what
    carries usernames or passwords."""
    from server.headers import script_hashes

    client = dash_app.server.test_client()
    login(client, "supervisor")
    index = client.get("/?year=2026&month=10")
    policy = index.headers["Content-Security-Policy"]
    hashes = script_hashes(index.get_data(as_text=True))
    assert hashes and all(h in policy for h in hashes)
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    for path in ("/", "/health", "/login", "/assets/app.css",
                 "/export/table/history.csv?year=2026&month=10&region=150802"):  # fmt: skip
        with client.get(path) as answer:
            headers = answer.headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert "default-src 'self'" in headers["Content-Security-Policy"], path
    for path in ("/export/table/history.csv?year=2026&month=10&region=150802",
                 "/account/password", "/login"):  # fmt: skip
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    callback = post_callback(client, dash_app, "rankings-table.children",
                             {**PERIOD, "rankings-sort.value": "total"})  # fmt: skip
    assert callback.headers["Cache-Control"] == "no-store"
    with client.get("/assets/app.css") as asset:
        assert asset.headers.get("Cache-Control") != "no-store"


def test_auth120_nginx_adds_hsts():
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    assert 'add_header Strict-Transport-Security "max-age=31536000' in conf
