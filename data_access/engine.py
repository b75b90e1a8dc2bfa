"""Engines per process, created lazily from the settings.

SQLite gets WAL, foreign keys and a busy timeout on every connection. Writes go through a
second engine whose transactions start with ``BEGIN IMMEDIATE``: a transaction that reads
then writes would otherwise fail at once with "database is locked" when another writer
got there first, instead of waiting its turn.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from settings import load_settings

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _manual_transactions(dbapi_connection, _record) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite would defer it until the first write).
    dbapi_connection.isolation_level = None


def _begin_immediate(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """An engine for ``url``; ``immediate`` makes SQLite transactions take the write
    lock when they begin (use it for writes only)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    if immediate:
        event.listen(engine, "connect", _manual_transactions)
        event.listen(engine, "begin", _begin_immediate)
    return engine


@cache
def get_engine() -> Engine:
    """The engine for reads."""
    return make_engine(load_settings().database_url)


@cache
def get_write_engine() -> Engine:
    """The engine for writes (``with get_write_engine().begin() as conn``)."""
    url = load_settings().database_url
    if not url.startswith("sqlite"):
        return get_engine()
    return make_engine(url, immediate=True)


def reset_engines() -> None:
    """Forget the engines (tests that point DATABASE_URL elsewhere)."""
    for engine_factory in (get_engine, get_write_engine):
        if engine_factory.cache_info().currsize:
            engine_factory().dispose()
        engine_factory.cache_clear()
