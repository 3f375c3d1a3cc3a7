"""/api/v1/reports: the next report as it stands, publishing, published reports, CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.reports import builder, service
from tipsapp.reports.schemas import (
    AreasQuerySchema,
    DecisionsSchema,
    ReportContentSchema,
    ReportListQuerySchema,
    ReportListSchema,
    ReportSummarySchema,
)
from tipsapp.staff.auth import current_user, require_roles

blp = Blueprint(
    "reports", __name__, url_prefix="/api/v1/reports", description="Situation reports (lägesbild)"
)
# The staff version's columns: a report row's, then its (masked) text.
CSV_COLUMNS = (*builder.ITEM_ROW_KEYS, "text")
# Partners and viewers: the partner version's columns, with the analysts' summaries.
PARTNER_CSV_COLUMNS = builder.PARTNER_ROW_KEYS


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet set to the other list separator (Swedish Excel splits on ";") starts a new cell
# inside ours, so a formula right after a separator is disarmed too.
FORMULA_AFTER_SEPARATOR = re.compile(r"([;,]\s*)(?=[=+\-@\t\r])")


def inert(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: a formula at its start or after a ; or , gets a '."""
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@blp.route("")
class Reports(MethodView):
    @require_roles(*service.READERS)
    @blp.arguments(ReportListQuerySchema, location="query")
    @blp.response(200, ReportListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Published reports of your areas, newest first."""
        return {"items": service.published_reports(current_user(), query.get("area"))}


@blp.route("/next")
class NextReport(MethodView):
    @require_roles(*service.EDITORS)
    @blp.arguments(AreasQuerySchema, location="query")
    @blp.response(200, ReportContentSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The next report for these areas as it stands now (a draft)."""
        user = current_user()
        report = service.next_report(service.areas_for(user, query["area"]))
        return service.content_for(user, report)


@blp.route("/<string:report_id>")
class ReportById(MethodView):
    @require_roles(*service.READERS)
    @blp.response(200, ReportContentSchema)
    def get(self, report_id: str) -> dict[str, Any]:
        """A report: published ones are frozen; partners and viewers get the partner version."""
        user = current_user()
        return service.content_for(user, service.report_for(user, report_id))

    @require_roles(*service.EDITORS)
    @blp.arguments(DecisionsSchema)
    @blp.response(200, ReportSummarySchema)
    def patch(self, data: dict[str, Any], report_id: str) -> Any:
        """Record what the meeting decided (shown in the next report)."""
        user = current_user()
        return service.set_decisions(user, service.report_for(user, report_id), data["decisions"])


@blp.route("/<string:report_id>/publish")
class PublishReport(MethodView):
    @require_roles(*service.EDITORS)
    @blp.response(200, ReportSummarySchema)
    @blp.alt_response(409, description="Already published")
    def post(self, report_id: str) -> Any:
        """Publish: freeze the report, move its items to `reported`, open the next one."""
        user = current_user()
        return service.publish(user, service.report_for(user, report_id))


@blp.route("/<string:report_id>/items.csv")
class ReportCsv(MethodView):
    @require_roles(*service.READERS)
    @blp.response(
        200,
        description="The report's items as CSV (UTF-8). Staff: the item texts, with the kinds "
        "tipsapp.triage.pii knows masked. Partners and viewers: no item text or place, the "
        "analysts' summaries for partners instead.",
    )
    def get(self, report_id: str) -> Response:
        """The report's items as CSV, stating the areas, the period and when it was made."""
        user = current_user()
        content = service.content_for(user, service.report_for(user, report_id))
        columns = PARTNER_CSV_COLUMNS if content["level"] == "partner" else CSV_COLUMNS
        meta = content["report"]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                inert(
                    f"# {meta['number']} {'+'.join(a['code'] for a in meta['areas'])}"
                    f" {meta['period']['start']}..{meta['period']['end']}"
                    f" made {meta['generated_at']}"
                )
            ]
        )
        writer.writerow(columns)
        for row in content["items"]:
            writer.writerow([inert(row.get(column)) for column in columns])
        filename = f"lagesbild-{meta['number']}.csv"
        return Response(
            "\ufeff" + out.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
