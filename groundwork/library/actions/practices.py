"""Practices: written, published in one step from what a coalition already has, adopted."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.measures.models import Instrument
from groundwork.planning.models import Guide
from groundwork.plans import services as plans
from groundwork.plans.models import Activity, Goal, LinkKind, Plan

from ..models import Adoption, Attachment, Practice, PracticeStatus, Source

# Attachments: PDFs and images, recognised by their first bytes (not their names).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"WEBP", 8, "image/webp", "webp"),
]
EDITABLE = (
    "title_en",
    "title_es",
    "body_en",
    "body_es",
    "problem",
    "strengths",
    "population",
    "setting",
    "cost",
    "evidence_level",
    "evidence_source",
    "focus_area",
    "taxonomy_code",
    "taxonomy_name",
    "licence",
)


def _require(actor: Any, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _save(practice: Practice) -> None:
    try:
        practice.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=field) from error
    practice.save()


def _tags_from(practice: Practice, community: Community) -> None:
    """A new practice starts with its coalition's strategies and first focus area."""
    if not practice.focus_area and community.focus_areas:
        practice.focus_area = community.focus_areas[0]


@transaction.atomic
def practice_save(
    *, actor: Any, community: Community, practice: Practice | None = None, **fields: Any
) -> Practice:
    """Write a practice (a draft until published) or change one."""
    created = practice is None
    if practice is None:
        _require(actor, "library.publish_practice", community)
        practice = Practice(community=community, network_id=community.network_id, created_by=actor)
    else:
        _require(actor, "library.change_practice", practice)
    strategies = fields.pop("strategies", None)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        setattr(practice, name, clean_text(value) if isinstance(value, str) else value)
    _save(practice)
    if strategies is not None:
        practice.strategies.set([s for s in strategies if s.network_id == community.network_id])
    audit_record(
        community=practice.community,
        actor=actor,
        action="library.practice_created" if created else "library.practice_changed",
        target=practice,
        details={"fields": sorted(fields)},
    )
    return practice


@transaction.atomic
def practice_set_published(*, actor: Any, practice: Practice, published: bool) -> Practice:
    _require(actor, "library.change_practice", practice)
    practice.status = PracticeStatus.PUBLISHED if published else PracticeStatus.DRAFT
    if published and practice.published_at is None:
        practice.published_at = timezone.now()
    _save(practice)
    audit_record(
        community=practice.community,
        actor=actor,
        action="library.practice_published" if published else "library.practice_unpublished",
        target=practice,
    )
    return practice


def _both(make: Any) -> tuple[str, str]:
    """Text the project writes itself (headings around a source's words), in each language."""
    with override("en"):
        en = make()
    with override("es"):
        es = make()
    return en, es


def _publish(
    *, actor: Any, community: Community, source: str, fields: dict[str, Any], **links: Any
) -> Practice:
    _require(actor, "library.publish_practice", community)
    practice = Practice(
        community=community,
        network_id=community.network_id,
        created_by=actor,
        source=source,
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        **links,
    )
    for name, value in fields.items():
        setattr(practice, name, clean_text(value)[: Practice._meta.get_field(name).max_length])
    _tags_from(practice, community)
    _save(practice)
    practice.strategies.set([link.strategy for link in community.strategy_links.all()])
    audit_record(
        community=community,
        actor=actor,
        action="library.practice_published",
        target=practice,
        details={"source": source, **{k: v.pk for k, v in links.items()}},
    )
    return practice


@transaction.atomic
def publish_guide(*, actor: Any, guide: Guide) -> Practice:
    """A community's adapted facilitation guide, as a practice (its sections in order)."""
    sections = list(guide.sections.all())

    def body(lang: str) -> str:
        parts = [getattr(guide, f"summary_{lang}")]
        for s in sections:
            parts.append(f"{getattr(s, f'heading_{lang}')}\n\n{getattr(s, f'body_{lang}')}".strip())
        return "\n\n".join(p for p in parts if p)

    return _publish(
        actor=actor,
        community=guide.community,
        source=Source.GUIDE,
        source_guide=guide,
        fields={
            "title_en": guide.title_en,
            "title_es": guide.title_es,
            "body_en": body("en") or guide.title_en,
            "body_es": body("es"),
        },
    )


@transaction.atomic
def publish_activity(*, actor: Any, activity: Activity) -> Practice:
    """A plan activity with its progress, updates and measures, as a practice."""
    updates = list(activity.updates.order_by("on_date", "id"))
    indicators = [i.name_en for i in activity.indicators.all()]
    strengths = []
    for link in activity.links.filter(kind=LinkKind.STRENGTH).select_related(
        "contribution", "asset", "theme"
    ):
        target = link.contribution or link.asset or link.theme
        if target is not None:
            strengths.append(getattr(target, "text", None) or str(target))

    def body() -> str:
        parts = [activity.description]
        parts.append(
            _("Progress: %(progress)s%% (%(status)s).")
            % {"progress": activity.progress, "status": activity.get_status_display()}
        )
        for u in updates:
            parts.append(f"{u.on_date.isoformat()}: {u.note}")
        if indicators:
            parts.append(_("Measures: %(names)s.") % {"names": "; ".join(indicators)})
        if activity.resources:
            parts.append(_("Resources needed: %(text)s") % {"text": activity.resources})
        return "\n\n".join(p for p in parts if p)

    body_en, body_es = _both(body)
    return _publish(
        actor=actor,
        community=activity.community,
        source=Source.ACTIVITY,
        source_activity=activity,
        fields={
            "title_en": activity.title,
            "body_en": body_en,
            "body_es": body_es,
            "strengths": "\n".join(strengths),
        },
    )


@transaction.atomic
def publish_survey(*, actor: Any, survey: Instrument) -> Practice:
    """A survey (its introduction and questions), as a practice others can reuse."""
    if survey.community_id is None:
        raise ApplicationError(_("Only a coalition's own surveys can be published here."))
    items = list(survey.items.order_by("section__position", "position", "id"))

    def body(lang: str) -> str:
        lines = [getattr(survey, f"intro_{lang}")]
        lines += [f"- {getattr(i, f'prompt_{lang}') or i.prompt_en}" for i in items]
        return "\n".join(line for line in lines if line)

    return _publish(
        actor=actor,
        community=survey.community,
        source=Source.SURVEY,
        source_survey=survey,
        fields={
            "title_en": survey.title_en,
            "title_es": survey.title_es,
            "body_en": body("en") or survey.title_en,
            "body_es": body("es"),
        },
    )


def attachment_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None for anything else."""
    for signature, offset, content_type, extension in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and head[:4] != b"RIFF":
                continue
            return content_type, extension
    return None


@transaction.atomic
def attachment_add(*, actor: Any, practice: Practice, upload: Any) -> Attachment:
    """A PDF, PNG, JPEG or WebP of at most 10 MB, checked by its content."""
    _require(actor, "library.change_practice", practice)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("The file is larger than 10 MB."), field="file")
    upload.seek(0)
    found = attachment_type(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ApplicationError(_("Send a PDF, PNG, JPEG or WebP file."), field="file")
    content_type, extension = found
    name = clean_text(upload.name.rsplit("/", 1)[-1])[:150] or "file"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    attachment = Attachment(
        practice=practice,
        name=f"{stem}.{extension}",
        content_type=content_type,
        size=upload.size,
        created_by=actor,
    )
    attachment.file.save(f"practice.{extension}", upload, save=False)
    attachment.save()
    audit_record(
        community=practice.community,
        actor=actor,
        action="library.attachment_added",
        target=practice,
        details={"attachment": attachment.pk, "type": content_type, "size": upload.size},
    )
    return attachment


@transaction.atomic
def practice_adopt(*, actor: Any, practice: Practice, plan: Plan, goal: Goal) -> Adoption:
    """A new activity of the plan, under one of its goals, made from the practice and linked
    to it (so the library can say who adopted it and how it went)."""
    if not actor.has_perm("library.view_practice", practice) or not practice.is_published:
        raise PermissionDenied
    if plan.community_id == practice.community_id:
        raise ApplicationError(_("This is your own coalition's practice."))
    activity = plans.activity_save(
        actor=actor,
        plan=plan,
        goal=goal,
        title=practice.title[:300],
        description=(practice.body or "")[:5000],
    )
    adoption = Adoption.objects.create(
        practice=practice, community=plan.community, activity=activity, created_by=actor
    )
    audit_record(
        community=plan.community,
        actor=actor,
        action="library.practice_adopted",
        target=practice,
        details={"activity": activity.pk, "plan": plan.pk},
    )
    return adoption
