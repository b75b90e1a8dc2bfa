"""SQLite's query planner statistics: gathered by the seed and after bulk loads."""

from __future__ import annotations

from data_access import queries
from data_access.engine import get_engine, make_engine


def test_stat001_with_the_planners_statistics_a_scopes_figures_are_sought_by_region(
    fresh_db,
):
    """The seed gathers SQLite's statistics: a county page's facts (its city's counties
    for one month, their targets, a county's series over years) then seek each
    region's rows by the keys, not every county's month or year (45-90 ms nationally
    for seven counties, 4-12 ms sought); gathered again only when the reports have
    doubled or halved since, or when asked (after a bulk load)."""
    from sqlalchemy import event

    from data_access.engine import refresh_statistics

    def plans() -> dict[str, str]:
        sent = []

        def keep(_conn, _cursor, statement, parameters, *_):
            sent.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", keep)
        try:
            queries.period_facts(year, month, queries.SUBMITTED, codes=counties)
            queries.series(indicator, [year - 1, year], region=counties[0])
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        with engine.connect() as conn:
            return {statement: " ".join(str(row) for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters)) for statement, parameters
                in sent if "FROM reports" in statement or "FROM targets" in statement}  # fmt: skip

    engine = get_engine()
    newest = queries.periods().iloc[0]
    year, month = int(newest.year), int(newest.month)
    units = queries.regions()
    counties = units[units.level == "county"].code.tolist()[:3]
    indicator = queries.indicators().code.iloc[0]
    found = plans()
    assert len(found) >= 4
    for statement, plan in found.items():
        if "FROM reports" in statement:
            assert "region_id=?" in plan, (statement, plan)
        else:
            assert "(region_id=? AND indicator_id=?" in plan, (statement, plan)
    from settings import current_settings

    writer = make_engine(current_settings().database_url, immediate=True)
    refresh_statistics(writer)  # (periods other tests stored in the copy count too)
    assert refresh_statistics(writer) is False  # as fresh as the data
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE sqlite_stat1")
    engine.dispose()
    assert any("region_id=?" not in plan for plan in plans().values())  # without them
    assert refresh_statistics(writer) is True
    engine.dispose()
    assert plans() == found
    with engine.begin() as conn:  # the reports doubled since
        conn.exec_driver_sql(
            "UPDATE sqlite_stat1 SET stat = '10 1' WHERE tbl = 'reports'"
        )
    assert refresh_statistics(writer) is True
    assert refresh_statistics(writer, force=True) is True
    writer.dispose()


def test_stat002_the_stored_assessments_statistics_follow_it(fresh_db, dash_app):
    """Statistics gathered before the assessment was stored (a bulk load, then
    `flask db assess`) are stale once it is: gathered again when the stored results
    have grown by half or more, and by `flask db assess` after it has stored every
    period (a county page on a fresh national data set 160 → 129 ms)."""
    from data_access.engine import refresh_statistics
    from settings import current_settings

    engine = get_engine()
    writer = make_engine(current_settings().database_url, immediate=True)
    with engine.begin() as conn:  # 2026 stored again: more results after than before
        conn.exec_driver_sql("DELETE FROM assessed_periods WHERE year = 2026")
    ran = dash_app.server.test_cli_runner().invoke(
        args=["db", "assess", "--year", "2026"]
    )
    assert ran.exit_code == 0, ran.output
    with engine.connect() as conn:
        stat = conn.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'assessed_results' LIMIT 1"
        ).scalar()
        rows = conn.exec_driver_sql("SELECT count(*) FROM assessed_results").scalar()
    assert stat is not None and int(stat.split()[0]) == rows > 0
    assert refresh_statistics(writer) is False  # as fresh as what is stored
    with engine.begin() as conn:  # as if gathered while the assessment was small
        conn.exec_driver_sql(
            "UPDATE sqlite_stat1 SET stat = '10 1' WHERE tbl = 'assessed_results'"
        )
    assert refresh_statistics(writer) is True
    writer.dispose()
