"""gunicorn settings for `make run`: threads so that one slow request never blocks others."""

import ctypes
import ctypes.util
import os
import sys

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
# Keep idle connections open longer than readers pause between clicks (1-3 s): with the
# default 2 s a request sent as the server closes the idle connection is reset.
# Longer than a reader's pause between clicks: a connection the server closes as the
# client reuses it resets a POST (seen in the load test at 5 s).
keepalive = 75
graceful_timeout = 20
# A worker is replaced after this many requests (a guard against slow growth); at
# 2,000 both workers were replaced, cold, within two minutes of the load test.
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
# gunicorn 25+ opens a control socket at one fixed path (~/.gunicorn/gunicorn.ctl)
# shared by every instance on the host; nothing here uses it.
control_socket_disable = True


def tune_malloc(parameter: int, value: int, overridden_by: str) -> bool:
    """Set one of glibc's malloc parameters (``mallopt``) in the master, which the
    workers inherit; True where the C library took it. Nothing changes where the
    environment variable ``overridden_by`` is set (glibc reads it itself) or the C
    library is not glibc (musl, macOS)."""
    if os.environ.get(overridden_by):
        return False
    try:
        return bool(
            ctypes.CDLL(ctypes.util.find_library("c")).mallopt(parameter, value)
        )
    except (OSError, AttributeError, TypeError):
        return False


# glibc gives each thread that allocates at once its own malloc arena (up to eight per
# core), and memory freed in an arena mostly stays with the process: a worker's four
# threads and its recomputation thread drawing national answers at once reached
# 496 MB. Two arenas; MALLOC_ARENA_MAX in the environment takes precedence.
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter
tune_malloc(M_ARENA_MAX, MALLOC_ARENAS, "MALLOC_ARENA_MAX")

# glibc serves an allocation this large or larger by its own mapping, returned to the
# system when freed. By default the limit rises to the largest block freed (up to
# 32 MB), after which a national answer's columns (300 KB arrays) come from the heap,
# where the small objects that outlive them keep the freed space from being returned:
# the load test on fresh data peaked at 441/424 MB a worker, 403/381 MB with this
# (docs/performance.md). MALLOC_MMAP_THRESHOLD_ in the environment takes precedence.
MMAP_THRESHOLD_BYTES = 256 * 1024
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
tune_malloc(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES, "MALLOC_MMAP_THRESHOLD_")

# A request thread back from the database or Redis waits for the interpreter until the
# thread drawing an answer hands it over, after up to the switch interval (5 ms by
# default): an answer from the cache makes about ten such trips, so under load it waited
# behind every drawing. At 1 ms the load test's second round went from p50 100 ms / p95
# 810 ms to 58 ms / 500 ms (docs/performance.md); the workers inherit it from the master.
SWITCH_INTERVAL_SECONDS = 0.001
sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)


def post_worker_init(worker):
    """Warm the worker before it takes requests (server/warm.py): the index rendered
    (Dash registers its script bundles then) and what every first answer reads."""
    from server.warm import warm_up

    worker.log.info("warmed up in %.2f s", warm_up(worker.wsgi))
