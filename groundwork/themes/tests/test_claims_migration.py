"""Memberships stored when an answer was in one theme are kept when answers may be in several:
each becomes one claim covering the whole answer."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("themes", "0002_theme_barrier_kind")]
AFTER = [("themes", "0003_membership_claims")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "themes"]
    return executor.loader.project_state([*others, *targets]).apps


def test_every_membership_is_kept_as_one_claim_covering_the_whole_answer():
    apps = _migrate(BEFORE)
    made: dict[int, tuple[int, int | None, str]] = {}
    try:
        Community = apps.get_model("communities", "Community")
        Process = apps.get_model("planning", "Process")
        Question = apps.get_model("planning", "Question")
        Contribution = apps.get_model("planning", "Contribution")
        Theme = apps.get_model("themes", "Theme")
        ThemeMembership = apps.get_model("themes", "ThemeMembership")
        for slug in ("alder", "birch"):  # two tenants
            community = Community.objects.create(name=slug, slug=slug)
            process = Process.objects.create(community=community, title=slug, slug="p")
            question = Question.objects.create(
                process=process, key="problems", order=0, text_en="Problems?", text_es="¿?"
            )
            theme = Theme.objects.create(process=process, question=question, key="1", label="A")
            sub = Theme.objects.create(
                process=process, question=question, key="1.1", label="A a", parent=theme
            )
            other = Theme.objects.create(process=process, question=question, key="2", label="B")
            for n, text in enumerate(
                ["No bus to the clinic. Rent is high.", "Floods", "¡Más parques!"]
            ):
                answer = Contribution.objects.create(
                    community=community,
                    process=process,
                    question=question,
                    text=text,
                    language="en",
                    channel="online",
                    idempotency_key=f"{slug}-{n}",
                )
                membership = ThemeMembership.objects.create(
                    theme=other if n == 2 else theme,
                    subtheme=sub if n == 0 else None,
                    contribution=answer,
                    strength=0.5,
                    moved_by_human=n == 1,
                )
                made[membership.pk] = (answer.pk, membership.theme_id, text)
    finally:
        apps = _migrate(AFTER)
    ThemeMembership = apps.get_model("themes", "ThemeMembership")
    kept = {m.pk: m for m in ThemeMembership.objects.select_related("contribution", "subtheme")}
    assert set(kept) == set(made)  # nothing lost, nothing added
    for pk, (answer, theme, text) in made.items():
        m = kept[pk]
        assert (m.contribution_id, m.theme_id) == (answer, theme)
        assert (m.claim_start, m.claim_end) == (0, len(text))
        assert m.contribution.text[m.claim_start : m.claim_end] == text
    assert sum(m.moved_by_human for m in kept.values()) == 2
    assert sum(m.subtheme_id is not None for m in kept.values()) == 2
