"""Create the schema and fill an empty database with the city catalogue and demo data.

``python -m data_access.seed`` migrates to the newest schema and, when the database is
empty, loads the city (``CITY_DIR``) and the deterministic 示例数据 dataset.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, insert, select

from data_access.accounts import create_user
from data_access.catalogue import (
    is_empty,
    load_catalogue,
    refresh_aliases,
    refresh_documents,
    set_info,
)
from data_access.demo import (
    DEMO_DEPARTMENT_USERS,
    DEMO_PASSWORD,
    DEMO_USERS,
    FIRST_SCHEME,
    OFFICE,
    build_cycle,
    build_demo,
    demo_explanations,
    demo_items,
    demo_progress,
    last_complete_month,
    plant_anomalies,
    publication_scores,
    target_provenance,
)
from data_access.engine import make_engine, refresh_statistics
from data_access.models import (
    DatasetInfo,
    Department,
    Explanation,
    Indicator,
    ItemStep,
    Measure,
    MeasureDepartment,
    MeasureProgress,
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
    SupervisionItem,
    Target,
)
from data_access.queries import write_new_stamp
from data_access.schemes import fill_documents, seed_schemes, write_scheme
from domain import IndicatorSpec, Kind
from domain.model import COUNTY
from i18n import t
from settings import ROOT, load_settings, secret_key_for


def migrate(engine: Engine, revision: str = "head", down: bool = False) -> None:
    """Bring the schema to the newest Alembic revision (or to ``revision``; ``down``
    to go back to it), in one transaction.

    On SQLite, batch migrations rebuild a table that others refer to (copy, drop,
    rename), which foreign-key enforcement refuses once the tables hold data: it is
    switched off around the migration (SQLite only changes it outside a transaction)
    and every reference is checked before the transaction commits."""
    config = Config()  # no file: installed copies have no alembic.ini
    config.set_main_option("script_location", str(ROOT / "data_access" / "migrations"))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _key_maps(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    regions = dict(conn.execute(select(Region.code, Region.id)).all())
    indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
    return regions, indicators


def load_demo(
    conn: Connection,
    end: tuple[int, int] | None = None,
    now: datetime | None = None,
    slips: bool = False,
) -> None:
    """Insert the demo targets, reports and their monthly cycle as of ``now`` (late
    and returned submissions, reminders, a correction, a published and a withdrawn
    month) and mark the dataset as 示例数据."""
    end = end or last_complete_month()
    now = now or datetime.now()
    targets, reports = build_demo(end)
    regions, indicators = _key_maps(conn)
    cycle = build_cycle(end, now)
    if slips:  # the served demo's data-quality story (tests build their own)
        plant_anomalies(reports, cycle, end)
    entered = [(r.region, r.year, r.month) not in cycle.not_entered
               for r in reports.itertuples()]  # fmt: skip
    reports = reports[entered].reset_index(drop=True)
    corrected = {(h["region"], h["indicator"], h["year"], h["month"]): h
                 for h in cycle.history}  # fmt: skip
    conn.execute(insert(Target), [
        {"region_id": regions[r.region], "indicator_id": indicators[r.indicator],
         "year": int(r.year), "value": float(r.value)}
        | target_provenance(r.region, r.indicator, int(r.year))
        for r in targets.itertuples()
    ])  # fmt: skip
    conn.execute(insert(Report), [
        {"region_id": regions[r.region], "indicator_id": indicators[r.indicator],
         "year": int(r.year), "month": int(r.month), "value": float(r.value),
         "approved_value": None if (r.region, r.year, r.month) in cycle.not_approved
         else float(r.value)}
        for r in reports.itertuples()
    ])  # fmt: skip
    if cycle.submissions:
        conn.execute(insert(Submission), [
            {k: v for k, v in s.items() if k != "region"} | {"region_id": regions[s["region"]]}
            for s in cycle.submissions
        ])  # fmt: skip
    _load_events(conn, cycle, regions, indicators)
    notes = demo_explanations(targets, reports, cycle, end) if slips else []
    if notes:
        conn.execute(insert(Explanation), [
            {k: v for k, v in n.items() if k not in ("region", "indicator")}
            | {"region_id": regions[n["region"]], "indicator_id": indicators[n["indicator"]]}
            for n in notes
        ])  # fmt: skip
    first = reports.copy()  # the figures as first approved (and published)
    for key, change in corrected.items():
        row = (first.region == key[0]) & (first.indicator == key[1]) & (
            first.year == key[2]) & (first.month == key[3])  # fmt: skip
        new = float(first.loc[row, "value"].iloc[0])
        old = float(round(new * change["share"]))
        first.loc[row, "value"] = old
        conn.execute(insert(ReportHistory).values(
            region_id=regions[key[0]], indicator_id=indicators[key[1]], year=key[2],
            month=key[3], old_value=old, new_value=new, changed_by=change["changed_by"],
            changed_at=change["changed_at"], source=change["source"],
            reason=change["reason"]))  # fmt: skip
    _load_publications(conn, cycle, targets, first)
    for username, role, region, name in DEMO_USERS:
        create_user(conn, username, DEMO_PASSWORD, role, region, name)
    for username, department, name in DEMO_DEPARTMENT_USERS:
        create_user(conn, username, DEMO_PASSWORD, "department", None, name,
                    department=department)  # fmt: skip
    _load_supervision(conn, end, now)
    set_info(conn, "is_demo", "1")


def _load_supervision(conn: Connection, end, now) -> None:
    """The demo departments' monthly progress and three 督办 items with their steps."""
    measures = {(d, n): i for i, d, n in conn.execute(
        select(Measure.id, Measure.document, Measure.number)).all()}  # fmt: skip
    leads = conn.execute(
        select(Measure.document, Measure.number, Department.name_zh)
        .join(MeasureDepartment, MeasureDepartment.measure_id == Measure.id)
        .join(Department, Department.id == MeasureDepartment.department_id)
        .where(MeasureDepartment.role == "lead").order_by(Measure.id)
    ).all()  # fmt: skip
    users = {u: name for u, _, name in DEMO_DEPARTMENT_USERS}
    progress = demo_progress([tuple(r) for r in leads], end, now, users)
    if progress:
        conn.execute(insert(MeasureProgress), [
            {k: v for k, v in r.items() if k not in ("document", "number")}
            | {"measure_id": measures[(r["document"], r["number"])]} for r in progress
        ])  # fmt: skip
    regions, _ = _key_maps(conn)
    departments = dict(conn.execute(select(Department.name_zh, Department.id)).all())
    for item in demo_items(now):
        kind, name = item["party"]
        steps = item["steps"]
        item_id = conn.execute(insert(SupervisionItem).values(
            title=item["title"], expected=item["expected"], due=item["due"],
            region_id=regions[name] if kind == "region" else None,
            department_id=departments[name] if kind == "department" else None,
            state=steps[-1][1] if steps else "assigned", opened_by=OFFICE[0],
            opened_at=item["opened_at"]).returning(SupervisionItem.id)).scalar_one()  # fmt: skip
        rows = [("open", "assigned", *OFFICE, item["opened_at"],
                 item["expected"]), *steps]  # fmt: skip
        conn.execute(insert(ItemStep), [
            {"item_id": item_id, "action": a, "state_after": st, "by": by,
             "by_name": by_name, "at": at, "note": note}
            for a, st, by, by_name, at, note in rows])  # fmt: skip


def _load_events(conn: Connection, cycle, regions, indicators) -> None:
    """The months' steps (a return with its reasons per indicator) and notices."""
    plain = [e for e in cycle.events if not e["items"]]
    if plain:
        conn.execute(insert(SubmissionEvent), [
            {k: v for k, v in e.items() if k not in ("region", "items")}
            | {"region_id": regions[e["region"]]} for e in plain
        ])  # fmt: skip
    for e in cycle.events:
        if not e["items"]:
            continue
        values = {k: v for k, v in e.items() if k not in ("region", "items")}
        event = conn.execute(insert(SubmissionEvent).values(
            region_id=regions[e["region"]], **values).returning(SubmissionEvent.id)
        ).scalar_one()  # fmt: skip
        conn.execute(insert(ReturnItem), [
            {"event_id": event, "indicator_id": indicators[code], "reason": reason}
            for code, reason in e["items"].items()
        ])  # fmt: skip
    if cycle.notices:
        conn.execute(insert(Notice), [
            {k: v for k, v in n.items() if k != "region"} | {"region_id": regions[n["region"]]}
            for n in cycle.notices
        ])  # fmt: skip


def _load_publications(conn: Connection, cycle, targets, first) -> None:
    """The published month's frozen scores (from the figures as first approved) and
    every publication and withdrawal."""
    if cycle.publication_events:
        conn.execute(insert(PublicationEvent), cycle.publication_events)
    if cycle.published is None:
        return
    regions, _ = _key_maps(conn)
    catalogue = conn.execute(select(Indicator.code, Indicator.kind, Indicator.weight)
                             .order_by(Indicator.sort_order)).all()  # fmt: skip
    specs = [
        IndicatorSpec(code, Kind(kind), float(weight))
        for code, kind, weight in catalogue
    ]
    counties = conn.execute(select(Region.code).where(Region.level == COUNTY)
                            .order_by(Region.sort_order, Region.code)).scalars().all()  # fmt: skip
    rows = publication_scores(targets, first, specs, list(counties), cycle.published,
                              load_settings().rules)  # fmt: skip
    period = conn.execute(insert(PublishedPeriod).values(
        year=cycle.published[0], month=cycle.published[1], published_by=OFFICE[0],
        published_at=cycle.published_at, published_by_name=OFFICE[1]
    ).returning(PublishedPeriod.id)).scalar_one()  # fmt: skip
    conn.execute(insert(PublishedScore), [
        {"period_id": period, "region_id": regions[r["region"]], "total": r["total"],
         "grade": r["grade"], "rank": r["rank"], "change": r["change"],
         "details": json.dumps(r["details"])}
        for r in rows
    ])  # fmt: skip


def initialise(
    engine: Engine,
    city_dir: Path,
    demo: bool = True,
    demo_end: tuple[int, int] | None = None,
    slips: bool = False,
) -> bool:
    """Migrate; load the catalogue (and demo data) if the database is empty.

    ``slips``: the served demo's data-quality story (two planted slips in the newest
    month's drafts, 情况说明 on lagging flows). Returns True when it loaded data, False
    when the database already had some.
    """
    migrate(engine)
    loaded = _initialised(engine, city_dir, demo, demo_end, slips)
    refresh_statistics(engine)  # SQLite's planner: when missing or outgrown
    return loaded


def _initialised(engine: Engine, city_dir: Path, demo: bool,
                 demo_end: tuple[int, int] | None, slips: bool) -> bool:  # fmt: skip
    with engine.begin() as conn:
        if not is_empty(conn):
            refresh_documents(conn, city_dir)
            refresh_aliases(conn, city_dir)
            fill_documents(conn)
            return False
        load_catalogue(conn, city_dir)
        rules = load_settings().rules
        if demo:
            load_demo(conn, demo_end or last_complete_month(), slips=slips)
            # The demo's first scheme (2018–2020) weighs differently from the one
            # the catalogue gives from 2021 on (示例数据).
            years, weights = FIRST_SCHEME
            for year in years:
                write_scheme(
                    conn, year, rules, weights, OFFICE[0], datetime(year, 1, 10)
                )
        # Each year with figures or targets is judged by a scheme of its own.
        seed_schemes(conn, rules)
        fill_documents(conn)
        # A database made anew at a path where another was: its version starts
        # again, its stamp never repeats (cached views are keyed by both).
        write_new_stamp(conn)
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-demo", action="store_true", help="catalogue only")
    parser.add_argument("--demo-end", help="last demo month, YYYY-MM")
    args = parser.parse_args(argv)
    end = tuple(int(p) for p in args.demo_end.split("-")) if args.demo_end else None
    settings = load_settings()
    secret_key_for(settings)  # made once here, before the workers start
    # The one place that may create the database file.
    engine = make_engine(settings.database_url, immediate=True, create=True)
    loaded = initialise(engine, settings.city_dir, not args.no_demo, end, slips=True)
    print(t("seed_loaded" if loaded else "seed_untouched", None))
    with engine.connect() as conn:
        is_demo = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == "is_demo")
        ).scalar()
    if is_demo == "1":
        print(t("seed_accounts", None, password=DEMO_PASSWORD))
        for username, role, region, name in DEMO_USERS:
            print(f"  {username:<11} {role:<10} {region or '':<7} {name}")
        for username, department, name in DEMO_DEPARTMENT_USERS:
            print(f"  {username:<11} {'department':<10} {department:<7} {name}")


if __name__ == "__main__":
    main()
