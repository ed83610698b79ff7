"""Editing the directory: who may edit what (two communities, two organizations), one
transaction per save, the weekly hours stored as RFC 5545 rules, and the stale-first list."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
)
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.directory.actions import editing, service_editing
from groundwork.directory.models import (
    Attribute,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """Two communities; the first has organizations A and B, each with a service."""
    one, two = CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
    org_a = OrganizationFactory(community=one, name="Clinic A", email="a@example.org")
    org_b = OrganizationFactory(community=one, name="Pantry B")
    org_c = OrganizationFactory(community=two, name="Shelter C")
    services = {
        key: Service.objects.create(community=org.community, organization_id=org.hsds_id, name=name)
        for key, org, name in [
            ("a", org_a, "Care A"),
            ("b", org_b, "Food B"),
            ("c", org_c, "Beds C"),
        ]
    }
    people = {
        "facilitator_one": MembershipFactory(community=one, role=Role.FACILITATOR).user,
        "facilitator_two": MembershipFactory(community=two, role=Role.FACILITATOR).user,
        "member_a": MembershipFactory(community=one, role=Role.PARTNER, organization=org_a).user,
        "member_b": MembershipFactory(community=one, role=Role.PARTNER, organization=org_b).user,
        "plain_member": MembershipFactory(community=one, role=Role.MEMBER).user,
    }
    return {
        "one": one,
        "two": two,
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "services": services,
        "people": people,
    }


def _edit_url(service: Service) -> str:
    return reverse("directory_edit:service_edit", args=[service.community.slug, service.hsds_id])


def _form(service: Service, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organization": str(service.organization_id),
        "name": service.name,
        "name_es": "",
        "description": "",
        "description_es": "",
        "status": "active",
        "url": "",
        "email": "",
        "eligibility_description": "",
        "minimum_age": "",
        "maximum_age": "",
        "application_process": "",
        "documents": "",
        "fees_description": "",
        "interpretation_services": "",
        "wait_time": "",
        "alert": "",
    }
    for prefix in ("hours", "phones", "costs"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "20",
        }
    data |= changes
    return data


@pytest.mark.parametrize(
    ("who", "service", "status"),
    [
        ("facilitator_one", "a", 200),
        ("facilitator_one", "b", 200),
        ("member_a", "a", 200),
        ("member_a", "b", 403),  # another organization's service
        ("member_b", "a", 403),
        ("plain_member", "a", 403),  # a member without an organization edits nothing
        ("facilitator_two", "a", 403),  # a steward of another community
        ("facilitator_one", "c", 403),
    ],
)
def test_who_may_open_a_service_to_edit(client, world, who, service, status):  # type: ignore[no-untyped-def]
    client.force_login(world["people"][who])
    assert client.get(_edit_url(world["services"][service])).status_code == status


def test_a_service_is_found_only_through_its_own_community(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["facilitator_one"])
    other = world["services"]["c"]
    url = reverse("directory_edit:service_edit", args=["alder", other.hsds_id])
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):  # type: ignore[no-untyped-def]
    response = client.get(_edit_url(world["services"]["a"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_cannot_post_changes_to_another_organizations_service(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["member_a"])
    food = world["services"]["b"]
    response = client.post(_edit_url(food), _form(food, name="Taken over"))
    assert response.status_code == 403
    food.refresh_from_db()
    assert food.name == "Food B"


def test_a_member_cannot_move_their_service_to_another_organization(world):  # type: ignore[no-untyped-def]
    care = world["services"]["a"]
    with pytest.raises(ApplicationError):
        service_editing.service_save(
            actor=world["people"]["member_a"],
            community=world["one"],
            service=care,
            organization=world["org_b"],
            values={"name": "Care A"},
        )
    care.refresh_from_db()
    assert care.organization_id == world["org_a"].hsds_id


def test_a_steward_of_one_community_cannot_save_into_another(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError):
        service_editing.service_save(
            actor=world["people"]["facilitator_one"],
            community=world["two"],
            service=world["services"]["c"],
            organization=world["org_c"],
            values={"name": "Mine now"},
        )


def test_a_partner_edits_hours_phones_languages_costs_and_documents(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["member_a"])
    care = world["services"]["a"]
    data = _form(
        care,
        name="Care A",
        name_es="Atención A",
        documents="Photo ID\nProof of address\n",
        languages=["en", "es"],
        **{
            "hours-TOTAL_FORMS": "2",
            "hours-0-days": ["MO", "WE", "FR"],
            "hours-0-opens_at": "09:00",
            "hours-0-closes_at": "17:00",
            "hours-1-days": ["SA"],
            "hours-1-opens_at": "22:00",
            "hours-1-closes_at": "06:00",
            "phones-0-number": "555-0101",
            "phones-0-description": "front desk",
            "costs-0-option": "Sliding scale",
            "costs-0-amount": "5",
        },
    )
    response = client.post(_edit_url(care), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    care.refresh_from_db()
    assert care.name_es == "Atención A" and care.last_verified == timezone.localdate()
    hours = list(
        Schedule.objects.filter(community=world["one"], service_id=care.hsds_id).order_by("pk")
    )
    assert [(s.freq, s.byday, s.opens_at, s.closes_at) for s in hours] == [
        ("WEEKLY", "MO,WE,FR", time(9), time(17)),
        ("WEEKLY", "SA", time(22), time(6)),
    ]
    assert list(Phone.objects.filter(service_id=care.hsds_id).values_list("number", flat=True)) == [
        "555-0101"
    ]
    assert set(Language.objects.filter(service_id=care.hsds_id).values_list("code", flat=True)) == {
        "en",
        "es",
    }
    assert list(
        RequiredDocument.objects.filter(service_id=care.hsds_id).values_list("document", flat=True)
    ) == ["Photo ID", "Proof of address"]
    event = AuditEvent.objects.filter(action="directory.service_changed").get()
    assert event.actor == world["people"]["member_a"] and event.details["hours"] == 2

    # Editing one line keeps the other schedule's HSDS id (an update, not a replacement).
    first_id = hours[0].hsds_id
    data["hours-1-closes_at"] = "07:00"
    assert client.post(_edit_url(care), data).status_code == 302
    again = list(Schedule.objects.filter(service_id=care.hsds_id).order_by("pk"))
    assert again[0].hsds_id == first_id and again[1].closes_at == time(7)


def test_the_hours_are_read_as_rfc_5545_rules(world):  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from groundwork.directory.selectors import service_hours

    care = world["services"]["a"]
    service_editing.service_save(
        actor=world["people"]["member_a"],
        community=world["one"],
        service=care,
        organization=world["org_a"],
        values={"name": "Care A"},
        hours=[service_editing.WeeklyHours(days=("MO",), opens_at=time(9), closes_at=time(17))],
    )
    zone = ZoneInfo("America/New_York")
    monday_ten = datetime(2026, 11, 30, 10, tzinfo=zone)
    open_now, next_open = service_hours(community=world["one"], services=[care], at=monday_ten)[
        care.hsds_id
    ]
    assert open_now is True
    assert next_open == datetime(2026, 12, 7, 9, tzinfo=zone)


def test_a_bad_line_saves_nothing(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["member_a"])
    care = world["services"]["a"]
    data = _form(
        care,
        name="Renamed",
        **{
            "phones-0-number": "555-0101",
            "hours-0-days": ["MO"],
            "hours-0-opens_at": "09:00",
            "hours-0-closes_at": "",  # half a line
        },
    )
    response = client.post(_edit_url(care), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the time, or leave the whole line empty." in page and "Nothing was saved" in page
    care.refresh_from_db()
    assert care.name == "Care A"
    assert not Phone.objects.filter(service_id=care.hsds_id).exists()


def test_a_problem_found_by_the_service_rolls_back_what_it_had_written(world):  # type: ignore[no-untyped-def]
    care = world["services"]["a"]
    with pytest.raises(ApplicationError):
        service_editing.service_save(
            actor=world["people"]["member_a"],
            community=world["one"],
            service=care,
            organization=world["org_a"],
            values={"name": "Renamed"},
            phones=[editing.PhoneEntry(number="555-0101")],
            # the phone is written before the hours are found wrong
            hours=[service_editing.WeeklyHours(days=(), opens_at=time(9), closes_at=time(17))],
        )
    care.refresh_from_db()
    assert care.name == "Care A" and care.last_verified is None
    assert not Phone.objects.filter(service_id=care.hsds_id).exists()
    assert not AuditEvent.objects.filter(action="directory.service_changed").exists()


def test_terms_and_locations_come_from_the_community_and_the_organization(world):  # type: ignore[no-untyped-def]
    one, two = world["one"], world["two"]
    term = TaxonomyTerm.objects.create(community=one, name="Food", description="Food help")
    foreign_term = TaxonomyTerm.objects.create(community=two, name="Food", description="Food help")
    own = Location.objects.create(
        community=one,
        organization_id=world["org_a"].hsds_id,
        name="A's place",
        location_type="physical",
    )
    theirs = Location.objects.create(
        community=one,
        organization_id=world["org_b"].hsds_id,
        name="B's place",
        location_type="physical",
    )
    care = world["services"]["a"]
    args = {
        "actor": world["people"]["member_a"],
        "community": one,
        "service": care,
        "organization": world["org_a"],
        "values": {"name": "Care A"},
    }
    with pytest.raises(ApplicationError):
        service_editing.service_save(**args, term_ids=[foreign_term.hsds_id])
    with pytest.raises(ApplicationError):
        service_editing.service_save(**args, location_ids=[theirs.hsds_id])
    service_editing.service_save(**args, term_ids=[term.hsds_id], location_ids=[own.hsds_id])
    assert Attribute.objects.get(link_id=care.hsds_id).taxonomy_term_id == term.hsds_id
    assert ServiceAtLocation.objects.get(service_id=care.hsds_id).location_id == own.hsds_id


def test_a_partner_adds_a_service_to_their_own_organization_only(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["member_a"])
    url = reverse("directory_edit:service_add", args=["alder"])
    page = client.get(url).content.decode()
    assert "Clinic A" in page and "Pantry B" not in page
    blank = Service(community=world["one"], organization_id=world["org_b"].hsds_id, name="New")
    response = client.post(url, _form(blank))
    assert response.status_code == 200  # Pantry B is not a choice
    assert not Service.objects.filter(name="New").exists()
    blank.organization_id = world["org_a"].hsds_id
    assert client.post(url, _form(blank)).status_code == 302
    assert Service.objects.get(name="New").organization_id == world["org_a"].hsds_id


def test_stewards_edit_organizations_and_partners_do_not(client, world):  # type: ignore[no-untyped-def]
    org_a = world["org_a"]
    url = reverse("directory_edit:organization_edit", args=["alder", org_a.hsds_id])
    client.force_login(world["people"]["member_a"])
    assert client.get(url).status_code == 403
    client.force_login(world["people"]["facilitator_two"])
    assert client.get(url).status_code == 403
    client.force_login(world["people"]["facilitator_one"])
    response = client.post(
        url,
        {
            "name": "Clinic A",
            "name_es": "Clínica A",
            "sector": "health_care",
            "description": "",
            "description_es": "",
            "email": "new@example.org",
            "website": "",
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.name_es == "Clínica A" and org_a.email == "new@example.org"


def test_a_location_with_a_confidential_address(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["member_a"])
    url = reverse("directory_edit:location_add", args=["alder"])
    data = {
        "organization": str(world["org_a"].hsds_id),
        "name": "Safe house",
        "address_1": "1 Hidden Way",
        "city": "Alder",
        "state_province": "NC",
        "postal_code": "27000",
        "confidential": "on",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "20",
        "phones-0-number": "555-0199",
    }
    half = {**data, "postal_code": ""}
    assert "Give the whole address" in client.post(url, half).content.decode()
    assert not Location.objects.filter(name="Safe house").exists()
    assert client.post(url, data).status_code == 302
    location = Location.objects.get(name="Safe house")
    assert location.confidential and location.organization_id == world["org_a"].hsds_id
    from groundwork.directory.selectors import export_tables

    assert "1 Hidden Way" not in str(export_tables(community=world["one"]))
    # Another organization's member cannot open it.
    client.force_login(world["people"]["member_b"])
    edit = reverse("directory_edit:location_edit", args=["alder", location.hsds_id])
    assert client.get(edit).status_code == 403


def test_the_stewards_list_shows_stale_services_first(client, world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    one = world["one"]
    today = timezone.localdate()
    org_a = world["org_a"]
    for name, verified in [
        ("Fresh", today - timedelta(days=3)),
        ("Old", today - timedelta(days=400)),
        ("Older", date(2020, 1, 1)),
    ]:
        Service.objects.create(
            community=one, organization_id=org_a.hsds_id, name=name, last_verified=verified
        )
    url = reverse("directory_edit:manage", args=["alder"])
    client.force_login(world["people"]["facilitator_one"])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    order = [page.index(name) for name in ("Care A", "Food B", "Older", "Old<", "Fresh")]
    assert order == sorted(order)  # never checked, then the oldest check first
    assert "Beds C" not in page  # the other community's
    assert page.count(">stale<") == 4
    # A partner sees only their own organization's services.
    client.force_login(world["people"]["member_b"])
    page = client.get(url).content.decode()
    assert "Food B" in page and "Care A" not in page and "Fresh" not in page
    # Someone with neither role is refused.
    client.force_login(world["people"]["plain_member"])
    assert client.get(url).status_code == 403
    client.force_login(world["people"]["facilitator_two"])
    assert client.get(url).status_code == 403


def test_a_partner_confirms_a_service_is_still_right(client, world):  # type: ignore[no-untyped-def]
    care, food = world["services"]["a"], world["services"]["b"]
    client.force_login(world["people"]["member_a"])
    url = reverse("directory_edit:service_confirm", args=["alder", care.hsds_id])
    assert client.post(url).status_code == 302
    care.refresh_from_db()
    assert care.last_verified == timezone.localdate()
    other = reverse("directory_edit:service_confirm", args=["alder", food.hsds_id])
    assert client.post(other).status_code == 403


def test_the_workspace_links_to_the_directory_for_those_who_edit_it(client, world):  # type: ignore[no-untyped-def]
    url = reverse("directory_edit:manage", args=["alder"])
    detail = reverse("communities:detail", args=["alder"])
    for who, shown in [("member_a", True), ("facilitator_one", True), ("plain_member", False)]:
        client.force_login(world["people"][who])
        assert (url in client.get(detail).content.decode()) is shown, who
