"""The referral loop for partners' own systems: create, list mine, read one (recorded like a
page view), change status, write a message; and the de-identified figures of a community or a
network (``report.py``, as on the pages and in their CSV files). Token or session
authentication, the same rules as the pages (``referrals.rules``). Services are named by their
HSDS id."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from groundwork.api.errors import require
from groundwork.api.idempotency import idempotent
from groundwork.api.pagination import MAX_OFFSET
from groundwork.api.schemas import ErrorOut, ValidationErrorOut
from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.directory.models import Service

from . import selectors
from .actions import access, messaging, sending, statuses
from .models import REDISCLOSURE_NOTICE, AccessRecord, Referral
from .needs import need_choices
from .report import Report, network_referral_report, referral_report
from .rules import handling_organization

router = Router(tags=["referrals"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ReferralOut(Schema):
    id: int
    service_id: UUID
    service_name: str
    sender: str
    receiver: str
    status: str
    needs: list[str]
    urgency: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    decline_reason: str
    outcome: str

    @staticmethod
    def resolve_service_id(obj: Referral) -> UUID:
        return obj.service.hsds_id

    @staticmethod
    def resolve_service_name(obj: Referral) -> str:
        return obj.service.name

    @staticmethod
    def resolve_sender(obj: Referral) -> str:
        return obj.sender.name

    @staticmethod
    def resolve_receiver(obj: Referral) -> str:
        return obj.receiver.name


class PersonOut(Schema):
    name: str
    phone: str | None = None
    email: str | None = None
    best_times: str | None = None
    contact_methods: list[str] | None = None
    language: str
    note: str | None = None


class StepOut(Schema):
    from_status: str
    to_status: str
    reason: str
    by_person: bool
    organization: str | None
    created_at: dt.datetime


class MessageOut(Schema):
    organization: str
    body: str
    created_at: dt.datetime


class ReferralDetailOut(ReferralOut):
    person: PersonOut | None
    history: list[StepOut]
    messages: list[MessageOut] | None
    # A sensitive service's receiver: the notice that comes with the person's details.
    redisclosure_notice: str | None

    @staticmethod
    def resolve_redisclosure_notice(obj: Referral) -> str | None:
        return obj.api_notice  # type: ignore[attr-defined]

    @staticmethod
    def resolve_person(obj: Referral) -> Any:
        return obj.api_person  # type: ignore[attr-defined]

    @staticmethod
    def resolve_history(obj: Referral) -> Any:
        return obj.api_history  # type: ignore[attr-defined]

    @staticmethod
    def resolve_messages(obj: Referral) -> Any:
        return obj.api_messages  # type: ignore[attr-defined]


class PersonIn(Schema):
    name: str
    phone: str = ""
    email: str = ""
    best_times: str = ""
    contact_methods: list[str] = []
    language: str = "en"


class ConsentIn(Schema):
    method: str
    fields: list[str] = []
    until: dt.date
    attested: bool = False
    signature: str = ""


class ReferralIn(Schema):
    services: list[UUID]
    person: PersonIn
    needs: list[str] = []
    urgency: str = "routine"
    note: str = ""
    consent: ConsentIn
    confirm_duplicate: bool = False
    idempotency_key: str = ""


class DuplicateOut(Schema):
    detail: str
    duplicates: list[int]


class NeedOut(Schema):
    code: str
    name: str


class StatusIn(Schema):
    to_status: str
    reason: str = ""
    forward_to: UUID | None = None


class MessageIn(Schema):
    body: str


class FigureOut(Schema):
    label: str
    code: str | None  # the status, outcome or need; null for organizations and services
    count: int | None  # null: hidden to protect small groups


class FigureTableOut(Schema):
    key: str
    title: str
    total: int | None
    rows: list[FigureOut]


class ReferralReportOut(Schema):
    community: str | None
    network: str | None
    total: int | None
    accepted: int | None
    median_days_to_accept: float | None
    tables: list[FigureTableOut]


def _report_out(report: Report, *, community: str | None, network: str | None) -> dict[str, Any]:
    return {
        "community": community,
        "network": network,
        "total": report.total.value,
        "accepted": report.accepted_count.value,
        "median_days_to_accept": report.median_days_to_accept,
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "total": None if table.total is None else table.total.value,
                "rows": [
                    {"label": row.label, "code": row.code, "count": row.cell.value}
                    for row in table.rows
                ],
            }
            for table in report.tables
        ],
    }


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(Community, slug=slug)
    require(request, perm, community)
    return community


def _referral(request: HttpRequest, slug: str, referral_id: int, perm: str) -> Referral:
    referral = selectors.referral_in_community(slug=slug, referral_id=referral_id)
    require(request, perm, referral)
    return referral


@router.get("/communities/{slug}/referrals", response={200: list[ReferralOut], **ERRORS})
def list_referrals(
    request: HttpRequest, slug: str, box: str = "received", limit: int = 100, offset: int = 0
):  # type: ignore[no-untyped-def]
    """The caller's organization's referrals, received (the default) or sent. No one's
    details: read a referral to see them."""
    community = _community(request, slug, "referrals.view_inbox")
    organization_id = handling_organization(request.user, community)
    assert organization_id is not None
    limit = max(1, min(limit, 1000))
    offset = min(max(0, offset), MAX_OFFSET)
    rows = selectors.inbox(
        community=community,
        organization_id=organization_id,
        box=box if box in selectors.BOXES else "received",
    )[offset : offset + limit]
    return Status(200, list(rows))


@router.post(
    "/communities/{slug}/referrals",
    response={
        201: list[ReferralOut],
        409: DuplicateOut,
        422: ValidationErrorOut,
        **ERRORS,
    },
)
@idempotent(required=False)
def create_referral(request: HttpRequest, slug: str, payload: ReferralIn):  # type: ignore[no-untyped-def]
    """Refer a person to one or more services (by HSDS id), with their consent. 409 lists open
    referrals of the same person to the same services; send again with
    ``confirm_duplicate`` to go on. ``needs`` are codes of the community's network's need
    categories (``GET /communities/{slug}/referrals/needs``); another code is refused (422).
    Retry-safe with an ``Idempotency-Key`` header (or the body's ``idempotency_key``)."""
    community = _community(request, slug, "referrals.send")
    offered = {code for code, _label in need_choices(community)}
    unknown = sorted({n for n in payload.needs if n not in offered})
    if unknown:
        from django.utils.translation import gettext as _

        message = _("Choose needs from the list.")
        return JsonResponse(
            {
                "detail": _("Some of the data sent is not valid."),
                "errors": [{"field": "needs", "message": f"{message} ({', '.join(unknown)})"}],
            },
            status=422,
        )
    chosen = list(Service.objects.filter(community=community, hsds_id__in=payload.services))
    if len(chosen) != len(set(payload.services)):
        from django.utils.translation import gettext as _

        raise ApplicationError(_("Choose services of this community."), field="services")
    try:
        created = sending.referral_create(
            actor=request.user,
            community=community,
            services=chosen,
            person=sending.PersonDetails(**payload.person.dict()),
            needs=payload.needs,
            urgency=payload.urgency,
            note=payload.note,
            consent_method=payload.consent.method,
            consent_fields=payload.consent.fields,
            consent_until=payload.consent.until,
            attested=payload.consent.attested,
            signature=payload.consent.signature,
            confirm_duplicate=payload.confirm_duplicate,
            idempotency_key=payload.idempotency_key or getattr(request, "idempotency_key", ""),
            base_url=request.build_absolute_uri("/"),
        )
    except sending.DuplicateReferral as error:
        return JsonResponse(
            {"detail": error.message, "duplicates": [r.pk for r in error.duplicates]}, status=409
        )
    rows = (
        Referral.objects.filter(pk__in=[r.pk for r in created])
        .select_related("service", "sender", "receiver")
        .order_by("pk")
    )
    return _json(201, [ReferralOut.from_orm(r) for r in rows])


def _json(status: int, data: Any) -> JsonResponse:
    """A write's answer as its schema shapes it, so a retry can be given the same bytes."""
    if isinstance(data, list):
        body: Any = [item.model_dump(mode="json") for item in data]
    else:
        body = data.model_dump(mode="json")
    return JsonResponse(body, status=status, safe=False)


@router.get("/communities/{slug}/referrals/needs", response={200: list[NeedOut], **ERRORS})
def list_needs(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The need categories a referral in this community may name: its network's, in order,
    named in the caller's language (retired ones are not offered)."""
    community = _community(request, slug, "referrals.send")
    return Status(200, [{"code": c, "name": n} for c, n in need_choices(community)])


# Declared before the routes of one referral, whose "{referral_id}" would take "report".
@router.get("/communities/{slug}/referrals/report", response={200: ReferralReportOut, **ERRORS})
def community_report(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The community's de-identified referral figures, as on its report page and in its CSV:
    referrals by status, receiving organization, service, outcome and need, and the median
    days from sending to acceptance. Counts from 1 to 10, and any that would reveal them, are
    null; sensitive services are counted together, never named. For the community's
    coordinators and the members who handle referrals."""
    community = _community(request, slug, "referrals.view_report")
    return Status(
        200, _report_out(referral_report(community=community), community=slug, network=None)
    )


@router.get("/networks/{slug}/referrals/report", response={200: ReferralReportOut, **ERRORS})
def network_report(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The same figures over every community of the network (receiving organizations named
    with their community). For the network's staff."""
    network = get_object_or_404(Network, slug=slug)
    require(request, "communities.manage_network", network)
    return Status(
        200,
        _report_out(network_referral_report(network=network), community=None, network=slug),
    )


def _detail(request: HttpRequest, referral: Referral) -> Referral:
    details = None
    if request.user.has_perm("referrals.view_details", referral):
        details = access.referral_details_read(
            actor=request.user, referral=referral, reason=AccessRecord.Reason.API
        )
    referral.api_person = (  # type: ignore[attr-defined]
        {**details, "language": referral.person.language} if details is not None else None
    )
    is_sender = handling_organization(request.user, referral.community) == referral.sender_id
    referral.api_notice = (  # type: ignore[attr-defined]
        str(REDISCLOSURE_NOTICE) if referral.sensitive and not is_sender else None
    )
    referral.api_history = [  # type: ignore[attr-defined]
        {
            "from_status": c.from_status,
            "to_status": c.to_status,
            "reason": c.reason,
            "by_person": c.by_person,
            "organization": c.organization.name if c.organization else None,
            "created_at": c.created_at,
        }
        for c in selectors.history(referral)
    ]
    referral.api_messages = (  # type: ignore[attr-defined]
        [
            {"organization": m.organization.name, "body": m.body, "created_at": m.created_at}
            for m in selectors.messages(referral)
        ]
        if details is not None
        else None
    )
    return referral


@router.get(
    "/communities/{slug}/referrals/{referral_id}", response={200: ReferralDetailOut, **ERRORS}
)
def get_referral(request: HttpRequest, slug: str, referral_id: int):  # type: ignore[no-untyped-def]
    """One referral. The person's details (what the consent covers) are included for those
    who may see them, and each such read is recorded, as on the page."""
    referral = _referral(request, slug, referral_id, "referrals.view_referral")
    return Status(200, _detail(request, referral))


@router.post(
    "/communities/{slug}/referrals/{referral_id}/status",
    response={200: ReferralOut, 422: ValidationErrorOut, **ERRORS},
)
@idempotent(required=False)
def change_status(request: HttpRequest, slug: str, referral_id: int, payload: StatusIn):  # type: ignore[no-untyped-def]
    """Accept, decline (reason), forward (forward_to: a service's HSDS id), mark in progress,
    or close (reason: the outcome). Other changes are refused with 422. Retry-safe with an
    ``Idempotency-Key`` header."""
    referral = _referral(request, slug, referral_id, "referrals.act_as_receiver")
    forward_to = None
    if payload.forward_to:
        forward_to = get_object_or_404(
            Service, community=referral.community, hsds_id=payload.forward_to
        )
    done = statuses.referral_transition(
        actor=request.user,
        referral=referral,
        to_status=payload.to_status,
        reason=payload.reason,
        forward_to=forward_to,
        base_url=request.build_absolute_uri("/"),
    )
    return _json(
        200,
        ReferralOut.from_orm(
            Referral.objects.select_related("service", "sender", "receiver").get(pk=done.pk)
        ),
    )


@router.post(
    "/communities/{slug}/referrals/{referral_id}/messages",
    response={201: MessageOut, 422: ValidationErrorOut, **ERRORS},
)
@idempotent(required=False)
def send_message(request: HttpRequest, slug: str, referral_id: int, payload: MessageIn):  # type: ignore[no-untyped-def]
    """Write a message on a referral. Retry-safe with an ``Idempotency-Key`` header: a retry
    of a message that was stored is not stored again."""
    referral = _referral(request, slug, referral_id, "referrals.message")
    message = messaging.message_send(actor=request.user, referral=referral, body=payload.body)
    return _json(
        201,
        MessageOut(
            organization=message.organization.name,
            body=message.body,
            created_at=message.created_at,
        ),
    )
