"""A deterministic demo dataset (示例数据) for Bayannur, 2018 to the last complete month.

Magnitudes follow the real ones in DESIGN.md: about 1.0万 urban new jobs in 2020 and 0.8万 in
2021 city-wide, a registered unemployment rate of 4.3–4.4 % against a 4.5 % cap, 磴口县 at
835 new urban jobs in 2020 and 杭锦后旗 at 1,081 in 2021, 8 incubators due by 2020 and 2–5
HR-service backbone enterprises. Everything else is invented, reproducibly (fixed seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from domain import Kind, Observation, PeriodInputs, TargetPoint, assess, rank_regions
from domain.model import TargetSource

SEED = 20180522
FIRST_YEAR = 2018
CITY = "150800"

# Share of the city's urban new jobs by county, and its relative labour force.
COUNTY_SHARE = {
    "150802": 0.38,  # 临河区
    "150821": 0.13,  # 五原县
    "150822": 0.085,  # 磴口县
    "150823": 0.14,  # 乌拉特前旗
    "150824": 0.07,  # 乌拉特中旗
    "150825": 0.06,  # 乌拉特后旗
    "150826": 0.135,  # 杭锦后旗
}
# County base unemployment rates (city ≈ 4.3–4.4 %).
COUNTY_RATE = {
    "150802": 4.35,
    "150821": 4.2,
    "150822": 4.45,
    "150823": 4.6,
    "150824": 4.65,
    "150825": 3.9,
    "150826": 4.5,
}
# How well each county tends to do against its targets: a spread like the one a
# supervisory office sees (two or three 优秀, some 良好 and 合格, a weak banner that is
# 不合格 in some months), so that ranks and grades mean something.
COUNTY_FORM = {
    "150802": 1.0,
    "150821": 0.8,
    "150822": 0.95,
    "150823": 0.9,
    "150824": 0.62,
    "150825": 1.04,
    "150826": 0.86,
}
CITY_NEW_JOBS_TARGET = {2018: 10500, 2019: 10500, 2020: 10000, 2021: 8000, 2022: 8500}
CITY_NEW_JOBS_LATER = 9000
# City annual targets of the other flows, with how much a year's result varies.
OTHER_FLOWS = {
    "unemployed_reemployed": 3200,
    "hard_to_employ_employed": 900,
    "rural_labor_transfer": 150000,
    "vocational_training": 21000,
    "startup_guarantee_loans": 26000,
}
# Cumulative share of a year's flow reached by each month (Spring Festival is slow).
SEASON = np.array(
    [0.055, 0.115, 0.2, 0.295, 0.39, 0.49, 0.58, 0.67, 0.76, 0.85, 0.93, 1.0]
)
# Real figures pinned: (county, year) → December YTD urban new jobs.
REAL_NEW_JOBS = {("150822", 2020): 835, ("150826", 2021): 1081}
# Stock targets: (county) → {deadline year: level}; baseline at the end of 2017.
INCUBATORS = {
    "150802": (1, {2020: 2, 2025: 3}),
    "150821": (1, {2020: 1, 2025: 2}),
    "150822": (0, {2020: 1, 2025: 1}),
    "150823": (1, {2020: 1, 2025: 2}),
    "150824": (0, {2020: 1, 2025: 1}),
    "150825": (0, {2020: 1, 2025: 1}),
    "150826": (1, {2020: 1, 2025: 2}),
}
HR_ENTERPRISES = {
    "150802": (1, {2020: 2, 2025: 3}),
    "150821": (0, {2020: 1, 2025: 1}),
    "150822": (0, {2020: 0, 2025: 1}),
    "150823": (0, {2020: 1, 2025: 1}),
    "150824": (0, {2020: 0, 2025: 0}),
    "150825": (0, {2020: 0, 2025: 0}),
    "150826": (0, {2020: 1, 2025: 2}),
}
RATE_CAP = 4.5
# The demo's first scheme (years, weights): 2018–2020 under 巴政发〔2018〕49号 alone
# weighed new jobs more and the incubators and HR enterprises less than the scheme
# of 2021 on (the catalogue's weights), when the second document set targets to 2025.
FIRST_SCHEME = ((2018, 2019, 2020), {
    "urban_new_jobs": 30, "registered_unemployment_rate": 20, "unemployed_reemployed": 8,
    "hard_to_employ_employed": 8, "rural_labor_transfer": 8, "vocational_training": 6,
    "startup_guarantee_loans": 6, "incubators": 5, "hr_service_enterprises": 4,
    "zero_employment_families": 5})  # fmt: skip


def last_complete_month(today: date | None = None) -> tuple[int, int]:
    """Reports for a month arrive after it ends: the demo stops at the month before."""
    today = today or date.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def _months(end: tuple[int, int]):
    for year in range(FIRST_YEAR, end[0] + 1):
        for month in range(1, 13):
            if (year, month) <= end:
                yield year, month


def _ytd_path(rng, annual: float) -> np.ndarray:
    """A non-decreasing YTD path that ends at ``annual`` in December."""
    noise = rng.normal(1.0, 0.06, 12)
    monthly = np.diff(np.concatenate([[0.0], SEASON])) * np.clip(noise, 0.6, 1.4)
    return np.cumsum(monthly) / monthly.sum() * annual


def _stock_path(rng, baseline: int, targets: dict[int, int], end_year: int):
    """End-of-month levels: openings arrive in steps, some a little late."""
    levels = {}
    level = baseline
    year_targets = sorted(targets.items())
    for year in range(FIRST_YEAR, end_year + 1):
        deadline, goal = next(
            ((y, v) for y, v in year_targets if y >= year), year_targets[-1]
        )
        span = max(deadline - FIRST_YEAR + 1, 1)
        for month in range(1, 13):
            due = baseline + (goal - baseline) * min(
                1.0, ((year - FIRST_YEAR) + month / 12) / span
            )
            if level < goal and level < due - rng.uniform(0.2, 0.9):
                level += 1
            levels[(year, month)] = level
    return levels


def build_demo(end: tuple[int, int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets, reports) frames keyed by region code and indicator code."""
    end = end or last_complete_month()
    rng = np.random.default_rng(SEED)
    targets: list[tuple] = []
    reports: list[tuple] = []
    years = range(FIRST_YEAR, end[0] + 1)
    county_form = {c: COUNTY_FORM[c] * rng.normal(1.0, 0.03) for c in COUNTY_SHARE}

    for year in years:
        city_jobs = CITY_NEW_JOBS_TARGET.get(year, CITY_NEW_JOBS_LATER)
        targets.append((CITY, "urban_new_jobs", year, city_jobs))
        targets.append((CITY, "registered_unemployment_rate", year, RATE_CAP))
        for code, city_target in OTHER_FLOWS.items():
            targets.append((CITY, code, year, city_target))
        for county, share in COUNTY_SHARE.items():
            jobs_target = round(city_jobs * share * 1.02, -1)
            targets.append((county, "urban_new_jobs", year, jobs_target))
            targets.append((county, "registered_unemployment_rate", year, RATE_CAP))
            for code, city_target in OTHER_FLOWS.items():
                targets.append(
                    (county, code, year, round(city_target * share * 1.02, -1))
                )
            targets.append((county, "zero_employment_families", year, 0))
            flows = {"urban_new_jobs": jobs_target} | {
                code: round(city_target * share * 1.02, -1)
                for code, city_target in OTHER_FLOWS.items()
            }
            for code, annual_target in flows.items():
                ratio = rng.normal(1.0, 0.07) * county_form[county]
                annual = annual_target * ratio
                if code == "urban_new_jobs" and (county, year) in REAL_NEW_JOBS:
                    annual = REAL_NEW_JOBS[(county, year)]
                path = _ytd_path(rng, annual)
                decimals = 0
                for month in range(1, 13):
                    if (year, month) <= end:
                        value = round(float(path[month - 1]), decimals)
                        reports.append((county, code, year, month, value))
    for county in COUNTY_SHARE:
        for code, plan in (
            ("incubators", INCUBATORS),
            ("hr_service_enterprises", HR_ENTERPRISES),
        ):
            baseline, goals = plan[county]
            reports.append((county, code, FIRST_YEAR - 1, 12, baseline))
            for deadline, level in goals.items():
                targets.append((county, code, deadline, level))
            for (year, month), level in _stock_path(
                rng, baseline, goals, end[0]
            ).items():
                if (year, month) <= end:
                    reports.append((county, code, year, month, level))
    for code in ("incubators", "hr_service_enterprises"):
        plan = INCUBATORS if code == "incubators" else HR_ENTERPRISES
        for deadline in (2020, 2025):
            targets.append(
                (
                    CITY,
                    code,
                    deadline,
                    max(sum(p[1][deadline] for p in plan.values()), 0),
                )
            )

    # Rates: a slow random walk around each county's base; the city is a weighted mean.
    walk = {c: 0.0 for c in COUNTY_RATE}
    families = {c: 0 for c in COUNTY_SHARE}
    for year, month in _months(end):
        city_rate = 0.0
        for county, base in COUNTY_RATE.items():
            walk[county] = 0.85 * walk[county] + rng.normal(0, 0.06)
            rate = round(base + walk[county], 2)
            city_rate += rate * COUNTY_SHARE[county]
            reports.append((county, "registered_unemployment_rate", year, month, rate))
            if families[county] and rng.random() < 0.6:
                families[county] -= 1
            elif rng.random() < 0.09:
                families[county] += int(rng.integers(1, 3))
            reports.append(
                (county, "zero_employment_families", year, month, families[county])
            )
        reports.append(
            (CITY, "registered_unemployment_rate", year, month, round(city_rate, 2))
        )

    targets_frame = pd.DataFrame(
        targets, columns=["region", "indicator", "year", "value"]
    )
    reports_frame = pd.DataFrame(
        reports, columns=["region", "indicator", "year", "month", "value"]
    )
    return targets_frame, reports_frame


# Where the demo's targets come from: the city's stock targets and its rate cap are
# the policy texts' (8 incubators by 2020 in 巴政发〔2018〕49号, 12 by 2025 in the
# 2021 document); 临河区 commits to more new jobs than its share from 2024 on; the
# rest is the office's decomposition, set in January (a stock's when first set).
COMMITMENTS = {("150802", "urban_new_jobs")}
COMMITMENT_REASON = "临河区承诺目标高于市级分解数（示例数据）"


def target_provenance(region: str, indicator: str, year: int) -> dict:
    """The source, setter, time and reason of a demo target."""
    stock = indicator in ("incubators", "hr_service_enterprises")
    set_year = FIRST_YEAR if stock and year <= 2020 else 2021 if stock else year
    at = datetime(set_year, 1, 8 if region == CITY else 10, 9, 30)
    if region == CITY and (stock or indicator == "registered_unemployment_rate"):
        return {
            "source": TargetSource.POLICY.value,
            "set_by": OFFICE[0],
            "set_at": at,
            "reason": None,
        }
    if (region, indicator) in COMMITMENTS and year >= 2024:
        return {"source": TargetSource.COUNTY.value, "set_by": OFFICE[0], "set_at": at + timedelta(days=5),
                "reason": COMMITMENT_REASON}  # fmt: skip
    return {
        "source": TargetSource.OFFICE.value,
        "set_by": OFFICE[0],
        "set_at": at,
        "reason": None,
    }


# The demo database (and only it) has these accounts; README lists them.
DEMO_PASSWORD = "demo12345"
DEMO_USERS = (
    ("admin", "admin", None, "系统管理员"),
    ("supervisor", "supervisor", None, "市政府督查室"),
    ("leader", "leader", None, "市领导"),
    ("linhe", "county", "150802", "临河区人社局"),
    ("dengkou", "county", "150822", "磴口县人社局"),
)
# Department accounts (督查督办): username, department, name shown.
DEMO_DEPARTMENT_USERS = (
    ("renshe", "人社局", "市人社局"),
    ("fagai", "发改委", "市发改委"),
)

# The progress notes a department writes (by status), and the demo's 督办 items.
_PROGRESS_NOTES = {
    "not_started": "已列入下一阶段工作计划，正在制定实施方案。",
    "in_progress": "已召开推进会，按月调度，完成阶段性目标。",
    "done": "已全部完成，形成长效机制。",
    "lagging": "受资金到位较晚影响，进度滞后，已协调财政局加快拨付。",
}
_PROGRESS_CYCLE = ("not_started", "in_progress", "in_progress", "lagging", "done")


def demo_progress(leads: list[tuple[str, int, str]], end: tuple[int, int], now: datetime,
                  users: dict[str, str]) -> list[dict]:  # fmt: skip
    """Monthly progress of the measures the demo departments lead, up to the month
    before ``end``'s next (the current month is left to report): ``leads`` is
    (document, number, department) of each measure they lead."""
    year, month = end
    rows = []
    for i, (document, number, department) in enumerate(leads):
        username = next(
            (u for u, d, _ in DEMO_DEPARTMENT_USERS if d == department), None
        )
        if username is None:
            continue
        for m in range(1, month + 1 - (i % 3 == 0)):
            status = _PROGRESS_CYCLE[min(len(_PROGRESS_CYCLE) - 1, (i + m) // 4)]
            if status == "done" and i % 2:
                status = "in_progress"
            rows.append({"document": document, "number": number, "year": year,
                         "month": m, "status": status, "note": _PROGRESS_NOTES[status],
                         "by": username, "by_name": users[username],
                         "at": datetime(year, m, 1) + timedelta(days=27 + i % 3)})  # fmt: skip
    return [r for r in rows if r["at"] <= now]


def demo_items(now: datetime) -> list[dict]:
    """Three hand-opened 督办 items at different steps (one overdue), each with the
    steps it has taken: party is ("region", adcode) or ("department", name)."""
    day = timedelta(days=1)
    return [
        {"title": "城镇新增就业进度滞后问题整改", "party": ("region", "150802"),
         "expected": "分析新增就业进度滞后原因，制定整改措施，每月报送进展。",
         "due": (now + 10 * day).date(), "opened_at": now - 12 * day,
         "steps": [("sign", "signed", "linhe", "临河区人社局", now - 11 * day, ""),
                   ("start", "in_progress", "linhe", "临河区人社局", now - 10 * day,
                    "已成立专班，逐一走访重点企业。")]},
        {"title": "创业孵化基地认定工作推进", "party": ("department", "人社局"),
         "expected": "按政策第十四条要求，完成年度孵化基地认定，报送认定名单。",
         "due": (now + 2 * day).date(), "opened_at": now - 20 * day,
         "steps": [("sign", "signed", "renshe", "市人社局", now - 19 * day, ""),
                   ("start", "in_progress", "renshe", "市人社局", now - 18 * day, ""),
                   ("report", "reported", "renshe", "市人社局", now - 2 * day,
                    "已认定市级孵化基地6家，名单见附件。")]},
        {"title": "零就业家庭动态清零情况核查", "party": ("region", "150822"),
         "expected": "核查辖区零就业家庭底数，确保动态清零，报送核查报告。",
         "due": (now - 2 * day).date(), "opened_at": now - 25 * day, "steps": []},
    ]  # fmt: skip


# The demo's monthly cycle (报送 → 审核 → 截止 → 排名 → 通报), made up as reproducibly as
# the figures (its own seed, so the figures do not depend on it): each county saves
# its month's figures from the first days of the next month and submits them, some
# after the due day (逾期); the office returns some (with a reason for the month or per
# indicator) and approves; on the day after the due day it reminds those not in (催报).
# What would happen after ``now`` has not happened: the newest month may still be
# being reported. One county corrects a published month (更正, with its reason); the
# month before it was published and then withdrawn (撤回发布).
CYCLE_SEED = 20181126
DUE_DAY = 5
OFFICE = ("supervisor", "市政府督查室")
COUNTY_USERNAME = {
    "150802": "linhe", "150821": "wuyuan", "150822": "dengkou", "150823": "qianqi",
    "150824": "zhongqi", "150825": "houqi", "150826": "hanghou",
}  # fmt: skip
LATE_SHARE = {"150824": 0.3, "150821": 0.12}  # the rest: 0.04
RETURN_SHARE = 0.05
RETURNS = (
    ("", {"urban_new_jobs": "与就业实名制系统登记人数不一致，请核实后重报"}),
    ("", {"vocational_training": "请附培训台账（花名册）后重报",
          "startup_guarantee_loans": "发放额与财政局台账不符"}),
    ("本月多项数据未按填报口径（1–N月累计）填报，请对照填报说明修改", {}),
    ("请补充情况说明后重报", {"registered_unemployment_rate": "失业率较上月上升0.4个百分点，请核实"}),
)  # fmt: skip
CORRECTION_REASON = "补录月末就业实名制系统延迟入库的新增就业人员"
WITHDRAWAL_REASON = "乌拉特中旗反映上月数据口径有误，待核实后重新发布"


@dataclass
class DemoCycle:
    """The demo's submissions and their history, as rows for the tables."""

    submissions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # "items": a return's reasons
    notices: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)  # the correction
    not_entered: set = field(
        default_factory=set
    )  # (region, year, month): no figures yet
    not_approved: set = field(default_factory=set)  # (region, year, month)
    first_approved: dict = field(default_factory=dict)  # report key → value before 更正
    published: tuple[int, int] | None = None
    published_at: datetime | None = None
    withdrawn: tuple[int, int] | None = None
    publication_events: list[dict] = field(default_factory=list)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _months_before(end: tuple[int, int], count: int) -> tuple[int, int]:
    year, month = end
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return year, month


def _office_hours(rng, day: date) -> datetime:
    return datetime.combine(day, time(9)) + timedelta(minutes=int(rng.integers(0, 480)))


def _month_story(rng, region: str, year: int, month: int) -> dict:
    """When the county saved, submitted (again, after a return) and was approved."""
    opens = date(*_next_month(year, month), 1)
    due = opens.replace(day=DUE_DAY)
    saved = _office_hours(rng, opens + timedelta(days=int(rng.integers(0, 3))))
    if rng.random() < LATE_SHARE.get(region, 0.04):
        submitted = _office_hours(rng, due + timedelta(days=int(rng.integers(1, 7))))
    else:
        day = min(saved.date() + timedelta(days=int(rng.integers(0, 3))), due)
        submitted = _office_hours(rng, day)
    if submitted <= saved:  # the same day: an hour or two after saving
        submitted = saved + timedelta(minutes=int(rng.integers(30, 150)))
    story = {"saved": saved, "submitted": submitted, "due": due}
    last = submitted
    if rng.random() < RETURN_SHARE:
        story["returned"] = _office_hours(rng, submitted.date() + timedelta(days=1))
        story["return"] = RETURNS[int(rng.integers(0, len(RETURNS)))]
        story["resubmitted"] = _office_hours(
            rng, story["returned"].date() + timedelta(days=int(rng.integers(1, 3)))
        )
        last = story["resubmitted"]
    story["approved"] = _office_hours(
        rng, last.date() + timedelta(days=int(rng.integers(1, 3)))
    )
    return story


def build_cycle(
    end: tuple[int, int], now: datetime, counties: list[str] | None = None
) -> DemoCycle:
    """Every county-month's submission from 2018 to ``end``, as of ``now``."""
    rng = np.random.default_rng(CYCLE_SEED)
    counties = counties or list(COUNTY_SHARE)
    cycle = DemoCycle()
    recent = now - timedelta(days=45)  # notices are made for the last weeks only
    for year, month in _months(end):
        for region in counties:
            story = _month_story(rng, region, year, month)
            _play(cycle, region, year, month, story, now, recent)
        _remind(cycle, counties, year, month, now, recent)
    _correct_and_publish(cycle, end, now)
    return cycle


def _event(cycle, region, year, month, action, by, at, reason=None, items=None):
    cycle.events.append({"region": region, "year": year, "month": month, "action": action,
                         "by": by, "at": at, "reason": reason, "items": items or {}})  # fmt: skip


def _notice(cycle, region, year, month, kind, at, text=None, due=None, done_at=None):
    cycle.notices.append({"region": region, "year": year, "month": month, "kind": kind,
                          "by": OFFICE[0], "by_name": OFFICE[1], "at": at, "text": text,
                          "due": due, "done_at": done_at})  # fmt: skip


def _play(cycle, region, year, month, story, now, recent) -> None:
    """The story up to ``now``: its events, notices and the submission's state."""
    key = (region, year, month)
    user = COUNTY_USERNAME.get(region, region)
    if story["saved"] > now:
        cycle.not_entered.add(key)
        cycle.not_approved.add(key)
        return
    status, updated, reason = "draft", story["saved"], None
    submitted_at = approved_at = None
    steps = [("submit", story["submitted"])]
    if "returned" in story:
        steps += [("return", story["returned"]), ("submit", story["resubmitted"])]
    steps.append(("approve", story["approved"]))
    for action, at in steps:
        if at > now:
            break
        if action == "submit":
            _event(cycle, region, year, month, "submit", user, at)
            status, submitted_at, reason = "submitted", at, None
        elif action == "return":
            said, items = story["return"]
            _event(
                cycle, region, year, month, "return", OFFICE[0], at, said or None, items
            )
            status, reason = (
                "returned",
                "；".join(
                    [said] * bool(said)
                    + [f"{INDICATOR_NAMES[c]}：{r}" for c, r in items.items()]
                ),
            )
            if at >= recent:
                done = story["resubmitted"] if story["resubmitted"] <= now else None
                _notice(cycle, region, year, month, "return", at, reason, done_at=done)
        else:
            _event(cycle, region, year, month, "approve", OFFICE[0], at)
            status, approved_at, reason = "approved", at, None
            if at >= recent:
                _notice(cycle, region, year, month, "approval", at)
        updated = at
    if status != "approved":
        cycle.not_approved.add(key)
    cycle.submissions.append({
        "region": region, "year": year, "month": month, "status": status,
        "reason": reason, "updated_by": user if status in ("draft", "submitted") else OFFICE[0],
        "updated_at": updated, "submitted_at": submitted_at, "approved_at": approved_at,
    })  # fmt: skip
    cycle.submissions[-1]["_story"] = story


def _remind(cycle, counties, year, month, now, recent) -> None:
    """催报 on the day after the due day, to every county not in by then."""
    at = datetime.combine(date(*_next_month(year, month), DUE_DAY + 1), time(9, 30))
    if at > now:
        return
    late = [s for s in cycle.submissions[-len(counties):]
            if s["submitted_at"] is None or s["submitted_at"] > at]  # fmt: skip
    late_regions = {s["region"] for s in late} | {
        r for r, y, m in cycle.not_entered if (y, m) == (year, month)}  # fmt: skip
    for region in sorted(late_regions):
        _event(cycle, region, year, month, "remind", OFFICE[0], at)
        if at >= recent:
            came = next(
                (s["submitted_at"] for s in late if s["region"] == region), None
            )
            _notice(cycle, region, year, month, "reminder", at,
                    due=date(*_next_month(year, month), DUE_DAY), done_at=came)  # fmt: skip


def _correct_and_publish(cycle: DemoCycle, end, now) -> None:
    """The month two before ``end`` is published, then 五原县 corrects its urban new
    jobs (更正) and the office approves it: the ranking shows the difference with its
    reason. The month before was published and withdrawn (撤回发布)."""
    for s in cycle.submissions:
        s.pop("_story", None)
    published, withdrawn = _months_before(end, 2), _months_before(end, 3)
    opens = date(*_next_month(*published), 1)
    publish_at = datetime.combine(opens + timedelta(days=14), time(10))
    w_opens = date(*_next_month(*withdrawn), 1)
    w_at = datetime.combine(w_opens + timedelta(days=14), time(10))
    if w_at <= now:
        cycle.withdrawn = withdrawn
        cycle.publication_events += [
            {"year": withdrawn[0], "month": withdrawn[1], "action": "publish",
             "by": OFFICE[0], "by_name": OFFICE[1], "at": w_at, "reason": None,
             "issue_number": withdrawn[1]},
            {"year": withdrawn[0], "month": withdrawn[1], "action": "withdraw",
             "by": OFFICE[0], "by_name": OFFICE[1], "at": w_at + timedelta(days=2, hours=3),
             "reason": WITHDRAWAL_REASON, "issue_number": None},
        ]  # fmt: skip
    correct_at = publish_at + timedelta(days=5, hours=2)
    region = "150821"
    if (
        publish_at > now
        or any((r, y, m) == (region, *published) for r, y, m in cycle.not_approved)
        or any((y, m) == published for _, y, m in cycle.not_approved)
    ):
        return
    cycle.published, cycle.published_at = published, publish_at
    cycle.publication_events.append(
        {"year": published[0], "month": published[1], "action": "publish",
         "by": OFFICE[0], "by_name": OFFICE[1], "at": publish_at, "reason": None,
         "issue_number": published[1]})  # the monthly series: 第9期 for September  # fmt: skip
    if correct_at + timedelta(days=1) > now:
        return
    user = COUNTY_USERNAME[region]
    _event(cycle, region, *published, "correct", user, correct_at, CORRECTION_REASON)
    _event(
        cycle, region, *published, "submit", user, correct_at + timedelta(minutes=20)
    )
    approved = correct_at + timedelta(days=1)
    _event(cycle, region, *published, "approve", OFFICE[0], approved)
    for s in cycle.submissions:
        if (s["region"], s["year"], s["month"]) == (region, *published):
            s.update(updated_at=approved, submitted_at=correct_at + timedelta(minutes=20),
                     approved_at=approved, updated_by=OFFICE[0])  # fmt: skip
    cycle.history.append({"region": region, "indicator": "urban_new_jobs",
                          "year": published[0], "month": published[1],
                          "changed_by": user, "changed_at": correct_at, "source": "form",
                          "reason": CORRECTION_REASON, "share": CORRECTED_SHARE})  # fmt: skip


# The share of the corrected figure that was first reported (and published).
CORRECTED_SHARE = 0.94
INDICATOR_NAMES = {
    "urban_new_jobs": "城镇新增就业人数",
    "registered_unemployment_rate": "城镇登记失业率",
    "vocational_training": "职业技能培训人数",
    "startup_guarantee_loans": "创业担保贷款发放额",
}


def _observations(targets: pd.DataFrame, reports: pd.DataFrame, specs, regions,
                  year: int, month: int) -> dict:  # fmt: skip
    """The domain's observations of (year, month) from the demo frames, as the data
    layer reads them (period_facts): the month's figures, the year's targets (flows,
    rates, zero), every target of a stock and its baseline (December of its year)."""
    stocks = {s.code for s in specs if s.kind is Kind.STOCK}
    month_values = reports[(reports.year == year) & (reports.month == month)]
    actual = {
        (r.region, r.indicator): float(r.value) for r in month_values.itertuples()
    }
    yearly = targets[(targets.year == year) & ~targets.indicator.isin(stocks)]
    target = {(r.region, r.indicator): float(r.value) for r in yearly.itertuples()}
    stock_targets: dict = {}
    for r in targets[targets.indicator.isin(stocks)].sort_values("year").itertuples():
        stock_targets.setdefault((r.region, r.indicator), []).append(
            TargetPoint(int(r.year), float(r.value)))  # fmt: skip
    base = reports[(reports.year == FIRST_YEAR - 1) & (reports.month == 12)]
    baseline = {(r.region, r.indicator): TargetPoint(int(r.year), float(r.value))
                for r in base.itertuples() if r.indicator in stocks}  # fmt: skip
    return {
        (region, s.code): Observation(
            actual=actual.get((region, s.code)), target=target.get((region, s.code)),
            stock_targets=tuple(stock_targets.get((region, s.code), ())),
            baseline=baseline.get((region, s.code)))
        for region in regions for s in specs
    }  # fmt: skip


def publication_scores(targets, reports, specs, counties, period, rules) -> list[dict]:
    """The counties' frozen scores of a published demo month as publishing writes
    them: total, grade, rank, change from the month before, points by indicator."""
    cards = {}
    for year, month in (period, _months_before(period, 1)):
        observed = _observations(targets, reports, specs, counties, year, month)
        inputs = PeriodInputs(year=year, month=month, specs=tuple(specs),
                              regions=tuple(counties), observations=observed, profiles={})  # fmt: skip
        cards[(year, month)] = assess(inputs, rules).cards
    now, before = cards[period], cards[_months_before(period, 1)]
    ranks = rank_regions({c: now[c].total for c in counties},
                         {c: before[c].total for c in counties}, rules.near_tie_points)  # fmt: skip
    return [{"region": c, "total": now[c].total, "grade": now[c].grade,
             "rank": ranks[c].rank, "change": ranks[c].change,
             "details": {s.code: None for s in specs}
             | {i.code: round(i.points, 4) for i in now[c].items}}
            for c in counties]  # fmt: skip


# Data quality (issue 19): the newest month holds two planted slips, in two counties'
# drafts (their checks caught them: the figure is saved, the month not submitted), and
# the counties explain their lagging flows of the last two months (示例数据).
PLANTED = (("doubled", "urban_new_jobs", 2.0), ("decimal", "vocational_training", 10.0))
EXPLANATIONS = (
    ("受季节性因素影响，本月进度放缓，低于序时进度（示例数据）",
     "已制定分月推进计划，下月集中推进"),
    ("本月部分企业季节性停产，相关工作推进较慢（示例数据）",
     "联合相关部门走访重点企业，落实帮扶政策"),
    ("原计划本月开展的集中活动推迟至下月（示例数据）",
     "下月集中组织，补足本月进度"),
)  # fmt: skip


def plant_anomalies(reports: pd.DataFrame, cycle: DemoCycle, end) -> list[tuple]:
    """Plant PLANTED's slips in the newest month's figures of the first counties that
    have entered it, whose months then stand as drafts; returns (region, indicator,
    how) of each."""
    drafts = [s for s in cycle.submissions if (s["year"], s["month"]) == tuple(end)]
    planted = []
    for (how, code, factor), submission in zip(PLANTED, drafts, strict=False):
        region = submission["region"]
        row = ((reports.region == region) & (reports.indicator == code)
               & (reports.year == end[0]) & (reports.month == end[1]))  # fmt: skip
        reports.loc[row, "value"] = reports.loc[row, "value"] * factor
        submission.update(status="draft", submitted_at=None, approved_at=None,
                          reason=None, updated_at=submission.get("_story", {}).get(
                              "saved", submission["updated_at"]))  # fmt: skip
        cycle.events[:] = [e for e in cycle.events if not (
            (e["region"], e["year"], e["month"]) == (region, *end)
            and e["action"] in ("submit", "approve", "return"))]  # fmt: skip
        cycle.not_approved.add((region, *end))
        planted.append((region, code, how))
    return planted


def demo_explanations(targets, reports, cycle: DemoCycle, end) -> list[dict]:
    """情况说明 on the flows that lag time progress in the submitted or approved months
    of the last two months, written when the month was submitted."""
    goal = {(r.region, r.indicator, int(r.year)): float(r.value)
            for r in targets.itertuples()}  # fmt: skip
    months = {tuple(end), _months_before(end, 1)}
    sent = {(s["region"], s["year"], s["month"]): s for s in cycle.submissions
            if (s["year"], s["month"]) in months and s["submitted_at"] is not None}  # fmt: skip
    found = []
    for r in reports.itertuples():
        key = (r.region, int(r.year), int(r.month))
        target = goal.get((r.region, r.indicator, int(r.year)))
        if key not in sent or r.indicator not in {"urban_new_jobs", *OTHER_FLOWS}:
            continue
        if not target or r.value / target >= r.month / 12:
            continue
        text, measures = EXPLANATIONS[len(found) % len(EXPLANATIONS)]
        found.append({"region": r.region, "indicator": r.indicator, "year": key[1],
                      "month": key[2], "text": text, "measures": measures,
                      "value": float(r.value), "by": COUNTY_USERNAME.get(r.region, r.region),
                      "at": sent[key]["submitted_at"] - timedelta(minutes=5)})  # fmt: skip
    return found
