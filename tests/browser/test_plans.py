"""The plan, end to end, on the demo: a facilitator builds three goals (the first from a
theme) and eight activities from the evidence (picking with checkboxes, JavaScript off),
residents endorse the draft on a phone, the plan is published, two progress updates are
posted, and the public page, the PDF and the roll-up show them."""

import io
import re

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from groundwork.communities.models import Role
from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.planning.demo import load_planning_demo
from groundwork.planning.models import Process
from groundwork.plans.models import Activity, Endorsement, Plan, PlanVersion
from groundwork.themes.models import Theme

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = ["Everyone gets to care", "Youth have a place", "Ready for floods"]


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    """The demo's Cedar Creek process: its residents' answers and themes, no plan yet."""
    load_demo()
    load_planning_demo()
    process = Process.objects.get(community__slug="cedar-creek", slug="resilience-plan")
    assert not Plan.objects.filter(process=process).exists()
    return process


def demo_sign_in(page, email):  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_build_endorse_publish_and_track_a_plan(new_page, process, tmp_path):  # type: ignore[no-untyped-def]
    base = process.get_absolute_url() + "plan/"
    page = new_page(javascript=False)
    demo_sign_in(page, "cedar@example.org")
    # The first goal comes from the largest theme of the problems residents named.
    theme = (
        Theme.objects.filter(question__process=process, question__key="problems", parent=None)
        .order_by("-size", "id")
        .first()
    )
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name="Themes: find, name, merge and split them").click()
    page.get_by_role("link", name=theme.label, exact=True).click()
    page.get_by_role("link", name="Make it a plan goal").click()
    page.get_by_role("button", name="Start the draft plan").click()
    expect(page.get_by_label("Goal")).to_have_value(theme.label)
    page.get_by_label("Goal").fill(GOALS[0])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"From the theme “{theme.label}”")).to_be_visible()
    for title in GOALS[1:]:
        page.get_by_role("link", name="Add a goal", exact=True).click()
        page.get_by_label("Goal").fill(title)
        page.get_by_role("button", name="Save").click()
    for n in range(8):
        page.get_by_role("link", name="Add an activity", exact=True).click()
        page.get_by_label("Goal").select_option(label=GOALS[n % 3])
        page.get_by_label("Activity", exact=True).fill(f"Activity number {n + 1}")
        if n != 7:
            page.get_by_label("Lead person").fill("Ana")
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("It has no lead.")).to_have_count(1)
    assert_accessible(page)
    # Pick evidence with checkboxes into each activity except the last.
    for n in range(7):
        title = f"Activity number {n + 1}"
        for legend, button in [
            ("Strengths it builds on", "Link strengths"),
            ("Barriers it addresses", "Link barriers"),
            ("Consensus statements and problems behind it", "Link evidence"),
        ]:
            # Without JavaScript, each kind of evidence is a page of its own; linking goes
            # back to the builder.
            page.get_by_role("link", name=re.compile(f"^Show what to pick from.*{legend}$")).click()
            form = page.locator("form").filter(has=page.get_by_text(legend, exact=True))
            form.locator("label.usa-checkbox__label").first.click()
            form.get_by_label("Add to activity").select_option(label=title)
            if n == 0 and legend.startswith("Barriers"):
                assert_accessible(page)
            form.get_by_role("button", name=button).click()
            expect(page.locator(f"article:has-text('{title}')")).to_be_visible()
    assert (
        Activity.objects.filter(plan__process=process, links__isnull=False).distinct().count() == 7
    )
    page.goto(base + "build/coverage/")
    expect(page.get_by_role("heading", name="Top problems")).to_be_visible()
    page.goto(base + "build/")
    page.get_by_role("button", name="Open the draft for endorsement").click()

    resident = new_page(phone=True, javascript=False)
    resident.goto(base)
    resident.get_by_role("link", name="Read the draft and say what you think").first.click()
    assert_accessible(resident)
    resident.locator("label", has_text="I support this").first.click()
    resident.locator("label", has_text="I have concerns").nth(1).click()
    resident.get_by_role("button", name="Send my views").click()
    expect(resident.get_by_text("Your views on the draft plan were saved")).to_be_visible()
    assert Endorsement.objects.filter(activity__plan__process=process).count() == 2

    page.goto(base + "build/")
    page.get_by_label("What changed in this version").fill("First version")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_text("Version 1 of the plan is published.")).to_be_visible()
    assert PlanVersion.objects.get(plan__process=process).number == 1

    for n, (progress, note) in enumerate(
        [(40, "Forty rides given"), (60, "Teens came on Saturday")]
    ):
        activity = Activity.objects.get(title=f"Activity number {n + 1}")
        page.goto(base + f"build/activities/{activity.pk}/progress/")
        page.get_by_label("Progress (%)").fill(str(progress))
        page.get_by_label("Status").select_option(label="Under way")
        page.get_by_label("What happened").fill(note)
        page.get_by_role("button", name="Post the update").click()
        expect(page.get_by_text(note)).to_be_visible()
    expect(page.get_by_text("Overall progress: 12%")).to_be_visible()  # (40 + 60) / 8

    public = new_page(phone=True)
    public.goto(base)
    expect(public.get_by_role("heading", name="Goal 1: Everyone gets to care")).to_be_visible()
    expect(public.get_by_text("Progress: 40%")).to_be_visible()
    expect(public.get_by_text("Overall progress: 12%")).to_be_visible()
    activities = public.locator("article.gw-card")
    expect(activities).to_have_count(8)
    for n in range(7):
        card = activities.filter(has=public.get_by_role("heading", name=f"Activity number {n + 1}"))
        expect(card.locator("blockquote.gw-quote").first).to_be_visible()
    expect(
        public.get_by_text("No resident’s words are linked to this activity yet.")
    ).to_have_count(1)
    assert_accessible(public)
    public.get_by_role("button", name="Español").click()
    expect(public.locator("html")).to_have_attribute("lang", "es")

    response = public.request.get(base + "v/1/plan.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    first_quote = PlanVersion.objects.get(plan__process=process).snapshot["goals"][0]["activities"][
        0
    ]["quotes"][0]
    assert "Activity number 1" in text and "40%" in text
    assert first_quote["text"][:30] in " ".join(text.split())
    # Render every page to an image, as a reader sees it (PDFium, from PyPI), and check that
    # each page has ink on it.
    document = pdfium.PdfDocument(pdf)
    assert len(document) == len(PdfReader(io.BytesIO(pdf)).pages) >= 4
    for page in document:
        image = page.render(scale=0.5).to_pil().convert("L")
        darkest, _lightest = image.getextrema()
        assert darkest < 128, "a blank page"
    assert Plan.objects.get(process=process).endorsement_open is False


def test_follow_by_email_with_a_photo_update_and_stop_from_the_link(
    new_page, process, tmp_path, settings
):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone
    from PIL import Image

    from groundwork.plans import services as plan_services
    from groundwork.plans.tasks import plan_digest_send

    settings.MEDIA_ROOT = tmp_path
    coordinator = process.community.memberships.get(role=Role.COORDINATOR).user
    plan = plan_services.plan_create(actor=coordinator, process=process, title="Cedar plan")
    goal = plan_services.goal_save(actor=coordinator, plan=plan, title="Everyone gets to care")
    activity = plan_services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )
    plan_services.plan_publish(actor=coordinator, plan=plan)
    resident = new_page(phone=True)
    resident.goto(plan.get_absolute_url())
    resident.get_by_label("Your e-mail address").fill("ana@example.org")
    resident.get_by_role("button", name="Follow", exact=True).click()
    expect(resident.get_by_text("we sent a link to confirm")).to_be_visible()
    assert_accessible(resident)
    # Double opt-in: the address confirms from the link e-mailed to it.
    [confirmation] = mail.outbox
    body = confirmation.body.splitlines()
    link = next(line for line in body if "/plans/follow/confirm/" in line)
    resident.goto(link)
    resident.get_by_role("button", name="Yes, send me the news").click()
    expect(resident.get_by_text("Confirmed: you will get an e-mail")).to_be_visible()
    mail.outbox.clear()

    # The coordinator posts an update with a photo; the timeline shows it with the note as alt.
    photo = tmp_path / "ride.jpg"
    Image.new("RGB", (64, 48), "teal").save(photo, format="JPEG")
    page = new_page(javascript=False)
    demo_sign_in(page, "cedar@example.org")
    page.goto(plan.get_absolute_url() + f"build/activities/{activity.pk}/progress/")
    page.get_by_label("Progress (%)").fill("20")
    page.get_by_label("Status").select_option("under_way")
    page.get_by_label("What happened").fill("Volunteers gave the first rides")
    page.get_by_label("Photo (optional)").set_input_files(str(photo))
    page.get_by_role("button", name="Post the update").click()
    resident.goto(plan.get_absolute_url() + "progress/")
    expect(resident.get_by_role("img", name="Volunteers gave the first rides")).to_be_visible()
    assert resident.evaluate("document.querySelector('main img').naturalWidth") == 64
    assert_accessible(resident)

    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 1
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/plans/unfollow/" in line)
    resident.goto(link)
    resident.get_by_role("button", name="Stop the e-mails").click()
    expect(resident.get_by_text("you will get no more e-mails")).to_be_visible()
    assert_accessible(resident)
    assert not plan.follows.exists()


def test_drag_evidence_onto_an_activity(new_page, process):  # type: ignore[no-untyped-def]
    from groundwork.plans import services as plan_services
    from groundwork.plans.models import ActivityLink, LinkKind

    coordinator = process.community.memberships.get(role=Role.COORDINATOR).user
    plan = plan_services.plan_create(actor=coordinator, process=process, title="Cedar plan")
    goal = plan_services.goal_save(actor=coordinator, plan=plan, title="Everyone gets to care")
    for title in ("Ride share", "Clinic van"):
        plan_services.activity_save(
            actor=coordinator, plan=plan, goal=goal, title=title, lead_name="Ana"
        )
    van = Activity.objects.get(plan=plan, title="Clinic van")
    page = new_page()
    demo_sign_in(page, "cedar@example.org")
    page.goto(process.get_absolute_url() + "plan/build/")
    # The strengths to pick from are loaded in place (htmx) when asked for, and take the focus.
    page.get_by_role("link", name=re.compile("^Show what to pick from.*Strengths")).click()
    strengths = page.locator("form[data-pick='strength']")
    expect(page.locator("#panel-strengths")).to_be_focused()
    assert page.url.endswith("/plan/build/")
    item = strengths.locator(".usa-checkbox").first
    expect(item).to_have_attribute("draggable", "true")
    text = item.locator("label span").first.inner_text()
    # The drag, as the browser delivers it (a mouse drag across a long page would scroll
    # between pressing and moving, so the events are dispatched with one DataTransfer).
    target = page.locator(f"[data-drop-activity='{van.pk}']")
    transfer = page.evaluate_handle("() => new DataTransfer()")
    item.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.get_by_text("links added to “Clinic van”")).to_be_visible()
    links = ActivityLink.objects.filter(activity=van, kind=LinkKind.STRENGTH)
    assert sorted({link.contribution.text for link in links}) == [text]
    assert not ActivityLink.objects.filter(activity__title="Ride share").exists()
    assert_accessible(page)


def test_the_builder_and_its_evidence_panels_fit_a_phone_in_spanish(new_page, process, live_server):  # type: ignore[no-untyped-def]
    from groundwork.plans import services as plan_services

    coordinator = process.community.memberships.get(role=Role.COORDINATOR).user
    plan = plan_services.plan_create(actor=coordinator, process=process, title="Plan de Cedar")
    goal = plan_services.goal_save(actor=coordinator, plan=plan, title="Todos llegan a la clínica")
    plan_services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Viajes compartidos", lead_name="Ana"
    )
    for javascript in (True, False):
        page = new_page(phone=True, javascript=javascript)
        page.set_viewport_size({"width": 360, "height": 740})
        demo_sign_in(page, "cedar@example.org")
        page.context.add_cookies(
            [{"name": "django_language", "value": "es", "url": live_server.url}]
        )
        page.goto(process.get_absolute_url() + "plan/build/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        for legend in ("Aliados que suma", "Lo que falta"):
            if not javascript:
                page.goto(process.get_absolute_url() + "plan/build/")
            page.get_by_role("link", name=re.compile(f"^Mostrar .*{legend}$")).click()
        if javascript:  # both panels in place on the builder
            expect(page.locator("form[data-pick='ally']")).to_be_visible()
            expect(page.locator("#panel-gaps h3")).to_be_visible()
        else:  # the last one asked for, on a page of its own
            expect(page.get_by_role("link", name="Volver al editor del plan")).to_be_visible()
        for width in (320, 360):
            page.set_viewport_size({"width": width, "height": 740})
            scroll, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= inner, f"{scroll} > {inner} at {width} px"
        assert_accessible(page)
