"""File downloads with stable URLs: ``/data/template.xlsx?region=&year=&month=``."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import Flask, Response, abort, request

from data_access import queries
from data_access.accounts import AccessDenied
from data_access.supervision import attachment
from domain.cycle import opens_on
from domain.model import COUNTY
from i18n import Refusal, t
from presenters.templates import template_xlsx
from server.auth import current_actor
from services.context import parse_period
from settings import current_settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_downloads(server: Flask) -> None:
    @server.route("/supervision/attachment/<attachment_id>")
    def download_attachment(attachment_id):
        """An attachment of a 督办 item, to whoever may see the item (the data layer
        checks); always as a download, never shown inline."""
        actor = current_actor()
        if actor is None:
            abort(401)
        try:
            name, kind, content = attachment(actor, attachment_id)
        except AccessDenied:
            abort(403)
        except Refusal:
            abort(404)
        return Response(content, mimetype=kind, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff"})  # fmt: skip

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
