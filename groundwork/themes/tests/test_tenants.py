"""Themes and their answers are read within one process: each test runs beside a look-alike
tenant (groundwork.core.testing) whose themes have the same labels and keys."""

import pytest

from groundwork.core.testing import assert_absent, assert_present
from groundwork.planning.models import Question
from groundwork.themes import selectors
from groundwork.themes.models import Theme, ThemeMembership

pytestmark = pytest.mark.django_db


def _themed(tenant):  # type: ignore[no-untyped-def]
    question = Question.objects.get(process=tenant.process, key="problems")
    theme = Theme.objects.create(
        process=tenant.process, question=question, key="t1", label="Getting to the clinic"
    )
    for c in tenant.contributions:
        if c.question_id == question.pk:
            ThemeMembership.objects.create(theme=theme, contribution=c, strength=1.0)
    theme.size = theme.memberships.count()
    theme.save()
    return question, theme


def test_theme_members_and_overview_are_the_process_own(tenant, other_tenant):  # type: ignore[no-untyped-def]
    question, theme = _themed(tenant)
    _themed(other_tenant)
    members = list(selectors.theme_members(theme=theme, viewer=tenant.coordinator))
    assert len(members) == 4  # three people's same words and the marker answer
    assert {m.contribution.process_id for m in members} == {tenant.process.pk}
    assert_present(tenant, [m.contribution.text for m in members])
    assert_absent(other_tenant, [m.contribution.text for m in members])
    overview = selectors.theme_overview(question=question, viewer=tenant.coordinator)
    assert [(r.theme, r.count) for r in overview.themes] == [(theme, 4)]
    assert overview.total == 4
    assert_absent(other_tenant, [q.text for r in overview.themes for q in r.quotes])
