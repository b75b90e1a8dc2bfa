"""Security headers on every answer: a Content-Security-Policy the app runs under with
no violation, no sniffing, no framing by other sites, a same-origin referrer, and
``Cache-Control: no-store`` on whatever may carry who did what or a password.

Dash's page holds a few inline scripts (the renderer's start, clientside callbacks):
each page's CSP names the SHA-256 hashes of exactly the inline scripts it holds, so
no other inline script runs (``app.csp_hashes()`` does the same from the app's
registry; hashing the page itself also covers what Dash Pages adds at the first
request).
"""

from __future__ import annotations

import base64
import hashlib
import re

from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request

# An inline script that runs: no src, and not a JSON data block (which never runs).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>",
                           re.DOTALL)  # fmt: skip
BASE_POLICY = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",  # plotly and Dash set inline styles
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "worker-src": "'self' blob:",  # the map's drawing workers
    "child-src": "'self' blob:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
# Answers that may carry usernames, a temporary password or an account's page.
PRIVATE_PATHS = ("/_dash-update-component", "/account/", "/login", "/logout",
                 "/export/table/history.", "/admin")  # fmt: skip


def script_hashes(page: str) -> list[str]:
    """The CSP hashes of the inline scripts that run in ``page``."""
    hashes = []
    for found in INLINE_SCRIPT.finditer(page):
        if "application/json" in found.group("attrs"):
            continue
        digest = hashlib.sha256(found.group("body").encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def policy(page: str | None) -> str:
    """The CSP of an answer: a page's scripts by hash; nothing inline elsewhere."""
    rules = dict(BASE_POLICY)
    rules["script-src"] = " ".join(["'self'", *(script_hashes(page) if page else [])])
    return "; ".join(f"{name} {value}" for name, value in rules.items())


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PATHS) or path == "/account"


def register_headers(server: Flask) -> None:
    @server.after_request
    def security_headers(response: Response) -> Response:
        page = None
        if response.mimetype == "text/html" and not response.direct_passthrough:
            page = response.get_data(as_text=True)
        response.headers["Content-Security-Policy"] = policy(page)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if is_private(request.path):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


ONE_YEAR = 31_536_000


def register_asset_caching(server: Flask) -> None:
    """The app's own stylesheets and scripts (``/assets/``) as Dash's bundles are
    served: compressed (they are read whole here, so that the compressor, which
    passes streamed files by, takes them) and, under the versioned names Dash gives
    them (``?m=`` and the file's time), kept by the browser for a year. Fonts and
    other files named without a version are revalidated (ETag) as before."""

    @server.after_request
    def assets_cached_and_compressed(response: Response) -> Response:
        if not request.path.startswith("/assets/") or response.status_code != 200:
            return response
        if response.direct_passthrough and response.mimetype in COMPRESSIBLE:
            response.direct_passthrough = False
            response.get_data()  # read whole (the file closes with the response)
        if request.args.get("m"):
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response


COMPRESSIBLE = frozenset({"text/css", "text/javascript", "application/javascript",
                          "image/svg+xml", "application/json"})  # fmt: skip


class CompressedFiles:
    """flask-compress's cache (``COMPRESS_CACHE_BACKEND``), kept for the files every
    page loads alone: the bundles and the app's assets, compressed once per process
    rather than once per request (0.15 s of a worker's time for every new browser when
    they were 4.7 MB, while the browser's tiny scripts queued behind the big ones).
    Keys name the file itself (``compressed_file_key``), so the set is bounded by the
    files there are, whatever versions a request names; other answers are not kept."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.partition(";")[2].startswith(FILE_KEY):
            self._kept[key] = value


FILE_KEY = "file:"


def compressed_file_key(req) -> str:
    """``COMPRESS_CACHE_KEY``: a served file by its path without the version Dash puts
    in its name or query (only files that exist answer 200 and are compressed); ""
    for every other answer, which ``CompressedFiles`` does not keep."""
    if req.path.startswith("/_dash-component-suites/"):
        return FILE_KEY + check_fingerprint(req.path)[0]
    if req.path.startswith("/assets/"):
        return FILE_KEY + req.path
    return ""
