"""Building a survey: its sections and questions, publishing and closing it.

Drafts may be changed freely. Once a survey has been published, a change that would make
collected answers mean something else (deleting a question or a section, changing a question's
kind or role, removing a choice or changing its value, changing the number bounds, changing
who responds) is refused; wording, translations and new choices are fine.
"""

import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import move_one_place, next_position, renumber
from groundwork.core.services import audit_record

from ..choices import item_choices
from ..models import (
    Instrument,
    Item,
    ItemKind,
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
    from ..stakeholder_survey import STAKEHOLDER_SURVEY

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
