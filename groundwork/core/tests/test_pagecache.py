"""Public pages kept in the cache for anonymous visitors (groundwork.core.pagecache): each is
served again from the cache, a write that changes it is visible on the next request, and
nothing personal (a member's view, a CSRF token, a message) is ever served from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.core.generations import community_key, current, network_key
from groundwork.core.pagecache import CSRF_PLACEHOLDER
from groundwork.core.testing import assert_absent, assert_present

pytestmark = pytest.mark.django_db


def _kw(tenant: Any) -> dict[str, str]:
    return {"slug": tenant.community.slug, "process_slug": tenant.process.slug}


def _get(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response


def _published(tenant: Any) -> None:
    from groundwork.plans import services as plans

    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)


def _plan_write(tenant: Any) -> str:
    from groundwork.plans import services as plans

    plans.activity_save(
        actor=tenant.coordinator,
        plan=tenant.plan,
        activity=tenant.activity,
        goal=tenant.goal,
        title="Ride share to the new clinic",
        lead_name="Ana",
    )
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    return "Ride share to the new clinic"


def _answers_write(tenant: Any) -> str:
    from groundwork.planning import services as planning

    participant = planning.participant_create(process=tenant.process, language="en")
    planning.contributions_submit(
        process=tenant.process,
        participant=participant,
        answers=[planning.Answer("problems", "The footbridge washed out")],
        language="en",
        channel="online",
        idempotency_key="cache-test",
    )
    return "The footbridge washed out"


def _themes_write(tenant: Any) -> str:
    from groundwork.themes.models import Theme

    question = tenant.process.questions.get(key="problems")
    Theme.objects.create(
        process=tenant.process, question=question, key="t1", label="Getting to care", size=3
    )
    return "Getting to care"


def _results_write(tenant: Any) -> str:
    # A queryset's update sends no signal: the generation is bumped all the same.
    from groundwork.deliberation.models import Conversation

    Conversation.objects.filter(pk=tenant.conversation.pk).update(topic="Footbridge on weekends")
    return "Footbridge on weekends"


def _catalog_write(tenant: Any) -> str:
    from groundwork.communities import services as communities

    communities.community_update(
        actor=tenant.coordinator, community=tenant.community, coalition_name="Footbridge Alliance"
    )
    return "Footbridge Alliance"


def _landscape_ready(tenant: Any) -> None:
    from groundwork.landscape.services import landscape_report_generate

    tenant.network.stewards.add(tenant.coordinator)
    landscape_report_generate(actor=tenant.coordinator, network=tenant.network)


def _landscape_write(tenant: Any) -> str:
    # The report counts coalitions; names none: a new coalition changes its figures.
    from groundwork.communities.tests.factories import CommunityFactory
    from groundwork.landscape.services import landscape_report_generate

    CommunityFactory(name="Footbridge County", slug=f"{tenant.label}-2", network=tenant.network)
    landscape_report_generate(actor=tenant.coordinator, network=tenant.network)
    return ""


def _directory_write(tenant: Any) -> str:
    from groundwork.directory.tests.factories import add_service

    add_service(tenant.community, tenant.organization, name="Footbridge food pantry")
    return "Footbridge food pantry"


def _gathering_ready(tenant: Any) -> None:
    from groundwork.gatherings.tests.helpers import make_gathering

    make_gathering(tenant.community, tenant.coordinator, title="Town hall", capacity=10)


def _gathering_of(tenant: Any) -> Any:
    return tenant.community.gatherings.get(title="Town hall")


def _photo_write(tenant: Any) -> str:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from groundwork.gatherings import services as gatherings

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    gatherings.photo_add(
        actor=tenant.coordinator,
        gathering=_gathering_of(tenant),
        upload=SimpleUploadedFile("p.png", out.getvalue(), "image/png"),
        description="Footbridge crew at the hall",
        public=True,
    )
    return "Footbridge crew at the hall"


def _network_gathering_write(tenant: Any) -> str:
    from groundwork.gatherings.tests.helpers import make_gathering, steward

    make_gathering(tenant.network, steward(tenant.network), title="Footbridge peer call")
    return "Footbridge peer call"


def _community_gathering_write(tenant: Any) -> str:
    from groundwork.gatherings.tests.helpers import make_gathering

    make_gathering(tenant.community, tenant.coordinator, title="Footbridge workshop")
    return "Footbridge workshop"


PAGES: dict[str, tuple[Callable[[Any], str], Callable[[Any], str], Callable[[Any], Any]]] = {
    # name: (path, write returning the words it adds, arrange before the first read)
    "plan": (lambda t: reverse("plans:plan", kwargs=_kw(t)), _plan_write, _published),
    "answers": (
        lambda t: reverse("planning:contributions", kwargs=_kw(t)),
        _answers_write,
        lambda t: None,
    ),
    "themes": (
        lambda t: reverse("themes:list", kwargs=_kw(t)) + "?question=problems",
        _themes_write,
        lambda t: None,
    ),
    "results": (
        lambda t: reverse("deliberation:results", kwargs=_kw(t)),
        _results_write,
        lambda t: None,
    ),
    "catalog": (
        lambda t: reverse("landscape:catalog", kwargs={"network_slug": t.network.slug}),
        _catalog_write,
        lambda t: None,
    ),
    "landscape": (
        lambda t: reverse("landscape:report", kwargs={"network_slug": t.network.slug}),
        _landscape_write,
        _landscape_ready,
    ),
    "directory": (
        lambda t: reverse("directory:search", kwargs={"slug": t.community.slug}),
        _directory_write,
        lambda t: None,
    ),
    "gathering": (lambda t: _gathering_of(t).get_absolute_url(), _photo_write, _gathering_ready),
    "network gatherings": (
        lambda t: reverse("gatherings:network_list", kwargs={"network_slug": t.network.slug}),
        _network_gathering_write,
        lambda t: None,
    ),
    "calendar feed": (
        lambda t: reverse("gatherings:community_feed", kwargs={"slug": t.community.slug}),
        _community_gathering_write,
        lambda t: None,
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_write_is_visible_on_the_next_request(page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    path_of, write, arrange = PAGES[page]
    for t in (tenant, other_tenant):
        arrange(t)
    path = path_of(tenant)
    visitor = Client()
    first = _get(visitor, path)
    assert first["X-Page-Cache"] == "miss"
    assert _get(visitor, path)["X-Page-Cache"] == "hit"
    assert _get(Client(), path)["X-Page-Cache"] == "hit"  # another visitor, the same page
    # The other tenant's page is its own, and its write leaves this page in the cache.
    other = _get(visitor, path_of(other_tenant))
    assert other.content != first.content or page in ("results", "themes")
    words = write(other_tenant)
    again = _get(visitor, path)
    assert again["X-Page-Cache"] == "hit"
    assert not words or words not in again.content.decode()

    words = write(tenant)
    after = _get(visitor, path)
    assert after["X-Page-Cache"] == "miss"
    assert words in after.content.decode()
    assert after.content != again.content
    assert_absent(other_tenant, after.content)


@pytest.mark.parametrize("page", PAGES)
def test_member_content_never_reaches_an_anonymous_visitor(page, tenant, other_tenant):  # type: ignore[no-untyped-def]
    path_of, _write, arrange = PAGES[page]
    arrange(tenant)
    arrange(other_tenant)
    path = path_of(tenant)
    coordinator = Client()
    coordinator.force_login(tenant.coordinator)
    signed_in = f'action="{reverse("accounts:logout")}"'  # the member-only sign-out form
    member_page = _get(coordinator, path)
    html = member_page["Content-Type"].startswith("text/html")  # a calendar feed has no form
    assert signed_in in member_page.content.decode() or not html
    assert "X-Page-Cache" not in member_page  # rendered for them, never kept
    for visitor in (Client(), Client()):
        page_ = _get(visitor, path)
        assert signed_in not in page_.content.decode()
        assert page_["X-Page-Cache"] in ("miss", "hit")
    # The member still gets their own page once the anonymous one is kept.
    again = _get(coordinator, path)
    assert signed_in in again.content.decode() or not html
    assert "X-Page-Cache" not in again


def test_each_visitor_gets_their_own_csrf_token_and_the_cache_none(
    tenant, other_tenant, monkeypatch
):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    kept: list[bytes] = []
    original_set = cache.set

    def spy(key: str, value: Any, *args: Any, **kwargs: Any) -> Any:
        if key.startswith("page:"):
            kept.append(value["body"])
        return original_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    path = reverse("planning:contributions", kwargs=_kw(tenant))
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = _get(visitor, path)
        body = page.content.decode()
        assert CSRF_PLACEHOLDER not in body
        token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        tokens.append(token)
        # The token works for this visitor: switching the language is a POST.
        switched = visitor.post(
            reverse("core:set_language"), {"language": "es", "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302
    assert tokens[0] != tokens[1]
    assert len(kept) == 1
    assert CSRF_PLACEHOLDER.encode() in kept[0]
    assert not any(token.encode() in kept[0] for token in tokens)


def test_a_visitor_with_a_message_or_a_participant_cookie_is_not_served_from_the_cache(
    tenant, other_tenant
):  # type: ignore[no-untyped-def]
    path = reverse("planning:contributions", kwargs=_kw(tenant))
    assert _get(Client(), path)["X-Page-Cache"] == "miss"
    resident = Client()
    resident.cookies["sessionid"] = "x"
    assert "X-Page-Cache" not in _get(resident, path)
    resident = Client()
    resident.cookies["messages"] = "x"
    assert "X-Page-Cache" not in _get(resident, path)


def test_spanish_and_english_are_kept_apart(tenant, other_tenant):  # type: ignore[no-untyped-def]
    path = reverse("planning:contributions", kwargs=_kw(tenant))
    english = _get(Client(HTTP_ACCEPT_LANGUAGE="en"), path)
    spanish = _get(Client(HTTP_ACCEPT_LANGUAGE="es"), path)
    assert spanish["X-Page-Cache"] == "miss"
    assert english.content != spanish.content
    assert 'lang="es"' in _get(Client(HTTP_ACCEPT_LANGUAGE="es"), path).content.decode()


def test_writes_bump_their_own_community_and_network_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    keys = [
        community_key(tenant.community.slug),
        network_key(tenant.network.slug),
        community_key(other_tenant.community.slug),
        network_key(other_tenant.network.slug),
    ]
    before = current(keys)
    _answers_write(tenant)
    after = current(keys)
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2:] == before[2:]
    assert_present(tenant, tenant.plan.title)


def test_a_vote_bumps_its_community_alone_and_the_network_pages_stay_cached(tenant, other_tenant):  # type: ignore[no-untyped-def]
    """A town-hall vote changes the results and the themes' quotes of its community; no page of
    the network shows a vote, so the catalog cached before it is served again after it."""
    from groundwork.core.testing import add_votes
    from groundwork.planning import services as planning

    catalog = reverse("landscape:catalog", kwargs={"network_slug": tenant.network.slug})
    client = Client()
    _get(client, catalog)
    keys = [
        community_key(tenant.community.slug),
        network_key(tenant.network.slug),
        community_key(other_tenant.community.slug),
        network_key(other_tenant.network.slug),
    ]
    before = current(keys)
    add_votes(tenant, keys=("town-hall",))
    planning.participant_create(process=tenant.process, language="es")
    after = current(keys)
    assert after[0] != before[0]
    assert after[1:] == before[1:]
    # Served from the cache: a change made behind the ORM's back does not show.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE communities_community SET coalition_name = %s WHERE id = %s",
            ["Footbridge Alliance", tenant.community.pk],
        )
    assert b"Footbridge Alliance" not in _get(client, catalog).content
    # A write the network's pages show still bumps the network.
    _catalog_write(tenant)
    assert b"Footbridge Alliance" in _get(client, catalog).content


# The table is written when a write commits: these run with real commits.
@pytest.mark.django_db(transaction=True)
def test_a_vote_and_an_answer_sent_from_the_pages_bump_their_own_keys_in_cache_and_table(
    tenant, other_tenant
):  # type: ignore[no-untyped-def]
    """The pages tell the write's transaction their community's keys from the row they read:
    a vote bumps its community alone, an answer its community and network, in the cache's
    mirror and in the table (one upsert after the commit); nothing of the other tenant."""
    from django.core.cache import cache

    from groundwork.core.models import Generation

    keys = [
        community_key(tenant.community.slug),
        network_key(tenant.network.slug),
        community_key(other_tenant.community.slug),
        network_key(other_tenant.network.slug),
    ]

    def table() -> list[int | None]:
        stored = dict(Generation.objects.filter(key__in=keys).values_list("key", "value"))
        return [stored.get(k) for k in keys]

    from groundwork.core.testing import add_votes

    # A first vote queues an opinion-group run (a row of its own, which bumps the network too);
    # the vote measured is one of the many that follow it.
    add_votes(tenant, keys=("first-vote",))
    statement = tenant.conversation.statements.order_by("pk").first()
    before, stored_before = current(keys), table()
    voted = Client().post(
        reverse("deliberation:vote", kwargs=_kw(tenant)),
        {"statement": statement.pk, "value": 1, "idempotency_key": "page-vote"},
    )
    assert voted.status_code == 302, voted.content
    after, stored_after = current(keys), table()
    assert after[0] != before[0] and after[1:] == before[1:]
    assert stored_after[0] != stored_before[0] and stored_after[1:] == stored_before[1:]

    before, stored_before = after, stored_after
    answered = Client().post(
        reverse("planning:answer", kwargs=_kw(tenant)),
        {"answer_problems": "The footbridge washed out", "idempotency_key": "page-answer"},
    )
    assert answered.status_code == 302, answered.content
    cache.clear()  # the table alone must hold the new values
    after, stored_after = current(keys), table()
    assert list(after[:2]) == stored_after[:2]
    assert stored_after[0] != stored_before[0] and stored_after[1] != stored_before[1]
    assert stored_after[2:] == stored_before[2:]


# The table is written when a write commits: these run with real commits.
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_bumps_nothing_and_a_retry_bumps_again(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.db import transaction

    from groundwork.core.models import Generation

    key = community_key(tenant.community.slug)
    before = Generation.objects.get(key=key).value
    with pytest.raises(RuntimeError), transaction.atomic():
        _answers_write(tenant)
        raise RuntimeError
    assert Generation.objects.get(key=key).value == before
    seen = current([key])
    with transaction.atomic():
        _themes_write(tenant)
    assert Generation.objects.get(key=key).value != before
    assert current([key]) != seen


# The table is written when a write commits: these run with real commits.
@pytest.mark.django_db(transaction=True)
def test_the_generations_are_read_from_the_table_when_the_cache_lost_them(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from groundwork.core.models import Generation

    key = community_key(tenant.community.slug)
    cache.clear()
    assert current([key])[0] == Generation.objects.get(key=key).value
    path = reverse("planning:contributions", kwargs=_kw(tenant))
    assert _get(Client(), path)["X-Page-Cache"] == "miss"
    cache.delete("generation:" + key)
    assert _get(Client(), path)["X-Page-Cache"] == "hit"  # the same value, from the table
    _answers_write(tenant)
    cache.delete("generation:" + key)
    assert _get(Client(), path)["X-Page-Cache"] == "miss"


def test_a_write_to_a_network_s_own_directory_entries_bumps_every_page(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.communities.tests.factories import CommunityFactory

    entries = CommunityFactory(
        name="Alder entries", slug="alder-entries", network=None, is_public=False
    )
    entries.directory_of = tenant.network
    entries.save()
    keys = [community_key(tenant.community.slug), community_key(other_tenant.community.slug)]
    before = current(keys)
    _directory_write(type("T", (), {"community": entries, "organization": tenant.organization}))
    after = current(keys)
    assert after[0] != before[0] and after[1] != before[1]


def test_a_registration_updates_the_places_left_and_a_cached_calendar_keeps_its_name(
    tenant, other_tenant
):  # type: ignore[no-untyped-def]
    from groundwork.gatherings import services as gatherings

    for t in (tenant, other_tenant):
        _gathering_ready(t)
    ours, theirs = _gathering_of(tenant), _gathering_of(other_tenant)
    visitor = Client()
    first = _get(visitor, ours.get_absolute_url())
    assert _get(visitor, ours.get_absolute_url())["X-Page-Cache"] == "hit"

    def register(gathering: Any, email: str) -> Any:
        return gatherings.registration_create(
            gathering=gathering, name="Ana", email=email, language="en", base_url="https://x"
        )

    register(theirs, "ana@example.org")  # the other tenant's gathering: ours stays cached
    assert _get(visitor, ours.get_absolute_url())["X-Page-Cache"] == "hit"
    registration = register(ours, "ana@example.org")
    after = _get(visitor, ours.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert after.content != first.content
    # Cancelling moves rows with a queryset's update: this page again, not every community's.
    _get(visitor, theirs.get_absolute_url())
    assert _get(visitor, theirs.get_absolute_url())["X-Page-Cache"] == "hit"
    gatherings.registration_cancel(registration=registration)
    assert _get(visitor, ours.get_absolute_url())["X-Page-Cache"] == "miss"
    assert _get(visitor, theirs.get_absolute_url())["X-Page-Cache"] == "hit"

    ics = reverse(
        "gatherings:community_calendar", kwargs={"slug": tenant.community.slug, "pk": ours.pk}
    )
    assert _get(visitor, ics)["X-Page-Cache"] == "miss"
    hit = _get(visitor, ics)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Disposition"] == f'attachment; filename="gathering-{ours.pk}.ics"'
    assert hit["Content-Type"].startswith("text/calendar")
