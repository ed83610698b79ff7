"""A seat's history: when its holder changes, the one who leaves is kept with the dates they
held it; the board's members see it (names only of those who agreed to be listed, all names
for those who run the board); the public does not; the composition counts current holders."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest

from groundwork.boards import services
from groundwork.boards.composition import compose
from groundwork.boards.models import PastTerm
from groundwork.communities.models import Role, Sector
from groundwork.communities.tests.factories import UserFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


def _at(day: date):  # type: ignore[no-untyped-def]
    moment = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def seat(tenant):  # type: ignore[no-untyped-def]
    board = services.board_save(
        actor=tenant.coordinator, owner=tenant.community, name="Youth council", kind="committee"
    )
    return services.seat_save(
        actor=tenant.coordinator, board=board, title="Youth voice", sector=Sector.EDUCATION
    )


def test_a_change_of_holder_keeps_the_past_one_with_dates(client, tenant, seat):  # type: ignore[no-untyped-def]
    coordinator = tenant.coordinator
    with _at(date(2027, 1, 10)):
        services.seat_fill(
            actor=coordinator, seat=seat, name="Dana Reyes", consent=True, listed_publicly=False
        )
    with _at(date(2027, 6, 30)):
        services.seat_vacate(actor=coordinator, seat=seat)
    with _at(date(2027, 7, 1)):
        services.seat_fill(
            actor=coordinator, seat=seat, name="Eli Park", consent=True, listed_publicly=True
        )
    with _at(date(2027, 12, 31)):
        services.seat_vacate(actor=coordinator, seat=seat)
    with _at(date(2028, 1, 2)):
        services.seat_fill(actor=coordinator, seat=seat, name="Fay Moss", consent=True)
    terms = list(seat.past_terms.all())
    assert [(t.name, t.started_on, t.ended_on) for t in terms] == [
        ("Eli Park", date(2027, 7, 1), date(2027, 12, 31)),
        ("Dana Reyes", date(2027, 1, 10), date(2027, 6, 30)),
    ]
    # The composition counts who holds the seats now: one person.
    seat.refresh_from_db()
    assert compose([seat]).held_others.hidden and compose([seat]).seats == 1

    url = seat.board.get_absolute_url()
    # A member sees the history, with the names of those who agreed to be listed.
    client.force_login(member(tenant.community, Role.MEMBER))
    page = client.get(url).content.decode()
    assert "Eli Park" in page and "Dana Reyes" not in page and "2027-07-01" in page
    # The coordinator, who runs the board, sees every name.
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Eli Park" in page and "Dana Reyes" in page
    # The public sees the board but not its history.
    client.logout()
    page = client.get(url).content.decode()
    assert "2027-07-01" not in page and "Eli Park" not in page


def test_a_holder_with_an_account_is_kept_by_account(tenant, seat):  # type: ignore[no-untyped-def]
    person = UserFactory(email="gil@example.org")
    with _at(date(2027, 3, 1)):
        services.seat_fill(actor=tenant.coordinator, seat=seat, email="gil@example.org")
    with _at(date(2027, 3, 1)):
        services.seat_vacate(actor=tenant.coordinator, seat=seat)
    term = PastTerm.objects.get(seat=seat)
    assert term.user == person and term.name == ""
    assert term.started_on == term.ended_on == date(2027, 3, 1)


def test_only_its_members_see_a_boards_history(tenant, other_tenant, seat):  # type: ignore[no-untyped-def]
    board = seat.board
    assert member(tenant.community, Role.VIEWER).has_perm("boards.view_history", board)
    assert not other_tenant.coordinator.has_perm("boards.view_history", board)
    assert not UserFactory().has_perm("boards.view_history", board)
