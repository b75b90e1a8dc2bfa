"""Downloads through the browser: a table link, a chart menu and the bulletin button."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser


def test_br201_ranking_table_and_chart_download(page, base_url):
    """The XLSX link and the chart's PNG menu item each deliver a real file."""
    page.goto(base_url + "/rankings?year=2026&month=10")
    page.wait_for_selector(".table-download-rankings .table-download-xlsx")
    with page.expect_download() as info:
        page.click(".table-download-rankings .table-download-xlsx")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert "旗县区排名（2026年10月）" in sheet["A1"].value
    # The page's answers all in before the menu opens (once, on two busy processes, a
    # late answer redrew the menu under the click and no download started).
    page.wait_for_load_state("networkidle")
    page.click(".chart-download-score-bar .dropdown-toggle")
    page.wait_for_selector(
        ".chart-download-score-bar .chart-download-png", state="visible"
    )
    with page.expect_download() as info:
        page.click(".chart-download-score-bar .chart-download-png")
    assert info.value.suggested_filename == "score-bar-2026-10.png"
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.errors == []


def test_br202_bulletin_button_downloads_the_pdf(page, base_url):
    """The bulletin's text is on the page; the button (a link to the file) delivers
    the PDF."""
    page.goto(base_url + "/exports?year=2026&month=10")
    page.wait_for_selector("text=全市就业目标责任考核情况通报（2026年10月）")
    with page.expect_download() as info:
        page.click("#exports-bulletin-button")
    assert info.value.suggested_filename == "考核通报-2026年10月.pdf"
    assert Path(info.value.path()).read_bytes()[:5] == b"%PDF-"
    assert page.errors == []
