"""Backups of the whole database while the app runs: SQLite's online backup API (a
consistent copy even with writers), pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import make_url


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def _pg_url(url: str) -> str:
    """The URL as libpq's tools take it (no SQLAlchemy driver suffix)."""
    return (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def backup(url: str, target: Path) -> Path:
    """Write a copy of the database at ``url`` to ``target`` (a file)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        with closing(
            sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
        ) as source:
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
        return target
    subprocess.run(["pg_dump", "--format=custom", f"--file={target}", _pg_url(url)],
                   check=True, timeout=3600, capture_output=True)  # fmt: skip
    return target


def _version(conn: sqlite3.Connection) -> int:
    found = conn.execute(
        "SELECT value FROM dataset_info WHERE key = 'data_version'"
    ).fetchone()
    return int(found[0]) if found else 0


def _past_both(before: int, restored: int) -> list[tuple[str, str]]:
    """The data version past both databases', the epoch with it, and a new random
    stamp (what cached views are keyed by, with the version)."""
    version = str(max(before, restored) + 1)
    return [("data_version", version), ("data_epoch", version),
            ("data_stamp", secrets.token_hex(8))]  # fmt: skip


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` with a backup made by :func:`backup`. SQLite:
    page by page inside the database's own lock, so running workers see either the
    old or the new data, never a half-written file."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(source)
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db:
            check = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise ValueError(f"{source}: {check}")
            with closing(sqlite3.connect(_sqlite_path(url))) as live:
                before = _version(live)
                backup_db.backup(live)
                # Past both versions, and a new epoch: no worker serves a view (or a
                # seasonal history) cached before the restore.
                with live:
                    for key, value in _past_both(before, _version(live)):
                        live.execute(
                            "INSERT INTO dataset_info (key, value) VALUES (?, ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            (key, value),
                        )
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            before = _pg_version(conn)
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", f"--dbname={_pg_url(url)}", str(source)],
                       check=True, timeout=3600, capture_output=True)  # fmt: skip
        with engine.begin() as conn:
            # Past both versions, and a new epoch: no worker serves a view (or a
            # seasonal history) cached before the restore.
            for key, value in _past_both(before, _pg_version(conn)):
                conn.execute(
                    text("INSERT INTO dataset_info (key, value) VALUES (:k, :v)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                    {"k": key, "v": value},
                )  # fmt: skip
    finally:
        engine.dispose()


def _pg_version(conn) -> int:
    try:
        found = conn.execute(
            text("SELECT value FROM dataset_info WHERE key = 'data_version'")
        ).scalar()
    except exc.ProgrammingError:  # no table yet: restoring into an empty database
        conn.rollback()
        return 0
    return int(found or 0)
