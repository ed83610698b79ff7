"""Facilitation guides: the shipped two-day workshop, copies that communities adapt, and
gatherings that follow them."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.planning import services
from groundwork.planning.guides import SHIPPED_GUIDES, ShippedGuide, shipped_guide
from groundwork.planning.guides.base import section
from groundwork.planning.guides.present import guide_page
from groundwork.planning.guides.text import normalize, to_html
from groundwork.planning.models import Gathering, GuideSection, QuestionKey

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]

SLUG = "building-community-resilience"
SHIPPED = SHIPPED_GUIDES[SLUG]


@pytest.fixture
def community(other_tenant):  # type: ignore[no-untyped-def]
    # The other tenant has its own copy of the same guide, under the same slug.
    services.guide_copy(
        actor=other_tenant.coordinator, community=other_tenant.community, source_slug=SLUG
    )
    other_tenant.baseline()
    return CommunityFactory(slug="alder", name="Alder County")


@pytest.fixture
def facilitator(community):  # type: ignore[no-untyped-def]
    return member(community, Role.FACILITATOR)


@pytest.fixture
def guide(community, facilitator):  # type: ignore[no-untyped-def]
    return services.guide_copy(actor=facilitator, community=community, source_slug=SLUG)


def guide_url(guide, name="planning:guide"):  # type: ignore[no-untyped-def]
    return reverse(name, args=[guide.community.slug, guide.slug])


def section_data(section, **changes):  # type: ignore[no-untyped-def]
    data = {
        name: getattr(section, name) if getattr(section, name) is not None else ""
        for name in services.GUIDE_SECTION_FIELDS
    }
    return {**data, **changes}


# The shipped guide -----------------------------------------------------------------------------


def test_shipped_guide_is_complete_in_english_and_spanish():
    assert SHIPPED.title_en and SHIPPED.title_es and SHIPPED.summary_en and SHIPPED.summary_es
    assert 25 <= len(SHIPPED.sections) <= 35
    for item in SHIPPED.sections:
        for text in (item.heading_en, item.heading_es, item.body_en, item.body_es):
            assert text.strip(), item.heading_en
        # Written for each language, not copied across.
        assert item.heading_en != item.heading_es and item.body_en != item.body_es
        # The same shape in both languages: as many paragraphs and list items.
        assert item.body_en.count("\n") == item.body_es.count("\n"), item.heading_en
        assert len(item.heading_en) <= 200 and len(item.body_en) <= 10000


def test_shipped_guide_has_two_days_and_both_exercises_for_every_question():
    days = {item.day for item in SHIPPED.sections if item.day}
    assert days == {1, 2}
    for day in days:
        blocks = [item for item in SHIPPED.sections if item.day == day]
        assert all(item.minutes for item in blocks)
        assert 5 * 60 <= sum(item.minutes or 0 for item in blocks) <= 9 * 60
    for key in QuestionKey.values:
        sizes = {item.group_size for item in SHIPPED.sections if item.question == key}
        assert sizes == {Gathering.Kind.LARGE, Gathering.Kind.SMALL}, key
    headings = " ".join(item.heading_en for item in SHIPPED.sections).lower()
    for topic in ("invite", "roles", "materials", "room", "interpretation", "ground rules"):
        assert topic in headings
    assert "capture" in headings and "paper form" in headings and "privacy" in headings


def test_guide_text_becomes_escaped_paragraphs_and_lists():
    text = "Intro <b>bold</b>\nwraps here.\n\n- one & two\n- three\n  continued\n\n3. step"
    html = to_html(text)
    assert html == (
        "<p>Intro &lt;b&gt;bold&lt;/b&gt; wraps here.</p>\n"
        '<ul class="usa-list"><li>one &amp; two</li><li>three continued</li></ul>\n'
        '<ol class="usa-list" start="3"><li>step</li></ol>'
    )
    assert (
        normalize(text)
        == "Intro <b>bold</b> wraps here.\n\n- one & two\n- three continued\n\n3. step"
    )
    assert to_html("") == ""


def test_guide_page_falls_back_to_the_other_language_and_adds_up_the_agenda():
    item = section("Only English", "Solo español", "Body", "", day=1, minutes=90, group="small")
    guide = ShippedGuide("x", "T", "T es", "", "", (item,))
    page = guide_page(guide=guide, sections=guide.sections, lang="es")
    assert page.title == "T es" and page.read_in_other == "Read this guide in English"
    assert page.sections[0].body == "Body" and page.sections[0].body_lang == "en"
    assert page.sections[0].meta == ["Día 1", "1 h 30 min", "Grupos pequeños"]
    assert page.agenda[0].total == "1 h 30 min"


def test_anyone_reads_the_shipped_guide_in_english_and_in_spanish(client):
    url = reverse("planning:shipped_guide", args=[SLUG])
    english = client.get(url)
    assert english.status_code == 200
    content = english.content.decode()
    assert SHIPPED.title_en in content and SHIPPED.sections[0].heading_en in content
    assert "Agenda at a glance" in content and 'href="?lang=es"' in content

    spanish = client.get(url, {"lang": "es"}).content.decode()
    assert SHIPPED.title_es in spanish and "Día 2" in spanish
    assert all(item.heading_es.replace('"', "&quot;") in spanish for item in SHIPPED.sections)
    assert '<div class="gw-guide" lang="es">' in spanish

    client.cookies["django_language"] = "es"
    assert SHIPPED.title_es in client.get(url).content.decode()

    printable = client.get(reverse("planning:shipped_guide_print", args=[SLUG]), {"lang": "es"})
    assert printable.status_code == 200 and b'<html lang="es">' in printable.content
    assert client.get(reverse("planning:shipped_guide", args=["no-such-guide"])).status_code == 404
    assert client.get(reverse("planning:shipped_guides")).status_code == 200


def test_the_shipped_guide_downloads_as_a_pdf(client):
    response = client.get(reverse("planning:shipped_guide_pdf", args=[SLUG]), {"lang": "es"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"{SLUG}-es.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


# Copying and adapting ---------------------------------------------------------------------------


def test_a_copy_is_the_communitys_own_and_the_shipped_guide_never_changes(community, facilitator):
    first_heading = SHIPPED.sections[0].heading_en
    guide = services.guide_copy(actor=facilitator, community=community, source_slug=SLUG)
    assert guide.slug == SLUG and guide.based_on == SLUG and guide.created_by == facilitator
    sections = list(guide.sections.all())
    assert [s.heading_es for s in sections] == [s.heading_es for s in SHIPPED.sections]
    assert [s.order for s in sections[:3]] == [10, 20, 30]

    services.guide_section_save(
        actor=facilitator, guide=guide, section=sections[0], heading_en="Welcome to Alder"
    )
    services.guide_update(
        actor=facilitator, guide=guide, title_en="Alder's workshop", title_es="Taller de Alder"
    )
    assert SHIPPED.sections[0].heading_en == first_heading
    assert shipped_guide(SLUG).title_en == SHIPPED.title_en

    again = services.guide_copy(actor=facilitator, community=community, source_slug=SLUG)
    assert again.slug == f"{SLUG}-2"
    assert again.sections.order_by("order").first().heading_en == first_heading
    assert GuideSection.objects.filter(guide__community=community).count() == 2 * len(
        SHIPPED.sections
    )
    events = AuditEvent.objects.filter(community=community)
    actions = list(events.order_by("id").values_list("action", flat=True))
    assert actions == ["guide.copied", "guide_section.updated", "guide.updated", "guide.copied"]
    copied = events.filter(action="guide.copied").first()
    assert copied.community == community and copied.actor == facilitator
    assert copied.details == {"source": SLUG, "sections": len(SHIPPED.sections)}


def test_facilitator_copies_from_the_shipped_page_and_edits_a_section(client, community):
    facilitator = member(community, Role.FACILITATOR)
    other = CommunityFactory(name="Birch Town")
    other.memberships.create(user=facilitator, role=Role.COORDINATOR)
    client.force_login(facilitator)
    page = client.get(reverse("planning:shipped_guide", args=[SLUG]))
    assert [c.slug for c in page.context["copy_targets"]] == ["alder", other.slug]
    assert b"Copy this guide to adapt it" in page.content

    response = client.post(reverse("planning:guide_copy", args=[SLUG]), {"community": "alder"})
    guide = community.guides.get()
    assert response.status_code == 302 and response["Location"] == guide_url(
        guide, "planning:guide_edit"
    )
    assert not other.guides.exists()

    item = guide.sections.order_by("order")[2]
    url = reverse("planning:guide_section_edit", args=["alder", guide.slug, item.pk])
    response = client.post(url, section_data(item, heading_en="Our team, our roles", day=""))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.heading_en == "Our team, our roles" and item.day is None
    assert "Our team, our roles" in client.get(guide_url(guide)).content.decode()

    add = client.post(
        reverse("planning:guide_section_add", args=["alder", guide.slug]),
        {"heading_en": "Prayer", "heading_es": "Oración", "body_en": "- a", "order": ""},
    )
    assert add.status_code == 302
    added = guide.sections.get(heading_en="Prayer")
    assert added.order == len(SHIPPED.sections) * 10 + 10
    delete_url = reverse("planning:guide_section_delete", args=["alder", guide.slug, added.pk])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not guide.sections.filter(pk=added.pk).exists()
    assert (
        AuditEvent.objects.filter(action="guide_section.deleted", community=community).count() == 1
    )

    edit = client.post(
        guide_url(guide, "planning:guide_edit"),
        {
            "title_en": "Alder workshop",
            "title_es": "Taller de Alder",
            "summary_en": "",
            "summary_es": "",
        },
    )
    assert edit.status_code == 302
    guide.refresh_from_db()
    assert guide.title_en == "Alder workshop"


# Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "can_view", "can_manage"),
    [
        (Role.COORDINATOR, True, True),
        (Role.FACILITATOR, True, True),
        (Role.MEMBER, True, False),
        (Role.PARTNER, True, False),
        (Role.VIEWER, True, False),
        (None, False, False),
    ],
)
def test_role_by_action(client, community, guide, role, can_view, can_manage):
    person = member(community, role) if role else UserFactory()
    client.force_login(person)
    view_status = 200 if can_view else 403
    assert client.get(reverse("planning:guide_list", args=["alder"])).status_code == view_status
    assert client.get(guide_url(guide)).status_code == view_status
    assert client.get(guide_url(guide, "planning:guide_print")).status_code == view_status

    manage_status = 200 if can_manage else 403
    assert client.get(guide_url(guide, "planning:guide_edit")).status_code == manage_status
    item = guide.sections.order_by("order").first()
    edit_url = reverse("planning:guide_section_edit", args=["alder", guide.slug, item.pk])
    response = client.post(edit_url, section_data(item, heading_en="Changed"))
    assert response.status_code == (302 if can_manage else 403)
    item.refresh_from_db()
    assert (item.heading_en == "Changed") is can_manage

    copies = community.guides.count()
    response = client.post(reverse("planning:guide_copy", args=[SLUG]), {"community": "alder"})
    assert response.status_code == (302 if can_manage else 403)
    assert community.guides.count() == copies + (1 if can_manage else 0)
    if not can_manage:
        with pytest.raises(ApplicationError, match="Only coordinators and facilitators"):
            services.guide_copy(actor=person, community=community, source_slug=SLUG)
        with pytest.raises(ApplicationError):
            services.guide_section_delete(actor=person, section=item)
        assert GuideSection.objects.filter(pk=item.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in_for_community_guides(client, guide):
    for url in (guide_url(guide), reverse("planning:guide_list", args=["alder"])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("planning:guide_copy", args=[SLUG]), {"community": "alder"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert guide.community.guides.count() == 1


def test_a_facilitator_of_one_community_cannot_touch_anothers_guides(client, guide):
    stranger = member(CommunityFactory(), Role.FACILITATOR)
    client.force_login(stranger)
    assert client.get(guide_url(guide, "planning:guide_edit")).status_code == 403
    response = client.post(reverse("planning:guide_copy", args=[SLUG]), {"community": "alder"})
    assert response.status_code == 403
    assert guide.community.guides.count() == 1


# Bad input ---------------------------------------------------------------------------------------


def test_bad_input_gets_a_clear_error_and_nothing_is_saved(client, guide, facilitator):
    client.force_login(facilitator)
    item = guide.sections.order_by("order").first()
    before = (item.heading_en, item.heading_es, item.minutes)
    url = reverse("planning:guide_section_edit", args=["alder", guide.slug, item.pk])
    response = client.post(
        url, section_data(item, heading_en="New heading", heading_es="   ", minutes="-5")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["heading_es"] == ["This field is required."]
    assert "minutes" in form.errors
    assert b"Please correct the errors below." in response.content
    item.refresh_from_db()
    assert (item.heading_en, item.heading_es, item.minutes) == before

    with pytest.raises(ApplicationError) as error:
        services.guide_section_save(
            actor=facilitator, guide=guide, section=item, heading_en="x", group_size="huge"
        )
    assert error.value.field == "group_size" and "Group" in error.value.message
    with pytest.raises(ApplicationError, match="from 1 to 14"):
        services.guide_section_save(actor=facilitator, guide=guide, section=item, day=40)
    item.refresh_from_db()
    assert item.heading_en == before[0]
    with pytest.raises(ValueError, match="Not guide section fields"):
        services.guide_section_save(actor=facilitator, guide=guide, community="x")

    elsewhere = CommunityFactory()
    other_guide = services.guide_copy(
        actor=member(elsewhere, Role.COORDINATOR), community=elsewhere, source_slug=SLUG
    )
    with pytest.raises(ApplicationError, match="section of this guide"):
        services.guide_section_save(
            actor=facilitator, guide=guide, section=other_guide.sections.first(), heading_en="x"
        )
    audit_count = AuditEvent.objects.count()
    with pytest.raises(ApplicationError, match="no guide by that name"):
        services.guide_copy(actor=facilitator, community=guide.community, source_slug="nope")
    assert AuditEvent.objects.count() == audit_count


def test_a_copy_that_fails_part_way_leaves_nothing_behind(monkeypatch, community, facilitator):
    broken = ShippedGuide(
        "broken",
        "Broken",
        "Roto",
        "",
        "",
        (section("Fine", "Bien", "a", "b"), section("No Spanish heading", "", "a", "b")),
    )
    monkeypatch.setitem(SHIPPED_GUIDES, "broken", broken)
    with pytest.raises(ApplicationError) as error:
        services.guide_copy(actor=facilitator, community=community, source_slug="broken")
    assert error.value.field == "heading_es"
    assert not community.guides.exists()
    assert not GuideSection.objects.filter(guide__community=community).exists()
    assert not AuditEvent.objects.filter(community=community).exists()


# Gatherings follow a guide -------------------------------------------------------------------


@pytest.fixture
def process(community, facilitator):  # type: ignore[no-untyped-def]
    return services.process_create(actor=facilitator, community=community, title="T", slug="t")


def gathering_fields(**extra):  # type: ignore[no-untyped-def]
    return {
        "title": "Day 1",
        "kind": "large",
        "starts_at": datetime(2027, 3, 6, 9, tzinfo=UTC),
        "language": "en",
        **extra,
    }


def test_a_gathering_follows_a_guide_of_its_own_community_only(process, facilitator, guide):
    gathering = services.gathering_save(
        actor=facilitator, process=process, **gathering_fields(guide=guide)
    )
    assert gathering.guide == guide and list(guide.gatherings.all()) == [gathering]
    elsewhere = CommunityFactory()
    foreign = services.guide_copy(
        actor=member(elsewhere, Role.COORDINATOR), community=elsewhere, source_slug=SLUG
    )
    with pytest.raises(ApplicationError) as error:
        services.gathering_save(
            actor=facilitator, process=process, gathering=gathering, guide=foreign
        )
    assert error.value.field == "guide"
    gathering.refresh_from_db()
    assert gathering.guide == guide


def test_the_gathering_form_offers_only_this_communitys_guides(client, process, facilitator, guide):
    elsewhere = CommunityFactory()
    foreign = services.guide_copy(
        actor=member(elsewhere, Role.COORDINATOR), community=elsewhere, source_slug=SLUG
    )
    client.force_login(facilitator)
    url = reverse("planning:gatherings", args=["alder", "t"])
    page = client.get(url)
    assert list(page.context["form"].fields["guide"].queryset) == [guide]
    data = {"title": "Day 1", "kind": "large", "starts_at": "2027-03-06T09:00", "language": "en"}
    refused = client.post(url, {**data, "guide": foreign.pk})
    assert refused.status_code == 200 and "guide" in refused.context["form"].errors
    assert not Gathering.objects.filter(process=process).exists()

    assert client.post(url, {**data, "guide": guide.pk}).status_code == 302
    assert Gathering.objects.get(process=process).guide == guide
    listing = client.get(url).content.decode()
    assert f'href="{guide_url(guide)}"' in listing
    assert "Day 1" in client.get(guide_url(guide)).content.decode()


def test_guide_pages_and_links(client, process, facilitator, guide, django_assert_max_num_queries):
    client.force_login(facilitator)
    detail = client.get(process.get_absolute_url()).content.decode()
    assert reverse("planning:guide_list", args=["alder"]) in detail
    community_page = client.get(reverse("communities:detail", args=["alder"])).content.decode()
    assert reverse("planning:guide_list", args=["alder"]) in community_page
    listing = client.get(reverse("planning:guide_list", args=["alder"])).content.decode()
    assert guide_url(guide) in listing and "Copy this guide to adapt it" in listing
    with django_assert_max_num_queries(10):
        response = client.get(guide_url(guide), {"lang": "es"})
    assert SHIPPED.title_es in response.content.decode()
    pdf = client.get(guide_url(guide, "planning:guide_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
