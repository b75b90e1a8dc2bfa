"""What a page's first load fetches (docs/performance.md, first draw): the app's own
plotly.js build from assets instead of the full one, dcc's lazy pieces with the
bundles under versioned names, all compressed (once) and kept by the browser for a
year; no polyfill, no validation layout, and dash-ag-grid only with a grid."""

from __future__ import annotations

import json
import re


def _page(client) -> tuple[str, list[str]]:
    """The app's page and the addresses of the scripts it lists."""
    page = client.get("/").get_data(as_text=True)
    return page, re.findall(r'<script src="([^"]+)"', page)


def test_bnd001_the_page_lists_the_apps_plotly_and_the_lazy_chunks(client):
    page, scripts = _page(client)
    assert any("/assets/00-vendor/plotly-app-" in s and "?m=" in s for s in scripts)
    assert not any("plotly.min.js" in s for s in scripts)
    for name in ("graph", "dropdown", "markdown", "highlight"):
        assert any(re.search(rf"/dcc/async-{name}\.v[0-9_]+m[0-9]+\.js$", s)
                   for s in scripts), name  # fmt: skip
    # Before the renderer starts: its inline start comes after every script tag.
    assert page.index("async-markdown") < page.index("new DashRenderer")


def test_bnd002_bundles_travel_compressed_and_are_kept_a_year(client):
    _, scripts = _page(client)
    for wanted in ("plotly-app-", "async-markdown"):
        src = next(s for s in scripts if wanted in s)
        with client.get(src, headers={"Accept-Encoding": "br, gzip"}) as answer:
            assert answer.status_code == 200, src
            assert answer.headers.get("Content-Encoding") in ("br", "gzip"), src
            assert "max-age=31536000" in answer.headers.get("Cache-Control", ""), src


def test_bnd003_no_polyfill_and_regenerator_before_the_renderer(client):
    """@babel/polyfill (0.1 s of a cold page's script) is not sent; the one piece of it
    the bundles call, regeneratorRuntime, comes before the renderer starts."""
    page, scripts = _page(client)
    assert not any("polyfill" in s for s in scripts)
    runtime = next(s for s in scripts if "regenerator-runtime" in s)
    assert page.index(runtime) < page.index("new DashRenderer")
    with client.get(runtime) as answer:
        assert b"regeneratorRuntime=" in answer.get_data()


def test_bnd004_bundles_are_compressed_once_per_process(client, monkeypatch):
    """A bundle is compressed at its first request and kept, under the file's own name
    whatever version a request gives it (so the kept set cannot grow past the files
    there are); other answers (the page itself) are compressed afresh each time."""
    import flask_compress.flask_compress as compressor

    calls = []
    original = compressor._compress_data

    def counted(app, data, algorithm):
        calls.append(len(data))
        return original(app, data, algorithm)

    monkeypatch.setattr(compressor, "_compress_data", counted)
    _, scripts = _page(client)
    plotly = next(s for s in scripts if "plotly-app-" in s)
    bare = plotly.split("?")[0]

    def fetched(src: str) -> tuple[str, bytes]:
        with client.get(src, headers={"Accept-Encoding": "gzip"}) as answer:
            assert answer.status_code == 200, src
            return answer.headers["Content-Encoding"], answer.get_data()

    first = fetched(bare + "?m=1")
    before = len(calls)
    for version in range(2, 40):
        assert fetched(f"{bare}?m={version}") == first == ("gzip", first[1])
    assert len(calls) == before
    suite = next(s for s in scripts if "dash_renderer" in s)
    other_version = re.sub(r"\.v[0-9_]+m[0-9]+\.", ".v9_9_9m123.", suite)
    for src in (suite, other_version, suite):
        fetched(src)
    assert len(calls) == before + 1
    for _ in range(2):
        client.get("/", headers={"Accept-Encoding": "gzip"}).get_data()
    assert len(calls) == before + 3


def test_bnd005_the_grid_bundle_is_an_address_not_a_script(client):
    """dash-ag-grid's bundle is not loaded by every page: its tag is replaced by its
    address, which assets/grid.js fetches when a page first draws a grid."""
    page, scripts = _page(client)
    assert not any("dash_ag_grid" in s for s in scripts)
    assert any("/assets/grid.js" in s for s in scripts)
    found = re.search(r'<script id="kaohe-grid-bundle" type="application/json">(.*?)</script>',
                      page)  # fmt: skip
    src = json.loads(found.group(1))["src"]
    assert re.search(r"/dash_ag_grid/dash_ag_grid\.v[0-9_]+m[0-9]+\.min\.js$", src)
    with client.get(src) as answer:
        assert answer.status_code == 200
        assert b"window.dash_ag_grid=" in answer.get_data()


def test_bnd006_the_layout_and_callbacks_are_asked_for_with_the_page(client):
    """The renderer's first two requests are preloaded from the page's head (the same
    request the renderer makes: a fetch with same-origin credentials)."""
    page = client.get("/").get_data(as_text=True)
    head = page[: page.index("</head>")]
    for name in ("_dash-layout", "_dash-dependencies"):
        assert (
            f'<link rel="preload" href="/{name}" as="fetch" crossorigin="anonymous">'
            in head
        )
