"""flask db backup / db restore: a consistent copy of the running SQLite database and
its restoration, which the running app then reads."""

from __future__ import annotations

from sqlalchemy import text

from data_access import assessed, queries
from data_access.engine import get_engine, get_write_engine
from tests.helpers import post_callback

PERIOD = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
          "rankings-sort.value": "total"}  # fmt: skip


def _value() -> float:
    with get_engine().connect() as conn:
        return conn.execute(text(
            "select value from reports r join regions g on g.id = r.region_id "
            "join indicators i on i.id = r.indicator_id where g.code = '150822' and "
            "i.code = 'urban_new_jobs' and year = 2026 and month = 10")).scalar()  # fmt: skip


def test_bak001_backup_then_restore_round_trips(dash_app, client, fresh_db, tmp_path):
    runner = dash_app.server.test_cli_runner()
    copy = tmp_path / "backups" / "kaohe-2026-11-27.db"
    before = _value()
    version = queries.data_version()
    history = assessed.history_version(2026)
    made = runner.invoke(args=["db", "backup", str(copy)])
    assert made.exit_code == 0, made.output
    assert copy.stat().st_size > 10_000 and "已备份到" in made.output
    with get_write_engine().begin() as conn:
        conn.execute(text("update reports set value = value + 1000, "
                          "approved_value = approved_value + 1000"))  # fmt: skip
    assert _value() == before + 1000
    restored = runner.invoke(args=["db", "restore", str(copy), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _value() == before  # the running app's pool reads the restored data
    assert queries.data_version() > version  # views cached before are passed over
    assert assessed.history_version(2026) != history  # and seasonal histories too
    answer = post_callback(client, dash_app, "rankings-table.children", PERIOD)
    assert answer.status_code == 200 and b"150822" in answer.data


def test_bak002_a_damaged_backup_is_refused_and_changes_nothing(
    dash_app, fresh_db, tmp_path
):
    runner = dash_app.server.test_cli_runner()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    before = _value()
    result = runner.invoke(args=["db", "restore", str(broken), "--yes"])
    assert result.exit_code != 0 and "数据库未改动" in result.output, result.output
    assert _value() == before
