"""Cached reads, keyed by every input, the database and its data version: a write that
changes data raises the version in the database, so every worker (and every machine,
with Redis) passes over older entries from its next request on. In-process by default;
shared through Redis when ``REDIS_URL`` is set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_caching import Cache

from settings import Settings, current_settings

# The Flask extension object (configured per app by init_cache), as Flask-Caching
# intends; it holds no data of its own.
cache = Cache()
TIMEOUT_SECONDS = 600


def init_cache(server: Flask, settings: Settings) -> None:
    if settings.redis_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 300}
    cache.init_app(server, config=config | {"CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS})


def cached(
    name: str, version: Callable[[], int], compute: Callable[[], Any], *key
) -> Any:
    """``compute()``, or its earlier result for the same ``key``, database and data
    version. Outside an app (scripts, tests of the layers below) it just computes."""
    if not has_app_context() or "cache" not in current_app.extensions:
        return compute()
    full_key = repr((name, current_settings().database_url, version(), *key))
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found)
    return found
