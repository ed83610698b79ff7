"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(django_db_setup) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """pytest-django's live server, started once the test database exists. The server decides
    when it starts whether its threads share the test's connection (only for a database in
    memory, which no other connection could see): started before, it would share one even
    when the tests' database is a file (SQLITE_TEST_NAME), and its request threads would then
    close that one connection under each other."""
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # itself (fixtures, assertions) are synchronous and safe here. Set only while the browser
    # runs, so that it never leaks into other tests or the processes they start.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    monkeypatch.undo()


@pytest.fixture
def new_page(browser, live_server):  # type: ignore[no-untyped-def]
    """Pages in fresh browser contexts (separate cookies), phone-sized unless asked otherwise."""
    contexts = []

    def make(*, phone: bool = False, javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 375, "height": 740} if phone else {"width": 1280, "height": 900},
            java_script_enabled=javascript,
            bypass_csp=True,  # lets axe-core be injected; the app's own scripts obey the CSP
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _axe_page(page: Page) -> tuple[Page, BrowserContext | None]:
    """axe-core is a script: on a page whose context has JavaScript off, check a copy of the
    same document (same URL, same HTML) in a context with JavaScript on."""
    page.add_script_tag(path=str(AXE))
    if page.evaluate("() => typeof axe") != "undefined":
        return page, None
    html = page.content()
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(bypass_csp=True, viewport=page.viewport_size)
    copy = context.new_page()
    copy.goto(page.url)  # the same origin, so styles and relative links resolve alike
    copy.set_content(html)
    copy.add_script_tag(path=str(AXE))
    return copy, context


def assert_accessible(page: Page) -> None:
    """axe-core (from npm) finds no WCAG A/AA violations on the page as it is now."""
    checked, context = _axe_page(page)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    try:
        result = checked.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
        )
    finally:
        if context is not None:
            context.close()
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)
