"""The community endorsing the draft, activity by activity."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.planning.models import Participant

from ..models import (
    Endorsement,
    EndorsementValue,
    Plan,
)
from .common import _require


@transaction.atomic
def endorsement_set_open(*, actor: Any, plan: Plan, is_open: bool) -> Plan:
    _require(actor, "plans.change_plan", plan)
    if is_open and not plan.activities.exists():
        raise ApplicationError(_("Add activities before asking the community to endorse them."))
    plan.endorsement_open = is_open
    plan.save(update_fields=["endorsement_open", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.endorsement_opened" if is_open else "plan.endorsement_closed",
        target=plan,
    )
    return plan


@dataclass(frozen=True)
class EndorsementEntry:
    activity_id: int
    value: str  # "" leaves the activity without a view
    comment: str = ""


@transaction.atomic
def endorsements_submit(
    *,
    plan: Plan,
    participant: Participant,
    entries: Sequence[EndorsementEntry],
    actor: Any = None,
    idempotency_key: str = "",
) -> int:
    """A participant's views on the draft's activities: one per activity (a second visit
    replaces the first); all are stored or none. Returns how many were stored.

    A retry of a form (same idempotency key) changes nothing and returns what the first one
    stored, to the participant who sent it only: anyone else sending that key gets
    ``AlreadyReceived`` and nothing is stored."""
    if len(idempotency_key) > 60:
        raise ApplicationError(_("The form is out of date. Reload the page and try again."))
    if idempotency_key:
        sent = list(
            Endorsement.objects.filter(activity__plan=plan, idempotency_key=idempotency_key)
        )
        if sent:
            if any(e.participant_id != participant.pk for e in sent):
                raise AlreadyReceived()
            return len(sent)
    if actor is not None and not actor.has_perm("plans.endorse", plan):
        raise ApplicationError(_("The draft plan is not open for endorsement now."))
    if not plan.endorsement_open:
        raise ApplicationError(_("The draft plan is not open for endorsement now."))
    if participant.process_id != plan.process_id:
        raise ApplicationError(_("You are not taking part in this process."))
    activity_ids = set(plan.activities.values_list("pk", flat=True))
    chosen = [e for e in entries if e.value or e.comment.strip()]
    for entry in chosen:
        if entry.activity_id not in activity_ids:
            raise ApplicationError(_("That activity is not part of this plan."))
        if entry.value not in EndorsementValue.values:
            raise ApplicationError(
                _("Say whether you support the activity or have concerns before commenting.")
            )
    if not chosen:
        raise ApplicationError(_("Say what you think of at least one activity."))
    for entry in chosen:
        endorsement, _created = Endorsement.objects.update_or_create(
            activity_id=entry.activity_id,
            participant=participant,
            defaults={
                "community": plan.community,
                "value": entry.value,
                "comment": clean_text(entry.comment),
                "idempotency_key": idempotency_key,
            },
        )
        endorsement.full_clean()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.endorsed",
        target=plan,
        details={"participant": str(participant.public_id)[:8], "activities": len(chosen)},
    )
    return len(chosen)
