"""A deterministic demo dataset (示例数据) for Bayannur, 2018 to the last complete month.

Magnitudes follow the real ones in DESIGN.md: about 1.0万 urban new jobs in 2020 and 0.8万 in
2021 city-wide, a registered unemployment rate of 4.3–4.4 % against a 4.5 % cap, 磴口县 at
835 new urban jobs in 2020 and 杭锦后旗 at 1,081 in 2021, 8 incubators due by 2020 and 2–5
HR-service backbone enterprises. Everything else is invented, reproducibly (fixed seed).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

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
    "150824": 4.1,
    "150825": 3.9,
    "150826": 4.5,
}
# How well each county tends to do against its targets (some lag, so ranks mean something).
COUNTY_FORM = {
    "150802": 1.02,
    "150821": 0.9,
    "150822": 0.97,
    "150823": 1.0,
    "150824": 0.86,
    "150825": 1.05,
    "150826": 0.93,
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
    [0.035, 0.07, 0.16, 0.27, 0.38, 0.49, 0.58, 0.67, 0.76, 0.85, 0.93, 1.0]
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


# The demo database (and only it) has these accounts; README lists them.
DEMO_PASSWORD = "demo12345"
DEMO_USERS = (
    ("admin", "admin", None, "系统管理员"),
    ("supervisor", "supervisor", None, "市政府督查室"),
    ("leader", "leader", None, "市领导"),
    ("linhe", "county", "150802", "临河区人社局"),
    ("dengkou", "county", "150822", "磴口县人社局"),
)
