"""Every write to surveys: build, publish, close, respond.

Drafts may be changed freely. Once a survey has been published, a change that would make
collected answers mean something else (deleting a question or a section, changing a question's
kind or role, removing a choice or changing its value, changing the number bounds, changing
who responds) is refused; wording, translations and new choices are fine.
"""

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.ordering import move_one_place, next_position, renumber
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from .choices import item_choices
from .models import (
    Answer,
    Instrument,
    InvitationLink,
    Item,
    ItemKind,
    ItemRole,
    LateResponse,
    Response,
    Section,
)

INSTRUMENT_FIELDS = (
    "title_en",
    "title_es",
    "intro_en",
    "intro_es",
    "respondents",
    "one_response_per",
    "breakdowns_allowed",
    "results_public",
)
LOCKED_INSTRUMENT_FIELDS = ("respondents", "one_response_per")
SECTION_FIELDS = ("title_en", "title_es", "intro_en", "intro_es")
ITEM_FIELDS = (
    "kind",
    "role",
    "prompt_en",
    "prompt_es",
    "help_en",
    "help_es",
    "choices",
    "required",
    "min_value",
    "max_value",
    "max_choices",
    "domain_en",
    "domain_es",
)
LOCKED_ITEM_FIELDS = ("kind", "role", "min_value", "max_value", "max_choices")
MAX_TEXT = 5000
MAX_LINKS_AT_ONCE = 500


def _audit(*, instrument: Instrument, actor: Any, action: str, target: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        community=instrument.audit_community,
        target=target,
        details=details or None,
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "survey"
    slug = base
    while Instrument.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _locked(instrument: Instrument) -> bool:
    return not instrument.is_draft


def _refuse_locked(instrument: Instrument, message: str | None = None) -> None:
    if _locked(instrument):
        raise ApplicationError(
            message
            or _(
                "This survey has been published, so this change would alter answers already "
                "collected. Change the wording instead, or create a new survey."
            )
        )


# Instruments ----------------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    *,
    actor: Any,
    network: Network | None = None,
    community: Community | None = None,
    title_en: str,
    title_es: str = "",
    intro_en: str = "",
    intro_es: str = "",
    respondents: str = Instrument.Respondents.ANONYMOUS,
    one_response_per: str = Instrument.OnePer.LINK,
    breakdowns_allowed: bool = False,
    results_public: bool = False,
    slug: str = "",
) -> Instrument:
    if (network is None) == (community is None):
        raise ApplicationError(_("A survey belongs to one network or to one community."))
    if (
        one_response_per == Instrument.OnePer.PERSON
        and respondents != Instrument.Respondents.SIGNED
    ):
        raise ApplicationError(
            _("One response per person needs people to sign in: choose signed responses."),
            field="one_response_per",
        )
    instrument = Instrument(
        network=network,
        community=community,
        slug=slug or _unique_slug(title_en),
        title_en=title_en.strip(),
        title_es=title_es.strip(),
        intro_en=intro_en.strip(),
        intro_es=intro_es.strip(),
        respondents=respondents,
        one_response_per=one_response_per,
        breakdowns_allowed=breakdowns_allowed,
        results_public=results_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    instrument.full_clean()
    instrument.save()
    _audit(instrument=instrument, actor=actor, action="survey.created", target=instrument)
    return instrument


@transaction.atomic
def instrument_create_from_template(
    *,
    actor: Any,
    network: Network | None = None,
    community: Community | None = None,
    slug: str = "",
    results_public: bool = False,
) -> Instrument:
    """A new draft with the shipped stakeholder survey's sections and questions."""
    from .stakeholder_survey import STAKEHOLDER_SURVEY

    spec = STAKEHOLDER_SURVEY
    instrument = instrument_create(
        actor=actor,
        network=network,
        community=community,
        title_en=spec["title_en"],
        title_es=spec["title_es"],
        intro_en=spec["intro_en"],
        intro_es=spec["intro_es"],
        breakdowns_allowed=True,
        results_public=results_public,
        slug=slug,
    )
    for s_pos, s in enumerate(spec["sections"]):
        section = Section(
            instrument=instrument,
            position=s_pos,
            **{k: s.get(k, "") for k in SECTION_FIELDS},
        )
        section.full_clean()
        section.save()
        for i_pos, spec_item in enumerate(s["items"]):
            item = Item(
                instrument=instrument,
                section=section,
                position=i_pos,
                **{k: spec_item[k] for k in ITEM_FIELDS if k in spec_item},
            )
            _clean_item(item)
            item.save()
    return instrument


@transaction.atomic
def instrument_update(*, actor: Any, instrument: Instrument, **fields: Any) -> Instrument:
    unknown = set(fields) - set(INSTRUMENT_FIELDS)
    if unknown:
        raise ValueError(f"not a survey setting: {sorted(unknown)}")
    for name in LOCKED_INSTRUMENT_FIELDS:
        if name in fields and fields[name] != getattr(instrument, name):
            _refuse_locked(
                instrument,
                _("Who responds, and how often, cannot change once a survey has been published."),
            )
    for name, value in fields.items():
        setattr(instrument, name, value.strip() if isinstance(value, str) else value)
    if (
        instrument.one_response_per == Instrument.OnePer.PERSON
        and instrument.respondents != Instrument.Respondents.SIGNED
    ):
        raise ApplicationError(
            _("One response per person needs people to sign in: choose signed responses."),
            field="one_response_per",
        )
    instrument.full_clean()
    instrument.save()
    _audit(instrument=instrument, actor=actor, action="survey.updated", target=instrument)
    return instrument


@transaction.atomic
def instrument_publish(
    *,
    actor: Any,
    instrument: Instrument,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Instrument:
    if not instrument.items.exists():
        raise ApplicationError(_("Add at least one question before publishing the survey."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ApplicationError(
            _("The closing date must come after the opening date."), field="closes_at"
        )
    if closes_at and closes_at <= timezone.now():
        raise ApplicationError(_("The closing date must be in the future."), field="closes_at")
    for item in instrument.items.all():
        if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE) and not item_choices(item):
            raise ApplicationError(
                _("The question “%(prompt)s” has no choices yet.") % {"prompt": item.prompt}
            )
    instrument.status = Instrument.Status.OPEN
    instrument.opens_at = opens_at
    instrument.closes_at = closes_at
    instrument.full_clean()
    instrument.save()
    _audit(instrument=instrument, actor=actor, action="survey.published", target=instrument)
    return instrument


@transaction.atomic
def instrument_close(*, actor: Any, instrument: Instrument) -> Instrument:
    if instrument.status != Instrument.Status.OPEN:
        raise ApplicationError(_("Only an open survey can be closed."))
    instrument.status = Instrument.Status.CLOSED
    now = timezone.now()
    if instrument.closes_at is None or instrument.closes_at > now:
        instrument.closes_at = now
    if instrument.opens_at and instrument.opens_at >= instrument.closes_at:
        instrument.opens_at = None
    instrument.full_clean()
    instrument.save()
    _audit(instrument=instrument, actor=actor, action="survey.closed", target=instrument)
    return instrument


# Sections --------------------------------------------------------------------------------


@transaction.atomic
def section_create(*, actor: Any, instrument: Instrument, **fields: Any) -> Section:
    section = Section(
        instrument=instrument,
        position=next_position(instrument.sections, start=0),
        **{k: (fields.get(k) or "").strip() for k in SECTION_FIELDS},
    )
    section.full_clean()
    section.save()
    _audit(instrument=instrument, actor=actor, action="survey.section_added", target=section)
    return section


@transaction.atomic
def section_update(*, actor: Any, section: Section, **fields: Any) -> Section:
    for k in SECTION_FIELDS:
        if k in fields:
            setattr(section, k, (fields[k] or "").strip())
    section.full_clean()
    section.save()
    _audit(
        instrument=section.instrument, actor=actor, action="survey.section_changed", target=section
    )
    return section


@transaction.atomic
def section_delete(*, actor: Any, section: Section) -> None:
    instrument = section.instrument
    _refuse_locked(instrument)
    _audit(instrument=instrument, actor=actor, action="survey.section_deleted", target=section)
    section.delete()
    renumber(list(instrument.sections.all()), start=0)


@transaction.atomic
def section_move(*, actor: Any, section: Section, direction: str) -> None:
    """Move a section up or down one place (reordering changes no answer, so it is allowed
    after publishing)."""
    rows = list(Section.objects.select_for_update().filter(instrument=section.instrument_id))
    if move_one_place(rows, section, direction, start=0):
        _audit(
            instrument=section.instrument,
            actor=actor,
            action="survey.section_moved",
            target=section,
            direction=direction,
        )


# Items ----------------------------------------------------------------------------------


def _clean_choices(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        raise ApplicationError(_("Choices must be a list."), field="choices")
    seen: set[str] = set()
    cleaned = []
    for c in raw:
        if not isinstance(c, dict) or not str(c.get("value", "")).strip():
            raise ApplicationError(_("Every choice needs a value."), field="choices")
        value = str(c["value"]).strip()
        if value in seen:
            raise ApplicationError(
                _("The choice value “%(value)s” appears twice.") % {"value": value},
                field="choices",
            )
        seen.add(value)
        cleaned.append(
            {
                "value": value,
                "en": str(c.get("en") or value).strip(),
                "es": str(c.get("es") or "").strip(),
            }
        )
    return cleaned


def _clean_item(item: Item) -> None:
    if item.role and item.kind != ItemKind.SINGLE:
        raise ApplicationError(
            _("The sector and county questions must be “choose one” questions."), field="role"
        )
    if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE) and not item.role:
        item.choices = _clean_choices(item.choices)
    else:
        item.choices = []
    if item.kind != ItemKind.NUMBER:
        item.min_value = item.max_value = None
    elif (
        item.min_value is not None
        and item.max_value is not None
        and item.min_value > item.max_value
    ):
        raise ApplicationError(
            _("The smallest number allowed is larger than the largest."), field="max_value"
        )
    if item.kind != ItemKind.MULTIPLE:
        item.max_choices = None
    if item.role and (
        Item.objects.filter(instrument=item.instrument_id, role=item.role)
        .exclude(pk=item.pk)
        .exists()
    ):
        raise ApplicationError(
            _("This survey already has a question for that; a survey has only one."),
            field="role",
        )
    item.full_clean()


@transaction.atomic
def item_create(*, actor: Any, section: Section, **fields: Any) -> Item:
    instrument = section.instrument
    item = Item(
        instrument=instrument,
        section=section,
        position=next_position(section.items, start=0),
        **{k: v for k, v in fields.items() if k in ITEM_FIELDS},
    )
    _clean_item(item)
    item.save()
    _audit(instrument=instrument, actor=actor, action="survey.question_added", target=item)
    return item


@transaction.atomic
def item_update(*, actor: Any, item: Item, **fields: Any) -> Item:
    instrument = item.instrument
    old_values = {c["value"] for c in item.choices or []}
    for name in LOCKED_ITEM_FIELDS:
        if name in fields and fields[name] != getattr(item, name):
            _refuse_locked(instrument)
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    _clean_item(item)
    if _locked(instrument) and not old_values <= {c["value"] for c in item.choices}:
        _refuse_locked(
            instrument,
            _(
                "This survey has been published: choices cannot be removed or their values "
                "changed. You may reword them or add new ones."
            ),
        )
    item.save()
    _audit(instrument=instrument, actor=actor, action="survey.question_changed", target=item)
    return item


@transaction.atomic
def item_delete(*, actor: Any, item: Item) -> None:
    instrument = item.instrument
    _refuse_locked(instrument)
    _audit(instrument=instrument, actor=actor, action="survey.question_deleted", target=item)
    section = item.section
    item.delete()
    renumber(list(section.items.all()), start=0)


@transaction.atomic
def item_move(*, actor: Any, item: Item, direction: str) -> None:
    rows = list(Item.objects.select_for_update().filter(section=item.section_id))
    if move_one_place(rows, item, direction, start=0):
        _audit(
            instrument=item.instrument,
            actor=actor,
            action="survey.question_moved",
            target=item,
            direction=direction,
        )


# Responses ------------------------------------------------------------------------------


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
    from .actions.late import late_allowed, late_hold

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


# Personal invitation links --------------------------------------------------------------


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_used_message() -> str:
    return _("This personal link has already been used. Thank you!")


def invitation_required_message() -> str:
    return _(
        "This survey is by invitation: it can only be answered through a personal link. "
        "If you were invited, please use the link you received."
    )


def invitation_find(
    *, instrument: Instrument, token: str, lock: bool = False
) -> InvitationLink | None:
    """The link of this survey that the token opens, or None."""
    if not token or len(token) > 100:
        return None
    qs = InvitationLink.objects.filter(
        instrument=instrument, token_hash=invitation_token_hash(token)
    )
    if lock:
        qs = qs.select_for_update()
    return qs.first()


@transaction.atomic
def invitation_links_create(
    *, actor: Any, instrument: Instrument, count: int, label: str = ""
) -> list[tuple[InvitationLink, str]]:
    """Create `count` personal links; returns each link with its token, which is not stored
    (only its SHA-256 is) and so cannot be shown again."""
    if instrument.one_response_per != Instrument.OnePer.INVITATION:
        raise ApplicationError(
            _("Personal links are only for surveys that take one response per personal link.")
        )
    if not 1 <= count <= MAX_LINKS_AT_ONCE:
        raise ApplicationError(
            _("Create between 1 and %(max)s links at a time.") % {"max": MAX_LINKS_AT_ONCE},
            field="count",
        )
    label = (label or "").strip()
    creator = actor if getattr(actor, "is_authenticated", False) else None
    created = []
    for _n in range(count):
        token = secrets.token_urlsafe(24)
        link = InvitationLink(
            instrument=instrument,
            token_hash=invitation_token_hash(token),
            label=label,
            created_by=creator,
        )
        link.full_clean(validate_unique=False)
        created.append((link, token))
    InvitationLink.objects.bulk_create([link for link, _token in created])
    _audit(
        instrument=instrument,
        actor=actor,
        action="survey.links_created",
        target=instrument,
        count=count,
        label=label,
    )
    return created


@transaction.atomic
def invitation_links_revoke(*, actor: Any, instrument: Instrument, label: str) -> int:
    """Delete the unused links with this label; returns how many were deleted."""
    label = (label or "").strip()
    deleted, _by_model = InvitationLink.objects.filter(
        instrument=instrument, label=label, used_at__isnull=True, response__isnull=True
    ).delete()
    _audit(
        instrument=instrument,
        actor=actor,
        action="survey.links_revoked",
        target=instrument,
        count=deleted,
        label=label,
    )
    return deleted
