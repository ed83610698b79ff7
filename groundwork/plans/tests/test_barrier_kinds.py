"""The plan builder shows barriers by kind: internal, external, then any whose kind was not
given; an internal and an external barrier with the same words are two items."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution
from groundwork.plans import selectors, services

pytestmark = pytest.mark.django_db


def _process(slug: str, barriers: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=slug, slug="plan"
    )
    for n, (text, kind) in enumerate(barriers):
        planning.contributions_submit(
            process=process,
            participant=None,
            answers=[planning.Answer("barriers", text, kind)],
            language="en",
            channel="online",
            idempotency_key=f"{slug}-{n}",
        )
    return process, coordinator


def test_the_evidence_panel_lists_barriers_by_kind(client):
    process, coordinator = _process(
        "alder",
        [
            ("Meetings in work hours", "internal"),
            ("Meetings in work hours", "internal"),
            ("No county budget", "external"),
            ("Meetings in work hours", "external"),  # same words, other kind: its own item
            ("Said on an old paper form", ""),
        ],
    )
    _process("birch", [("Birch only", "internal")])  # another tenant
    plan = services.plan_create(actor=coordinator, process=process, title="Plan")
    groups = selectors.evidence_panel(plan)["barrier_groups"]
    assert [g["kind"] for g in groups] == ["internal", "external", "unspecified"]
    assert [(a["text"], a["count"]) for a in groups[0]["answers"]] == [
        ("Meetings in work hours", 2)
    ]
    assert sorted(a["text"] for a in groups[1]["answers"]) == [
        "Meetings in work hours",
        "No county budget",
    ]
    assert [a["text"] for a in groups[2]["answers"]] == ["Said on an old paper form"]
    client.force_login(coordinator)
    # The builder loads the barriers in a panel of their own.
    body = client.get(
        reverse("plans:builder_evidence", args=[process.community.slug, process.slug, "barriers"])
    ).content.decode()
    order = [
        body.index("Internal (within the community)"),
        body.index("External (outside the community)"),
        body.index("Not said whether internal or external"),
    ]
    assert order == sorted(order)
    assert "Birch only" not in body


def test_the_kind_not_given_group_is_left_out_when_empty():
    process, coordinator = _process("alder", [("Inside", "internal")])
    plan = services.plan_create(actor=coordinator, process=process, title="Plan")
    groups = selectors.evidence_panel(plan)["barrier_groups"]
    assert [g["kind"] for g in groups] == ["internal", "external"]
    assert groups[1]["answers"] == []


def test_each_kind_keeps_its_most_shared_answers_up_to_the_limit(django_assert_num_queries):
    process, _coordinator = _process(
        "alder",
        [
            ("No bus", "internal"),
            ("No bus", "internal"),
            ("No bus", "internal"),
            ("No hall", "internal"),
            ("No hall", "internal"),
            ("No leader", "internal"),
            ("No grant", "external"),
        ],
    )
    _process("birch", [("No bus", "internal")] * 4)  # another tenant, not counted
    with django_assert_num_queries(1):
        groups = selectors.barrier_groups(process, [], limit=2)
    by_kind = {g["kind"]: [(a["text"], a["count"]) for a in g["answers"]] for g in groups}
    assert by_kind["internal"] == [("No bus", 3), ("No hall", 2)]
    assert by_kind["external"] == [("No grant", 1)]


def test_barriers_of_no_kind_and_of_kind_unspecified_share_one_list_up_to_the_limit():
    process, _coordinator = _process(
        "alder",
        [
            ("No bus", "unspecified"),
            ("No bus", "unspecified"),
            ("No bus", "unspecified"),
            ("No hall", "unspecified"),
            ("No leader", "unspecified"),
        ],
    )
    _process("birch", [("No bus", "")] * 4)  # another tenant, not counted
    for n, text in enumerate(["No grant", "No grant", "No hall", "No leader"]):
        planning.contributions_submit(
            process=process,
            participant=None,
            answers=[planning.Answer("barriers", text, "unspecified")],
            language="en",
            channel="online",
            idempotency_key=f"older-{n}",
        )
    # Rows stored with no kind at all (before the question had two boxes) are ranked apart by
    # the database and shown in one list with the unspecified ones, still up to the limit.
    older = Contribution.objects.filter(process=process).order_by("-pk")[:4]
    Contribution.objects.filter(pk__in=[c.pk for c in older]).update(barrier_kind="")
    groups = selectors.barrier_groups(process, [], limit=2)
    by_kind = {g["kind"]: [(a["text"], a["count"]) for a in g["answers"]] for g in groups}
    assert by_kind["unspecified"] == [("No bus", 3), ("No grant", 2)]
