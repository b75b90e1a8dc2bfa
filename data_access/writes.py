"""Transactional writes. Each checks the actor first, runs in one transaction (BEGIN
IMMEDIATE on SQLite) and writes its history rows in the same transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from data_access.accounts import AccessDenied, Actor, require
from data_access.assessed import REGION_LIMIT
from data_access.engine import dialect_insert, read_once, write_transaction
from data_access.imports import (
    ImportPlan,
    Resolved,
    check_resolved,
    load_catalogue,
    parse_file,
    read_figure,
    resolve_file,
    resolve_records,
)
from data_access.models import (
    AssessmentInvalidation,
    BulletinIssue,
    DatasetInfo,
    Indicator,
    IssuedBulletin,
    Notice,
    PublicationEvent,
    PublishedPeriod,
    PublishedScore,
    Region,
    Report,
    ReportHistory,
    ReturnItem,
    Submission,
    SubmissionEvent,
    Target,
    TargetHistory,
    UploadLog,
)
from data_access.queries import DATA_VERSION, write_new_stamp
from data_access.recompute import request_run
from domain.kinds import kinds_where
from domain.model import CITY, COUNTY, RegionLevel, TargetSource
from domain.workflow import (
    SubmissionAction,
    SubmissionState,
    Violation,
    edit_problem,
    next_state,
    publish_problem,
    target_shortfalls,
)
from i18n import Refusal, t
from settings import current_settings


class WriteRefused(Refusal, ValueError):
    """A write that breaks a rule; ``key`` names the catalogue text."""


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    committed: bool
    changed: int


# Set on the connection by a writer that knows which stored periods its change makes
# stale: a month's reports feed that month, and later years through the seasonal pace
# and the stock baselines.
STALE_FROM = "kaohe_stale_from"
EVERY_PERIOD = ((0, None),)


def stale_from(conn: Connection, periods) -> None:
    """Say which stored periods this transaction makes stale: each (year, month) given
    and every period of a later year; (year, None) for a whole year and later. The
    default is every period; an empty list, none (e.g. a publication).

    (year, month, region) says only that region's own figures of the month changed:
    the month's stored assessment is then brought up to date for it and its
    ancestors alone (later years are stale as a whole: last years' flows set their
    seasonal pace). (year, None, region) says only that region's results change, in
    every period it makes stale (its targets)."""
    conn.info[STALE_FROM] = tuple(periods)


RECOMPUTE = "kaohe_recompute"
LEAVES_APPROVED = "kaohe_leaves_approved"
# What a data transaction's body says about itself (cleared before and after it).
_SAID = (STALE_FROM, RECOMPUTE, LEAVES_APPROVED)


def leaves_approved(conn: Connection) -> None:
    """Say that this transaction changes no approved figure and no approved month
    (a draft or a submission of months without approved figures, a return): views
    drawn from approved figures alone stay valid (``approved_view`` False)."""
    conn.info[LEAVES_APPROVED] = True


def recompute_after(conn: Connection, reason: str) -> None:
    """Say that this transaction's change makes many stored months stale in a way the
    stale periods cannot say (a scheme's new rules): with recomputation in the
    background, the transaction requests a run (see :mod:`data_access.recompute`)."""
    conn.info[RECOMPUTE] = reason


def _heavy(stale) -> bool:
    """Whether a change makes whole periods stale beyond a month's few regions: every
    period, whole years, or more regions than are brought up to date one by one."""
    whole = [entry for entry in stale if len(entry) < 3 or entry[2] is None]
    if any(month is None for _, month, *_ in whole) or len(whole) > 2:
        return True
    return len({entry[2] for entry in stale if len(entry) == 3}) > REGION_LIMIT


@contextmanager
def data_transaction() -> Iterator[Connection]:
    """A write transaction that changes what the dashboards show: it ends by raising
    the data version, so that every worker's cached views of older data are passed
    over from the next request on, and by marking the stored periods it affects as
    stale (see :func:`stale_from`)."""
    with write_transaction() as conn:
        for flag in _SAID:
            conn.info.pop(flag, None)
        try:
            yield conn
            stale = conn.info.get(STALE_FROM, EVERY_PERIOD)
            reason = conn.info.get(RECOMPUTE) or ("data" if _heavy(stale) else None)
            approved_view = not conn.info.get(LEAVES_APPROVED, False)
        finally:
            for flag in _SAID:
                conn.info.pop(flag, None)
        current = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == DATA_VERSION)
        ).scalar()
        version = 1 if current is None else int(current) + 1
        if current is None:
            conn.execute(insert(DatasetInfo).values(key=DATA_VERSION, value="1"))
        else:
            conn.execute(update(DatasetInfo).where(DatasetInfo.key == DATA_VERSION)
                         .values(value=str(version)))  # fmt: skip
        stamp = write_new_stamp(conn)
        for year, month, *region in stale:
            conn.execute(insert(AssessmentInvalidation)
                         .values(version=version, from_year=year, month=month,
                                 region=region[0] if region else None, stamp=stamp,
                                 approved_view=approved_view))  # fmt: skip
        if reason and current_settings().recompute == "background":
            request_run(conn, reason, version, datetime.now())


_upsert = dialect_insert


def _ids(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    regions = dict(conn.execute(select(Region.code, Region.id)).all())
    indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
    return regions, indicators


def _mark_draft(conn, region_id: int, year: int, month: int, who: str, now) -> None:
    """Data changed: the month's submission goes (back) to 草稿."""
    stmt = _upsert(conn)(Submission).values(
        region_id=region_id, year=year, month=month, status="draft",
        updated_by=who, updated_at=now,
    )  # fmt: skip
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["region_id", "year", "month"],
            set_={
                "status": "draft",
                "updated_by": who,
                "updated_at": now,
                "reason": None,
            },
        )
    )


@dataclass(frozen=True)
class EditTerms:
    """What the writer said about changing a month that is not a plain draft: the
    correction's reason (更正原因, required where figures are approved) and whether
    it confirmed withdrawing a submitted month (确认撤回提交并修改)."""

    reason: str | None = None
    withdraw: bool = False


def _month_states(conn: Connection, keys) -> dict[tuple, tuple[str | None, bool]]:
    """(region_id, year, month) → (submission status, has approved figures), in two
    queries however many months a file touches (this runs under the write lock)."""
    if not keys:
        return {}
    regions = {rid for rid, _, _ in keys}
    periods = {(year, month) for _, year, month in keys}

    def of_these(table):
        return and_(table.region_id.in_(regions),
                    or_(*(and_(table.year == y, table.month == m) for y, m in periods)))  # fmt: skip

    statuses = {
        (rid, year, month): status
        for rid, year, month, status in conn.execute(
            select(Submission.region_id, Submission.year, Submission.month,
                   Submission.status).where(of_these(Submission))
        )
    }  # fmt: skip
    approved = {
        tuple(row)
        for row in conn.execute(
            select(Report.region_id, Report.year, Report.month)
            .where(of_these(Report), Report.approved_value.is_not(None))
            .distinct()
        )
    }
    return {key: (statuses.get(key), key in approved) for key in keys}


def _commit_plan(
    conn: Connection,
    actor: Actor,
    plan: ImportPlan,
    source: str,
    now: datetime,
    terms: EditTerms = EditTerms(),  # noqa: B008  (frozen: never changed)
) -> int:
    """Write the plan's changes with their history. A month already submitted is
    withdrawn only when the writer confirmed it; a month with approved figures is
    changed only with a reason (a correction, 更正): both are recorded."""
    regions, indicators = _ids(conn)
    keys = {(regions[r.region], r.year, r.month) for r in plan.changes}
    reason = (terms.reason or "").strip()[:500] or None
    states = _month_states(conn, keys)
    if not any(approved or status == SubmissionState.APPROVED
               for status, approved in states.values()):  # fmt: skip
        leaves_approved(conn)  # drafts of months nobody has approved yet
    for key, (status, approved) in states.items():
        problem = edit_problem(status, approved, reason, terms.withdraw)
        if problem is not None:
            raise WriteRefused(problem.key, **problem.values)
        if status == SubmissionState.SUBMITTED:
            _event(conn, key, "withdraw", actor, now, None)
        if approved:
            _event(conn, key, "correct", actor, now, reason)
    touched = set()
    for row in plan.changes:
        rid, iid = regions[row.region], indicators[row.indicator]
        stmt = _upsert(conn)(Report).values(
            region_id=rid, indicator_id=iid, year=row.year, month=row.month,
            value=row.value, updated_at=now,
        )  # fmt: skip
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["region_id", "indicator_id", "year", "month"],
                set_={"value": row.value, "updated_at": now},
            )
        )
        conn.execute(
            insert(ReportHistory).values(
                region_id=rid, indicator_id=iid, year=row.year, month=row.month,
                old_value=row.old, new_value=row.value, changed_by=actor.username,
                changed_at=now, source=source, file_sha256=plan.file_sha256 or None,
                reason=reason,
            )
        )  # fmt: skip
        touched.add((rid, row.year, row.month))
    for rid, year, month in touched:
        _mark_draft(conn, rid, year, month, actor.username, now)
    return len(plan.changes)


def _event(conn, key, action: str, actor: Actor, now, reason) -> int:
    rid, year, month = key
    return conn.execute(
        insert(SubmissionEvent).values(region_id=rid, year=year, month=month,
                                       action=action, by=actor.username, at=now,
                                       reason=reason).returning(SubmissionEvent.id)
    ).scalar_one()  # fmt: skip


RETURN_ITEMS = 200


def _return_items(items: Mapping[str, str] | None) -> dict[str, str]:
    """A return's reasons by indicator code: trimmed, at most 500 characters, blank
    ones dropped; at most RETURN_ITEMS of them (a catalogue is a few dozen: more is a
    forged request, which must not make the write's indicator query long)."""
    kept = {}
    for code, reason in list((items or {}).items())[:RETURN_ITEMS]:
        text_ = reason.strip()[:500] if isinstance(reason, str) else ""
        if text_:
            kept[str(code)[:64]] = text_
    return kept


def _return_text(month_reason: str | None, named: list[tuple[str, str]]) -> str:
    """What a return says as one text (the county's notice, the status list, a
    sender): the month's reason, then each indicator's (城镇新增就业人数：…)."""
    parts = [month_reason] if month_reason else []
    parts += [t("return_item_text", "zh", name=name, reason=reason)
              for name, reason in named]  # fmt: skip
    return t("list_separator_long", "zh").join(parts)[:2000]


def _notify(conn, key, kind: str, actor: Actor, now, text=None, due=None) -> None:
    rid, year, month = key
    conn.execute(insert(Notice).values(region_id=rid, year=year, month=month, kind=kind,
                 by=actor.username, by_name=actor.display_name, at=now, text=text,
                 due=due))  # fmt: skip


def _close_notices(conn, key, now) -> None:
    """The county has acted on the month: its returns and reminders are done."""
    rid, year, month = key
    conn.execute(update(Notice).where(
        Notice.region_id == rid, Notice.year == year, Notice.month == month,
        Notice.kind.in_(("return", "reminder")), Notice.done_at.is_(None),
    ).values(done_at=now))  # fmt: skip


def check_upload(
    actor: Actor,
    content: bytes,
    filename: str,
    today: date,
    max_bytes: int,
    read_as=(),
) -> Resolved | ImportPlan:
    """The slow part of an upload, which takes no lock: the file read, its names
    matched (``read_as``: wordings read as suggested, (field, wording, code)), its
    numbers read, the actor's rights checked. An ImportPlan where the file itself is
    refused."""
    require(actor.role in ("county", "supervisor"), "err_report_roles")
    parsed = parse_file(content, filename, max_bytes)
    if parsed.problems:
        return parsed.rejected()
    return resolve_file(_catalogue().reading(read_as), actor, parsed, today)


def _catalogue(regions: set[str] | None = None):
    """The names figures may use (of the regions ``regions`` only, where given), read
    before any write lock is taken."""
    with read_once() as conn:
        return load_catalogue(conn, regions)


def _checked(
    actor, content, filename, today, max_bytes, checked, read_as=()
) -> Resolved | ImportPlan:
    """``checked`` where it stands for this very upload, else the file checked now."""
    if isinstance(checked, Resolved) and checked.fits(
        actor, hashlib.sha256(content).hexdigest(), filename, today
    ):
        return checked
    return check_upload(actor, content, filename, today, max_bytes, read_as)


def apply_upload(
    actor: Actor,
    content: bytes,
    filename: str,
    today: date,
    max_bytes: int,
    now: datetime | None = None,
    checked: Resolved | None = None,
    terms: EditTerms = EditTerms(),  # noqa: B008  (frozen: never changed)
    read_as=(),
) -> ImportResult:
    """Check the file (or take the preview's check of it, ``checked``), then commit
    it whole (``read_as``: the suggestions accepted for it, see check_upload).

    Everything slow (reading the file, matching its names, reading its numbers) is
    done before the write lock is taken, so a large or hostile file never holds up
    another county's save; under the lock only the old values and the year-to-date
    checks are read again (one query), so that they hold for what is written even if
    someone else wrote in between.
    """
    require(actor.role in ("county", "supervisor"), "err_report_roles")
    now = now or datetime.now()
    checked = _checked(actor, content, filename, today, max_bytes, checked, read_as)
    if isinstance(checked, ImportPlan):
        return ImportResult(checked, committed=False, changed=0)
    with data_transaction() as conn:
        plan = check_resolved(conn, checked)
        if not plan.ok:
            stale_from(conn, [])  # nothing written: nothing stale
            return ImportResult(plan, committed=False, changed=0)
        changed = _commit_plan(conn, actor, plan, "upload", now, terms)
        stale_from(conn, {(r.year, r.month, r.region) for r in plan.rows})
        conn.execute(
            insert(UploadLog).values(
                username=actor.username, filename=filename[:256],
                file_sha256=plan.file_sha256, rows=len(plan.rows), changed=changed, at=now,
            )
        )  # fmt: skip
    return ImportResult(plan, committed=True, changed=changed)


def preview_upload(
    actor: Actor,
    content: bytes,
    filename: str,
    today: date,
    max_bytes: int,
    checked: Resolved | ImportPlan | None = None,
) -> ImportPlan:
    """What the upload would change (nothing is written); ``checked``, the file's
    check from :func:`check_upload`, where the caller keeps it for the confirmation."""
    if checked is None:
        checked = check_upload(actor, content, filename, today, max_bytes)
    if isinstance(checked, ImportPlan):
        return checked
    with read_once() as conn:
        return check_resolved(conn, checked)


def apply_form(
    actor: Actor,
    records: list[dict],
    today: date,
    now: datetime | None = None,
    terms: EditTerms = EditTerms(),  # noqa: B008  (frozen: never changed)
) -> ImportResult:
    """Figures typed into the entry grid: same validation, same single transaction."""
    require(actor.role in ("county", "supervisor"), "err_report_roles")
    now = now or datetime.now()
    # The grid names its county by code: only that county's names are read.
    named = {str(record.get("region", "")) for record in records}
    resolved = resolve_records(_catalogue(named), actor, records, today)
    with data_transaction() as conn:
        plan = check_resolved(conn, resolved)
        if not plan.ok:
            stale_from(conn, [])  # nothing written: nothing stale
            return ImportResult(plan, committed=False, changed=0)
        changed = _commit_plan(conn, actor, plan, "form", now, terms)
        stale_from(conn, {(r.year, r.month, r.region) for r in plan.rows})
    return ImportResult(plan, committed=True, changed=changed)


def change_submission(
    actor: Actor,
    region: str,
    year: int,
    month: int,
    action: str,
    reason: str | None = None,
    now: datetime | None = None,
    items: Mapping[str, str] | None = None,
) -> str:
    """submit (the county itself), approve or return (the supervisory office).

    Approving copies the working values to the approved ones the dashboards count. A
    return gives a reason for the whole month, a reason per indicator (``items``:
    indicator code → reason), or both; the county and the office alone see them.
    Returns the new status.
    """
    if action not in {a.value for a in SubmissionAction}:
        raise WriteRefused("err_unknown_action")
    if action == "submit":
        require(actor.may_write_region(region), "err_submit_own")
    else:
        require(actor.is_supervisor, "err_review_supervisor")
    month_reason = (reason or "").strip()[:500] or None
    per_indicator = _return_items(items) if action == "return" else {}
    if action == "return" and not (month_reason or per_indicator):
        raise WriteRefused("err_return_reason")
    now = now or datetime.now()
    with data_transaction() as conn:
        stale_from(conn, [(year, month, region)])
        region_id = conn.execute(
            select(Region.id).where(Region.code == region, Region.level == COUNTY)
        ).scalar()
        if region_id is None:
            raise AccessDenied("err_no_county")
        current = conn.execute(
            select(Submission.status).where(
                Submission.region_id == region_id,
                Submission.year == year,
                Submission.month == month,
            )
        ).scalar()
        target = next_state(current, action)
        if isinstance(target, Violation):
            raise WriteRefused(
                "err_bad_state", state=t(f"sub_{current or 'none'}", None)
            )
        values = {
            "status": target.value,
            "updated_by": actor.username,
            "updated_at": now,
        }
        key = (region_id, year, month)
        event = _event(conn, key, action, actor, now, month_reason)
        if action != "approve":  # a submission or a return: no approved figure moves
            leaves_approved(conn)
        if action == "submit":
            values |= {"submitted_at": now, "reason": None}
            _close_notices(conn, key, now)
        elif action == "approve":
            _notify(conn, key, "approval", actor, now)
            _store_approved_items(conn, event, region_id, year, month)
            values |= {"approved_at": now, "reason": None}
            conn.execute(
                update(Report)
                .where(
                    Report.region_id == region_id,
                    Report.year == year,
                    Report.month == month,
                )
                .values(approved_value=Report.value)
            )
        else:
            named = _store_return_items(conn, event, per_indicator)
            said = _return_text(month_reason, named)
            values |= {"reason": said}
            _notify(conn, key, "return", actor, now, said)
        conn.execute(
            update(Submission)
            .where(
                Submission.region_id == region_id,
                Submission.year == year,
                Submission.month == month,
            )
            .values(**values)
        )
    return target


def _store_approved_items(
    conn, event: int, region_id: int, year: int, month: int
) -> None:
    """An approval is recorded per indicator too: each figure of the month it took."""
    reported = conn.execute(select(Report.indicator_id).where(
        Report.region_id == region_id, Report.year == year, Report.month == month)).scalars()  # fmt: skip
    rows = [{"event_id": event, "indicator_id": iid, "reason": "", "action": "approve"}
            for iid in reported]  # fmt: skip
    if rows:
        conn.execute(insert(ReturnItem), rows)


def _store_return_items(
    conn, event: int, items: dict[str, str]
) -> list[tuple[str, str]]:
    """Keep a return's reasons per indicator; (Chinese name, reason) in the
    catalogue's order. An unknown indicator code is refused."""
    if not items:
        return []
    found = conn.execute(
        select(Indicator.code, Indicator.id, Indicator.name_zh)
        .where(Indicator.code.in_(list(items)))
        .order_by(Indicator.sort_order)
    ).all()
    unknown = set(items) - {code for code, _, _ in found}
    if unknown:
        raise WriteRefused("err_unknown_indicator", code=sorted(unknown)[0])
    conn.execute(insert(ReturnItem), [
        {"event_id": event, "indicator_id": iid, "reason": items[code]}
        for code, iid, _ in found
    ])  # fmt: skip
    return [(name, items[code]) for code, _, name in found]


def _finite(value) -> float:
    """A typed weight, read as every figure is (plain digits, not negative)."""
    number, problems = read_figure(value, t("col_value", None), "", "weight")
    if problems or number is None:
        found = problems[0] if problems else None
        if found is not None and found.key == "imp_negative":
            raise WriteRefused("err_negative", value=str(value)[:40])
        raise WriteRefused("err_not_number", value=str(value)[:40])
    return number


class FigureRefused(WriteRefused):
    """A typed figure that the number rules refuse: says whose and which, then the
    problem, in the reader's language."""

    def __init__(self, key: str, found, **values):
        self.found = found
        super().__init__(key, **values, detail=found.text(None))

    def text(self, lang: str | None) -> str:
        return t(self.key, lang, **(self.values | {"detail": self.found.text(lang)}))


def _target_values(conn: Connection, values: Mapping) -> dict[tuple[str, str], float]:
    """The typed targets read by the rules every figure follows (plain digits, the
    indicator's unit and range); the first bad one is refused by name."""
    regions = dict(conn.execute(select(Region.code, Region.name_zh)).all())
    specs = {code: (name, unit, kind) for code, name, unit, kind in conn.execute(
        select(Indicator.code, Indicator.name_zh, Indicator.unit_zh, Indicator.kind))}  # fmt: skip
    clean = {}
    for (region, indicator), raw in values.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name, unit, kind = specs[indicator]
        value, problems = read_figure(raw, name, unit, kind)
        if problems:
            raise FigureRefused("err_target_value", problems[0],
                                region=regions[region], indicator=name)  # fmt: skip
        if value is not None:
            clean[(region, indicator)] = value
    return clean


def _year_begun(conn: Connection, year: int, today) -> bool:
    """A year has begun once its January is over or it has figures."""
    if today.year > year or (today.year == year and today.month > 1):
        return True
    return (
        conn.execute(select(Report.id).where(Report.year == year).limit(1)).first()
        is not None
    )


def set_targets(
    actor: Actor,
    year: int,
    values: Mapping[tuple[str, str], float | None],
    now: datetime | None = None,
    source: str = TargetSource.OFFICE,
    reason: str | None = None,
) -> int:
    """Annual targets by (region, indicator), with history and provenance (where they
    come from, who set them when, why they changed); supervisory office only.

    For indicators summed upwards, the units' targets must add up to at least their
    parent's (the counties' to the city's, the cities' to the province's). Changing a
    target the year already had needs a reason once the year has begun. Returns the
    number of targets changed.
    """
    require(actor.is_supervisor, "err_targets_supervisor")
    if not 2000 <= int(year) <= 2100:
        raise WriteRefused("err_bad_year")
    if source not in set(TargetSource):
        raise WriteRefused("err_target_source", source=str(source)[:16])
    source = TargetSource(source).value
    why = (reason or "").strip()[:500] or None
    now = now or datetime.now()
    with data_transaction() as conn:
        regions, indicators = _ids(conn)
        for region, indicator in values:
            if region not in regions or indicator not in indicators:
                raise WriteRefused(
                    "err_unknown_pair", region=str(region)[:20],
                    indicator=str(indicator)[:40],
                )  # fmt: skip
        clean = _target_values(conn, values)
        old = {
            (r, i): v
            for r, i, v in conn.execute(
                select(Region.code, Indicator.code, Target.value)
                .join(Region, Region.id == Target.region_id)
                .join(Indicator, Indicator.id == Target.indicator_id)
                .where(Target.year == year)
            )
        }
        merged = old | clean
        summed = dict(
            conn.execute(
                select(Indicator.code, Indicator.name_zh).where(
                    Indicator.city_aggregation == "sum",
                    Indicator.kind.in_(kinds_where("cumulative")),  # annual flows
                )
            ).all()
        )
        by_region = {}
        for (region, indicator), value in merged.items():
            by_region.setdefault(region, {})[indicator] = value
        # Every parent against its own units (a city and its counties, a province and
        # its cities, …), the home city first as before.
        parent = aliased(Region)
        children: dict[tuple[str, str, bool], list[str]] = {}
        for code, up, name, top_city in conn.execute(
            select(Region.code, parent.code, parent.name_zh,
                   and_(parent.level == CITY, parent.parent_id.is_(None)))
            .join(parent, parent.id == Region.parent_id)
            .order_by(parent.sort_order, parent.code)
        ):  # fmt: skip
            children.setdefault((up, name, bool(top_city)), []).append(code)
        for (up, name, top_city), codes in children.items():
            shortfalls = target_shortfalls(
                by_region.get(up, {}), (by_region.get(c, {}) for c in codes), summed
            )
            if shortfalls:
                found = shortfalls[0].values
                # A city on its own says 全市; a level of a larger hierarchy is named.
                key = "err_target_shortfall" if top_city else "err_target_shortfall_in"
                raise WriteRefused(
                    key,
                    indicator=summed[found["indicator"]],
                    sum=f"{found['sum']:g}",
                    city=f"{found['city']:g}",
                    region=name,
                )
        changed = 0
        touched: set[str] = set()
        altered = [k for k, v in clean.items() if old.get(k) not in (None, v)]
        if altered and why is None and _year_begun(conn, year, now.date()):
            raise WriteRefused("err_target_reason", year=year)
        for (region, indicator), value in clean.items():
            if old.get((region, indicator)) == value:
                continue
            touched.add(region)
            provenance = {"value": value, "source": source, "set_by": actor.username,
                          "set_at": now, "reason": why}  # fmt: skip
            stmt = _upsert(conn)(Target).values(
                region_id=regions[region], indicator_id=indicators[indicator],
                year=year, **provenance,
            )  # fmt: skip
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["region_id", "indicator_id", "year"],
                    set_=provenance,
                )
            )
            conn.execute(
                insert(TargetHistory).values(
                    region_id=regions[region], indicator_id=indicators[indicator],
                    year=year, old_value=old.get((region, indicator)), new_value=value,
                    changed_by=actor.username, changed_at=now, source=source,
                    reason=why,
                )
            )  # fmt: skip
            changed += 1
        # A region's targets change its own results (in any period, stock deadlines
        # reaching across years), nobody else's.
        stale_from(conn, [(0, None, region) for region in sorted(touched)])
    return changed


def _has_targets(conn: Connection, year: int) -> bool:
    return (
        conn.execute(select(Target.id).where(Target.year == year).limit(1)).first()
        is not None
    )


def _not_approved(conn: Connection, year: int, month: int) -> list[str]:
    """The counties whose figures of the month are not approved, by name."""
    approved = select(Submission.region_id).where(
        Submission.year == year, Submission.month == month,
        Submission.status == SubmissionState.APPROVED,
    )  # fmt: skip
    return list(
        conn.execute(
            select(Region.name_zh)
            .where(Region.level == RegionLevel.COUNTY, Region.id.not_in(approved))
            .order_by(Region.sort_order, Region.code)
        ).scalars()
    )


def publish_period(
    actor: Actor,
    year: int,
    month: int,
    scores: Sequence[dict],
    now: datetime | None = None,
    *,
    reason: str | None = None,
    files: Mapping[str, bytes] | None = None,
    due_day: int = 5,
    issue_number: int | None = None,
) -> None:
    """Freeze a month's scores and ranks as announced; supervisory office only.

    ``scores`` rows: region, total, grade, rank, change, details (indicator → points).
    A period is published once (until withdrawn); later corrections show as
    differences. With counties not approved it is published only after its due day
    and with a ``reason`` (they are marked 未报送). ``files``: the bulletin as issued
    (fmt → bytes), kept with their SHA-256 for every later download.
    """
    require(actor.is_supervisor, "err_publish_supervisor")
    now = now or datetime.now()
    why = (reason or "").strip()[:500] or None
    with data_transaction() as conn:
        # Frozen scores of their own: the stored assessment is unchanged.
        stale_from(conn, [])
        problem = publish_problem(year, month, now.date(),
                                  _has_targets(conn, year),
                                  _not_approved(conn, year, month),
                                  reason=why, due_day=due_day)  # fmt: skip
        if problem is not None:
            values = dict(problem.values)
            if "names" in values:  # the first few, in the names' own language
                names = values["names"]
                values["names"] = t("list_separator", "zh").join(names[:5]) + (
                    "…" if len(names) > 5 else "")  # fmt: skip
            raise WriteRefused(problem.key, **values)
        exists = conn.execute(
            select(func.count(PublishedPeriod.id)).where(
                PublishedPeriod.year == year, PublishedPeriod.month == month
            )
        ).scalar_one()
        if exists:
            raise WriteRefused("err_already_published", year=year, month=month)
        regions, _ = _ids(conn)
        period_id = conn.execute(
            insert(PublishedPeriod)
            .values(year=year, month=month, published_by=actor.username,
                    published_at=now, published_by_name=actor.display_name, reason=why)
            .returning(PublishedPeriod.id)
        ).scalar_one()  # fmt: skip
        event = _publication_event(conn, actor, year, month, "publish", now, why,
                                   issue_number)  # fmt: skip
        for fmt, body in (files or {}).items():
            conn.execute(insert(IssuedBulletin).values(
                event_id=event, year=year, month=month, fmt=fmt,
                sha256=hashlib.sha256(body).hexdigest(), body=body))  # fmt: skip
        for row in scores:
            conn.execute(
                insert(PublishedScore).values(
                    period_id=period_id, region_id=regions[row["region"]],
                    total=row.get("total"), grade=row.get("grade"), rank=row.get("rank"),
                    change=row.get("change"), details=json.dumps(row.get("details", {})),
                )
            )  # fmt: skip


def _publication_event(conn, actor: Actor, year, month, action, now, reason,
                       issue_number=None) -> int:  # fmt: skip
    return conn.execute(
        insert(PublicationEvent)
        .values(year=year, month=month, action=action, by=actor.username,
                by_name=actor.display_name, at=now, reason=reason,
                issue_number=issue_number)
        .returning(PublicationEvent.id)
    ).scalar_one()  # fmt: skip


ISSUE_TEXT_LIMITS = {
    "addressees": 300,
    "requirements": 4000,
    "signature": 100,
    "cc": 300,
}


def save_bulletin_issue(
    actor: Actor, year: int, month: int, fields: Mapping, now: datetime | None = None
) -> None:
    """Keep the office's fields of the month's 通报 (期号, 主送, 工作要求, 落款, 成文日期,
    抄送). Refused, naming the field, where one is empty or too long, the 期号 is not a
    whole number from 1 to 999 or is another published month's of the year, and while
    the month is published (its 通报 is issued: withdraw it first)."""
    require(actor.is_supervisor, "err_issue_supervisor")
    number, issued_on = fields.get("number"), fields.get("issued_on")
    if (
        not isinstance(number, int)
        or isinstance(number, bool)
        or not 1 <= number <= 999
    ):
        raise WriteRefused("err_issue_number")
    if not isinstance(issued_on, date):
        raise WriteRefused("err_issue_date")
    texts = {}
    for name, limit in ISSUE_TEXT_LIMITS.items():
        value = fields.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if not value or len(value) > limit:
            raise WriteRefused("err_issue_field", field=t(f"issue_{name}", "zh"),
                               limit=limit)  # fmt: skip
        texts[name] = value
    now = now or datetime.now()
    with write_transaction() as conn:
        published = conn.execute(select(PublishedPeriod.id).where(
            PublishedPeriod.year == year, PublishedPeriod.month == month)).scalar()  # fmt: skip
        if published is not None:
            raise WriteRefused("err_issue_published", year=year, month=month)
        newest = (
            select(PublicationEvent.month, func.max(PublicationEvent.id).label("id"))
            .where(PublicationEvent.year == year, PublicationEvent.action == "publish",
                   PublicationEvent.month != month)
            .group_by(PublicationEvent.month).subquery()
        )  # fmt: skip
        taken = conn.execute(
            select(PublicationEvent.month)
            .join(newest, newest.c.id == PublicationEvent.id)
            .join(PublishedPeriod, and_(PublishedPeriod.year == year,
                                        PublishedPeriod.month == PublicationEvent.month))
            .where(PublicationEvent.issue_number == number)
        ).scalar()  # fmt: skip
        if taken is not None:
            raise WriteRefused("err_issue_taken", number=number, month=taken)
        values = {"number": number, "issued_on": issued_on, **texts,
                  "saved_by": actor.username, "saved_at": now}  # fmt: skip
        conn.execute(delete(BulletinIssue).where(
            BulletinIssue.year == year, BulletinIssue.month == month))  # fmt: skip
        conn.execute(insert(BulletinIssue).values(year=year, month=month, **values))


def withdraw_publication(
    actor: Actor, year: int, month: int, reason: str, now: datetime | None = None
) -> None:
    """撤回发布: the month's publication is withdrawn (the office, with a reason,
    recorded); its frozen scores go, so it can be published again."""
    require(actor.is_supervisor, "err_publish_supervisor")
    why = (reason or "").strip()[:500]
    if not why:
        raise WriteRefused("err_withdraw_reason")
    now = now or datetime.now()
    with data_transaction() as conn:
        stale_from(conn, [])
        found = conn.execute(select(PublishedPeriod.id).where(
            PublishedPeriod.year == year, PublishedPeriod.month == month)).scalar()  # fmt: skip
        if found is None:
            raise WriteRefused("err_not_published", year=year, month=month)
        conn.execute(delete(PublishedScore).where(PublishedScore.period_id == found))
        conn.execute(delete(PublishedPeriod).where(PublishedPeriod.id == found))
        _publication_event(conn, actor, year, month, "withdraw", now, why)


def remind(
    actor: Actor,
    year: int,
    month: int,
    regions: Sequence[str] | None,
    due: date,
    now: datetime | None = None,
) -> list[str]:
    """催报: remind the counties ``regions`` (None: every county whose month is not in
    yet) that the month is due on ``due``; each reminder is recorded and becomes the
    county's notice. Returns the counties reminded."""
    require(actor.is_supervisor, "err_review_supervisor")
    now = now or datetime.now()
    with write_transaction() as conn:
        waiting = dict(conn.execute(
            select(Region.code, Region.id)
            .outerjoin(Submission, and_(Submission.region_id == Region.id,
                                        Submission.year == year,
                                        Submission.month == month))
            .where(Region.level == RegionLevel.COUNTY,
                   or_(Submission.status.is_(None),
                       Submission.status.in_(("draft", "returned"))))
        ).all())  # fmt: skip
        chosen = (
            list(waiting) if regions is None else [r for r in regions if r in waiting]
        )
        for code in chosen:
            key = (waiting[code], year, month)
            _event(conn, key, "remind", actor, now, None)
            _notify(conn, key, "reminder", actor, now, due=due)
    return chosen
