"""Account administration through the callbacks: only admins, every change audited,
a reset ends the account's sessions, and nobody disables their own account."""

from __future__ import annotations

import re

from data_access.accounts import account_events, list_users
from tests.helpers import answer_text, login, post_callback

PAGE = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "admin-refresh.data": 0}  # fmt: skip


def _create(client, app, username="xinzeng01"):
    return post_callback(client, app, "admin-create-message.children",
                         {**PAGE, "admin-username.value": username,
                          "admin-display-name.value": "新增", "admin-role.value": "county",
                          "admin-county.value": "150821"},
                         ["admin-create.n_clicks"])  # fmt: skip


def test_adm001_only_admins_create_accounts(client, dash_app, fresh_db):
    login(client, "supervisor")
    refused = _create(client, dash_app)
    assert "只有管理员可以管理账号" in answer_text(refused)
    assert "xinzeng01" not in set(list_users().username)


def test_adm002_created_reset_disabled_all_audited(client, dash_app, fresh_db):
    login(client, "admin")
    created = answer_text(_create(client, dash_app))
    temporary = re.search(r"临时密码：([A-Za-z0-9_-]+)", created).group(1)
    user = dash_app.server.test_client()
    assert (
        login(user, "xinzeng01", temporary).headers["Location"] == "/account/password"
    )
    assert user.get("/rankings").headers["Location"] == "/account/password"
    assert user.post("/_dash-update-component", json={}).status_code == 403
    reset = post_callback(client, dash_app, "admin-action-message.children",
                          {**PAGE, "admin-chosen.value": "xinzeng01"},
                          ["admin-reset.n_clicks"])  # fmt: skip
    assert "临时密码" in answer_text(reset)
    assert user.get("/account/password").status_code == 302  # the session ended
    ownself = post_callback(client, dash_app, "admin-action-message.children",
                            {**PAGE, "admin-chosen.value": "admin"},
                            ["admin-disable.n_clicks"])  # fmt: skip
    assert "不能停用自己的账号" in answer_text(ownself)
    trail = account_events()
    assert list(trail.action[:2]) == ["reset_password", "create"]
    assert set(trail.actor[:2]) == {"admin"}
    table = answer_text(
        post_callback(client, dash_app, "admin-accounts.children", PAGE)
    )
    assert "xinzeng01" in table and "待设置密码" in table


def test_adm003_everyone_changes_their_own_password(client, fresh_db):
    """The old password is required; length, the username and reuse are refused."""
    import re as re_

    login(client, "linhe")
    form = client.get("/account/password").get_data(as_text=True)
    token = re_.search(r'name="csrf" value="([^"]+)"', form).group(1)

    def change(old, new, again=None):
        return client.post("/account/password", data={
            "csrf": token, "old": old, "new": new, "again": again or new})  # fmt: skip

    assert "原密码不正确" in change("wrong-one", "linhe-2026-new").get_data(
        as_text=True
    )
    assert "至少8位" in change("demo12345", "short").get_data(as_text=True)
    assert "不能与用户名相同" in change("demo12345", "LINHE   ").get_data(as_text=True)
    assert "不一致" in change("demo12345", "a-new-one-1", "a-new-one-2").get_data(
        as_text=True
    )
    assert change("demo12345", "linhe-2026-new").status_code == 302
    assert client.get("/account/password").status_code == 200  # still signed in
    other = client.application.test_client()
    assert login(other, "linhe", "linhe-2026-new").status_code == 302


def test_adm010_beyond_a_few_hundred_counties_the_code_is_typed(
    client, dash_app, fresh_db, monkeypatch
):
    """A country's 2,850 counties are no select: the admin types the county's code,
    which is checked (an unknown one is refused, nothing created)."""
    import sys

    from tests.helpers import find_component, render_page

    monkeypatch.setattr(sys.modules["pages.admin"], "MAX_OPTIONS", 5)  # as nationally
    login(client, "admin")
    page = render_page(client, "/admin", "?year=2026&month=10")
    field = find_component(page.get_json(), "admin-county")
    assert field["type"] == "Input" and "options" not in field["props"]
    answer = post_callback(client, dash_app, "admin-create-message.children",
                           {**PAGE, "admin-username.value": "wuyuan09",
                            "admin-display-name.value": "五原", "admin-role.value": "county",
                            "admin-county.value": "999999"},
                           ["admin-create.n_clicks"])  # fmt: skip
    assert "wuyuan09" not in set(list_users().username)
    assert "999999" in answer_text(answer) or "未知" in answer_text(answer)
    assert "wuyuan09" in answer_text(_create(client, dash_app, "wuyuan09"))
