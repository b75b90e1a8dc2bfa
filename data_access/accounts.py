"""Accounts, roles and who may do what. Every write function takes an ``Actor`` and checks
it here, on the server: a dropdown value from the browser is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select
from werkzeug.security import check_password_hash, generate_password_hash

from data_access.engine import get_engine, get_write_engine
from data_access.models import LoginAttempt, Region, User

ROLES = ("leader", "supervisor", "county", "admin")
LOGIN_WINDOW = timedelta(minutes=1)
LOGIN_FAILURES_ALLOWED = 5
MIN_PASSWORD_LENGTH = 8
# Checked when the user does not exist, so that a miss takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password-of-anyone")


class AccessDenied(PermissionError):
    """The actor may not do this. The message is safe to show (Chinese)."""


class RateLimited(Exception):
    """Too many failed logins from this user and address in the last minute."""


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why (Chinese)."""


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the data layer sees it."""

    user_id: int
    username: str
    display_name: str
    role: str
    region: str | None = None  # adcode, for county officials only

    def may_write_region(self, region: str) -> bool:
        return self.role == "county" and self.region == region

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def require(condition: bool, message: str = "无权执行此操作") -> None:
    if not condition:
        raise AccessDenied(message)


def _actor_select():
    return select(
        User.id, User.username, User.display_name, User.role, Region.code
    ).outerjoin(Region, Region.id == User.region_id)


def _to_actor(row) -> Actor:
    return Actor(
        user_id=row[0], username=row[1], display_name=row[2], role=row[3], region=row[4]
    )


def get_actor(user_id: int) -> Actor | None:
    """The active user with this id, or None."""
    with get_engine().connect() as conn:
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
) -> int:
    """Insert an account inside the caller's transaction; returns its id."""
    username = (username or "").strip()
    if not username or len(username) > 64:
        raise AccountError("用户名不能为空，且不超过64个字符")
    if role not in ROLES:
        raise AccountError(f"角色必须是 {'/'.join(ROLES)} 之一")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少{MIN_PASSWORD_LENGTH}位")
    region_id = None
    if role == "county":
        region_id = conn.execute(
            select(Region.id).where(Region.code == region, Region.level == "county")
        ).scalar()
        if region_id is None:
            raise AccountError(f"旗县区账号须指定有效的旗县区代码（{region}无效）")
    elif region:
        raise AccountError("只有旗县区账号可以指定旗县区")
    if conn.execute(select(User.id).where(User.username == username)).first():
        raise AccountError(f"用户名 {username} 已存在")
    return conn.execute(
        insert(User)
        .values(
            username=username,
            display_name=display_name or username,
            password_hash=generate_password_hash(password),
            role=role,
            region_id=region_id,
        )
        .returning(User.id)
    ).scalar_one()


def add_user(
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str | None = None,
) -> int:
    with get_write_engine().begin() as conn:
        return create_user(conn, username, password, role, region, display_name)


def list_users() -> pd.DataFrame:
    """username, display_name, role, region, is_active (no hashes)."""
    with get_engine().connect() as conn:
        return pd.read_sql(
            select(
                User.username,
                User.display_name,
                User.role,
                Region.code.label("region"),
                User.is_active,
            )
            .outerjoin(Region, Region.id == User.region_id)
            .order_by(User.role, User.username),
            conn,
        )


def authenticate(
    username: str, password: str, ip: str, now: datetime | None = None
) -> Actor | None:
    """The actor for a correct username and password, else None.

    Raises RateLimited after too many failures for this username and address within
    a minute; failures are kept in the database so every worker sees them.
    """
    now = now or datetime.now()
    username = (username or "")[:64]
    with get_write_engine().begin() as conn:
        recent = conn.execute(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.username == username,
                LoginAttempt.ip == ip,
                LoginAttempt.at > now - LOGIN_WINDOW,
            )
        ).scalar_one()
        if recent >= LOGIN_FAILURES_ALLOWED:
            raise RateLimited
        row = conn.execute(
            select(User.id, User.password_hash).where(
                User.username == username, User.is_active.is_(True)
            )
        ).first()
        ok = check_password_hash(row[1] if row else _DUMMY_HASH, password or "")
        if not (row and ok):
            conn.execute(insert(LoginAttempt).values(username=username, ip=ip, at=now))
            return None
        conn.execute(
            delete(LoginAttempt).where(
                LoginAttempt.username == username, LoginAttempt.ip == ip
            )
        )
    return get_actor(row[0])
