"""Account administration for the 账号管理 page (role admin): typed rows and writes
that return outcomes. A temporary password is in the outcome's values, shown once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data_access.accounts import (
    ROLES,
    Actor,
    account_events,
    admin_create,
    admin_reset_password,
    admin_set_active,
    list_users,
)
from data_access.rows import records
from services.actions import Outcome, as_actor


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    region: str | None
    is_active: bool
    must_change_password: bool
    region_zh: str | None = None
    region_en: str | None = None
    department_zh: str | None = None  # a department account's department
    department_en: str | None = None


@dataclass(frozen=True)
class AccountEvent:
    at: datetime
    actor: str
    action: str
    username: str
    detail: str


def accounts() -> list[Account]:
    return [Account(r["username"], r["display_name"], r["role"], r["region"],
                    bool(r["is_active"]), bool(r["must_change_password"]),
                    r["region_zh"], r["region_en"], r["department_zh"], r["department_en"])
            for r in records(list_users())]  # fmt: skip


def events(limit: int = 50) -> list[AccountEvent]:
    return [AccountEvent(**r) for r in records(account_events(limit))]


def roles() -> tuple[str, ...]:
    return ROLES


def create_account(
    actor: Actor | None, username, role, region, display_name, department=None
) -> Outcome:
    """A new account (a county's with its county, a department's with its
    department); the outcome carries its temporary password (shown once)."""

    def write(actor) -> Outcome:
        password = admin_create(actor, str(username or "")[:64], str(role or ""),
                                str(region or "") or None,
                                str(display_name or "")[:64] or None,
                                str(department or "")[:64] or None)  # fmt: skip
        return Outcome(
            True, "adm_created", {"username": username, "password": password}
        )

    return as_actor(actor, write)


def reset_password(actor: Actor | None, username) -> Outcome:
    def write(actor) -> Outcome:
        password = admin_reset_password(actor, str(username or ""))
        return Outcome(True, "adm_reset", {"username": username, "password": password})

    return as_actor(actor, write)


def set_active(actor: Actor | None, username, active: bool) -> Outcome:
    def write(actor) -> Outcome:
        admin_set_active(actor, str(username or ""), active)
        key = "adm_enabled" if active else "adm_disabled"
        return Outcome(True, key, {"username": username})

    return as_actor(actor, write)
