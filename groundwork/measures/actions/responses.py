"""Answering a survey: each answer checked against its question, the response stored once per
respondent (person, browser or personal link), a retried send given back what was stored."""

import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from ..choices import item_choices
from ..models import (
    Answer,
    Instrument,
    InvitationLink,
    Item,
    ItemKind,
    ItemRole,
    LateResponse,
    Response,
)
from .links import invitation_find, invitation_required_message, invitation_used_message

MAX_TEXT = 5000


@dataclass(frozen=True)
class Cleaned:
    value: Any = None
    text: str = ""
    number: float | None = None


def parse_number(text: str, *, language: str | None = None) -> float:
    """A number as a person types it. "." is a decimal point in every language; "," is the
    decimal comma for people writing in Spanish ("2,5") and a thousands separator in English
    ("1,200"); with both, the last one is the decimal separator ("1.200,5", "1,200.5").
    Spaces between digit groups are ignored. Raises ValueError for anything else."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    spanish = (language or get_language() or "en").startswith("es")
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        cleaned = cleaned.replace(grouping, "").replace(decimal, ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".") if spanish else cleaned.replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", cleaned):
        raise ValueError(text)
    return float(cleaned)


def answer_clean(item: Item, raw: Any, *, labels: dict[str, str] | None = None) -> Cleaned | None:
    """Check one answer against its question: a Cleaned answer, None for no answer, or an
    ApplicationError naming the question's field. Shared by the form, the API and the demo."""
    field = f"item_{item.pk}"
    empty = raw is None or raw == "" or raw == []
    if empty:
        if item.required:
            raise ApplicationError(_("Please answer this question."), field=field)
        return None
    if item.kind == ItemKind.TEXT:
        text = clean_text(str(raw))
        if not text:
            if item.required:
                raise ApplicationError(_("Please answer this question."), field=field)
            return None
        if len(text) > MAX_TEXT:
            raise ApplicationError(
                too_long_message(label=item.prompt, length=len(text), limit=MAX_TEXT), field=field
            )
        return Cleaned(text=text)
    if item.kind == ItemKind.NUMBER:
        try:
            number = parse_number(str(raw))
        except ValueError:
            raise ApplicationError(_("Enter a number."), field=field) from None
        if not math.isfinite(number):
            raise ApplicationError(_("Enter a number."), field=field)
        if item.min_value is not None and number < item.min_value:
            raise ApplicationError(
                _("Enter a number of at least %(min)s.") % {"min": f"{item.min_value:g}"},
                field=field,
            )
        if item.max_value is not None and number > item.max_value:
            raise ApplicationError(
                _("Enter a number of at most %(max)s.") % {"max": f"{item.max_value:g}"},
                field=field,
            )
        return Cleaned(number=number)
    allowed = labels if labels is not None else dict(item_choices(item))
    if item.kind == ItemKind.MULTIPLE:
        values = raw if isinstance(raw, list | tuple) else [raw]
        values = [str(v) for v in values]
        if any(v not in allowed for v in values):
            raise ApplicationError(_("Choose from the options given."), field=field)
        chosen = [v for v in allowed if v in set(values)]  # the survey's order, no repeats
        if item.max_choices and len(chosen) > item.max_choices:
            raise ApplicationError(
                ngettext(
                    "Choose at most %(n)s option.",
                    "Choose at most %(n)s options.",
                    item.max_choices,
                )
                % {"n": item.max_choices},
                field=field,
            )
        return Cleaned(value=chosen)
    value = str(raw)
    if value not in allowed:
        raise ApplicationError(_("Choose one of the options given."), field=field)
    return Cleaned(value=value)


def new_link_token() -> str:
    return secrets.token_urlsafe(16)


def response_once_key(instrument: Instrument, *, user: Any, link_token: str) -> str:
    """What makes a response the only one of its respondent: the person for "one per person",
    the browser's link token for "one per link" ("" when there is nothing to go by)."""
    if instrument.one_response_per == Instrument.OnePer.PERSON:
        return f"user:{user.pk}" if getattr(user, "is_authenticated", False) else ""
    return f"link:{link_token}"[:80] if link_token else ""


@transaction.atomic
def response_submit(
    *,
    instrument: Instrument,
    answers: dict[int, Any],
    language: str,
    idempotency_key: str,
    user: Any = None,
    link_token: str = "",
    now: datetime | None = None,
    captured_at: datetime | None = None,
    captured_device: str = "",
) -> Response | LateResponse:
    """Store one response with all its answers, or nothing. A retry with the same idempotency
    key returns the first response to the one who sent it only (see ``response_retried``).

    A response sent from a device's offline queue carries when and on which device it was
    captured; one captured while the survey was open and sent after it closed is held for the
    survey's owners to accept or reject (a LateResponse, actions/late.py)."""
    from .late import late_allowed, late_hold

    if not idempotency_key or len(idempotency_key) > 64:
        raise ApplicationError(_("The form was incomplete. Please reload the page and try again."))
    existing = response_retried(
        instrument=instrument, idempotency_key=idempotency_key, user=user, link_token=link_token
    )
    if existing:
        return existing
    state = instrument.accepting_state(now)
    late = late_allowed(instrument, captured_at, now)
    if state == "not_yet":
        raise ApplicationError(_("This survey is not open yet."))
    if state != "open" and not late:
        raise ApplicationError(_("This survey is closed and no longer takes responses."))
    signed_in = getattr(user, "is_authenticated", False)
    if instrument.respondents == Instrument.Respondents.SIGNED and not signed_in:
        raise ApplicationError(_("Please sign in to answer this survey."))
    once_key = ""
    invitation = None
    if instrument.one_response_per == Instrument.OnePer.INVITATION:
        invitation = invitation_find(instrument=instrument, token=link_token, lock=True)
        if invitation is None:
            raise ApplicationError(invitation_required_message())
        if invitation.used_at is not None or invitation.response_id is not None:
            raise ApplicationError(invitation_used_message())
        once_key = f"invitation:{invitation.pk}"
    else:
        once_key = response_once_key(instrument, user=user, link_token=link_token)
    if once_key and (
        Response.objects.filter(instrument=instrument, once_key=once_key).exists()
        or LateResponse.objects.filter(
            instrument=instrument, once_key=once_key, status=LateResponse.Status.HELD
        ).exists()
    ):
        raise ApplicationError(already_answered_message(instrument))

    items = list(instrument.items.all())
    cleaned: dict[int, Cleaned] = {}
    errors: list[ApplicationError] = []
    for item in items:
        try:
            found = answer_clean(item, answers.get(item.pk))
        except ApplicationError as error:
            errors.append(error)
            continue
        if found is not None:
            cleaned[item.pk] = found
    if errors:
        raise errors[0]
    respondent = (
        user if signed_in and instrument.respondents == Instrument.Respondents.SIGNED else None
    )
    stored = {
        "instrument": instrument,
        "cleaned": cleaned,
        "language": language,
        "idempotency_key": idempotency_key,
        "once_key": once_key,
        "respondent": respondent,
        "invitation": invitation,
        "captured_at": captured_at,
        "captured_device": captured_device,
    }
    if late:
        return late_hold(**stored, user=user, link_token=link_token)
    return response_store(**stored, user=user, link_token=link_token)


def response_store(
    *,
    instrument: Instrument,
    cleaned: dict[int, Cleaned],
    language: str,
    idempotency_key: str,
    once_key: str,
    respondent: Any,
    invitation: InvitationLink | None,
    captured_at: datetime | None = None,
    captured_device: str = "",
    user: Any = None,
    link_token: str = "",
) -> Response:
    """Write a checked response and its answers (used by response_submit and by accepting a
    response sent after closing)."""
    items = {item.pk: item for item in instrument.items.all()}
    by_role = {items[pk].role: c for pk, c in cleaned.items() if pk in items and items[pk].role}
    sector = by_role.get(ItemRole.SECTOR)
    county = by_role.get(ItemRole.COUNTY)
    response = Response(
        instrument=instrument,
        language=(language or "")[:10],
        idempotency_key=idempotency_key,
        once_key=once_key,
        respondent=respondent,
        sector=sector.value if sector else "",
        county=county.value if county else "",
        captured_at=captured_at,
        captured_device=captured_device[:40],
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # Another request with the same key (a double click) or the same browser won the race.
        first = response_retried(
            instrument=instrument, idempotency_key=idempotency_key, user=user, link_token=link_token
        )
        if isinstance(first, Response):
            return first
        raise ApplicationError(already_answered_message(instrument)) from None
    Answer.objects.bulk_create(
        [
            Answer(response=response, item_id=pk, value=c.value, text=c.text, number=c.number)
            for pk, c in cleaned.items()
        ]
    )
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.response = response
        try:
            with transaction.atomic():
                invitation.save(update_fields=["used_at", "response"])
        except IntegrityError:
            raise ApplicationError(invitation_used_message()) from None
    audit_record(
        action="survey.response_submitted",
        actor=respondent,
        community=instrument.audit_community,
        target=response,
    )
    return response


def response_retried(
    *, instrument: Instrument, idempotency_key: str, user: Any = None, link_token: str = ""
) -> Response | LateResponse | None:
    """The response first sent with this key (or held, having been sent after the survey
    closed) when the caller is the one who sent it (the same signed-in person, browser link
    or personal link); None when the key is new. Anyone else (or a browser that cannot show
    it sent it) gets ``AlreadyReceived``: nothing of the first response is handed over."""
    if not idempotency_key:
        return None
    sent: Response | LateResponse | None = Response.objects.filter(
        instrument=instrument, idempotency_key=idempotency_key
    ).first()
    if sent is None:
        sent = LateResponse.objects.filter(
            instrument=instrument, idempotency_key=idempotency_key
        ).first()
    if sent is None:
        return None
    if instrument.one_response_per == Instrument.OnePer.INVITATION:
        invitation = invitation_find(instrument=instrument, token=link_token)
        caller = f"invitation:{invitation.pk}" if invitation is not None else ""
    else:
        caller = response_once_key(instrument, user=user, link_token=link_token)
    caller_user = user.pk if getattr(user, "is_authenticated", False) else None
    if sent.once_key:
        same = caller == sent.once_key
    elif sent.respondent_id is not None:
        same = caller_user == sent.respondent_id
    else:
        # Sent by nobody in particular: only a caller who is nobody in particular either
        # (no link, no account) is told it went through; there is nothing to hand over.
        same = not caller and caller_user is None
    if not same:
        raise AlreadyReceived()
    return sent


def already_answered_message(instrument: Instrument) -> str:
    if instrument.one_response_per == Instrument.OnePer.INVITATION:
        return invitation_used_message()
    if instrument.one_response_per == Instrument.OnePer.PERSON:
        return _("You have already answered this survey. Thank you!")
    return _("This survey has already been answered from this browser. Thank you!")
