"""Processes: creating one, its phases and settings, and whether a late capture still counts."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..defaults import FIVE_QUESTIONS, PHASES
from ..models import (
    Area,
    Phase,
    PhaseKind,
    Process,
    Question,
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
