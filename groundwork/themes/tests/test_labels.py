"""Themes people can plan from: phrase names on the pages, quotes with the votes they got."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from groundwork.analysis.text import is_stop_word
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import AnalysisRun, Statement, StatementModeration
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution
from groundwork.themes import services
from groundwork.themes.models import Theme
from groundwork.themes.tasks import themes_compute

from .data import submit_all

pytestmark = pytest.mark.django_db

CONNECTORS = {"and", "y", "e", "und"}


def _process(name: str, slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{name} plan", slug=slug
    )
    submit_all(process)
    run = services.themes_request(actor=coordinator, question=process.questions.get(key="problems"))
    assert themes_compute.call(run_id=run.pk) == "done"
    return process, coordinator


def _url(process, name="themes:list", *args):  # type: ignore[no-untyped-def]
    return reverse(name, args=[process.community.slug, process.slug, *args])


def _phrases(label: str) -> list[str]:
    parts: list[list[str]] = [[]]
    for word in label.split(" "):
        if word in CONNECTORS and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(word)
    return [" ".join(p) for p in parts if p]


def _assert_phrase_label(theme: Theme) -> None:
    texts = [
        " ".join(t.casefold().split())
        for t in Contribution.objects.filter(theme_memberships__theme=theme).values_list(
            "text", flat=True
        )
    ]
    language = "es" if " y " in f" {theme.label} " or " e " in f" {theme.label} " else "en"
    assert ", " not in theme.label, theme.label
    for phrase in _phrases(theme.label):
        words = phrase.split(" ")
        assert not is_stop_word(words[0], language) and not is_stop_word(words[-1], language)
        assert any(phrase.casefold() in t for t in texts), (phrase, theme.label)


def _name_in(theme: Theme, language: str) -> str:
    """The name a viewer reading ``language`` sees: the run's name in that language for a
    bilingual theme nobody renamed, else the stored one."""
    names = (theme.run.parameters.get("labels") or {}).get(theme.key, {}) if theme.run else {}
    return theme.label if theme.label_is_custom else names.get(language, theme.label)


def _assert_phrase_name(theme: Theme, name: str, language: str) -> None:
    """A name in one language: phrases with no stop word at their edges, each verbatim in the
    theme's answers written in that language."""
    texts = [
        " ".join(t.casefold().split())
        for t in Contribution.objects.filter(
            theme_memberships__theme=theme, language=language
        ).values_list("text", flat=True)
    ]
    assert name and ", " not in name
    for phrase in _phrases(name):
        words = phrase.split(" ")
        assert not is_stop_word(words[0], language) and not is_stop_word(words[-1], language)
        assert any(phrase.casefold() in t for t in texts), (language, phrase, name)


def test_theme_names_are_phrases_from_the_answers_in_both_languages(client):
    from html import unescape

    process, _coordinator = _process("Alder County", "alder")
    other, _ = _process("Birch Town", "birch")
    themes = list(Theme.objects.filter(process=process, parent=None))
    assert themes
    for theme in themes:
        _assert_phrase_label(theme)
    client.cookies["django_language"] = "es"
    page = unescape(client.get(_url(process) + "?question=problems").content.decode())
    for theme in themes:
        assert _name_in(theme, "es") in page
    # The other community's themes are named from its own answers and not shown here.
    # (Subthemes are named by a claim, verbatim: a subtheme of the same answers here has the
    # same name.)
    mine = set(Theme.objects.filter(process=process).values_list("label", flat=True))
    theirs = set(Theme.objects.filter(process=other).values_list("label", flat=True))
    assert theirs and all(t not in page for t in theirs - mine)
    # Subthemes, when there are any, are named by a claim from one of their answers.
    for sub in Theme.objects.filter(process=process, parent__isnull=False):
        texts = Contribution.objects.filter(theme_memberships__subtheme=sub).values_list(
            "text", flat=True
        )
        assert any(sub.label.rstrip("…").casefold() in t.casefold() for t in texts)


def _vote(conversation, statement, participants, value, key):  # type: ignore[no-untyped-def]
    for i, participant in enumerate(participants):
        deliberation.vote_cast(
            conversation=conversation,
            participant=participant,
            statement=statement,
            value=value,
            idempotency_key=f"{key}-{i}",
        )


def test_quotes_show_the_votes_their_statement_got_and_the_groups_split(client):
    process, coordinator = _process("Alder County", "alder")
    other, other_coordinator = _process("Birch Town", "birch")
    theme = Theme.objects.filter(process=process, parent=None).order_by("-size", "id").first()
    quoted = Contribution.objects.get(pk=theme.quotes[0]["id"])
    conversation = deliberation.conversation_create(
        actor=coordinator, process=process, topic="What to do first"
    )
    statement = deliberation.statement_seed(
        actor=coordinator,
        conversation=conversation,
        text=quoted.text,
        language=quoted.language,
        contribution=quoted,
    )
    voters = [planning.participant_create(process=process) for _ in range(16)]
    _vote(conversation, statement, voters[:3], -1, "early")  # changed their minds below
    _vote(conversation, statement, voters[:12], 1, "agree")
    _vote(conversation, statement, voters[12:15], -1, "disagree")
    _vote(conversation, statement, voters[15:], 0, "pass")
    AnalysisRun.objects.create(
        conversation=conversation,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        results={"labels": {str(v.pk): (0 if i < 11 else 1) for i, v in enumerate(voters)}},
    )
    # The other community: a conversation whose statement (written in by hand, past every
    # service) points at this community's answer, with votes that must not count here.
    other_conversation = deliberation.conversation_create(
        actor=other_coordinator, process=other, topic="Elsewhere"
    )
    stray = Statement.objects.create(
        community=other.community,
        conversation=other_conversation,
        text=quoted.text,
        source="contribution",
        contribution=quoted,
        moderation=StatementModeration.ACCEPTED,
    )
    _vote(
        other_conversation,
        stray,
        [planning.participant_create(process=other) for _ in range(30)],
        -1,
        "stray",
    )

    client.force_login(coordinator)
    page = client.get(_url(process) + "?question=problems").content.decode()
    text = re.sub(r"\s+", " ", page)
    assert "Votes on this statement: 12 agree · 3 disagree · 1 pass" in text
    assert "Group A: 100% agree, 0% disagree" in text
    assert "Group B: 20% agree, 60% disagree" in text
    assert "30 disagree" not in text

    # The public sees counts of 11 or more only, and a group's split only above 10 voters.
    client.logout()
    public = re.sub(r"\s+", " ", client.get(_url(process) + "?question=problems").content.decode())
    assert "12 agree" in public
    assert "disagree: fewer than 11" in public and "pass: fewer than 11" in public
    assert "Group A: 100% agree, 0% disagree" in public
    assert "Group B: fewer than 11 voters" in public

    # In Spanish.
    client.cookies["django_language"] = "es"
    spanish = re.sub(r"\s+", " ", client.get(_url(process) + "?question=problems").content.decode())
    assert "Votos sobre esta afirmación" in spanish


def test_a_quote_without_a_statement_costs_no_query(client, django_assert_max_num_queries):
    process, _coordinator = _process("Alder County", "alder")
    _process("Birch Town", "birch")
    with django_assert_max_num_queries(7):
        response = client.get(_url(process) + "?question=problems")
    assert "Votes on this statement" not in response.content.decode()


def test_demo_answers_name_themes_with_phrases():
    """The demo's answers (English and Spanish) give phrase labels, never comma lists."""
    from groundwork.analysis.text import fold_word
    from groundwork.analysis.themes import find_themes
    from groundwork.planning.demo import ANSWERS, ENDINGS

    for question, by_language in ANSWERS.items():
        texts: list[str] = []
        languages: list[str] = []
        for language, answers in by_language.items():
            for n, answer in enumerate(answers * 3):
                texts.append(answer + ENDINGS[language][n % len(ENDINGS[language])])
                languages.append(language)
        result = find_themes(texts, languages=languages, backend="lexical", seed=0)
        assert result.themes, question
        for theme in result.themes:
            member_langs = {languages[int(m.id)] for m in theme.members}
            lang = "es" if member_langs == {"es"} else "en"
            assert ", " not in theme.label
            for part in _phrases(theme.label):
                words = part.split(" ")
                assert not any(
                    is_stop_word(words[edge], language) for edge in (0, -1) for language in [lang]
                ), (question, theme.label)
                # Shown as written, not as a stem.
                assert any(part.casefold() in t.casefold() for t in texts), theme.label
            assert fold_word(theme.label.split(" ")[0], lang)  # a real word


def _builder_panels(client, process) -> str:  # type: ignore[no-untyped-def]
    """The plan builder's page and its evidence panels (each loaded on its own)."""
    from html import unescape

    from groundwork.plans.selectors import EVIDENCE_PANELS

    args = [process.community.slug, process.slug]
    pages = [reverse("plans:builder", args=args)] + [
        reverse("plans:builder_evidence", args=[*args, panel]) for panel in EVIDENCE_PANELS
    ]
    return "".join(unescape(client.get(page).content.decode()) for page in pages)


def test_demo_themes_read_as_phrases_in_the_plan_builder_and_on_the_themes_page(client):
    from html import unescape

    from groundwork.core.demo import load_demo
    from groundwork.planning.demo import load_planning_demo
    from groundwork.planning.models import Process

    load_demo()
    load_planning_demo(participants_per_community=30)
    process = Process.objects.get(community__slug="alder-county", slug="resilience-plan")
    other = Process.objects.exclude(community=process.community).filter(slug="resilience-plan")
    assert other.exists()  # a second community's demo themes, never shown here
    coordinator = process.community.memberships.get(role=Role.COORDINATOR).user
    client.force_login(coordinator)
    client.cookies["django_language"] = "es"
    builder = _builder_panels(client, process)
    themes = list(Theme.objects.filter(process=process, parent=None))
    assert themes
    for theme in themes:
        _assert_phrase_label(theme)
        assert _name_in(theme, "es") in builder or theme.question.key == "barriers"
        if theme.question.key == "problems":
            page = unescape(client.get(_url(process) + "?question=problems").content.decode())
            assert _name_in(theme, "es") in page
    # A theme holding both languages has a phrase name in each, from its answers in it, and
    # an English reader sees the English one.
    client.cookies["django_language"] = "en"
    builder = _builder_panels(client, process)
    named = 0
    for theme in themes:
        names = (theme.run.parameters.get("labels") or {}).get(theme.key, {})
        for language, name in names.items():
            _assert_phrase_name(theme, name, language)
            named += 1
        assert _name_in(theme, "en") in builder or theme.question.key == "barriers"
    assert named >= 2


def test_a_bilingual_theme_is_shown_in_the_viewers_language(client):
    """Both languages together: a theme holding English and Spanish answers has a name in
    each, taken from its answers in that language; each viewer reads theirs, on the themes
    page and the theme's own page; a name a person gave is shown to everyone."""
    from html import unescape

    process, coordinator = _process("Alder County", "alder")
    other, _ = _process("Birch Town", "birch")
    run = Theme.objects.filter(process=process).first().run
    names = run.parameters["labels"]
    bilingual = [t for t in Theme.objects.filter(process=process, parent=None) if t.key in names]
    assert bilingual, "the test answers hold both languages in one theme"
    for theme in bilingual:
        members = Contribution.objects.filter(theme_memberships__theme=theme)
        assert set(members.values_list("language", flat=True)) >= {"en", "es"}
        for language in ("en", "es"):
            texts = [
                " ".join(t.casefold().split())
                for t in members.filter(language=language).values_list("text", flat=True)
            ]
            for phrase in _phrases(names[theme.key][language]):
                assert any(phrase.casefold() in t for t in texts), (language, phrase)
    theme = bilingual[0]
    english, spanish = names[theme.key]["en"], names[theme.key]["es"]
    assert english != spanish
    for language, shown, hidden in (("en", english, spanish), ("es", spanish, english)):
        client.cookies["django_language"] = language
        page = unescape(client.get(_url(process) + "?question=problems").content.decode())
        detail = unescape(client.get(_url(process, "themes:detail", theme.pk)).content.decode())
        assert f">{shown}<" in page and f">{shown}<" in detail
        assert f">{hidden}<" not in detail
    # The other community's theme, of the same key, is never shown here.
    client.cookies["django_language"] = "es"
    theirs = Theme.objects.get(process=other, key=theme.key)
    assert client.get(_url(process, "themes:detail", theirs.pk)).status_code == 404
    # A facilitator's name is shown as given, in both languages.
    services.theme_rename(actor=coordinator, theme=theme, label="Parks for the kids")
    for language in ("en", "es"):
        client.cookies["django_language"] = language
        page = unescape(client.get(_url(process) + "?question=problems").content.decode())
        assert ">Parks for the kids<" in page and f">{spanish}<" not in page
