"""Existing answers and themes are carried over when the barriers question becomes two boxes:
nothing is lost, barrier answers keep their kind, and those without one are "unspecified"."""

import pytest

from groundwork.core.testing import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("planning", "0003_contribution_reach_indexes"), ("themes", "0001_initial")]
AFTER = [("planning", "0004_barrier_kinds"), ("themes", "0002_theme_barrier_kind")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    """Leave the database as every other test expects it: each app at its latest migration."""
    yield
    migrate_to_latest()


def _migrate(targets):  # type: ignore[no-untyped-def]
    return migrate_to(targets)


def test_existing_barriers_keep_their_kind_and_the_rest_become_unspecified():
    apps = _migrate(BEFORE)
    try:
        Community = apps.get_model("communities", "Community")
        Process = apps.get_model("planning", "Process")
        Question = apps.get_model("planning", "Question")
        Contribution = apps.get_model("planning", "Contribution")
        Theme = apps.get_model("themes", "Theme")
        ThemeMembership = apps.get_model("themes", "ThemeMembership")
        made = {}
        for slug, reworded in [("alder", False), ("birch", True)]:  # two tenants
            community = Community.objects.create(name=slug, slug=slug)
            process = Process.objects.create(community=community, title=slug, slug="p")
            barriers = Question.objects.create(
                process=process,
                key="barriers",
                order=1,
                text_en="Our own wording"
                if reworded
                else "What barriers stand in the way of solving them?",
                text_es="¿Qué barreras impiden resolverlos?",
            )
            problems = Question.objects.create(
                process=process, key="problems", order=0, text_en="Problems?", text_es="¿?"
            )

            def add(question, text, kind, n, process=process, community=community, slug=slug):  # type: ignore[no-untyped-def]
                return Contribution.objects.create(
                    community=community,
                    process=process,
                    question=question,
                    text=text,
                    language="en",
                    channel="online",
                    barrier_kind=kind,
                    idempotency_key=f"{slug}-{n}",
                )

            inside = add(barriers, "Nobody leads", "internal", 1)
            outside = add(barriers, "No county budget", "external", 2)
            unsaid = add(barriers, "Old answer", "", 3)
            problem = add(problems, "Floods", "external", 4)  # a kind where none belongs
            pure = Theme.objects.create(process=process, question=barriers, key="t1", label="In")
            mixed = Theme.objects.create(process=process, question=barriers, key="t2", label="Mix")
            sub = Theme.objects.create(
                process=process, question=barriers, key="t1a", label="Sub", parent=pure
            )
            ThemeMembership.objects.create(theme=pure, subtheme=sub, contribution=inside)
            ThemeMembership.objects.create(theme=mixed, contribution=outside)
            ThemeMembership.objects.create(theme=mixed, contribution=unsaid)
            made[slug] = {
                "inside": inside.pk,
                "outside": outside.pk,
                "unsaid": unsaid.pk,
                "problem": problem.pk,
                "pure": pure.pk,
                "mixed": mixed.pk,
                "sub": sub.pk,
                "question": barriers.pk,
            }
    finally:
        apps = _migrate(AFTER)
    Contribution = apps.get_model("planning", "Contribution")
    Question = apps.get_model("planning", "Question")
    Theme = apps.get_model("themes", "Theme")
    assert Contribution.objects.count() == 8  # nothing lost
    for slug, ids in made.items():
        kinds = dict(
            Contribution.objects.filter(process__community__slug=slug).values_list(
                "pk", "barrier_kind"
            )
        )
        assert kinds == {
            ids["inside"]: "internal",
            ids["outside"]: "external",
            ids["unsaid"]: "unspecified",
            ids["problem"]: "",
        }
        themes = dict(
            Theme.objects.filter(process__community__slug=slug).values_list("pk", "barrier_kind")
        )
        assert themes == {
            ids["pure"]: "internal",
            ids["sub"]: "internal",
            ids["mixed"]: "unspecified",
        }
    # The default wording names both kinds now; a facilitator's own wording stays.
    assert Question.objects.get(pk=made["alder"]["question"]).text_en == (
        "What barriers, internal and external, stand in the way of solving them?"
    )
    assert Question.objects.get(pk=made["birch"]["question"]).text_en == "Our own wording"
    assert Question.objects.get(pk=made["birch"]["question"]).text_es == (
        "¿Qué barreras, internas y externas, impiden resolverlos?"
    )
