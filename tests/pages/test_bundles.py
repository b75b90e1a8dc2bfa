"""What a page's first load fetches (docs/performance.md, first draw): plotly.js's
cartesian bundle from assets instead of the full one, dcc's lazy pieces with the
bundles under versioned names, all compressed and kept by the browser for a year."""

from __future__ import annotations

import re


def test_bnd001_the_page_lists_the_cartesian_plotly_and_the_lazy_chunks(client):
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any(
        "/assets/00-vendor/plotly-cartesian-" in s and "?m=" in s for s in scripts
    )
    assert not any("plotly.min.js" in s for s in scripts)
    for name in ("graph", "dropdown", "markdown", "highlight"):
        assert any(re.search(rf"/dcc/async-{name}\.v[0-9_]+m[0-9]+\.js$", s)
                   for s in scripts), name  # fmt: skip
    # Before the renderer starts: its inline start comes after every script tag.
    assert page.index("async-markdown") < page.index("new DashRenderer")


def test_bnd002_bundles_travel_compressed_and_are_kept_a_year(client):
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    for wanted in ("plotly-cartesian-", "async-markdown"):
        src = next(s for s in scripts if wanted in s)
        with client.get(src, headers={"Accept-Encoding": "br, gzip"}) as answer:
            assert answer.status_code == 200, src
            assert answer.headers.get("Content-Encoding") in ("br", "gzip"), src
            assert "max-age=31536000" in answer.headers.get("Cache-Control", ""), src
