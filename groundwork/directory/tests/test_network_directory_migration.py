"""``communities.0007_community_directory_of`` adds the network's own directory without
touching what exists: every community and every directory row keeps its owner, none becomes a
network's directory, and the migration goes back as cleanly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("communities", "0006_membership_referrals_role")]
AFTER = [("communities", "0007_community_directory_of")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)  # the state of what is applied now, every app
    return executor._create_project_state(with_applied_migrations=True).apps


def test_existing_rows_keep_their_community_through_the_migration() -> None:
    apps = _migrate(BEFORE)
    network = apps.get_model("communities", "Network").objects.create(name="Piedmont", slug="p")
    community = apps.get_model("communities", "Community").objects.create(
        name="Alder", slug="alder", kind="county", network=network
    )
    service = apps.get_model("directory", "Service").objects.create(
        community_id=community.pk, name="Pantry"
    )

    apps = _migrate(AFTER)
    Community = apps.get_model("communities", "Community")
    after = Community.objects.get(pk=community.pk)
    assert (after.slug, after.network_id, after.directory_of_id) == ("alder", network.pk, None)
    assert apps.get_model("directory", "Service").objects.get(pk=service.pk).community_id == (
        community.pk
    )

    apps = _migrate(BEFORE)
    assert apps.get_model("communities", "Community").objects.filter(pk=community.pk).exists()
    assert apps.get_model("directory", "Service").objects.filter(pk=service.pk).exists()
