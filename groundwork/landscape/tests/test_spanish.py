"""Spanish pages of the catalog and the landscape report: the default strategies, the counts
of coalitions and the strategies stored in a report read in Spanish."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from groundwork.communities import services as community_services
from groundwork.communities.maturity import DEFAULT_STRATEGIES
from groundwork.communities.models import Strategy
from groundwork.communities.tests.factories import UserFactory
from groundwork.landscape import services
from groundwork.landscape.models import LandscapeReport

from .factories import CoalitionStrategyFactory, NetworkFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def spanish(client, url):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "es"
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Content-Language"] == "es"
    return response.content.decode()


def test_new_networks_get_the_default_strategies_in_both_languages() -> None:
    admin = UserFactory(is_superuser=True)
    with translation.override("es"):  # whoever creates it, in whatever language
        first = community_services.network_create(actor=admin, name="One", slug="one")
    second = community_services.network_create(actor=admin, name="Two", slug="two")
    for network in (first, second):
        rows = list(network.strategies.order_by("position"))
        assert [(s.key, s.name_en, s.name_es) for s in rows] == DEFAULT_STRATEGIES
        with translation.override("es"):
            assert rows[0].name == "Crear conciencia sobre el trauma y la resiliencia"
        with translation.override("en"):
            assert rows[0].name == "Raise awareness about trauma and resilience"


def test_the_data_migration_gives_default_strategies_their_spanish() -> None:
    migration = import_module("groundwork.communities.migrations.0004_strategy_in_two_languages")
    (key, en, es), (key2, en2, es2) = DEFAULT_STRATEGIES[0], DEFAULT_STRATEGIES[1]
    network, other = NetworkFactory(), NetworkFactory()
    english = StrategyFactory(network=network, key=key, name_en=en, name_es="")
    # A default row created while the page was in Spanish held the Spanish name.
    written_in_spanish = StrategyFactory(network=other, key=key2, name_en=es2, name_es="")
    reworded = StrategyFactory(network=other, key=key, name_en="Our own words", name_es="")
    custom = StrategyFactory(network=network, key="stories", name_en="Tell our stories")
    migration.fill_spanish(apps, None)
    for row in (english, written_in_spanish, reworded, custom):
        row.refresh_from_db()
    assert (english.name_en, english.name_es) == (en, es)
    assert (written_in_spanish.name_en, written_in_spanish.name_es) == (en2, es2)
    assert (reworded.name_en, reworded.name_es) == ("Our own words", "")
    assert (custom.name_en, custom.name_es) == ("Tell our stories", "")


def test_report_and_catalog_read_in_spanish(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    awareness, policy = landscape["strategies"]
    awareness.name_es = "Crear conciencia"
    awareness.save()
    policy.name_es = "Abogar por cambios de políticas"
    policy.save()
    services.landscape_report_generate(actor=steward, network=network)
    client.force_login(steward)
    html = spanish(client, reverse("landscape:report", kwargs={"network_slug": network.slug}))
    assert "5 coaliciones con perfil público." in html
    assert "coalitions with a public profile" not in html
    assert "Crear conciencia" in html and "Abogar por cambios de políticas" in html
    assert "Raise awareness" not in html and "Advocate for policy change" not in html
    catalog_url = reverse("landscape:catalog", kwargs={"network_slug": network.slug})
    html = spanish(client, catalog_url)
    assert "coaliciones coinciden." in html and "coalitions match" not in html
    assert "Crear conciencia" in html and "Raise awareness" not in html
    html = spanish(client, catalog_url + "?sector=faith")
    assert "coaliciones coinciden." in html or "coalición coincide." in html
    # The same report in English.
    client.cookies["django_language"] = "en"
    html = client.get(reverse("landscape:report", kwargs={"network_slug": network.slug}))
    assert "Raise awareness" in html.content.decode()


def test_reports_made_before_strategies_were_bilingual_get_the_spanish(network, landscape, steward):  # type: ignore[no-untyped-def]
    awareness, policy = landscape["strategies"]
    report = services.landscape_report_generate(actor=steward, network=network)
    other = services.landscape_report_generate(
        actor=UserFactory(is_superuser=True), network=NetworkFactory(slug="other-network")
    )
    for row in report.figures["strategies"]:
        del row["name_es"]  # as an older report stored them
    renamed = report.figures["strategies"][1]
    renamed["name"] = "An older wording"
    report.save()
    Strategy.objects.filter(pk=awareness.pk).update(name_es="Crear conciencia")
    Strategy.objects.filter(pk=policy.pk).update(name_es="Abogar")
    migration = import_module("groundwork.landscape.migrations.0002_report_strategies_in_spanish")
    migration.add_spanish_names(apps, None)
    report.refresh_from_db()
    rows = {r["id"]: r for r in report.figures["strategies"]}
    assert rows[awareness.pk]["name_es"] == "Crear conciencia"
    assert rows[policy.pk] == {**rows[policy.pk], "name": "An older wording", "name_es": ""}
    other.refresh_from_db()
    assert LandscapeReport.objects.get(pk=other.pk).figures == other.figures


def test_coalition_profile_lists_strategies_in_spanish(client, network, landscape):  # type: ignore[no-untyped-def]
    awareness = landscape["strategies"][0]
    awareness.name_es = "Crear conciencia"
    awareness.save()
    CoalitionStrategyFactory(community=landscape["guilford"], strategy=awareness)
    html = spanish(client, landscape["guilford"].get_absolute_url())
    assert "Crear conciencia" in html and "Raise awareness" not in html
