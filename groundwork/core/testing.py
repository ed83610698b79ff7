"""Two tenants in every test: a second network, community, process and plan that look like the
first (same slugs, titles, questions and answers), so a read or a write that forgets its
``community=`` / ``process=`` / ``plan=`` filter shows up as a doubled count, a foreign row, or a
changed row of the other tenant.

    def test_something(tenant, other_tenant):          # fixtures in the root conftest.py
        with unchanged(other_tenant):
            ...  # act on ``tenant`` only
        assert_absent(other_tenant, page.content)       # its marker words appear nowhere

Each tenant also carries words of its own (``marker``) in one answer, one statement, its plan
and its organization, so a leak of content is visible whatever the page shows.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

ANSWERS = (
    ("problems", "No bus to the clinic", ""),
    ("barriers", "Meetings during work hours", "internal"),
    ("strengths", "The library has a meeting room", ""),
    ("allies", "The county health department", ""),
    ("actions", "Ride share to the clinic", ""),
)


@dataclass
class Tenant:
    label: str
    marker: str  # a word found only in this tenant's data
    network: Any
    community: Any
    coordinator: Any
    process: Any
    participants: list[Any]
    plan: Any
    goal: Any
    activity: Any
    organization: Any
    conversation: Any
    contributions: list[Any] = field(default_factory=list)
    # Set inside `beside`: makes the tenant's rows as they are now the ones that must not
    # change (after a test arranged look-alike data in it on purpose).
    baseline: Any = None
    # Set by a test of a page that lists public communities (the home page, a network's
    # page), where this tenant's public community belongs; the test then says where.
    may_appear: bool = False


def build_tenant(label: str, *, people: int = 3) -> Tenant:
    """A network with one public community (slug ``label``), a coordinator, a gathering
    process ``2027`` with ``people`` participants who each answered the five questions the
    same way, one answer with the marker, a plan with a goal and a linked activity, an
    organization and a conversation with two statements."""
    from groundwork.communities.models import Role
    from groundwork.communities.tests.factories import (
        CommunityFactory,
        NetworkFactory,
        OrganizationFactory,
        member,
    )
    from groundwork.deliberation import services as deliberation
    from groundwork.planning import services as planning
    from groundwork.plans import services as plans
    from groundwork.plans.models import LinkKind

    marker = f"{label}marker"
    network = NetworkFactory(name=f"{label.title()} network", slug=f"{label}-network")
    community = CommunityFactory(name=f"{label.title()} County", slug=label, network=network)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Resilience 2027", slug="2027"
    )
    participants = []
    contributions = []
    for n in range(people):
        participant = planning.participant_create(process=process, language="en")
        participants.append(participant)
        answers = [planning.Answer(key, text, kind) for key, text, kind in ANSWERS]
        if n == 0:
            answers.append(planning.Answer("problems", f"The {marker} ferry is closed"))
        contributions += planning.contributions_submit(
            process=process,
            participant=participant,
            answers=answers,
            language="en",
            channel="online",
            idempotency_key=f"answers-{n}",
        )
    organization = OrganizationFactory(community=community, name=f"Health {marker}")
    plan = plans.plan_create(actor=coordinator, process=process, title=f"Plan {marker}")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Get people to care")
    activity = plans.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )
    strength = next(c for c in contributions if c.question.key == "strengths")
    plans.activity_link(
        actor=coordinator, activity=activity, kind=LinkKind.STRENGTH, contribution_ids=[strength.pk]
    )
    conversation = deliberation.conversation_create(
        actor=coordinator, process=process, topic="Getting around"
    )
    for text in ("We need a bus", f"The {marker} ferry should run"):
        deliberation.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return Tenant(
        label=label,
        marker=marker,
        network=network,
        community=community,
        coordinator=coordinator,
        process=process,
        participants=participants,
        plan=plan,
        goal=goal,
        activity=activity,
        organization=organization,
        conversation=conversation,
        contributions=contributions,
    )


def add_votes(tenant: Tenant, keys: tuple[str, ...] = ("k", "k1", "k2", "same-key")) -> list[Any]:
    """Votes in the tenant's conversation under idempotency keys that tests of another
    conversation use too, one participant each, agreeing with the first statement: a vote
    look-up that forgets its ``conversation=`` finds these."""
    from groundwork.deliberation import services as deliberation

    statement = tenant.conversation.statements.order_by("pk").first()
    return [
        deliberation.vote_cast(
            conversation=tenant.conversation,
            participant=tenant.participants[n % len(tenant.participants)],
            statement=statement,
            value=1,
            idempotency_key=key,
        )
        for n, key in enumerate(keys)
    ]


# --- What belongs to a tenant, and whether it changed ------------------------------------


def _paths(target: type[models.Model], depth: int = 4) -> dict[type[models.Model], str]:
    """For every model, the shortest chain of foreign keys that leads to ``target`` (``pk`` for
    the target itself)."""
    found: dict[type[models.Model], str] = {}
    for model in apps.get_models():
        if model is target:
            found[model] = "pk"
            continue
        queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
        seen = {model}
        while queue:
            current, path = queue.popleft()
            if path.count("__") >= depth:
                continue
            for f in current._meta.get_fields():
                if not (f.is_relation and f.concrete and (f.many_to_one or f.one_to_one)):
                    continue
                related = f.related_model
                if related is None or related in seen:
                    continue
                step = f"{path}__{f.name}" if path else f.name
                if related is target:
                    found[model] = step
                    queue.clear()
                    break
                seen.add(related)
                queue.append((related, step))
    return found


def tenant_rows(tenant: Tenant) -> dict[str, list[tuple[tuple[str, str], ...]]]:
    """Every row of every model that belongs to the tenant's community or network."""
    from groundwork.communities.models import Community, Network

    rows: dict[str, list[tuple[tuple[str, str], ...]]] = {}
    by_community = _paths(Community)
    by_network = {m: p for m, p in _paths(Network).items() if m not in by_community}
    for owner, paths in ((tenant.community, by_community), (tenant.network, by_network)):
        for model, path in paths.items():
            value = owner.pk if path == "pk" else owner
            values = model._default_manager.filter(**{path: value}).order_by("pk").values()
            found = [tuple(sorted((k, repr(v)) for k, v in row.items())) for row in values]
            if found:
                rows.setdefault(model._meta.label, []).extend(found)
    return rows


class Watch:
    """The rows of some tenants at one moment, to compare with later (`unchanged`)."""

    def __init__(self, tenants: tuple[Tenant, ...]) -> None:
        self.tenants = tenants
        self.baseline()

    def baseline(self) -> None:
        """Take the rows as they are now as the reference: a test that arranges data of the
        other tenant on purpose (a look-alike gathering) calls it before acting."""
        self.before = [tenant_rows(t) for t in self.tenants]

    def check(self) -> None:
        for tenant, was in zip(self.tenants, self.before, strict=True):
            now = tenant_rows(tenant)
            changed = {
                label: {"before": len(was.get(label, [])), "after": len(now.get(label, []))}
                for label in set(was) | set(now)
                if was.get(label) != now.get(label)
            }
            assert not changed, f"{tenant.label}'s data changed: {changed}"


@contextmanager
def unchanged(*tenants: Tenant) -> Iterator[Watch]:
    """Asserts that nothing of these tenants was added, changed or removed inside the block
    (audit events included: a write to the wrong tenant audits there)."""
    watch = Watch(tenants)
    yield watch
    watch.check()


def _text(content: Any) -> str:
    if isinstance(content, bytes):
        return content.decode(errors="replace")
    if hasattr(content, "content") and isinstance(content.content, bytes):
        return content.content.decode(errors="replace")
    if isinstance(content, str):
        return content
    try:
        return json.dumps(content, default=repr, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(content)


def assert_absent(tenant: Tenant, content: Any) -> None:
    """Nothing that names the tenant (its marker words, its community's name) is in
    ``content``: a page, a response, bytes, JSON-able data or objects (by their repr)."""
    text = _text(content)
    for word in (tenant.marker, tenant.community.name):
        assert word not in text, f"{tenant.label}'s {word!r} leaked"


def assert_present(tenant: Tenant, content: Any) -> None:
    """The counterpart of `assert_absent`, so a test of a leak also shows the page works."""
    assert tenant.marker in _text(content), f"{tenant.label}'s own {tenant.marker!r} is missing"


def owners(objects: Any) -> set[int]:
    """The community ids of model instances (through ``community_id`` or their process)."""
    found = set()
    for obj in objects:
        if hasattr(obj, "community_id"):
            found.add(obj.community_id)
        elif hasattr(obj, "process"):
            found.add(obj.process.community_id)
        else:
            raise AssertionError(f"{obj!r} names no community")
    return found


@contextmanager
def beside(other: Tenant) -> Iterator[None]:
    """Run a test beside a look-alike tenant it must never touch: every response of the test
    client inside the block is checked with `assert_absent` (no page, JSON or file shows the
    other tenant's words), and at the end nothing of the other tenant was added, changed or
    removed (`unchanged`). Tests that build data of their own next to ``other`` then fail on a
    forgotten ``community=`` / ``process=`` filter, as a doubled count, a foreign row or a leak.
    The ``beside_other_tenant`` fixture (root conftest.py) wraps a whole test in it."""
    from django.test import Client

    original = Client.request

    def request(self: Client, **kwargs: Any) -> Any:
        response = original(self, **kwargs)
        if not getattr(response, "streaming", False) and not other.may_appear:
            assert_absent(other, response.content)
        return response

    Client.request = request  # type: ignore[method-assign]
    try:
        with unchanged(other) as watch:
            other.baseline = watch.baseline
            yield
    finally:
        Client.request = original  # type: ignore[method-assign]
        other.baseline = None


def migrate_to(targets: Any) -> Any:
    """Migrate the test database to ``targets`` ((app, migration) pairs; apps not named stay
    where they are, except the migrations that depend on what goes back, which go back too)
    and return the models as they are then: the state of exactly the migrations applied, not
    of every app's latest (a later migration of another app may need a column that is gone)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    executor.loader.build_graph()
    applied = [
        node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes
    ]
    return executor.loader.project_state(applied, at_end=True).apps


def migrate_to_latest() -> None:
    """Every app at its latest migration again (after a test that went back)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- Who may: one person per role in ``tenant``, and an outsider from ``other`` -------------

ROLES = (
    "anonymous",
    "signed_in",
    "outsider",
    "viewer",
    "partner",
    "member",
    "facilitator",
    "coordinator",
)
MEMBER_ROLES = frozenset({"viewer", "partner", "member", "facilitator", "coordinator"})
FACILITATOR_ROLES = frozenset({"facilitator", "coordinator"})


def people_of(tenant: Tenant, other: Tenant) -> dict[str, Any]:
    """A person for each of ``ROLES``: anonymous, signed in with no role anywhere, the other
    tenant's coordinator (an outsider here, whatever their role there), and one person per role
    in ``tenant``'s community (its own coordinator for ``coordinator``)."""
    from django.contrib.auth.models import AnonymousUser

    from groundwork.communities.tests.factories import UserFactory, member

    found: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "signed_in": UserFactory(),
        "outsider": other.coordinator,
        "coordinator": tenant.coordinator,
    }
    for role in ("viewer", "partner", "member", "facilitator"):
        found[role] = member(tenant.community, role)
    return found


def allowed(people: dict[str, Any], perm: str, obj: Any) -> set[str]:
    """The roles among ``people`` granted ``perm`` on ``obj``."""
    return {name for name in ROLES if people[name].has_perm(perm, obj)}


def people_with_stewards(tenant: Tenant, other: Tenant) -> dict[str, Any]:
    """:func:`people_of`, where a plain member steers this tenant's network and the
    facilitator steers only the other tenant's: a network's permissions follow its stewards,
    never a role in one of its communities."""
    found = people_of(tenant, other)
    tenant.network.stewards.add(found["member"])
    other.network.stewards.add(found["facilitator"])
    return found
