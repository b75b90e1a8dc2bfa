"""Cached reads, keyed by every input, the database and its data version: a write that
changes data raises the version in the database, so every worker (and every machine,
with Redis) passes over older entries from its next request on. In-process by default;
shared through Redis when ``REDIS_URL`` is set.

The cache is an accelerator, never a dependency: when Redis does not answer, reads are
computed as if nothing were cached (and ``/health`` says so), and they are cached
again from the first request after it returns."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from flask import Flask, current_app, g, has_app_context, has_request_context
from flask_caching import Cache

from settings import Settings, current_settings

log = logging.getLogger(__name__)

# The Flask extension object (configured per app by init_cache), as Flask-Caching
# intends; it holds no data of its own.
cache = Cache()
TIMEOUT_SECONDS = 600
REDIS_EXTENSION = "kaohe_redis"
CACHE_PREFIX = "kaohe:"  # every key the app keeps in Redis
# A Redis that does not answer within this costs a request no more than this.
REDIS_TIMEOUT_SECONDS = 0.5


def init_cache(server: Flask, settings: Settings) -> None:
    if settings.redis_url:
        client = redis.Redis.from_url(
            settings.redis_url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        server.extensions[REDIS_EXTENSION] = client
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_HOST": client,
                  "CACHE_KEY_PREFIX": CACHE_PREFIX}  # fmt: skip
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 300}
    cache.init_app(server, config=config | {"CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS})


def cache_problem() -> str | None:
    """For /health: None when the cache works (or is in-process), ``unreachable`` when
    the configured Redis does not answer."""
    client = current_app.extensions.get(REDIS_EXTENSION)
    if client is None:
        return None
    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    return None


def cache_kind() -> str:
    return "redis" if REDIS_EXTENSION in current_app.extensions else "memory"


def cached(
    name: str,
    version: Callable[[], Any],
    compute: Callable[[], Any],
    *key,
    near: bool = False,
) -> Any:
    """``compute()``, or its earlier result for the same ``key``, database and
    ``version()`` (the data stamp, which never repeats). Outside an app (scripts,
    tests of the layers below) it just computes. ``near``: a small value every
    request reads (a page's context), also kept in this process, so that a repeated
    read is neither a trip to Redis nor unpickling (its key never comes back with
    other data, so the copy here is as valid as the shared one)."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return compute()
    memo = _request_memo()
    if memo is not None:
        within = repr((name, *key))
        if within in memo:
            return memo[within]
        memo[within] = found = _cached(name, version, compute, key, near)
        return found
    return _cached(name, version, compute, key, near)


MEMO = "kaohe_request_memo"


def _request_memo() -> dict | None:
    """This request's memo, where it remembers (see :func:`remember_for_request`)."""
    return g.get(MEMO) if has_request_context() else None


def request_once(key: tuple, read: Callable[[], Any]) -> Any:
    """``read()``, once per reader's answer (see :func:`remember_for_request`;
    otherwise each time): what several cached values are keyed by."""
    memo = _request_memo()
    if memo is None:
        return read()
    if key not in memo:  # tuples: apart from cached()'s own entries (strings)
        memo[key] = read()
    return memo[key]


def remembered(entries: dict) -> None:
    """Values read along with another (a region's path holds its ancestors'), kept
    for :func:`request_once` under their keys where this request remembers."""
    memo = _request_memo()
    if memo is not None:
        for key, value in entries.items():
            memo.setdefault(key, value)


# The stamps cached values are keyed by, each read once per reader's answer: a
# county's panels read their period's stamp four times, the data stamp five times
# and the history's four (30 statements in all, 23 now).
def data_stamp() -> str:
    from data_access.queries import data_stamp as read

    return request_once(("data_stamp",), read)


def period_stamp(year: int, month: int, mode: str | None = None) -> tuple:
    from data_access.assessed import period_stamp as read

    return request_once(period_stamp_key(year, month, mode),
                        lambda: read(year, month, mode))  # fmt: skip


def period_stamp_key(year: int, month: int, mode: str | None) -> tuple:
    """:func:`period_stamp`'s entry in a request's memo (the kept answers' lookup
    reads the stamp first and leaves it there for the answer)."""
    return ("period_stamp", int(year), int(month), mode)


def history_version(year: int) -> str:
    from data_access.assessed import history_version as read

    return request_once(("history_version", year), lambda: read(year))


def remember_for_request() -> None:
    """For the rest of this request, each value :func:`cached` gives is read once: a
    reader's answer asks for the same view, rules and catalogue several times (a
    county's panels: its period's view three times, the year's rules four), each a
    stamp read and a trip to Redis with its unpickling; the answer then also reads
    one state of the data throughout. For answers that write nothing (a write's own
    reads after it must see it)."""
    g.setdefault(MEMO, {})


def _cached(name, version, compute, key, near) -> Any:
    full_key = repr((name, current_settings().database_url, version(), *key))
    small = current_app.extensions.setdefault(SMALL_EXTENSION, {}) if near else None
    if small is not None and full_key in small:
        try:
            return small[full_key]
        except KeyError:  # another thread let it go meanwhile
            pass
    try:
        found = cache.get(full_key)
    except redis.RedisError as error:
        log.warning("cache unreachable, computing %s: %s", name, error)
        return compute()
    if found is None:
        found = _computed_once(full_key, name, compute)
    if small is not None:
        _bounded(small, full_key, found, SMALL_ENTRIES)
    return found


FLIGHTS_EXTENSION = "kaohe_flights"
# How long a request waits for another thread of its process computing the same value
# (a national view takes seconds) before it computes the value itself.
FLIGHT_WAIT_SECONDS = 30


def _computed_once(full_key: str, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` for ``full_key``, once in this process when several threads ask at
    once (after an approval every reader's next page asks for the same new views: four
    threads drew each of them together), the others waiting for its value; stored in
    the cache. A thread whose wait ends without a value (the computation failed)
    computes it itself."""
    flights = current_app.extensions.setdefault(FLIGHTS_EXTENSION, {})
    mine = threading.Event()
    running = flights.setdefault(full_key, mine)
    if running is not mine:
        running.wait(FLIGHT_WAIT_SECONDS)
        try:
            found = cache.get(full_key)
        except redis.RedisError:
            found = None
        if found is not None:
            return found
        return _stored(full_key, name, compute())
    try:
        return _stored(full_key, name, compute())
    finally:
        flights.pop(full_key, None)
        mine.set()


def _stored(full_key: str, name: str, found: Any) -> Any:
    try:
        cache.set(full_key, found)
    except redis.RedisError as error:
        log.warning("cache unreachable, %s not stored: %s", name, error)
    return found


SMALL_EXTENSION = "kaohe_small"
SMALL_ENTRIES = 256  # small values (a page's context: a few KB) kept in the process


def _bounded(store: dict, key: str, value: Any, size: int) -> None:
    """Keep ``value`` under ``key`` in ``store``, letting the oldest entries go past
    ``size`` (threads may do this at once: each step is one dict operation)."""
    store.pop(key, None)
    store[key] = value
    while len(store) > size:
        try:
            store.pop(next(iter(store)), None)
        except (RuntimeError, StopIteration):  # another thread changed it meanwhile
            break


DEGRADED = "kaohe_degraded"


def mark_degraded() -> None:
    """Say that this request's answer was drawn without the data (the database
    unreachable): it is not kept as a rendered answer."""
    if has_app_context():
        g.setdefault(DEGRADED, True)


def degraded() -> bool:
    return has_app_context() and bool(g.get(DEGRADED))


NEAR_EXTENSION = "kaohe_near"
NEAR_ENTRIES = 16  # the process keeps this many working sets (a month's peers: ~3 MB)


def _database_key(key: tuple) -> str:
    return repr((current_settings().database_url, *key))


def keep_for(key: tuple, value: Any) -> None:
    """Keep ``value`` under ``key`` for this database in this process (what the caller
    brings up to date itself, unlike :func:`cached`'s versioned answers, and reads
    after every write: through Redis each read and write pickled some 3 MB). The
    oldest entry goes when there are NEAR_ENTRIES."""
    if not has_app_context():
        return
    near = current_app.extensions.setdefault(NEAR_EXTENSION, {})
    _bounded(near, _database_key(key), value, NEAR_ENTRIES)


def kept_for(key: tuple) -> Any:
    """What :func:`keep_for` kept under ``key`` in this process, or None."""
    if not has_app_context():
        return None
    return current_app.extensions.get(NEAR_EXTENSION, {}).get(_database_key(key))


def keep(key: str, value: Any, seconds: int) -> None:
    """Keep ``value`` under ``key`` for ``seconds`` (an accelerator: lost quietly
    outside an app or when Redis does not answer)."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return
    try:
        cache.set(key, value, timeout=seconds)
    except redis.RedisError as error:
        log.warning("cache unreachable, %s not kept: %s", key, error)


def kept(key: str) -> Any:
    """What :func:`keep` kept under ``key``, or None."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return None
    try:
        return cache.get(key)
    except redis.RedisError as error:
        log.warning("cache unreachable, %s not read: %s", key, error)
        return None


# A claim's key in Redis: the cache's prefix and "claim:", as claimed() and release()
# name it through Flask-Caching.
CLAIM_PREFIX = CACHE_PREFIX + "claim:"


def claim(key: str, seconds: int) -> bool:
    """Claim the one computation of ``key``'s value: True for the first asker (and
    where no cache answers: everyone computes then), False while another holds it.
    The claim lapses after ``seconds`` if its holder never releases it."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return True
    client = current_app.extensions.get(REDIS_EXTENSION)
    try:
        if client is not None:  # with its lapse, in one command (add sends two)
            return bool(client.set(f"{CLAIM_PREFIX}{key}", 1, nx=True, ex=seconds))
        return bool(cache.add(f"claim:{key}", 1, timeout=seconds))
    except redis.RedisError as error:
        log.warning("cache unreachable, %s computed without a claim: %s", key, error)
        return True


def claimed(key: str) -> bool:
    """Whether somebody holds the claim on ``key``."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return False
    try:
        return bool(cache.has(f"claim:{key}"))
    except redis.RedisError:
        return False


def await_claim(
    key: str, seconds: float, poll: float, ready: Callable[[], Any] = lambda: None
) -> Any:
    """Wait while another holds the claim on ``key``, looking every ``poll`` seconds,
    ``seconds`` at most: ``ready()``'s value as soon as it gives one; None once the
    claim ends without one (its holder failed, or stored it elsewhere) or the time
    is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(poll)
        found = ready()
        if found is not None or not claimed(key):
            return found
    return None


def release(key: str) -> None:
    """Give the claim on ``key`` up (its value kept, or its computation failed)."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return
    try:
        cache.delete(f"claim:{key}")
    except redis.RedisError as error:
        log.warning("cache unreachable, claim on %s left to lapse: %s", key, error)


# A callback marked so answers repeated requests from the cache of its rendered answer
# (server.rendered): its output must depend on nothing but its inputs, the language
# and the period in them, what the viewer may see, the data and the day.
RENDERED_MARK = "kaohe_rendered"
UP_TO_PERIOD = "up_to_period"
UP_TO_YEAR = "up_to_year"


def rendered(function: Callable) -> Callable:
    """Mark a main callback's function (put it under ``@callback``): its answer, the
    JSON Dash sends, is kept by the inputs, the viewer and the data version."""
    setattr(function, RENDERED_MARK, True)
    return function


def rendered_by_period(function: Callable) -> Callable:
    """As :func:`rendered`, for a callback that shows one period and nothing of the
    months after it (no trend through the year): its answer is kept by the period's
    own stamp (``data_access.assessed.period_stamp``) instead of the data version,
    so that counties saving next month's figures do not retire it."""
    setattr(function, RENDERED_MARK, UP_TO_PERIOD)
    return function


def rendered_by_year(function: Callable) -> Callable:
    """As :func:`rendered_by_period`, for a callback that shows its period's year (a
    trend through the year, the year before): kept by the stamp of the year's
    December in the data mode shown."""
    setattr(function, RENDERED_MARK, UP_TO_YEAR)
    return function
