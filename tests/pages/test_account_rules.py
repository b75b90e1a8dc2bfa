"""Accounts after the second outside probe: /account/password had no attempt limit
(25 wrong old passwords in 2.6 s, then the right one worked) and hashed inside the
write transaction; eight spaces were a password; "аdmin" (Cyrillic а), "ADMIN" beside
"admin" and names holding a tab, NUL or U+202E could be created."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from data_access import accounts
from data_access.accounts import AccountError, add_user, check_new_password
from tests.helpers import login

GOOD = "a-long-enough-one"


def _form(client) -> str:
    page = client.get("/account/password").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _change(client, old: str, new: str):
    return client.post("/account/password", data={"csrf": _form(client), "old": old,
                                                  "new": new, "again": new})  # fmt: skip


def test_acct001_wrong_old_passwords_are_limited_like_logins(dash_app, fresh_db):
    """Five wrong old passwords in a minute, then even the right one is refused
    for that minute (429, with a sentence); nothing changed."""
    client = dash_app.server.test_client()
    login(client, "linhe")
    codes = [_change(client, f"wrong-{i}", GOOD).status_code for i in range(6)]
    assert codes == [400] * 5 + [429], codes
    right = _change(client, "demo12345", GOOD)
    assert right.status_code == 429
    assert "原密码错误次数过多" in right.get_data(as_text=True)
    other = dash_app.server.test_client()
    assert login(other, "linhe", GOOD).status_code == 401
    assert login(other, "linhe").status_code == 302


def test_acct002_no_hash_is_made_or_checked_inside_a_write_transaction(
    dash_app, fresh_db, monkeypatch
):
    """Hashing takes a tenth of a second: a password change, a new account, a reset
    never hold the write lock while hashing."""
    depth = {"now": 0}
    real_transaction = accounts.write_transaction
    real_check, real_make = (
        accounts.check_password_hash,
        accounts.generate_password_hash,
    )

    @contextmanager
    def recorded():
        depth["now"] += 1
        try:
            with real_transaction() as conn:
                yield conn
        finally:
            depth["now"] -= 1

    def outside(real):
        def hashing(*args):
            assert depth["now"] == 0, "hashing inside a write transaction"
            return real(*args)

        return hashing

    monkeypatch.setattr(accounts, "write_transaction", recorded)
    monkeypatch.setattr(accounts, "check_password_hash", outside(real_check))
    monkeypatch.setattr(accounts, "generate_password_hash", outside(real_make))
    client = dash_app.server.test_client()
    login(client, "linhe")
    assert _change(client, "wrong-old", GOOD).status_code == 400
    assert _change(client, "demo12345", GOOD).status_code == 302
    admin = accounts.get_actor(1)
    accounts.admin_create(admin, "wuyuan", "county", "150821", "五原县人社局")
    accounts.admin_reset_password(admin, "wuyuan")
    accounts.set_password("wuyuan", GOOD)
    add_user("reader2", GOOD, "leader")


@pytest.mark.parametrize(
    ("password", "words"),
    [
        (" " * 8, "不能为空白"),
        ("\t" * 10, "不能为空白"),
        ("  abc   ", "至少8位"),
        ("12345678", "太常见"),
        ("PASSWORD", "太常见"),
        ("11111111", "太常见"),
        (" 12345678 ", "太常见"),
        ("zzzzzzzzzz", "太常见"),
    ],
)
def test_acct003_blank_and_common_passwords_are_refused(password, words):
    with pytest.raises(AccountError, match=words):
        check_new_password("linhe", password)


@pytest.mark.parametrize(
    "username",
    ["\u0430dmin", "ADMIN", "Admin", "wu\tyuan", "wu\x00yuan", "wu\u202eyuan",
     "五原", "wu yuan", "", "x" * 65],
)  # fmt: skip
def test_acct004_look_alike_and_control_usernames_are_refused(fresh_db, username):
    with pytest.raises(AccountError) as refused:
        add_user(username, GOOD, "leader")
    assert refused.value.key in ("acc_bad_username", "acc_exists"), refused.value.key


@pytest.mark.parametrize("name", ["五原\t县", "五原\x00县", "\u202e县原五", "x" * 65])
def test_acct005_display_names_hold_no_control_characters(fresh_db, name):
    with pytest.raises(AccountError):
        add_user("wuyuan", GOOD, "leader", display_name=name)


def test_acct006_usernames_are_one_account_whatever_their_case(dash_app, fresh_db):
    """ "ADMIN" signs in as admin (and its failures count for admin); the CLI's
    users command refuses "Linhe" beside "linhe"."""
    client = dash_app.server.test_client()
    assert login(client, "ADMIN").status_code == 302
    runner = dash_app.server.test_cli_runner()
    made = runner.invoke(args=["users", "create", "Linhe", "--role", "leader",
                               "--password", GOOD])  # fmt: skip
    assert made.exit_code != 0 and "已存在" in made.output, made.output
