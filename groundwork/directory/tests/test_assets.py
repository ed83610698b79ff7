"""The asset map: assets per community, who sees and changes what, an individual's gifts only
with consent, promoting answers into assets and allies, the plan's links to assets and
services, and the gaps. Every test holds two communities so a missing filter shows."""

from datetime import date

import pytest
from django.urls import reverse

from groundwork.communities.models import Organization, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.directory import asset_selectors, asset_services
from groundwork.directory.models import AllyOrigin, Asset, Consent
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Participant

pytestmark = pytest.mark.django_db


def _process(community, coordinator, slug):  # type: ignore[no-untyped-def]
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{community.name} plan", slug=slug
    )
    for n, (strength, ally) in enumerate(
        [
            ("The library has a meeting room", "The county health department"),
            ("The library has a meeting room", "Mount Olive church"),
            ("Neighbors who fix engines", "The fire auxiliary"),
            ("The river park", "The county health department"),
        ]
    ):
        planning.contributions_submit(
            process=process,
            participant=Participant.objects.create(process=process),
            language="en",
            channel="online",
            idempotency_key=f"{slug}{n}",
            actor=coordinator,
            answers=[planning.Answer("strengths", strength), planning.Answer("allies", ally)],
        )
    return process


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """Two communities, each with a coordinator, a member, and a process with answers."""
    alder = CommunityFactory(slug="alder", name="Alder", county_fips=["37009"], is_public=True)
    birch = CommunityFactory(slug="birch", name="Birch", county_fips=["37063"], is_public=True)
    people = {}
    for c in (alder, birch):
        people[c.slug] = {
            "coordinator": member(c, Role.COORDINATOR),
            "facilitator": member(c, Role.FACILITATOR),
            "member": member(c, Role.MEMBER),
        }
    processes = {
        c.slug: _process(c, people[c.slug]["coordinator"], f"{c.slug}-2027") for c in (alder, birch)
    }
    return {"alder": alder, "birch": birch, "people": people, "processes": processes}


def strengths(process):  # type: ignore[no-untyped-def]
    return list(
        Contribution.objects.filter(process=process, question__key="strengths").order_by("pk")
    )


def allies(process):  # type: ignore[no-untyped-def]
    return list(Contribution.objects.filter(process=process, question__key="allies").order_by("pk"))


def make(community, actor, **values):  # type: ignore[no-untyped-def]
    values.setdefault("kind", "place")
    values.setdefault("name", "Riverside park")
    return asset_services.asset_create(actor=actor, community=community, **values)


# --- The model and the services -----------------------------------------------------------


def test_an_asset_is_created_audited_and_listed_only_in_its_community(world):  # type: ignore[no-untyped-def]
    alder, birch = world["alder"], world["birch"]
    coordinator = world["people"]["alder"]["coordinator"]
    asset = make(
        alder,
        coordinator,
        name="Grange hall",
        name_es="Salón de la granja",
        county_fips="37009",
        latitude="36.4330",
        longitude="-81.4990",
        tags="Meeting space, kitchen, meeting space",
    )
    make(birch, world["people"]["birch"]["coordinator"], name="Birch library")
    assert asset.tags == ["meeting space", "kitchen"]
    assert asset.added_by == coordinator and asset.last_verified == date.today()
    assert AuditEvent.objects.filter(action="directory.asset_created", community=alder).count() == 1
    names = [a.name for a in asset_selectors.asset_list(community=alder, viewer=UserFactory())]
    assert names == ["Grange hall"]


def test_a_county_not_served_and_half_a_point_are_refused(world):  # type: ignore[no-untyped-def]
    coordinator = world["people"]["alder"]["coordinator"]
    with pytest.raises(ApplicationError) as error:
        make(world["alder"], coordinator, county_fips="37063")  # birch's county
    assert error.value.field == "county_fips"
    with pytest.raises(ApplicationError):
        make(world["alder"], coordinator, latitude="36.4")
    assert not Asset.objects.exists()


def test_an_individuals_gifts_need_recorded_consent_and_show_only_a_first_name(world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    coordinator = world["people"]["alder"]["coordinator"]
    with pytest.raises(ApplicationError) as error:
        make(alder, coordinator, kind="individual", name="Sewing", person_first_name="Rosa")
    assert error.value.field == "consent"
    rosa = make(
        alder,
        coordinator,
        kind="individual",
        name="Sewing",
        person_first_name="Rosa María Pérez",
        consent=Consent.FIRST_NAME,
        consent_note="Signed the form in September",
    )
    assert rosa.person_first_name == "Rosa"  # only a first name is kept
    anonymous = make(
        alder,
        coordinator,
        kind="individual",
        name="Engine repair",
        person_first_name="Walt",
        consent=Consent.ANONYMOUS,
        consent_recorded_on=date(2026, 9, 1),
    )
    assert anonymous.person_first_name == "" and anonymous.shown_first_name == ""
    asset_services.asset_update(actor=coordinator, asset=rosa, consent=Consent.WITHDRAWN)
    rosa.refresh_from_db()
    assert rosa.person_first_name == "" and not rosa.is_shown
    listed = asset_selectors.asset_list(community=alder, viewer=coordinator)
    assert [a.name for a in listed] == ["Engine repair"]


def test_an_individual_stored_without_consent_is_never_shown(client, world):  # type: ignore[no-untyped-def]
    """A row that reached the table without consent (an import, an old record) appears on no
    page, for nobody, not even the coordinator."""
    alder = world["alder"]
    hidden = Asset.objects.create(
        community=alder, kind="individual", name="Secret gift", person_first_name="Hidden"
    )
    coordinator = world["people"]["alder"]["coordinator"]
    for viewer in (None, world["people"]["alder"]["member"], coordinator):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        page = client.get(reverse("assets:list", args=["alder"])).content.decode()
        assert "Secret gift" not in page and "Hidden" not in page
        assert client.get(reverse("assets:detail", args=["alder", hidden.pk])).status_code == 404
    assert hidden not in asset_selectors.builder_assets(community=alder)


def test_visitors_see_public_contacts_and_members_the_members_only_ones(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    coordinator = world["people"]["alder"]["coordinator"]
    make(alder, coordinator, name="Hall", contact_phone="555-0199", contact_visibility="public")
    make(alder, coordinator, name="Garden", contact_phone="555-0177", contact_visibility="members")
    url = reverse("assets:list", args=["alder"])
    page = client.get(url).content.decode()
    assert "555-0199" in page and "555-0177" not in page
    client.force_login(world["people"]["birch"]["member"])  # a member elsewhere is a visitor here
    page = client.get(url).content.decode()
    assert "555-0199" in page and "555-0177" not in page
    client.force_login(world["people"]["alder"]["member"])
    page = client.get(url).content.decode()
    assert "555-0199" in page and "555-0177" in page


def test_a_private_communitys_asset_map_is_for_members(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    alder.is_public = False
    alder.save()
    make(alder, world["people"]["alder"]["coordinator"], name="Hall")
    url = reverse("assets:list", args=["alder"])
    assert client.get(url).status_code == 302
    client.force_login(world["people"]["birch"]["coordinator"])
    assert client.get(url).status_code == 403
    client.force_login(world["people"]["alder"]["member"])
    assert "Hall" in client.get(url).content.decode()


def test_only_the_communitys_facilitators_add_and_change_assets(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    asset = make(alder, world["people"]["alder"]["coordinator"], name="Hall")
    data = {"kind": "place", "name": "Hall renamed", "contact_visibility": "members"}
    for outsider in (world["people"]["alder"]["member"], world["people"]["birch"]["coordinator"]):
        client.force_login(outsider)
        assert client.get(reverse("assets:add", args=["alder"])).status_code == 403
        assert (
            client.post(reverse("assets:edit", args=["alder", asset.pk]), data).status_code == 403
        )
        with pytest.raises(ApplicationError):
            asset_services.asset_update(actor=outsider, asset=asset, name="Taken")
    # Birch's coordinator cannot reach Alder's asset through Birch's address either.
    client.force_login(world["people"]["birch"]["coordinator"])
    assert client.post(reverse("assets:edit", args=["birch", asset.pk]), data).status_code == 404
    client.force_login(world["people"]["alder"]["facilitator"])
    response = client.post(reverse("assets:edit", args=["alder", asset.pk]), data)
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.name == "Hall renamed"


def test_the_add_form_takes_a_point_with_a_decimal_point_in_spanish(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["people"]["alder"]["facilitator"])
    client.cookies["django_language"] = "es"
    response = client.post(
        reverse("assets:add", args=["alder"]),
        {
            "kind": "place",
            "name": "Depot",
            "latitude": "36.432500",
            "longitude": "-81.499500",
            "contact_visibility": "public",
            "county_fips": "37009",
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get(name="Depot")
    page = client.get(reverse("assets:edit", args=["alder", asset.pk])).content.decode()
    assert 'value="36.432500"' in page and 'value="-81.499500"' in page


# --- Promotion ---------------------------------------------------------------------------


def test_promoting_strengths_answers_makes_an_asset_that_keeps_the_residents_words(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    process = world["processes"]["alder"]
    library = strengths(process)[0]
    client.force_login(world["people"]["alder"]["facilitator"])
    answers_url = reverse("planning:contributions", args=["alder", process.slug])
    page = client.get(answers_url + "?question=strengths").content.decode()
    promote = reverse("assets:promote_strength", args=["alder"])
    assert f"{promote}?answer={library.pk}" in page
    assert client.get(f"{promote}?answer={library.pk}").status_code == 200
    response = client.post(
        promote,
        {
            "answer": [library.pk],
            "kind": "institution",
            "name": "Alder library",
            "contact_visibility": "members",
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get(community=alder)
    # The two answers in the same words are both behind the asset.
    assert set(asset.contributions.values_list("text", flat=True)) == {library.text}
    assert asset.contributions.count() == 2
    assert "Alder library" in client.get(answers_url + "?question=strengths").content.decode()
    detail = client.get(reverse("assets:detail", args=["alder", asset.pk])).content.decode()
    assert library.text in detail
    # Adding another answer to the same asset.
    engines = strengths(process)[2]
    client.post(promote, {"answer": [engines.pk], "existing": asset.pk})
    assert asset.contributions.count() == 3
    assert Asset.objects.count() == 1


def test_another_communitys_answers_and_people_cannot_promote(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    birch_answer = strengths(world["processes"]["birch"])[0]
    alder_answer = strengths(world["processes"]["alder"])[0]
    facilitator = world["people"]["alder"]["facilitator"]
    with pytest.raises(ApplicationError):
        asset_services.asset_promote(
            actor=facilitator,
            community=alder,
            contribution_ids=[birch_answer.pk],
            kind="place",
            name="Stolen",
        )
    client.force_login(facilitator)
    url = reverse("assets:promote_strength", args=["alder"])
    assert client.get(f"{url}?answer={birch_answer.pk}").status_code == 404
    for outsider in (world["people"]["birch"]["coordinator"], world["people"]["alder"]["member"]):
        client.force_login(outsider)
        response = client.post(url, {"answer": [alder_answer.pk], "kind": "place", "name": "X"})
        assert response.status_code == 403
        with pytest.raises(ApplicationError):
            asset_services.ally_promote(
                actor=outsider,
                community=alder,
                contribution_ids=[allies(world["processes"]["alder"])[0].pk],
                name="X",
                sector="other",
            )
    assert not Asset.objects.exists()
    # An allies answer is not a strength, and a strengths answer is not an ally.
    with pytest.raises(ApplicationError):
        asset_services.ally_promote(
            actor=facilitator, community=alder, contribution_ids=[alder_answer.pk], name="X"
        )


def test_promoting_allies_answers_lists_an_organization_with_their_words(client, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    process = world["processes"]["alder"]
    health = allies(process)[0]
    client.force_login(world["people"]["alder"]["coordinator"])
    url = reverse("assets:promote_ally", args=["alder"])
    response = client.post(
        url, {"answer": [health.pk], "name": "County Health Department", "sector": "government"}
    )
    assert response.status_code == 302
    organization = Organization.objects.get(community=alder, name="County Health Department")
    assert AllyOrigin.objects.filter(organization=organization).count() == 2  # same words
    assert not Organization.objects.filter(community=world["birch"]).exists()
    church = allies(process)[1]
    client.post(url, {"answer": [church.pk], "existing": organization.pk, "sector": "other"})
    assert [c.text for c in asset_selectors.ally_words(organization=organization)].count(
        church.text
    ) == 1


# --- The plan builder and the public plan ------------------------------------------------


def test_the_plan_links_assets_and_services_and_the_public_plan_hides_confidential_towns(
    client, world
):  # type: ignore[no-untyped-def]
    from groundwork.directory.models import Address, Location, Service, ServiceAtLocation
    from groundwork.plans import services as plans
    from groundwork.plans.models import LinkKind

    alder, birch = world["alder"], world["birch"]
    coordinator = world["people"]["alder"]["coordinator"]
    process = world["processes"]["alder"]
    park = make(alder, coordinator, name="River park", name_es="Parque del río")
    foreign = make(birch, world["people"]["birch"]["coordinator"], name="Birch park")
    services = {}
    for name, town, confidential in (
        ("Food pantry", "Alder", False),
        ("Safe shelter", "Hidden Hollow", True),
    ):
        service = Service.objects.create(community=alder, name=name)
        location = Location.objects.create(
            community=alder, location_type="physical", confidential=confidential
        )
        ServiceAtLocation.objects.create(
            community=alder, service_id=service.hsds_id, location_id=location.hsds_id
        )
        Address.objects.create(
            community=alder,
            location_id=location.hsds_id,
            address_1="1 Secret Road",
            city=town,
            state_province="NC",
            postal_code="27000",
            country="US",
        )
        services[name] = service
    birch_service = Service.objects.create(community=birch, name="Birch pantry")
    plan = plans.plan_create(actor=coordinator, process=process, title="Alder plan")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Eat well")
    activity = plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="Garden days")
    with pytest.raises(ApplicationError):
        plans.activity_link(
            actor=coordinator, activity=activity, kind=LinkKind.STRENGTH, asset_ids=[foreign.pk]
        )
    with pytest.raises(ApplicationError):
        plans.activity_link(
            actor=coordinator,
            activity=activity,
            kind=LinkKind.ALLY,
            service_ids=[birch_service.pk],
        )
    with pytest.raises(ApplicationError):  # a service is an ally, not a strength
        plans.activity_link(
            actor=coordinator,
            activity=activity,
            kind=LinkKind.STRENGTH,
            service_ids=[services["Food pantry"].pk],
        )
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:link", args=["alder", process.slug]),
        {"kind": "strength", "activity": activity.pk, "assets": [park.pk]},
    )
    assert response.status_code == 302
    plans.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.ALLY,
        service_ids=[s.pk for s in services.values()],
    )
    builder = client.get(reverse("plans:builder", args=["alder", process.slug])).content.decode()
    assert "River park" in builder and "Birch park" not in builder
    # The strengths to pick from (a panel of the builder): this community's assets only.
    panel = client.get(
        reverse("plans:builder_evidence", args=["alder", process.slug, "strengths"])
    ).content.decode()
    assert "River park" in panel and "Birch park" not in panel
    plans.plan_publish(actor=coordinator, plan=plan)
    client.logout()
    page = client.get(reverse("plans:plan", args=["alder", process.slug])).content.decode()
    assert "River park" in page and "Food pantry" in page and "Safe shelter" in page
    assert "Alder" in page and "Hidden Hollow" not in page and "Secret Road" not in page
    client.cookies["django_language"] = "es"
    page = client.get(reverse("plans:plan", args=["alder", process.slug])).content.decode()
    assert "Parque del río" in page
    response = client.get(f"/api/communities/alder/processes/{process.slug}/plan")
    assert response.status_code == 200
    api = response.content.decode()
    assert "Food pantry" in api and "Parque del río" in api
    assert "Hidden Hollow" not in api and "Secret Road" not in api
    # Unlinking works by its key.
    plans.activity_unlink(actor=coordinator, activity=activity, kind="strength", key=f"a{park.pk}")
    assert not activity.links.filter(asset=park).exists()


# --- Gaps --------------------------------------------------------------------------------


def test_gaps_name_focus_areas_and_terms_without_a_service_and_unmapped_strengths(world):  # type: ignore[no-untyped-def]
    from groundwork.directory.models import Attribute, Service, TaxonomyTerm

    alder, birch = world["alder"], world["birch"]
    alder.focus_areas = ["food_security", "housing"]
    alder.save()
    food = TaxonomyTerm.objects.create(
        community=alder, code="food_security", name="Food", description="Food"
    )
    TaxonomyTerm.objects.create(community=alder, name="Legal aid", description="Legal aid")
    pantry = Service.objects.create(community=alder, name="Pantry")
    Attribute.objects.create(community=alder, link_id=pantry.hsds_id, taxonomy_term_id=food.hsds_id)
    # Birch (another county, no network) offers housing: that does not fill Alder's gap.
    housing = TaxonomyTerm.objects.create(
        community=birch, code="housing", name="Housing", description="Housing"
    )
    shelter = Service.objects.create(community=birch, name="Shelter")
    Attribute.objects.create(
        community=birch, link_id=shelter.hsds_id, taxonomy_term_id=housing.hsds_id
    )
    process = world["processes"]["alder"]
    asset_services.asset_promote(
        actor=world["people"]["alder"]["coordinator"],
        community=alder,
        contribution_ids=[strengths(process)[0].pk],
        kind="institution",
        name="Library",
    )
    # The same words promoted in Birch change nothing in Alder.
    asset_services.asset_promote(
        actor=world["people"]["birch"]["coordinator"],
        community=birch,
        contribution_ids=[strengths(world["processes"]["birch"])[3].pk],
        kind="place",
        name="Park",
    )
    found = asset_selectors.gaps(community=alder, process=process)
    assert [n.key for n in found.focus_areas] == ["housing"]
    assert [n.label for n in found.terms] == ["Legal aid"]
    assert sorted(t.label for t in found.strength_answers) == [
        "Neighbors who fix engines",
        "The river park",
    ]


def test_the_builder_shows_the_gaps(client, world):  # type: ignore[no-untyped-def]
    from groundwork.plans import services as plans

    coordinator = world["people"]["alder"]["coordinator"]
    process = world["processes"]["alder"]
    plans.plan_create(actor=coordinator, process=process, title="Alder plan")
    client.force_login(coordinator)
    page = client.get(reverse("plans:builder", args=["alder", process.slug])).content.decode()
    gaps = reverse("plans:builder_evidence", args=["alder", process.slug, "gaps"])
    assert f'href="{gaps}"' in page  # a panel of its own, loaded when asked for
    page = client.get(gaps).content.decode()
    assert "Strengths not yet in the asset map" in page
    assert "Neighbors who fix engines" in page


# --- The demo -----------------------------------------------------------------------------


def test_the_asset_demo_loads_about_eighty_assets_once():  # type: ignore[no-untyped-def]
    from groundwork.communities.demo_network import load_network_demo
    from groundwork.core.demo import load_demo
    from groundwork.directory.demo import load_asset_demo
    from groundwork.planning.demo import load_planning_demo

    load_demo()
    load_network_demo()
    load_planning_demo()
    count = load_asset_demo()
    assert count >= 75
    events = AuditEvent.objects.count()
    assert load_asset_demo() == count and AuditEvent.objects.count() == events
    assert Asset.objects.filter(kind="individual", consent="first_name").exists()
    assert all(a.name_es for a in Asset.objects.all())
    assert Asset.objects.values("community").distinct().count() == 3
    # Residents' answers stand behind some of them, in both languages.
    linked = Asset.objects.filter(contributions__isnull=False).distinct()
    assert {a.community.slug for a in linked} == {"alder-county", "riverside-heights"}
