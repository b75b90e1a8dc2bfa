"""Real headless Chromium (Debian's) against the app served on loopback."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/rankings",
    "/county/150802",
    "/indicator/urban_new_jobs",
    "/indicator/registered_unemployment_rate?lang=en",
    "/measures",
    "/data",
    "/targets",
    "/review",
    "/exports",
    "/exports?lang=en",
    "/no-such-page",
]


def _ranking_regions(page) -> list[str]:
    rows = page.locator(".ranking-table tbody tr")
    return [rows.nth(i).get_attribute("data-region") for i in range(rows.count())]


@pytest.mark.parametrize("path", PAGES)
def test_br001_every_page_opens_without_console_errors(page, base_url, path):
    """Each page renders its title and logs no error."""
    page.goto(base_url + path)
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip()
    assert page.errors == []


def test_br002_changing_the_year_changes_the_ranking_and_the_url(page, base_url):
    """Pick another year: the table re-ranks and the URL keeps the new period."""
    page.goto(base_url + "/rankings?year=2026&month=10")
    page.wait_for_selector(".ranking-table tbody tr")
    before = _ranking_regions(page)
    page.select_option("#shell-year", "2024")
    page.wait_for_function(
        "() => document.querySelector('.as-of') &&"
        " document.querySelector('.as-of').textContent.includes('2024')"
    )
    page.wait_for_selector(".ranking-table tbody tr")
    page.wait_for_load_state("networkidle")
    after = _ranking_regions(page)
    assert sorted(after) == sorted(before)
    assert after != before
    assert "year=2024" in page.url
    # The back button returns to the previous period: the URL is the only state.
    page.go_back()
    page.wait_for_function(
        "() => document.querySelector('.as-of') &&"
        " document.querySelector('.as-of').textContent.includes('2026年10月')"
    )
    page.wait_for_selector(".ranking-table tbody tr")
    page.wait_for_load_state("networkidle")
    assert "year=2026" in page.url
    assert page.locator("#shell-year").input_value() == "2026"
    assert _ranking_regions(page) == before
    page.go_forward()
    page.wait_for_function(
        "() => document.querySelector('#shell-year').value === '2024'"
    )
    page.wait_for_selector(".ranking-table tbody tr")
    page.wait_for_load_state("networkidle")
    assert _ranking_regions(page) == after
    assert page.errors == []


def test_br003_clicking_a_county_on_the_map_opens_its_page(page, base_url):
    """A click on 磴口县's name on the map opens /county/150822."""
    page.goto(base_url + "/?year=2026&month=10")
    label = page.locator("#overview-map text", has_text="磴口县").first
    label.wait_for()
    page.wait_for_load_state("networkidle")
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 8, y - 8)
    page.mouse.move(x, y, steps=4)
    page.wait_for_timeout(200)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/county/150822"))
    page.wait_for_selector("text=磴口县考核情况")
    assert "year=2026" in page.url
    assert page.errors == []


def test_br008_the_map_shows_the_seven_names_readably(browser, base_url, tmp_path):
    """At desktop and phone width each county's name is drawn on the map, inside the
    map, at a readable size, and no two names overlap. The screenshots are kept."""
    names = {
        "临河区",
        "五原县",
        "磴口县",
        "乌拉特前旗",
        "乌拉特中旗",
        "乌拉特后旗",
        "杭锦后旗",
    }
    for width in (1440, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base_url + "/?year=2026&month=10")
        page.locator("#overview-map text", has_text="杭锦后旗").first.wait_for()
        page.wait_for_load_state("networkidle")
        graph = page.locator("#overview-map")
        graph.scroll_into_view_if_needed()
        area = graph.bounding_box()
        boxes = {}
        for name in names:
            text = page.locator("#overview-map .textpoint text", has_text=name).first
            box = text.bounding_box()
            assert box and box["height"] >= 10, (width, name, box)
            assert (
                area["x"] <= box["x"]
                and box["x"] + box["width"] <= area["x"] + area["width"]
            )
            boxes[name] = box
        for a in names:
            for b in names - {a}:
                A, B = boxes[a], boxes[b]
                apart = (
                    A["x"] + A["width"] <= B["x"]
                    or B["x"] + B["width"] <= A["x"]
                    or A["y"] + A["height"] <= B["y"]
                    or B["y"] + B["height"] <= A["y"]
                )
                assert apart, (width, a, b)
        graph.screenshot(path=str(tmp_path / f"map-{width}.png"))
        context.close()


def test_br004_bookmarked_period_and_language_survive_navigation(page, base_url):
    """A sent link opens that period in English; the navbar keeps it."""
    page.goto(base_url + "/rankings?year=2025&month=6&lang=en")
    page.wait_for_selector("text=County rankings")
    assert page.locator("#shell-year").input_value() == "2025"
    page.wait_for_function("() => document.title.startsWith('Rankings')")
    page.click("a.nav-link:has-text('Policy')")
    page.wait_for_selector("text=Policy measures and departments")
    assert "year=2025" in page.url and "lang=en" in page.url
    assert page.errors == []


def test_br005_phone_width_has_no_horizontal_overflow(browser, base_url):
    """At 375 px the page itself never scrolls sideways (tables scroll in place), in
    English too (the measures' department badges once ran 180 px off the card)."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in ("/", "/rankings", "/county/150822", "/measures", "/measures?lang=en",
                 "/indicator/urban_new_jobs?lang=en"):  # fmt: skip
        page.goto(base_url + path)
        page.wait_for_selector("h1")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 380, (path, width)
    context.close()


def test_br006_phone_menu_opens_and_changes_the_period(browser, base_url):
    """At 375 px the navbar folds its links into a menu; the period bar under it
    changes the period without opening the menu."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/rankings?year=2026&month=10")
    page.wait_for_selector(".ranking-table tbody tr")
    assert not page.is_visible(".nav-link-nav_overview")
    page.click(".navbar-toggler")
    page.wait_for_selector(".nav-link-nav_overview", state="visible")
    page.click(".navbar-toggler")
    assert page.is_visible("#shell-year") and page.is_visible("#shell-month")
    page.select_option("#shell-month", "6")
    page.wait_for_function(
        "() => document.querySelector('.as-of').textContent.includes('2026年6月')"
    )
    assert "month=6" in page.url
    context.close()


def test_br007_language_and_data_switches_navigate(page, base_url):
    """EN and 含待审核 change the URL; the page comes back in that language and mode,
    with the period kept, and the back button undoes the switch."""
    page.goto(base_url + "/rankings?year=2025&month=6")
    page.wait_for_selector(".ranking-table tbody tr")
    page.click("label:has-text('EN')")
    page.wait_for_selector("text=County rankings")
    assert "lang=en" in page.url and "year=2025" in page.url
    assert page.locator("#shell-year").input_value() == "2025"
    assert page.is_visible("text=Unapproved too")
    page.click("label:has-text('Unapproved too')")
    page.wait_for_function("() => window.location.search.includes('data=submitted')")
    page.wait_for_selector(".pending-note")
    assert page.locator("#shell-data-mode").is_checked()
    page.go_back()
    page.wait_for_function("() => !window.location.search.includes('data=submitted')")
    page.wait_for_selector(".pending-note", state="detached")
    assert not page.locator("#shell-data-mode").is_checked()
    assert page.errors == []


GRID_BUNDLE = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/dash_ag_grid/dash_ag_grid.')).length"""


def test_br009_the_grid_bundle_comes_with_the_first_grid(page, base_url):
    """dash-ag-grid's 1.3 MB bundle is not part of a reading page's first load
    (assets/grid.js); a county that goes on to report fetches it once, and its grid
    draws and takes typing as before."""
    page.goto(base_url + "/login?next=/%3Fyear%3D2026%26month%3D10")
    page.fill("#username", "linhe")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(GRID_BUNDLE) == 0
    page.locator("a.nav-link[href^='/data']").first.click()
    page.wait_for_selector("#data-grid .ag-row")
    assert page.evaluate(GRID_BUNDLE) == 1
    cell = page.locator("#data-grid .ag-center-cols-container .ag-row[row-index='1'] "
                        "[col-id='value']")  # fmt: skip
    cell.click()
    page.wait_for_selector("#data-grid .ag-cell-inline-editing input")
    assert page.errors == []


def test_br010_the_preloaded_layout_is_fetched_once(page, base_url):
    """The renderer takes the layout and callbacks the page's head preloaded: each is
    fetched once, and the page draws without a console error."""
    page.goto(base_url + "/rankings")
    page.wait_for_selector(".ranking-table tbody tr")
    page.wait_for_load_state("networkidle")
    for name in ("_dash-layout", "_dash-dependencies"):
        fetched = page.evaluate(
            "n => performance.getEntriesByType('resource')"
            ".filter(e => new URL(e.name).pathname === '/' + n).length",
            name,
        )
        assert fetched == 1, name
    assert page.errors == []


# Counts plotly.js's drawings per graph: Plotly is wrapped as the bundle assigns it.
DRAWINGS = r"""
(() => {
  let real;
  window.__drawings = [];
  Object.defineProperty(window, 'Plotly', {configurable: true, get() { return real; },
    set(plotly) {
      real = plotly;
      const wrap = (owner, name) => {
        const original = owner[name];
        owner[name] = function (gd, figure) {
          const id = gd && gd.parentElement ? gd.parentElement.id : '';
          const data = name === 'react' && figure && figure.data ? figure.data.length : -1;
          window.__drawings.push([name, id, data]);
          return original.apply(this, arguments);
        };
      };
      wrap(plotly, 'react');
      wrap(plotly.Plots, 'resize');
    }});
})();
"""


def test_br011_a_chart_is_not_drawn_again_once_its_figure_has_come(browser, base_url):
    """The trend and bar charts' graphs start at their figures' height
    (components/panels.drawn_at), so that dcc's size watcher does not draw a figure
    again when it comes (0.1 s a chart on every load)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(DRAWINGS)
    page = context.new_page()
    for path, graphs in (("/county/150802", ["county-trend"]),
                         ("/indicator/urban_new_jobs", ["indicator-bar", "indicator-trend"])):  # fmt: skip
        page.goto(base_url + path)
        for graph in graphs:
            page.wait_for_selector(f"#{graph} .main-svg")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        drawings = page.evaluate("() => window.__drawings")
        for graph in graphs:
            mine = [d[0] for d in drawings if d[1] == graph]
            # The empty figure drawn and fitted as the graph appears (dcc's forced resize
            # and its size watcher's), then the answer's figure: no third resize.
            assert mine.count("react") == 2 and mine.count("resize") <= 2, (graph, mine)
    context.close()
