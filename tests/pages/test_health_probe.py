"""/health proves a write would persist, on both backends (second outside probe: the
probe's write was rolled back before it reached the disk, so /health said ok while
nothing could be written)."""

from __future__ import annotations

import subprocess

from sqlalchemy import text

from data_access import queries
from data_access.engine import get_write_engine, reset_engines


def test_health001_the_probe_commits_and_a_read_only_database_is_503(
    dash_app, fresh_db, backend
):
    client = dash_app.server.test_client()
    assert client.get("/health").get_json()["status"] == "ok"
    written = queries.dataset_info()[queries.HEALTH_PROBE]
    assert written
    if backend == "postgres":
        # A replica, or a database put read-only: every transaction refuses writes.
        with get_write_engine().connect() as conn:
            name = conn.execute(text("SELECT current_database()")).scalar()
            conn.execute(text(f'ALTER DATABASE "{name}" SET '
                              "default_transaction_read_only = on"))  # fmt: skip
            conn.commit()
    else:  # root writes through permission bits, not through the immutable flag
        subprocess.run(["chattr", "+i", str(fresh_db)], check=True)
    reset_engines()
    try:
        answers = [client.get("/health") for _ in range(3)]
        assert [a.status_code for a in answers] == [503] * 3
        assert {a.get_json()["database"] for a in answers} == {"read-only"}
    finally:
        if backend == "postgres":
            with get_write_engine().connect() as conn:
                conn.execute(text("SET TRANSACTION READ WRITE"))
                conn.execute(text(f'ALTER DATABASE "{name}" RESET '
                                  "default_transaction_read_only"))  # fmt: skip
                conn.commit()
        else:
            subprocess.run(["chattr", "-i", str(fresh_db)], check=True)
        reset_engines()
    assert client.get("/health").status_code == 200


def test_health002_a_held_write_lock_is_busy_on_both_backends(
    dash_app, fresh_db, backend
):
    """Another writer inside a long transaction: /health answers 200 busy (writes wait
    their turn), not 503 unreachable; ok again once it commits."""
    import sqlite3

    from data_access.engine import write_transaction

    client = dash_app.server.test_client()
    if backend == "postgres":
        holder = write_transaction()
        holder.__enter__()  # takes the app's write lock, as a long save would
    else:
        holder = sqlite3.connect(fresh_db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    try:
        health = client.get("/health")
    finally:
        if backend == "postgres":
            holder.__exit__(None, None, None)
        else:
            holder.execute("ROLLBACK")
            holder.close()
    assert health.status_code == 200, health.get_json()
    assert health.get_json()["database"] == "busy"
    assert client.get("/health").get_json()["status"] == "ok"
