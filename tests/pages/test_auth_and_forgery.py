"""Login, sessions and forged writes, through Flask's test client.

Every Dash callback is an HTTP endpoint anyone can POST to; each write must be refused
unless the logged-in user may do it, and a refused write leaves the database unchanged.
"""

from __future__ import annotations

import base64

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from data_access.engine import get_engine
from data_access.models import (
    PublishedPeriod,
    Report,
    ReportHistory,
    Submission,
    Target,
    User,
)
from tests.helpers import answer_text, login, override_setting, post_callback

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
WRITES = [
    ("data-import-message.children", "data-confirm.n_clicks"),
    ("data-save-message.children", "data-save.n_clicks"),
    ("data-save-message.children", "data-submit.n_clicks"),
    ("data-review-message.children", "data-approve.n_clicks"),
    ("data-review-message.children", "data-return.n_clicks"),
    ("targets-message.children", "targets-save.n_clicks"),
    ("targets-message.children", "targets-weights-save.n_clicks"),
    ("rankings-publish-message.children", "rankings-publish.n_clicks"),
]


def _state() -> tuple:
    """Everything a write could change."""
    with get_engine().connect() as conn:
        return (
            conn.execute(select(func.count(), func.sum(Report.value))).one(),
            conn.execute(select(func.count()).select_from(ReportHistory)).scalar(),
            conn.execute(
                select(Submission.status, func.count()).group_by(Submission.status)
            ).all(),
            conn.execute(select(func.count(), func.sum(Target.value))).one(),
            conn.execute(select(func.count()).select_from(PublishedPeriod)).scalar(),
        )


def _csv_upload(text_: str, encoding="gbk") -> str:
    return "data:text/csv;base64," + base64.b64encode(text_.encode(encoding)).decode()


def _forged_values(**extra) -> dict:
    rows = [{"code": "urban_new_jobs", "value": 999999, "region": "150802"}]
    return {
        **PERIOD,
        "data-upload.contents": _csv_upload(
            "旗县区,指标,年份,月份,数值\n临河区,城镇新增就业人数,2026,10,99999\n"
        ),
        "data-upload.filename": "x.csv",
        "data-grid.rowData": rows,
        "data-review-region.value": "150802",
        "data-reason.value": "forged",
        "data-changed.data": 0,
        "targets-grid.rowData": [{"code": "urban_new_jobs", "150802": 1}],
        "targets-weights.rowData": [{"code": "urban_new_jobs", "weight": 100}],
        "targets-refresh.data": 0,
        "rankings-refresh.data": 0,
        **extra,
    }


def test_auth001_wrong_password_gets_a_generic_message(client, fresh_db):
    """Unknown user and wrong password read the same."""
    wrong = login(client, "dengkou", "not-the-password")
    unknown = login(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "用户名或密码错误" in response.get_data(as_text=True)


def test_auth002_sixth_failure_in_a_minute_is_rate_limited(client, fresh_db):
    """Five failures are allowed; the sixth attempt gets 429, even with the right
    password, because the check comes first."""
    for _ in range(5):
        assert login(client, "linhe", "wrong-password").status_code == 401
    assert login(client, "linhe", "demo12345").status_code == 429
    assert login(client, "dengkou", "demo12345").status_code == 302


def test_auth003_login_rotates_session_and_sets_safe_cookie(dash_app, fresh_db):
    """The session cookie is HttpOnly and SameSite=Lax, and changes at login."""
    client = dash_app.server.test_client()
    client.get("/login")
    before = client.get_cookie("session").value
    response = login(client, "supervisor")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get_cookie("session").value != before


def test_auth004_login_form_needs_its_csrf_token_and_refuses_open_redirects(
    client, fresh_db
):
    """A cross-site POST without the token is refused; ?next= stays on this site."""
    forged = client.post(
        "/login", data={"username": "supervisor", "password": "demo12345"}
    )
    assert forged.status_code == 400
    page = client.get("/login?next=//evil.example/x").get_data(as_text=True)
    assert 'name="next" value="/"' in page
    assert "Access-Control-Allow-Origin" not in client.get("/login").headers


def test_auth005_passwords_are_scrypt_hashes(fresh_db):
    """No password is stored in clear."""
    with get_engine().connect() as conn:
        hashes = conn.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("scrypt:") for h in hashes)


def test_auth006_production_refuses_to_start_without_secret_key():
    """APP_ENV=production and no SECRET_KEY: the app will not start."""
    from server.auth import init_app
    from settings import ConfigurationError, load_settings

    settings = load_settings({"APP_ENV": "production"})
    with pytest.raises(ConfigurationError):
        init_app(Flask("x"), settings)


def test_auth007_closed_reading_without_public_read(client, dash_app, monkeypatch):
    """With PUBLIC_READ off, anonymous page loads go to /login and callbacks get 401."""
    override_setting(monkeypatch, "PUBLIC_READ", "0")
    page = client.get("/rankings")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    response = post_callback(client, dash_app, "rankings-table.children", PERIOD)
    assert response.status_code == 401
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/login").status_code == 200


@pytest.mark.parametrize(("output", "trigger"), WRITES)
def test_forge001_anonymous_writes_are_refused(
    client, dash_app, fresh_db, output, trigger
):
    """Without a login every write callback answers 'please log in' and writes nothing."""
    before = _state()
    response = post_callback(client, dash_app, output, _forged_values(), [trigger])
    assert response.status_code == 200
    assert "需要登录" in answer_text(response)
    assert _state() == before


@pytest.mark.parametrize(("output", "trigger"), WRITES)
def test_forge002_county_cannot_write_for_another_county(
    client, dash_app, fresh_db, output, trigger
):
    """Logged in as 磴口县, forged writes for 临河区 (or office-only actions) fail."""
    login(client, "dengkou")
    before = _state()
    response = post_callback(client, dash_app, output, _forged_values(), [trigger])
    assert response.status_code == 200
    answer = answer_text(response)
    if trigger == "data-save.n_clicks":
        # The grid always writes the logged-in county; the forged row's region is
        # ignored. 999999 is accepted for 磴口县 itself, 临河区 stays untouched.
        with get_engine().connect() as conn:
            linhe = conn.execute(text(
                "select value from reports r join regions g on g.id = r.region_id"
                " join indicators i on i.id = r.indicator_id where g.code = '150802'"
                " and i.code = 'urban_new_jobs' and year = 2026 and month = 10"
            )).scalar()  # fmt: skip
        assert linhe != 999999
        return
    assert any(
        word in answer for word in ("无权", "只有督查室", "只能提交", "不能执行")
    ), answer
    assert _state() == before


def test_forge003_malformed_values_are_refused_without_writing(
    client, dash_app, fresh_db
):
    """A list, a 1 MB string or an unknown indicator in the grid: refused, unchanged."""
    login(client, "dengkou")
    before = _state()
    for rows in (
        [{"code": "urban_new_jobs", "value": [1, 2]}],
        [{"code": "urban_new_jobs", "value": "9" * 1_000_000}],
        [{"code": "no_such_indicator", "value": 1}],
        "not a list",
    ):
        response = post_callback(
            client, dash_app, "data-save-message.children",
            _forged_values(**{"data-grid.rowData": rows}), ["data-save.n_clicks"],
        )  # fmt: skip
        assert response.status_code == 200
        assert _state() == before, rows


def test_forge004_bad_region_and_injection_strings_are_refused(
    client, dash_app, fresh_db
):
    """A region that does not exist and SQL in the year are refused; tables survive."""
    login(client, "supervisor")
    before = _state()
    response = post_callback(
        client, dash_app, "data-review-message.children",
        _forged_values(**{"data-review-region.value": "999999"}), ["data-approve.n_clicks"],
    )  # fmt: skip
    assert "没有这个旗县区" in answer_text(response)
    response = post_callback(
        client, dash_app, "data-review-message.children",
        _forged_values(**{"shell-year.value": "2026; DROP TABLE reports"}),
        ["data-approve.n_clicks"],
    )  # fmt: skip
    assert response.status_code == 204  # a forged period: nothing to do
    assert _state() == before


def test_forge005_oversized_body_is_refused(client, dash_app):
    """A request body over the limit gets 413 before any callback runs."""
    limit = dash_app.server.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/_dash-update-component", data=b"x" * (limit + 1),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 413


def test_cli001_users_create_and_list(dash_app, fresh_db):
    """`flask users create` makes a working account; `users list` shows no hashes."""
    runner = dash_app.server.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "wuyuan", "--role", "county", "--region", "150821",
              "--password", "long-enough-1"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["users", "create", "x", "--role", "county",
                              "--region", "999", "--password", "long-enough-1"])  # fmt: skip
    assert bad.exit_code != 0 and "旗县区" in bad.output
    listing = runner.invoke(args=["users", "list"])
    assert "wuyuan" in listing.output and "150821" in listing.output
    assert "scrypt" not in listing.output
    client = dash_app.server.test_client()
    assert login(client, "wuyuan", "long-enough-1").status_code == 302
