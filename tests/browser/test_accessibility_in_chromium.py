"""Issue 21: axe-core (npm, installed by `make test`) finds no serious or critical
accessibility violation on any page, in Chinese and in English, for a reader and for
the office; the pages work with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PERIOD = "year=2026&month=10"
PUBLIC = ["/", "/county/150802", "/rankings", "/indicator/urban_new_jobs",
          "/indicator/registered_unemployment_rate", "/measures", "/data", "/targets",
          "/exports"]  # fmt: skip
OFFICE = ["/review", "/data", "/targets", "/exports"]

RUN = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def _violations(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN)


@pytest.fixture()
def axe_context(browser):
    assert AXE.is_file(), "make test installs axe-core (npm) into tests/browser/axe"
    # The app's CSP allows no inline script; axe is the test's, not the app's.
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, bypass_csp=True
    )
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_br140_no_serious_violations_for_a_reader(axe_context, base_url, lang):
    page = axe_context.new_page()
    found = {path: _violations(page, f"{base_url}{path}?{PERIOD}&lang={lang}")
             for path in PUBLIC}  # fmt: skip
    assert {p: v for p, v in found.items() if v} == {}


@pytest.mark.parametrize(
    ("user", "paths"), [("supervisor", OFFICE), ("admin", ["/admin"])]
)
def test_br141_no_serious_violations_for_the_office(axe_context, base_url, user, paths):
    page = axe_context.new_page()
    page.goto(base_url + "/login")
    page.fill("#username", user)
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    found = {path: _violations(page, f"{base_url}{path}?{PERIOD}") for path in paths}
    assert {p: v for p, v in found.items() if v} == {}


def test_br143_no_serious_violations_on_a_phone(browser, base_url):
    """At 375 px too (the cards, the heatmap list, the scrolling regions)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    found = {path: _violations(page, f"{base_url}{path}?{PERIOD}")
             for path in ("/", "/county/150802", "/rankings", "/indicator/urban_new_jobs")}  # fmt: skip
    context.close()
    assert {p: v for p, v in found.items() if v} == {}


def test_br144_the_axe_run_can_fail(axe_context, base_url):
    """A select stripped of its label is caught (the check is live)."""
    page = axe_context.new_page()
    page.goto(f"{base_url}/rankings?{PERIOD}")
    page.wait_for_selector(".ranking-table tbody tr")
    page.evaluate("document.querySelector('label[for=rankings-sort]').remove()")
    page.add_script_tag(path=str(AXE))
    assert any(v["id"] == "select-name" for v in page.evaluate(RUN))


def test_br142_a_phone_card_opens_with_the_keyboard(browser, base_url):
    """Tab reaches a ranking card's 详情 button; Enter opens the row's details."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}/rankings?{PERIOD}")
    page.wait_for_selector(".ranking-table .row-more")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('row-more')"):
            break
    else:
        pytest.fail("Tab never reached a 详情 button")
    page.keyboard.press("Enter")
    opened = page.evaluate(
        "document.activeElement.closest('tr').classList.contains('open')"
    )
    assert opened
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_br145_every_chart_has_a_text_alternative(browser, base_url, lang):
    """Each drawn chart is a figure named by its panel's title and a one-line summary
    from its data (the highest and lowest, the count per status, the latest month)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    named = {}
    for path in ("/", "/county/150802", "/rankings", "/indicator/urban_new_jobs",
                 "/measures"):  # fmt: skip
        page.goto(f"{base_url}{path}?{PERIOD}&lang={lang}")
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_load_state("networkidle")
        # at least one chart drawn (an empty list would pass at once), all named
        page.wait_for_function(
            """() => {
                const shown = [...document.querySelectorAll('.js-plotly-plot')]
                    .filter(g => g.offsetParent !== null);
                return shown.length > 0 && shown.every(g => g.getAttribute('aria-label'));
            }""",
            timeout=15000,
        )
        named[path] = page.evaluate(
            """() => [...document.querySelectorAll('.js-plotly-plot')]
                .filter(g => g.offsetParent !== null)
                .map(g => [g.getAttribute('role'), g.getAttribute('aria-label')])"""
        )
    context.close()
    for path, graphs in named.items():
        assert graphs, path
        for role, text in graphs:
            assert role == "figure" and text and ": " in text, (path, text)
    ranking = " ".join(text for _role, text in named["/rankings"])
    highest = "最高" if lang == "zh" else "highest"
    assert highest in ranking and ("预警" if lang == "zh" else "Alert") in ranking


def test_br146_the_keyboard_reaches_every_control_of_a_page(browser, base_url):
    """Tab alone walks the rankings page: the navbar's links, the language switch, the
    period (year, month), the sort, a county, the downloads; Enter on a county link
    opens its page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/rankings?{PERIOD}")
    page.wait_for_selector(".ranking-table tbody tr")
    page.wait_for_load_state("networkidle")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            """() => { const e = document.activeElement;
                return [e.id || '', e.className || '', e.getAttribute('href') || ''].join('|'); }"""
        ))  # fmt: skip
    walked = " ".join(reached)
    for wanted in ("nav-link-nav_overview", "shell-year", "shell-month", "rankings-sort",
                   "/county/", "dropdown-toggle"):  # fmt: skip
        assert wanted in walked, wanted
    for _ in range(60):
        if "/county/" in page.evaluate(
            "document.activeElement.getAttribute('href') || ''"
        ):
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/county/**")
    context.close()
