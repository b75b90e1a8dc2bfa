"""督查督办 as the pages read it and the actions they take: the measures' progress
by section and department, the 督办 items with their light and gap, the rule that
opens items by itself, and what awaits each user (notices). The actor is passed in;
the data layer checks it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data_access import delivery as delivery_log
from data_access import queries
from data_access import supervision as store
from data_access.accounts import Actor
from data_access.rows import records
from data_access.supervision import NewAttachment as NewAttachment
from data_access.supervision import party_of as party_of  # the pages' buttons ask it
from domain.model import COUNTY, Status
from domain.supervision import (
    OPEN_STATES,
    ItemState,
    Light,
    OpeningRule,
    ProgressStatus,
    gap_change,
    light,
    opens,
    overdue_progress,
)
from i18n import t
from services.actions import Outcome, as_actor
from services.assessment import (
    Scope,
    float_or_none,
    period_view,
    previous_period,
    unit_scope,
)
from services.context import rules

# Settings of the opening rule, in dataset_info (the office sets them on its page).
RULE_ON_ALERT, RULE_LAGGING_MONTHS, RULE_DUE_DAYS = store.RULE_KEYS
DUE_DAYS = 15  # an automatic item's due date, days after it is opened


def opening_rule() -> tuple[OpeningRule, int]:
    """The configured opening rule and an automatic item's days to its due date."""
    info = queries.dataset_info()

    def number(key: str, default: int) -> int:
        try:
            return max(0, int(info.get(key, default)))
        except ValueError:
            return default

    rule = OpeningRule(on_alert=info.get(RULE_ON_ALERT, "1") != "0",
                       lagging_months=number(RULE_LAGGING_MONTHS, 3))  # fmt: skip
    return rule, number(RULE_DUE_DAYS, DUE_DAYS) or DUE_DAYS


# ---- the measures' progress ------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A measure's latest word in a year up to the month shown."""

    status: ProgressStatus | None
    month: int | None  # the month it was reported for (None: never)
    note: str = ""
    by_name: str = ""
    at: datetime | None = None
    overdue: bool = True


def progress_of(year: int, month: int) -> dict[tuple, Progress]:
    """(document, number) → the measure's progress as of ``month``."""
    found = {}
    for r in records(store.latest_progress(year, month)):
        status = ProgressStatus(r["status"])
        found[(r["document"], int(r["number"]))] = Progress(
            status, int(r["month"]), r["note"] or "", r["by_name"] or "", r["at"],
            overdue_progress(status, int(r["month"]), month))  # fmt: skip
    return found


NEVER = Progress(None, None)


@dataclass(frozen=True)
class HistoryEntry:
    month: int
    status: ProgressStatus
    note: str
    by_name: str
    at: datetime


def progress_history(year: int) -> dict[tuple, list[HistoryEntry]]:
    """(document, number) → the measure's entries in ``year``, the newest first."""
    found: dict[tuple, list[HistoryEntry]] = defaultdict(list)
    for r in records(store.progress_history(year)):
        found[(r["document"], int(r["number"]))].append(HistoryEntry(
            int(r["month"]), ProgressStatus(r["status"]), r["note"] or "",
            r["by_name"] or "", r["at"]))  # fmt: skip
    return found


@dataclass(frozen=True)
class DepartmentProgress:
    """A department's measures it leads, by their state in the month."""

    department_zh: str
    department_en: str
    leads: int
    done: int
    in_progress: int
    overdue: int  # lagging, or not reported for the month


def by_department(sections, progress: dict) -> list[DepartmentProgress]:
    """Each lead department's tally over ``sections``' measures, most overdue first."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for section in sections:
        for m in section.measures:
            p = progress.get((section.document or None, m.number), NEVER)
            for d in m.departments:
                if d.role != "lead":
                    continue
                counts = tally[(d.department_zh, d.department_en)]
                counts[0] += 1
                counts[1] += p.status == ProgressStatus.DONE
                counts[2] += p.status == ProgressStatus.IN_PROGRESS
                counts[3] += p.overdue
    rows = [DepartmentProgress(zh, en, *c) for (zh, en), c in tally.items()]
    return sorted(rows, key=lambda r: (-r.overdue, -r.leads, r.department_zh))


def city_statuses(year: int, month: int) -> dict[str, Status]:
    """Each indicator's status for the whole city (the scope's parent) in the month."""
    view = period_view(year, month, rules(year))
    return {r.code: r.status for r in view.result_rows(region=view.city)}


def save_progress(actor: Actor | None, document, number, year, month, status, note,
                  now: datetime | None = None) -> Outcome:  # fmt: skip
    def write(actor: Actor) -> Outcome:
        try:
            number_ = int(number)
        except (TypeError, ValueError):
            return Outcome(False, "progress_no_measure", {"number": str(number)[:8]})
        store.save_progress(actor, document or None, number_, int(year), int(month),
                            str(status or ""), note, now)  # fmt: skip
        return Outcome(True, "progress_saved")

    return as_actor(actor, write)


# ---- 督办 items -------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: int
    title: str
    expected: str
    party_zh: str  # the county's or the department's name
    party_en: str
    region: str | None
    department: str | None
    due: date
    state: ItemState
    light: Light
    trigger: str | None  # alert | lagging (an automatic item), None by hand
    indicator: str | None
    indicator_zh: str | None
    indicator_en: str | None
    year: int | None
    month: int | None
    opened_gap: float | None
    opened_status: str | None
    opened_at: datetime
    closure: str | None
    gap_now: float | None = None
    status_now: Status | None = None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def gap_closed(self) -> float | None:
        return gap_change(self.opened_gap, self.gap_now)

    def title_in(self, lang: str | None) -> str:
        """An automatic item's title in the reader's language (a hand-opened one's
        as the office wrote it)."""
        if not self.trigger:
            return self.title
        name = self.indicator_en if lang == "en" else self.indicator_zh
        party = self.party_en if lang == "en" else self.party_zh
        return t(f"item_auto_{self.trigger}", lang, region=party, indicator=name,
                 month=self.month or "")  # fmt: skip


def _item(row: dict, today: date, now: dict | None = None) -> Item:
    region = row.get("region")
    state = ItemState(row["state"])
    gap_now, status_now = (now or {}).get((region, row.get("indicator")), (None, None))
    return Item(
        id=int(row["id"]), title=row["title"], expected=row["expected"],
        party_zh=row.get("region_zh") or row.get("department") or "",
        party_en=row.get("region_en") or row.get("department_en") or "",
        region=region, department=row.get("department"), due=_day(row["due"]),
        state=state, light=light(state, _day(row["due"]), today),
        trigger=row.get("trigger"), indicator=row.get("indicator"),
        indicator_zh=row.get("indicator_zh"), indicator_en=row.get("indicator_en"),
        year=_int(row.get("year")), month=_int(row.get("month")),
        opened_gap=float_or_none(row.get("opened_gap")),
        opened_status=row.get("opened_status"), opened_at=row["opened_at"],
        closure=row.get("closure"), gap_now=gap_now, status_now=status_now,
    )  # fmt: skip


def _day(value) -> date:
    """A due date as either backend returns it (a date, a datetime or ISO text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _int(value) -> int | None:
    return None if value is None or value != value else int(value)


def indicator_now(pairs: set[tuple[str, str]], year: int, month: int) -> dict:
    """(region, indicator) → (gap in points, status) in the latest month up to
    ``month`` where the county has an approved figure for it."""
    found: dict = {}
    wanted = {p for p in pairs if p[0] and p[1]}
    scopes = _scopes({region for region, _ in wanted})
    for m in range(month, 0, -1):
        if not wanted:
            break
        for scope in scopes:
            view = period_view(year, m, rules(year), scope=scope)
            for r in view.result_rows_of(wanted):
                if r.status != Status.NO_DATA and (r.region, r.code) not in found:
                    found[(r.region, r.code)] = (behind(r.gap_points), r.status)
        wanted -= set(found)
    return found


def _scopes(regions: set[str] | None) -> list[Scope]:
    """The views that hold ``regions``' results: each county's own city's (a few
    counties of a country read their cities, never the country's 2,850 at once);
    every county of the dataset where None."""
    if regions is None:
        return [Scope(_home(), COUNTY)]
    found = {unit_scope(code) for code in regions}
    return [s for s in found if s is not None]


def behind(gap_points: float | None) -> float | None:
    """Points behind time progress (positive when behind): how an item's gap reads."""
    return None if gap_points is None else -gap_points


def _home() -> str:
    return queries.home_region() or ""


def items_of(actor: Actor, today: date, period: tuple[int, int] | None = None,
             open_only: bool = False) -> list[Item]:  # fmt: skip
    """The items ``actor`` may see, the most urgent first; with ``period`` the
    automatic ones carry their indicator's gap and status now."""
    rows = records(store.visible_items(actor, open_only))
    now = {}
    if period is not None:
        pairs = {
            (r.get("region"), r.get("indicator")) for r in rows if r.get("trigger")
        }
        now = indicator_now(pairs, *period) if pairs else {}
    items = [_item(r, today, now) for r in rows]
    order = {Light.RED: 0, Light.YELLOW: 1, Light.NONE: 2}
    return sorted(items, key=lambda i: (not i.is_open, order[i.light], i.due, i.id))


@dataclass(frozen=True)
class StepRow:
    id: int
    action: str
    state_after: str
    by_name: str
    at: datetime
    note: str
    files: tuple[tuple[int, str, int], ...]  # (attachment id, filename, size)


def item_page(actor: Actor, item_id, today: date,
              period: tuple[int, int] | None = None) -> tuple[Item, list[StepRow]]:  # fmt: skip
    """One item ``actor`` may see and its steps (AccessDenied for anyone else's)."""
    row, steps, files = store.item_detail(actor, item_id)
    now = {}
    if period is not None and row.get("trigger"):
        now = indicator_now({(row["region"], row["indicator"])}, *period)
    by_step = defaultdict(list)
    for f in records(files):
        by_step[int(f["step_id"])].append((int(f["id"]), f["filename"], int(f["size"])))
    return _item(row, today, now), [
        StepRow(int(s["id"]), s["action"], s["state_after"], s["by_name"], s["at"],
                s["note"] or "", tuple(by_step[int(s["id"])]))
        for s in records(steps)]  # fmt: skip


def open_item(actor: Actor | None, title, expected, due, party: str | None,
              now: datetime | None = None) -> Outcome:  # fmt: skip
    """交办 by hand: ``party`` is ``region:<code>`` or ``department:<name>``."""

    def write(actor: Actor) -> Outcome:
        kind, _, name = str(party or "").partition(":")
        try:
            day = date.fromisoformat(str(due or "")[:10])
        except ValueError:
            return Outcome(False, "item_bad_due")
        item_id = store.open_item(actor, title, expected, day,
                                  region=name if kind == "region" else None,
                                  department=name if kind == "department" else None,
                                  now=now)  # fmt: skip
        return Outcome(True, "item_opened", {"id": item_id})

    return as_actor(actor, write)


def act_on_item(actor: Actor | None, item_id, action, note, files=(), today=None,
                period: tuple[int, int] | None = None) -> Outcome:  # fmt: skip
    """Take a step on an item; closing an automatic item reads its indicator now."""

    def write(actor: Actor) -> Outcome:
        status_now = None
        if action == "close" and period is not None:
            item, _ = item_page(actor, item_id, today or date.today(), period)
            status_now = item.status_now
        state = store.take_step(actor, item_id, str(action or ""), note, files,
                                status_now)  # fmt: skip
        return Outcome(True, "item_step_done", {"state": state})

    return as_actor(actor, write)


def open_due_items(year: int, month: int, regions: list[str] | None = None,
                   today: date | None = None) -> int:  # fmt: skip
    """Open the items the rule asks for in ``month`` (the counties ``regions``, or
    every county): an indicator that has just turned 预警, or been 滞后 for the rule's
    months running. One item a run of such months (a re-run, or the next month of
    the same run, opens nothing more); returns how many were opened."""
    rule, due_days = opening_rule()
    if not rule.on_alert and rule.lagging_months <= 0:
        return 0
    today = today or date.today()
    wanted = None if regions is None else set(regions)
    history: dict[tuple[str, str], list] = defaultdict(list)
    latest: dict[tuple[str, str], object] = {}
    scopes = _scopes(wanted)
    for m in range(1, month + 1):
        seen = set()
        for scope in scopes:
            view = period_view(year, m, rules(year), scope=scope)
            for r in view.result_rows():
                if r.region == view.city or (
                    wanted is not None and r.region not in wanted
                ):
                    continue
                key = (r.region, r.code)
                seen.add(key)
                history[key].append(None if r.status == Status.NO_DATA else r.status)
                if m == month:
                    latest[key] = r
        for key in history.keys() - seen:
            history[key].append(None)
    found = []
    for key, statuses in history.items():
        opening = opens(statuses, rule)
        row = latest.get(key)
        if opening is None or row is None:
            continue
        trigger = opening.trigger
        found.append(store.AutomaticItem(
            region=key[0], indicator=key[1], year=year, month=month, trigger=trigger,
            since=opening.since,
            title=t(f"item_auto_{trigger}", "zh", region=row.region_zh,
                    indicator=row.name_zh, month=month),
            expected=t(f"item_auto_expected_{trigger}", "zh", indicator=row.name_zh,
                       months=rule.lagging_months),
            due=today + timedelta(days=due_days), gap=behind(row.gap_points),
            status=row.status.value))  # fmt: skip
    return store.open_automatic(found)


# ---- what awaits a user ----------------------------------------------------------


@dataclass(frozen=True)
class Awaiting:
    """One line of a user's notices: a catalogue key, its count, where to act."""

    key: str
    count: int
    href: str
    period: tuple[int, int] | None = None


RESPONSIBLE_WAITS = {ItemState.ASSIGNED.value: "await_sign",
                     ItemState.SIGNED.value: "await_start",
                     ItemState.IN_PROGRESS.value: "await_report"}  # fmt: skip
OFFICE_WAITS = {ItemState.REPORTED.value: "await_review",
                ItemState.REVIEWING.value: "await_close"}  # fmt: skip
URGED_DAYS = 14


def last_ended_month(today: date) -> tuple[int, int]:
    """The month a department reports progress for now: the one that last ended."""
    return previous_period(today.year, today.month)


def awaiting(actor: Actor | None, now: datetime | None = None) -> list[Awaiting]:
    """What awaits ``actor``: items to sign for, work on or report back (a county, a
    department), items to review or close and months to review (the office),
    recent 催办, and a department's measures without progress for the month that
    last ended."""
    if actor is None or actor.role not in ("supervisor", "county", "department"):
        return []
    now = now or datetime.now()
    counts = store.item_counts(actor)
    waits = OFFICE_WAITS if actor.is_supervisor else RESPONSIBLE_WAITS
    found = [Awaiting(key, counts[state], "/supervision")
             for state, key in waits.items() if counts.get(state)]  # fmt: skip
    if actor.is_supervisor:
        months = store.months_to_review()
        if months:
            found.append(Awaiting("await_months", months, "/review"))
        failed = delivery_log.failed_count()
        if failed:
            found.append(Awaiting("await_failed", failed, "/supervision/delivery"))
    else:
        urged = store.urged_since(actor, now - timedelta(days=URGED_DAYS))
        if urged:
            found.append(Awaiting("await_urged", urged, "/supervision"))
    if actor.is_department:
        from services.measures import sections

        year, month = last_ended_month(now.date())
        progress = progress_of(year, month)
        mine = [m for s in sections(actor.department, year)[0] for m in s.measures
                if m.led_by(actor.department)
                and progress.get((s.document or None, m.number), NEVER).month != month]  # fmt: skip
        if mine:
            found.append(Awaiting("await_progress", len(mine),
                                  f"/measures?year={year}&month={month}", (year, month)))  # fmt: skip
    return found


@dataclass(frozen=True)
class DepartmentRow:
    name_zh: str
    name_en: str


def departments() -> list[DepartmentRow]:
    return [
        DepartmentRow(r["name_zh"], r["name_en"]) for r in records(store.departments())
    ]


def save_rule(actor: Actor | None, on_alert, lagging_months, due_days) -> Outcome:
    """The office's opening rule (the data layer checks who and the bounds)."""

    def write(actor: Actor) -> Outcome:
        try:
            months, days = int(lagging_months), int(due_days)
        except (TypeError, ValueError):
            return Outcome(False, "rule_bad_months")
        store.save_rule(actor, on_alert is True, months, days)
        return Outcome(True, "rule_saved")

    return as_actor(actor, write)
