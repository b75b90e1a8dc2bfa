"""Data layer against a real SQLite file: schema, pragmas, catalogue, demo data, queries."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from data_access import queries
from data_access.demo import build_demo, last_complete_month
from data_access.engine import get_engine, make_engine
from data_access.models import Base, Region, Report
from data_access.policy import parse_measures
from data_access.seed import initialise
from settings import DEFAULT_CITY_DIR

POLICY = (DEFAULT_CITY_DIR / "policy.txt").read_text(encoding="utf-8")


def test_db001_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(seeded_db):
    """Every connection gets the pragmas the checklist asks for."""
    with seeded_db.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_db002_migrations_produce_exactly_the_models(seeded_db):
    """The Alembic migration and the typed models describe the same schema."""
    with seeded_db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_db003_reports_are_unique_per_key(seeded_db):
    """A second report for the same region, indicator, year and month is refused."""
    with seeded_db.connect() as conn:
        first = conn.execute(select(Report).limit(1)).mappings().one()
    row = {k: first[k] for k in ("region_id", "indicator_id", "year", "month", "value")}
    with pytest.raises(IntegrityError), seeded_db.begin() as conn:
        conn.execute(insert(Report).values(**row))


def test_db004_foreign_keys_are_enforced(seeded_db):
    """A report for a region that does not exist is refused."""
    with pytest.raises(IntegrityError), seeded_db.begin() as conn:
        conn.execute(
            insert(Report).values(
                region_id=9999, indicator_id=1, year=2020, month=1, value=1
            )
        )


def test_seed001_catalogue_has_units_indicators_and_measures(seeded_db):
    """7 counties with adcodes under the city, 10 indicators weighing 100, 27 measures."""
    regions = queries.regions()
    counties = regions[regions.level == "county"]
    assert counties.code.tolist() == [
        "150802", "150821", "150822", "150823", "150824", "150825", "150826"
    ]  # fmt: skip
    assert counties.name_zh.iloc[0] == "临河区"
    catalogue = queries.indicators()
    assert len(catalogue) == 10
    assert catalogue.weight.sum() == pytest.approx(100)
    jobs = catalogue.set_index("code").loc["urban_new_jobs"]
    assert (jobs.kind, jobs.lead_zh, jobs.article) == (
        "flow",
        "人社局",
        "（一）（二十四）",
    )
    measures = queries.measures(["2018-49"])
    assert measures.number.tolist() == list(range(1, 28))
    later = queries.measures(["2021-demo"])  # the demo's second document (示例数据)
    assert later.number.tolist() == list(range(1, 9))
    assert len(queries.measures()) == 27 + 8
    assert measures.section.tolist()[:4] == [1, 1, 1, 1]
    assert measures.section.iloc[-1] == 6


def test_seed002_every_measure_has_a_lead_department(seeded_db):
    """The first department listed leads; the rest share the work."""
    roles = queries.measure_departments(["2018-49"])
    leads = roles[roles.role == "lead"].set_index("number").department_zh
    assert len(leads) == 27
    assert leads[1] == "发改委"
    assert leads[14] == "扶贫办"  # its list has no closing 负责
    assert leads[23] == "人社局"  # half-width brackets in the text
    assert leads[24] == "市委组织部"
    co = roles[(roles.number == 8) & (roles.role == "co")].department_zh.tolist()
    assert co[:2] == ["发改委", "科技局"]


def test_seed003_policy_parser_keeps_body_without_department_list():
    """Bodies end before the department parenthesis; titles are the first sentence."""
    measures = parse_measures(POLICY)
    eight = measures[7]
    assert eight.label == "（八）" and eight.title == "培育创业载体"
    assert "8个以上" in eight.body
    assert "负责" not in eight.body[-20:]
    assert eight.departments[0] == "人社局"


def test_seed004_initialise_is_idempotent(tmp_path):
    """A second run on a loaded database changes nothing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'twice.db'}", create=True)
    assert initialise(engine, DEFAULT_CITY_DIR, demo=True, demo_end=(2019, 3)) is True
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Report)).scalar()
    assert initialise(engine, DEFAULT_CITY_DIR, demo=True, demo_end=(2019, 3)) is False
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Report)).scalar() == before
        assert conn.execute(select(func.count()).select_from(Region)).scalar() == 8


def test_demo001_is_deterministic_and_matches_real_magnitudes():
    """Same seed, same data; the pinned real figures and magnitudes hold."""
    targets_a, reports_a = build_demo((2026, 10))
    targets_b, reports_b = build_demo((2026, 10))
    pd.testing.assert_frame_equal(reports_a, reports_b)
    pd.testing.assert_frame_equal(targets_a, targets_b)
    december = reports_a[
        (reports_a.indicator == "urban_new_jobs") & (reports_a.month == 12)
    ]
    by_key = december.set_index(["region", "year"]).value
    assert by_key[("150822", 2020)] == 835
    assert by_key[("150826", 2021)] == 1081
    city = december.groupby("year").value.sum()
    assert 9_000 <= city[2020] <= 11_000
    assert 7_000 <= city[2021] <= 9_000
    rates = reports_a[(reports_a.region == "150800")].value
    assert rates.between(4.0, 4.6).all()
    assert reports_a[["year", "month"]].apply(tuple, axis=1).max() == (2026, 10)


def test_demo002_flows_never_go_down_within_a_year():
    """Year-to-date figures only grow month by month."""
    _, reports = build_demo((2022, 12))
    flows = reports[reports.indicator == "urban_new_jobs"].sort_values(
        ["region", "year", "month"]
    )
    steps = flows.groupby(["region", "year"]).value.diff().dropna()
    assert (steps >= 0).all()


def test_demo003_stops_at_the_last_complete_month():
    """Reports for a month arrive after it ends."""
    from datetime import date

    assert last_complete_month(date(2026, 11, 26)) == (2026, 10)
    assert last_complete_month(date(2027, 1, 5)) == (2026, 12)


def test_query001_city_sum_is_aggregated_in_sql(seeded_db):
    """The city's figure of a summed indicator equals the sum of its counties."""
    facts = queries.period_facts(2026, 10)
    jobs = facts.actuals[facts.actuals.indicator == "urban_new_jobs"]
    city = jobs[jobs.region == "150800"].iloc[0]
    counties = jobs[jobs.region != "150800"]
    assert city.value == pytest.approx(counties.value.sum())
    assert city.reporting == 7
    rate = facts.actuals[
        (facts.actuals.indicator == "registered_unemployment_rate")
        & (facts.actuals.region == "150800")
    ]
    assert len(rate) == 1  # the city reports its own rate; rates are never summed


def test_query002_periods_and_latest(seeded_db):
    """Periods with reports in target years, newest first; 2017 baselines excluded."""
    periods = queries.periods()
    assert queries.latest_period() == (2026, 10)
    assert periods.year.min() == 2018
    assert len(periods) == 8 * 12 + 10


def test_query003_baselines_and_stock_targets(seeded_db):
    """Stock indicators carry their deadline targets and end-of-baseline-year level."""
    facts = queries.period_facts(2019, 6)
    city_targets = facts.stock_targets[
        (facts.stock_targets.region == "150800")
        & (facts.stock_targets.indicator == "incubators")
    ]
    assert dict(zip(city_targets.year, city_targets.value, strict=True)) == {
        2020: 8,
        2025: 12,
    }
    base = facts.baselines[
        (facts.baselines.region == "150800")
        & (facts.baselines.indicator == "incubators")
    ]
    assert base.year.iloc[0] == 2017 and base.value.iloc[0] == 4


def test_db010_enumerated_columns_come_back_as_enums_and_refuse_others(fresh_db):
    """Region levels, indicator kinds and submission states are StrEnums in the
    models: read back as enum members, and a value outside the enum never reaches
    the database."""
    from sqlalchemy import update
    from sqlalchemy.exc import StatementError

    from data_access.engine import get_engine
    from data_access.models import Indicator, Region, Submission
    from domain.model import Kind, RegionLevel
    from domain.workflow import SubmissionState

    engine = get_engine()
    with engine.connect() as conn:
        levels = set(conn.execute(select(Region.level)).scalars())
        kinds = set(conn.execute(select(Indicator.kind)).scalars())
        states = set(conn.execute(select(Submission.status)).scalars())
    assert levels == {RegionLevel.CITY, RegionLevel.COUNTY}
    assert all(isinstance(k, Kind) for k in kinds) and Kind.FLOW in kinds
    assert states and all(isinstance(s, SubmissionState) for s in states)
    with pytest.raises(StatementError), engine.begin() as conn:
        conn.execute(update(Submission).values(status="bogus"))
    with engine.connect() as conn:
        assert set(conn.execute(select(Submission.status)).scalars()) == states


def test_db020_each_backend_is_the_one_asked_for(fresh_db, backend):
    """The doubled tests really run on PostgreSQL (and on SQLite): writes take the
    advisory lock there, and upserts work on both."""
    from datetime import datetime

    from data_access.accounts import get_actor
    from data_access.writes import set_targets

    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[backend]
    assert get_engine().dialect.name == expected
    with get_engine().connect() as conn:
        supervisor = conn.execute(
            text("select id from users where username = 'supervisor'")
        ).scalar()
    actor = get_actor(supervisor)
    assert (
        set_targets(actor, 2027, {("150822", "incubators"): 2.0}, datetime.now()) == 1
    )
    assert (
        set_targets(actor, 2027, {("150822", "incubators"): 3.0}, datetime.now()) == 1
    )
    with get_engine().connect() as conn:
        assert conn.execute(text(
            "select value from targets t join regions r on r.id = t.region_id "
            "join indicators i on i.id = t.indicator_id where r.code = '150822' "
            "and i.code = 'incubators' and t.year = 2027")).scalar() == 3.0  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "raw", "words"),
    [
        ("urban_new_jobs", "1e308", "不是数字"),
        ("urban_new_jobs", 1e308, "不是数字"),
        ("urban_new_jobs", "３６００", "不是数字"),  # full-width digits
        ("urban_new_jobs", 3600.5, "应为整数人"),
        ("urban_new_jobs", "3600.5", "应为整数人"),
        ("urban_new_jobs", -5, "不能为负数"),
        ("urban_new_jobs", True, "不是数字"),
        ("registered_unemployment_rate", 500, "应在0–100之间"),
        ("registered_unemployment_rate", "500%", "应在0–100之间"),
        ("urban_new_jobs", "2e9", "不是数字"),
        ("urban_new_jobs", 2e9, "超出合理范围"),
    ],
)
def test_dl201_targets_follow_the_rules_every_figure_follows(
    actors, indicator, raw, words
):
    """Targets took what uploads refuse (1e308, full-width digits, 3,600.5 persons, a
    500 % rate target), and a 1e308 target made the results CSV answer 500. The same
    number rules apply; the refusal names the county and indicator; nothing is
    written."""
    from data_access.writes import WriteRefused, set_targets

    before = queries.targets(2026)
    with pytest.raises(WriteRefused) as refused:
        set_targets(actors["supervisor"], 2026, {("150802", indicator): raw})
    assert str(refused.value).startswith("临河区「"), str(refused.value)
    assert words in str(refused.value), str(refused.value)
    assert refused.value.text("en").startswith("Target of 临河区, ")
    assert queries.targets(2026).equals(before)


def test_dl202_targets_people_type_are_taken(actors):
    from data_access.writes import set_targets

    changed = set_targets(actors["supervisor"], 2026, {
        ("150802", "urban_new_jobs"): "3,700", ("150822", "urban_new_jobs"): 905.0,
        ("150802", "registered_unemployment_rate"): "4.5%"}, reason="调整")  # fmt: skip
    assert changed >= 2
    found = queries.targets(2026).set_index(["region", "indicator"]).value
    assert found[("150802", "urban_new_jobs")] == 3700
    assert found[("150802", "registered_unemployment_rate")] == 4.5


def test_dl203_a_huge_stored_figure_still_exports(client, fresh_db):
    """A target stored before the rules (1e308, written straight into the table)
    no longer turns the results CSV into a 500."""
    from sqlalchemy import text

    from data_access.engine import get_write_engine

    with get_write_engine().begin() as conn:
        conn.execute(text("UPDATE targets SET value = 1e308 WHERE year = 2026 AND "
                          "region_id = (SELECT id FROM regions WHERE code = '150802')"
                          " AND indicator_id = (SELECT id FROM indicators"
                          " WHERE code = 'urban_new_jobs')"))  # fmt: skip
    for url in ("/export/table/results.csv?year=2026&month=10",
                "/export/table/targets.csv?year=2026&month=10"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_dl050_what_every_write_asks_again_reads_indexes_not_every_report(
    fresh_db, backend
):
    """The month menu's periods and the newest write's time are asked again after
    every write: their queries find their rows through indexes (a scan of every
    report took 1.2 s and 0.85 s nationally, after each save). Their answers stay
    what grouping every report gives."""
    from sqlalchemy import event

    from data_access.models import Target

    sent = []

    def keep(_conn, _cursor, statement, parameters, *_):
        sent.append((statement, parameters))

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        found = queries.periods()
        newest = queries.data_as_of()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as conn:
        with_targets = select(Target.id).where(Target.year == Report.year).exists()
        grouped = conn.execute(
            select(Report.year, Report.month).where(with_targets).distinct()
            .order_by(Report.year.desc(), Report.month.desc())).all()  # fmt: skip
        assert [tuple(r) for r in found.itertuples(index=False)] == [
            tuple(r) for r in grouped]  # fmt: skip
        assert newest == conn.execute(select(func.max(Report.updated_at))).scalar()
        explain = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
        for statement, parameters in sent:
            plan = " ".join(str(row) for row in conn.exec_driver_sql(
                explain + statement, parameters))  # fmt: skip
            assert "SCAN reports" not in plan and "Seq Scan on reports" not in plan, (
                statement, plan)  # fmt: skip


def test_dl052_a_whole_months_figures_are_read_from_the_index_alone(seeded_db):
    """Reading every county's month (a save's peer comparison) and a write's refresh of
    a county with its ancestors' sums find the figures in the reports' month index, not
    one table page per report (0.15-0.4 s nationally in PostgreSQL, 45 ms from the
    index); the answers are what the table gives."""
    from sqlalchemy import event

    from data_access import quality as store

    sent = []

    def keep(_conn, _cursor, statement, parameters, *_):
        sent.append((statement, parameters))

    engine = get_engine()
    newest = queries.periods().iloc[0]
    year, month = int(newest.year), int(newest.month)
    units = queries.regions()
    county = units[units.level == "county"].code.iloc[0]
    city = units[units.level != "county"].code.iloc[0]
    event.listen(engine, "before_cursor_execute", keep)
    try:
        peers = store.peer_figures(year, month)
        facts = queries.period_facts(year, month, queries.SUBMITTED,
                                     codes=[county, city])  # fmt: skip
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as conn:
        counted = conn.execute(
            select(func.count()).select_from(Report).join(Region)
            .where(Region.level == "county", Report.year == year,
                   Report.month.in_((month - 1, month)))).scalar()  # fmt: skip
        assert len(peers) == counted > 0
        assert set(facts.actuals.region) == {county, city}
        month_reads = [
            (statement, parameters) for statement, parameters in sent
            if "FROM reports" in statement and "month" in statement]  # fmt: skip
        assert month_reads
        for statement, parameters in month_reads:
            plan = " ".join(str(row) for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))  # fmt: skip
            assert "COVERING INDEX ix_reports_month_values" in plan, (statement, plan)


def test_dl053_the_stamps_every_answer_asks_for_are_read_outside_a_transaction(
    fresh_db, backend
):
    """The data, period and activity stamps and the active recomputation are asked for
    by every answer's key: each is one statement read without a transaction around
    it (in PostgreSQL no BEGIN and ROLLBACK round trips: 0.53 → 0.28 ms a read)."""
    from sqlalchemy import event

    from data_access import assessed, recompute, supervision

    states = []

    def seen(conn, _cursor, statement, *_):
        raw = conn.connection.dbapi_connection
        # psycopg: 0 is IDLE (no transaction open); pysqlite: in autocommit mode (its
        # isolation_level None), which opens no transaction around any statement.
        busy = (raw.in_transaction or raw.isolation_level is not None if backend == "sqlite"
                else raw.info.transaction_status != 0)  # fmt: skip
        states.append((statement.split()[0], busy))

    engine = get_engine()
    event.listen(engine, "after_cursor_execute", seen)
    try:
        found = (queries.data_stamp(), assessed.period_stamp(2026, 5),
                 supervision.activity_stamp(), recompute.active_run())  # fmt: skip
    finally:
        event.remove(engine, "after_cursor_execute", seen)
    assert found[0] and len(found[1]) == 6 and len(found[2]) == 4
    assert len(states) == 4 and not any(busy for _, busy in states), states


@pytest.mark.postgres
def test_dl051_pooled_connections_are_tested_only_when_idle_or_spoken_to(
    postgres_template, monkeypatch
):
    """A page's dozen small reads each checked a pooled PostgreSQL connection out, and
    each checkout cost a round trip to test it (a fifth of a busy worker's time). A
    connection in use moments ago is handed out untested; one whose session the
    server ended (a restart, a terminated backend) is tested and replaced before use,
    and so is one idle longer than IDLE_PING_SECONDS (a silent cut)."""
    from sqlalchemy import text

    from data_access import engine as engines

    server, admin = postgres_template
    engine = engines.make_engine(server.url("kaohe_template"))
    pings = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping",
                        lambda conn: pings.append(1) or real_ping(conn))  # fmt: skip

    def backend_pid() -> int:
        with engine.connect() as conn:
            return conn.execute(text("SELECT pg_backend_pid()")).scalar()

    try:
        first = backend_pid()
        assert [backend_pid() for _ in range(5)] == [first] * 5 and pings == []
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        time.sleep(0.2)  # the server's word reaches the pooled connection's socket
        second = backend_pid()  # no error: replaced before use
        assert second != first and pings == [1]
        monkeypatch.setattr(engines, "IDLE_PING_SECONDS", 0.0)
        assert backend_pid() == second and pings == [1, 1]
    finally:
        engine.dispose()
