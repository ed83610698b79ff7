"""A plan in the API: the latest published version (or, for those who may see it, the draft)
as JSON with its goals, activities, links and progress, and its activities as CSV. The same
rules as the plan pages."""

import json
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Header, Router, Schema, Status
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder

from groundwork.core.exports import csv_stream
from groundwork.planning.models import Process
from groundwork.plans import selectors
from groundwork.plans import services as plans_services
from groundwork.plans.exports import activity_columns, activity_rows, plan_document
from groundwork.plans.models import Plan, ProgressUpdate

from .errors import require
from .idempotency import HEADER, WRITE_ERRORS, created, idempotent
from .pagination import Pagination
from .schemas import ErrorOut

router = Router(tags=["plans"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PLAN = "/communities/{slug}/processes/{process_slug}/plan"
CACHE_SECONDS = 60 * 60


def _plan(request: HttpRequest, slug: str, process_slug: str, draft: bool) -> Plan:
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
    return plan


def _document(request: HttpRequest, slug: str, process_slug: str, draft: bool) -> dict[str, Any]:
    plan = _plan(request, slug, process_slug, draft)
    version = None if draft else selectors.latest_version(plan)
    if not draft and version is None:
        raise Http404
    live = selectors.tracking(plan) if draft else selectors.public_tracking(plan, version)  # type: ignore[arg-type]
    return plan_document(plan, version, live, draft=draft)


def _published_json(request: HttpRequest, slug: str, process_slug: str) -> bytes:
    """The latest version as JSON. A published version never changes: its document is kept in
    the cache under the same key as its page (version, language, day, live progress)."""
    plan = _plan(request, slug, process_slug, draft=False)
    version = selectors.latest_version(plan, with_snapshot=False)
    if version is None:
        raise Http404
    live = selectors.public_tracking(plan, version)
    key = "api:" + selectors.version_body_key(version, live, get_language() or "")
    body: bytes | None = cache.get(key)
    if body is None:
        document = plan_document(plan, version, live)
        body = json.dumps(document, cls=NinjaJSONEncoder, ensure_ascii=False).encode()
        cache.set(key, body, CACHE_SECONDS)
    return body


@router.get(PLAN, response={200: dict[str, Any], **ERRORS})
def get_plan(request: HttpRequest, slug: str, process_slug: str, draft: bool = False):  # type: ignore[no-untyped-def]
    """The latest published version, or the draft with `?draft=true` (facilitators, and
    everyone who may see the process while the draft is open for endorsement)."""
    if draft:
        return Status(200, _document(request, slug, process_slug, draft))
    return HttpResponse(
        _published_json(request, slug, process_slug), content_type="application/json"
    )


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


@router.get(PLAN + "/money", response={200: dict[str, Any], **ERRORS})
def get_plan_money(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """Where the plan's money goes: cost, in-kind help, funded, spent and the gap still to
    fund, for the plan, each goal and each activity, as integers of cents (the same figures as
    the plan's money page)."""
    from groundwork.plans.budget_selectors import plan_money_json

    plan = _plan(request, slug, process_slug, draft=False)
    require(request, "plans.view_money", plan)
    return Status(200, plan_money_json(plan))


class PlanVersionOut(Schema):
    number: int
    note: str
    published_at: datetime


class ProgressUpdateOut(Schema):
    id: int
    activity: int
    activity_title: str
    goal: str
    on_date: date
    progress: int
    status: str
    note: str
    photo: str | None  # the photo's address (same rules as the plan), when there is one

    @staticmethod
    def resolve_activity(obj: ProgressUpdate) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_activity_title(obj: ProgressUpdate) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_goal(obj: ProgressUpdate) -> str:
        return obj.activity.goal.title if obj.activity.goal_id else ""

    @staticmethod
    def resolve_photo(obj: ProgressUpdate) -> str | None:
        if not obj.photo:
            return None
        process = obj.activity.plan.process
        return reverse("plans:update_photo", args=[process.community.slug, process.slug, obj.pk])


@router.get(PLAN + "/versions", response={200: list[PlanVersionOut], **ERRORS})
def list_plan_versions(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """Every published version, oldest first, with what changed."""
    plan = _plan(request, slug, process_slug, draft=False)
    return Status(200, list(plan.versions.defer("snapshot").order_by("number")))


@router.get(PLAN + "/versions/{number}", response={200: dict[str, Any], **ERRORS})
def get_plan_version(request: HttpRequest, slug: str, process_slug: str, number: int):  # type: ignore[no-untyped-def]
    """One published version as it was published, with today's progress of its activities."""
    plan = _plan(request, slug, process_slug, draft=False)
    version = get_object_or_404(plan.versions, number=number)
    return Status(200, plan_document(plan, version, selectors.public_tracking(plan, version)))


@router.get(PLAN + "/updates", response={200: list[ProgressUpdateOut], **ERRORS})
@paginate(Pagination)
def list_progress_updates(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """Progress updates, newest first, as the progress page lists them: those of the published
    plan's activities; before a first version, facilitators get the draft's."""
    plan = _plan(request, slug, process_slug, draft=False)
    version = selectors.latest_version(plan, with_snapshot=False)
    if version is None and not request.user.has_perm("plans.change_plan", plan):
        raise Http404
    return selectors.timeline(plan, version=version).select_related(
        "activity__plan__process__community"
    )


class ProgressUpdateIn(Schema):
    on_date: date
    progress: int  # percent, 0–100
    status: str  # idea, planned, under_way, done, dropped (as on the page)
    note: str


@router.post(
    PLAN + "/activities/{activity_id}/updates",
    response={201: ProgressUpdateOut, **WRITE_ERRORS},
)
@idempotent
def post_progress_update(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    process_slug: str,
    activity_id: int,
    payload: ProgressUpdateIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """What happened on an activity, from the activity's lead's own system: its progress and
    status carry over to the activity, as with the page's form (no photo here)."""
    plan = _plan(request, slug, process_slug, draft=True)
    require(request, "plans.post_progress", plan)
    activity = get_object_or_404(plan.activities.select_related("goal"), pk=activity_id)
    update = plans_services.progress_post(
        actor=request.user,
        activity=activity,
        on_date=payload.on_date,
        progress=payload.progress,
        status=payload.status,
        note=payload.note,
    )
    return created(ProgressUpdateOut.from_orm(update).model_dump(mode="json"))


class EndorsementIn(Schema):
    activity: int
    value: str  # support or concern (as on the page); "" leaves it without a view
    comment: str = ""


class EndorsementsIn(Schema):
    participant: str  # the client's own reference for the person (see the contributions route)
    endorsements: list[EndorsementIn]


class EndorsementsOut(Schema):
    participant: str
    stored: int


@router.post(
    PLAN + "/endorsements",
    response={201: EndorsementsOut, **WRITE_ERRORS},
)
@idempotent
def submit_endorsements(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    process_slug: str,
    payload: EndorsementsIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """A person's views on the draft's activities while it is open for endorsement (a later
    sending for the same person replaces the earlier one), all or nothing."""
    from django.db import transaction

    from .services import client_participant

    plan = _plan(request, slug, process_slug, draft=True)
    with transaction.atomic():
        participant = client_participant(
            user=request.user, process=plan.process, reference=payload.participant
        )
        stored = plans_services.endorsements_submit(
            plan=plan,
            participant=participant,
            entries=[
                plans_services.EndorsementEntry(e.activity, e.value, e.comment)
                for e in payload.endorsements
            ],
            actor=request.user,
            idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
        )
    return created({"participant": payload.participant, "stored": stored})
