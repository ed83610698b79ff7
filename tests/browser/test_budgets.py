"""Money in a plan, end to end: a facilitator costs three activities, with in-kind help from two
assets of the map (JavaScript off); prepares and opens a budget vote; residents vote on phones,
in Spanish with JavaScript off (a ballot over the budget is refused with nothing stored) and in
English with JavaScript on (the running total moves); the results by both rules are shown, the
winners become funded, and the public money page matches the records. A network steward
records two grants and sees the runway. Beside a look-alike tenant."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.core.testing import build_tenant
from groundwork.directory.models import Asset
from groundwork.funding.models import Grant
from groundwork.planning.models import Participant
from groundwork.plans import budget_selectors, budget_services
from groundwork.plans import services as plans
from groundwork.plans.models import Activity, Ballot, BudgetVote, VoteStatus

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-password-42"
_FITS = """() => document.documentElement.scrollWidth <= window.innerWidth"""


def fits_phone(page) -> None:  # type: ignore[no-untyped-def]
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate(_FITS), f"{page.url} scrolls sideways at {width} px"


def sign_in(page, user):  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-mail address|Correo electrónico")).fill(user.email)
    page.get_by_label(re.compile("Password|Contraseña")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in|Iniciar sesión")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def spanish(page):  # type: ignore[no-untyped-def]
    page.context.add_cookies(
        [{"name": "django_language", "value": "es", "url": page.url or "http://localhost"}]
    )


def prepare_and_open_vote(facilitator, tenant, title, budget, titles, choice):  # type: ignore[no-untyped-def]
    """On the budget votes page: a vote on these activities, with one more choice ticked
    (the rule or the kind of ballot); opened. The vote and its ballot page's address."""
    facilitator.get_by_label("Title of the vote").fill(title)
    facilitator.get_by_label("Total budget (dollars)").fill(budget)
    for name in titles:
        facilitator.get_by_text(re.compile(re.escape(name) + r" \(")).click()
    facilitator.get_by_text(choice).click()
    facilitator.get_by_role("button", name="Prepare the vote").click()
    facilitator.get_by_role("button", name="Open the vote").click()
    vote = BudgetVote.objects.get(plan=tenant.plan, title=title)
    assert vote.status == VoteStatus.OPEN
    return vote, tenant.plan.get_absolute_url() + f"budget/{vote.pk}/"


def open_in_spanish_on_a_phone(new_page, url):  # type: ignore[no-untyped-def]
    """A resident's phone without JavaScript, the page in Spanish, fitting and accessible."""
    resident = new_page(phone=True, javascript=False)
    resident.goto(url)
    spanish(resident)
    resident.goto(url)
    expect(resident.locator("html")).to_have_attribute("lang", "es")
    fits_phone(resident)
    assert_accessible(resident)
    return resident


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    tenant = build_tenant("alder")
    other = build_tenant("birch")
    tenant.coordinator.set_password(PASSWORD)
    tenant.coordinator.save()
    for title in ("Interpreters at meetings", "Saturday library"):
        plans.activity_save(
            actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title=title
        )
    for name in ("Union hall", "Library room"):
        Asset.objects.create(community=tenant.community, kind="place", name=name)
    Asset.objects.create(community=other.community, kind="place", name="Birch barn")
    return tenant, other


def test_cost_vote_fund_and_show_where_the_money_goes(new_page, world, live_server):  # type: ignore[no-untyped-def]
    tenant, other = world
    base = tenant.plan.get_absolute_url()
    facilitator = new_page(javascript=False)
    sign_in(facilitator, tenant.coordinator)
    costs = {"Ride share": "700", "Interpreters at meetings": "400", "Saturday library": "250"}
    for n, (title, amount) in enumerate(costs.items()):
        activity = Activity.objects.get(plan=tenant.plan, title=title)
        facilitator.goto(base + f"build/activities/{activity.pk}/budget/")
        form = facilitator.locator("form").filter(has_text="Add a cost line")
        form.get_by_label("Category").select_option(label="Staff")
        form.get_by_label("Amount (dollars)").fill(amount)
        form.get_by_role("button", name="Add the cost").click()
        expect(facilitator.get_by_text("The budget was saved.")).to_be_visible()
        if n < 2:
            form = facilitator.locator("form").filter(has_text="Add in-kind help")
            form.get_by_label("Kind of help").select_option(label="Space")
            form.get_by_label("What is given").fill("A room on Saturdays")
            form.get_by_label("What it is worth (dollars)").fill("50.50")
            form.get_by_label("From an asset of the map").select_option(
                label=["Union hall", "Library room"][n]
            )
            expect(form.get_by_label("From an asset of the map")).not_to_contain_text("Birch barn")
            form.get_by_role("button", name="Add the help").click()
            expect(
                facilitator.get_by_text("from Union hall" if n == 0 else "from Library room")
            ).to_be_visible()
    assert_accessible(facilitator)
    facilitator.goto(base + "build/")
    expect(facilitator.locator("#plan-money")).to_contain_text("$1,350")
    expect(facilitator.locator("#plan-money")).to_contain_text("$101")

    facilitator.get_by_role("link", name="Budget votes").click()
    vote, ballot_url = prepare_and_open_vote(
        facilitator, tenant, "Spring vote", "900", costs, "Method of Equal Shares"
    )

    # A resident on a phone, in Spanish, without JavaScript.
    resident = open_in_spanish_on_a_phone(new_page, ballot_url)
    participants = Participant.objects.count()
    resident.get_by_text("Ride share").click()
    resident.get_by_text("Interpreters at meetings").click()
    resident.get_by_role("button", name="Enviar mi papeleta").click()
    expect(resident.get_by_role("alert")).to_contain_text("más que el presupuesto")
    expect(resident.locator("#running-total")).to_contain_text(re.compile(r"\$1.?100"))
    assert Ballot.objects.count() == 0 and Participant.objects.count() == participants
    fits_phone(resident)
    resident.get_by_text("Interpreters at meetings").click()
    resident.get_by_role("button", name="Enviar mi papeleta").click()
    expect(resident.get_by_text("Su papeleta quedó guardada")).to_be_visible()
    assert Ballot.objects.count() == 1

    # Residents in English with JavaScript: the running total follows the boxes.
    for choice in (["Interpreters at meetings", "Saturday library"], ["Saturday library"]):
        neighbor = new_page(phone=True)
        neighbor.goto(ballot_url)
        for title in choice:
            neighbor.get_by_text(title).click()
        expect(neighbor.locator("#running-total")).to_contain_text(
            "$650" if len(choice) == 2 else "$250"
        )
        fits_phone(neighbor)
        neighbor.get_by_role("button", name="Send my ballot").click()
        expect(neighbor.get_by_text("Your ballot was saved")).to_be_visible()
    assert Ballot.objects.filter(vote=vote).count() == 3

    facilitator.goto(base + f"build/votes/{vote.pk}/")
    expect(facilitator.locator("#results")).to_contain_text("Equal shares")
    assert_accessible(facilitator)
    facilitator.get_by_role(
        "button", name=re.compile("Close the vote and fund the winners")
    ).click()
    expect(facilitator.get_by_text("activities are now funded by this vote")).to_be_visible()
    funded = set(Activity.objects.filter(funded_by_vote=vote).values_list("title", flat=True))
    assert funded  # the winners by equal shares
    assert funded <= set(costs)

    public = new_page(phone=True, javascript=False)
    public.goto(base + "money/")
    spanish(public)
    public.goto(base + "money/")
    fits_phone(public)
    assert_accessible(public)
    money = budget_selectors.plan_money(tenant.plan)
    cells = public.locator("#money-totals dd")
    expect(cells.nth(0)).to_have_attribute(
        "data-cents", f"{money.total.cost // 100}.{money.total.cost % 100:02d}"
    )
    expect(cells.nth(2)).to_have_attribute(
        "data-cents", f"{money.total.funded // 100}.{money.total.funded % 100:02d}"
    )
    for title in funded:
        expect(public.locator("#money-table tr").filter(has_text=title)).to_contain_text(
            "elegida por los residentes"
        )
    assert other.marker not in public.content()
    public.get_by_role("link", name="elegida por los residentes").first.click()
    expect(public.locator("#results")).to_be_visible()
    # Turnout by channel and by area: three ballots, every count too small to show.
    spanish(public)
    public.reload()
    expect(public.get_by_role("heading", name="Participación por zona")).to_be_visible()
    expect(public.locator("#turnout-areas li")).to_have_count(1)
    expect(public.locator("#turnout-areas")).to_contain_text("Zona no indicada: muy pocas")
    fits_phone(public)
    assert_accessible(public)


def test_a_steward_records_two_grants_and_sees_the_runway(new_page, world):  # type: ignore[no-untyped-def]
    tenant, other = world
    tenant.network.stewards.add(tenant.coordinator)
    page = new_page(javascript=False)
    sign_in(page, tenant.coordinator)
    page.goto(f"/networks/{tenant.network.slug}/funding/")
    form = page.locator("form").filter(has_text="Add a funder")
    form.get_by_label("Name").fill("County Health Fund")
    form.get_by_label("Kind").select_option(label="County agency")
    form.get_by_role("button", name="Save the funder").click()
    second = Activity.objects.get(plan=tenant.plan, title="Saturday library")
    for title, amount, ends, activities in (
        ("Rides pilot", "15000", "2027-12-31", ["Ride share", "Saturday library"]),
        ("Library for three years", "90000.50", "2029-12-31", ["Saturday library"]),
    ):
        form = page.locator("form").filter(has_text="Record a grant")
        form.get_by_label("Title").fill(title)
        form.get_by_label("Recipient").fill("Health co-op")
        form.get_by_label("Amount (dollars)").fill(amount)
        form.get_by_label("Award date").fill("2027-01-10")
        form.get_by_label("Starts").fill("2027-02-01")
        form.get_by_label("Ends").fill(ends)
        form.get_by_text(tenant.community.name, exact=True).click()
        for name in activities:
            form.get_by_text(re.compile("^" + re.escape(name))).click()
        form.get_by_role("button", name="Save the grant").click()
        expect(page.get_by_text("The grant was saved.")).to_be_visible()
    assert Grant.objects.filter(network=tenant.network).count() == 2
    runway = page.locator("ol[aria-labelledby=runway] > li")
    expect(runway).to_have_count(2)
    expect(runway.nth(0)).to_contain_text("Lose their funding then: Ride share")
    expect(runway.nth(0)).to_contain_text("Still funded by another grant: " + second.title)
    expect(runway.nth(1)).to_contain_text("Lose their funding then: Saturday library")
    assert_accessible(page)
    assert other.marker not in page.content()
    page.goto(f"/c/{tenant.community.slug}/funding/")
    page.get_by_role("button", name="Español").click()
    fits_phone(page)
    expect(page.get_by_role("heading", name="Financiamiento", exact=True)).to_be_visible()
    assert_accessible(page)


def test_residents_rank_activities_on_phones_without_javascript(new_page, world):  # type: ignore[no-untyped-def]
    tenant, other = world
    base = tenant.plan.get_absolute_url()
    costs = {"Ride share": 70_000, "Interpreters at meetings": 40_000, "Saturday library": 25_000}
    for title, cents in costs.items():
        activity = Activity.objects.get(plan=tenant.plan, title=title)
        budget_services.cost_line_add(
            actor=tenant.coordinator, activity=activity, category="staff", amount_cents=cents
        )
    facilitator = new_page(phone=True, javascript=False)
    sign_in(facilitator, tenant.coordinator)
    facilitator.goto(base + "build/votes/")
    vote, ballot_url = prepare_and_open_vote(
        facilitator, tenant, "Ranked vote", "700", costs, "Rank activities in order of preference"
    )
    assert vote.ranked and vote.rule == "ranked_greedy"

    # In Spanish, on a phone, without JavaScript: two activities at one place are refused
    # with nothing stored, the places chosen stay; then the ballot is saved.
    resident = open_in_spanish_on_a_phone(new_page, ballot_url)
    resident.get_by_label(re.compile("^Saturday library")).select_option("1")
    resident.get_by_label(re.compile("^Ride share")).select_option("1")
    resident.get_by_role("button", name="Enviar mi papeleta").click()
    expect(resident.get_by_role("alert")).to_contain_text("Dos actividades tienen el lugar 1")
    expect(resident.get_by_label(re.compile("^Saturday library"))).to_have_value("1")
    assert not Ballot.objects.exists()
    fits_phone(resident)
    resident.get_by_label(re.compile("^Ride share")).select_option("2")
    resident.get_by_role("button", name="Enviar mi papeleta").click()
    expect(resident.get_by_text("Su papeleta quedó guardada")).to_be_visible()
    expect(resident.get_by_label(re.compile("^Ride share"))).to_have_value("2")

    # In English with JavaScript, two neighbours rank the interpreters first.
    for _n in range(2):
        neighbor = new_page(phone=True)
        neighbor.goto(ballot_url)
        neighbor.get_by_label(re.compile("^Interpreters at meetings")).select_option("1")
        neighbor.get_by_label(re.compile("^Saturday library")).select_option("2")
        fits_phone(neighbor)
        neighbor.get_by_role("button", name="Send my ballot").click()
        expect(neighbor.get_by_text("Your ballot was saved")).to_be_visible()
    assert Ballot.objects.filter(vote=vote).count() == 3

    # Points: interpreters 2+2 = 4, library 2+1+1 = 4 (cheaper, first), ride 1. Budget 700:
    # library (250) and interpreters (400) fit, the ride share no longer does.
    facilitator.goto(base + f"build/votes/{vote.pk}/")
    results = facilitator.locator("#results")
    expect(results).to_contain_text("Borda points")
    expect(results.locator("tbody tr").first).to_contain_text("Saturday library")
    assert_accessible(facilitator)
    facilitator.get_by_role(
        "button", name=re.compile("Close the vote and fund the winners")
    ).click()
    expect(facilitator.get_by_text("activities are now funded by this vote")).to_be_visible()
    funded = set(Activity.objects.filter(funded_by_vote=vote).values_list("title", flat=True))
    assert funded == {"Saturday library", "Interpreters at meetings"}

    public = new_page(phone=True, javascript=False)
    public.goto(base + f"budget/{vote.pk}/results/")
    spanish(public)
    public.reload()
    expect(public.locator("#results")).to_contain_text("Puntos Borda")
    expect(public.locator("#results caption")).to_contain_text("muy pocas papeletas")
    assert other.marker not in public.content()
    fits_phone(public)
    assert_accessible(public)
