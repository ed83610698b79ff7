import pytest

from groundwork.boards.composition import compose
from groundwork.boards.demo import SEATS, load_boards_demo
from groundwork.boards.models import Board, Member
from groundwork.core.demo import load_demo
from groundwork.gatherings.demo import load_gatherings_demo

pytestmark = pytest.mark.django_db


def test_the_demo_council_loads_once_with_hidden_counts(tenant):  # type: ignore[no-untyped-def]
    load_demo()
    load_gatherings_demo()
    assert load_boards_demo() == len(SEATS)
    assert load_boards_demo() == 0
    board = Board.objects.get(network__slug="resilient-together")
    assert board.meetings.count() == 1
    assert Member.objects.filter(seat__board=board, user__isnull=False).count() == 2
    found = compose(list(board.seats.select_related("member")))
    assert found.reserved == 3 and found.held_lived_experience.hidden
    assert "Education" in found.sectors_missing  # the schools' seat is vacant
    assert not Board.objects.filter(network=tenant.network).exists()
