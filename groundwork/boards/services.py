"""Every write to boards: checked against the rules, validated, atomic, audited."""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import next_position
from groundwork.core.services import audit_record
from groundwork.gatherings.models import Gathering

from .models import Board, Meeting, Member, PastTerm, Seat

BOARD_FIELDS = ("kind", "name", "name_es", "purpose", "purpose_es", "is_public")
SEAT_FIELDS = ("title", "sector", "constituency", "lived_experience", "term_start", "term_end")


def _check(actor: Any, obj: Any) -> None:
    if not actor.has_perm("boards.manage", obj):
        raise ApplicationError(_("You do not have permission to do that."))


def _community(board: Board) -> Community | None:
    return board.community if board.community_id else None


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def board_save(
    *,
    actor: Any,
    owner: Community | Network | None = None,
    board: Board | None = None,
    **fields: Any,
) -> Board:
    """Create a board of a community or a network, or change one."""
    unknown = set(fields) - set(BOARD_FIELDS)
    if unknown:
        raise ValueError(f"Not board fields: {sorted(unknown)}")
    if board is None:
        if owner is None:
            raise ValueError("A new board needs its owner.")
        board = Board(network=owner) if isinstance(owner, Network) else Board(community=owner)
    _check(actor, board)
    for key, value in fields.items():
        setattr(board, key, _text(value))
    board.full_clean()
    created = board.pk is None
    board.save()
    audit_record(
        action="board.created" if created else "board.updated",
        actor=actor,
        community=_community(board),
        target=board,
    )
    return board


@transaction.atomic
def seat_save(*, actor: Any, board: Board, seat: Seat | None = None, **fields: Any) -> Seat:
    unknown = set(fields) - set(SEAT_FIELDS)
    if unknown:
        raise ValueError(f"Not seat fields: {sorted(unknown)}")
    _check(actor, board)
    if seat is None:
        seat = Seat(board=board, position=next_position(board.seats))
    elif seat.board_id != board.pk:
        raise ApplicationError(_("That seat is not on this board."))
    start, end = fields.get("term_start"), fields.get("term_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise ApplicationError(_("The term must end after it starts."), field="term_end")
    for key, value in fields.items():
        setattr(seat, key, _text(value))
    seat.full_clean()
    created = seat.pk is None
    seat.save()
    audit_record(
        action="board.seat_created" if created else "board.seat_updated",
        actor=actor,
        community=_community(board),
        target=seat,
        details={"board_id": board.pk},
    )
    return seat


@transaction.atomic
def seat_delete(*, actor: Any, seat: Seat) -> None:
    """Remove a seat from the board; a seat someone holds is vacated first."""
    board = seat.board
    _check(actor, board)
    if Member.objects.filter(seat=seat).exists():
        raise ApplicationError(_("Someone holds this seat. Vacate it before removing it."))
    audit_record(
        action="board.seat_deleted",
        actor=actor,
        community=_community(board),
        target=seat,
        details={"board_id": board.pk},
    )
    seat.delete()


@transaction.atomic
def seat_fill(
    *,
    actor: Any,
    seat: Seat,
    email: str = "",
    name: str = "",
    has_lived_experience: bool = False,
    listed_publicly: bool = False,
    consent: bool = False,
    consent_note: str = "",
) -> Member:
    """Seat someone: a person with an account (by its e-mail address) or by name only. A
    person named without an account is kept only with their consent, recorded now; being
    listed by name on public pages needs that consent too."""
    board = seat.board
    _check(actor, board)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if Member.objects.filter(seat=seat).exists():
        raise ApplicationError(_("Someone already holds this seat. Vacate it first."))
    email, name = email.strip().lower(), name.strip()
    user = None
    if email:
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ApplicationError(
                _("No account uses this address. Leave it empty to name the person instead."),
                field="email",
            )
    elif not name:
        raise ApplicationError(
            _("Give the e-mail address of their account, or their name."), field="name"
        )
    if (user is None or listed_publicly) and not consent:
        raise ApplicationError(
            _(
                "Record that the person agreed: to be kept here by name, and to be listed by "
                "name on public pages if you chose that."
            ),
            field="consent",
        )
    if seat.lived_experience and not has_lived_experience:
        raise ApplicationError(
            _("This seat is reserved for a person with lived experience."),
            field="has_lived_experience",
        )
    member = Member(
        seat=seat,
        user=user,
        name=name,
        has_lived_experience=has_lived_experience,
        listed_publicly=listed_publicly,
        consent_note=consent_note.strip(),
    )
    if consent:
        member.consent_recorded_at = timezone.now()
        member.consent_recorded_by = actor
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:  # seated by someone else a moment ago
        raise ApplicationError(_("Someone already holds this seat. Vacate it first.")) from error
    audit_record(
        action="board.seat_filled",
        actor=actor,
        community=_community(board),
        target=seat,
        details={
            "board_id": board.pk,
            "member_id": member.pk,
            "with_account": user is not None,
            "consent_recorded": consent,
        },
    )
    return member


@transaction.atomic
def seat_vacate(*, actor: Any, seat: Seat) -> None:
    board = seat.board
    _check(actor, board)
    member = Member.objects.select_for_update().filter(seat=seat).first()
    if member is None:
        return
    audit_record(
        action="board.seat_vacated",
        actor=actor,
        community=_community(board),
        target=seat,
        details={"board_id": board.pk, "member_id": member.pk},
    )
    # The seat's history keeps who held it, and when: from being seated to today.
    today = timezone.localdate()
    PastTerm.objects.create(
        seat=seat,
        user=member.user,
        name=member.name,
        has_lived_experience=member.has_lived_experience,
        listed_publicly=member.listed_publicly,
        started_on=min(timezone.localdate(member.created_at), today),
        ended_on=today,
    )
    member.delete()


@transaction.atomic
def meeting_link(*, actor: Any, board: Board, gathering: Gathering) -> Meeting:
    """A gathering of the board's own community or network becomes one of its meetings."""
    _check(actor, board)
    if (gathering.community_id, gathering.network_id) != (board.community_id, board.network_id):
        raise ApplicationError(
            _("Choose a gathering of the board's own community or network."), field="gathering"
        )
    meeting, created = Meeting.objects.get_or_create(board=board, gathering=gathering)
    if created:
        audit_record(
            action="board.meeting_linked",
            actor=actor,
            community=_community(board),
            target=meeting,
            details={"board_id": board.pk, "gathering_id": gathering.pk},
        )
    return meeting


@transaction.atomic
def meeting_unlink(*, actor: Any, meeting: Meeting) -> None:
    board = meeting.board
    _check(actor, board)
    audit_record(
        action="board.meeting_unlinked",
        actor=actor,
        community=_community(board),
        target=meeting,
        details={"board_id": board.pk, "gathering_id": meeting.gathering_id},
    )
    meeting.delete()


def roster_viewed(*, actor: Any, board: Board) -> None:
    """Those who run a board see who holds each seat and who has lived experience: each such
    read is recorded."""
    audit_record(
        action="board.roster_viewed",
        actor=actor,
        community=_community(board),
        target=board,
    )
