"""Round trips of a reader's answer: under load every trip to the database or Redis is
also a wait for the interpreter (four threads share it), so a county's first panels
send no transaction commands around their reads and few Redis commands (issue 24)."""

from __future__ import annotations

import threading

import redis
from sqlalchemy import event

from data_access.engine import get_engine
from services.cache import claim, claimed, release
from tests.helpers import post_callback
from tests.pages.test_operations import redis_cache  # noqa: F401 (a fixture)


def _store(month: int) -> dict:
    return {"year": 2026, "month": month, "lang": "zh", "submitted": False}


def _county(client, app, code: str, month: int):
    answer = post_callback(client, app, "county-summary.children",
                           {"nav_county-query.data": _store(month),
                            "county-code.data": code})  # fmt: skip
    assert answer.status_code == 200
    assert answer.headers.get("X-Rendered-Cache") in (None, "miss")
    return answer


def test_rt001_a_readers_reads_send_no_begin_and_rollback(dash_app, fresh_db):
    """Every statement a county's panels send on the read engine runs without a
    transaction around it (AUTOCOMMIT): PostgreSQL would otherwise get a BEGIN and a
    ROLLBACK for each read (54 trips besides 18 statements nationally)."""
    client = dash_app.server.test_client()
    _county(client, dash_app, "150802", 10)  # the periods stored, the caches filled
    me, seen = threading.get_ident(), []
    with dash_app.server.app_context():
        engine = get_engine()

    def keep(conn, _cursor, statement, *_):
        if threading.get_ident() == me:
            seen.append((statement.split()[0].upper(),
                         conn.get_execution_options().get("isolation_level")))  # fmt: skip

    event.listen(engine, "before_cursor_execute", keep)
    try:
        _county(client, dash_app, "150822", 9)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert len(seen) >= 5  # the answer read its county's own figures
    assert [s for s in seen if s[1] != "AUTOCOMMIT"] == []


# Small values every answer asks for, kept in the process by the data stamp: the
# year's rules, the months with reports and their counts, the catalogue and the year's
# scheme of it, the day of the newest write.
SMALL = ("scheme_rules", "periods", "month_counts", "catalogue", "scheme_catalogue",
         "data_as_of")  # fmt: skip


def test_rt002_a_county_answers_redis_commands_are_few(
    dash_app,
    fresh_db,
    redis_cache,  # noqa: F811
):
    """A county's first panels, another county's once the year is read: the kept
    answer's claim is one command with its lapse (SETNX then EXPIRE was two, and a
    worker dying between them left a claim that never lapsed), and the small values
    every answer asks for come from the process, not Redis (nationally 17 commands
    were 12)."""
    client = dash_app.server.test_client()
    _county(client, dash_app, "150802", 10)
    connection = dash_app.server.extensions["kaohe_redis"]
    sent = []
    real = connection.execute_command

    def execute(*args, **options):
        sent.append((str(args[0]).upper(), str(args[1]) if len(args) > 1 else "",
                     tuple(str(a).upper() for a in args[2:])))  # fmt: skip
        return real(*args, **options)

    connection.execute_command = execute
    try:
        _county(client, dash_app, "150822", 9)
    finally:
        del connection.execute_command
    commands = [command for command, _, _ in sent]
    assert "SETNX" not in commands and "EXPIRE" not in commands
    claims = [(k, rest) for cmd, k, rest in sent if "claim:" in k and cmd == "SET"]
    assert all("NX" in rest and "EX" in rest for _, rest in claims), claims
    assert len([k for k, _ in claims if k.startswith("kaohe:claim:rendered:")]) == 1
    asked = [key for _, key, _ in sent if key.startswith("kaohe:('")]
    assert asked  # the panels' own views were read and kept
    assert [k for k in asked if k.split("'")[1] in SMALL] == []
    server = redis.Redis.from_url(redis_cache.url)
    with dash_app.server.app_context():
        assert claim("probe", 30) and not claim("probe", 30) and claimed("probe")
        assert 0 < server.ttl("kaohe:claim:probe") <= 30
        release("probe")
        assert not claimed("probe")
