"""Field mode in Chromium with the network switched off (Playwright's offline mode): the
facilitator's capture mode survives closing the browser, a resident answers in Spanish on a
phone, a survey response waits for the connection, a refused submission comes back with the
server's message; the manifest is valid and the service worker controls the form pages."""

import contextlib
import json
import time

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import NetworkFactory, UserFactory
from groundwork.measures import services as survey_services
from groundwork.measures.models import Response
from groundwork.planning import services
from groundwork.planning.models import Contribution

from .conftest import CHROMIUM, assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# How many submissions the device's queue holds (IndexedDB, read directly).
QUEUE_SIZE = """async () => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open("groundwork-field");
    r.onsuccess = () => ok(r.result);
  });
  return await new Promise((ok) => {
    const r = db.transaction("queue").objectStore("queue").count();
    r.onsuccess = () => ok(r.result);
  });
}"""
# The answers waiting in the device's queue (each entry keeps the form's fields as pairs).
QUEUED_TEXTS = """async () => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open("groundwork-field");
    r.onsuccess = () => ok(r.result);
  });
  const all = await new Promise((ok) => {
    const r = db.transaction("queue").objectStore("queue").getAll();
    r.onsuccess = () => ok(r.result);
  });
  return all.flatMap((e) => e.fields.map((f) => f[1])).filter((v) => typeof v === "string");
}"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    other = Community.objects.create(name="Birch Town", slug="birch", kind="town")
    other.memberships.create(user=UserFactory(), role=Role.COORDINATOR)
    birch = services.process_create(
        actor=other.memberships.get().user, community=other, title="Birch", slug="birch"
    )
    services.contributions_submit(
        process=birch,
        participant=None,
        answers=[services.Answer("strengths", "Birch library")],
        language="en",
        channel="online",
        idempotency_key="birch",
    )
    return services.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )


def _controlled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the service worker controls the page, then load it again so that its copy
    is kept for offline use."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _waiting(page, count):  # type: ignore[no-untyped-def]
    if count:
        expect(page.locator("[data-field-count]")).to_contain_text(str(count))
    else:
        # The count is hidden both before the page has read the device's queue and once the
        # queue is empty, so it alone cannot tell "sent" from "not yet counted": wait for the
        # queue itself to empty (an answer leaves it only once the server has stored it).
        _queue_empty(page)
        expect(page.locator("[data-field-count]")).to_be_hidden(timeout=30_000)


def _queue_empty(page, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    # Polled from here: page.wait_for_function would take the queue's Promise itself as true.
    deadline = time.monotonic() + seconds
    while (left := page.evaluate(QUEUE_SIZE)) != 0:
        assert time.monotonic() < deadline, f"{left} still waiting on the device"
        page.wait_for_timeout(200)


def test_capture_offline_survives_closing_the_browser(browser, live_server, process, tmp_path):  # type: ignore[no-untyped-def]
    profile = tmp_path / "profile"

    @contextlib.contextmanager
    def open_browser():  # type: ignore[no-untyped-def]
        """The same profile each time; closed however the test ends (an open one would keep
        its IndexedDB and service worker running under the next tests)."""
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()

    capture = process.get_absolute_url() + "capture/"
    with open_browser() as context:
        page = context.new_page()
        sign_in(page, "carmen@example.org")
        page.goto(capture)
        _controlled(page)
        context.set_offline(True)
        page.goto(capture)  # opens from the device's copy
        expect(page.get_by_role("heading", level=1)).to_have_text("Type in answers")
        for n in range(30):
            page.get_by_label("Answers, one per line").fill(f"Answer {n} from the church basement")
            page.get_by_role("button", name="Save these answers").click()
            expect(page.locator(".gw-field-status")).to_be_visible()
            _waiting(page, n + 1)
        assert Contribution.objects.filter(process=process).count() == 0

    with open_browser() as context:  # the same profile: the queue is still there
        context.set_offline(True)
        page = context.new_page()
        page.goto(capture)
        # All 30 are on the device still, except any the browser's Background Sync already
        # sent (it follows the machine's real network, which Playwright's offline mode does not
        # cut). Read the device first, then the server: an answer gone from the device was
        # stored before it went, so none can fall between the two reads; one read from the
        # device may be stored by the time the server is read (the queue goes on sending), but
        # never stored twice. (The count on the page may already be hidden: when the browser
        # starts again, its Background Sync can send them all before this page opens.)
        everything = {f"Answer {n} from the church basement" for n in range(30)}
        queued = everything & set(page.evaluate(QUEUED_TEXTS))
        arrived = list(Contribution.objects.filter(process=process).values_list("text", flat=True))
        assert queued | set(arrived) == everything
        assert len(arrived) == len(set(arrived))
        context.set_offline(False)
        page.goto("/field/waiting/")
        _waiting(page, 0)
        stored = Contribution.objects.filter(process=process)
        assert stored.count() == 30
        assert len({c.text for c in stored}) == 30
        assert all(c.captured_at is not None and c.captured_device for c in stored)
        assert not any(c.late for c in stored)
        # Nothing of it stays on the device: the queue is empty.
        assert page.evaluate(QUEUE_SIZE) == 0


def test_resident_answers_offline_in_spanish_on_a_phone(new_page, process):  # type: ignore[no-untyped-def]
    page = new_page(phone=True)
    page.set_viewport_size({"width": 360, "height": 740})
    answer = process.get_absolute_url() + "answer/"
    page.goto(answer)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _controlled(page)
    page.context.set_offline(True)
    page.goto(answer)
    page.locator("textarea").first.fill("La biblioteca de Alder")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.locator(".gw-field-status")).to_contain_text("Está sin conexión")
    _waiting(page, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.goto("/field/waiting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Por enviar")
    expect(page.locator("#gw-field-list")).to_contain_text("La biblioteca de Alder")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.context.set_offline(False)
    page.get_by_role("button", name="Enviar ahora").click()
    _waiting(page, 0)
    page.reload()
    _waiting(page, 0)
    stored = Contribution.objects.filter(process=process)
    assert [(c.text, c.language) for c in stored] == [("La biblioteca de Alder", "es")]
    assert stored.get().participant is not None


def test_survey_response_offline_arrives_once(new_page):  # type: ignore[no-untyped-def]
    steward = UserFactory(email="lead@example.org")
    network = NetworkFactory(slug="rt", state="NC")
    network.stewards.add(steward)
    NetworkFactory(slug="other", state="SC")
    instrument = survey_services.instrument_create_from_template(actor=steward, network=network)
    survey_services.instrument_publish(actor=steward, instrument=instrument)

    page = new_page(phone=True)
    page.goto(f"/s/{instrument.slug}/")
    _controlled(page)
    page.context.set_offline(True)
    page.goto(f"/s/{instrument.slug}/")
    page.get_by_label("What is one thing that works well in your coalition?").fill("Trust")
    page.get_by_role("button", name="Send my answers").click()
    _waiting(page, 1)
    assert Response.objects.count() == 0
    page.context.set_offline(False)
    page.goto("/field/waiting/")
    _waiting(page, 0)
    page.goto("/field/waiting/")
    _waiting(page, 0)
    assert Response.objects.filter(instrument=instrument).count() == 1


def test_a_refused_submission_comes_back_with_the_message(browser, new_page, process):  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "carmen@example.org")
    capture = process.get_absolute_url() + "capture/"
    page.goto(capture)
    _controlled(page)
    page.context.set_offline(True)
    page.get_by_label("Answers, one per line").fill("x" * 2001)
    page.get_by_role("button", name="Save these answers").click()
    _waiting(page, 1)
    page.context.set_offline(False)
    page.goto("/field/waiting/")
    item = page.locator("#gw-field-list li")
    expect(item.get_by_role("alert")).to_contain_text("longer than 2000 characters")
    expect(item).to_contain_text("Not accepted")
    assert Contribution.objects.filter(process=process).count() == 0
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear this device").click()
    expect(page.locator("#gw-field-empty")).to_be_visible()
    _waiting(page, 0)


def test_manifest_is_valid_and_the_worker_controls_the_form_pages(new_page, process):  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "carmen@example.org")
    page.goto(process.get_absolute_url() + "answer/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    assert href == "/c/alder/manifest.webmanifest"
    response = page.request.get(href)
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert manifest["start_url"] == "/c/alder/"
    assert manifest["display"] == "standalone" and manifest["name"].startswith("Alder County")
    assert manifest["theme_color"] == page.locator('meta[name="theme-color"]').get_attribute(
        "content"
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        got = page.request.get(icon["src"])
        assert got.ok and got.headers["content-type"].startswith(icon["type"])
        if icon["type"] == "image/png":
            body = got.body()
            width = int.from_bytes(body[16:20], "big")
            assert f"{width}x{width}" == icon["sizes"]
    _controlled(page)
    for path in ("answer/", "capture/"):
        page.goto(process.get_absolute_url() + path)
        script = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        assert script.endswith("/sw.js")
        scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope.endswith("/")
