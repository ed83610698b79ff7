"""Spanish never loses data and shows no English the project wrote itself.

On a 360 px phone, in Spanish and in English: the activity edit page saved unchanged keeps its
dates, and a progress update posted with the date the form offers is stored with that date.
Then the demo's main public pages, in Spanish, hold none of the English defaults.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from groundwork.communities.demo_network import NETWORK_SLUG, load_network_demo
from groundwork.communities.maturity import DEFAULT_STRATEGIES
from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.deliberation.demo import load_deliberation_demo
from groundwork.deliberation.models import AnalysisRun
from groundwork.deliberation.tasks import conversation_analyze
from groundwork.landscape.demo import load_landscape_demo
from groundwork.measures.demo import DEMO_SLUG, load_survey_demo
from groundwork.measures.models import Instrument
from groundwork.planning.demo import DEMO_TITLE, DEMO_TITLE_ES, load_planning_demo
from groundwork.planning.models import Process
from groundwork.plans.models import Activity, Plan, ProgressUpdate

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


def fits(page: Page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def phone_page(new_page, live_server, language: str, *, sign_in: str = "") -> Page:  # type: ignore[no-untyped-def]
    """A 360 px page in ``language`` (the language cookie wins over the profile's)."""
    page = new_page(phone=True)
    page.set_viewport_size(PHONE)
    if sign_in:
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(sign_in)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    return page


@pytest.fixture
def plan_demo():  # type: ignore[no-untyped-def]
    load_demo()
    load_planning_demo(participants_per_community=30)  # also builds Alder County's plan
    return Plan.objects.get(process__community__slug="alder-county")


@pytest.mark.parametrize("language", ["es", "en"])
def test_saving_unchanged_keeps_dates_and_a_progress_update_keeps_its_date(  # type: ignore[no-untyped-def]
    new_page, live_server, plan_demo, language
):
    activity = Activity.objects.filter(plan=plan_demo).order_by("pk").last()
    starts, ends = activity.starts_on, activity.ends_on
    assert starts and ends
    page = phone_page(new_page, live_server, language, sign_in="coordinator@example.org")
    base = plan_demo.get_absolute_url() + f"build/activities/{activity.pk}/"

    page.goto(base)
    assert page.evaluate("() => document.documentElement.lang") == language
    expect(page.locator("#id_starts_on")).to_have_value(starts.isoformat())
    expect(page.locator("#id_ends_on")).to_have_value(ends.isoformat())
    fits(page)
    assert_accessible(page)
    page.locator("form:has(#id_starts_on) button[type=submit]").first.click()
    page.wait_for_url(lambda url: not url.endswith(base))  # saved: back to the builder
    activity.refresh_from_db()
    assert (activity.starts_on, activity.ends_on) == (starts, ends)

    page.goto(base + "progress/")
    today = timezone.localdate()
    expect(page.locator("#id_on_date")).to_have_value(today.isoformat())
    fits(page)
    assert_accessible(page)
    before = ProgressUpdate.objects.filter(activity=activity).count()
    page.locator("#id_progress").fill("35")
    page.locator("#id_status").select_option("under_way")
    page.locator("#id_note").fill("Rides on Saturdays too")
    page.locator("form:has(#id_on_date) button[type=submit]").first.click()
    page.wait_for_url(lambda url: not url.endswith(base + "progress/"))
    updates = ProgressUpdate.objects.filter(activity=activity).order_by("-pk")
    assert updates.count() == before + 1, "the browser refused to send the form"
    assert (updates[0].on_date, updates[0].progress) == (today, 35)

    # A date typed in the browser's own date field is stored as that day.
    page.goto(base)
    page.locator("#id_ends_on").fill((ends + timedelta(days=3)).isoformat())
    page.locator("form:has(#id_starts_on) button[type=submit]").first.click()
    page.wait_for_url(lambda url: not url.endswith(base))
    activity.refresh_from_db()
    assert (activity.starts_on, activity.ends_on) == (starts, ends + timedelta(days=3))


ENGLISH_DEFAULTS = [
    *(en for _key, en, _es in DEFAULT_STRATEGIES),
    "coalitions match",
    "coalition matches",
    "coalitions with a public profile",
    DEMO_TITLE,
]


@pytest.fixture
def full_demo():  # type: ignore[no-untyped-def]
    load_demo()
    load_network_demo()
    load_planning_demo(participants_per_community=30)
    load_deliberation_demo(voters=30)
    for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED):
        conversation_analyze.call(run_id=run.pk)
    load_survey_demo()
    load_landscape_demo()


def test_spanish_demo_pages_hold_no_english_defaults(new_page, live_server, full_demo):  # type: ignore[no-untyped-def]
    alder = Process.objects.get(community__slug="alder-county", slug="resilience-plan")
    process = alder.get_absolute_url()
    survey = Instrument.objects.get(slug=DEMO_SLUG)
    network = f"/networks/{NETWORK_SLUG}/"
    pages = [
        "/",
        network,
        network + "catalog/",
        network + "catalog/?sector=faith",
        network + "landscape/",
        "/c/alder-county/",
        "/c/riverside-heights/",
        "/c/alder-county/processes/",
        process,
        process + "answer/",
        process + "results/",
        process + "plan/",
        process + "plan/progress/",
        f"/s/{survey.slug}/",
    ]
    page = phone_page(new_page, live_server, "es", sign_in="admin@example.org")
    found = {}
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.evaluate("() => document.documentElement.lang") == "es", url
        text = page.locator("body").inner_text()
        english = [phrase for phrase in ENGLISH_DEFAULTS if phrase in text]
        if english:
            found[url] = english
    assert not found, found
    # What the project wrote appears in Spanish instead.
    page.goto(network + "landscape/")
    body = page.locator("body").inner_text()
    assert "coaliciones con perfil público" in body
    assert DEFAULT_STRATEGIES[0][2] in body
    page.goto(network + "catalog/")
    assert "coaliciones coinciden" in page.locator("body").inner_text()
    page.goto(process)
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_TITLE_ES)
