"""Every chart and map the project draws, rendered in Spanish from the demo, holds numbers a
browser can read: ``cx="184,4"`` or ``width="67,8"`` draws nothing.

The pages are fetched with the test client in Spanish; every element inside each <svg>, and
every <progress> and <meter>, is checked attribute by attribute.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from groundwork.accounts.models import User
from groundwork.communities.demo_network import NETWORK_SLUG, load_network_demo
from groundwork.core.demo import load_demo
from groundwork.deliberation.demo import load_deliberation_demo
from groundwork.deliberation.models import AnalysisRun
from groundwork.deliberation.tasks import conversation_analyze
from groundwork.landscape.demo import load_landscape_demo
from groundwork.measures.demo import DEMO_SLUG, load_survey_demo
from groundwork.measures.models import Instrument
from groundwork.planning.demo import load_planning_demo
from groundwork.planning.models import Process

pytestmark = pytest.mark.django_db

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
ONE = re.compile(rf"^{NUMBER}%?$")
SEPARATOR = r"(?:\s*,\s*|\s+)"
# A list of numbers separated by spaces and/or commas (viewBox, points, stroke-dasharray).
LIST = re.compile(rf"^\s*{NUMBER}(?:{SEPARATOR}{NUMBER})*\s*$")
# Path data: commands and C-syntax numbers only.
PATH = re.compile(rf"^(?:\s*[MmLlHhVvCcSsQqTtAaZz]|\s*,?\s*{NUMBER})*\s*$")
TRANSFORM = re.compile(r"(translate|scale|rotate|skewX|skewY|matrix)\(([^)]*)\)")
# How many numbers each transform takes: a decimal comma adds one ("translate(0 12,5)").
TRANSFORM_ARGS = {
    "translate": (1, 2),
    "scale": (1, 2),
    "rotate": (1, 3),
    "skewX": (1,),
    "skewY": (1,),
    "matrix": (6,),
}


def _numbers(text: str) -> list[str] | None:
    if not LIST.match(text):
        return None
    return [n for n in re.split(SEPARATOR, text.strip()) if n]


def _transform_ok(value: str) -> bool:
    if TRANSFORM.sub("", value).strip(" ,"):
        return False  # something other than transform functions
    for name, args in TRANSFORM.findall(value):
        numbers = _numbers(args)
        if numbers is None or len(numbers) not in TRANSFORM_ARGS[name]:
            return False
    return True


SINGLE = {
    "x",
    "y",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x1",
    "x2",
    "y1",
    "y2",
    "width",
    "height",
    "stroke-width",
    "font-size",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
    "offset",
    "dx",
    "dy",
}
LISTS = {"viewbox", "points", "stroke-dasharray"}
TRANSFORMS = {"transform", "patterntransform", "gradienttransform"}


class SvgNumbers(HTMLParser):
    """Collects (tag, attribute, value) for every numeric attribute in SVGs and in
    <progress>/<meter>, and counts the SVGs seen."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.svgs = 0
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.depth += 1
            self.svgs += 1
        if self.depth or tag in ("progress", "meter"):
            for name, value in attrs:
                self.values.append((tag, name, value or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.depth:
            self.depth -= 1


def bad_numbers(html: str) -> tuple[int, list[str]]:
    parser = SvgNumbers()
    parser.feed(html)
    bad = []
    for tag, name, value in parser.values:
        if tag in ("progress", "meter"):
            ok = name not in ("value", "min", "max", "low", "high", "optimum") or ONE.match(value)
        elif name in SINGLE:
            ok = ONE.match(value) is not None
        elif name == "viewbox":
            numbers = _numbers(value)
            ok = numbers is not None and len(numbers) == 4
        elif name == "points":
            numbers = _numbers(value)
            ok = numbers is not None and len(numbers) % 2 == 0
        elif name in LISTS:
            ok = LIST.match(value) is not None
        elif name == "d":
            ok = PATH.match(value) is not None
        elif name in TRANSFORMS:
            ok = _transform_ok(value)
        else:
            continue
        if not ok:
            bad.append(f'<{tag} {name}="{value[:60]}">')
    return parser.svgs, bad


def test_the_number_checks_refuse_decimal_commas() -> None:
    assert bad_numbers('<svg viewBox="0 0 400 28"><circle cx="184.4" cy="2" r="3"/></svg>') == (
        1,
        [],
    )
    svgs, bad = bad_numbers(
        '<svg viewBox="0 0 400,5 28"><circle cx="184,4" cy="2" r="3"/>'
        '<rect width="67,8"/><g transform="translate(0 12,5)"></g></svg>'
        '<progress max="100" value="12,5"></progress>'
    )
    assert svgs == 1 and len(bad) == 5, bad


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    """The demo with its opinion groups computed, a survey answered, a landscape report and
    a published plan with progress: two or more tenants of every kind."""
    load_demo()
    load_network_demo()
    load_planning_demo(participants_per_community=40)  # with Alder County's published plan
    load_deliberation_demo(voters=40)
    for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED):
        conversation_analyze.call(run_id=run.pk)
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).exists()
    load_survey_demo()
    load_landscape_demo()
    return User.objects.get(email="admin@example.org")


def chart_pages() -> list[str]:
    alder = Process.objects.get(community__slug="alder-county", slug="resilience-plan")
    survey = Instrument.objects.get(slug=DEMO_SLUG)
    kwargs = {"slug": "alder-county", "process_slug": alder.slug}
    return [
        reverse("deliberation:results", kwargs=kwargs),
        reverse("deliberation:report", kwargs=kwargs),
        reverse("landscape:catalog", kwargs={"network_slug": NETWORK_SLUG}),
        reverse("landscape:catalog", kwargs={"network_slug": NETWORK_SLUG}) + "?sector=faith",
        reverse("landscape:report", kwargs={"network_slug": NETWORK_SLUG}),
        reverse(
            "measures:network_results",
            kwargs={"network_slug": NETWORK_SLUG, "survey_slug": survey.slug},
        ),
        reverse("plans:plan", kwargs=kwargs),
        reverse("plans:timeline", kwargs=kwargs),
        reverse("planning:reach", kwargs=kwargs),
        reverse("communities:detail", kwargs={"slug": "alder-county"}),
    ]


def test_every_chart_and_map_has_c_syntax_numbers_in_spanish(client, demo):  # type: ignore[no-untyped-def]
    language = "es"
    client.force_login(demo)
    client.cookies["django_language"] = language
    seen = 0
    problems = {}
    for url in chart_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language
        svgs, bad = bad_numbers(response.content.decode())
        seen += svgs
        if bad:
            problems[url] = bad[:5]
    assert not problems, problems
    # The opinion map, the catalog's map and legend, the report's map, legend and six bar
    # charts, and the survey's charts were all drawn.
    assert seen >= 12
