"""督查督办 in the database: the measures' monthly progress, the 督办 items with
their steps and attachments. Every write takes the actor and checks it here: a
department writes only its own measures' progress and acts only on its own items, a
county only on its own; the office opens, reviews and closes. Reads are scoped the
same way (:func:`visible_items`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from data_access.accounts import AccessDenied, Actor, require
from data_access.engine import read_once, write_transaction
from data_access.models import (
    DatasetInfo,
    Department,
    Indicator,
    ItemAttachment,
    ItemStep,
    Measure,
    MeasureDepartment,
    MeasureProgress,
    Region,
    Submission,
    SupervisionItem,
)
from domain.model import COUNTY, Status
from domain.supervision import (
    ATTACHMENTS_PER_STEP,
    NOTE_LIMIT,
    ItemAction,
    ItemState,
    Party,
    ProgressStatus,
    Refused,
    attachment_type,
    take,
)
from domain.workflow import SubmissionState
from i18n import Refusal

TITLE_LIMIT = 200
SYSTEM = "system"  # who opens the automatic items


class SupervisionRefused(Refusal, ValueError):
    """A progress entry or an item step cannot be recorded as asked."""


def _refuse(refused: Refused) -> None:
    raise SupervisionRefused(refused.key, **refused.values)


def clean_note(text, limit: int = NOTE_LIMIT, required: bool = False) -> str:
    """A note as stored: trimmed, no control or direction characters except line
    breaks, at most ``limit`` characters."""
    note = str(text or "").strip()
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in "\n\r"
           for c in note):  # fmt: skip
        raise SupervisionRefused("item_bad_text")
    if len(note) > limit:
        raise SupervisionRefused("item_text_long", limit=limit)
    if required and not note:
        raise SupervisionRefused("item_text_needed")
    return note


# ---- the measures' progress ------------------------------------------------------


def _measure_id(conn: Connection, document: str | None, number: int) -> int:
    found = conn.execute(
        select(Measure.id).where(Measure.document.is_(None) if document is None
                                 else Measure.document == document,
                                 Measure.number == number)
    ).scalar()  # fmt: skip
    if found is None:
        raise SupervisionRefused("progress_no_measure", number=str(number)[:8])
    return found


def _lead_of(conn: Connection, measure_id: int) -> set[str]:
    return set(conn.execute(
        select(Department.name_zh)
        .join(MeasureDepartment, MeasureDepartment.department_id == Department.id)
        .where(MeasureDepartment.measure_id == measure_id, MeasureDepartment.role == "lead")
    ).scalars())  # fmt: skip


def save_progress(
    actor: Actor, document: str | None, number: int, year: int, month: int,
    status: str, note, now: datetime | None = None,
) -> int:  # fmt: skip
    """Record a measure's status in a month with its note (a new entry: the history
    keeps every earlier one). Its lead department may, and the office (代报, under
    its own name); nobody else."""
    require(actor.is_department or actor.is_supervisor, "progress_not_yours")
    try:
        status = ProgressStatus(status)
    except ValueError:
        raise SupervisionRefused(
            "progress_bad_status", status=str(status)[:20]
        ) from None
    if not (1 <= int(month) <= 12):
        raise SupervisionRefused("progress_bad_month", month=str(month)[:4])
    note = clean_note(note, required=status == ProgressStatus.LAGGING)
    now = now or datetime.now()
    with write_transaction() as conn:
        measure_id = _measure_id(conn, document, int(number))
        if not actor.is_supervisor and actor.department not in _lead_of(
            conn, measure_id
        ):
            raise AccessDenied("progress_not_yours")
        return conn.execute(
            insert(MeasureProgress).values(
                measure_id=measure_id, year=int(year), month=int(month),
                status=status.value, note=note, by=actor.username,
                by_name=actor.display_name, at=now,
            ).returning(MeasureProgress.id)
        ).scalar_one()  # fmt: skip


def latest_progress(year: int, month: int) -> pd.DataFrame:
    """Each measure's latest progress entry of ``year`` up to ``month``: document,
    number, month (the month it was reported for), status, note, by_name, at."""
    latest = (
        select(func.max(MeasureProgress.id).label("id"))
        .where(MeasureProgress.year == year, MeasureProgress.month <= month)
        .group_by(MeasureProgress.measure_id)
        .subquery()
    )
    with read_once() as conn:
        return pd.read_sql_query(
            select(Measure.document, Measure.number, MeasureProgress.month,
                   MeasureProgress.status, MeasureProgress.note, MeasureProgress.by_name,
                   MeasureProgress.at)
            .join(latest, latest.c.id == MeasureProgress.id)
            .join(Measure, Measure.id == MeasureProgress.measure_id),
            conn,
        )  # fmt: skip


def progress_history(year: int) -> pd.DataFrame:
    """Every progress entry of ``year``: document, number, month, status, note,
    by_name, at; the newest first."""
    with read_once() as conn:
        return pd.read_sql_query(
            select(Measure.document, Measure.number, MeasureProgress.month,
                   MeasureProgress.status, MeasureProgress.note, MeasureProgress.by_name,
                   MeasureProgress.at)
            .join(Measure, Measure.id == MeasureProgress.measure_id)
            .where(MeasureProgress.year == year)
            .order_by(MeasureProgress.id.desc()),
            conn,
        )  # fmt: skip


# ---- 督办 items -----------------------------------------------------------------


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content: bytes


def _department_id(conn: Connection, name: str | None) -> int | None:
    return conn.execute(
        select(Department.id).where(Department.name_zh == name)
    ).scalar()


def _county_id(conn: Connection, code: str | None) -> int | None:
    return conn.execute(
        select(Region.id).where(Region.code == code, Region.level == COUNTY)
    ).scalar()


def open_item(
    actor: Actor, title, expected, due: date, region: str | None = None,
    department: str | None = None, now: datetime | None = None,
) -> int:  # fmt: skip
    """交办: the office opens an item by hand for one county or one department."""
    require(actor.is_supervisor, "item_office_only")
    title = clean_note(title, TITLE_LIMIT, required=True)
    expected = clean_note(expected, required=True)
    if not isinstance(due, date):
        raise SupervisionRefused("item_bad_due")
    now = now or datetime.now()
    if due < now.date():
        raise SupervisionRefused("item_due_past", due=f"{due:%Y-%m-%d}")
    with write_transaction() as conn:
        region_id = _county_id(conn, region) if region else None
        department_id = _department_id(conn, department) if department else None
        if (region_id is None) == (department_id is None):
            raise SupervisionRefused("item_one_party")
        item_id = conn.execute(
            insert(SupervisionItem).values(
                title=title, expected=expected, region_id=region_id,
                department_id=department_id, due=due, state=ItemState.ASSIGNED.value,
                opened_by=actor.username, opened_at=now,
            ).returning(SupervisionItem.id)
        ).scalar_one()  # fmt: skip
        _step(conn, item_id, "open", ItemState.ASSIGNED, actor.username,
              actor.display_name, now, expected)  # fmt: skip
    return item_id


@dataclass(frozen=True)
class AutomaticItem:
    """An item the opening rule asks for: a county's indicator in a month."""

    region: str
    indicator: str
    year: int
    month: int
    trigger: str  # alert | lagging
    since: int  # the month the run that meets the rule began (one item a run)
    title: str
    expected: str
    due: date
    gap: float | None
    status: str


def open_automatic(items: Sequence[AutomaticItem], now: datetime | None = None) -> int:
    """Open the items the rule asks for, each once (its key is unique: a second run,
    or another worker's, opens nothing more). Returns how many were opened."""
    if not items:
        return 0
    now = now or datetime.now()
    opened = 0
    with write_transaction() as conn:
        regions = dict(conn.execute(select(Region.code, Region.id)
                                    .where(Region.level == COUNTY)).all())  # fmt: skip
        indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        keys = [_auto_key(i) for i in items]
        known = set(conn.execute(select(SupervisionItem.auto_key)
                                 .where(SupervisionItem.auto_key.in_(keys))).scalars())  # fmt: skip
        for item, key in zip(items, keys, strict=True):
            if (
                key in known
                or item.region not in regions
                or item.indicator not in indicators
            ):
                continue
            known.add(key)
            item_id = conn.execute(
                insert(SupervisionItem).values(
                    title=item.title[:TITLE_LIMIT], expected=item.expected,
                    region_id=regions[item.region], due=item.due,
                    state=ItemState.ASSIGNED.value, trigger=item.trigger,
                    indicator_id=indicators[item.indicator], year=item.year,
                    month=item.month, opened_gap=item.gap, opened_status=item.status,
                    opened_by=SYSTEM, opened_at=now, auto_key=key,
                ).returning(SupervisionItem.id)
            ).scalar_one()  # fmt: skip
            _step(conn, item_id, "open", ItemState.ASSIGNED, SYSTEM, SYSTEM, now,
                  item.expected)  # fmt: skip
            opened += 1
    return opened


def _auto_key(item: AutomaticItem) -> str:
    return f"{item.region}:{item.indicator}:{item.year}:{item.since}:{item.trigger}"


def _step(conn, item_id, action, state, by, by_name, now, note) -> int:
    return conn.execute(
        insert(ItemStep).values(item_id=item_id, action=str(action), state_after=str(state),
                                by=by, by_name=by_name, at=now, note=note)
        .returning(ItemStep.id)
    ).scalar_one()  # fmt: skip


def party_of(
    actor: Actor | None, region: str | None, department: str | None
) -> Party | None:
    """The actor's side of an item assigned to ``region`` or ``department``: the
    office, the county or department it was assigned to, or None (not theirs)."""
    if actor is None:
        return None
    if actor.is_supervisor:
        return Party.OFFICE
    if region is not None and actor.role == "county" and actor.region == region:
        return Party.RESPONSIBLE
    if department is not None and actor.may_act_for_department(department):
        return Party.RESPONSIBLE
    return None


def _party(actor: Actor, row) -> Party:
    """The actor's side of an item, or AccessDenied."""
    party = party_of(actor, row.region, row.department)
    if party is None:
        raise AccessDenied("item_not_yours_to_see")
    return party


def _checked_files(files: Sequence[NewAttachment]) -> list[tuple[NewAttachment, str]]:
    if len(files) > ATTACHMENTS_PER_STEP:
        raise SupervisionRefused("item_file_count", limit=ATTACHMENTS_PER_STEP)
    checked = []
    for file in files:
        kind = attachment_type(file.filename, len(file.content), file.content[:16])
        if isinstance(kind, Refused):
            _refuse(kind)
        checked.append((file, kind))
    return checked


def take_step(
    actor: Actor, item_id: int, action: str, note="",
    files: Sequence[NewAttachment] = (), status_now: Status | None = None,
    now: datetime | None = None,
) -> str:  # fmt: skip
    """Take ``action`` on an item as ``actor`` (its county or department, or the
    office), with a note and attachments; returns the state after it. The domain
    says whether it may; ``status_now`` is the indicator's status now (an automatic
    item closes as 已整改 only when it is 达标)."""
    try:
        action = ItemAction(action)
    except ValueError:
        raise SupervisionRefused(
            "item_unknown_action", action=str(action)[:20]
        ) from None
    note = clean_note(note)
    checked = _checked_files(files)  # before the transaction: nothing slow inside it
    now = now or datetime.now()
    with write_transaction() as conn:
        row = _item_row(conn, item_id)
        if row is None:
            raise SupervisionRefused("item_missing", item=str(item_id)[:12])
        party = _party(actor, row)
        step = take(ItemState(row.state), action, party, note,
                    automatic=row.trigger is not None, status_now=status_now)  # fmt: skip
        if isinstance(step, Refused):
            _refuse(step)
        step_id = _step(conn, item_id, action, step.state, actor.username,
                        actor.display_name, now, note)  # fmt: skip
        for file, kind in checked:
            conn.execute(insert(ItemAttachment).values(
                step_id=step_id, filename=file.filename.strip()[:200], content_type=kind,
                size=len(file.content), content=file.content))  # fmt: skip
        values = {"state": step.state.value}
        if step.state == ItemState.CLOSED:
            values |= {"closure": step.closure.value, "closed_at": now}
        conn.execute(update(SupervisionItem).where(SupervisionItem.id == item_id)
                     .values(**values))  # fmt: skip
    return step.state.value


def _item_select():
    return (
        select(SupervisionItem.id, SupervisionItem.title, SupervisionItem.expected,
               Region.code.label("region"), Region.name_zh.label("region_zh"),
               Region.name_en.label("region_en"),
               Department.name_zh.label("department"),
               Department.name_en.label("department_en"),
               SupervisionItem.due, SupervisionItem.state, SupervisionItem.trigger,
               Indicator.code.label("indicator"), Indicator.name_zh.label("indicator_zh"),
               Indicator.name_en.label("indicator_en"),
               SupervisionItem.year, SupervisionItem.month, SupervisionItem.opened_gap,
               SupervisionItem.opened_status, SupervisionItem.opened_by,
               SupervisionItem.opened_at, SupervisionItem.closure,
               SupervisionItem.closed_at)
        .outerjoin(Region, Region.id == SupervisionItem.region_id)
        .outerjoin(Department, Department.id == SupervisionItem.department_id)
        .outerjoin(Indicator, Indicator.id == SupervisionItem.indicator_id)
    )  # fmt: skip


def _item_row(conn: Connection, item_id) -> object | None:
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        return None
    return conn.execute(_item_select().where(SupervisionItem.id == item_id)).first()


def _scope(actor: Actor):
    """The items ``actor`` may see: all for the office and leaders, a county's or a
    department's own for them, none for anyone else."""
    if actor.is_supervisor or actor.role == "leader":
        return True
    if actor.role == "county" and actor.region:
        return Region.code == actor.region
    if actor.is_department and actor.department:
        return Department.name_zh == actor.department
    return False


def visible_items(actor: Actor, open_only: bool = False) -> pd.DataFrame:
    """The items ``actor`` may see (:func:`_scope`), the most urgent first."""
    query = _item_select().where(_scope(actor))
    if open_only:
        query = query.where(SupervisionItem.state != ItemState.CLOSED.value)
    query = query.order_by((SupervisionItem.state == ItemState.CLOSED.value),
                           SupervisionItem.due, SupervisionItem.id)  # fmt: skip
    with read_once() as conn:
        return pd.read_sql_query(query, conn)


def item_detail(actor: Actor, item_id) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """One item ``actor`` may see, its steps (oldest first) and its attachments'
    names (never their content): AccessDenied for anyone else's."""
    with read_once() as conn:
        row = _item_row(conn, item_id)
        if row is None:
            raise SupervisionRefused("item_missing", item=str(item_id)[:12])
        if actor.role != "leader":
            _party(actor, row)
        steps = pd.read_sql_query(select(ItemStep.id, ItemStep.action, ItemStep.state_after,
                                   ItemStep.by_name, ItemStep.at, ItemStep.note)
                            .where(ItemStep.item_id == row.id).order_by(ItemStep.id), conn)  # fmt: skip
        files = pd.read_sql_query(
            select(ItemAttachment.id, ItemAttachment.step_id, ItemAttachment.filename,
                   ItemAttachment.size)
            .join(ItemStep, ItemStep.id == ItemAttachment.step_id)
            .where(ItemStep.item_id == row.id).order_by(ItemAttachment.id), conn)  # fmt: skip
    return dict(row._mapping), steps, files


def attachment(actor: Actor, attachment_id) -> tuple[str, str, bytes]:
    """(filename, content type, content) of an attachment of an item ``actor`` may
    see."""
    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise SupervisionRefused("item_missing", item=str(attachment_id)[:12]) from None
    with read_once() as conn:
        found = conn.execute(
            select(ItemAttachment.filename, ItemAttachment.content_type,
                   ItemAttachment.content, ItemStep.item_id)
            .join(ItemStep, ItemStep.id == ItemAttachment.step_id)
            .where(ItemAttachment.id == attachment_id)
        ).first()  # fmt: skip
        if found is None:
            raise SupervisionRefused("item_missing", item=str(attachment_id))
        row = _item_row(conn, found.item_id)
    if actor.role != "leader":
        _party(actor, row)
    return found.filename, found.content_type, bytes(found.content)


def item_counts(actor: Actor) -> dict[str, int]:
    """How many of ``actor``'s visible open items await ``actor``: state → count."""
    query = (select(SupervisionItem.state, func.count(SupervisionItem.id))
             .outerjoin(Region, Region.id == SupervisionItem.region_id)
             .outerjoin(Department, Department.id == SupervisionItem.department_id)
             .where(_scope(actor), SupervisionItem.state != ItemState.CLOSED.value)
             .group_by(SupervisionItem.state))  # fmt: skip
    with read_once() as conn:
        return dict(conn.execute(query).all())


def urged_since(actor: Actor, since: datetime) -> int:
    """How many 催办 of ``actor``'s open items were recorded since ``since``."""
    query = (select(func.count(ItemStep.id))
             .join(SupervisionItem, SupervisionItem.id == ItemStep.item_id)
             .outerjoin(Region, Region.id == SupervisionItem.region_id)
             .outerjoin(Department, Department.id == SupervisionItem.department_id)
             .where(_scope(actor), ItemStep.action == ItemAction.URGE.value,
                    ItemStep.at >= since,
                    SupervisionItem.state != ItemState.CLOSED.value))  # fmt: skip
    with read_once() as conn:
        return conn.execute(query).scalar_one()


def months_to_review() -> int:
    """How many county months are submitted and await the office's review."""
    with read_once() as conn:
        return conn.execute(select(func.count()).select_from(Submission)
                            .where(Submission.status == SubmissionState.SUBMITTED)).scalar_one()  # fmt: skip


def departments() -> pd.DataFrame:
    """name_zh, name_en of every department."""
    with read_once() as conn:
        return pd.read_sql_query(select(Department.name_zh, Department.name_en)
                           .order_by(Department.id), conn)  # fmt: skip


# The opening rule's settings (dataset_info keys) and their bounds.
RULE_KEYS = (
    "supervision_on_alert",
    "supervision_lagging_months",
    "supervision_due_days",
)


def save_rule(actor: Actor, on_alert: bool, lagging_months: int, due_days: int) -> None:
    """The office sets when indicators open items by themselves: on 预警, after
    ``lagging_months`` months 滞后 running (0: never), due ``due_days`` days later."""
    require(actor.is_supervisor, "item_office_only")
    if not (0 <= lagging_months <= 12):
        raise SupervisionRefused("rule_bad_months")
    if not (1 <= due_days <= 90):
        raise SupervisionRefused("rule_bad_days")
    values = ("1" if on_alert else "0", str(lagging_months), str(due_days))
    with write_transaction() as conn:
        conn.execute(delete(DatasetInfo).where(DatasetInfo.key.in_(RULE_KEYS)))
        conn.execute(insert(DatasetInfo), [{"key": k, "value": v}
                                           for k, v in zip(RULE_KEYS, values, strict=True)])  # fmt: skip


def activity_columns() -> tuple:
    """The four maxima of :func:`activity_stamp`, to read beside other stamps in one
    statement (``data_access.assessed.period_and_activity_stamp``)."""
    from data_access.models import BulletinIssue, IssuedBulletin

    return (
        select(func.max(MeasureProgress.id)).scalar_subquery(),
        select(func.max(ItemStep.id)).scalar_subquery(),
        select(func.max(BulletinIssue.saved_at)).scalar_subquery(),
        select(func.max(IssuedBulletin.id)).scalar_subquery(),
    )


def activity_stamp() -> tuple:
    """What changes with the office's and departments' work beside the data (a
    measure's progress, an item or its step, the bulletin's issue fields, an issued
    file): part of the key of cached rendered answers that show it (the bulletin's
    task section). One indexed read of four maxima."""
    with read_once() as conn:
        return tuple(conn.execute(select(*activity_columns())).one())
