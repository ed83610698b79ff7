"""The directory's search selector: words on the database's own full-text search (FTS5 on
SQLite, PostgreSQL's English and Spanish configurations), every filter, two tenants."""

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection

from ..models import Service
from ..search import PG_DOCUMENT, Filters, Place, miles_between, service_search
from .factories import ALDER, ServiceFactory, directory_world, food_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return directory_world()


def names(world, filters: Filters, communities=None) -> list[str]:  # type: ignore[no-untyped-def]
    page = service_search(communities=communities or [world.alder], filters=filters, per_page=50)
    return [s.name for s in page.services]


def test_words_in_english_and_spanish_find_the_pantries_of_the_community_only(world) -> None:  # type: ignore[no-untyped-def]
    english = names(world, Filters(words="food pantry"))
    assert set(english) == {"Community food pantry", "Saturday food pantry", "Farm food pantry"}
    # Spanish words, a stop word, a plural the text does not use: the same pantries.
    spanish = names(world, Filters(words="despensa de alimento"))
    assert set(spanish) == set(english)
    assert "Birch food pantry" not in english + spanish


def test_words_are_stemmed_accents_ignored_and_punctuation_harmless(world) -> None:  # type: ignore[no-untyped-def]
    assert names(world, Filters(words="pantries")) != []
    assert names(world, Filters(words="CAMAS emergéncia")) == ["Safe night shelter"]
    # Query syntax of either backend is read as words, never as operators.
    for text in ('food" OR "clinic', "food AND NOT pantry", "-food", "food*", "(food", "'"):
        names(world, Filters(words=text))
    assert names(world, Filters(words="!!!")) != []  # no words: no word filter


def test_best_matches_come_first(world) -> None:  # type: ignore[no-untyped-def]
    ServiceFactory(
        community=world.alder, name="Help with forms", description="Bring a list of food you need."
    )
    found = names(world, Filters(words="pantry food"))
    assert "Help with forms" not in found
    ranked = names(world, Filters(words="food"))
    assert ranked.index("Help with forms") > ranked.index("Community food pantry")


def test_the_word_index_follows_every_write(world) -> None:  # type: ignore[no-untyped-def]
    world.clinic.name = "Walk-in dental clinic"
    world.clinic.save()
    assert names(world, Filters(words="dental")) == ["Walk-in dental clinic"]
    Service.objects.filter(pk=world.clinic.pk).update(description_es="Dientes sanos")
    assert names(world, Filters(words="dientes")) == ["Walk-in dental clinic"]
    world.clinic.delete()
    assert names(world, Filters(words="dental")) == []
    Service.objects.bulk_create(
        [Service(community=world.alder, name=f"Laundry day {n}", description="") for n in range(3)]
    )
    assert len(names(world, Filters(words="laundry"))) == 3


def test_the_network_directory_is_the_union_of_its_communities(world) -> None:  # type: ignore[no-untyped-def]
    both = names(world, Filters(words="despensa"), [world.alder, world.birch])
    assert "Birch food pantry" in both and "Community food pantry" in both


def test_filters_by_term_language_cost_age_and_area(world) -> None:  # type: ignore[no-untyped-def]
    food = food_term(world.alder).hsds_id
    assert set(names(world, Filters(term=food))) == {
        "Community food pantry",
        "Saturday food pantry",
        "Farm food pantry",
    }
    # The same term in the other community (a shared taxonomy) stays in the other community.
    assert names(world, Filters(term=food), [world.birch]) == ["Birch food pantry"]
    assert "Walk-in clinic" not in names(world, Filters(language="es"))
    assert "Walk-in clinic" in names(world, Filters(language="EN"))
    assert "Walk-in clinic" not in names(world, Filters(cost="free"))
    assert names(world, Filters(cost="paid")) == ["Walk-in clinic"]
    assert names(world, Filters(cost="option:Sliding scale")) == ["Walk-in clinic"]
    assert "Walk-in clinic" not in names(world, Filters(age=12))
    assert "Walk-in clinic" in names(world, Filters(age=40))
    assert names(world, Filters(area="elm county")) == ["Farm food pantry"]
    assert "Farm food pantry" not in names(world, Filters(area="Alder County"))


def test_open_now_follows_the_schedules(world) -> None:  # type: ignore[no-untyped-def]
    found = names(world, Filters(open_now=True))
    assert "Saturday food pantry" not in found
    assert {"Community food pantry", "Farm food pantry", "Safe night shelter"} <= set(found)
    # The clinic opens 8:00–17:00 on weekdays (America/New_York).
    tuesday_noon = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    tuesday_night = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    page = service_search(
        communities=[world.alder], filters=Filters(open_now=True), at=tuesday_noon
    )
    assert "Walk-in clinic" in [s.name for s in page.services]
    page = service_search(
        communities=[world.alder], filters=Filters(open_now=True), at=tuesday_night
    )
    assert "Walk-in clinic" not in [s.name for s in page.services]


def test_distance_in_miles_nearest_first_never_from_a_confidential_location(world) -> None:  # type: ignore[no-untyped-def]
    assert round(miles_between((36.0, -78.9), (36.435, -78.9)), 0) == 30
    place = Place(*ALDER)
    page = service_search(
        communities=[world.alder], filters=Filters(words="food", place=place, miles=10)
    )
    assert [s.name for s in page.services] == ["Community food pantry", "Saturday food pantry"]
    assert page.distances[world.pantry.pk] < 0.1 < page.distances[world.closed_pantry.pk] < 3
    wide = service_search(communities=[world.alder], filters=Filters(place=place, miles=50))
    assert "Farm food pantry" in [s.name for s in wide.services]
    # Standing on the shelter's own coordinates finds nothing there.
    from .factories import SHELTER_POINT

    close = service_search(
        communities=[world.alder], filters=Filters(place=Place(*SHELTER_POINT), miles=1)
    )
    assert "Safe night shelter" not in [s.name for s in close.services]


def test_open_now_within_ten_miles_finds_the_one_pantry(world) -> None:  # type: ignore[no-untyped-def]
    found = names(world, Filters(words="despensa", open_now=True, place=Place(*ALDER), miles=10))
    assert found == ["Community food pantry"]


def test_pages(world) -> None:  # type: ignore[no-untyped-def]
    for n in range(25):
        ServiceFactory(community=world.alder, name=f"Pantry helper {n:02d}", description="food")
    first = service_search(communities=[world.alder], filters=Filters(words="helper"), per_page=10)
    assert (first.total, first.pages, first.number, len(first.services)) == (25, 3, 1, 10)
    last = service_search(
        communities=[world.alder], filters=Filters(words="helper"), page=9, per_page=10
    )
    assert (last.number, len(last.services)) == (3, 5)
    # In Python (open now) the pages are cut the same way: at noon on a Tuesday in the
    # community, when the weekday clinic is open too, four services are.
    tuesday_noon = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    opened = service_search(
        communities=[world.alder],
        filters=Filters(open_now=True),
        per_page=2,
        page=2,
        at=tuesday_noon,
    )
    assert opened.number == 2 and len(opened.services) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_the_query_uses_the_migrations_expression() -> None:
    from importlib import import_module

    migration = import_module("groundwork.directory.migrations.0004_search")
    assert PG_DOCUMENT.format(t="") == migration.PG_DOCUMENT
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_service_search'"
        )
        assert "gin" in cursor.fetchone()[0].lower()


def test_the_migration_and_the_selector_share_one_document() -> None:
    from importlib import import_module

    migration = import_module("groundwork.directory.migrations.0004_search")
    assert PG_DOCUMENT.format(t="") == migration.PG_DOCUMENT
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'directory_service_fts'"
            )
            assert cursor.fetchone()[0] == 1


def test_open_now_with_words_over_many_candidates(world) -> None:  # type: ignore[no-untyped-def]
    """More candidates than fit one query's parameters: opening hours are read in chunks."""
    from .. import search
    from ..models import Schedule

    made = Service.objects.bulk_create(
        Service(community=world.alder, name=f"Food bank {n}", description="") for n in range(520)
    )
    Schedule.objects.bulk_create(
        # Hours that ended long ago: candidates for open now, never open.
        Schedule(
            community=world.alder,
            service_id=s.hsds_id,
            freq="WEEKLY",
            opens_at=time(9),
            closes_at=time(10),
            valid_to=date(2001, 1, 1),
        )
        for s in made
    )
    chunk, search.CHUNK = search.CHUNK, 200
    try:
        page = service_search(
            communities=[world.alder], filters=Filters(words="food", open_now=True), per_page=50
        )
    finally:
        search.CHUNK = chunk
    assert {"Community food pantry", "Farm food pantry"} <= {s.name for s in page.services}
    assert not any(s.name.startswith("Food bank") for s in page.services)
