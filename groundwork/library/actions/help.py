"""Requests for technical assistance or mentoring, their triage by stewards, introductions."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.accounts.models import User
from groundwork.communities.models import Community, Region, Role, Strategy
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from ..models import Following, HelpRequest, HelpStatus, Introduction
from .mail import send_after_commit


def _require(actor: Any, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def request_create(
    *,
    actor: Any,
    community: Community,
    kind: str,
    topic: str,
    details: str = "",
    strategy: Strategy | None = None,
    focus_area: str = "",
    urgency: str = "normal",
) -> HelpRequest:
    _require(actor, "library.add_request", community)
    if strategy is not None and strategy.network_id != community.network_id:
        raise ApplicationError(_("Choose one of your network's strategies."), field="strategy")
    topic, details = clean_text(topic), clean_text(details)
    for name, text in (("topic", topic), ("details", details)):
        field = HelpRequest._meta.get_field(name)
        if len(text) > field.max_length:  # type: ignore[operator]
            raise ApplicationError(
                too_long_message(
                    label=field.verbose_name, length=len(text), limit=field.max_length
                ),  # type: ignore[arg-type]
                field=name,
            )
    request = HelpRequest(
        community=community,
        network_id=community.network_id,
        kind=kind,
        topic=topic,
        details=details,
        strategy=strategy,
        focus_area=focus_area,
        urgency=urgency,
        created_by=actor,
    )
    request.full_clean()
    request.save()
    Following.objects.get_or_create(user=actor, request=request)
    audit_record(
        community=community,
        actor=actor,
        action="library.request_created",
        target=request,
        details={"kind": kind, "urgency": urgency},
    )
    stewards = list(community.network.stewards.all())
    send_after_commit(template="request_new", users=stewards, context={"request": request})
    return request


@transaction.atomic
def request_triage(
    *,
    actor: Any,
    request: HelpRequest,
    status: str,
    assigned_steward: User | None = None,
    assigned_region: Region | None = None,
    mentor: Community | None = None,
    due_on: date | None = None,
) -> HelpRequest:
    """A steward sets the status, assigns a steward, a regional hub or a mentor coalition,
    and a due date."""
    _require(actor, "library.triage_request", request)
    if (
        assigned_steward is not None
        and not request.network.stewards.filter(pk=assigned_steward.pk).exists()
    ):
        raise ApplicationError(_("Choose one of the network's stewards."), field="assigned_steward")
    if assigned_region is not None and assigned_region.network_id != request.network_id:
        raise ApplicationError(_("Choose one of the network's regions."), field="assigned_region")
    if mentor is not None and (
        mentor.network_id != request.network_id or mentor.pk == request.community_id
    ):
        raise ApplicationError(_("Choose another coalition of the network."), field="mentor")
    before = {
        "status": request.status,
        "assigned_steward": request.assigned_steward_id,
        "assigned_region": request.assigned_region_id,
        "mentor": request.mentor_id,
        "due_on": request.due_on.isoformat() if request.due_on else None,
    }
    request.status = status
    request.assigned_steward = assigned_steward
    request.assigned_region = assigned_region
    request.mentor = mentor
    request.due_on = due_on
    if status == HelpStatus.NEW and (assigned_steward or assigned_region or mentor):
        request.status = HelpStatus.ASSIGNED
    request.full_clean()
    request.save()
    after = {
        "status": request.status,
        "assigned_steward": request.assigned_steward_id,
        "assigned_region": request.assigned_region_id,
        "mentor": request.mentor_id,
        "due_on": request.due_on.isoformat() if request.due_on else None,
    }
    if mentor is not None and before["mentor"] != mentor.pk:
        # A new mentor: agreement starts over.
        Introduction.objects.filter(request=request).delete()
        Introduction.objects.create(request=request, mentor=mentor)
    audit_record(
        community=request.community,
        actor=actor,
        action="library.request_triaged",
        target=request,
        details={"before": before, "after": after},
    )
    return request


def _coordinators(community: Community) -> list[User]:
    return list(
        User.objects.filter(
            memberships__community=community, memberships__role=Role.COORDINATOR
        ).order_by("pk")
    )


@transaction.atomic
def introduction_agree(*, actor: Any, request: HelpRequest) -> Introduction:
    """A coordinator of either coalition agrees to the introduction; when both have, one
    e-mail introduces the coordinators of both to each other."""
    _require(actor, "library.agree_introduction", request)
    intro = Introduction.objects.select_for_update().filter(request=request).first()
    if intro is None or intro.mentor_id != request.mentor_id:
        raise ApplicationError(_("No mentor has been suggested for this request yet."))
    now = timezone.now()
    for_requester = _is_coordinator(actor, request.community)
    for_mentor = _is_coordinator(actor, intro.mentor)
    if for_requester and intro.requester_agreed_at is None:
        intro.requester_agreed_at, intro.requester_agreed_by = now, actor
    if for_mentor and intro.mentor_agreed_at is None:
        intro.mentor_agreed_at, intro.mentor_agreed_by = now, actor
    side = "both" if for_requester and for_mentor else "mentor" if for_mentor else "requester"
    sending = (
        intro.sent_at is None
        and intro.requester_agreed_at is not None
        and intro.mentor_agreed_at is not None
    )
    if sending:
        intro.sent_at = now
        if request.status in (HelpStatus.NEW, HelpStatus.ASSIGNED):
            request.status = HelpStatus.IN_PROGRESS
            request.save(update_fields=["status", "updated_at"])
    intro.save()
    audit_record(
        community=request.community,
        actor=actor,
        action="library.introduction_agreed",
        target=request,
        details={"side": side, "sent": sending, "mentor": intro.mentor_id},
    )
    if sending:
        people = _coordinators(request.community) + _coordinators(intro.mentor)
        send_after_commit(
            template="introduction",
            users=people,
            context={
                "request": request,
                "requester": request.community,
                "mentor": intro.mentor,
                "people": people,
            },
        )
    return intro


def _is_coordinator(user: Any, community: Community) -> bool:
    from groundwork.communities.rules import role_in

    return role_in(user, community) == Role.COORDINATOR
