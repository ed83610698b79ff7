"""Themes are computed in the background and stored; human curation survives re-runs."""

import pytest
from django.core.management import call_command

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Moderation
from groundwork.themes import compute, services
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun
from groundwork.themes.tasks import themes_compute

from .data import ANSWERS, ENGLISH, NEW_ENGLISH, look_alike_themes, submit, submit_all

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def process(other_tenant):  # type: ignore[no-untyped-def]
    look_alike_themes(other_tenant)  # the same answers and themes in the other tenant
    community = CommunityFactory(name="Alder County")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    submit_all(process)
    return process


def _coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def _question(process):  # type: ignore[no-untyped-def]
    return process.questions.get(key="problems")


def _run(process, *, start_over=False):  # type: ignore[no-untyped-def]
    run = services.themes_request(
        actor=_coordinator(process), question=_question(process), start_over=start_over
    )
    assert themes_compute.call(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def test_a_run_stores_themes_members_quotes_and_the_model(process):
    run = _run(process)
    assert run.status == ThemeRun.Status.DONE and run.mode == ThemeRun.Mode.FULL
    assert run.model["version"] and run.contribution_count == ANSWERS
    themes = list(Theme.objects.filter(question=_question(process), parent=None))
    assert len(themes) >= 3
    assert ThemeMembership.objects.filter(theme__process=process).count() == run.assigned_count
    for theme in themes:
        assert theme.size == theme.memberships.count() > 0
        member_ids = set(theme.memberships.values_list("contribution_id", flat=True))
        assert theme.quotes and {q["id"] for q in theme.quotes} <= member_ids
    languages = {Contribution.objects.get(pk=t.quotes[0]["id"]).language for t in themes}
    assert languages == {"en", "es"}
    assert AuditEvent.objects.filter(action="themes.finished", community=process.community).exists()
    # Running a finished run again changes nothing.
    assert themes_compute.call(run_id=run.pk) == "skipped"


def test_a_few_dozen_answers_do_not_split_a_subject_into_look_alikes(process):
    # Under 50 answers every word counts, even one used once; the choice of the number of
    # themes must still keep the eight answers about rent together in one theme.
    _run(process)
    rent = set(ENGLISH["rent"])
    themes = {
        m.theme_id
        for m in ThemeMembership.objects.filter(theme__process=process).select_related(
            "contribution"
        )
        if m.contribution.text in rent
    }
    assert len(themes) == 1


def test_only_visible_answers_are_clustered(process):
    hidden = Contribution.objects.filter(process=process).first()
    hidden.moderation = Moderation.HIDDEN
    hidden.save()
    run = _run(process)
    assert run.contribution_count == ANSWERS - 1
    assert not ThemeMembership.objects.filter(contribution=hidden).exists()


def test_only_facilitators_request_runs(process):
    outsider = member(CommunityFactory(), Role.COORDINATOR)
    with pytest.raises(ApplicationError):
        services.themes_request(actor=outsider, question=_question(process))
    assert not ThemeRun.objects.filter(process=process).exists()


def test_a_failed_run_keeps_the_last_good_themes(process, monkeypatch):
    _run(process)
    before = sorted(Theme.objects.filter(process=process).values_list("label", flat=True))

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(compute.engine, "find_themes", broken)
    run = services.themes_request(
        actor=_coordinator(process), question=_question(process), start_over=True
    )
    assert themes_compute.call(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FAILED and "boom" in run.error
    assert sorted(Theme.objects.filter(process=process).values_list("label", flat=True)) == before


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_request(process):
    services.themes_request(actor=_coordinator(process), question=_question(process))
    call_command("db_worker", "--batch", "--no-startup-delay")
    run = ThemeRun.objects.get(process=process)
    assert run.status == ThemeRun.Status.DONE, run.error
    assert Theme.objects.filter(process=process).exists()


def test_merge_and_rename_hold_across_a_rerun_and_new_answers_are_assigned(process):
    _run(process)
    actor = _coordinator(process)
    themes = list(Theme.objects.filter(process=process, parent=None).order_by("-size", "id"))
    target, source = themes[0], themes[1]
    both = set(
        ThemeMembership.objects.filter(theme__in=[target, source]).values_list(
            "contribution_id", flat=True
        )
    )
    services.theme_merge(actor=actor, source=source, target=target)
    services.theme_rename(actor=actor, theme=target, label="Getting around and play")
    others = themes[2:]
    moved = ThemeMembership.objects.filter(theme=others[0]).first()
    services.membership_move(actor=actor, contribution=moved.contribution, theme=target)
    pinned = ThemeMembership.objects.filter(theme=target).last().contribution
    services.quote_pin(actor=actor, theme=target, contribution=pinned)
    assert (
        AuditEvent.objects.filter(action__startswith="themes.", community=process.community).count()
        >= 5
    )

    submit(process, NEW_ENGLISH, "en", "new")
    run = _run(process)
    assert run.mode == ThemeRun.Mode.ASSIGN
    target.refresh_from_db()
    assert target.label == "Getting around and play" and target.label_is_custom
    assert target.pinned_quote == pinned
    assert not Theme.objects.filter(pk=source.pk).exists()
    kept = set(
        ThemeMembership.objects.filter(theme=target).values_list("contribution_id", flat=True)
    )
    assert both | {moved.contribution_id} <= kept
    new = Contribution.objects.filter(process=process, idempotency_key__startswith="new-")
    assert ThemeMembership.objects.filter(contribution__in=new).count() == run.assigned_count > 0
    assert run.contribution_count == len(NEW_ENGLISH)
    assert Theme.objects.filter(process=process, parent=None).count() == len(themes) - 1

    # Starting over clusters everything again, dropping the curation (on purpose).
    run = _run(process, start_over=True)
    assert run.mode == ThemeRun.Mode.FULL
    assert not Theme.objects.filter(process=process, label="Getting around and play").exists()
    assert not compute.question_is_curated(_question(process))


def test_split_a_theme_into_its_subthemes(process):
    _run(process)
    theme = Theme.objects.filter(process=process, parent=None).first()
    a = Theme.objects.create(
        process=process, question=theme.question, parent=theme, key="x.1", label="A"
    )
    b = Theme.objects.create(
        process=process, question=theme.question, parent=theme, key="x.2", label="B"
    )
    members = list(theme.memberships.all())
    for i, m in enumerate(members):
        m.subtheme = a if i % 2 else b
        m.save()
    parts = services.theme_split(actor=_coordinator(process), theme=theme)
    assert {p.pk for p in parts} == {a.pk, b.pk}
    assert not Theme.objects.filter(pk=theme.pk).exists()
    a.refresh_from_db()
    assert a.parent is None and a.curated and a.size == len(members) // 2
    with pytest.raises(ApplicationError):
        services.theme_split(actor=_coordinator(process), theme=a)


def test_pinning_needs_a_member_and_merging_needs_the_same_question(process):
    _run(process)
    actor = _coordinator(process)
    first, second = Theme.objects.filter(process=process, parent=None)[:2]
    stranger = ThemeMembership.objects.filter(theme=second).first().contribution
    with pytest.raises(ApplicationError):
        services.quote_pin(actor=actor, theme=first, contribution=stranger)
    with pytest.raises(ApplicationError):
        services.theme_merge(actor=actor, source=first, target=first)


def test_a_rename_made_while_a_full_run_computes_is_kept(process, monkeypatch):
    _run(process)
    theme = Theme.objects.filter(process=process, parent=None).first()
    original = compute.engine.find_themes

    def rename_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        services.theme_rename(actor=_coordinator(process), theme=theme, label="Kept")
        return original(*args, **kwargs)

    monkeypatch.setattr(compute.engine, "find_themes", rename_meanwhile)
    run = _run(process)
    assert run.mode == ThemeRun.Mode.ASSIGN
    theme.refresh_from_db()
    assert theme.label == "Kept"


def _second_tenant():  # type: ignore[no-untyped-def]
    community = CommunityFactory(name="Birch County")
    coordinator = member(community, Role.COORDINATOR)
    other = planning.process_create(
        actor=coordinator, community=community, title="Birch Together", slug="together"
    )
    submit_all(other)
    return _run(other)


def _worker_run_all() -> None:
    from groundwork.core.worker import RobustWorker, new_worker_id

    RobustWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=new_worker_id(),
        excluded_queue_names=[],
        stale_after=1800,
        max_attempts=3,
        recover_every=60,
    ).run()


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_task_dies_before_recording_it_is_failed_and_the_page_says_so(
    process, client, monkeypatch
):
    from django.urls import reverse

    from groundwork.themes import tasks

    theirs = _second_tenant()
    _run(process)
    before = sorted(Theme.objects.filter(process=process).values_list("label", flat=True))

    def database_gone(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away while the run was being stored")

    # The run's result cannot be stored: the task raises after marking the run "running".
    monkeypatch.setattr(tasks, "audit_record", database_gone)
    run = services.themes_request(
        actor=_coordinator(process), question=_question(process), start_over=True
    )
    _worker_run_all()

    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FAILED  # not "running" for ever
    assert "went away" in run.error
    url = reverse("themes:list", args=[process.community.slug, process.slug])
    page = client.get(url, {"question": "problems"}).content.decode()
    assert "The last computation of themes failed" in page
    assert "being computed" not in page
    assert sorted(Theme.objects.filter(process=process).values_list("label", flat=True)) == before
    for label in before[:3]:
        assert label in page
    # A new request starts a new run instead of waiting for the dead one.
    monkeypatch.undo()
    again = services.themes_request(
        actor=_coordinator(process), question=_question(process), start_over=True
    )
    assert again.pk != run.pk
    # The other community's run is untouched.
    theirs.refresh_from_db()
    assert theirs.status == ThemeRun.Status.DONE


def test_an_interrupted_run_is_named_so_on_the_page_with_the_last_good_themes(process, client):
    from django.urls import reverse

    from groundwork.core.taskhooks import give_up_handler

    theirs = _second_tenant()
    _run(process)
    run = services.themes_request(
        actor=_coordinator(process), question=_question(process), start_over=True
    )
    run.status = ThemeRun.Status.RUNNING
    run.save(update_fields=["status"])
    handler = give_up_handler(themes_compute.module_path)
    assert handler is not None
    handler(run_id=run.pk, reason="Interrupted: the worker stopped during this task (3 attempts).")
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FAILED and run.interrupted
    url = reverse("themes:list", args=[process.community.slug, process.slug])
    page = client.get(url, {"question": "problems"}).content.decode()
    assert "was interrupted and did not finish; these are the last good themes" in page
    assert Theme.objects.filter(process=process, parent=None).first().label in page
    theirs.refresh_from_db()
    assert theirs.status == ThemeRun.Status.DONE
