"""Survey responses captured offline before the survey closed and sent after it closed.

A device kept the response while it had no connection (field mode, groundwork/field); when it
arrives after the survey closed, it is still taken if it was captured while the survey was open,
but held: it counts nowhere until one of the survey's owners accepts it (it becomes a Response
that keeps its capture time and device) or rejects it (its answers are deleted). The same design
as answers captured late for a planning process (planning.services.late_capture_allowed).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import Instrument, InvitationLink, LateResponse, Response


def late_allowed(instrument: Instrument, captured_at: datetime | None, now: Any = None) -> bool:
    """A response captured while the survey was open, sent once it has closed."""
    if captured_at is None or instrument.status == Instrument.Status.DRAFT:
        return False
    if instrument.accepting_state(now) != "closed" or instrument.closes_at is None:
        return False
    opened = instrument.opens_at is None or captured_at >= instrument.opens_at
    return opened and captured_at < instrument.closes_at


def late_hold(
    *,
    instrument: Instrument,
    cleaned: dict[int, Any],
    language: str,
    idempotency_key: str,
    once_key: str,
    respondent: Any,
    invitation: InvitationLink | None,
    captured_at: datetime | None,
    captured_device: str = "",
    user: Any = None,
    link_token: str = "",
) -> LateResponse:
    """Keep a checked response sent after closing for the owners to decide on."""
    assert captured_at is not None
    late = LateResponse.objects.create(
        instrument=instrument,
        idempotency_key=idempotency_key,
        once_key=once_key,
        respondent=respondent,
        invitation=invitation,
        language=(language or "")[:10],
        answers={str(pk): [c.value, c.text, c.number] for pk, c in cleaned.items()},
        captured_at=captured_at,
        captured_device=captured_device[:40],
    )
    audit_record(
        action="survey.late_response_held",
        actor=respondent,
        community=instrument.audit_community,
        target=late,
    )
    return late


def _check(actor: Any, instrument: Instrument) -> None:
    if not actor.has_perm("measures.manage_survey", instrument):
        raise ApplicationError(_("You do not have permission to do that."))


@transaction.atomic
def late_decide(*, actor: Any, late: LateResponse, accept: bool) -> Response | None:
    """Accept (store it as a response, captured when it was) or reject a held response."""
    from ..services import (
        Cleaned,
        already_answered_message,
        invitation_used_message,
        response_store,
    )

    instrument = late.instrument
    _check(actor, instrument)
    late = LateResponse.objects.select_for_update().get(pk=late.pk)
    if late.status != LateResponse.Status.HELD:
        raise ApplicationError(_("This response was already decided on."))
    response = None
    if accept:
        if late.once_key and instrument.responses.filter(once_key=late.once_key).exists():
            raise ApplicationError(already_answered_message(instrument))
        invitation = late.invitation
        if invitation is not None and (invitation.used_at or invitation.response_id):
            raise ApplicationError(invitation_used_message())
        items = set(instrument.items.values_list("pk", flat=True))
        cleaned = {
            int(pk): Cleaned(value=value, text=text, number=number)
            for pk, (value, text, number) in late.answers.items()
            if int(pk) in items
        }
        key, once_key = late.idempotency_key, late.once_key
        late_pk = late.pk
        late.delete()  # the response takes its key
        response = response_store(
            instrument=instrument,
            cleaned=cleaned,
            language=late.language,
            idempotency_key=key,
            once_key=once_key,
            respondent=late.respondent,
            invitation=invitation,
            captured_at=late.captured_at,
            captured_device=late.captured_device,
        )
        details = {"late_response": late_pk, "captured_at": late.captured_at.isoformat()}
    else:
        late.status = LateResponse.Status.REJECTED
        late.answers = {}
        late.decided_by = actor
        late.decided_at = timezone.now()
        late.save(update_fields=["status", "answers", "decided_by", "decided_at"])
        details = {"late_response": late.pk}
    audit_record(
        action="survey.late_response_accepted" if accept else "survey.late_response_rejected",
        actor=actor,
        community=instrument.audit_community,
        target=instrument,
        details=details,
    )
    return response
