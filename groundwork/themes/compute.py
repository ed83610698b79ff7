"""The one place that turns stored answers into the theme engine's input and its output back
into rows. Called by the background task; writes the new themes in one transaction, so the
previous themes stay visible until the run is done and a failed run changes nothing."""

from typing import Any

from django.db import transaction
from django.db.models import Count

from groundwork.analysis import themes as engine
from groundwork.analysis.theme_input import is_junk, is_self_description
from groundwork.planning.models import BarrierKind, Contribution, Moderation, QuestionKey
from groundwork.plans.theme_links import capture, restore

from .labels import names_by_language
from .models import Theme, ThemeMembership, ThemeRun

#: Themes with at least this many members (by weight) get subthemes in the application.
SUBTHEME_MIN_MEMBERS = 30


def question_is_curated(question: Any) -> bool:
    """Whether a person has shaped this question's themes (then re-runs only add answers)."""
    return (
        Theme.objects.filter(question=question, curated=True).exists()
        or ThemeMembership.objects.filter(theme__question=question, moved_by_human=True).exists()
    )


def _visible(question: Any) -> list[tuple[int, str, str]]:
    return [(pk, text, language) for pk, text, language, _kind, _who in _visible_rows(question)]


def _visible_rows(question: Any) -> list[tuple[int, str, str, str, int | None]]:
    return list(
        Contribution.objects.filter(
            process_id=question.process_id, question=question, moderation=Moderation.VISIBLE
        )
        .order_by("id")
        .values_list("id", "text", "language", "barrier_kind", "participant_id")
    )


def _authors(question: Any) -> dict[int, int | None]:
    """Each visible answer's participant (None when not known), so that one person's many
    answers weigh as one voice in the theme engine."""
    return {pk: who for pk, _text, _language, _kind, who in _visible_rows(question)}


def set_aside(run: ThemeRun | None) -> dict[str, list[int]]:
    """The answers a run left out of themes: "about" (self-descriptions, shown apart as who
    answered) and "junk" (empty answers, greetings, tests, keyboard mashes)."""
    stored = (run.parameters or {}).get("set_aside", {}) if run is not None else {}
    return {
        "about": [int(pk) for pk in stored.get("about", [])],
        "junk": [int(pk) for pk in stored.get("junk", [])],
    }


def _by_kind(question: Any) -> dict[str, list[tuple[int, str, str]]]:
    """The visible answers in the groups whose themes are found apart: the barriers question's
    answers by kind (internal, external, unspecified), any other question's all together."""
    groups: dict[str, list[tuple[int, str, str]]] = {}
    barriers = question.key == QuestionKey.BARRIERS
    for pk, text, language, kind, _who in _visible_rows(question):
        key = (kind or BarrierKind.UNSPECIFIED) if barriers else ""
        groups.setdefault(key, []).append((pk, text, language))
    return groups


def _models(stored: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A run's stored theme model(s) by kind of barrier ("" for other questions)."""
    if "by_kind" in stored:
        return dict(stored["by_kind"])
    # A model stored before barrier themes were found per kind covers every answer.
    return {"": stored}


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
    groups = _by_kind(question)
    run.mode = ThemeRun.Mode.FULL
    run.contribution_count = sum(len(rows) for rows in groups.values())
    seed = int(run.parameters.get("seed", 0))
    authors = _authors(question)
    # Barriers are grouped by kind first: an internal barrier theme never mixes in external
    # barriers. Each kind gets its own themes and its own model.
    results = {
        kind: engine.find_themes(
            [text for _, text, _ in rows],
            ids=[pk for pk, _, _ in rows],
            languages=[language for _, _, language in rows],
            authors=[authors.get(pk) for pk, _, _ in rows],
            seed=seed,
            backend="combined",
            # Subthemes are named by a verbatim claim, and a name stays when its answer is
            # hidden later: the application keeps them to themes of 30 answers or more.
            subtheme_min_members=SUBTHEME_MIN_MEMBERS,
        )
        for kind, rows in sorted(groups.items())
    }
    aside = {
        "about": sorted(int(pk) for r in results.values() for pk in r.about),
        "junk": sorted(int(pk) for r in results.values() for pk in r.junk),
    }
    with transaction.atomic():
        # Somebody curated the themes while this run computed: keep their work and only add
        # the new answers (unless this run was asked to start over).
        Theme.objects.select_for_update().filter(question=question).exists()
        if not run.start_over and question_is_curated(question):
            base = _last_model(question)
            if base is not None:
                _assign_new(run, question, base)
                return
        if question.key == QuestionKey.BARRIERS:
            run.parameters = {
                **run.parameters,
                "seed": seed,
                "k": {kind: result.k for kind, result in results.items()},
                "backend": next(iter(results.values())).backend if results else "lexical",
            }
            run.model = {"by_kind": {k: r.model.to_dict() for k, r in results.items()}}
        else:
            result = results.get("") or engine.find_themes(
                [], ids=[], seed=seed, backend="combined"
            )
            run.parameters = {
                **run.parameters,
                "seed": seed,
                "k": result.k,
                "backend": result.backend,
            }
            run.model = result.model.to_dict()
        run.parameters = {**run.parameters, "set_aside": aside}
        run.assigned_count = sum(
            len(groups[kind]) - len(result.other) - len(result.about) - len(result.junk)
            for kind, result in results.items()
        )
        linked = capture(question)
        Theme.objects.filter(question=question).delete()
        memberships: list[ThemeMembership] = []
        for kind, result in results.items():
            for found in result.themes:
                theme = _theme_from(run, question, found, parent=None, kind=kind)
                subs: dict[int, Theme] = {}
                for sub in found.subthemes:
                    # one row per subtheme
                    row = _theme_from(run, question, sub, parent=theme, kind=kind)
                    subs.update((int(m.id), row) for m in sub.members)
                # One membership per answer and theme, with the claim that put it there: an
                # answer about two things is in two themes.
                for member in found.members:
                    start, end = member.claim if member.claim is not None else (None, None)
                    memberships.append(
                        ThemeMembership(
                            theme=theme,
                            subtheme=subs.get(int(member.id)),
                            contribution_id=int(member.id),
                            claim_start=start,
                            claim_end=end,
                            strength=member.strength,
                        )
                    )
        ThemeMembership.objects.bulk_create(memberships)
        # A bilingual theme's name in each language, shown in the viewer's (themes.labels).
        run.parameters = {
            **run.parameters,
            "labels": {
                _key(kind, theme_id): names
                for kind, result in results.items()
                for theme_id, names in names_by_language(result.themes).items()
            },
        }
        restore(linked, question)


def _key(kind: str, theme_id: str) -> str:
    """A theme's key: the engine's id, after its kind of barrier when it has one (so that the
    internal and external themes of one question never share a key)."""
    return f"{kind}-{theme_id}" if kind else theme_id


def _theme_from(
    run: ThemeRun, question: Any, found: engine.Theme, *, parent: Any, kind: str = ""
) -> Theme:
    theme = Theme(
        process_id=question.process_id,
        question=question,
        run=run,
        parent=parent,
        key=_key(kind, found.id),
        barrier_kind=kind,
        label=found.label[:200],
        words=list(found.words),
        size=found.size,
        quotes=[{"id": int(q.id), "text": q.text} for q in found.quotes],
    )
    theme.full_clean(exclude=["process", "question", "run", "parent", "words", "quotes"])
    theme.save()
    return theme


def _assign_new(run: ThemeRun, question: Any, base_data: dict[str, Any]) -> None:
    """Place answers in no theme yet in the curated themes; never touch what people did.

    Barriers are placed only in themes of their own kind, with that kind's model. (A model
    stored before barrier themes were found per kind covers all of a question's themes.)"""
    run.mode = ThemeRun.Mode.ASSIGN
    models = _models(base_data)
    themes = list(Theme.objects.filter(question=question, parent=None))
    placed = set(
        ThemeMembership.objects.filter(theme__question=question).values_list(
            "contribution_id", flat=True
        )
    )
    if "" in models:
        groups = {"": _visible(question)}
        themes_of: dict[str, list[Theme]] = {"": themes}
    else:
        groups = _by_kind(question)
        themes_of = {}
        for theme in themes:
            themes_of.setdefault(theme.barrier_kind, []).append(theme)
    # Answers set aside before (and new ones that are junk or only describe their writer)
    # are not placed in themes; they are carried over to this run.
    previous = set_aside(
        ThemeRun.objects.filter(question=question, status=ThemeRun.Status.DONE)
        .exclude(pk=run.pk)
        .only("parameters")
        .first()
    )
    aside = {name: set(pks) for name, pks in previous.items()}
    for rows in groups.values():
        for pk, text, language in rows:
            if pk in placed or pk in aside["about"] or pk in aside["junk"]:
                continue
            if is_junk(text, language):
                aside["junk"].add(pk)
            elif is_self_description(text):
                aside["about"].add(pk)
    skip = placed | aside["about"] | aside["junk"]
    run.parameters = {
        **run.parameters,
        "set_aside": {name: sorted(pks) for name, pks in aside.items()},
    }
    groups = {kind: [r for r in rows if r[0] not in skip] for kind, rows in groups.items()}
    # Only answers of a kind the stored models cover can be placed: a kind that had no answers
    # when the themes were last found (the first external barrier, say) waits for "Start
    # over", and is not counted as placed by this run.
    run.contribution_count = sum(len(rows) for kind, rows in groups.items() if kind in models)
    stored: dict[str, dict[str, Any]] = {}
    new: list[ThemeMembership] = []
    for kind, base_dict in models.items():
        kind_themes = themes_of.get(kind, [])
        base = engine.ThemeModel.from_dict(base_dict)
        # Each theme's centre from its members' claims (the part of each answer that is in
        # the theme, after people's merges and moves).
        members: dict[str, list[str]] = {t.key: [] for t in kind_themes}
        languages: dict[str, list[str | None]] = {t.key: [] for t in kind_themes}
        for membership in (
            ThemeMembership.objects.filter(
                theme__in=kind_themes, contribution__moderation=Moderation.VISIBLE
            )
            .select_related("theme", "contribution")
            .only(
                "claim_start",
                "claim_end",
                "theme__key",
                "contribution__text",
                "contribution__language",
            )
        ):
            members[membership.theme.key].append(membership.claim_text)
            languages[membership.theme.key].append(membership.contribution.language)
        curated = engine.theme_model_from_members(
            base,
            {key: texts for key, texts in members.items() if texts},
            languages=dict(languages),
            labels={t.key: t.label for t in kind_themes},
        )
        stored[kind] = curated.to_dict()
        rows = groups.get(kind, [])
        if not rows:
            continue
        # Each new answer's claims are placed: an answer about two things joins two themes.
        assignments = engine.assign_to_themes(
            [text for _, text, _ in rows],
            curated,
            ids=[pk for pk, _, _ in rows],
            languages=[language for _, _, language in rows],
            claims=True,
        )
        by_key = {t.key: t for t in kind_themes}
        new.extend(
            ThemeMembership(
                theme=by_key[a.theme],
                contribution_id=int(a.id),
                claim_start=None if a.claim is None else a.claim[0],
                claim_end=None if a.claim is None else a.claim[1],
                strength=round(a.strength, 4),
            )
            for a in assignments
            if a.theme is not None and a.theme in by_key
        )
    run.assigned_count = len({m.contribution_id for m in new})
    run.model = stored[""] if "" in models else {"by_kind": stored}
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
