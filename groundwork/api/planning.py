"""Planning processes and their answers in the API, under the same rules as the pages."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwork.core.errors import ApplicationError
from groundwork.planning import selectors
from groundwork.planning import services as planning
from groundwork.planning.models import BarrierKind, Channel, Moderation, Process

from .errors import require
from .idempotency import HEADER, WRITE_ERRORS, created, idempotent
from .pagination import Pagination
from .schemas import (
    ContributionFilters,
    ContributionOut,
    ErrorOut,
    ProcessOut,
)
from .services import client_participant

router = Router(tags=["planning"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _process(request: HttpRequest, slug: str, process_slug: str) -> Process:
    process = get_object_or_404(
        Process.objects.select_related("community", "current_phase"),
        community__slug=slug,
        slug=process_slug,
    )
    require(request, "planning.view_process", process)
    return process


@router.get("/communities/{slug}/processes", response={200: list[ProcessOut], **ERRORS})
def list_processes(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Community

    community = get_object_or_404(Community, slug=slug)
    require(request, "communities.view_community", community)
    return Status(200, list(selectors.process_list(community=community, user=request.user)))


@router.get("/communities/{slug}/processes/{process_slug}", response={200: ProcessOut, **ERRORS})
def get_process(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    return _process(request, slug, process_slug)


@router.get(
    "/communities/{slug}/processes/{process_slug}/contributions",
    response={200: list[ContributionOut], **ERRORS},
)
@paginate(Pagination)
def list_contributions(  # type: ignore[no-untyped-def]
    request: HttpRequest, slug: str, process_slug: str, filters: Query[ContributionFilters]
):
    """Answers the caller may see (facilitators also see held and hidden ones), newest first."""
    process = _process(request, slug, process_slug)
    wanted = {
        "channel": filters.channel if filters.channel in Channel.values else "",
        "language": filters.language,
        "moderation": filters.moderation if filters.moderation in Moderation.values else "",
        "q": filters.q[:100],
        "gathering": filters.gathering,  # an id; one from another process matches nothing
        "barrier_kind": filters.barrier_kind if filters.barrier_kind in BarrierKind.values else "",
    }
    question = process.questions.filter(key=filters.question).first() if filters.question else None
    if filters.question and question is None:
        return process.contributions.none()  # a question this process does not ask
    return selectors.contribution_list(
        process=process, viewer=request.user, question=question, filters=wanted
    ).select_related("question", "gathering")


class AnswerIn(Schema):
    question: str  # problems, barriers, strengths, actions, allies
    text: str
    barrier_kind: str = ""  # for barriers: internal or external


class AboutIn(Schema):
    """The optional "about you" step: kept only with consent (else cleared)."""

    consent: bool
    area: int | None = None  # one of the process's areas
    age_band: str = ""
    lived_experience: str = ""


class ContributionsIn(Schema):
    # The client's own reference for the person answering (a kiosk session, a record id):
    # the same reference is the same participant for this account. Blank: answers captured
    # without a participant (paper forms, a gathering's wall), for facilitators.
    participant: str = ""
    answers: list[AnswerIn]
    # "en" or "es"; blank: the request's language (Accept-Language), as the answer form does.
    language: str = ""
    channel: str = Channel.ONLINE
    gathering: int | None = None
    about: AboutIn | None = None


class ContributionsOut(Schema):
    participant: str
    contributions: list[ContributionOut]


@router.post(
    "/communities/{slug}/processes/{process_slug}/contributions",
    response={201: ContributionsOut, **WRITE_ERRORS},
)
@idempotent
def submit_contributions(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    process_slug: str,
    payload: ContributionsIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """Answers from another channel (a kiosk, a partner's form, typed-in paper forms), all or
    nothing, as the answer form stores them: the same checks, moderation and limits. Channels
    other than online, gatherings and answers without a participant are for facilitators."""
    process = _process(request, slug, process_slug)
    require(request, "planning.contribute", process)
    language = payload.language or get_language() or settings.LANGUAGE_CODE
    gathering = None
    if payload.gathering is not None:
        gathering = process.gatherings.filter(pk=payload.gathering).first()
        if gathering is None:
            raise ApplicationError(_("Choose a gathering of this process."), field="gathering")
    with transaction.atomic():
        participant = None
        if payload.participant:
            participant = client_participant(
                user=request.user,
                process=process,
                reference=payload.participant,
                language=language,
            )
        stored = planning.contributions_submit(
            process=process,
            participant=participant,
            answers=[planning.Answer(a.question, a.text, a.barrier_kind) for a in payload.answers],
            language=language,
            channel=payload.channel,
            idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
            actor=request.user,
            gathering=gathering,
        )
        if participant is not None and payload.about is not None:
            area = None
            if payload.about.area is not None:
                area = process.areas.filter(pk=payload.about.area).first()
            planning.participant_describe(
                participant=participant,
                consent=payload.about.consent,
                area=area,
                age_band=payload.about.age_band,
                language=language,
                lived_experience=payload.about.lived_experience,
            )
    return created(
        {
            "participant": payload.participant,
            "contributions": [ContributionOut.from_orm(c).model_dump(mode="json") for c in stored],
        }
    )


def _public_process(request: HttpRequest, slug: str, process_slug: str) -> Process:
    process = _process(request, slug, process_slug)
    if not AnonymousUser().has_perm("planning.view_process", process):
        raise Http404  # a private process publishes nothing
    return process


@router.get(
    "/communities/{slug}/processes/{process_slug}/open-data",
    response={200: dict[str, Any], **ERRORS},
)
def open_data(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """Everything the process publishes, as JSON: ``datapackage`` (a Frictionless data
    package describing every column) and ``tables`` (rows by table)."""
    from .opendata import json_package, process_package

    return Status(200, json_package(process_package(_public_process(request, slug, process_slug))))


@router.get(
    "/communities/{slug}/processes/{process_slug}/open-data.zip",
    response={200: None, **ERRORS},
)
def open_data_zip(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The same as CSV files with their ``datapackage.json``, zipped."""
    from .opendata import process_package, zip_package

    process = _public_process(request, slug, process_slug)
    response = HttpResponse(zip_package(process_package(process)), content_type="application/zip")
    name = f"{process.community.slug}-{process.slug}-open-data.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class GatheringOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: datetime
    place: str
    online_url: str
    language: str
    interpretation: str
    expected_attendance: int | None
    actual_attendance: int | None
    notes: str
    guide: str | None
    answers: int  # answers recorded at it

    @staticmethod
    def resolve_guide(obj: Any) -> str | None:
        return obj.guide.title if obj.guide_id else None


@router.get(
    "/communities/{slug}/processes/{process_slug}/gatherings",
    response={200: list[GatheringOut], **ERRORS},
)
def list_gatherings(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """The process's gatherings, newest first, for its facilitators (as their page)."""
    from django.db.models import Count

    process = _process(request, slug, process_slug)
    require(request, "planning.capture", process)
    gatherings = (
        process.gatherings.select_related("guide")
        .annotate(answers=Count("contributions"))
        .order_by("-starts_at", "-id")
    )
    return Status(200, list(gatherings))
