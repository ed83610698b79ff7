"""Every write to planning goes through here: validated, atomic, audited."""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.analysis.pii import looks_personal
from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from .defaults import FIVE_QUESTIONS, PHASES
from .models import (
    Area,
    BarrierKind,
    Channel,
    Contribution,
    Gathering,
    Moderation,
    Participant,
    Phase,
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


@transaction.atomic
def process_set_phase(*, actor: Any, process: Process, phase: Phase) -> Process:
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("You do not have permission to do that."))
    if phase.process_id != process.pk:
        raise ApplicationError(_("Choose a phase of this process."))
    process.current_phase = phase
    process.save(update_fields=["current_phase", "updated_at"])
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
) -> list[Contribution]:
    """Store answers (to one or several questions, several per question when captured from a
    gathering or paper forms), all or nothing.

    A retry with the same idempotency key returns what the first attempt stored. Answers that
    look like they contain personal data are held for review. Only facilitators record
    answers from channels other than online.
    """
    existing = list(
        Contribution.objects.filter(process=process, idempotency_key=idempotency_key).order_by("id")
    )
    if existing:
        return existing
    if not process.is_gathering:
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
        if len(text) > Contribution.MAX_LENGTH:
            raise ApplicationError(
                _("Please keep each answer under %(limit)d characters.")
                % {"limit": Contribution.MAX_LENGTH},
                field=str(answer.question),
            )
        if answer.question not in questions:
            raise ApplicationError(_("That question is not part of this process."))
        barrier_kind = answer.barrier_kind if answer.question == QuestionKey.BARRIERS else ""
        if barrier_kind and barrier_kind not in BarrierKind.values:
            raise ApplicationError(_("Choose internal or external."), field="barrier_kind")
        cleaned.append((questions[answer.question], text, barrier_kind))
    if not cleaned:
        raise ApplicationError(_("Please answer at least one question."))
    contributions = []
    try:
        with transaction.atomic():
            for sequence, (question, text, barrier_kind) in enumerate(cleaned):
                held = looks_personal(text)
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
                    moderation_reason=_("May contain personal data") if held else "",
                    idempotency_key=idempotency_key,
                    sequence=sequence,
                    gathering=gathering,
                )
                contribution.full_clean()
                contribution.save()
                contributions.append(contribution)
    except IntegrityError:
        # A concurrent retry of the same submission won the race: return what it stored.
        return list(
            Contribution.objects.filter(process=process, idempotency_key=idempotency_key).order_by(
                "id"
            )
        )
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
    return contributions


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
    for key, value in fields.items():
        setattr(gathering, key, value)
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
