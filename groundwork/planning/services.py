"""Every write to planning goes through here: validated, atomic, audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.analysis.pii import looks_personal
from groundwork.communities.models import Community
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.fingerprint import normalized_text, text_fingerprint
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from .boxes import AnswerBox
from .defaults import FIVE_QUESTIONS, PHASES
from .guides import shipped_guide
from .models import (
    AgeBand,
    Area,
    BarrierKind,
    Channel,
    Contribution,
    Gathering,
    Guide,
    GuideSection,
    Moderation,
    Participant,
    Phase,
    PhaseKind,
    PopulationDimension,
    PopulationFigure,
    Process,
    Question,
    QuestionKey,
)


@transaction.atomic
def process_create(
    *,
    actor: Any,
    community: Community,
    title: str,
    slug: str,
    title_es: str = "",
    purpose: str = "",
    starts_on: Any = None,
    ends_on: Any = None,
    areas: list[str] | None = None,
) -> Process:
    """A new process with the six phases (gathering first) and the five questions."""
    if not actor.has_perm("communities.invite_members", community):
        raise ApplicationError(_("Only coordinators and facilitators can start a process."))
    if community.processes.filter(slug=slug).exists():
        raise ApplicationError(_("That short name is already taken."), field="slug")
    process = Process(
        community=community,
        title=title.strip(),
        title_es=title_es.strip(),
        slug=slug,
        purpose=clean_text(purpose),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    process.full_clean()
    process.save()
    phases = Phase.objects.bulk_create(
        Phase(process=process, kind=kind, order=i) for i, kind in enumerate(PHASES)
    )
    process.current_phase = phases[0]
    process.save(update_fields=["current_phase"])
    Question.objects.bulk_create(
        Question(
            process=process, key=key, order=i, text_en=en, text_es=es, help_en=h_en, help_es=h_es
        )
        for i, (key, en, es, h_en, h_es) in enumerate(FIVE_QUESTIONS)
    )
    Area.objects.bulk_create(
        Area(process=process, name=name.strip(), order=i)
        for i, name in enumerate(dict.fromkeys(a for a in (areas or []) if a.strip()))
    )
    audit_record(action="process.created", actor=actor, community=community, target=process)
    return process


def _note_closing(process: Process, phase: Phase) -> None:
    """Remember when the gather phase ends (answers captured offline before then still count)."""
    leaving = process.is_gathering and phase.kind != PhaseKind.GATHER
    if leaving:
        process.gathering_closed_at = timezone.now()
    elif phase.kind == PhaseKind.GATHER:
        process.gathering_closed_at = None


def late_capture_allowed(process: Process, captured_at: Any) -> bool:
    """An answer captured offline while the process was taking answers, sent after it closed."""
    closed = process.gathering_closed_at
    return (
        not process.is_gathering
        and captured_at is not None
        and closed is not None
        and captured_at <= closed
    )


@transaction.atomic
def process_set_phase(*, actor: Any, process: Process, phase: Phase) -> Process:
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("You do not have permission to do that."))
    if phase.process_id != process.pk:
        raise ApplicationError(_("Choose a phase of this process."))
    _note_closing(process, phase)
    process.current_phase = phase
    process.save(update_fields=["current_phase", "gathering_closed_at", "updated_at"])
    audit_record(
        action="process.phase_changed",
        actor=actor,
        community=process.community,
        target=process,
        details={"phase": phase.kind},
    )
    return process


def participant_create(*, process: Process, user: Any = None, language: str = "") -> Participant:
    participant = Participant(
        process=process,
        user=user if getattr(user, "is_authenticated", False) else None,
        language=language,
    )
    participant.save()
    return participant


@transaction.atomic
def participant_describe(
    *,
    participant: Participant,
    consent: bool,
    area: Area | None = None,
    age_band: str = "",
    language: str = "",
    lived_experience: str = "",
) -> Participant:
    """The optional "about you" step. Without consent nothing is kept (and earlier answers
    are cleared)."""
    if area is not None and area.process_id != participant.process_id:
        raise ApplicationError(_("Choose an area from the list."), field="area")
    if consent:
        participant.area = area
        participant.age_band = age_band
        participant.language = language or participant.language
        participant.lived_experience = lived_experience
        participant.consented_at = timezone.now()
    else:
        participant.area = None
        participant.age_band = ""
        participant.lived_experience = ""
        participant.consented_at = None
    participant.full_clean()
    participant.save()
    return participant


@dataclass(frozen=True)
class Answer:
    question: QuestionKey | str
    text: str
    barrier_kind: str = ""


@transaction.atomic
def contributions_submit(
    *,
    process: Process,
    participant: Participant | None,
    answers: list[Answer],
    language: str,
    channel: str,
    idempotency_key: str,
    actor: Any = None,
    gathering: Gathering | None = None,
    captured_at: Any = None,
    captured_device: str = "",
) -> list[Contribution]:
    """Store answers (to one or several questions, several per question when captured from a
    gathering or paper forms), all or nothing.

    A retry with the same idempotency key returns what the first attempt stored, to its owner
    only: the same participant (or, for answers captured without a participant, a caller
    without one). Anyone else sending that key gets ``AlreadyReceived``: nothing stored,
    nothing of the first submission handed over. A participant's answer whose text is the
    same (once normalized) as one they already gave to that question is not stored again;
    the earlier copy stands in for it. Answers that look like they contain personal data are
    held for review. Only facilitators record answers from channels other than online.

    Answers sent from a device's offline queue carry when and where they were captured; those
    captured before the process stopped taking answers are still stored, held for
    facilitators to accept or reject.
    """
    existing = _submission(process, idempotency_key)
    if existing:
        return _to_owner(existing, participant)
    late = late_capture_allowed(process, captured_at)
    if not process.is_gathering and not late:
        raise ApplicationError(_("This process is not taking answers now."))
    if channel not in Channel.values:
        raise ApplicationError(_("Choose a valid channel."), field="channel")
    if (channel != Channel.ONLINE or gathering is not None) and not (
        actor is not None and actor.has_perm("planning.capture", process)
    ):
        raise ApplicationError(
            _("Only facilitators record answers from gatherings and paper forms.")
        )
    if gathering is not None and gathering.process_id != process.pk:
        raise ApplicationError(_("Choose a gathering of this process."), field="gathering")
    if not idempotency_key or len(idempotency_key) > 60:
        raise ApplicationError(_("The form is out of date. Reload the page and try again."))
    questions = {q.key: q for q in process.questions.all()}
    cleaned = []
    for answer in answers:
        text = clean_text(answer.text)
        if not text:
            continue
        if answer.question not in questions:
            raise ApplicationError(_("That question is not part of this process."))
        # A barrier is internal, external, or (when whoever wrote it was not asked) unspecified;
        # answers to the other questions have no kind.
        barrier_kind = ""
        if answer.question == QuestionKey.BARRIERS:
            barrier_kind = answer.barrier_kind or BarrierKind.UNSPECIFIED
            if barrier_kind not in BarrierKind.values:
                raise ApplicationError(_("Choose internal or external."), field="barrier_kind")
        if len(text) > Contribution.MAX_LENGTH:
            # Never cut what people wrote: refuse it, naming the question and the limit.
            box = AnswerBox(questions[answer.question], barrier_kind).name
            raise ApplicationError(
                too_long_message(
                    label=questions[answer.question].text,
                    length=len(text),
                    limit=Contribution.MAX_LENGTH,
                ),
                field=f"answer_{box}",
            )
        cleaned.append((questions[answer.question], text, barrier_kind))
    if not cleaned:
        raise ApplicationError(_("Please answer at least one question."))
    contributions = []
    earlier = _earlier_copies(participant, cleaned)
    for sequence, (question, text, barrier_kind) in enumerate(cleaned):
        if sequence in earlier:
            continue
        held = looks_personal(text) or late
        if late:
            reason = _("Captured offline before the process closed; sent after it closed")
        elif held:
            reason = _("May contain personal data")
        else:
            reason = ""
        contribution = Contribution(
            community=process.community,
            process=process,
            question=question,
            participant=participant,
            text=text,
            language=language,
            channel=channel,
            barrier_kind=barrier_kind,
            moderation=Moderation.HELD if held else Moderation.VISIBLE,
            moderation_reason=reason,
            idempotency_key=idempotency_key,
            sequence=sequence,
            gathering=gathering,
            captured_at=captured_at,
            captured_device=captured_device[:40],
            late=late,
            text_fingerprint=text_fingerprint(text) if participant is not None else None,
        )
        # The related objects were loaded and checked above, and the unique constraint on the
        # idempotency key is the last word on duplicates: validate the fields only, so one
        # answer costs one INSERT, not four existence checks and a uniqueness query first.
        contribution.full_clean(
            exclude=["community", "process", "question", "participant", "gathering"],
            validate_constraints=False,
        )
        contributions.append(contribution)
    if not contributions:
        # Every answer is one this participant already gave (back and send again): one copy.
        return [c for _i, c in sorted(earlier.items()) if c is not None]
    try:
        with transaction.atomic():
            contributions = Contribution.objects.bulk_create(contributions)
    except IntegrityError:
        # A concurrent request won the race: a retry of this submission (same key: it is
        # returned to its owner only), or the same answer sent twice at once (same text: that
        # copy stands). Either way nothing more is stored.
        existing = _submission(process, idempotency_key)
        if existing:
            return _to_owner(existing, participant)
        earlier = _earlier_copies(participant, cleaned)
        if len(earlier) == len(cleaned):
            return [c for _i, c in sorted(earlier.items()) if c is not None]
        raise ApplicationError(
            _("Your answers could not be saved just now. Please send them again.")
        ) from None
    audit_record(
        action="contributions.submitted",
        actor=actor,
        community=process.community,
        target=process,
        actor_label=str(participant) if participant else "",
        details={
            "count": len(contributions),
            "channel": channel,
            "gathering": gathering.pk if gathering else None,
        },
    )
    if any(earlier.values()):
        # What the caller sent, in order: the new answers and the earlier copies of repeats.
        in_order = {c.sequence: c for c in contributions} | {
            i: c for i, c in earlier.items() if c is not None
        }
        contributions = [in_order[i] for i in sorted(in_order)]
    return contributions


def _submission(process: Process, idempotency_key: str) -> list[Contribution]:
    if not idempotency_key:
        return []
    return list(
        Contribution.objects.filter(process=process, idempotency_key=idempotency_key).order_by("id")
    )


def _to_owner(existing: list[Contribution], participant: Participant | None) -> list[Contribution]:
    """The first submission's answers when the caller is the one who sent them, else nothing."""
    owner = participant.pk if participant is not None else None
    if all(c.participant_id == owner for c in existing):
        return existing
    raise AlreadyReceived()


def _earlier_copies(
    participant: Participant | None, cleaned: Sequence[tuple[Any, ...]]
) -> dict[int, Contribution | None]:
    """The answers (question, text, ...) not to store, by position: those the participant
    already gave (with the copy stored first), and a repeat of an earlier answer in the same
    form (with None). Compared on normalized text, so that answers stored before fingerprints
    were kept count too. Answers captured without a participant are never compared: different
    people at a gathering may write the same words."""
    if participant is None or participant.pk is None:
        return {}
    wanted = {(entry[0].pk, normalized_text(entry[1])) for entry in cleaned}
    first: dict[tuple[int, str], Contribution] = {}
    for contribution in Contribution.objects.filter(
        participant=participant, question_id__in={question_id for question_id, _t in wanted}
    ).order_by("id"):
        key = (contribution.question_id, normalized_text(contribution.text))
        if key in wanted:
            first.setdefault(key, contribution)
    skip: dict[int, Contribution | None] = {}
    in_this_form: set[tuple[int, str]] = set()
    for position, entry in enumerate(cleaned):
        key = (entry[0].pk, normalized_text(entry[1]))
        if key in first:
            skip[position] = first[key]
        elif key in in_this_form:
            skip[position] = None
        in_this_form.add(key)
    return skip


@transaction.atomic
def contribution_moderate(
    *, actor: Any, contribution: Contribution, state: str, reason: str
) -> Contribution:
    """Hide, hold or restore an answer, with a reason that is kept in the audit log."""
    if not actor.has_perm("planning.moderate", contribution.process):
        raise ApplicationError(_("You do not have permission to do that."))
    if state not in Moderation.values:
        raise ApplicationError(_("Choose a valid moderation state."))
    reason = clean_text(reason)
    if state == Moderation.HIDDEN and not reason:
        raise ApplicationError(_("Say why the answer is hidden."), field="reason")
    before = contribution.moderation
    contribution.moderation = state
    contribution.moderation_reason = reason[:300]
    contribution.save(update_fields=["moderation", "moderation_reason"])
    audit_record(
        action="contribution.moderated",
        actor=actor,
        community=contribution.community,
        target=contribution,
        details={"from": before, "to": state, "reason": reason[:300]},
    )
    return contribution


DEFAULT_GATHERING_LENGTH = timedelta(hours=2)


def gathering_mode(*, place: str, online_url: str) -> str:
    from groundwork.gatherings.models import Mode

    if place and online_url:
        return Mode.HYBRID
    return Mode.ONLINE if online_url else Mode.IN_PERSON


GATHERING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "place",
    "online_url",
    "language",
    "interpretation",
    "facilitator",
    "expected_attendance",
    "actual_attendance",
    "notes",
    "guide",
    "is_public",
)


@transaction.atomic
def gathering_save(
    *, actor: Any, process: Process, gathering: Gathering | None = None, **fields: Any
) -> Gathering:
    """Create a gathering, or update one of this process."""
    if not actor.has_perm("planning.capture", process):
        raise ApplicationError(_("You do not have permission to do that."))
    unknown = set(fields) - set(GATHERING_FIELDS)
    if unknown:
        raise ValueError(f"Not gathering fields: {sorted(unknown)}")
    if gathering is None:
        gathering = Gathering(process=process, community=process.community)
    elif gathering.process_id != process.pk:
        raise ApplicationError(_("Choose a gathering of this process."))
    facilitator = fields.get("facilitator")
    if (
        facilitator is not None
        and not process.community.memberships.filter(user=facilitator).exists()
    ):
        raise ApplicationError(
            _("The facilitator must be a member of the community."), field="facilitator"
        )
    guide = fields.get("guide")
    if guide is not None and guide.community_id != process.community_id:
        raise ApplicationError(_("Choose one of this community's guides."), field="guide")
    old_start = gathering.starts_at
    for key, value in fields.items():
        setattr(gathering, key, value)
    if isinstance(gathering.starts_at, str):
        starts_at = Gathering._meta.get_field("starts_at").to_python(gathering.starts_at)
        if starts_at is not None and timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        gathering.starts_at = starts_at
    # The facilitators' form has no end time nor mode: two hours, moved with the start, and
    # in person, online or both by what it names.
    if gathering.starts_at is not None and (
        gathering.ends_at is None or gathering.starts_at != old_start
    ):
        length = gathering.ends_at - old_start if gathering.ends_at and old_start else None
        gathering.ends_at = gathering.starts_at + (length or DEFAULT_GATHERING_LENGTH)
    gathering.mode = gathering_mode(place=gathering.place, online_url=gathering.online_url)
    gathering.full_clean()
    created = gathering.pk is None
    gathering.save()
    audit_record(
        action="gathering.created" if created else "gathering.updated",
        actor=actor,
        community=process.community,
        target=gathering,
    )
    return gathering


@transaction.atomic
def process_update(
    *,
    actor: Any,
    process: Process,
    title: str,
    title_es: str = "",
    purpose: str = "",
    starts_on: Any = None,
    ends_on: Any = None,
    is_public: bool = True,
    current_phase: Phase,
    new_areas: list[str] | None = None,
    phases: list[tuple[Phase, dict[str, Any]]] | None = None,
    questions: list[tuple[Question, dict[str, str]]] | None = None,
) -> Process:
    """Change a process's details, phase, phase descriptions and question wording at once:
    everything is saved, or nothing."""
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("You do not have permission to do that."))
    if current_phase.process_id != process.pk:
        raise ApplicationError(_("Choose a phase of this process."), field="current_phase")
    changed_phase = current_phase.pk != process.current_phase_id
    process.title = title.strip()
    process.title_es = title_es.strip()
    process.purpose = clean_text(purpose)
    process.starts_on = starts_on
    process.ends_on = ends_on
    process.is_public = is_public
    _note_closing(process, current_phase)
    process.current_phase = current_phase
    process.full_clean()
    process.save()
    for phase, data in phases or []:
        if phase.process_id != process.pk:
            raise ApplicationError(_("Choose a phase of this process."))
        phase.description = clean_text(data.get("description", ""))
        phase.starts_on = data.get("starts_on")
        phase.ends_on = data.get("ends_on")
        phase.full_clean()
        phase.save()
    for question, data in questions or []:
        if question.process_id != process.pk:
            raise ApplicationError(_("That question is not part of this process."))
        for field in ("text_en", "text_es", "help_en", "help_es"):
            setattr(question, field, clean_text(data.get(field, "")))
        if not question.text_en or not question.text_es:
            raise ApplicationError(_("Every question needs its English and Spanish wording."))
        question.full_clean()
        question.save()
    existing = set(process.areas.values_list("name", flat=True))
    start = process.areas.count()
    Area.objects.bulk_create(
        Area(process=process, name=name, order=start + i)
        for i, name in enumerate(n for n in dict.fromkeys(new_areas or []) if n not in existing)
    )
    audit_record(
        action="process.updated",
        actor=actor,
        community=process.community,
        target=process,
        details={"phase": current_phase.kind} if changed_phase else {},
    )
    return process


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


# Population figures (reach and equity) ---------------------------------------------------------

MAX_POPULATION = 100_000_000


@dataclass(frozen=True)
class PopulationEntry:
    """One population figure to save. `value` is an area's name, an age band (its value, or
    its label in English or Spanish) or a language (its code or name); `line` is its line in
    an imported file, for error messages."""

    dimension: str
    value: str
    population: int
    source: str = ""
    line: int | None = None


class PopulationFiguresInvalid(ApplicationError):
    """Some figures are not valid and nothing was saved; `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        message = (
            problems[0]
            if len(problems) == 1
            else ngettext(
                "Nothing was saved: %(count)d figure has a problem.",
                "Nothing was saved: %(count)d figures have problems.",
                len(problems),
            )
            % {"count": len(problems)}
        )
        super().__init__(message)
        self.problems = problems


def population_groups(*, process: Process) -> dict[str, list[tuple[str, str]]]:
    """The groups population figures can be given for: dimension -> [(value, label)]."""
    return {
        PopulationDimension.AREA: [(a.name, a.name) for a in process.areas.all()],
        PopulationDimension.AGE_BAND: [(str(v), str(label)) for v, label in AgeBand.choices],
        PopulationDimension.LANGUAGE: [(code, str(name)) for code, name in settings.LANGUAGES],
    }


def _population_aliases(groups: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, str]]:
    """What people may type for each group: its value, and its label in either language."""
    aliases: dict[str, dict[str, str]] = {d: {} for d in groups}
    for language in ("en", "es"):
        with translation.override(language):
            for dimension, values in groups.items():
                for value, _label in values:
                    aliases[dimension][value.casefold()] = value
                if dimension == PopulationDimension.AGE_BAND:
                    for value, label in AgeBand.choices:
                        aliases[dimension][str(label).casefold()] = str(value)
                elif dimension == PopulationDimension.LANGUAGE:
                    for code, name in settings.LANGUAGES:
                        aliases[dimension][str(name).casefold()] = code
    return aliases


def population_figures_check(
    *, process: Process, entries: Sequence[PopulationEntry]
) -> tuple[list[tuple[int, str]], list[PopulationEntry]]:
    """Validate population figures without saving them. Returns the problems, as (line, text)
    with the text translated and naming the line of an imported file (line 0 when there is
    none), and the entries with each group written the way the reach page matches it (the
    area's exact name, the age band's value, the language code)."""
    groups = population_groups(process=process)
    aliases = _population_aliases(groups)
    problems: list[tuple[int, str]] = []
    cleaned: list[PopulationEntry] = []
    seen: dict[tuple[str, str], int | None] = {}

    def problem(entry: PopulationEntry, text: str) -> None:
        if entry.line is not None:
            text = _("Line %(line)d: %(problem)s") % {"line": entry.line, "problem": text}
        problems.append((entry.line or 0, text))

    for entry in entries:
        dimension = entry.dimension.strip().casefold()
        value = " ".join(entry.value.split())
        if dimension not in PopulationDimension.values:
            problem(
                entry,
                _("the first column must be area, age_band or language, not “%(value)s”.")
                % {"value": entry.dimension[:40]},
            )
            continue
        if not value:
            problem(entry, _("the group (second column) is missing."))
            continue
        canonical = aliases[dimension].get(value.casefold())
        if canonical is None:
            choices = ", ".join(v for v, _label in groups[dimension])
            if dimension == PopulationDimension.AREA:
                text = _("there is no area called “%(value)s” in this process.")
                if choices:
                    text += " " + _("The areas are: %(choices)s.")
                else:
                    text += " " + _("This process has no areas.")
            elif dimension == PopulationDimension.AGE_BAND:
                text = _("“%(value)s” is not an age band. Use one of: %(choices)s.")
            else:
                text = _("“%(value)s” is not a language of Groundwork. Use one of: %(choices)s.")
            problem(entry, text % {"value": value[:120], "choices": choices})
            continue
        population = entry.population
        if (
            isinstance(population, bool)
            or not isinstance(population, int)
            or not 0 <= population <= MAX_POPULATION
        ):
            problem(
                entry,
                _("the number of people must be a whole number from 0 to %(max)s.")
                % {"max": number_format(MAX_POPULATION, force_grouping=True)},
            )
            continue
        source = " ".join(clean_text(entry.source).split())
        if len(source) > 200:
            problem(entry, _("the source must be at most 200 characters long."))
            continue
        key = (dimension, canonical)
        if key in seen:
            first = seen[key]
            if first is not None:
                problem(
                    entry,
                    _("“%(value)s” already has a figure on line %(first)d.")
                    % {"value": canonical, "first": first},
                )
            else:
                problem(entry, _("“%(value)s” is given twice.") % {"value": canonical})
            continue
        seen[key] = entry.line
        cleaned.append(PopulationEntry(dimension, canonical, population, source, entry.line))
    return problems, cleaned


@transaction.atomic
def population_figures_save(
    *,
    actor: Any,
    process: Process,
    entries: Sequence[PopulationEntry],
    replace: bool = False,
    origin: str = "form",
) -> int:
    """Save population figures for the reach page, all or nothing.

    With `replace`, the figures given become the process's only ones (a group left out loses
    its figure: that is how the form clears one); otherwise they are added to or update the
    existing ones (an import). Returns the number of figures saved.
    """
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("You do not have permission to do that."))
    problems, cleaned = population_figures_check(process=process, entries=entries)
    if problems:
        raise PopulationFiguresInvalid([text for _line, text in problems])
    existing = {(f.dimension, f.value): f for f in process.population.all()}
    new, changed = [], []
    for entry in cleaned:
        figure = existing.get((entry.dimension, entry.value))
        if figure is None:
            figure = PopulationFigure(process=process, dimension=entry.dimension, value=entry.value)
            new.append(figure)
        elif (figure.population, figure.source) == (entry.population, entry.source):
            continue
        else:
            changed.append(figure)
        figure.population = entry.population
        figure.source = entry.source
        # The unique constraint is checked above and enforced by the database.
        figure.full_clean(exclude=["process"], validate_unique=False, validate_constraints=False)
    removed = 0
    if replace:
        keep = {(e.dimension, e.value) for e in cleaned}
        gone = [f.pk for key, f in existing.items() if key not in keep]
        removed, _deleted = PopulationFigure.objects.filter(pk__in=gone).delete()
    PopulationFigure.objects.bulk_create(new)
    PopulationFigure.objects.bulk_update(changed, ["population", "source"])
    audit_record(
        action="population.saved",
        actor=actor,
        community=process.community,
        target=process,
        details={
            "origin": origin,
            "figures": len(cleaned),
            "added": len(new),
            "changed": len(changed),
            "removed": removed,
        },
    )
    return len(cleaned)
