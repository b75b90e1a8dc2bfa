"""Database faults are visible, lose nothing and heal (defect 4 of the outside probe).

Before: with the SQLite file removed while running, saves answered 已保存 into the
deleted file (lost) and /health said ok; a restarted worker created an empty file and
gunicorn exited; a read-only file gave only the generic error toast.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import event, select

from data_access.engine import get_engine, get_write_engine, reset_engines
from data_access.models import SCHEMA_REVISION, Indicator, Region, Report
from tests.helpers import answer_text, login, post_callback

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
ROOT = Path(__file__).resolve().parents[2]


def _save(client, app, value: int):
    return post_callback(
        client, app, "data-save-message.children",
        {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": value}],
         "data-changed.data": 0}, ["data-save.n_clicks"],
    )  # fmt: skip


def _linhe_jobs() -> float | None:
    reset_engines()
    with get_engine().connect() as conn:
        return conn.execute(
            select(Report.value)
            .join(Region, Region.id == Report.region_id)
            .join(Indicator, Indicator.id == Report.indicator_id)
            .where(Region.code == "150802", Indicator.code == "urban_new_jobs",
                   Report.year == 2026, Report.month == 10)
        ).scalar()  # fmt: skip


def test_fault001_schema_revision_is_the_newest_migration():
    """/health compares the database's revision with SCHEMA_REVISION: keep them equal."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    assert script.get_current_head() == SCHEMA_REVISION


def test_fault002_removed_file_saves_nothing_says_so_and_recovers(dash_app, fresh_db):
    """Remove the file: a save says 数据库不可写，数据未保存, /health is 503, no empty
    database appears; put it back: everything works and nothing was lost."""
    client = dash_app.server.test_client()
    login(client, "linhe")
    assert "已保存" in answer_text(_save(client, dash_app, 3201))
    aside = fresh_db.with_suffix(".aside")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{fresh_db}{suffix}")
        if source.exists():
            shutil.move(source, f"{aside}{suffix}")
    lost = _save(client, dash_app, 3999)
    assert lost.status_code == 200
    assert "数据库暂时不可用" in answer_text(lost) and "已保存" not in answer_text(
        lost
    ), answer_text(lost)
    assert client.get("/health").status_code == 503
    assert client.get("/health").get_json()["database"] == "unreachable"
    reading = post_callback(client, dash_app, "rankings-table.children",
                            {**PERIOD, "rankings-sort.value": "total"})  # fmt: skip
    assert reading.status_code == 200 and "数据库暂时不可用" in answer_text(reading)
    assert not fresh_db.exists(), "the app created an empty database"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{aside}{suffix}").exists():
            shutil.move(f"{aside}{suffix}", f"{fresh_db}{suffix}")
    assert client.get("/health").get_json()["status"] == "ok"
    assert (
        _linhe_jobs() == 3201
    )  # the save before the fault survived, 3999 never landed
    login(client, "linhe")
    assert "已保存" in answer_text(_save(client, dash_app, 3202))
    assert _linhe_jobs() == 3202


def test_fault003_replaced_file_is_noticed(dash_app, fresh_db, tmp_path):
    """A different file put at the path (here an empty one) is not this app's
    database: /health says schema, a save says nothing was saved."""
    client = dash_app.server.test_client()
    login(client, "linhe")
    assert "已保存" in answer_text(_save(client, dash_app, 3301))
    fresh_db.rename(tmp_path / "kept.db")
    fresh_db.write_bytes(b"")
    assert client.get("/health").get_json()["database"] == "schema"
    refused = answer_text(_save(client, dash_app, 3302))
    assert "数据库暂时不可用" in refused and "已保存" not in refused


def test_fault004_read_only_database_says_so(dash_app, fresh_db):
    """A database that refuses writes (SQLite's query_only stands in for a read-only
    file, which root could still write): the save names the fault and /health is
    503 read-only; when writes are allowed again the save goes through."""
    client = dash_app.server.test_client()
    login(client, "linhe")

    def query_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only=ON")

    engine = get_write_engine()
    engine.dispose()
    event.listen(engine, "connect", query_only)
    try:
        refused = _save(client, dash_app, 3401)
        assert "数据库不可写，数据未保存" in answer_text(refused), answer_text(refused)
        health = client.get("/health")
        assert (
            health.status_code == 503 and health.get_json()["database"] == "read-only"
        )
    finally:
        event.remove(engine, "connect", query_only)
        engine.dispose()
    assert client.get("/health").status_code == 200
    assert "已保存" in answer_text(_save(client, dash_app, 3402))
    assert _linhe_jobs() == 3402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(url: str, seconds: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_fault005_gunicorn_keeps_serving_without_its_database(template_db, tmp_path):
    """Production gunicorn whose database file goes missing: a killed worker comes
    back and serves 503s (no empty database is created, the master stays up); with
    the file back, /health is ok again."""
    database = tmp_path / "prod.db"
    shutil.copy(template_db, database)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "APP_ENV": "production",
        "SECRET_KEY": "fault-test-key",
        "PUBLIC_READ": "1",
        "WEB_WORKERS": "1",
        "PORT": str(port),
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{base}/health")[0] == 200
        database.rename(tmp_path / "aside.db")
        assert _get(f"{base}/health")[0] == 503
        worker_pids = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(server.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        assert worker_pids
        for pid in worker_pids:
            os.kill(int(pid), signal.SIGKILL)
        status, _ = _wait_for(f"{base}/health")
        assert status == 503 and server.poll() is None
        assert _get(f"{base}/")[0] == 200
        assert not database.exists(), "a worker created an empty database"
        (tmp_path / "aside.db").rename(database)
        assert _get(f"{base}/health")[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _mounted_tmpfs(folder: Path, megabytes: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs",
                    str(folder)], check=True)  # fmt: skip


def test_fault010_a_full_disk_is_503_and_nothing_half_written(
    dash_app, fresh_db, tmp_path, monkeypatch
):
    """The database on a small tmpfs that is then filled: /health answers 503
    disk-full every time (it said ok 5/5 while saves failed), a save is refused,
    and with room again both work."""
    from tests.helpers import override_setting

    disk = tmp_path / "disk"
    size = fresh_db.stat().st_size // 1048576 + 40
    _mounted_tmpfs(disk, size)
    try:
        database = disk / "kaohe.db"
        shutil.copy(fresh_db, database)
        override_setting(monkeypatch, "DATABASE_URL", f"sqlite:///{database}")
        reset_engines()
        client = dash_app.server.test_client()
        assert client.get("/health").get_json()["status"] == "ok"
        login(client, "linhe")
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as out:  # nothing left to flush on close
            try:
                while True:
                    out.write(b"\0" * 4096)
            except OSError:
                pass
        answers = [client.get("/health") for _ in range(5)]
        assert [a.status_code for a in answers] == [503] * 5
        assert {a.get_json()["database"] for a in answers} == {"disk-full"}
        assert "已保存" not in answer_text(_save(client, dash_app, 3501))
        filler.unlink()
        assert client.get("/health").status_code == 200
        assert "已保存" in answer_text(_save(client, dash_app, 3502))
        assert _linhe_jobs() == 3502
    finally:
        reset_engines()
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_fault011_an_immutable_file_is_503_read_only(dash_app, fresh_db):
    """chattr +i on the database file (root can still open it, and a write reaches
    the WAL): /health is 503 read-only every time (it said ok 8/10)."""
    client = dash_app.server.test_client()
    assert client.get("/health").status_code == 200
    subprocess.run(["chattr", "+i", str(fresh_db)], check=True)
    try:
        answers = [client.get("/health") for _ in range(10)]
        assert [a.status_code for a in answers] == [503] * 10
        assert {a.get_json()["database"] for a in answers} == {"read-only"}
    finally:
        subprocess.run(["chattr", "-i", str(fresh_db)], check=True)
    assert client.get("/health").status_code == 200


def test_fault012_a_held_write_lock_is_busy_not_unreachable(dash_app, fresh_db):
    """Another writer holds the lock (a long transaction): /health answers within
    about a second with busy, status 200 (writes wait their turn)."""
    import sqlite3

    client = dash_app.server.test_client()
    holder = sqlite3.connect(fresh_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        health = client.get("/health")
        elapsed = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert health.status_code == 200 and health.get_json()["database"] == "busy"
    assert health.get_json()["status"] == "busy" and elapsed < 3, elapsed
    assert client.get("/health").get_json()["status"] == "ok"


def test_fault013_the_probe_commits_a_write(dash_app, fresh_db):
    """The probe's write persists (it was rolled back before, so a disk that could
    not take it went unnoticed); it changes no data version."""
    from data_access import queries

    client = dash_app.server.test_client()
    version = queries.data_version()
    assert client.get("/health").status_code == 200
    first = queries.dataset_info()[queries.HEALTH_PROBE]
    assert first and queries.data_version() == version
