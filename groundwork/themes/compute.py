"""The one place that turns stored answers into the theme engine's input and its output back
into rows. Called by the background task; writes the new themes in one transaction, so the
previous themes stay visible until the run is done and a failed run changes nothing."""

from typing import Any

from django.db import transaction
from django.db.models import Count

from groundwork.analysis import themes as engine
from groundwork.planning.models import Contribution, Moderation
from groundwork.plans.theme_links import capture, restore

from .models import Theme, ThemeMembership, ThemeRun


def question_is_curated(question: Any) -> bool:
    """Whether a person has shaped this question's themes (then re-runs only add answers)."""
    return (
        Theme.objects.filter(question=question, curated=True).exists()
        or ThemeMembership.objects.filter(theme__question=question, moved_by_human=True).exists()
    )


def _visible(question: Any) -> list[tuple[int, str, str]]:
    return list(
        Contribution.objects.filter(
            process_id=question.process_id, question=question, moderation=Moderation.VISIBLE
        )
        .order_by("id")
        .values_list("id", "text", "language")
    )


def _last_model(question: Any) -> dict[str, Any] | None:
    run = (
        ThemeRun.objects.filter(question=question, status=ThemeRun.Status.DONE)
        .exclude(model={})
        .only("model")
        .first()
    )
    return run.model if run is not None else None


def run_compute(run: ThemeRun) -> None:
    question = run.question
    has_themes = Theme.objects.filter(question=question).exists()
    base = _last_model(question)
    if (
        not run.start_over
        and has_themes
        and base is not None
        and (question_is_curated(question) or run.mode == ThemeRun.Mode.ASSIGN)
    ):
        _assign_new(run, question, base)
    else:
        _recluster(run, question)


def _recluster(run: ThemeRun, question: Any) -> None:
    rows = _visible(question)
    run.mode = ThemeRun.Mode.FULL
    run.contribution_count = len(rows)
    seed = int(run.parameters.get("seed", 0))
    result = engine.find_themes(
        [text for _, text, _ in rows],
        ids=[pk for pk, _, _ in rows],
        languages=[language for _, _, language in rows],
        seed=seed,
        backend="lexical",
    )
    with transaction.atomic():
        # Somebody curated the themes while this run computed: keep their work and only add
        # the new answers (unless this run was asked to start over).
        Theme.objects.select_for_update().filter(question=question).exists()
        if not run.start_over and question_is_curated(question):
            base = _last_model(question)
            if base is not None:
                _assign_new(run, question, base)
                return
        run.parameters = {**run.parameters, "seed": seed, "k": result.k, "backend": result.backend}
        run.model = result.model.to_dict()
        run.assigned_count = len(rows) - len(result.other)
        linked = capture(question)
        Theme.objects.filter(question=question).delete()
        memberships: list[ThemeMembership] = []
        for found in result.themes:
            theme = _theme_from(run, question, found, parent=None)
            subs: dict[int, Theme] = {}
            for sub in found.subthemes:
                row = _theme_from(run, question, sub, parent=theme)  # one row per subtheme
                subs.update((int(m.id), row) for m in sub.members)
            for member in found.members:
                memberships.append(
                    ThemeMembership(
                        theme=theme,
                        subtheme=subs.get(int(member.id)),
                        contribution_id=int(member.id),
                        strength=member.strength,
                    )
                )
        ThemeMembership.objects.bulk_create(memberships)
        restore(linked, question)


def _theme_from(run: ThemeRun, question: Any, found: engine.Theme, *, parent: Any) -> Theme:
    theme = Theme(
        process_id=question.process_id,
        question=question,
        run=run,
        parent=parent,
        key=found.id,
        label=found.label[:200],
        words=list(found.words),
        size=found.size,
        quotes=[{"id": int(q.id), "text": q.text} for q in found.quotes],
    )
    theme.full_clean(exclude=["process", "question", "run", "parent", "words", "quotes"])
    theme.save()
    return theme


def _assign_new(run: ThemeRun, question: Any, base_data: dict[str, Any]) -> None:
    """Place answers in no theme yet in the curated themes; never touch what people did."""
    run.mode = ThemeRun.Mode.ASSIGN
    base = engine.ThemeModel.from_dict(base_data)
    themes = list(Theme.objects.filter(question=question, parent=None))
    members: dict[str, list[str]] = {t.key: [] for t in themes}
    languages: dict[str, list[str | None]] = {t.key: [] for t in themes}
    for key, text, language in ThemeMembership.objects.filter(
        theme__question=question, contribution__moderation=Moderation.VISIBLE
    ).values_list("theme__key", "contribution__text", "contribution__language"):
        members[key].append(text)
        languages[key].append(language)
    curated = engine.theme_model_from_members(
        base,
        {key: texts for key, texts in members.items() if texts},
        languages=dict(languages),
        labels={t.key: t.label for t in themes},
    )
    placed = set(
        ThemeMembership.objects.filter(theme__question=question).values_list(
            "contribution_id", flat=True
        )
    )
    rows = [row for row in _visible(question) if row[0] not in placed]
    run.contribution_count = len(rows)
    assignments = engine.assign_to_themes(
        [text for _, text, _ in rows],
        curated,
        ids=[pk for pk, _, _ in rows],
        languages=[language for _, _, language in rows],
    )
    by_key = {t.key: t for t in themes}
    new = [
        ThemeMembership(
            theme=by_key[a.theme], contribution_id=int(a.id), strength=round(a.strength, 4)
        )
        for a in assignments
        if a.theme is not None and a.theme in by_key
    ]
    run.assigned_count = len(new)
    run.model = curated.to_dict()
    with transaction.atomic():
        ThemeMembership.objects.bulk_create(new, ignore_conflicts=True)
        sizes = dict(
            ThemeMembership.objects.filter(theme__in=themes)
            .values("theme")
            .annotate(n=Count("id"))
            .values_list("theme", "n")
        )
        for theme in themes:
            theme.size = sizes.get(theme.pk, 0)
        Theme.objects.bulk_update(themes, ["size"])
