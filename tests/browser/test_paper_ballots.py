"""Paper ballots on a phone, in Spanish, JavaScript off: a facilitator types in a ballot
ticked at a gathering, with the area written on it; one over the budget is refused with
nothing stored; the vote's page shows turnout by channel and area. No sideways scroll at
320 and 360 px, axe-core clean. Beside a look-alike tenant."""

import pytest
from playwright.sync_api import expect

from groundwork.core.testing import build_tenant
from groundwork.planning.models import Area
from groundwork.plans import budget_services
from groundwork.plans.models import Ballot, VoteStatus
from groundwork.plans.tests.test_budgets import _activities

from .conftest import assert_accessible
from .test_budgets import PASSWORD, fits_phone, sign_in, spanish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    tenant = build_tenant("alder")
    other = build_tenant("birch")
    tenant.coordinator.set_password(PASSWORD)
    tenant.coordinator.save()
    activities = _activities(tenant, [10_000, 95_000])
    vote = budget_services.vote_create(
        actor=tenant.coordinator,
        plan=tenant.plan,
        title="Spring vote",
        budget_cents=100_000,
        activity_ids=[a.pk for a in activities],
    )
    budget_services.vote_set_status(actor=tenant.coordinator, vote=vote, status=VoteStatus.OPEN)
    Area.objects.create(process=tenant.process, name="Río Norte")
    Area.objects.create(process=other.process, name=f"Fox {other.marker}")
    return tenant, other, vote


def test_a_facilitator_enters_paper_ballots_on_a_phone(new_page, world):  # type: ignore[no-untyped-def]
    tenant, other, vote = world
    page = new_page(phone=True, javascript=False)
    sign_in(page, tenant.coordinator)
    spanish(page)
    url = f"/c/{tenant.community.slug}/p/{tenant.process.slug}/plan/build/votes/{vote.pk}/"
    page.goto(url)
    form = page.locator("#paper-ballot")
    expect(form.get_by_role("heading")).to_have_text("Registrar una papeleta de papel")
    fits_phone(page)
    assert_accessible(page)
    assert other.marker not in page.content()

    form.get_by_text("Ride share").click()
    form.get_by_text("Task 0").click()
    form.get_by_role("button", name="Registrar la papeleta").click()
    expect(page.get_by_text("más que el presupuesto")).to_be_visible()
    assert Ballot.objects.filter(vote=vote).count() == 0

    form = page.locator("#paper-ballot")
    form.get_by_text("Ride share").click()
    form.get_by_label("Zona escrita en ella").select_option(label="Río Norte")
    form.get_by_role("button", name="Registrar la papeleta").click()
    expect(page.get_by_text("La papeleta de papel quedó registrada.")).to_be_visible()
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.channel == "paper" and ballot.participant.area.name == "Río Norte"
    expect(page.locator("#turnout")).to_contain_text("Formulario en papel")
    expect(page.locator("#turnout-areas")).to_contain_text("Río Norte")
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
