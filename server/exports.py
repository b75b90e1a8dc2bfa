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
from urllib.parse import quote

from flask import Flask, Response, request

from server.auth import current_actor
from services.assessment import PeriodView, period_view
from services.bulletin import bulletin_docx, bulletin_for, bulletin_pdf
from services.charts import chart_file
from services.context import data_mode, parse_period, rules, stamp
from services.exports import (
    CHART_FORMATS,
    SOURCE,
    ExportForbidden,
    ExportUnavailable,
    InvalidExport,
    table_csv,
    table_xlsx,
)
from services.table_exports import PRIVATE_TABLES, TABLES, TableExport

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


def _view_from_request() -> PeriodView:
    period = parse_period(request.args.get("year"), request.args.get("month"))
    if period is None:
        raise InvalidExport("年份或月份无效：请用 ?year=YYYY&month=M（月份1–12）")
    mode = data_mode(request.args.get("data") == "submitted")
    view = period_view(*period, rules(), mode)
    if not view.has_data:
        raise InvalidExport(f"{period[0]}年{period[1]}月暂无数据")
    return view


def _table(name: str, view: PeriodView) -> TableExport:
    if name not in TABLES:
        raise InvalidExport(f"没有名为 {name[:40]} 的表格")
    region = request.args.get("region")
    if region is not None and region not in set(view.counties):
        raise InvalidExport("旗县区无效")
    if name in PRIVATE_TABLES:
        actor = current_actor()
        if actor is None:
            raise ExportForbidden("修改记录含操作人信息，请先登录", 401)
        if actor.role == "county" and (region or view.counties[0]) != actor.region:
            raise ExportForbidden("只能导出本旗县区的修改记录", 403)
    indicator = request.args.get("indicator")
    if indicator is not None and indicator not in set(view.indicators.code):
        raise InvalidExport("指标无效")
    return TABLES[name](view, region=region, indicator=indicator)


def _table_file(export: TableExport, fmt: str, is_demo: bool) -> bytes:
    notes = [SOURCE] + (["示例数据：数字为演示用，不代表实际统计"] if is_demo else [])
    if fmt == "xlsx":
        return table_xlsx(export.rows, export.columns, title=export.title, notes=notes)
    return table_csv(export.rows, export.columns)


def _chart_bytes(name: str, fmt: str, view: PeriodView, is_demo: bool) -> bytes:
    return chart_file(
        name,
        fmt,
        view,
        lang="en" if request.args.get("lang") == "en" else "zh",
        rules=rules(),
        is_demo=is_demo,
        indicator=request.args.get("indicator"),
        region=request.args.get("region", ""),
    )


def _handle(produce):
    try:
        return produce()
    except InvalidExport as bad:
        return Response(str(bad), status=400, mimetype="text/plain; charset=utf-8")
    except ExportForbidden as forbidden:
        return Response(
            str(forbidden),
            status=forbidden.status,
            mimetype="text/plain; charset=utf-8",
        )
    except ExportUnavailable as unavailable:
        return Response(
            str(unavailable), status=503, mimetype="text/plain; charset=utf-8"
        )


def register_exports(server: Flask) -> None:
    @server.route("/export/rankings.<fmt>")
    def export_rankings(fmt: str):
        return export_table("rankings", fmt)

    @server.route("/export/table/<name>.<fmt>")
    def export_table(name: str, fmt: str):
        def produce():
            if fmt not in ("xlsx", "csv"):
                raise InvalidExport("格式应为 xlsx 或 csv")
            view = _view_from_request()
            export = _table(name, view)
            body = _table_file(export, fmt, stamp().is_demo)
            mimetype = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
            return _attachment(body, mimetype, f"{export.title}.{fmt}")

        return _handle(produce)

    @server.route("/export/chart/<name>.<fmt>")
    def export_chart(name: str, fmt: str):
        def produce():
            if fmt not in CHART_FORMATS:
                raise InvalidExport("格式应为 png、svg 或 pdf")
            view = _view_from_request()
            body = _chart_bytes(name, fmt, view, stamp().is_demo)
            return _attachment(body, CHART_FORMATS[fmt],
                               f"{name}-{view.year}-{view.month:02d}.{fmt}")  # fmt: skip

        return _handle(produce)

    @server.route("/export/bulletin.<fmt>")
    def export_bulletin(fmt: str):
        def produce():
            if fmt not in ("pdf", "docx"):
                raise InvalidExport("格式应为 pdf 或 docx")
            view = _view_from_request()
            bulletin = bulletin_for(view, rules())
            if fmt == "pdf":
                body, mimetype = bulletin_pdf(bulletin), "application/pdf"
            else:
                body, mimetype = bulletin_docx(bulletin), DOCX
            return _attachment(
                body, mimetype, f"考核通报-{view.year}年{view.month}月.{fmt}"
            )

        return _handle(produce)

    @server.route("/export/view.zip")
    def export_view():
        def produce():
            page = request.args.get("page", "rankings")
            if page not in VIEW_CONTENTS:
                raise InvalidExport("page 应为 " + "、".join(VIEW_CONTENTS))
            view = _view_from_request()
            is_demo = stamp().is_demo
            charts, tables = VIEW_CONTENTS[page]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name in tables:
                    export = _table(name, view)
                    for fmt in ("xlsx", "csv"):
                        archive.writestr(f"{export.title}.{fmt}",
                                         _table_file(export, fmt, is_demo))  # fmt: skip
                for name in charts:
                    try:
                        archive.writestr(
                            f"{name}.png", _chart_bytes(name, "png", view, is_demo)
                        )
                    except ExportUnavailable as unavailable:
                        archive.writestr("图表未生成.txt", str(unavailable))
            return _attachment(buffer.getvalue(), "application/zip",
                               f"{page}-{view.year}-{view.month:02d}.zip")  # fmt: skip

        return _handle(produce)
