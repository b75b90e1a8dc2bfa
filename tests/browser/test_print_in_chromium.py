"""Issue 20: every dashboard page prints on A4 from Chromium's print (page.pdf with
the print stylesheet): no navbar or controls, the page header on top, tables whole
(their last column printed, headers repeated), charts redrawn to the paper's width,
the ranking in landscape."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

# Printable widths at 96 px per inch: A4 less the stylesheet's 12 mm margins.
PORTRAIT_PX = round((210 - 24) / 25.4 * 96)
LANDSCAPE_PX = round((297 - 24) / 25.4 * 96)
PERIOD = "?year=2026&month=10"
# path, what shows the page is drawn, the text of a table's last column (or None)
PAGES = [
    ("/", ".js-plotly-plot", None),
    ("/rankings", ".ranking-table tbody tr", ".ranking-table"),
    ("/county/150802", ".js-plotly-plot", None),
    ("/indicator/urban_new_jobs", ".js-plotly-plot", None),
    ("/measures", "h1", None),
    ("/data", ".ag-row", None),
    ("/targets", ".ag-row", None),
    ("/review", "h1", None),
    ("/exports", ".bulletin-document", ".bulletin-document table"),
]


def _login(page, base_url):
    page.goto(base_url + "/login")
    page.fill("#username", "supervisor")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _last_header(page, selector: str) -> str:
    """The text of the last shown header cell of the first table ``selector`` finds
    (a phone's 详情 column is not shown on a wider screen)."""
    return page.evaluate(
        """(sel) => { const ths = [...document.querySelector(sel).querySelectorAll('thead th')]
                        .filter(th => th.getClientRects().length);
                      return ths.length ? ths[ths.length - 1].innerText.trim() : ''; }""",
        selector,
    )


@pytest.mark.parametrize(("path", "ready", "table"), PAGES)
def test_br120_every_page_prints_whole_on_a4(browser, base_url, tmp_path, path, ready,
                                            table):  # fmt: skip
    landscape = path == "/rankings"
    width = LANDSCAPE_PX if landscape else PORTRAIT_PX
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        _login(page, base_url)
        page.goto(base_url + path + PERIOD)
        page.wait_for_selector(ready, timeout=30000)
        page.wait_for_load_state("networkidle")
        last = _last_header(page, table) if table else None
        # As the paper lays it out: print media at the printable width.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": width, "height": 1100})
        page.wait_for_timeout(800)
        # print.js lays grids out at the paper's width: on a busy machine give it time
        # (the check below still fails if a grid never fits).
        try:
            page.wait_for_function(
                """(w) => [...document.querySelectorAll('.ag-root-wrapper')]
                    .every(e => e.getBoundingClientRect().right <= w + 2)""",
                arg=width, timeout=20000,
            )  # fmt: skip
        except PlaywrightTimeout:
            pass
        hidden = page.evaluate(
            """() => [...document.querySelectorAll(
                     '.shell-navbar, .scope-bar, .shell-footer, #shell-year, .btn')]
                   .every(e => getComputedStyle(e).display === 'none'
                               || e.offsetParent === null)"""
        )
        assert hidden, "the navbar or a control prints"
        too_wide = page.evaluate(
            """(w) => [...document.querySelectorAll(
                 `table, .js-plotly-plot, .js-plotly-plot .main-svg, .card, .ag-root-wrapper`)]
               .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > w + 2)
               .map(e => e.className.baseVal ?? e.className)""",
            width,
        )
        assert too_wide == [], too_wide
        assert page.locator("h1").first.is_visible()  # the page header opens the print
        pdf = tmp_path / "page.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    w, h = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert (w > h) == landscape, size
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    assert "—1/" in flat  # page numbers at the foot
    if last:
        assert "".join(unicodedata.normalize("NFKC", last).split()) in flat, last
