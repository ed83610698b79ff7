"""A plan in the API: the latest published version (or, for those who may see it, the draft)
as JSON with its goals, activities, links and progress, and its activities as CSV. The same
rules as the plan pages."""

from typing import Any

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from groundwork.planning.exports import csv_stream
from groundwork.planning.models import Process
from groundwork.plans import selectors
from groundwork.plans.exports import activity_columns, activity_rows, plan_document
from groundwork.plans.models import Plan

from .errors import require
from .schemas import ErrorOut

router = Router(tags=["plans"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PLAN = "/communities/{slug}/processes/{process_slug}/plan"


def _document(request: HttpRequest, slug: str, process_slug: str, draft: bool) -> dict[str, Any]:
    process = get_object_or_404(
        Process.objects.select_related("community", "current_phase"),
        community__slug=slug,
        slug=process_slug,
    )
    require(request, "planning.view_process", process)
    plan: Plan | None = selectors.plan_for_process(process)
    if plan is None:
        raise Http404
    plan.process = process
    require(request, "plans.view_draft" if draft else "plans.view_plan", plan)
    version = None if draft else selectors.latest_version(plan)
    if not draft and version is None:
        raise Http404
    return plan_document(plan, version, selectors.tracking(plan), draft=draft)


@router.get(PLAN, response={200: dict[str, Any], **ERRORS})
def get_plan(request: HttpRequest, slug: str, process_slug: str, draft: bool = False):  # type: ignore[no-untyped-def]
    """The latest published version, or the draft with `?draft=true` (facilitators, and
    everyone who may see the process while the draft is open for endorsement)."""
    return Status(200, _document(request, slug, process_slug, draft))


@router.get(PLAN + "/activities.csv", response={200: None, **ERRORS})
def plan_activities_csv(request: HttpRequest, slug: str, process_slug: str, draft: bool = False):  # type: ignore[no-untyped-def]
    """The activities as CSV, one row each, streamed; cells a spreadsheet would run as a
    formula are defused."""
    document = _document(request, slug, process_slug, draft)
    response = StreamingHttpResponse(
        csv_stream(activity_rows(document), activity_columns()),
        content_type="text/csv; charset=utf-8",
    )
    name = f"{process_slug}-plan-{'draft' if draft else 'v' + str(document['version'])}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
