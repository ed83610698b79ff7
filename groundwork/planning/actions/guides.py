"""A community's copy of the facilitation guide and its sections."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..guides import shipped_guide
from ..models import (
    Guide,
    GuideSection,
)

# Facilitation guides ---------------------------------------------------------------------------

GUIDE_SECTION_FIELDS = (
    "order",
    "day",
    "minutes",
    "group_size",
    "question",
    "heading_en",
    "heading_es",
    "body_en",
    "body_es",
)


def _require_guide_manager(actor: Any, community: Community) -> None:
    if actor is None or not actor.has_perm("planning.manage_guides", community):
        raise ApplicationError(
            _("Only coordinators and facilitators of the community can change its guides.")
        )


def _validated(obj: Any) -> None:
    """full_clean(), with the first problem raised as an ApplicationError naming its field."""
    try:
        obj.full_clean()
    except ValidationError as error:
        field, problems = next(iter(error.message_dict.items()))
        if field == "__all__":
            raise ApplicationError(problems[0]) from error
        label = str(obj._meta.get_field(field).verbose_name)
        label = label[:1].upper() + label[1:]
        raise ApplicationError(
            _("%(field)s: %(problem)s") % {"field": label, "problem": problems[0]}, field=field
        ) from error


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _unique_guide_slug(community: Community, base: str) -> str:
    base = base[:70].strip("-") or "guide"
    taken = set(community.guides.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def guide_copy(*, actor: Any, community: Community, source_slug: str) -> Guide:
    """The community's own copy of a shipped guide, with all its sections, ready to adapt.

    Copying the same guide again makes another copy ("<slug>-2", ...); the shipped guide itself
    never changes.
    """
    _require_guide_manager(actor, community)
    source = shipped_guide(source_slug)
    if source is None:
        raise ApplicationError(_("There is no guide by that name to copy."))
    guide = Guide(
        community=community,
        slug=_unique_guide_slug(community, source.slug),
        title_en=source.title_en,
        title_es=source.title_es,
        summary_en=source.summary_en,
        summary_es=source.summary_es,
        based_on=source.slug,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validated(guide)
    guide.save()
    sections = [
        GuideSection(
            guide=guide,
            order=(number + 1) * 10,  # room to slip new sections in between
            day=item.day,
            minutes=item.minutes,
            group_size=item.group_size,
            question=item.question,
            heading_en=item.heading_en,
            heading_es=item.heading_es,
            body_en=item.body_en,
            body_es=item.body_es,
        )
        for number, item in enumerate(source.sections)
    ]
    for item in sections:
        _validated(item)
    GuideSection.objects.bulk_create(sections)
    audit_record(
        action="guide.copied",
        actor=actor,
        community=community,
        target=guide,
        details={"source": source.slug, "sections": len(sections)},
    )
    return guide


@transaction.atomic
def guide_update(
    *,
    actor: Any,
    guide: Guide,
    title_en: str,
    title_es: str,
    summary_en: str = "",
    summary_es: str = "",
) -> Guide:
    """Change a guide's title and summary, in both languages."""
    _require_guide_manager(actor, guide.community)
    values = {
        "title_en": _one_line(title_en),
        "title_es": _one_line(title_es),
        "summary_en": clean_text(summary_en),
        "summary_es": clean_text(summary_es),
    }
    changed = sorted(key for key, value in values.items() if getattr(guide, key) != value)
    for key, value in values.items():
        setattr(guide, key, value)
    _validated(guide)
    guide.save()
    audit_record(
        action="guide.updated",
        actor=actor,
        community=guide.community,
        target=guide,
        details={"fields": changed},
    )
    return guide


@transaction.atomic
def guide_section_save(
    *, actor: Any, guide: Guide, section: GuideSection | None = None, **fields: Any
) -> GuideSection:
    """Add a section to a guide, or change one of its sections."""
    _require_guide_manager(actor, guide.community)
    unknown = set(fields) - set(GUIDE_SECTION_FIELDS)
    if unknown:
        raise ValueError(f"Not guide section fields: {sorted(unknown)}")
    if section is None:
        section = GuideSection(guide=guide)
        if fields.get("order") is None:
            last = guide.sections.order_by("-order").values_list("order", flat=True).first()
            fields["order"] = (last or 0) + 10
    elif section.guide_id != guide.pk:
        raise ApplicationError(_("Choose a section of this guide."))
    for key, value in fields.items():
        if key in ("heading_en", "heading_es"):
            value = _one_line(value or "")
        elif key in ("body_en", "body_es"):
            value = clean_text(value or "")
        elif key in ("group_size", "question"):
            value = value or ""
        elif key == "order" and value is None:
            value = section.order
        setattr(section, key, value)
    if section.day is not None and not 1 <= section.day <= 14:
        raise ApplicationError(_("The day must be a number from 1 to 14."), field="day")
    if section.minutes is not None and not 1 <= section.minutes <= 720:
        raise ApplicationError(_("Minutes must be a number from 1 to 720."), field="minutes")
    _validated(section)
    created = section.pk is None
    section.save()
    guide.save(update_fields=["updated_at"])
    audit_record(
        action="guide_section.created" if created else "guide_section.updated",
        actor=actor,
        community=guide.community,
        target=section,
        details={"guide": guide.pk},
    )
    return section


@transaction.atomic
def guide_section_delete(*, actor: Any, section: GuideSection) -> None:
    guide = section.guide
    _require_guide_manager(actor, guide.community)
    audit_record(
        action="guide_section.deleted",
        actor=actor,
        community=guide.community,
        target=section,
        details={"guide": guide.pk},
    )
    section.delete()
    guide.save(update_fields=["updated_at"])
