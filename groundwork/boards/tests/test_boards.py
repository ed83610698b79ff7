"""Boards of a network or a community: seats with terms and sectors, members with an account or
by name with consent, meetings that are gatherings, and the composition report with small
counts hidden; every page checks its rule; beside a look-alike tenant that nothing touches."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groundwork.boards import services
from groundwork.boards.composition import compose
from groundwork.boards.models import Board, Member, Seat
from groundwork.communities.models import Role, Sector
from groundwork.communities.tests.factories import UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.gatherings import services as gatherings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def steward(tenant):  # type: ignore[no-untyped-def]
    person = UserFactory()
    tenant.network.stewards.add(person)
    return person


@pytest.fixture
def board(tenant, steward):  # type: ignore[no-untyped-def]
    return services.board_save(
        actor=steward, owner=tenant.network, name="Statewide advisory board", kind="advisory_board"
    )


def _seats(board, steward, n, *, lived=0, sector=Sector.HEALTH_CARE):  # type: ignore[no-untyped-def]
    made = []
    for i in range(n):
        seat = services.seat_save(
            actor=steward,
            board=board,
            title=f"Seat {i}",
            sector=sector,
            lived_experience=i < lived,
            term_start=date(2027, 1, 1),
            term_end=date(2028, 12, 31),
        )
        made.append(seat)
    return made


def _fill(board, steward, seats, *, lived):  # type: ignore[no-untyped-def]
    for i, seat in enumerate(seats):
        services.seat_fill(
            actor=steward,
            seat=seat,
            name=f"Person {i}",
            has_lived_experience=i < lived or seat.lived_experience,
            consent=True,
        )


def test_composition_hides_small_counts_and_names_missing_sectors(board, steward):  # type: ignore[no-untyped-def]
    seats = _seats(board, steward, 4, lived=2)
    _fill(board, steward, seats[:3], lived=2)
    found = compose(list(board.seats.select_related("member")))
    assert found.seats == 4 and found.reserved == 2
    assert found.held.hidden and found.held_lived_experience.hidden and found.held_others.hidden
    assert "Health care" in found.sectors_present
    assert "Faith" in found.sectors_missing and "Health care" not in found.sectors_missing
    assert "Other" not in found.sectors_missing


def test_composition_shows_large_counts_and_a_zero(board, steward):  # type: ignore[no-untyped-def]
    seats = _seats(board, steward, 12)
    _fill(board, steward, seats, lived=0)
    found = compose(list(board.seats.select_related("member")))
    assert found.held.value == 12 and found.held_others.value == 12
    assert found.held_lived_experience.value == 0  # a true zero is shown


def test_a_reserved_seat_needs_lived_experience(board, steward):  # type: ignore[no-untyped-def]
    (seat,) = _seats(board, steward, 1, lived=1)
    with pytest.raises(ApplicationError):
        services.seat_fill(actor=steward, seat=seat, name="Ana", consent=True)
    assert not Member.objects.exists()


def test_name_only_needs_consent_and_accounts_by_email(board, steward):  # type: ignore[no-untyped-def]
    first, second = _seats(board, steward, 2)
    with pytest.raises(ApplicationError):
        services.seat_fill(actor=steward, seat=first, name="Ana")
    with pytest.raises(ApplicationError):
        services.seat_fill(actor=steward, seat=first, email="nobody@example.org")
    person = UserFactory(email="bea@example.org")
    held = services.seat_fill(actor=steward, seat=first, email="BEA@example.org")
    assert held.user == person and held.consent_recorded_at is None
    named = services.seat_fill(actor=steward, seat=second, name="Ana", consent=True)
    assert named.consent_recorded_by == steward and named.consent_recorded_at is not None
    with pytest.raises(ApplicationError):  # one holder per seat
        services.seat_fill(actor=steward, seat=second, name="Eve", consent=True)
    assert AuditEvent.objects.filter(action="board.seat_filled").count() == 2


def test_term_must_end_after_it_starts(board, steward):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError):
        services.seat_save(
            actor=steward,
            board=board,
            title="X",
            sector="faith",
            term_start=date(2027, 1, 1),
            term_end=date(2026, 1, 1),
        )
    assert not Seat.objects.exists()


def test_public_page_hides_names_and_lived_experience(client, board, steward):  # type: ignore[no-untyped-def]
    seats = _seats(board, steward, 3, lived=1)
    services.seat_fill(
        actor=steward, seat=seats[0], name="Hidden Person", has_lived_experience=True, consent=True
    )
    services.seat_fill(
        actor=steward, seat=seats[1], name="Listed Person", listed_publicly=True, consent=True
    )
    page = client.get(board.get_absolute_url())
    assert page.status_code == 200
    assert b"Listed Person" in page.content and b"Hidden Person" not in page.content
    assert b"Has lived experience" not in page.content and b"gw-hidden-count" in page.content
    assert not AuditEvent.objects.filter(action="board.roster_viewed").exists()
    client.force_login(steward)
    page = client.get(board.get_absolute_url())
    assert b"Hidden Person" in page.content and b"Has lived experience" in page.content
    assert AuditEvent.objects.filter(action="board.roster_viewed", actor=steward).exists()
    report = client.get(board.url("composition"))
    assert report.status_code == 200 and b"Sectors missing" in report.content


def test_who_runs_and_who_sees(client, tenant, other_tenant, board, steward):  # type: ignore[no-untyped-def]
    private = services.board_save(
        actor=tenant.coordinator,
        owner=tenant.community,
        name="Youth working group",
        kind="working_group",
        is_public=False,
    )
    url = private.get_absolute_url()
    assert client.get(url).status_code == 302  # signed out: to sign in
    client.force_login(member(tenant.community, Role.VIEWER))
    assert client.get(url).status_code == 200  # a member sees it
    assert client.get(private.url("edit")).status_code == 403
    client.force_login(other_tenant.coordinator)  # runs the look-alike community only
    assert client.get(url).status_code == 403
    assert client.get(board.url("seat_new")).status_code == 403
    assert client.post(board.url("seat_new"), {"title": "X", "sector": "faith"}).status_code == 403
    # The board cannot be reached through the other network's address.
    wrong = reverse(
        "boards:network_detail", kwargs={"network_slug": other_tenant.network.slug, "pk": board.pk}
    )
    assert client.get(wrong).status_code == 404
    client.force_login(member(tenant.community, Role.FACILITATOR))
    assert client.get(private.url("seat_new")).status_code == 200
    assert client.get(board.url("seat_new")).status_code == 403  # not a network steward
    assert not Seat.objects.exists()


def test_forms_create_a_board_a_seat_and_seat_someone(client, tenant):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    listing = reverse("boards:community_list", kwargs={"slug": tenant.community.slug})
    response = client.post(
        listing, {"kind": "committee", "name": "Housing committee", "is_public": "on"}
    )
    board = Board.objects.get(community=tenant.community)
    assert response.status_code == 302 and response["Location"] == board.get_absolute_url()
    response = client.post(
        board.url("seat_new"),
        {
            "title": "Tenant",
            "sector": "lived_experience",
            "lived_experience": "on",
            "term_start": "2027-01-01",
            "term_end": "2028-12-31",
        },
    )
    seat = board.seats.get()
    assert response.status_code == 302 and seat.term_end == date(2028, 12, 31)
    fill = board.url("seat_fill", seat_id=seat.pk)
    refused = client.post(fill, {"name": "Rosa"})  # no consent recorded
    assert refused.status_code == 200 and b"usa-error-message" in refused.content
    assert not Member.objects.exists()
    client.post(fill, {"name": "Rosa", "has_lived_experience": "on", "consent": "on"})
    assert seat.member.name == "Rosa"
    client.post(board.url("seat_vacate", seat_id=seat.pk))
    assert not Member.objects.exists()


def test_meetings_are_the_owners_gatherings(client, tenant, other_tenant, board, steward):  # type: ignore[no-untyped-def]
    start = timezone.now() + timedelta(days=7)
    ours = gatherings.gathering_save(
        actor=steward,
        owner=tenant.network,
        title="Board meeting",
        language="en",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        agenda="Welcome; seats; budget",
        minutes="",
    )
    theirs = gatherings.gathering_save(
        actor=other_tenant.coordinator,
        owner=other_tenant.community,
        title="Other meeting",
        language="en",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    other_tenant.baseline()
    with pytest.raises(ApplicationError):
        services.meeting_link(actor=steward, board=board, gathering=theirs)
    client.force_login(steward)
    assert client.post(board.url("meeting_link"), {"gathering": theirs.pk}).status_code == 302
    assert not board.meetings.exists()
    client.post(board.url("meeting_link"), {"gathering": ours.pk})
    assert board.meetings.get().gathering == ours
    page = client.get(board.get_absolute_url())
    assert b"Welcome; seats; budget" in page.content


def test_the_board_page_costs_the_same_whatever_its_seats(
    client, board, steward, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    seats = _seats(board, steward, 3, lived=1)
    _fill(board, steward, seats, lived=1)
    client.force_login(steward)
    client.get(board.get_absolute_url())  # sessions, caches
    with django_assert_max_num_queries(20) as few:
        client.get(board.get_absolute_url())
    more = _seats(board, steward, 12, lived=3)
    _fill(board, steward, more, lived=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(board.get_absolute_url()).status_code == 200
