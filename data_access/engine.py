"""Engines per process, created lazily from the settings.

SQLite gets WAL, foreign keys and a busy timeout on every connection. Writes go through a
second engine whose transactions start with ``BEGIN IMMEDIATE``: a transaction that reads
then writes would otherwise fail at once with "database is locked" when another writer
got there first, instead of waiting its turn.

The app's engines never create a database: SQLite opens the file with ``mode=rw`` (a
missing file is an error, not a fresh empty database without tables), and every
checkout makes sure the file at the path is still the one the connection opened, so a
removed or replaced file is noticed instead of writing into a deleted inode. Only
:func:`make_engine` with ``create=True`` (the seed and the migrations) creates one.
"""

from __future__ import annotations

import logging
import os
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, exc, text

from i18n import Refusal
from settings import current_settings

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseUnavailable(Refusal, RuntimeError):
    """The database cannot be reached or written; the text says nothing was saved."""


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


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _watch_file(engine: Engine, path: str) -> None:
    """Remember which file each connection opened; refuse a pooled connection whose
    file was removed or replaced since (the pool then reconnects, or fails)."""

    @event.listens_for(engine, "connect")
    def remember(_dbapi_connection, record) -> None:
        record.info["file_id"] = _file_id(path)

    @event.listens_for(engine, "checkout")
    def still_there(_dbapi_connection, record, _proxy) -> None:
        if record.info.get("file_id") != _file_id(path):
            log.error("database file %s was removed or replaced", path)
            raise exc.DisconnectionError("database file removed or replaced")


# A pooled PostgreSQL connection that has lain idle this long is tested before use.
IDLE_PING_SECONDS = 10.0


def _has_word(dbapi_connection) -> bool:
    """Whether the server has said something to an idle connection (no round trip:
    its socket is readable): a server shutting down or ending the session says so and
    closes it; an idle session otherwise hears nothing."""
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except Exception:  # closed already, or no socket: test it
        return True
    return bool(readable)


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use (a round trip) only when it has lain idle
    for IDLE_PING_SECONDS (a connection cut silently) or the server has said
    something to it since (a restart, a session ended): it is then replaced before a
    request meets it. ``pool_pre_ping`` tested at every checkout: a page's dozen small
    reads each paid a round trip for it (a fifth of a busy worker's time under
    load)."""

    @event.listens_for(engine, "connect")
    def fresh(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def idle_from(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def test_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("idle_since")
        recent = since is not None and time.monotonic() - since < IDLE_PING_SECONDS
        if recent and not _has_word(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool connects again
            raise exc.DisconnectionError("pooled connection lost") from error


def _begin_deferred(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(
    url: str,
    *,
    immediate: bool = False,
    create: bool = False,
    snapshot: bool = False,
) -> Engine:
    """An engine for ``url``; ``immediate`` makes SQLite transactions take the write
    lock when they begin (use it for writes only); ``snapshot`` makes every
    connection's statements read one snapshot of the database (SQLite: a real BEGIN,
    which pysqlite would not emit before a SELECT; PostgreSQL: REPEATABLE READ);
    ``create`` lets SQLite create the file (the seed and migrations only)."""
    if not url.startswith("sqlite"):
        if snapshot:
            engine = create_engine(url, isolation_level="REPEATABLE READ")
        else:
            engine = create_engine(url)
        _ping_when_idle(engine)
        return engine
    path = url.split("///", 1)[-1]
    in_memory = not path or path == ":memory:"
    timeout = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    if in_memory:
        engine = create_engine(url, connect_args=timeout)
    elif create:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=timeout)
    else:
        engine = create_engine(
            f"sqlite:///file:{quote(path)}?mode=rw&uri=true", connect_args=timeout
        )
        _watch_file(engine, path)
    event.listen(engine, "connect", _sqlite_pragmas)
    if immediate or snapshot:
        event.listen(engine, "connect", _manual_transactions)
        event.listen(
            engine, "begin", _begin_immediate if immediate else _begin_deferred
        )
    return engine


# The tables whose size decides the planner's choices: the figures, and the stored
# assessment a view reads (filled after a load, by `flask db assess` or readers).
GROWING_TABLES = ("reports", "assessed_results")


def refresh_statistics(engine: Engine, force: bool = False) -> bool:
    """Gather SQLite's planner statistics (``sqlite_stat1``) when it has none or the
    reports or the stored results have grown or shrunk by half since, or ``force``
    (after a bulk load or storing every period); True when it did. Without them
    SQLite reads a county's figures through the month's index, i.e. every county's
    month (45 ms for a city's counties in a country's data set, 4 ms with them; a
    county page 300 → 120 ms), and statistics gathered before the assessment was
    stored cost a county page a quarter as much again. PostgreSQL gathers its own
    (autovacuum)."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        has_stats = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first()
        stale = False
        for table in GROWING_TABLES:
            rows = conn.exec_driver_sql(f"SELECT max(rowid) FROM {table}").scalar() or 0  # noqa: S608
            stat = None
            if has_stats:
                stat = conn.exec_driver_sql(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1", (table,)
                ).scalar()
            known = int(stat.split()[0]) if stat else 0
            # (a table never analysed while empty has no row: stale once it has some)
            stale = stale or not known / 2 <= rows <= max(known * 2, 1)
        if not (force or stale):
            return False
        # Every row (1.5 s for a country's 3.4 M reports): sampled (analysis_limit),
        # the indexes' counts disagree and the planner chooses worse than without.
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    return True


# The process's connection pools, one per (database URL, write mode): the one piece
# of process state the app keeps, as any database client must.
_POOLS: dict[tuple[str, str], Engine] = {}


def _engine_for(url: str, kind: str) -> Engine:
    key = (url, kind)
    if key not in _POOLS:
        _POOLS[key] = make_engine(
            url, immediate=kind == "write", snapshot=kind == "snapshot"
        )
    return _POOLS[key]


def get_engine() -> Engine:
    """The engine for reads (one per database URL, made on first use)."""
    return _engine_for(current_settings().database_url, "read")


def read_once() -> Connection:
    """A connection for reads outside a transaction: no BEGIN and ROLLBACK round
    trips in PostgreSQL around them (0.53 → 0.28 ms a read; under load, each round
    trip is also a wait for the interpreter: a county's first panels sent 54 of them
    besides their 18 statements). Each statement reads one consistent snapshot, as
    it does in PostgreSQL's default READ COMMITTED transaction and in SQLite's reads
    (pysqlite begins no transaction before a SELECT); reads that must see one
    snapshot together use :func:`read_snapshot`. Every read in ``data_access`` goes
    through here."""
    return get_engine().connect().execution_options(isolation_level="AUTOCOMMIT")


def get_write_engine() -> Engine:
    """The engine for writes; use :func:`write_transaction`."""
    url = current_settings().database_url
    return _engine_for(url, "write" if url.startswith("sqlite") else "read")


@contextmanager
def read_snapshot() -> Iterator[Connection]:
    """A connection whose reads all see one snapshot of the database: what another
    transaction commits meanwhile is not seen, so rows read together (a stored
    period and its results) belong together."""
    with _engine_for(current_settings().database_url, "snapshot").connect() as conn:
        with conn.begin():
            yield conn


UNWRITABLE = "err_unwritable"
WRITE_LOCK = 4_242_018  # the PostgreSQL advisory lock every write transaction takes


@contextmanager
def write_transaction() -> Iterator[Connection]:
    """One write transaction, all or nothing. A database that cannot be reached or
    written raises :class:`DatabaseUnavailable` with a message saying nothing was
    saved; rule violations (IntegrityError) and the callers' own errors pass."""
    try:
        with get_write_engine().begin() as conn:
            if conn.dialect.name == "postgresql":
                # One writer at a time, as SQLite's BEGIN IMMEDIATE gives: checks made
                # inside the transaction hold for what it writes.
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK}
                )
            yield conn
    except exc.IntegrityError:
        raise
    except (exc.DatabaseError, exc.InterfaceError, exc.DisconnectionError) as err:
        log.error("write failed, nothing saved: %s", err)
        raise DatabaseUnavailable(UNWRITABLE) from err


def dialect_insert(conn: Connection):
    """The dialect's INSERT, which has ``on_conflict_do_update`` (both backends)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert


def reset_engines() -> None:
    """Forget the engines (tests that point DATABASE_URL elsewhere)."""
    while _POOLS:
        _POOLS.popitem()[1].dispose()
