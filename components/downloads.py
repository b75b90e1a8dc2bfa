"""Download controls: a menu per chart (PNG/SVG/PDF) and links per table (XLSX/CSV)."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from i18n import t

SUBMITTED = "submitted"  # the data mode that counts unapproved figures too


def export_query(
    year: int, month: int, lang: str | None, mode: str | None = None, **extra
) -> str:
    """The query string of an export URL; ``mode`` "submitted" adds ``data=submitted``
    (approved figures are the default)."""
    values = {"year": year, "month": month, "lang": lang or "zh"}
    if mode == SUBMITTED:
        values["data"] = SUBMITTED
    values.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(values)


def chart_download_menu(
    name: str, query: str, lang: str | None, *, problem: str | None
) -> dbc.DropdownMenu:
    """PNG at print resolution, SVG and PDF, drawn on the server; where the server has
    no browser the menu says so (the plotly toolbar's PNG still works)."""
    if problem is None:
        items = [
            dbc.DropdownMenuItem(t(f"download_{fmt}", lang),
                                 href=f"/export/chart/{name}.{fmt}?{query}",
                                 external_link=True, target="_blank",
                                 className=f"chart-download-{fmt}")
            for fmt in ("png", "svg", "pdf")
        ]  # fmt: skip
    else:
        items = [dbc.DropdownMenuItem(t(problem, lang), disabled=True,
                                      className="chart-download-unavailable")]  # fmt: skip
    return dbc.DropdownMenu(
        items, label=t("download", lang), size="sm", color="light",
        align_end=True, className=f"chart-download chart-download-{name}",
    )  # fmt: skip


def table_download_links(name: str, query: str, lang: str | None) -> html.Div:
    """XLSX (formatted) and CSV (UTF-8 with BOM) of one table."""
    path = "/export/rankings" if name == "rankings" else f"/export/table/{name}"
    return html.Div(
        [html.Span(t("labelled", lang, label=t("table_" + name, lang), value=""),
                   className="small text-muted"),
         html.A(t("download_xlsx", lang), href=f"{path}.xlsx?{query}",
                className="small me-2 table-download-xlsx"),
         html.A(t("download_csv", lang), href=f"{path}.csv?{query}",
                className="small table-download-csv")],
        className=f"table-download table-download-{name}",
    )  # fmt: skip
