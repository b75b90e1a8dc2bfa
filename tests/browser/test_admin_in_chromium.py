"""Account administration in the browser: the admin creates an account, its user signs
in with the temporary password and must choose their own, the admin disables it and
its session ends."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _sign_in(page, base_url, username, password, next_path="/"):
    page.goto(f"{base_url}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_br201_admin_creates_user_who_chooses_a_password_then_is_disabled(
    browser, page, base_url, fresh_db
):
    _sign_in(page, base_url, "admin", "demo12345", "/admin")
    page.wait_for_selector("text=新建账号")
    assert page.is_visible("a.nav-link-nav_admin")
    page.fill("#admin-username", "wuyuan01")
    page.fill("#admin-display-name", "五原县人社局")
    page.select_option("#admin-role", "county")
    page.select_option("#admin-county", "150821")
    page.click("#admin-create")
    page.wait_for_selector("#admin-create-message .alert-success")
    shown = page.inner_text("#admin-create-message")
    temporary = re.search(r"临时密码：([A-Za-z0-9_-]+)", shown).group(1)
    page.wait_for_selector(".account-table tr[data-user='wuyuan01']")
    assert "待设置密码" in page.inner_text(".account-table tr[data-user='wuyuan01']")
    assert "创建账号" in page.inner_text(".event-table")

    user = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    _sign_in(user, base_url, "wuyuan01", temporary, "/data")
    user.wait_for_url(re.compile(r"/account/password$"))
    user.goto(base_url + "/rankings")  # nothing else until a password is chosen
    user.wait_for_url(re.compile(r"/account/password$"))
    user.fill("#old", temporary)
    user.fill("#new", "wuyuan01")  # the username: refused
    user.fill("#again", "wuyuan01")
    user.click("#password-form button[type=submit]")
    user.wait_for_selector("text=密码不能与用户名相同")
    user.fill("#old", temporary)
    user.fill("#new", "五原报送2026")
    user.fill("#again", "五原报送2026")
    user.click("#password-form button[type=submit]")
    user.wait_for_selector("h1:has-text('总览')")
    user.goto(base_url + "/data?year=2026&month=10")
    user.wait_for_selector("text=在线填报：五原县 2026年10月")

    page.reload()
    page.wait_for_selector(".account-table tr[data-user='wuyuan01']")
    assert "待设置密码" not in page.inner_text(
        ".account-table tr[data-user='wuyuan01']"
    )
    page.select_option("#admin-chosen", "wuyuan01")
    page.click("#admin-disable")
    page.wait_for_selector("text=已停用账号 wuyuan01")
    page.wait_for_selector(".event-table td:has-text('停用')")

    user.goto(base_url + "/data?year=2026&month=10")  # the session has ended
    user.wait_for_selector("a:has-text('登录')", state="attached")
    assert not user.is_visible("text=在线填报：五原县")
    _sign_in(user, base_url, "wuyuan01", "五原报送2026")
    user.wait_for_selector("text=用户名或密码错误")
    assert page.errors == []
