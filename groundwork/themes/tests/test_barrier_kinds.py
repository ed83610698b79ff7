"""The barriers question's themes are found per kind: a theme is internal, external or
unspecified, never a mix, and curation keeps to one kind."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution
from groundwork.themes import services
from groundwork.themes.models import Theme, ThemeMembership
from groundwork.themes.tasks import themes_compute

from .data import ENGLISH

pytestmark = pytest.mark.django_db

# Internal barriers about one subject, external ones about another, and two whose kind the
# paper form did not say.
INTERNAL = ENGLISH["park"]
EXTERNAL = ENGLISH["rent"]
UNSPECIFIED = ["The bus to the clinic comes only twice a day", "Bus stops have no shelter"]


def _process(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(actor=coordinator, community=community, title=slug, slug=slug)
    for n, (kind, texts) in enumerate(
        [("internal", INTERNAL), ("external", EXTERNAL), ("", UNSPECIFIED)]
    ):
        for i, text in enumerate(texts):
            planning.contributions_submit(
                process=process,
                participant=None,
                answers=[planning.Answer("barriers", text, kind)],
                language="en",
                channel="online",
                idempotency_key=f"{slug}-{n}-{i}",
            )
    return process, coordinator


def _run(process, coordinator, *, start_over=False):  # type: ignore[no-untyped-def]
    run = services.themes_request(
        actor=coordinator,
        question=process.questions.get(key="barriers"),
        start_over=start_over,
    )
    assert themes_compute.call(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def test_barrier_themes_are_found_per_kind_and_know_it():
    process, coordinator = _process("alder")
    other, other_coordinator = _process("birch")  # a second tenant, themes of its own
    run = _run(process, coordinator)
    _run(other, other_coordinator)
    themes = list(Theme.objects.filter(process=process, parent=None))
    assert {t.barrier_kind for t in themes} <= {"internal", "external", "unspecified"}
    assert {"internal", "external"} <= {t.barrier_kind for t in themes}
    for theme in Theme.objects.filter(process=process):
        kinds = set(
            ThemeMembership.objects.filter(theme=theme).values_list(
                "contribution__barrier_kind", flat=True
            )
        )
        assert kinds <= {theme.barrier_kind}, theme
        assert theme.key.startswith(f"{theme.barrier_kind}-")
    assert set(run.model["by_kind"]) <= {"internal", "external", "unspecified"}
    assert run.contribution_count == len(INTERNAL) + len(EXTERNAL) + len(UNSPECIFIED)
    # Each tenant's themes hold only its own answers.
    assert Theme.objects.filter(process=other).exists()
    assert (
        not ThemeMembership.objects.filter(theme__process=process)
        .exclude(contribution__process=process)
        .exists()
    )


def test_new_barriers_join_only_themes_of_their_kind_and_merges_keep_to_one_kind():
    process, coordinator = _process("alder")
    _run(process, coordinator)
    internal = Theme.objects.filter(process=process, barrier_kind="internal", parent=None)
    external = Theme.objects.filter(process=process, barrier_kind="external", parent=None)
    # A person renames a theme: later runs only add answers to the curated themes.
    services.theme_rename(actor=coordinator, theme=internal.first(), label="The park")
    new = planning.contributions_submit(
        process=process,
        participant=None,
        answers=[planning.Answer("barriers", "Rent keeps rising for families", "external")],
        language="en",
        channel="online",
        idempotency_key="late",
    )[0]
    run = _run(process, coordinator)
    assert run.mode == "assign"
    membership = ThemeMembership.objects.filter(contribution=new).first()
    if membership is not None:
        assert membership.theme.barrier_kind == "external"
    with pytest.raises(ApplicationError, match="same kind of barrier"):
        services.theme_merge(actor=coordinator, source=internal.first(), target=external.first())
    inside = Contribution.objects.filter(process=process, barrier_kind="internal").first()
    with pytest.raises(ApplicationError, match="same kind of barrier"):
        services.membership_move(actor=coordinator, contribution=inside, theme=external.first())
