"""Reads of boards, each in a fixed number of queries."""

from typing import Any

from django.db.models import QuerySet

from groundwork.communities.models import Community, Network
from groundwork.gatherings.models import Gathering

from .models import Board, Meeting, PastTerm, Seat


def owner_boards(*, owner: Community | Network, user: Any) -> list[Board]:
    """The owner's boards the user may see."""
    boards = Board.objects.filter(**_owner_filter(owner)).select_related("community", "network")
    return [b for b in boards if user.has_perm("boards.view", b)]


def _owner_filter(owner: Community | Network) -> dict[str, Any]:
    return {"network": owner} if isinstance(owner, Network) else {"community": owner}


def board_seats(*, board: Board) -> list[Seat]:
    return list(board.seats.select_related("member", "member__user").order_by("position", "pk"))


def past_terms(*, board: Board) -> list[PastTerm]:
    """Who held the board's seats before, the latest first within each seat."""
    return list(
        PastTerm.objects.filter(seat__board=board)
        .select_related("seat", "user")
        .order_by("seat__position", "seat_id", "-ended_on", "-pk")
    )


def board_meetings(*, board: Board) -> list[Meeting]:
    return list(board.meetings.select_related("gathering").order_by("-gathering__starts_at"))


def gatherings_to_link(*, board: Board) -> QuerySet[Gathering]:
    """The owner's gatherings that are not yet meetings of the board, latest first (a
    queryset a form can check a choice against)."""
    owner = board.owner
    return (
        Gathering.objects.filter(**_owner_filter(owner))
        .exclude(board_meetings__board=board)
        .order_by("-starts_at", "pk")
    )
