"""The planning process's gatherings become gatherings of this app, linked to their process:
every field and every captured answer's link survives, for two tenants, and going back works."""

from datetime import UTC, datetime

import pytest

from groundwork.core.testing import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("planning", "0006_process_title_es"), ("gatherings", "0001_initial")]
AFTER = [("planning", "0008_gathering_to_gatherings")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    """Leave the database as every other test expects it: each app at its latest migration."""
    yield
    migrate_to_latest()


def _migrate(targets):  # type: ignore[no-untyped-def]
    return migrate_to(targets)


def test_gatherings_move_with_every_field_and_answer_and_back():
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Community = apps.get_model("communities", "Community")
    Process = apps.get_model("planning", "Process")
    Question = apps.get_model("planning", "Question")
    Guide = apps.get_model("planning", "Guide")
    Contribution = apps.get_model("planning", "Contribution")
    Old = apps.get_model("planning", "Gathering")
    made = {}
    for n, slug in enumerate(["alder", "birch"]):  # two tenants
        community = Community.objects.create(name=slug, slug=slug)
        process = Process.objects.create(community=community, title=slug, slug="p")
        question = Question.objects.create(
            process=process, key="problems", order=0, text_en="?", text_es="¿?"
        )
        guide = Guide.objects.create(community=community, slug="g", title_en="Guide")
        facilitator = User.objects.create(email=f"{slug}@example.org", name=slug)
        gathering = Old.objects.create(
            community=community,
            process=process,
            title=f"Hall {slug}",
            kind="large" if n == 0 else "small",
            starts_at=datetime(2027, 3, 10 + n, 18, 0, tzinfo=UTC),
            place="Church hall" if n == 0 else "",
            online_url="" if n == 0 else "https://meet.example.org/x",
            language="es",
            interpretation="ASL",
            facilitator=facilitator,
            expected_attendance=40,
            actual_attendance=37 + n,
            notes=f"Dot counts {slug}",
            guide=guide,
        )
        Old.objects.filter(pk=gathering.pk).update(
            created_at=datetime(2026, 1, 2, tzinfo=UTC), updated_at=datetime(2026, 1, 3, tzinfo=UTC)
        )
        answers = [
            Contribution.objects.create(
                community=community,
                process=process,
                question=question,
                gathering=gathering,
                text=f"Answer {i}",
                language="es",
                channel="large_group",
                idempotency_key=f"{slug}-{i}",
                sequence=i,
            )
            for i in range(2)
        ]
        made[slug] = (gathering.pk, process.pk, community.pk, guide.pk, facilitator.pk, answers)

    apps = _migrate(AFTER)
    New = apps.get_model("gatherings", "Gathering")
    Contribution = apps.get_model("planning", "Contribution")
    for n, (slug, (pk, process_id, community_id, guide_id, user_id, answers)) in enumerate(
        made.items()
    ):
        g = New.objects.get(pk=pk)
        assert (g.title, g.kind, g.language, g.interpretation, g.notes) == (
            f"Hall {slug}",
            "large" if n == 0 else "small",
            "es",
            "ASL",
            f"Dot counts {slug}",
        )
        assert g.starts_at == datetime(2027, 3, 10 + n, 18, 0, tzinfo=UTC)
        assert g.ends_at > g.starts_at
        assert (g.place, g.online_url) == (
            ("Church hall", "") if n == 0 else ("", "https://meet.example.org/x")
        )
        assert g.mode == ("in_person" if n == 0 else "online")
        assert (g.expected_attendance, g.actual_attendance) == (40, 37 + n)
        assert (g.process_id, g.community_id, g.network_id) == (process_id, community_id, None)
        assert (g.guide_id, g.facilitator_id) == (guide_id, user_id)
        assert g.created_at == datetime(2026, 1, 2, tzinfo=UTC)
        assert g.updated_at == datetime(2026, 1, 3, tzinfo=UTC)
        assert g.is_public is False  # a facilitators' record until they list it
        assert set(Contribution.objects.filter(gathering_id=pk).values_list("pk", flat=True)) == {
            a.pk for a in answers
        }
    # New rows get new ids after the copied ones.
    first = New.objects.get(pk=made["alder"][0])
    fresh = New.objects.create(
        community_id=first.community_id,
        title="New",
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        language="en",
    )
    assert fresh.pk > max(m[0] for m in made.values())
    fresh.delete()

    apps = _migrate(BEFORE)  # and back: the old table has them again, answers still linked
    Old = apps.get_model("planning", "Gathering")
    Contribution = apps.get_model("planning", "Contribution")
    for slug, (pk, process_id, _c, guide_id, _u, answers) in made.items():
        g = Old.objects.get(pk=pk)
        assert (g.title, g.process_id, g.guide_id, g.notes) == (
            f"Hall {slug}",
            process_id,
            guide_id,
            f"Dot counts {slug}",
        )
        assert Contribution.objects.filter(gathering_id=pk).count() == len(answers)
