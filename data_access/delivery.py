"""Where messages go (delivery channels) and what was sent (the delivery log). The
log's key names a message for one channel; a message whose key was sent is never
sent again, and a failed one is tried again up to ``MAX_ATTEMPTS`` times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pandas as pd
from sqlalchemy import func, insert, select, update

from data_access.accounts import Actor, require
from data_access.engine import read_once, write_transaction
from data_access.models import Delivery, DeliveryChannel, Department, Region
from domain.model import COUNTY
from i18n import Refusal

MAX_ATTEMPTS = 3
STUCK_AFTER = timedelta(minutes=10)  # a send that never said how it went: try again
AUDIENCES = ("office", "region", "department")
CHANNELS = ("email", "wecom", "dingtalk")
EMAIL = re.compile(r"[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


class ChannelRefused(Refusal, ValueError):
    """A channel cannot be saved as asked."""


@dataclass(frozen=True)
class Channel:
    id: int
    audience: str  # office | region | department
    region: str | None  # the county's code
    department: str | None  # the department's Chinese name
    channel: str  # email | wecom | dingtalk
    address: str
    secret: str | None


def _check_address(channel: str, address: str) -> str:
    address = (address or "").strip()
    if channel == "email":
        if not EMAIL.fullmatch(address):
            raise ChannelRefused("dlv_bad_email", address=address[:80])
        return address
    parsed = urlparse(address)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or len(address) > 512
    ):
        raise ChannelRefused("dlv_bad_webhook", address=address[:80])
    return address


def save_channel(
    actor: Actor, audience: str, party: str | None, channel: str, address: str,
    secret: str | None = None,
) -> int:  # fmt: skip
    """Add a channel for the office, a county (``party``: its code) or a department
    (its name): the office or an admin only."""
    require(actor.is_supervisor or actor.is_admin, "dlv_office_only")
    if audience not in AUDIENCES:
        raise ChannelRefused("dlv_bad_audience")
    if channel not in CHANNELS:
        raise ChannelRefused("dlv_bad_channel")
    address = _check_address(channel, address)
    secret = (secret or "").strip()[:256] or None
    with write_transaction() as conn:
        region_id = department_id = None
        if audience == "region":
            region_id = conn.execute(select(Region.id).where(
                Region.code == party, Region.level == COUNTY)).scalar()  # fmt: skip
            if region_id is None:
                raise ChannelRefused("dlv_bad_party", party=str(party)[:40])
        elif audience == "department":
            department_id = conn.execute(
                select(Department.id).where(Department.name_zh == party)
            ).scalar()
            if department_id is None:
                raise ChannelRefused("dlv_bad_party", party=str(party)[:40])
        return conn.execute(
            insert(DeliveryChannel).values(
                audience=audience, region_id=region_id, department_id=department_id,
                channel=channel, address=address, secret=secret, active=True,
            ).returning(DeliveryChannel.id)
        ).scalar_one()  # fmt: skip


def remove_channel(actor: Actor, channel_id) -> None:
    require(actor.is_supervisor or actor.is_admin, "dlv_office_only")
    with write_transaction() as conn:
        conn.execute(update(DeliveryChannel).where(DeliveryChannel.id == int(channel_id))
                     .values(active=False))  # fmt: skip


def channels() -> list[Channel]:
    """The active channels."""
    with read_once() as conn:
        rows = conn.execute(
            select(DeliveryChannel.id, DeliveryChannel.audience, Region.code,
                   Department.name_zh, DeliveryChannel.channel, DeliveryChannel.address,
                   DeliveryChannel.secret)
            .outerjoin(Region, Region.id == DeliveryChannel.region_id)
            .outerjoin(Department, Department.id == DeliveryChannel.department_id)
            .where(DeliveryChannel.active.is_(True))
            .order_by(DeliveryChannel.id)
        ).all()  # fmt: skip
    return [Channel(*r) for r in rows]


def claim(key: str, channel_id: int, year: int, month: int, kind: str, subject: str,
          now: datetime) -> int | None:  # fmt: skip
    """The log row to send ``key`` under, counted as one more attempt; None when it
    was sent already or has failed ``MAX_ATTEMPTS`` times (a re-run sends nothing
    twice). Two runs at once: one claims it, the other finds it taken."""
    with write_transaction() as conn:
        row = conn.execute(select(Delivery.id, Delivery.state, Delivery.attempts,
                                  Delivery.created_at)
                           .where(Delivery.key == key)).first()  # fmt: skip
        if row is None:
            return conn.execute(insert(Delivery).values(
                key=key, channel_id=channel_id, year=year, month=month, kind=kind,
                subject=subject[:300], state="sending", attempts=1, created_at=now,
            ).returning(Delivery.id)).scalar_one()  # fmt: skip
        stuck = row.state == "sending" and row.created_at < now - STUCK_AFTER
        if row.state == "sent" or (row.state == "sending" and not stuck) or (
                row.attempts >= MAX_ATTEMPTS):  # fmt: skip
            return None
        conn.execute(update(Delivery).where(Delivery.id == row.id)
                     .values(state="sending", attempts=row.attempts + 1))  # fmt: skip
        return row.id


def mark(delivery_id: int, error: str | None, now: datetime) -> None:
    """Record how a send went: sent, or failed with the error (tried again later)."""
    values = ({"state": "sent", "sent_at": now, "last_error": None} if error is None
              else {"state": "failed", "last_error": error[:1000]})  # fmt: skip
    with write_transaction() as conn:
        conn.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(**values)
        )


def delivery_log(year: int | None = None, month: int | None = None,
                 limit: int = 200) -> pd.DataFrame:  # fmt: skip
    """The log, newest first: key, kind, subject, state, attempts, last_error, when,
    and the channel's kind, address and audience."""
    query = (select(Delivery.id, Delivery.key, Delivery.year, Delivery.month, Delivery.kind,
                    Delivery.subject, Delivery.state, Delivery.attempts, Delivery.last_error,
                    Delivery.created_at, Delivery.sent_at, DeliveryChannel.channel,
                    DeliveryChannel.address, DeliveryChannel.audience)
             .join(DeliveryChannel, DeliveryChannel.id == Delivery.channel_id)
             .order_by(Delivery.id.desc()).limit(limit))  # fmt: skip
    if year is not None:
        query = query.where(Delivery.year == year, Delivery.month == month)
    with read_once() as conn:
        return pd.read_sql_query(query, conn)


def failed_count() -> int:
    """Messages that failed (the last try included) and are not sent yet."""
    with read_once() as conn:
        return conn.execute(select(func.count()).select_from(Delivery)
                            .where(Delivery.state == "failed")).scalar_one()  # fmt: skip
