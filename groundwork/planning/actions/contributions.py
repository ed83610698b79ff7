"""Answers in: submitted once per key, to their owner only, and moderated."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from groundwork.analysis.pii import looks_personal
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.fingerprint import normalized_text, text_fingerprint
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from ..boxes import AnswerBox
from ..models import (
    BarrierKind,
    Channel,
    Contribution,
    Gathering,
    Moderation,
    Participant,
    Process,
    QuestionKey,
)
from .processes import late_capture_allowed


@dataclass(frozen=True)
class Answer:
    question: QuestionKey | str
    text: str
    barrier_kind: str = ""


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

    The answers and their audit record are written in one transaction (a savepoint inside the
    caller's) after every check, which only reads: a refused submission writes nothing.
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
