"""Accounts, roles and who may do what. Every write function takes an ``Actor`` and checks
it here, on the server: a dropdown value from the browser is never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from data_access.engine import read_once, write_transaction
from data_access.models import (
    AccountEvent,
    Department,
    LoginAttempt,
    Region,
    User,
    UserSession,
)
from domain.model import COUNTY
from i18n import Refusal

log = logging.getLogger(__name__)

ROLES = ("leader", "supervisor", "county", "department", "admin")
LOGIN_WINDOW = timedelta(minutes=1)
# Locked for a minute: one address guessing one account, or one address guessing many.
LOGIN_FAILURES_ALLOWED = 5
ADDRESS_FAILURES_ALLOWED = 20
# Failures against one account from other addresses never lock its owner out: each
# further attempt on that account is slowed instead (seconds, capped).
SLOW_DOWN_STEP = 0.5
SLOW_DOWN_MAX = 3.0
ATTEMPTS_KEPT = timedelta(days=1)
MIN_PASSWORD_LENGTH = 8
# Wrong old passwords allowed on /account/password per account a minute (as login).
PASSWORD_CHANGE_FAILURES_ALLOWED = 5
PASSWORD_CHANGE_MARK = "password-change:"  # its failures' "username" in login_attempts
# Usernames: ASCII letters, digits, "._-" (no look-alikes, no control characters),
# compared without case.
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The most common passwords of at least eight characters (and their Chinese
# favourites), refused however they are cased.
COMMON_PASSWORDS = frozenset({
    "12345678", "123456789", "1234567890", "password", "11111111", "00000000",
    "88888888", "66666666", "87654321", "12341234", "11223344", "123123123",
    "qwertyui", "qwerty123", "password1", "1qaz2wsx", "abc12345", "a1234567",
    "iloveyou", "admin123", "woaini1314", "5201314520", "abcd1234", "aa123456",
})  # fmt: skip
# Checked when the user does not exist, so that a miss takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password-of-anyone")


class AccessDenied(Refusal, PermissionError):
    """The actor may not do this; ``key`` names the catalogue text."""


class RateLimited(Exception):
    """Too many failed logins from this user and address in the last minute."""


class AccountError(Refusal, ValueError):
    """An account cannot be created or changed as asked; ``key`` says why."""


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the data layer sees it."""

    user_id: int
    username: str
    display_name: str
    role: str
    region: str | None = None  # adcode, for county officials only
    must_change_password: bool = False  # made or reset by an admin: choose one first
    department: str | None = None  # its Chinese name, for department accounts only

    def may_write_region(self, region: str) -> bool:
        """A county official reports their own county; the supervisory office may
        report for any region (代报: recorded under its own name, shown as such)."""
        if self.role == "supervisor":
            return bool(region)
        return self.role == "county" and self.region == region

    def may_act_for_department(self, department: str | None) -> bool:
        """A department's account acts for that department only (its measures'
        progress, its 督办 items)."""
        return (self.role == "department" and bool(department)
                and self.department == department)  # fmt: skip

    @property
    def is_department(self) -> bool:
        return self.role == "department"

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def require(condition: bool, key: str = "err_no_permission") -> None:
    if not condition:
        raise AccessDenied(key)


def _actor_select():
    return select(
        User.id, User.username, User.display_name, User.role, Region.code,
        User.must_change_password, Department.name_zh,
    ).outerjoin(Region, Region.id == User.region_id).outerjoin(
        Department, Department.id == User.department_id)  # fmt: skip


def _to_actor(row) -> Actor:
    return Actor(
        user_id=row[0], username=row[1], display_name=row[2], role=row[3], region=row[4],
        must_change_password=bool(row[5]), department=row[6],
    )  # fmt: skip


def get_actor(user_id: int) -> Actor | None:
    """The active user with this id, or None."""
    with read_once() as conn:
        row = conn.execute(
            _actor_select().where(User.id == user_id, User.is_active.is_(True))
        ).first()
    return _to_actor(row) if row else None


def create_user(
    conn: Connection,
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str | None = None,
    password_hash: str | None = None,
    department: str | None = None,
) -> int:
    """Insert an account inside the caller's transaction; returns its id.
    ``password_hash``: the password hashed already, before the transaction began (a
    hash takes a tenth of a second: no write lock waits for it)."""
    username = (username or "").strip()
    if not USERNAME.fullmatch(username):
        raise AccountError("acc_bad_username")
    display_name = clean_display_name(display_name, username)
    if role not in ROLES:
        raise AccountError("acc_bad_role", roles="/".join(ROLES))
    check_new_password(username, password)
    region_id = None
    if role == "county":
        region_id = conn.execute(
            select(Region.id).where(Region.code == region, Region.level == COUNTY)
        ).scalar()
        if region_id is None:
            raise AccountError("acc_bad_region", region=str(region))
    elif region:
        raise AccountError("acc_region_for_county_only")
    department_id = None
    if role == "department":
        department_id = conn.execute(
            select(Department.id).where(Department.name_zh == department)
        ).scalar()
        if department_id is None:
            raise AccountError("acc_bad_department", department=str(department)[:64])
    elif department:
        raise AccountError("acc_department_only")
    if conn.execute(select(User.id).where(_named(username))).first():
        raise AccountError("acc_exists", username=username)
    return conn.execute(
        insert(User)
        .values(
            username=username,
            display_name=display_name,
            password_hash=password_hash or generate_password_hash(password),
            role=role,
            region_id=region_id,
            department_id=department_id,
        )
        .returning(User.id)
    ).scalar_one()


def add_user(
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str | None = None,
    department: str | None = None,
) -> int:
    check_new_password(username, password)
    hashed = generate_password_hash(password)
    with write_transaction() as conn:
        return create_user(conn, username, password, role, region, display_name,
                           password_hash=hashed, department=department)  # fmt: skip


def _named(username: str):
    """The account called ``username``, whatever its case."""
    return func.lower(User.username) == (username or "").strip().lower()


def clean_display_name(display_name: str | None, username: str) -> str:
    """A display name as shown everywhere: no control or direction characters (a
    tab, NUL, U+202E), at most 64 characters; the username where none is given."""
    name = (display_name or "").strip()
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise AccountError("acc_bad_display_name")
    if len(name) > 64:
        raise AccountError("acc_long_display_name")
    return name or username


def list_users() -> pd.DataFrame:
    """username, display_name, role, region (code and names), is_active (no hashes)."""
    with read_once() as conn:
        return pd.read_sql_query(
            select(
                User.username,
                User.display_name,
                User.role,
                Region.code.label("region"),
                Region.name_zh.label("region_zh"),
                Region.name_en.label("region_en"),
                User.is_active,
                User.must_change_password,
                Department.name_zh.label("department_zh"),
                Department.name_en.label("department_en"),
            )
            .outerjoin(Region, Region.id == User.region_id)
            .outerjoin(Department, Department.id == User.department_id)
            .order_by(User.role, User.username),
            conn,
        )


def _failures(conn: Connection, since: datetime, **match) -> int:
    columns = {"username": LoginAttempt.username, "ip": LoginAttempt.ip}
    return conn.execute(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.at > since, *(columns[k] == v for k, v in match.items())
        )
    ).scalar_one()


def login_delay(account_failures: int) -> float:
    """Seconds to wait before checking a password for an account that has had this
    many failures in the last minute, from any address."""
    extra = account_failures - LOGIN_FAILURES_ALLOWED + 1
    return 0.0 if extra <= 0 else min(SLOW_DOWN_MAX, SLOW_DOWN_STEP * extra)


def authenticate(
    username: str,
    password: str,
    ip: str,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Actor | None:
    """The actor for a correct username and password, else None.

    Raises RateLimited after too many failures from this address for this account,
    or from this address for any accounts, within a minute. Failures against the
    account from elsewhere slow the attempt down but never refuse the right
    password: nobody can lock another person out. Failures are kept in the database
    so that every worker sees them; no lock is held while waiting or hashing.
    """
    now = now or datetime.now()
    # Usernames are one account whatever their case: so are their failures.
    username, ip = (username or "").strip().lower()[:64], (ip or "-")[:64]
    since = now - LOGIN_WINDOW
    with read_once() as conn:
        pair = _failures(conn, since, username=username, ip=ip)
        from_address = _failures(conn, since, ip=ip)
        on_account = _failures(conn, since, username=username)
        row = conn.execute(
            select(User.id, User.password_hash).where(
                _named(username), User.is_active.is_(True)
            )
        ).first()
    if pair >= LOGIN_FAILURES_ALLOWED or from_address >= ADDRESS_FAILURES_ALLOWED:
        raise RateLimited
    delay = login_delay(on_account)
    if delay:
        log.warning(
            "login slowed by %.1fs: user=%r has %d failures in the last minute "
            "(this attempt from %s)", delay, username, on_account, ip,
        )  # fmt: skip
        sleep(delay)
    ok = check_password_hash(row[1] if row else _DUMMY_HASH, password or "")
    with write_transaction() as conn:
        if not (row and ok):
            conn.execute(insert(LoginAttempt).values(username=username, ip=ip, at=now))
            conn.execute(
                delete(LoginAttempt).where(LoginAttempt.at < now - ATTEMPTS_KEPT)
            )
            return None
        conn.execute(
            delete(LoginAttempt).where(
                LoginAttempt.username == username, LoginAttempt.ip == ip
            )
        )
    return get_actor(row[0])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user_id: int, lifetime: timedelta, now: datetime | None = None) -> str:
    """Record a new signed-in session; returns the token for the (signed) cookie."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)
    with write_transaction() as conn:
        conn.execute(delete(UserSession).where(UserSession.expires_at < now))
        conn.execute(
            insert(UserSession).values(
                token_sha256=_token_hash(token), user_id=user_id, created_at=now,
                expires_at=now + lifetime,
            )
        )  # fmt: skip
    return token


def session_actor(
    user_id: int, token: str | None, now: datetime | None = None
) -> Actor | None:
    """The actor of a live session: the token's row exists, belongs to this user, has
    not expired, and the account is active. Else None (the cookie is worthless)."""
    if not isinstance(token, str) or not token:
        return None
    now = now or datetime.now()
    with read_once() as conn:
        row = conn.execute(
            _actor_select()
            .join(UserSession, UserSession.user_id == User.id)
            .where(
                User.id == user_id,
                User.is_active.is_(True),
                UserSession.token_sha256 == _token_hash(token),
                UserSession.expires_at > now,
            )
        ).first()
    return _to_actor(row) if row else None


def end_session(token: str | None) -> None:
    """Logout: this session's cookie stops working on every worker at once."""
    if not isinstance(token, str) or not token:
        return
    with write_transaction() as conn:
        conn.execute(
            delete(UserSession).where(UserSession.token_sha256 == _token_hash(token))
        )


def _end_all_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(delete(UserSession).where(UserSession.user_id == user_id))


def _user_id(conn: Connection, username: str) -> int:
    found = conn.execute(select(User.id).where(_named(username))).scalar()
    if found is None:
        raise AccountError("acc_unknown", username=username)
    return found


def check_new_password(username: str, password: str) -> None:
    """Long enough once trimmed (eight spaces are no password), not the username,
    not one of the most common passwords and not one character repeated."""
    trimmed = (password or "").strip()
    if not trimmed:
        raise AccountError("acc_blank_password")
    if len(password or "") < MIN_PASSWORD_LENGTH or len(trimmed) < MIN_PASSWORD_LENGTH:
        raise AccountError("acc_short_password", length=MIN_PASSWORD_LENGTH)
    if trimmed.lower() == (username or "").strip().lower():
        raise AccountError("acc_password_is_username")
    if trimmed.lower() in COMMON_PASSWORDS or len(set(trimmed)) == 1:
        raise AccountError("acc_common_password")


def set_password(username: str, password: str) -> None:
    """A new password; every session of the account ends (sign in again)."""
    check_new_password(username, password)
    hashed = generate_password_hash(password)
    with write_transaction() as conn:
        user_id = _user_id(conn, username)
        conn.execute(
            update(User).where(User.id == user_id).values(password_hash=hashed)
        )
        _end_all_sessions(conn, user_id)


def set_active(username: str, active: bool) -> None:
    """Enable or disable an account; disabling ends every session at once."""
    with write_transaction() as conn:
        user_id = _user_id(conn, username)
        conn.execute(update(User).where(User.id == user_id).values(is_active=active))
        if not active:
            _end_all_sessions(conn, user_id)


# -- administration (role admin), every change in the audit trail ---------------------

TEMPORARY_PASSWORD_BYTES = 9  # 12 URL-safe characters


def temporary_password() -> str:
    return secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)


def _audit(conn: Connection, actor: Actor, action: str, username: str, detail=""):
    conn.execute(insert(AccountEvent).values(
        at=datetime.now(), actor=actor.username, action=action, username=username,
        detail=str(detail)[:256]))  # fmt: skip


def admin_create(
    actor: Actor,
    username: str,
    role: str,
    region: str | None,
    display_name: str | None,
    department: str | None = None,
) -> str:
    """A new account with a temporary password (returned, to be shown once); its
    user must choose their own at first login."""
    require(actor.is_admin, "err_admin_only")
    password = temporary_password()
    hashed = generate_password_hash(password)
    with write_transaction() as conn:
        user_id = create_user(conn, username, password, role, region or None,
                              display_name, password_hash=hashed,
                              department=department or None)  # fmt: skip
        conn.execute(
            update(User).where(User.id == user_id).values(must_change_password=True)
        )
        _audit(
            conn,
            actor,
            "create",
            username.strip(),
            f"{role} {region or department or ''}".strip(),
        )
    return password


def admin_reset_password(actor: Actor, username: str) -> str:
    """A temporary password for an account (returned once); its sessions end and its
    user must choose a new one at the next login."""
    require(actor.is_admin, "err_admin_only")
    password = temporary_password()
    hashed = generate_password_hash(password)
    with write_transaction() as conn:
        user_id = _user_id(conn, username)
        conn.execute(update(User).where(User.id == user_id).values(
            password_hash=hashed, must_change_password=True))  # fmt: skip
        _end_all_sessions(conn, user_id)
        _audit(conn, actor, "reset_password", username)
    return password


def admin_set_active(actor: Actor, username: str, active: bool) -> None:
    """Enable or disable an account (disabling ends its sessions); an admin cannot
    disable their own account."""
    require(actor.is_admin, "err_admin_only")
    if not active and username == actor.username:
        raise AccountError("acc_not_yourself")
    with write_transaction() as conn:
        user_id = _user_id(conn, username)
        conn.execute(update(User).where(User.id == user_id).values(is_active=active))
        if not active:
            _end_all_sessions(conn, user_id)
        _audit(conn, actor, "enable" if active else "disable", username)


def change_own_password(
    actor: Actor,
    old: str,
    new: str,
    keep_session: str | None = None,
    ip: str = "-",
    now: datetime | None = None,
) -> None:
    """The signed-in user's new password: the old one is required, the new one must
    be long enough, not the username and not the old one. The account's other
    sessions end (``keep_session``, the one making the change, stays).

    Wrong old passwords are limited as logins are (five a minute for the account:
    then RateLimited); both hashes are checked and made before the write
    transaction, which only swaps the hash if nobody changed it meanwhile."""
    now = now or datetime.now()
    marked = f"{PASSWORD_CHANGE_MARK}{actor.username.lower()}"[:64]
    with read_once() as conn:
        failures = _failures(conn, now - LOGIN_WINDOW, username=marked)
        stored = conn.execute(
            select(User.password_hash).where(User.id == actor.user_id)
        ).scalar()
    if failures >= PASSWORD_CHANGE_FAILURES_ALLOWED:
        raise RateLimited
    if stored is None or not check_password_hash(stored, old or ""):
        with write_transaction() as conn:
            conn.execute(insert(LoginAttempt).values(username=marked,
                                                     ip=(ip or "-")[:64], at=now))  # fmt: skip
        raise AccountError("acc_wrong_old_password")
    check_new_password(actor.username, new)
    if old == new:
        raise AccountError("acc_same_password")
    hashed = generate_password_hash(new)
    with write_transaction() as conn:
        swapped = conn.execute(
            update(User)
            .where(User.id == actor.user_id, User.password_hash == stored)
            .values(password_hash=hashed, must_change_password=False)
        ).rowcount
        if swapped != 1:  # changed meanwhile (another session, an admin's reset)
            raise AccountError("acc_wrong_old_password")
        conn.execute(delete(LoginAttempt).where(LoginAttempt.username == marked))
        conn.execute(
            delete(UserSession).where(
                UserSession.user_id == actor.user_id,
                UserSession.token_sha256 != _token_hash(keep_session or ""),
            )
        )
        _audit(conn, actor, "change_own_password", actor.username)


def account_events(limit: int = 50) -> pd.DataFrame:
    """The audit trail, newest first."""
    with read_once() as conn:
        return pd.read_sql_query(
            select(AccountEvent.at, AccountEvent.actor, AccountEvent.action,
                   AccountEvent.username, AccountEvent.detail)
            .order_by(AccountEvent.id.desc()).limit(limit),
            conn,
        )  # fmt: skip
