"""Synthetic data sets at province and national scale for the benchmark (not the app's
demo): the Bayannur catalogue (its ten indicators, departments and policy) over a
generated hierarchy, 2017-01 to 2026-10, every figure approved, targets included.

    province: 1 province, 12 cities, 100 counties
    national: 1 nation, 31 provinces, 330 cities, 2,850 counties (about 3.4 M reports)

The folder it writes (regions.csv, the catalogue files and boundaries.geojson, squares
laid out level by level) is a city folder as ``CITY_DIR`` takes it: the reports and
targets are bulk-loaded next (COPY on PostgreSQL).
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

ROOT = Path(__file__).resolve().parents[1]
BAYANNUR = ROOT / "cities" / "bayannur"
FIRST_YEAR, END = 2017, (2026, 10)
SEED = 2850
SHAPES = {"province": (1, 12, 100), "national": (31, 330, 2850)}
SEASON = np.array(
    [0.035, 0.07, 0.16, 0.27, 0.38, 0.49, 0.58, 0.67, 0.76, 0.85, 0.93, 1.0]
)
# A county's yearly target at share 1.0 (an average county), by flow indicator.
FLOW_BASE = {"urban_new_jobs": 1300, "unemployed_reemployed": 450,
             "hard_to_employ_employed": 130, "rural_labor_transfer": 21000,
             "vocational_training": 3000, "startup_guarantee_loans": 3700}  # fmt: skip
STOCK_GOALS = {"incubators": (1, {2020: 2, 2025: 3}),
               "hr_service_enterprises": (0, {2020: 1, 2025: 2})}  # fmt: skip
RATE, RATE_CAP = "registered_unemployment_rate", 4.5
ZERO = "zero_employment_families"


def _split(total: int, parts: int, rng) -> list[int]:
    """``total`` split into ``parts`` positive whole shares, unevenly."""
    weights = rng.uniform(0.6, 1.4, parts)
    exact = weights / weights.sum() * (total - parts)
    counts = 1 + np.floor(exact).astype(int)
    short = total - counts.sum()  # largest remainders get one more
    counts[np.argsort(exact - np.floor(exact))[::-1][:short]] += 1
    return counts.tolist()


def build_regions(scale: str) -> pd.DataFrame:
    """code, name_zh, name_en, level, parent_code, sort_order, aliases."""
    provinces, cities, counties = SHAPES[scale]
    rng = np.random.default_rng(SEED)
    rows = []
    if scale == "national":
        rows.append(("100000", "全国", "Nation", "nation", ""))
    per_province = _split(cities, provinces, rng) if provinces > 1 else [cities]
    per_city = iter(_split(counties, cities, rng))
    for p, city_count in enumerate(per_province, start=1):
        p_code = f"{10 + p:02d}0000"
        rows.append((p_code, f"模拟省{p:02d}", f"Province {p:02d}", "province",
                     "100000" if scale == "national" else ""))  # fmt: skip
        for c in range(1, city_count + 1):
            county_count = next(per_city)
            c_code = f"{10 + p:02d}{c:02d}00"
            rows.append((c_code, f"{p:02d}{c:02d}市", f"City {p:02d}-{c:02d}", "city",
                         p_code))  # fmt: skip
            for k in range(1, county_count + 1):
                rows.append((f"{10 + p:02d}{c:02d}{k:02d}", f"{p:02d}{c:02d}{k:02d}县",
                             f"County {p:02d}-{c:02d}-{k:02d}", "county", c_code))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["code", "name_zh", "name_en", "level",
                                        "parent_code"])  # fmt: skip
    frame["sort_order"] = range(len(frame))
    frame["aliases"] = ""
    return frame


def _squares(regions: pd.DataFrame) -> dict:
    """Boundaries: each parent's square cut into a grid of its children's squares."""
    boxes = {}
    children = regions.groupby("parent_code").code.apply(list).to_dict()

    def place(code: str, x: float, y: float, size: float) -> None:
        boxes[code] = (x, y, size)
        kids = children.get(code, [])
        side = int(np.ceil(np.sqrt(len(kids)))) or 1
        step = size / side
        for i, kid in enumerate(kids):
            place(kid, x + (i % side) * step, y + (i // side) * step, step * 0.96)

    top = regions[regions.parent_code == ""].code.iloc[0]
    place(top, 100.0, 30.0, 20.0)
    features = []
    for row in regions.itertuples():
        x, y, size = boxes[row.code]
        ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
        features.append({"type": "Feature",
                         "properties": {"adcode": int(row.code), "name": row.name_zh,
                                        "level": row.level},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def write_folder(scale: str, folder: Path) -> pd.DataFrame:
    """The city folder of a generated data set; returns its regions."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("indicators.csv", "departments.csv", "policy.txt", "policies.csv"):
        shutil.copy(BAYANNUR / name, folder / name)
    shutil.copytree(BAYANNUR / "policies", folder / "policies", dirs_exist_ok=True)
    regions = build_regions(scale)
    regions.to_csv(folder / "regions.csv", index=False)
    boundaries = json.dumps(_squares(regions), ensure_ascii=False)
    (folder / "counties.geojson").write_text(boundaries, encoding="utf-8")
    return regions


def _months(first_year: int = FIRST_YEAR) -> list[tuple[int, int]]:
    return [(y, m) for y in range(first_year, END[0] + 1) for m in range(1, 13)
            if (y, m) <= END]  # fmt: skip


def build_figures(
    regions: pd.DataFrame, first_year: int = FIRST_YEAR
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets, reports) keyed by region and indicator code, vectorised; from
    ``first_year`` on (the test suite's national data set holds 2026 alone)."""
    rng = np.random.default_rng(SEED + 1)
    counties = regions[regions.level == "county"].code.to_numpy()
    n = len(counties)
    share = rng.lognormal(0.0, 0.45, n)
    form = rng.normal(1.0, 0.08, n)
    years = np.arange(first_year, END[0] + 1)
    months = _months(first_year)
    year_of = np.array([y for y, _ in months])
    month_of = np.array([m for _, m in months])
    targets, reports = [], []

    def add_reports(codes, indicator, values):  # values: (len(codes), len(months))
        frame = pd.DataFrame({
            "region": np.repeat(codes, len(months)), "indicator": indicator,
            "year": np.tile(year_of, len(codes)), "month": np.tile(month_of, len(codes)),
            "value": values.reshape(-1)})  # fmt: skip
        reports.append(frame)

    def add_targets(codes, indicator, yrs, values):  # values: (len(codes), len(yrs))
        targets.append(pd.DataFrame({
            "region": np.repeat(codes, len(yrs)), "indicator": indicator,
            "year": np.tile(yrs, len(codes)), "value": values.reshape(-1)}))  # fmt: skip

    for indicator, base in FLOW_BASE.items():
        annual = np.round(base * share[:, None] * (1 + 0.02 * (years - first_year)), -1)
        add_targets(counties, indicator, years, annual)
        ratio = rng.normal(1.0, 0.07, (n, len(years))) * form[:, None]
        noise = np.clip(rng.normal(1.0, 0.06, (n, len(years), 12)), 0.6, 1.4)
        monthly = np.diff(np.concatenate([[0.0], SEASON]))[None, None, :] * noise
        path = np.cumsum(monthly, axis=2) / monthly.sum(axis=2, keepdims=True)
        ytd = np.round(path * (annual * ratio)[:, :, None])
        add_reports(counties, indicator, ytd.reshape(n, -1)[:, : len(months)])
    rate = np.round(
        rng.normal(4.2, 0.25, (n, 1)) + rng.normal(0, 0.08, (n, len(months))), 2
    )
    add_reports(counties, RATE, rate)
    add_targets(counties, RATE, years, np.full((n, len(years)), RATE_CAP))
    add_targets(counties, ZERO, years, np.zeros((n, len(years))))
    add_reports(counties, ZERO, (rng.random((n, len(months))) < 0.08).astype(float))
    for indicator, (start, goals) in STOCK_GOALS.items():
        goal_years = np.array(sorted(goals))
        add_targets(counties, indicator, goal_years,
                    np.tile([goals[y] for y in goal_years], (n, 1)).astype(float))  # fmt: skip
        progress = np.clip((np.arange(len(months)) - 11) / (len(months) - 12), 0, 1)
        lateness = rng.uniform(0.6, 1.2, (n, 1))
        level = start + np.floor(progress[None, :] * lateness * (goals[2025] - start))
        add_reports(counties, indicator, np.minimum(level, goals[2025]))
    above = regions[regions.level != "county"].code.to_numpy()
    rates = rng.normal(4.2, 0.15, (len(above), len(months)))
    add_reports(above, RATE, np.round(rates, 2))
    add_targets(above, RATE, years, np.full((len(above), len(years)), RATE_CAP))
    targets_frame = pd.concat(targets, ignore_index=True)
    # Regions above the counties: targets of summed indicators are their counties' sums.
    tree = _ancestors(regions)
    county_targets = targets_frame[targets_frame.region.isin(set(counties))]
    summed = county_targets[county_targets.indicator != RATE].merge(
        tree, left_on="region", right_on="county"
    )
    summed = (summed.groupby(["ancestor", "indicator", "year"], as_index=False).value
              .sum().rename(columns={"ancestor": "region"}))  # fmt: skip
    return pd.concat([targets_frame, summed], ignore_index=True), pd.concat(
        reports, ignore_index=True
    )


def _ancestors(regions: pd.DataFrame) -> pd.DataFrame:
    """county, ancestor: every region above each county."""
    parent = dict(zip(regions.code, regions.parent_code, strict=True))
    pairs = []
    for county in regions.loc[regions.level == "county", "code"]:
        up = parent[county]
        while up:
            pairs.append((county, up))
            up = parent[up]
    return pd.DataFrame(pairs, columns=["county", "ancestor"])


def bulk_load(engine: Engine, targets: pd.DataFrame, reports: pd.DataFrame) -> None:
    """Insert targets and reports (approved) fast: COPY on PostgreSQL, executemany in
    one transaction on SQLite."""
    from data_access.engine import refresh_statistics
    from data_access.models import Indicator, Region

    with engine.connect() as conn:
        region_ids = dict(conn.execute(select(Region.code, Region.id)).all())
        indicator_ids = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
    targets = pd.DataFrame({
        "region_id": targets.region.map(region_ids), "indicator_id":
        targets.indicator.map(indicator_ids), "year": targets.year.astype(int),
        "value": targets.value.astype(float)})  # fmt: skip
    reports = pd.DataFrame({
        "region_id": reports.region.map(region_ids), "indicator_id":
        reports.indicator.map(indicator_ids), "year": reports.year.astype(int),
        "month": reports.month.astype(int), "value": reports.value.astype(float)})  # fmt: skip
    reports["approved_value"] = reports.value
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, frame in (("targets", targets), ("reports", reports)):
            columns = ", ".join(frame.columns)
            if engine.dialect.name == "postgresql":
                for start in range(0, len(frame), 500_000):
                    buffer = io.StringIO()
                    frame.iloc[start:start + 500_000].to_csv(buffer, index=False,
                                                             header=False)  # fmt: skip
                    with cursor.copy(
                        f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
                    ) as copy:
                        copy.write(buffer.getvalue())
            else:
                marks = ", ".join("?" * len(frame.columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    frame.itertuples(index=False, name=None),
                )
        raw.commit()
    finally:
        raw.close()
    refresh_statistics(engine, force=True)  # SQLite's planner, as `flask db assess`
