"""Export downloads with stable URLs (same access rules as the pages):

- ``/export/rankings.xlsx|csv?year=YYYY&month=M`` and ``/export/table/<name>.xlsx|csv``
- ``/export/bulletin.pdf?year=YYYY&month=M`` (and ``.docx``)
- ``/export/chart/<name>.png|svg|pdf?year=YYYY&month=M[&indicator=code]``
- ``/export/view.zip?page=rankings|overview&year=YYYY&month=M``

``&data=submitted`` includes figures not yet approved. A bad year or month is a 400 with
a message saying so.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from urllib.parse import quote

from flask import Flask, Response, request

from data_access import queries
from data_access.queries import home_region
from i18n import t
from presenters.bulletin import BulletinBusy, bulletin_file
from presenters.charts import chart_file
from presenters.exports import (
    CHART_FORMATS,
    ExportForbidden,
    ExportUnavailable,
    InvalidExport,
    table_csv,
    table_xlsx,
)
from presenters.table_exports import PRIVATE_TABLES, TABLES, TableExport
from server.auth import current_actor
from services import lookups
from services.assessment import PeriodView, Scope, period_view
from services.context import (
    ALL_COUNTIES,
    data_mode,
    is_region_code,
    parse_period,
    rules,
    stamp,
)
from services.publishing import issued_bulletin, issued_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VIEW_CONTENTS = {
    "rankings": (("score-bar", "gap-heatmap"), ("rankings", "results")),
    "overview": (("score-map", "city-trend"), ("results",)),
    "indicator": (("indicator-map", "indicator-bar", "indicator-trend"), ("results",)),
    "county": (("county-trend",), ("results",)),
}


def _attachment(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _lang() -> str:
    return "en" if request.args.get("lang") == "en" else "zh"


def _view_from_request() -> PeriodView:
    period = parse_period(request.args.get("year"), request.args.get("month"))
    if period is None:
        raise InvalidExport("exp_bad_period")
    mode = data_mode(request.args.get("data") == "submitted")
    view = period_view(*period, rules(period[0]), mode, _scope_from_request())
    if not view.has_data:
        raise InvalidExport("exp_no_data", year=period[0], month=period[1])
    return view


def _scope_from_request() -> Scope | None:
    """The view's scope from ``scope`` and ``units`` (None: the home scope)."""
    scope, units = request.args.get("scope"), request.args.get("units")
    if scope is None and units is None:
        return None
    if (scope is not None and not is_region_code(scope)) or units not in (
        None, ALL_COUNTIES):  # fmt: skip
        raise InvalidExport("exp_bad_scope")
    found = Scope(scope or home_region(), units)
    if not lookups.units(found.parent, found.level):
        raise InvalidExport("exp_bad_scope")
    return found


def _table(name: str, view: PeriodView) -> TableExport:
    if name not in TABLES:
        raise InvalidExport("exp_no_table", name=name[:40])
    region = request.args.get("region")
    if region is not None and region not in set(view.counties):
        raise InvalidExport("exp_bad_region")
    if name in PRIVATE_TABLES:
        actor = current_actor()
        if actor is None:
            raise ExportForbidden("exp_history_login", 401)
        if actor.role == "county" and (region or view.counties[0]) != actor.region:
            raise ExportForbidden("exp_history_own", 403)
    indicator = request.args.get("indicator")
    if indicator is not None and indicator not in set(view.indicators.code):
        raise InvalidExport("exp_bad_indicator")
    return TABLES[name](view, region=region, indicator=indicator, lang=_lang())


def _provisional(export: TableExport, view: PeriodView) -> TableExport:
    """A table of a month still being reported says so in its title (临时)."""
    if not view.provisional:
        return export
    label = t("provisional_badge", _lang())
    return replace(export, title=t("provisional_title", _lang(), title=export.title,
                                   label=label))  # fmt: skip


def _table_file(export: TableExport, fmt: str, is_demo: bool) -> bytes:
    lang = _lang()
    notes = [t("data_source", lang)] + ([t("demo_table_note", lang)] if is_demo else [])
    if fmt == "xlsx":
        return table_xlsx(export.rows, export.columns, title=export.title, notes=notes,
                          lang=lang)  # fmt: skip
    return table_csv(export.rows, export.columns, lang)


def _chart_bytes(name: str, fmt: str, view: PeriodView, is_demo: bool) -> bytes:
    return chart_file(
        name,
        fmt,
        view,
        lang=_lang(),
        rules=rules(view.year),
        is_demo=is_demo,
        indicator=request.args.get("indicator"),
        region=request.args.get("region", ""),
    )


def _issued(fmt: str):
    """((year, month), bytes) of the bulletin issued when the month was published,
    for the view it was issued for (approved figures, the home scope); else None."""
    period = parse_period(request.args.get("year"), request.args.get("month"))
    if period is None or request.args.get("data") == "submitted" or _lang() == "en":
        return None  # the issued bulletin is the Chinese one of approved figures
    if _scope_from_request() is not None:
        return None
    body = issued_bulletin(*period, fmt)
    return None if body is None else (period, body)


def _handle(produce):
    try:
        return produce()
    except InvalidExport as bad:
        return _text(bad.text(_lang()), 400)
    except ExportForbidden as forbidden:
        return _text(forbidden.text(_lang()), forbidden.status)
    except ExportUnavailable as unavailable:
        return _text(unavailable.text(_lang()), 503)
    except BulletinBusy as busy:
        answer = _text(busy.text(_lang()), 503)
        answer.headers["Retry-After"] = "5"
        return answer


def _text(body: str, status: int) -> Response:
    return Response(body, status=status, mimetype="text/plain; charset=utf-8")


def register_exports(server: Flask) -> None:
    @server.route("/export/rankings.<fmt>")
    def export_rankings(fmt: str):
        return export_table("rankings", fmt)

    @server.route("/export/table/<name>.<fmt>")
    def export_table(name: str, fmt: str):
        def produce():
            if fmt not in ("xlsx", "csv"):
                raise InvalidExport("exp_bad_format", formats="xlsx, csv")
            view = _view_from_request()
            export = _provisional(_table(name, view), view)
            body = _table_file(export, fmt, stamp().is_demo)
            mimetype = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
            return _attachment(body, mimetype, f"{export.title}.{fmt}")

        return _handle(produce)

    @server.route("/export/chart/<name>.<fmt>")
    def export_chart(name: str, fmt: str):
        def produce():
            if fmt not in CHART_FORMATS:
                raise InvalidExport("exp_bad_format", formats="png, svg, pdf")
            view = _view_from_request()
            body = _chart_bytes(name, fmt, view, stamp().is_demo)
            return _attachment(body, CHART_FORMATS[fmt],
                               f"{name}-{view.year}-{view.month:02d}.{fmt}")  # fmt: skip

        return _handle(produce)

    @server.route("/export/bulletin.<fmt>")
    def export_bulletin(fmt: str):
        def produce():
            if fmt not in ("pdf", "docx"):
                raise InvalidExport("exp_bad_format", formats="pdf, docx")
            mimetype = "application/pdf" if fmt == "pdf" else DOCX
            issued = _issued(fmt)
            if issued is not None:  # the file as issued at publishing, byte for byte
                year, month = issued[0]
                name = t("bulletin_file", "zh", year=year, month=month, ext=fmt)
                return _attachment(issued[1], mimetype, name)
            data_stamp = queries.data_stamp()  # before the view: a later write is newer
            view, body = bulletin_file(
                _view_from_request, fmt, rules, data_stamp, _lang()
            )
            name = t(
                "bulletin_file", _lang(), year=view.year, month=view.month, ext=fmt
            )
            return _attachment(body, mimetype, name)

        return _handle(produce)

    @server.route("/export/bulletin/issued/<int:event_id>.<fmt>")
    def export_issued_bulletin(event_id: int, fmt: str):
        """A bulletin as it was issued at one publication (往期通报), byte for byte,
        also after that publication was withdrawn."""

        def produce():
            if fmt not in ("pdf", "docx"):
                raise InvalidExport("exp_bad_format", formats="pdf, docx")
            found = issued_file(event_id, fmt)
            if found is None:
                raise InvalidExport("exp_no_issued")
            year, month, body = found
            mimetype = "application/pdf" if fmt == "pdf" else DOCX
            return _attachment(body, mimetype,
                               t("bulletin_file", "zh", year=year, month=month, ext=fmt))  # fmt: skip

        return _handle(produce)

    @server.route("/export/view.zip")
    def export_view():
        def produce():
            page = request.args.get("page", "rankings")
            if page not in VIEW_CONTENTS:
                raise InvalidExport("exp_bad_page", pages=", ".join(VIEW_CONTENTS))
            view = _view_from_request()
            is_demo = stamp().is_demo
            charts, tables = VIEW_CONTENTS[page]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name in tables:
                    export = _provisional(_table(name, view), view)
                    for fmt in ("xlsx", "csv"):
                        archive.writestr(f"{export.title}.{fmt}",
                                         _table_file(export, fmt, is_demo))  # fmt: skip
                for name in charts:
                    try:
                        png = _chart_bytes(name, "png", view, is_demo)
                    except ExportUnavailable as unavailable:
                        # One note for the images left out (the same reason for each).
                        note = t("exp_charts_missing_file", _lang())
                        archive.writestr(note, unavailable.text(_lang()))
                        break
                    archive.writestr(f"{name}.png", png)
            return _attachment(buffer.getvalue(), "application/zip",
                               f"{page}-{view.year}-{view.month:02d}.zip")  # fmt: skip

        return _handle(produce)
