"""Every page under the Content-Security-Policy (second outside probe: there was
none): each page loads, draws and answers its callbacks with no CSP violation
reported by the browser and no console error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
PUBLIC = ["/", "/rankings", "/county/150802", "/indicator/urban_new_jobs",
          "/indicator/registered_unemployment_rate?lang=en", "/measures", "/exports",
          "/login", "/no-such-page"]  # fmt: skip
SIGNED_IN = {
    "supervisor": ["/data?year=2026&month=10", "/targets", "/exports?year=2026&month=10",
                   "/account/password"],
    "admin": ["/admin"],
}  # fmt: skip


def _sign_in(page, base_url, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _visit(page, url: str) -> list[str]:
    page.add_init_script(WATCH)
    answer = page.goto(url)
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # maps draw in workers after the network is quiet
    return page.evaluate("() => window.__csp")


@pytest.mark.parametrize("path", PUBLIC)
def test_csp001_public_pages_run_under_the_policy(page, base_url, path):
    assert _visit(page, base_url + path) == []
    assert [e for e in page.errors if "Content Security Policy" in e] == []
    assert page.errors == [] or path == "/no-such-page", page.errors


@pytest.mark.parametrize(
    ("username", "path"),
    [(user, path) for user, paths in SIGNED_IN.items() for path in paths],
)
def test_csp002_signed_in_pages_run_under_the_policy(page, base_url, username, path):
    _sign_in(page, base_url, username)
    assert _visit(page, base_url + path) == []
    assert page.errors == [], page.errors


def test_csp003_an_inline_script_the_page_did_not_ship_is_blocked(page, base_url):
    """The watch sees violations: a script injected into a page (as an XSS would
    inject one) is refused and reported."""
    assert _visit(page, base_url + "/rankings") == []
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === true") is False
    assert any(v.startswith("script-src") for v in page.evaluate("() => window.__csp"))
