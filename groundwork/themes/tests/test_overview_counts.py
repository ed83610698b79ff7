"""The theme overview's counts: subthemes suppressed as parts of their theme's published count,
hidden with it, counted in people within the filters, each with its quote. Each test builds
the same themes in a look-alike tenant, with other counts, that must not show."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from groundwork.core.testing import assert_absent
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import AnalysisRun
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Question
from groundwork.themes import selectors
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun

pytestmark = pytest.mark.django_db


def _answers(tenant: Any, n: int, *, language: str = "en", people: bool = False) -> list[Any]:
    """``n`` answers to "problems", each by a participant of its own when ``people``."""
    question = Question.objects.get(process=tenant.process, key="problems")
    rows = []
    for i in range(n):
        participant = (
            planning.participant_create(process=tenant.process, language=language)
            if people
            else None
        )
        rows.append(
            Contribution(
                community=tenant.community,
                process=tenant.process,
                question=question,
                participant=participant,
                text=f"Rent {tenant.marker} {language} {i}",
                language=language,
                channel="online",
                idempotency_key=f"rent-{language}-{i}",
            )
        )
    return Contribution.objects.bulk_create(rows)


def _theme(tenant: Any, key: str, answers: list[Any], subs: dict[str, list[Any]]) -> Theme:
    """A theme holding ``answers``, with subthemes each holding some of them."""
    question = Question.objects.get(process=tenant.process, key="problems")
    theme = Theme.objects.create(
        process=tenant.process, question=question, key=key, label=f"About {key}"
    )
    by_sub = {}
    for sub_key, members in subs.items():
        sub = Theme.objects.create(
            process=tenant.process,
            question=question,
            parent=theme,
            key=f"{key}.{sub_key}",
            label=f"About {sub_key}",
            quotes=[{"id": members[0].pk, "text": members[0].text}],
        )
        by_sub.update({c.pk: sub for c in members})
    ThemeMembership.objects.bulk_create(
        ThemeMembership(theme=theme, subtheme=by_sub.get(c.pk), contribution=c) for c in answers
    )
    theme.size = len(answers)
    theme.save()
    return theme


def _overview(tenant: Any, viewer: Any, **filters: Any) -> Any:
    question = Question.objects.get(process=tenant.process, key="problems")
    return selectors.theme_overview(question=question, viewer=viewer, filters=filters)


def _subs(overview: Any, key: str) -> dict[str, Any]:
    [theme] = [r for r in overview.themes if r.theme.key == key]
    return {r.theme.key: r for r in theme.subthemes}


def test_subthemes_holding_every_answer_of_their_theme_are_all_shown(tenant, other_tenant):
    """No answer of the theme is outside its subthemes: there is no hidden remainder to
    protect, so two subthemes above the threshold are both published."""
    answers = _answers(tenant, 24)
    _theme(tenant, "rent", answers, {"a": answers[:12], "b": answers[12:]})
    others = _answers(other_tenant, 25)
    _theme(other_tenant, "rent", others, {"a": others[:13], "b": others[13:]})

    overview = _overview(tenant, AnonymousUser())
    assert [(r.theme.key, r.shown) for r in overview.themes] == [("rent", 24)]
    subs = _subs(overview, "rent")
    assert {k: (r.count, r.shown) for k, r in subs.items()} == {
        "rent.a": (12, 12),
        "rent.b": (12, 12),
    }


def test_subthemes_of_a_theme_whose_count_is_hidden_are_hidden_from_the_public(
    tenant, other_tenant
):
    """A theme of 15 answers is hidden beside one of 5 (its count would give the small one
    away): its subtheme of all 15, publishable alone, is hidden with it. Facilitators see
    every count."""
    big = _answers(tenant, 15)
    _theme(tenant, "rent", big, {"all": big})
    small = _answers(tenant, 5, language="es")
    _theme(tenant, "bus", small, {})
    others = _answers(other_tenant, 15)
    _theme(other_tenant, "rent", others, {"all": others})

    public = _overview(tenant, AnonymousUser())
    assert {r.theme.key: r.shown for r in public.themes} == {"rent": None, "bus": None}
    [sub] = _subs(public, "rent").values()
    assert (sub.count, sub.hidden, sub.shown) == (15, True, None)

    facilitators = _overview(tenant, tenant.coordinator)
    assert {r.theme.key: r.shown for r in facilitators.themes} == {"rent": 15, "bus": 5}
    [sub] = _subs(facilitators, "rent").values()
    assert (sub.hidden, sub.shown) == (False, 15)


def test_a_subtheme_counts_the_people_of_the_answers_the_filters_pick(tenant, other_tenant):
    english = _answers(tenant, 3, people=True)
    spanish = _answers(tenant, 2, language="es", people=True)
    _theme(tenant, "rent", english + spanish, {"all": english + spanish})
    others = _answers(other_tenant, 4, language="es", people=True)
    _theme(other_tenant, "rent", others, {"all": others})

    [sub] = _subs(_overview(tenant, tenant.coordinator), "rent").values()
    assert (sub.count, sub.people) == (5, 5)
    [sub] = _subs(_overview(tenant, tenant.coordinator, language="es"), "rent").values()
    assert (sub.count, sub.people) == (2, 2)
    [sub] = _subs(_overview(tenant, tenant.coordinator, language="en"), "rent").values()
    assert (sub.count, sub.people) == (3, 3)


def test_each_subtheme_shows_its_own_quote(tenant, other_tenant):
    answers = _answers(tenant, 6)
    _theme(tenant, "rent", answers, {"a": answers[:3], "b": answers[3:]})
    others = _answers(other_tenant, 6)
    _theme(other_tenant, "rent", others, {"a": others[:3], "b": others[3:]})

    subs = _subs(_overview(tenant, tenant.coordinator), "rent")
    assert {k: [q.pk for q in r.quotes] for k, r in subs.items()} == {
        "rent.a": [answers[0].pk],
        "rent.b": [answers[3].pk],
    }
    assert_absent(other_tenant, [q.text for r in subs.values() for q in r.quotes])


def _voted(tenant: Any, agree: int, disagree: int) -> Any:
    """The tenant's first answer made a statement, voted on by opinion group A; group B is one
    person who agreed, group C one who did not vote on it."""
    quoted = tenant.contributions[0]
    statement = deliberation.statement_seed(
        actor=tenant.coordinator,
        conversation=tenant.conversation,
        text=quoted.text,
        language=quoted.language,
        contribution=quoted,
    )
    people = [planning.participant_create(process=tenant.process) for _ in range(agree + disagree)]
    one, silent = (planning.participant_create(process=tenant.process) for _ in range(2))
    for i, participant in enumerate([*people, one]):
        deliberation.vote_cast(
            conversation=tenant.conversation,
            participant=participant,
            statement=statement,
            value=1 if i < agree or participant == one else -1,
            idempotency_key=f"vote-{i}",
        )
    AnalysisRun.objects.create(
        conversation=tenant.conversation,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        results={"labels": {**{str(v.pk): 0 for v in people}, str(one.pk): 1, str(silent.pk): 2}},
    )
    return quoted


def test_a_group_split_needs_eleven_voters_for_the_public_one_for_facilitators(
    tenant, other_tenant
):
    quoted = _voted(tenant, 6, 2)
    _voted(other_tenant, 9, 3)

    public = Contribution.objects.get(pk=quoted.pk)
    selectors.attach_quote_votes([public], process=tenant.process, curator=False)
    votes = public.votes  # type: ignore[attr-defined]
    assert (votes.agree, votes.disagree, votes.passed) == (None, None, 0)
    assert [(g.label, g.agree, g.disagree) for g in votes.groups] == [
        ("A", None, None),
        ("B", None, None),
        ("C", None, None),
    ]

    facilitators = Contribution.objects.get(pk=quoted.pk)
    selectors.attach_quote_votes([facilitators], process=tenant.process, curator=True)
    votes = facilitators.votes  # type: ignore[attr-defined]
    assert (votes.agree, votes.disagree, votes.passed) == (7, 2, 0)
    # A group of one voter has a split; a group with no vote on the statement has none.
    assert [(g.label, g.agree, g.disagree) for g in votes.groups] == [
        ("A", 75, 25),
        ("B", 100, 0),
        ("C", None, None),
    ]


def test_the_last_finished_run_behind_a_pending_one_is_the_question_own(tenant, other_tenant):
    def run(owner: Any, status: str) -> Any:
        question = Question.objects.get(process=owner.process, key="problems")
        return ThemeRun.objects.create(process=owner.process, question=question, status=status)

    done = run(tenant, ThemeRun.Status.DONE)
    pending = run(tenant, ThemeRun.Status.QUEUED)
    run(other_tenant, ThemeRun.Status.DONE)  # newer, of the look-alike question

    question = Question.objects.get(process=tenant.process, key="problems")
    assert selectors.latest_runs(question=question) == (pending, done)


def test_set_aside_answers_are_those_of_each_question_latest_finished_run(tenant, other_tenant):
    def run(owner: Any, key: str, about: list[int], junk: list[int]) -> Any:
        question = Question.objects.get(process=owner.process, key=key)
        return ThemeRun.objects.create(
            process=owner.process,
            question=question,
            status=ThemeRun.Status.DONE,
            parameters={"set_aside": {"about": about, "junk": junk}},
        )

    ids = [c.pk for c in tenant.contributions]
    run(tenant, "problems", [ids[0]], [ids[1]])  # an older run of the same question
    run(tenant, "problems", [ids[2]], [])
    run(tenant, "strengths", [], [ids[3]])
    run(other_tenant, "problems", [c.pk for c in other_tenant.contributions], [])

    aside = selectors.set_aside_answers(
        process=tenant.process, question_keys=["problems", "strengths"]
    )
    assert aside == {ids[2], ids[3]}


def test_the_export_lists_each_theme_quotes_in_order(tenant, other_tenant):
    answers = _answers(tenant, 12)
    theme = _theme(tenant, "rent", answers, {"a": answers[:4]})
    theme.quotes = [{"id": c.pk, "text": c.text} for c in answers[5:8]]
    theme.save()
    _theme(other_tenant, "rent", _answers(other_tenant, 12), {})

    question = Question.objects.get(process=tenant.process, key="problems")
    rows = selectors.theme_export_rows(question=question, viewer=tenant.coordinator)
    assert [
        (r["key"], r["parent"], r["answers"], r["quote_1"], r["quote_2"], r["quote_3"])
        for r in rows
    ] == [
        ("rent", "", 12, answers[5].text, answers[6].text, answers[7].text),
        ("rent.a", "rent", 4, answers[0].text, "", ""),
    ]


def test_a_quote_whose_only_statement_is_another_community_costs_no_vote_query(
    tenant, other_tenant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groundwork.deliberation.models import Statement, StatementModeration

    answers = _answers(tenant, 12)
    theme = _theme(tenant, "rent", answers, {})
    theme.quotes = [{"id": answers[0].pk, "text": answers[0].text}]
    theme.save()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            overview = _overview(tenant, AnonymousUser())
        [ranked] = overview.themes
        assert [q.pk for q in ranked.quotes] == [answers[0].pk]
        assert not hasattr(ranked.quotes[0], "votes")
        return len(captured)

    alone = queries()
    # Written in by hand, past every service: the look-alike tenant's statement of this answer.
    Statement.objects.create(
        community=other_tenant.community,
        conversation=other_tenant.conversation,
        text=answers[0].text,
        source="contribution",
        contribution=answers[0],
        moderation=StatementModeration.ACCEPTED,
    )
    assert queries() == alone


def test_votes_on_a_statement_of_another_process_of_the_community_do_not_count(
    tenant, other_tenant
):
    from groundwork.deliberation.models import Statement, StatementModeration

    later = planning.process_create(
        actor=tenant.coordinator, community=tenant.community, title="Resilience 2028", slug="2028"
    )
    conversation = deliberation.conversation_create(
        actor=tenant.coordinator, process=later, topic="Getting around"
    )
    # Written in by hand, past every service, before this process's own statement of the same
    # answer: the later process's statement of it, with votes.
    stray = Statement.objects.create(
        community=tenant.community,
        conversation=conversation,
        text=tenant.contributions[0].text,
        source="contribution",
        contribution=tenant.contributions[0],
        moderation=StatementModeration.ACCEPTED,
    )
    for i in range(5):
        deliberation.vote_cast(
            conversation=conversation,
            participant=planning.participant_create(process=later),
            statement=stray,
            value=-1,
            idempotency_key=f"stray-{i}",
        )
    quoted = _voted(tenant, 6, 2)
    _voted(other_tenant, 9, 3)

    answer = Contribution.objects.get(pk=quoted.pk)
    selectors.attach_quote_votes([answer], process=tenant.process, curator=True)
    votes = answer.votes  # type: ignore[attr-defined]
    assert (votes.agree, votes.disagree, votes.passed) == (7, 2, 0)
