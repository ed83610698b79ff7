"""The newsletters' "upcoming gatherings" block and the gatherings' periodic jobs."""

import inspect
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from groundwork.gatherings.newsletter import upcoming_gatherings
from groundwork.newsletters import blocks
from groundwork.newsletters.models import MailingList

from .helpers import make_gathering, steward

pytestmark = pytest.mark.django_db


def test_the_block_lists_the_lists_own_public_gatherings_of_the_next_weeks(tenant, other_tenant):  # type: ignore[no-untyped-def]
    now = timezone.now()
    ours = make_gathering(tenant.community, tenant.coordinator, title="Ours", title_es="Nuestra")
    make_gathering(tenant.community, tenant.coordinator, title="Unlisted", is_public=False)
    make_gathering(
        tenant.community, tenant.coordinator, title="Far", starts_at=now + timedelta(days=60)
    )
    network = make_gathering(tenant.network, steward(tenant.network), title="Statewide")
    make_gathering(other_tenant.community, other_tenant.coordinator, title="Theirs")
    assert blocks.get("upcoming-gatherings") is not None
    community_list = MailingList.objects.create(
        community=tenant.community, slug="news", name_en="News"
    )
    network_list = MailingList.objects.create(network=tenant.network, slug="news", name_en="N")
    titles = [i["title"] for i in upcoming_gatherings(community_list, None, now, "en")]
    assert titles == ["Ours"]
    with translation.override("es"):
        items = upcoming_gatherings(community_list, None, now, "es")
    assert [i["title"] for i in items] == ["Nuestra"]
    assert items[0]["path"] == ours.get_absolute_url()
    # A network's list: its own gatherings and its communities' public ones.
    titles = sorted(i["title"] for i in upcoming_gatherings(network_list, None, now, "en"))
    assert titles == sorted(["Ours", network.title])


def test_every_periodic_job_names_a_task_that_takes_the_sites_address():  # type: ignore[no-untyped-def]
    for name, job in settings.SCHEDULED_JOBS.items():
        task = import_string(job["task"])
        parameters = inspect.signature(task.func).parameters
        assert "base_url" in parameters, name
