"""A network's own need categories: every network starts with the twelve defaults, its
stewards add, rename, reorder, retire and restore them (audited), and the referral form, the
API, exports and the figures offer and name the network's, never another network's."""

import csv
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from groundwork.api.services import api_token_create
from groundwork.communities.tests.factories import NetworkFactory, UserFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.referrals.actions import needs as actions
from groundwork.referrals.forms import ReferralForm
from groundwork.referrals.models import NeedCategory
from groundwork.referrals.needs import DEFAULT_NEEDS, need_choices, need_labels
from groundwork.referrals.report import network_referral_report, referral_report

from .conftest import refer
from .test_api import _payload

CODES = [code for code, _en, _es in DEFAULT_NEEDS]


@pytest.fixture
def networks(world):  # type: ignore[no-untyped-def]
    """World A in a network that added "Diapers"; world B in one that retired "Food"."""
    w, other = world
    steward_a, steward_b = UserFactory(email="steward-a@example.org"), UserFactory()
    network_a, network_b = NetworkFactory(slug="net-a"), NetworkFactory(slug="net-b")
    network_a.stewards.add(steward_a)
    network_b.stewards.add(steward_b)
    for world_, network in ((w, network_a), (other, network_b)):
        world_.community.network = network
        world_.community.save(update_fields=["network"])
    diapers = actions.need_category_create(
        actor=steward_a, network=network_a, name_en="Diapers", name_es="Pañales"
    )
    food_b = NeedCategory.objects.get(network=network_b, code="food")
    return {
        "a": network_a,
        "b": network_b,
        "steward_a": steward_a,
        "steward_b": steward_b,
        "diapers": diapers,
        "food_b": food_b,
    }


def _retire_food_b(networks):  # type: ignore[no-untyped-def]
    actions.need_category_set_retired(
        actor=networks["steward_b"], category=networks["food_b"], retired=True
    )


def test_a_new_network_starts_with_the_twelve_defaults_in_both_languages(db):
    network = NetworkFactory()
    categories = list(NeedCategory.objects.filter(network=network).order_by("position"))
    assert [c.code for c in categories] == CODES
    assert (categories[2].name_en, categories[2].name_es) == (
        "Utilities",
        "Servicios del hogar (luz, agua, gas)",
    )
    with translation.override("es"):
        assert need_choices(network)[0] == ("food", "Alimentos")


def test_the_migration_gives_existing_networks_the_defaults_once(db):
    bare, kept = NetworkFactory(), NetworkFactory()
    NeedCategory.objects.filter(network=bare).delete()
    NeedCategory.objects.filter(network=kept).exclude(code="food").delete()
    migration = importlib.import_module("groundwork.referrals.migrations.0003_need_categories")
    migration.give_networks_the_defaults(django_apps, None)
    given = NeedCategory.objects.filter(network=bare).order_by("position")
    expected = [code for code, _en, _es in migration.NEEDS]
    assert list(given.values_list("code", flat=True)) == expected
    assert migration.NEEDS == DEFAULT_NEEDS
    assert NeedCategory.objects.filter(network=kept).count() == 1


def test_a_community_without_a_network_is_offered_the_defaults(world):
    w, _other = world
    assert w.community.network_id is None
    assert [code for code, _label in need_choices(w.community)] == CODES
    with translation.override("es"):
        assert need_labels(w.community, ["childcare", "gone"]) == [
            "Cuidado infantil y escuela",
            "gone",
        ]


def test_each_network_offers_its_own_list(networks, world):
    w, other = world
    _retire_food_b(networks)
    codes_a = [code for code, _label in need_choices(w.community)]
    codes_b = [code for code, _label in need_choices(other.community)]
    assert codes_a == [*CODES, "diapers"]
    assert "diapers" not in codes_b and "food" not in codes_b
    form_a = ReferralForm(community=w.community)
    form_b = ReferralForm(community=other.community)
    assert ("diapers", "Diapers") in form_a.fields["needs"].choices
    assert "diapers" not in dict(form_b.fields["needs"].choices)
    with translation.override("es"):
        assert ("diapers", "Pañales") in need_choices(w.community)


def test_a_referral_is_refused_a_category_of_another_network_or_a_retired_one(networks, world):
    w, other = world
    _retire_food_b(networks)
    created = refer(w, needs=["diapers", "food"])
    assert created[0].needs == ["diapers", "food"]
    for needs in (["diapers"], ["food"]):
        with pytest.raises(ApplicationError) as refused:
            refer(other, needs=needs)
        assert refused.value.field == "needs"


def test_the_api_lists_the_networks_codes_and_refuses_others_with_422(networks, world, client):
    w, other = world
    _token, key = api_token_create(user=other.people.counselor, name="partner system")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    listed = client.get(f"/api/communities/{other.community.slug}/referrals/needs", **headers)
    assert listed.status_code == 200
    assert [n["code"] for n in listed.json()] == CODES
    url = f"/api/communities/{other.community.slug}/referrals"
    refused = client.post(
        url, _payload(other, needs=["diapers"]), content_type="application/json", **headers
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "needs"
    assert not other.community.network.need_categories.filter(code="diapers").exists()
    accepted = client.post(
        url, _payload(other, needs=["housing"]), content_type="application/json", **headers
    )
    assert accepted.status_code == 201
    # Another community's member cannot read this community's list.
    _token, key_a = api_token_create(user=w.people.counselor, name="a")
    foreign = client.get(
        f"/api/communities/{other.community.slug}/referrals/needs",
        HTTP_AUTHORIZATION=f"Bearer {key_a}",
    )
    assert foreign.status_code == 403


def test_a_retired_or_renamed_category_keeps_naming_old_referrals(networks, world, client):
    _w, other = world
    referral = refer(other, needs=["food", "housing"])[0]
    _retire_food_b(networks)
    housing = NeedCategory.objects.get(network=networks["b"], code="housing")
    actions.need_category_update(
        actor=networks["steward_b"], category=housing, name_en="Shelter", name_es="Albergue"
    )
    referral.refresh_from_db()
    assert referral.needs == ["food", "housing"]
    assert referral.need_labels == ["Food", "Shelter"]
    with translation.override("es"):
        assert referral.need_labels == ["Alimentos", "Albergue"]
    client.force_login(other.people.counselor)
    response = client.get(reverse("referrals:export", args=[other.community.slug, referral.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Referral", "Needs", "Food, Shelter"] in rows


def test_the_figures_use_the_networks_categories_with_their_codes(networks, world):
    w, other = world
    refer(w, needs=["diapers"])
    refer(other, needs=["food"])
    _retire_food_b(networks)
    need_a = next(t for t in referral_report(community=w.community).tables if t.key == "need")
    assert [r.code for r in need_a.rows] == [*CODES, "diapers"]
    assert need_a.rows[-1].label == "Diapers"
    need_b = next(
        t for t in network_referral_report(network=networks["b"]).tables if t.key == "need"
    )
    codes_b = [r.code for r in need_b.rows]
    # Retired but counted: still a row, with its code; never the other network's category.
    assert "food" in codes_b and "diapers" not in codes_b
    with translation.override("es"):
        need_b = next(
            t for t in network_referral_report(network=networks["b"]).tables if t.key == "need"
        )
        assert next(r.label for r in need_b.rows if r.code == "food") == "Alimentos"


def test_stewards_manage_the_list_through_the_page_and_every_change_is_audited(
    networks, world, client
):
    network, steward = networks["a"], networks["steward_a"]
    url = reverse("referrals:needs", args=[network.slug])
    client.force_login(steward)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_en": "Phone service", "name_es": "Servicio telefónico"})
    assert response.status_code == 302
    phone = NeedCategory.objects.get(network=network, code="phone_service")
    assert phone.position == 14
    duplicate = client.post(url, {"name_en": "phone service", "name_es": "Otro"})
    assert duplicate.status_code == 200
    edit = reverse("referrals:need_edit", args=[network.slug, phone.pk])
    client.post(edit, {"name_en": "Phone and internet", "name_es": "Teléfono e internet"})
    change = reverse("referrals:need_change", args=[network.slug, phone.pk])
    client.post(change, {"change": "up"})
    client.post(change, {"change": "retire"})
    phone.refresh_from_db()
    assert (phone.code, phone.name_en, phone.name_es) == (
        "phone_service",
        "Phone and internet",
        "Teléfono e internet",
    )
    assert phone.retired and phone.position == 13
    client.post(change, {"change": "restore"})
    phone.refresh_from_db()
    assert not phone.retired
    actions_logged = list(
        AuditEvent.objects.filter(target_type="referrals.needcategory", target_id=str(phone.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions_logged == [
        "need_category.created",
        "need_category.renamed",
        "need_category.moved",
        "need_category.retired",
        "need_category.restored",
    ]


def test_only_the_networks_stewards_manage_its_list(networks, world, client):
    w, _other = world
    network, diapers = networks["a"], networks["diapers"]
    urls = [
        reverse("referrals:needs", args=[network.slug]),
        reverse("referrals:need_edit", args=[network.slug, diapers.pk]),
    ]
    change = reverse("referrals:need_change", args=[network.slug, diapers.pk])
    for user in (networks["steward_b"], w.people.coordinator, w.people.counselor):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(change, {"change": "retire"}).status_code == 403
        with pytest.raises(ApplicationError):
            actions.need_category_set_retired(actor=user, category=diapers, retired=True)
    # A category is found through the network in the URL only.
    client.force_login(networks["steward_b"])
    foreign = reverse("referrals:need_edit", args=[networks["b"].slug, diapers.pk])
    assert client.get(foreign).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302
    diapers.refresh_from_db()
    assert not diapers.retired


def test_the_last_category_offered_cannot_be_retired(networks):
    network, steward = networks["b"], networks["steward_b"]
    categories = list(NeedCategory.objects.filter(network=network))
    for category in categories[:-1]:
        actions.need_category_set_retired(actor=steward, category=category, retired=True)
    with pytest.raises(ApplicationError):
        actions.need_category_set_retired(actor=steward, category=categories[-1], retired=True)
    assert [code for code, _label in need_choices(network)] == [categories[-1].code]
