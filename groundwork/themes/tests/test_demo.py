"""The demo's themes: every question of every demo process has them, subthemes included."""

import pytest

from groundwork.core.demo import load_demo
from groundwork.planning.demo import load_planning_demo
from groundwork.themes.demo import load_themes_demo
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun

pytestmark = pytest.mark.django_db


def test_demo_themes_computed_once_with_subthemes_stored_once_each():
    load_demo()
    load_planning_demo()
    runs = list(ThemeRun.objects.select_related("question"))
    assert len(runs) == 15  # three processes × five questions
    assert {r.status for r in runs} == {ThemeRun.Status.DONE}, [r.error for r in runs]
    subthemes = Theme.objects.filter(parent__isnull=False)
    assert subthemes.exists()
    for sub in subthemes:
        # A subtheme row stands for all of its members (it used to be written once per member).
        assert ThemeMembership.objects.filter(subtheme=sub).count() == sub.size
    # Loading again computes nothing new.
    assert load_themes_demo() == 0
    assert ThemeRun.objects.count() == 15
