"""File downloads with stable URLs: ``/data/template.xlsx?region=&year=&month=``."""

from __future__ import annotations

from datetime import date

from flask import Flask, Response, abort, request

from data_access import queries
from domain.cycle import opens_on
from domain.model import COUNTY
from i18n import t
from presenters.templates import template_xlsx
from server.auth import current_actor
from services.context import parse_period
from settings import current_settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_downloads(server: Flask) -> None:
    @server.route("/data/template.xlsx")
    def download_template():
        actor = current_actor()
        if actor is None:
            abort(401)
        region = request.args.get("region", "")
        period = parse_period(request.args.get("year"), request.args.get("month"))
        if period is None:
            abort(400, t("exp_bad_period", request.args.get("lang")))
        if region not in set(queries.regions(COUNTY).code):
            abort(400, t("exp_bad_region", request.args.get("lang")))
        if actor.role == "county" and actor.region != region:
            abort(403)
        opens = opens_on(*period, current_settings().report_open_day)
        if date.today() < opens:  # the month has not ended: nothing to report yet
            abort(400, t("imp_future", request.args.get("lang"), year=period[0],
                         month=period[1], opens=f"{opens:%Y-%m-%d}"))  # fmt: skip
        body = template_xlsx(region, *period)
        filename = f"template-{region}-{period[0]}-{period[1]:02d}.xlsx"
        return Response(
            body,
            mimetype=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
