"""The practice library: publishing, finding, adopting, permissions, attachments, discussion;
two tenants (two networks) in every test."""

import importlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.planning.models import Guide, GuideSection

from .. import selectors
from ..actions import discussion, practices
from ..models import Adoption, Practice, PracticeStatus

pytestmark = pytest.mark.django_db


def _guide(tenant, title="Listening sessions"):
    guide = Guide.objects.create(
        community=tenant.community,
        slug="listening",
        title_en=title,
        title_es="Sesiones de escucha",
        summary_en="Run listening sessions in the library.",
        summary_es="Sesiones de escucha en la biblioteca.",
        based_on="building-community-resilience",
    )
    GuideSection.objects.create(
        guide=guide, heading_en="Welcome", heading_es="Bienvenida", body_en="Greet people."
    )
    return guide


def _neighbour(tenant, name="Cedar County"):
    """Another coalition of the same network, with a coordinator."""
    community = CommunityFactory(name=name, slug="cedar", network=tenant.network)
    return community, member(community, Role.COORDINATOR)


def test_publish_a_guide_in_one_step(tenant, other_tenant):
    guide = _guide(tenant)
    with unchanged(other_tenant):
        practice = practices.publish_guide(actor=tenant.coordinator, guide=guide)
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.licence == "cc_by"
    assert practice.network == tenant.network
    assert "Greet people." in practice.body_en and "Bienvenida" in practice.body_es
    assert AuditEvent.objects.filter(action="library.practice_published").count() == 1


def test_only_facilitators_publish(tenant, other_tenant):
    guide = _guide(tenant)
    with pytest.raises(PermissionDenied):
        practices.publish_guide(actor=other_tenant.coordinator, guide=guide)


def test_publish_an_activity_with_its_progress(tenant, other_tenant):
    practice = practices.publish_activity(actor=tenant.coordinator, activity=tenant.activity)
    assert practice.title_en == "Ride share"
    assert "Progress: 0%" in practice.body_en and "0%" in practice.body_es
    assert "The library has a meeting room" in practice.strengths


def test_search_in_both_languages_with_filters(tenant, other_tenant):
    practice = practices.publish_guide(actor=tenant.coordinator, guide=_guide(tenant))
    practice.focus_area = "resilience"
    practice.save()
    draft = practices.practice_save(
        actor=other_tenant.coordinator,
        community=other_tenant.community,
        title_en="Listening walks",
        body_en="Listening sessions outdoors.",
    )
    for words in ("listening", "sesiones escucha", "biblioteca"):
        page = selectors.practice_search(selectors.Filters(words=words))
        assert [p.pk for p in page.practices] == [practice.pk], words
    assert draft.pk not in [p.pk for p in selectors.practice_search(selectors.Filters()).practices]
    both = selectors.Filters(words="listening", focus_area="resilience", evidence_level="promising")
    assert selectors.practice_search(both).total == 0
    both.evidence_level = "community_defined"
    assert selectors.practice_search(both).total == 1


def test_search_page_queries_are_pinned(tenant, other_tenant, django_assert_num_queries):
    for n in range(3):
        guide = _guide(tenant, title=f"Listening {n}")
        guide.slug = f"g{n}"
        guide.save()
        practices.publish_guide(actor=tenant.coordinator, guide=guide)
    filters = selectors.Filters(
        words="listening", focus_area="", evidence_level="community_defined"
    )
    # count, page, strategies, adoption counts
    with django_assert_num_queries(4):
        page = selectors.practice_search(filters)
    assert page.total == 3


def test_the_document_is_the_index(tenant):
    migration = importlib.import_module("groundwork.library.migrations.0001_initial")
    assert selectors.PG_DOCUMENT.format(t="") == migration.PG_DOCUMENT


def test_drafts_are_for_members_published_for_everyone(client, tenant, other_tenant):
    practice = practices.practice_save(
        actor=tenant.coordinator, community=tenant.community, title_en="Draft", body_en="x"
    )
    url = reverse("library:practice", args=[practice.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    practices.practice_set_published(actor=tenant.coordinator, practice=practice, published=True)
    client.logout()
    assert client.get(url).status_code == 200
    assert client.get(reverse("library:search") + "?q=draft").status_code == 200


def test_adopt_into_a_plan_keeps_the_link(client, tenant, other_tenant):
    practice = practices.publish_guide(actor=tenant.coordinator, guide=_guide(tenant))
    with unchanged(tenant):
        client.force_login(other_tenant.coordinator)
        response = client.post(
            reverse("library:adopt", args=[practice.pk]), {"goal": str(other_tenant.goal.pk)}
        )
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.community == other_tenant.community
    assert adoption.activity.plan == other_tenant.plan
    assert selectors.adoption_counts([practice.pk]) == {practice.pk: 1}
    page = client.get(reverse("library:practice", args=[practice.pk]))
    assert "Adopted by 1 coalition" in page.content.decode()
    # a coalition cannot pick another coalition's goal
    assert (
        client.post(
            reverse("library:adopt", args=[practice.pk]), {"goal": str(tenant.goal.pk)}
        ).status_code
        == 200
    )
    assert Adoption.objects.count() == 1


def test_attachments_are_checked_by_content(tenant):
    practice = practices.publish_guide(actor=tenant.coordinator, guide=_guide(tenant))
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ApplicationError):
        practices.attachment_add(actor=tenant.coordinator, practice=practice, upload=fake)
    real = SimpleUploadedFile("notes.txt", b"%PDF-1.4\n%...", "text/plain")
    found = practices.attachment_add(actor=tenant.coordinator, practice=practice, upload=real)
    assert found.content_type == "application/pdf" and found.name == "notes.pdf"
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(ApplicationError):
        practices.attachment_add(actor=tenant.coordinator, practice=practice, upload=big)


def test_comments_by_network_members_hidden_by_stewards(tenant, other_tenant):
    practice = practices.publish_guide(actor=tenant.coordinator, guide=_guide(tenant))
    _community, neighbour = _neighbour(tenant)
    with pytest.raises(PermissionDenied):  # another network's member
        discussion.comment_add(actor=other_tenant.coordinator, practice=practice, body="Hi")
    discussion.comment_add(actor=tenant.coordinator, practice=practice, body="Ask me")
    mail.outbox.clear()
    with pytest.MonkeyPatch.context() as m:
        m.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        comment = discussion.comment_add(actor=neighbour, practice=practice, body="We tried it")
    assert [m.to for m in mail.outbox] == [[tenant.coordinator.email]]
    steward = UserFactory()
    with pytest.raises(PermissionDenied):
        discussion.comment_hide(actor=neighbour, comment=comment, reason="spam")
    tenant.network.stewards.add(steward)
    discussion.comment_hide(actor=steward, comment=comment, reason="Off topic")
    event = AuditEvent.objects.get(action="library.comment_hidden")
    assert event.details == {"reason": "Off topic"}


def test_practices_for_themes_are_other_coalitions(tenant, other_tenant):
    own = practices.publish_guide(actor=tenant.coordinator, guide=_guide(tenant))
    other_guide = _guide(other_tenant, title="Listening circles")
    theirs = practices.publish_guide(actor=other_tenant.coordinator, guide=other_guide)
    found = selectors.for_themes(community=tenant.community, labels=["listening"])
    assert [p.pk for p in found] == [theirs.pk]
    assert own.pk not in [p.pk for p in found]
    assert Practice.objects.count() == 2
