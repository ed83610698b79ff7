"""Theme writes are atomic and audited in their own community, with what changed; each test
runs beside a look-alike tenant whose themes have the same keys and labels."""

from typing import Any

import pytest

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.planning.models import Question
from groundwork.themes import services
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun

pytestmark = pytest.mark.django_db


def _themed(tenant: Any) -> Theme:
    question = Question.objects.get(process=tenant.process, key="problems")
    theme = Theme.objects.create(
        process=tenant.process, question=question, key="t1", label="Getting to the clinic"
    )
    for c in tenant.contributions:
        if c.question_id == question.pk:
            ThemeMembership.objects.create(theme=theme, contribution=c, strength=1.0)
    theme.size = theme.memberships.count()
    theme.save()
    return theme


def _events(tenant: Any, action: str) -> list[tuple[Any, dict[str, Any]]]:
    return [
        (e.community_id, e.details)
        for e in AuditEvent.objects.filter(action=action, community=tenant.community).order_by("id")
    ]


def test_a_request_is_audited_in_its_community_with_whether_it_starts_over(tenant, other_tenant):
    question = Question.objects.get(process=tenant.process, key="problems")
    with unchanged(other_tenant):
        run = services.themes_request(actor=tenant.coordinator, question=question)
    assert (run.process, run.question) == (tenant.process, question)
    assert _events(tenant, "themes.requested") == [(tenant.community.pk, {"start_over": False})]
    assert not AuditEvent.objects.filter(action="themes.requested", community=None).exists()


def test_a_request_whose_audit_fails_stores_no_run(tenant, other_tenant, monkeypatch):
    question = Question.objects.get(process=tenant.process, key="problems")

    def refuse(**kwargs: Any) -> None:
        raise ApplicationError("The audit log is full.")

    monkeypatch.setattr(services, "audit_record", refuse)
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        services.themes_request(actor=tenant.coordinator, question=question)
    assert not ThemeRun.objects.filter(process=tenant.process).exists()


def test_a_rename_is_audited_with_the_old_and_new_names(tenant, other_tenant):
    theme = _themed(tenant)
    _themed(other_tenant)
    with unchanged(other_tenant):
        services.theme_rename(actor=tenant.coordinator, theme=theme, label="  The  clinic bus ")
    theme.refresh_from_db()
    assert (theme.label, theme.label_is_custom, theme.curated) == ("The clinic bus", True, True)
    assert _events(tenant, "themes.renamed") == [
        (tenant.community.pk, {"old": "Getting to the clinic", "new": "The clinic bus"})
    ]


def test_a_theme_is_not_renamed_to_nothing(tenant, other_tenant):
    theme = _themed(tenant)
    _themed(other_tenant)
    with unchanged(tenant, other_tenant), pytest.raises(ApplicationError) as refused:
        services.theme_rename(actor=tenant.coordinator, theme=theme, label=" \n ")
    assert refused.value.field == "label"
    theme.refresh_from_db()
    assert (theme.label, theme.label_is_custom) == ("Getting to the clinic", False)


def test_a_name_longer_than_two_hundred_characters_is_refused(tenant, other_tenant):
    from django.core.exceptions import ValidationError

    theme = _themed(tenant)
    _themed(other_tenant)
    services.theme_rename(actor=tenant.coordinator, theme=theme, label="x" * 200)
    theme = Theme.objects.get(pk=theme.pk)
    with unchanged(tenant, other_tenant), pytest.raises(ValidationError):
        services.theme_rename(actor=tenant.coordinator, theme=theme, label="y" * 201)
    assert Theme.objects.get(pk=theme.pk).label == "x" * 200


def _two_themes(tenant: Any) -> tuple[Theme, Theme, list[Any]]:
    """Two themes of "problems": the bus (answers 0-1) and the clinic (answers 1-2; answer 1 in
    both), each quoting its answers."""
    question = Question.objects.get(process=tenant.process, key="problems")
    answers = [c for c in tenant.contributions if c.question_id == question.pk][:3]
    themes = []
    for key, members in (("bus", answers[:2]), ("clinic", answers[1:])):
        theme = Theme.objects.create(
            process=tenant.process,
            question=question,
            key=key,
            label=f"About the {key}",
            quotes=[{"id": c.pk, "text": c.text} for c in members],
            size=len(members),
        )
        ThemeMembership.objects.bulk_create(
            ThemeMembership(theme=theme, contribution=c) for c in members
        )
        themes.append(theme)
    return themes[0], themes[1], answers


def test_a_merge_keeps_each_answer_and_quote_once_and_is_audited(tenant, other_tenant):
    target, source, answers = _two_themes(tenant)
    look_alike, _clinic, _answers = _two_themes(other_tenant)
    sub = Theme.objects.create(
        process=other_tenant.process,
        question=look_alike.question,
        parent=look_alike,
        key="bus.x",
        label="Sub",
    )
    look_alike.memberships.update(subtheme=sub)
    source.pinned_quote = answers[2]
    source.save()
    tenant.goal.theme = source  # the plan's goal came from the merged theme
    tenant.goal.save()
    with unchanged(other_tenant):
        services.theme_merge(actor=tenant.coordinator, source=source, target=target)
    target.refresh_from_db()
    tenant.goal.refresh_from_db()
    assert tenant.goal.theme == target
    assert not Theme.objects.filter(pk=source.pk).exists()
    assert sorted(target.memberships.values_list("contribution_id", flat=True)) == sorted(
        c.pk for c in answers
    )
    assert [q["id"] for q in target.quotes] == [answers[0].pk, answers[1].pk, answers[2].pk]
    assert (target.size, target.curated, target.pinned_quote_id) == (3, True, answers[2].pk)
    assert _events(tenant, "themes.merged") == [
        (
            tenant.community.pk,
            {"source": "About the clinic", "source_key": "clinic", "moved": 1},
        )
    ]
    # The look-alike tenant's subthemes keep their answers.
    assert sub.sub_memberships.count() == 2


def test_a_split_makes_each_subtheme_a_theme_and_the_loose_answers_join_the_largest(
    tenant, other_tenant
):
    question = Question.objects.get(process=tenant.process, key="problems")
    answers = [c for c in tenant.contributions if c.question_id == question.pk]  # four
    extra = [c for c in tenant.contributions if c.question.key == "strengths"][:2]
    theme = Theme.objects.create(
        process=tenant.process, question=question, key="t", label="Everything", size=6
    )
    large = Theme.objects.create(
        process=tenant.process, question=question, parent=theme, key="t.a", label="A", size=3
    )
    small = Theme.objects.create(
        process=tenant.process, question=question, parent=theme, key="t.b", label="B", size=2
    )
    parts = [large, large, large, small, small, None]
    ThemeMembership.objects.bulk_create(
        ThemeMembership(theme=theme, subtheme=sub, contribution=c)
        for sub, c in zip(parts, [*answers, *extra], strict=True)
    )
    tenant.goal.theme = theme
    tenant.goal.save()
    _two_themes(other_tenant)

    with unchanged(other_tenant):
        made = services.theme_split(actor=tenant.coordinator, theme=theme)
    assert [t.pk for t in made] == [large.pk, small.pk]
    assert not Theme.objects.filter(pk=theme.pk).exists()
    for part, size in ((large, 4), (small, 2)):
        part.refresh_from_db()
        assert (part.parent_id, part.size, part.curated) == (None, size, True)
        assert part.memberships.count() == size
        assert not part.memberships.filter(subtheme__isnull=False).exists()
    tenant.goal.refresh_from_db()
    assert tenant.goal.theme == large
    assert _events(tenant, "themes.split") == [(tenant.community.pk, {"into": ["A", "B"]})]


def test_an_answer_is_moved_only_into_a_theme_of_its_question_and_kind(tenant, other_tenant):
    bus, clinic, answers = _two_themes(tenant)
    _two_themes(other_tenant)
    sub = Theme.objects.create(
        process=tenant.process, question=bus.question, parent=bus, key="bus.x", label="Sub"
    )
    barriers = Question.objects.get(process=tenant.process, key="barriers")
    internal = Theme.objects.create(
        process=tenant.process, question=barriers, key="i", label="Inside", barrier_kind="internal"
    )
    external = Theme.objects.create(
        process=tenant.process, question=barriers, key="e", label="Outside", barrier_kind="external"
    )
    barrier = next(c for c in tenant.contributions if c.question_id == barriers.pk)  # internal
    with unchanged(tenant, other_tenant):
        for contribution, theme in ((answers[0], sub), (answers[0], internal)):
            with pytest.raises(ApplicationError) as refused:
                services.membership_move(
                    actor=tenant.coordinator, contribution=contribution, theme=theme
                )
            assert refused.value.field == "theme"
        with pytest.raises(ApplicationError) as refused:
            services.membership_move(actor=tenant.coordinator, contribution=barrier, theme=external)
        assert refused.value.field == "theme"
    # An answer in no theme yet is put in one, its whole text the claim.
    services.membership_move(actor=tenant.coordinator, contribution=barrier, theme=internal)
    claims = internal.memberships.values_list("contribution_id", "claim_start", "claim_end")
    assert list(claims) == [(barrier.pk, 0, len(barrier.text))]
    internal.refresh_from_db()
    assert internal.size == 1


def test_a_moved_answer_leaves_its_theme_sizes_and_quotes_right(tenant, other_tenant):
    bus, clinic, answers = _two_themes(tenant)
    _two_themes(other_tenant)
    bus.pinned_quote = answers[0]
    bus.save()
    # Renamed by someone else since this page loaded it: the move writes the size only.
    Theme.objects.filter(pk=clinic.pk).update(label="Renamed meanwhile")
    with unchanged(other_tenant):
        services.membership_move(actor=tenant.coordinator, contribution=answers[0], theme=clinic)
    bus.refresh_from_db()
    clinic.refresh_from_db()
    assert (bus.size, [q["id"] for q in bus.quotes], bus.pinned_quote_id) == (
        1,
        [answers[1].pk],
        None,
    )
    assert (clinic.size, clinic.label) == (3, "Renamed meanwhile")
    assert _events(tenant, "themes.moved") == [
        (tenant.community.pk, {"contribution": answers[0].pk, "source": "About the bus"})
    ]


def test_a_pinned_quote_is_one_of_the_theme_answers_and_is_audited(tenant, other_tenant):
    bus, clinic, answers = _two_themes(tenant)
    _two_themes(other_tenant)
    with unchanged(other_tenant):
        with pytest.raises(ApplicationError):
            services.quote_pin(actor=tenant.coordinator, theme=bus, contribution=answers[2])
        services.quote_pin(actor=tenant.coordinator, theme=bus, contribution=answers[1])
        bus.refresh_from_db()
        assert (bus.pinned_quote_id, bus.curated) == (answers[1].pk, True)
        services.quote_pin(actor=tenant.coordinator, theme=bus, contribution=None)
    bus.refresh_from_db()
    assert bus.pinned_quote_id is None
    assert _events(tenant, "themes.pinned") == [
        (tenant.community.pk, {"contribution": answers[1].pk}),
        (tenant.community.pk, {"contribution": None}),
    ]
