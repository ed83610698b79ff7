"""No page scrolls sideways on a small phone: every page of the URL conf, filled from the demo
(`manage.py load_demo`) plus one very long unbroken answer, at 320 and 360 px wide, in English
and in Spanish, signed in as the demo coordinator (who sees the facilitators' pages) and, for
the public pages, signed out. Also: no radio button or checkbox shows two circles or boxes
(the USWDS markup hides the browser's own control and draws one with the label)."""

import io

import pytest
from anymail import urls as anymail_urls
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from groundwork.accounts.models import User
from groundwork.communities.models import (
    Community,
    CountyGoal,
    Invitation,
    Membership,
    NetworkGoal,
    Role,
    Strategy,
)
from groundwork.deliberation.models import Statement
from groundwork.directory.models import Asset, Service
from groundwork.measures.models import (
    Indicator,
    Instrument,
    Item,
    PerformanceMeasure,
    Result,
    Section,
)
from groundwork.measures.urls import _PAGES
from groundwork.planning.guides import SHIPPED_GUIDES
from groundwork.planning.models import Contribution, Gathering, Guide, Process
from groundwork.plans.models import Activity, Follow, Goal, PlanVersion, ProgressUpdate
from groundwork.referrals.models import NeedCategory
from groundwork.themes.models import Theme

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = "Necesitamosunpuentenuevo" * 13  # 312 characters, no space to break at
COORDINATOR = "coordinator@example.org"

# Names in the URL conf that are not pages a person opens (downloads, feeds, form targets
# that only accept POST), or not Groundwork's own pages. Any other name must be checked.
NOT_PAGES = {
    "core:healthz": "JSON for monitoring",
    "core:readyz": "JSON for monitoring",
    "core:metrics": "Prometheus text for monitoring",
    "core:set_language": "POST only",
    "accounts:logout": "POST only",
    "api_tokens:revoke": "POST only",
    "webhooks:change": "POST only",
    "webhooks:replay": "POST only",
    "webhooks:network_change": "POST only",
    "webhooks:network_replay": "POST only",
    "communities:network_strategies_move": "POST only",
    "communities:network_goals_move": "POST only",
    "communities:member_remove": "POST only",
    "communities:member_role": "POST only",
    "communities:invitation_revoke": "POST only",
    "communities:profile_confirm": "POST only",
    "communities:network_new": "site staff only; test_network_setup.py",
    "communities:join_request_withdraw": "POST only",
    "communities:join_request_decide": "POST only",
    "communities:region_delete": "POST only",
    "planning:contributions_csv": "download",
    "planning:contributions_json": "download",
    "planning:moderate": "POST only",
    "planning:paper_form": "PDF",
    "planning:paper_photo": "image",
    "field:service_worker": "service worker script",
    "field:manifest": "web app manifest (JSON)",
    "field:community_manifest": "web app manifest (JSON)",
    "field:token": "JSON for the offline queue",
    "deliberation:vote_ahead": "JSON for voting offline",
    "measures:network_late_decide": "POST only",
    "measures:community_late_decide": "POST only",
    "planning:shipped_guide_pdf": "PDF",
    "planning:guide_pdf": "PDF",
    "planning:guide_copy": "POST only",
    "deliberation:statement_new": "POST only",
    "deliberation:statement_moderate": "POST only",
    "deliberation:statement_translate": "POST only",
    "deliberation:queue_decide": "POST only",
    "deliberation:queue_bulk": "POST only",
    "deliberation:statement_from_contribution": "POST only",
    "deliberation:analyze": "POST only",
    "deliberation:export": "download",
    "deliberation:report_pdf": "PDF",
    "themes:export_csv": "download",
    "themes:run": "POST only",
    "themes:rename": "POST only",
    "themes:merge": "POST only",
    "themes:split": "POST only",
    "themes:move": "POST only",
    "themes:pin": "POST only",
    "plans:version_pdf": "PDF",
    "plans:feed": "Atom feed",
    "plans:update_photo": "image",
    "plans:follow": "POST only",
    "plans:unlink": "POST only",
    "plans:goal_move": "POST only",
    "plans:activity_move": "POST only",
    "plans:link": "POST only",
    "plans:endorsement": "POST only",
    "plans:publish": "POST only",
    "funding:export_json": "download",
    "funding:export_csv": "download",
    "measures:network_publish": "POST only",
    "measures:network_close": "POST only",
    "measures:network_section_move": "POST only",
    "measures:network_section_delete": "POST only",
    "measures:network_item_move": "POST only",
    "measures:network_item_delete": "POST only",
    "measures:network_links_revoke": "POST only",
    "measures:network_export": "download",
    "measures:community_publish": "POST only",
    "measures:community_close": "POST only",
    "measures:community_section_move": "POST only",
    "measures:community_section_delete": "POST only",
    "measures:community_item_move": "POST only",
    "measures:community_item_delete": "POST only",
    "measures:community_links_revoke": "POST only",
    "measures:community_export": "download",
    "measures:community_scorecard_csv": "download",
    "measures:network_scorecard_csv": "download",
    "measures:community_scorecard_pdf": "PDF",
    "measures:network_scorecard_pdf": "PDF",
    "landscape:catalog_csv": "download",
    "landscape:report_pdf": "PDF",
    "landscape:report_generate": "POST only",
    # Referral pages need a partner organization's referrals role (the demo coordinator has
    # none, and sees the figures only) or the person's own signed link: test_referrals.py
    # opens each of them in Spanish at 320 and 360 px with axe-core.
    "referrals:inbox": "referrals role; test_referrals.py",
    "referrals:new": "referrals role; test_referrals.py",
    "referrals:detail": "referrals role; test_referrals.py",
    "referrals:access_log": "referrals administrator; test_referrals.py",
    "referrals:team": "referrals administrator; test_referrals.py",
    "referrals:export": "download",
    "referrals:person": "the person's signed link; test_referrals.py",
    "referrals:report_csv": "download",
    "referrals:transition": "POST only",
    "referrals:message": "POST only",
    "referrals:revoke": "POST only",
    "referrals:person_confirm": "POST only",
    "referrals:person_revoke": "POST only",
    "referrals:need_change": "POST only",
    "assets:verify": "POST only",
    "directory:handout": "PDF",
    "directory:map_data": "GeoJSON",
    "directory:network_map_data": "GeoJSON",
    "directory:network_manage": "POST only",
    "directory_edit:organization_confirm": "POST only",
    "directory_edit:service_confirm": "POST only",
    "directory_edit:export": "download",
    "library:practice_publish": "POST only",
    "library:attachment": "download",
    "library:practice_comment": "POST only",
    "library:practice_follow": "POST only",
    "library:request_triage": "POST only",
    "library:introduction_agree": "POST only",
    "library:request_comment": "POST only",
    "newsletters:community_issue_test": "POST only",
    "newsletters:network_issue_test": "POST only",
    "newsletters:community_issue_schedule": "POST only",
    "newsletters:network_issue_schedule": "POST only",
    "gatherings:community_feed": "iCalendar",
    "gatherings:network_feed": "iCalendar",
    "gatherings:community_series_feed": "iCalendar",
    "gatherings:network_series_feed": "iCalendar",
    "gatherings:community_calendar": "iCalendar",
    "gatherings:network_calendar": "iCalendar",
    "gatherings:community_csv": "download",
    "gatherings:network_csv": "download",
    "gatherings:community_cancel": "POST only",
    "gatherings:community_photo": "image",
    "gatherings:network_photo": "image",
    "gatherings:community_photo_remove": "POST only",
    "gatherings:network_photo_remove": "POST only",
    "gatherings:network_cancel": "POST only",
    **{
        f"boards:{owner}_{name}": "POST only"
        for owner in ("community", "network")
        for name in ("seat_delete", "seat_vacate", "meeting_link", "meeting_unlink")
    },
}
# The mail providers' delivery webhooks (django-anymail): POST only, from the provider.
NOT_PAGES.update(
    {
        f"anymail:{pattern.name}": "a mail provider's webhook, POST only"
        for pattern in anymail_urls.urlpatterns
        if getattr(pattern, "name", None)
    }
)
# Pages seen signed out too: what residents see differs from what facilitators see.
PUBLIC = [
    "core:home",
    "gatherings:community_list",
    "gatherings:network_list",
    "gatherings:process_list",
    "gatherings:community_detail",
    "gatherings:network_detail",
    "gatherings:network_series",
    "gatherings:registration",
    "communities:list",
    "communities:detail",
    "communities:network_detail",
    "planning:process",
    "planning:answer",
    "planning:contributions",
    "planning:reach",
    "deliberation:vote",
    "deliberation:results",
    "deliberation:report",
    "themes:list",
    "plans:plan",
    "plans:endorse",
    "plans:timeline",
    "plans:money",
    "plans:ballot",
    "plans:vote_results",
    "measures:respond",
    "measures:community_result_list",
    "measures:community_indicator",
    "measures:network_result_list",
    "measures:network_indicator",
    "measures:community_scorecard",
    "measures:network_scorecard",
    "landscape:report",
    "landscape:catalog",
    "assets:list",
    "assets:detail",
    "directory:search",
    "directory:service",
    "directory:network",
    "directory:map",
    "directory:network_map",
    "directory:service (network)",
    "accounts:login",
    "accounts:signup",
    "directory_edit:confirm",
    "library:search",
    "library:practice",
    "boards:community_list",
    "boards:community_detail",
    "boards:community_composition",
    "boards:network_list",
    "boards:network_detail",
    "boards:network_composition",
    "newsletters:community_list",
    "newsletters:network_list",
    "newsletters:community_issue",
    "newsletters:network_issue",
    "newsletters:confirm",
    "newsletters:preferences",
    "newsletters:unsubscribe",
    "measures:opt_out",
]


def _names() -> list[tuple[str, list[str]]]:
    """Every named route of Groundwork's own apps: (namespace:name, its parameters)."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns, namespace):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("admin", "api"):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


def _demo_urls() -> dict[str, str]:
    """A URL for every page, with the demo's objects in its parameters."""
    community = Community.objects.get(slug="alder-county")
    process = Process.objects.get(community=community, slug="resilience-plan")
    network = community.network
    coordinator = User.objects.get(email=COORDINATOR)
    plan = process.plan
    survey = Instrument.objects.filter(network=network).order_by("pk").first()
    community_survey = Instrument.objects.filter(community=community).order_by("pk").first()
    measures_pages = [(name, route, view) for route, view, name in _PAGES]
    shipped = next(iter(SHIPPED_GUIDES.values()))
    guide = Guide.objects.filter(community=community).order_by("pk").first()
    goal = Goal.objects.filter(plan=plan).order_by("pk").first()
    activity = Activity.objects.filter(plan=plan).order_by("pk").first()
    statement = Statement.objects.filter(conversation__process=process).order_by("pk").first()
    contribution = Contribution.objects.filter(process=process).order_by("pk").first()
    base = {
        "slug": community.slug,
        "process_slug": process.slug,
        "network_slug": network.slug,
    }
    ids: dict[str, dict[str, object]] = {
        "communities:network_strategies_edit": {
            "item_id": Strategy.objects.filter(network=network).order_by("pk").first().pk
        },
        "communities:network_strategies_delete": {
            "item_id": Strategy.objects.filter(network=network).order_by("pk").first().pk
        },
        "accounts:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(coordinator.pk)),
            "token": default_token_generator.make_token(coordinator),
        },
        "accounts:activate": _activation_kwargs(),
        "communities:invitation_accept": {"token": _invitation_token(community, coordinator)},
        "planning:gathering_edit": {
            "gathering_id": Gathering.objects.filter(process=process).order_by("pk").first().pk
        },
        **_gathering_ids(community, network),
        "deliberation:statement_moderate": {"statement_id": statement.pk},
        "deliberation:statement_from_contribution": {"contribution_id": contribution.pk},
        "plans:version": {
            "number": PlanVersion.objects.filter(plan=plan).order_by("number").first().number
        },
        "plans:goal_edit": {"goal_id": goal.pk},
        "plans:goal_delete": {"item_id": goal.pk},
        "plans:activity_edit": {"activity_id": activity.pk},
        "plans:progress": {"activity_id": activity.pk},
        "plans:activity_delete": {"item_id": activity.pk},
        "plans:activity_budget": {"activity_id": activity.pk},
        "plans:builder_evidence": {"panel": "strengths"},
        "plans:ballot": {"vote_id": _vote(plan, "open")},
        "plans:vote_manage": {"vote_id": _vote(plan, "open")},
        "plans:vote_results": {"vote_id": _vote(plan, "closed")},
        "plans:unfollow": {"token": _follow(plan).unsubscribe_token},
        "plans:follow_confirm": {"token": _follow(plan).confirm_token},
        "themes:detail": {
            "theme_id": Theme.objects.filter(question__process=process).order_by("pk").first().pk
        },
        "directory:service": {
            "service_id": Service.objects.filter(community=community).order_by("pk").first().hsds_id
        },
        "deliberation:seed_theme": {
            "theme_id": Theme.objects.filter(process=process, parent=None).order_by("pk").first().pk
        },
    }
    # The asset map: the first asset with a residents' answer behind it when there is one.
    asset = (
        Asset.objects.filter(community=community).shown().order_by("-contributions", "pk").first()
    )
    for name in ("assets:detail", "assets:edit", "assets:delete"):
        ids[name] = {"pk": asset.pk}
    ids.update(_directory_ids(community))
    need = NeedCategory.objects.filter(network=network).order_by("pk").first()
    ids["referrals:need_edit"] = {"category_id": need.pk}
    network_goal = NetworkGoal.objects.filter(network=network).order_by("pk").first()
    if network_goal is not None:
        ids["communities:network_goals_edit"] = {"item_id": network_goal.pk}
        ids["communities:network_goals_delete"] = {"item_id": network_goal.pk}
    county_goal = CountyGoal.objects.filter(community=community).order_by("pk").first()
    if county_goal is not None:
        ids["communities:county_goal_edit"] = {"goal_id": county_goal.pk}
        ids["communities:county_goal_delete"] = {"goal_id": county_goal.pk}
    for name in ("shipped_guide", "shipped_guide_print"):
        ids[f"planning:{name}"] = {"guide_slug": shipped.slug}
    if guide is not None:
        for name in ("guide", "guide_print", "guide_edit", "guide_section_add"):
            ids[f"planning:{name}"] = {"guide_slug": guide.slug}
        section = guide.sections.order_by("pk").first()
        if section is not None:
            for name in ("guide_section_edit", "guide_section_delete"):
                ids[f"planning:{name}"] = {"guide_slug": guide.slug, "section_id": section.pk}
    for kind, instrument in (("network", survey), ("community", community_survey)):
        section = Section.objects.filter(instrument=instrument).order_by("pk").first()
        item = Item.objects.filter(section__instrument=instrument).order_by("pk").first()
        for name, route, _view in measures_pages:
            kwargs: dict[str, object] = {"survey_slug": instrument.slug}
            if "<int:section_id>" in route:
                kwargs["section_id"] = section.pk
            if "<int:item_id>" in route:
                kwargs["item_id"] = item.pk
            ids[f"measures:{kind}_{name}"] = kwargs
    ids["measures:respond"] = ids["measures:thanks"] = {"survey_slug": survey.slug}
    ids.update(_wave_ids(community, network, coordinator))
    ids.update(_result_ids(community, network))
    ids.update(_library_ids(community, coordinator))
    ids.update(_newsletter_ids(community, network))
    ids.update(_invitation_ids(community_survey))
    ids.update(_board_ids(community, network, coordinator))
    ids.update(_region_ids(community, network, coordinator))
    _join_request(network)
    membership = Membership.objects.filter(community=community).exclude(user=coordinator).first()
    assert membership is not None

    urls: dict[str, str] = {}
    for name, params in _names():
        if name in NOT_PAGES:
            continue
        kwargs = {p: base[p] for p in params if p in base}
        kwargs.update(ids.get(name, {}))
        if set(kwargs) != set(params):
            continue  # reported as not checked below
        urls[name] = reverse(name, kwargs={p: kwargs[p] for p in params})
    # Promoting answers opens on the answers picked.
    for name, key in (("assets:promote_strength", "strengths"), ("assets:promote_ally", "allies")):
        answer = (
            Contribution.objects.filter(process=process, question__key=key).order_by("pk").first()
        )
        urls[name] += f"?answer={answer.pk}"
    # The network's own entries (the demo's statewide help line): its service page and the
    # stewards' pages that keep them (the demo coordinator is one of the network's stewards).
    own = Community.objects.get(directory_of=network)
    line = Service.objects.filter(community=own).order_by("pk").first()
    for name, args in (
        ("directory:service", [own.slug, line.hsds_id]),
        ("directory_edit:manage", [own.slug]),
        ("directory_edit:service_edit", [own.slug, line.hsds_id]),
        ("directory_edit:organization_add", [own.slug]),
        ("directory_edit:import", [own.slug]),
    ):
        urls[f"{name} (network)"] = reverse(name, args=args)
    return urls


def _wave_ids(community, network, coordinator) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """A shipped instrument copied into the community and into the network, published, run
    again as a second wave and answered: the comparison pages of the second waves."""
    from groundwork.measures.actions.instruments import instrument_create_from_shipped
    from groundwork.measures.actions.waves import wave_create
    from groundwork.measures.services import instrument_publish
    from groundwork.measures.wave_data import fill_wave

    found: dict[str, dict[str, object]] = {}
    for kind, key, owner in (
        ("community", "community-resilience", {"community": community}),
        ("network", "trauma-informed-organization", {"network": network}),
    ):
        first = instrument_create_from_shipped(actor=coordinator, key=key, **owner)
        instrument_publish(actor=coordinator, instrument=first)
        second = wave_create(actor=coordinator, instrument=first)
        fill_wave(first, count=30, centre=2.8, seed=1)
        fill_wave(second, count=8 if kind == "network" else 30, centre=3.4, seed=2)
        for name in ("waves", "wave_compare", "wave_to_indicator"):
            found[f"measures:{kind}_{name}"] = {"survey_slug": second.slug}
    return found


def _library_ids(community, coordinator) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The library: the community's adapted guide published as a practice, with a long
    comment, and a request for mentoring."""
    from groundwork.library.actions import discussion, help, practices
    from groundwork.library.models import HelpRequest, Practice

    practice = Practice.objects.filter(community=community).order_by("pk").first()
    if practice is None:
        guide = Guide.objects.filter(community=community).order_by("pk").first()
        practice = practices.publish_guide(actor=coordinator, guide=guide)
        discussion.comment_add(actor=coordinator, practice=practice, body=f"{LONG_WORD} ok")
    request = HelpRequest.objects.filter(community=community).order_by("pk").first()
    if request is None:
        request = help.request_create(
            actor=coordinator,
            community=community,
            kind="mentoring",
            topic=f"Youth council {LONG_WORD[:150]}",
            focus_area="youth",
        )
    comment = practice.comments.order_by("pk").first()
    ids: dict[str, dict[str, object]] = {
        name: {"pk": practice.pk}
        for name in ("library:practice", "library:practice_edit", "library:attachment_add")
    }
    ids["library:adopt"] = {"pk": practice.pk}
    ids["library:comment_hide"] = {"comment_id": comment.pk}
    ids["library:request"] = {"pk": request.pk}
    return ids


def _board_ids(community, network, coordinator) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The demo's statewide advisory council, and a committee of the community with a long
    name, seat title and member's name (the longest the fields take) and a vacant seat."""
    from groundwork.boards import services as boards
    from groundwork.boards.models import Board

    council = Board.objects.get(network=network)
    committee = Board.objects.filter(community=community).first()
    if committee is None:
        committee = boards.board_save(
            actor=coordinator, owner=community, name=f"Housing {LONG_WORD[:190]}", kind="committee"
        )
        held = boards.seat_save(
            actor=coordinator, board=committee, title=f"Tenant {LONG_WORD[:190]}", sector="faith"
        )
        boards.seat_fill(
            actor=coordinator, seat=held, name=LONG_WORD[:190], listed_publicly=True, consent=True
        )
        landlord = boards.seat_save(
            actor=coordinator, board=committee, title="Landlord", sector="business"
        )
        # Someone held it before: the seat's history, with a long name.
        boards.seat_fill(
            actor=coordinator,
            seat=landlord,
            name=LONG_WORD[:190],
            listed_publicly=True,
            consent=True,
        )
        boards.seat_vacate(actor=coordinator, seat=landlord)
    ids: dict[str, dict[str, object]] = {}
    for owner, board in (("community", committee), ("network", council)):
        vacant = board.seats.filter(member__isnull=True).order_by("pk").first()
        for name in ("detail", "edit", "composition", "seat_new"):
            ids[f"boards:{owner}_{name}"] = {"pk": board.pk}
        for name in ("seat_edit", "seat_fill"):
            ids[f"boards:{owner}_{name}"] = {"pk": board.pk, "seat_id": vacant.pk}
    return ids


def _region_ids(community, network, coordinator) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """A regional hub of the demo network with a long name, holding the demo community, with
    the coordinator (one of the network's stewards) as its steward."""
    from groundwork.communities import regions
    from groundwork.communities.models import Region

    region = Region.objects.filter(network=network).order_by("pk").first()
    if region is None:
        region = regions.region_create(
            actor=coordinator,
            network=network,
            name=f"Mountains {LONG_WORD[:180]}",
            name_es=f"Montañas {LONG_WORD[:180]}",
            description=f"{LONG_WORD} Guidance close to home.",
            slug="mountains",
        )
        regions.region_set_coalitions(actor=coordinator, region=region, communities=[community])
        regions.region_set_stewards(actor=coordinator, region=region, emails=[coordinator.email])
    return {
        name: {"region_slug": region.slug}
        for name in ("communities:region_detail", "communities:region_edit")
    }


def _join_request(network) -> None:  # type: ignore[no-untyped-def]
    """A coalition in no network asks to join the demo's, with a long message, for the
    stewards' page of requests."""
    from groundwork.communities import joining
    from groundwork.communities.tests.factories import member

    if network.join_requests.exists():
        return
    lone = Community.objects.create(
        name=f"Fox Run {LONG_WORD[:190]}", slug="fox-run", kind="town", is_public=True
    )
    joining.join_request_create(
        actor=member(lone, Role.COORDINATOR),
        community=lone,
        network=network,
        message=f"{LONG_WORD} We would like to join.",
    )


def _gathering_ids(community, network) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The demo's process workshop and Mothers' circle (the community's), the Peer Connection
    series (the network's), and a registration's signed link."""
    from groundwork.gatherings.links import registration_token
    from groundwork.gatherings.models import Registration

    workshop = community.gatherings.filter(kind="workshop").order_by("pk").first()
    occurrence = network.gatherings.order_by("starts_at").first()
    registration, _ = Registration.objects.get_or_create(
        gathering=workshop,
        email="rosa@example.org",
        defaults={
            "name": "Rosa " + LONG_WORD,
            "language": "es",
            "interpretation_language": "es",
            "childcare": 2,
            "dietary": LONG_WORD,
        },
    )
    ids: dict[str, dict[str, object]] = {
        "gatherings:registration": {"token": registration_token(registration)}
    }
    if not workshop.photos.exists():  # a photo with a long caption on the detail page
        from groundwork.gatherings.services import photo_add

        picture = io.BytesIO()
        Image.new("RGB", (1600, 900), "teal").save(picture, format="PNG")
        photo_add(
            actor=workshop.community.memberships.get(user__email=COORDINATOR).user,
            gathering=workshop,
            upload=SimpleUploadedFile("p.png", picture.getvalue(), "image/png"),
            description="Residents around the county map",
            caption=LONG_WORD[:300],
            public=True,
        )
    for owner, gathering in (("community", workshop), ("network", occurrence)):
        series = (community if owner == "community" else network).gathering_series.first()
        for name in ("detail", "edit", "registrations", "door", "photos"):
            ids[f"gatherings:{owner}_{name}"] = {"pk": gathering.pk}
        for name in ("series", "series_edit"):
            ids[f"gatherings:{owner}_{name}"] = {"series_id": series.pk}
    return ids


def _result_ids(community, network) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The demo's results and indicators: one under the plan, one under a statewide goal."""
    found: dict[str, dict[str, object]] = {}
    for kind, results in (
        ("community", Result.objects.filter(community=community)),
        ("network", Result.objects.filter(network_goal__network=network)),
    ):
        result = results.order_by("pk").first()
        indicator = Indicator.objects.filter(result=result).order_by("pk").first()
        for name in ("result_edit", "indicator_add", "result_svi"):
            found[f"measures:{kind}_{name}"] = {"result_id": result.pk}
        for name in ("indicator", "indicator_edit", "indicator_values", "indicator_import"):
            found[f"measures:{kind}_{name}"] = {"indicator_id": indicator.pk}
    # The scorecard demo's performance measures, on an activity of the plan.
    measure = PerformanceMeasure.objects.filter(community=community).order_by("pk").first()
    found["measures:activity_measures"] = {"activity_id": measure.activity_id}
    found["measures:measure_edit"] = {"measure_id": measure.pk}
    return found


def _directory_ids(community) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The directory's editing pages: a service, a location and an organization of the demo,
    and the link a reminder e-mails (the organization needs an address for it)."""
    from groundwork.communities.models import Organization
    from groundwork.directory.actions.freshness import confirm_token
    from groundwork.directory.models import Location, Service

    service = Service.objects.filter(community=community).order_by("pk").first()
    location = Location.objects.filter(community=community).order_by("pk").first()
    organization = Organization.objects.get(hsds_id=service.organization_id, community=community)
    if not organization.email:
        organization.email = "partner-organization@example.org"
        organization.save(update_fields=["email"])
    return {
        "directory_edit:service_edit": {"service_id": service.hsds_id},
        "directory_edit:location_edit": {"location_id": location.hsds_id},
        "directory_edit:organization_edit": {"organization_id": organization.hsds_id},
        "directory_edit:confirm": {
            "organization_id": organization.hsds_id,
            "token": confirm_token(organization),
        },
    }


def _community_guide_and_survey(community) -> None:  # type: ignore[no-untyped-def]
    """The demo has the network's survey and the shipped guides; a community's own copy of
    each is drawn by other pages."""
    from groundwork.measures import services as measures_services
    from groundwork.planning import services as planning_services

    coordinator = User.objects.get(email=COORDINATOR)
    if not Guide.objects.filter(community=community).exists():
        planning_services.guide_copy(
            actor=coordinator, community=community, source_slug=next(iter(SHIPPED_GUIDES))
        )
    if not Instrument.objects.filter(community=community).exists():
        measures_services.instrument_create_from_template(actor=coordinator, community=community)


def _invitation_token(community, coordinator) -> str:  # type: ignore[no-untyped-def]
    from groundwork.communities import services

    invitation = services.invitation_create(
        actor=coordinator, community=community, role=Role.MEMBER, max_uses=5
    )
    assert isinstance(invitation, Invitation)
    return invitation.token


def _invitation_ids(survey) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """A recipient of an e-mail invitation: their signed link to ask for no more."""
    from groundwork.measures.actions.invitations import opt_out_token
    from groundwork.measures.models import Invitee

    invitee, _ = Invitee.objects.get_or_create(
        instrument=survey,
        email=f"{LONG_WORD[:40]}@example.org",
        defaults={"language": "es", "nonce": "fit"},
    )
    return {"measures:opt_out": {"token": opt_out_token(invitee)}}


def _newsletter_ids(community, network) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """A list of the community and one of the network, each with a sent issue (archived) and a
    draft, and a subscriber whose signed links open the confirm, preferences and unsubscribe
    pages."""
    from django.utils import timezone

    from groundwork.newsletters.models import Issue, MailingList, Subscription

    ids: dict[str, dict[str, object]] = {}
    sub = None
    for kind, owner in (("community", {"community": community}), ("network", {"network": network})):
        news, _ = MailingList.objects.get_or_create(
            slug="news",
            **owner,
            defaults={"name_en": "Peer Connections news", "name_es": "Noticias de Conexiones"},
        )
        sent = Issue.objects.create(
            mailing_list=news,
            subject_en=f"June {LONG_WORD}",
            subject_es=f"Junio {LONG_WORD}",
            body_en=f"{LONG_WORD} The clinic bus runs.",
            body_es=f"{LONG_WORD} El autobús a la clínica funciona.",
            status=Issue.Status.SENT,
            sent_at=timezone.now(),
        )
        draft = Issue.objects.create(
            mailing_list=news, subject_en="July", subject_es="Julio", blocks=["plan-updates"]
        )
        ids[f"newsletters:{kind}_list"] = {"list_slug": "news"}
        ids[f"newsletters:{kind}_manage"] = {"list_slug": "news"}
        ids[f"newsletters:{kind}_issue"] = {"list_slug": "news", "issue_id": sent.pk}
        ids[f"newsletters:{kind}_issue_edit"] = {"list_slug": "news", "issue_id": draft.pk}
        sub = Subscription.objects.create(
            mailing_list=news,
            email="reader@example.org",
            language="es",
            confirmed_at=timezone.now(),
        )
    assert sub is not None
    token = sub.manage_token
    ids["newsletters:preferences"] = ids["newsletters:unsubscribe"] = {"token": token}
    ids["newsletters:confirm"] = {"token": sub.get_confirm_url().rstrip("/").rsplit("/", 1)[1]}
    return ids


def _vote(plan, status: str) -> int:  # type: ignore[no-untyped-def]
    """The demo's budget vote that is open now, or the closed one."""
    return plan.budget_votes.filter(status=status).order_by("pk").first().pk


def _follow(plan) -> Follow:  # type: ignore[no-untyped-def]
    follow = Follow.objects.filter(plan=plan).order_by("pk").first()
    if follow is None:
        from groundwork.plans import services

        follow = services.follow_create(plan=plan, email="reader@example.org")
    return follow


def _activation_kwargs() -> dict[str, object]:
    """The link a sign-up e-mails, for an account that has not been opened yet."""
    from groundwork.accounts.services import activation_tokens

    user = User.objects.filter(email="newcomer@example.org").first()
    if user is None:
        user = User.objects.create_user(
            "newcomer@example.org", "not-used-here", name="New Neighbor", is_active=False
        )
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": activation_tokens.make_token(user),
    }


@pytest.fixture
def demo_pages():  # type: ignore[no-untyped-def]
    call_command("load_demo", stdout=io.StringIO())
    process = Process.objects.get(community__slug="alder-county", slug="resilience-plan")
    _community_guide_and_survey(process.community)
    # One long unbroken answer (and statement) on the public pages that list them.
    contribution = Contribution.objects.filter(process=process).order_by("pk").first()
    Contribution.objects.filter(pk=contribution.pk).update(text=f"{LONG_WORD} {contribution.text}")
    statement = Statement.objects.filter(conversation__process=process).order_by("pk").first()
    Statement.objects.filter(pk=statement.pk).update(text=f"{LONG_WORD} {statement.text}")
    # And one waiting in the moderation queue, long, with a phone number and a translation.
    waiting = Statement.objects.filter(conversation__process=process).order_by("-pk").first()
    Statement.objects.filter(pk=waiting.pk).update(
        text=f"{LONG_WORD} 555-123-4567 {waiting.text}",
        moderation="pending",
        translation=f"{LONG_WORD} {waiting.text}",
        translation_language="es" if waiting.language == "en" else "en",
    )
    ProgressUpdate.objects.filter(activity__plan=process.plan).update(note=LONG_WORD)
    # A directory service with a long unbroken description, on the search and service pages.
    service = Service.objects.filter(community=process.community).order_by("pk").first()
    Service.objects.filter(pk=service.pk).update(
        description=f"{LONG_WORD} {service.description}",
        description_es=f"{LONG_WORD} {service.description_es}",
    )
    # Two tenants: the other demo communities stay as they are and appear on shared pages.
    assert Community.objects.exclude(slug="alder-county").exists()
    return _demo_urls()


_MEASURE = """() => {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > window.innerWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && r.width > 0) {
        let inScroller = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') {
            inScroller = true; break;
          }
        }
        if (!inScroller) {
          wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(r.right));
        }
      }
      if (wide.length >= 3) break;
    }
  }
  const doubled = [...document.querySelectorAll('.usa-radio input, .usa-checkbox input')]
    .filter(i => { const r = i.getBoundingClientRect(); return r.width > 0 && r.right > 0; })
    .map(i => i.name || i.id);
  return {scroll: doc.scrollWidth, inner: window.innerWidth, wide, doubled};
}"""


WIDTHS = (320, 360)


def _check(context, urls: dict[str, str], label: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Open each page once, at each width in turn (the page is laid out again when the
    window is resized, as when a phone turns); return the problems and the pages checked."""
    problems = []
    checked = 0
    page = context.new_page()
    for name, url in urls.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 740})
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as error:  # an empty error response, e.g. 405 or 500
            status = context.request.get(url).status
            problems.append(f"{label} {name} {url}: HTTP {status}, {error.message[:80]}")
            # Chromium then shows its own error page, a navigation of its own that would
            # interrupt the next page's: go on in a fresh tab.
            page.close()
            page = context.new_page()
            continue
        assert response is not None
        status = response.status
        if status >= 400:  # a page that could not be checked: the test must fill it in right
            problems.append(f"{label} {name} {url}: HTTP {status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        checked += 1
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            found = page.evaluate(_MEASURE)
            if found["scroll"] > found["inner"]:
                problems.append(
                    f"{label} {width}px {name} {url}: {found['scroll']} px wide in "
                    f"{found['inner']} ({', '.join(found['wide'])})"
                )
            if found["doubled"]:
                problems.append(
                    f"{label} {width}px {name} {url}: visible native controls {found['doubled']}"
                )
    page.close()
    return problems, checked


def test_every_page_fits_320_and_360_px_in_both_languages(browser, live_server, demo_pages):  # type: ignore[no-untyped-def]
    names = dict(_names())
    unchecked = sorted(set(names) - set(demo_pages) - set(NOT_PAGES))
    assert not unchecked, unchecked
    assert len(demo_pages) >= 90

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    session = client.cookies["sessionid"].value
    public = {name: demo_pages[name] for name in PUBLIC}

    problems: list[str] = []
    total = 0
    # One browser context per language and person, reused for every page.
    for language in ("es", "en"):
        for signed_in in (True, False):
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": WIDTHS[0], "height": 740},
                locale="es-US" if language == "es" else "en-US",
            )
            # Generous: one page (a network survey's results) takes seconds on a busy machine.
            context.set_default_timeout(120_000)
            cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
            if signed_in:
                cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
            context.add_cookies(cookies)
            label = f"[{language} {'coordinator' if signed_in else 'resident'}]"
            found, checked = _check(context, demo_pages if signed_in else public, label)
            problems += found
            total += checked
            context.close()
    assert total >= 2 * (90 + len(PUBLIC)), total
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
