"""Theme pages: themes of a question ranked by size, a theme's answers, and the forms with which
facilitators find, rename, merge, split and re-arrange themes (all plain forms, no JavaScript)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.exports import csv_stream
from groundwork.core.fragments import fragment, role_class
from groundwork.core.generations import community_key
from groundwork.core.pagecache import community_keys, public_page
from groundwork.core.permissions import check_perm
from groundwork.planning.models import Process, Question
from groundwork.planning.participants import process_for_request

from . import selectors, services
from .forms import MergeForm, MoveForm, PinForm, RenameForm, ThemeFilterForm
from .labels import show_in_language, with_names
from .models import Theme

MEMBERS_PER_PAGE = 50


def _process(request: HttpRequest, slug: str, process_slug: str) -> Process:
    return process_for_request(request, slug, process_slug, "themes.view_themes")


def _question(request: HttpRequest, process: Process) -> tuple[Question, list[Question]]:
    questions = list(process.questions.all())
    key = request.GET.get("question") or request.POST.get("question")
    chosen = next((q for q in questions if q.key == key), None)
    if chosen is None:
        if not questions:
            raise Http404
        chosen = questions[0]
    chosen.process = process  # already loaded with its community
    return chosen, questions


def _theme(process: Process, theme_id: int, *, names: bool = False) -> Theme:
    """The process's theme; with ``names`` (pages that only show it) named in the viewer's
    language (themes.labels)."""
    themes = Theme.objects.select_related("question", "parent")
    theme = get_object_or_404(with_names(themes) if names else themes, process=process, pk=theme_id)
    if names:
        show_in_language([theme])
    theme.process = process
    theme.question.process = process
    return theme


def _list_url(process: Process, question_key: str) -> str:
    from django.urls import reverse

    base = reverse("themes:list", args=[process.community.slug, process.slug])
    return f"{base}?{urlencode({'question': question_key})}"


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@public_page(community_keys)
def theme_list(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """A question's themes. The list is kept as a fragment per role class (curators or not)
    until the community's next write (a finished run included)."""
    process = _process(request, slug, process_slug)
    curator = request.user.has_perm("themes.curate", process)
    return render(
        request,
        "themes/theme_list.html",
        {
            "community": process.community,
            "process": process,
            "body": fragment(
                request,
                "themes:list",
                keys=[community_key(process.community.slug)],
                role=role_class(request.user, process.community, curate=curator),
                render=lambda: _theme_list_body(request, process, curator),
            ),
        },
    )


def _theme_list_body(request: HttpRequest, process: Process, curator: bool) -> str:
    question, questions = _question(request, process)
    filter_form = ThemeFilterForm(request.GET or None, process=process, curator=curator)
    filters = filter_form.filters() if request.GET else {}
    overview = selectors.theme_overview(question=question, viewer=request.user, filters=filters)
    latest, done = selectors.latest_runs(question=question)
    query = urlencode(
        {"question": question.key, **{k: getattr(v, "pk", v) for k, v in filters.items()}}
    )
    return render_to_string(
        "themes/_theme_list_body.html",
        {
            "community": process.community,
            "process": process,
            "question": question,
            "questions": questions,
            "overview": overview,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "query": query,
            "latest": latest,
            "done": done,
            "curator": curator,
            # Self-descriptions may say who someone is: facilitators only.
            "set_aside": selectors.set_aside(question=question, run=done) if curator else None,
        },
        request,
    )


def theme_detail(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    process = _process(request, slug, process_slug)
    theme = _theme(process, theme_id, names=True)
    curator = request.user.has_perm("themes.curate", process)
    filter_form = ThemeFilterForm(request.GET or None, process=process, curator=curator)
    filters = filter_form.filters() if request.GET else {}
    members = selectors.theme_members(theme=theme, viewer=request.user, filters=filters)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "community": process.community,
        "process": process,
        "question": theme.question,
        "theme": theme,
        "page": page,
        "curator": curator,
        "filter_form": filter_form,
        "list_url": _list_url(process, theme.question.key),
        "query": urlencode({k: getattr(v, "pk", v) for k, v in filters.items()}),
    }
    if curator:
        others = list(
            with_names(Theme.objects.filter(question_id=theme.question_id, parent=None))
            .exclude(pk=theme.pk)
            .only("id", "label", "label_is_custom", "run_id", "key")
        )
        show_in_language(others)
        context.update(
            rename_form=RenameForm(initial={"label": theme.label}),
            merge_form=MergeForm(theme=theme),
            other_themes=others,
            subthemes=list(theme.subthemes.all()),
        )
    return render(request, "themes/theme_detail.html", context)


def theme_export(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug)
    question, _questions = _question(request, process)
    rows = selectors.theme_export_rows(question=question, viewer=request.user)
    columns = [
        ("key", _("theme")),
        ("label", _("name")),
        ("barrier_kind", _("kind of barrier")),
        ("parent", _("parent")),
        ("answers", _("answers")),
        ("quote_1", _("quote")),
        ("quote_2", _("quote")),
        ("quote_3", _("quote")),
    ]
    response = StreamingHttpResponse(
        csv_stream(rows, columns), content_type="text/csv; charset=utf-8"
    )
    filename = f"{process.community.slug}-{process.slug}-{question.key}-themes.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def theme_run(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug)
    check_perm(request, "themes.curate", process)
    question, _questions = _question(request, process)
    start_over = request.POST.get("start_over") == "1"
    if start_over and request.POST.get("confirm") != "1":
        messages.error(
            request, _("Tick the box to confirm that you want to start over and lose your edits.")
        )
        return redirect(_list_url(process, question.key))
    try:
        services.themes_request(actor=request.user, question=question, start_over=start_over)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Themes are being computed. The current themes stay here until they are ready."),
        )
    return redirect(_list_url(process, question.key))


def _curate(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> Theme:
    process = _process(request, slug, process_slug)
    check_perm(request, "themes.curate", process)
    return _theme(process, theme_id)


def _detail_url(theme: Theme) -> str:
    from django.urls import reverse

    return reverse(
        "themes:detail", args=[theme.process.community.slug, theme.process.slug, theme.pk]
    )


@require_POST
def theme_rename(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    theme = _curate(request, slug, process_slug, theme_id)
    form = RenameForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Give the theme a name."))
        services.theme_rename(actor=request.user, theme=theme, label=form.cleaned_data["label"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The theme is renamed."))
    return _back(request, _detail_url(theme))


@require_POST
def theme_merge(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    theme = _curate(request, slug, process_slug, theme_id)
    form = MergeForm(request.POST, theme=theme)
    if not form.is_valid():
        messages.error(request, _("Choose another theme of the same question."))
        return redirect(_detail_url(theme))
    target = form.cleaned_data["target"]
    target.process = theme.process
    try:
        services.theme_merge(actor=request.user, source=theme, target=target)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(theme))
    messages.success(request, _("The themes are merged."))
    return redirect(_detail_url(target))


@require_POST
def theme_split(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    theme = _curate(request, slug, process_slug, theme_id)
    try:
        services.theme_split(actor=request.user, theme=theme)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(theme))
    messages.success(request, _("The theme is split into its subthemes."))
    return redirect(_list_url(theme.process, theme.question.key))


@require_POST
def theme_move(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    theme = _curate(request, slug, process_slug, theme_id)
    form = MoveForm(request.POST, theme=theme)
    if form.is_valid():
        contribution = get_object_or_404(
            theme.process.contributions, pk=form.cleaned_data["contribution"]
        )
        target = form.cleaned_data["theme"]
        target.process = theme.process
        try:
            services.membership_move(
                actor=request.user,
                contribution=contribution,
                theme=target,
                # The answer's claim in the theme this page shows (a subtheme's parent).
                source=theme.parent if theme.parent_id else theme,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The answer is moved to “%(theme)s”.") % {"theme": target})
    else:
        messages.error(request, _("Choose a theme of the same question."))
    return _back(request, _detail_url(theme))


@require_POST
def theme_pin(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    theme = _curate(request, slug, process_slug, theme_id)
    form = PinForm(request.POST)
    contribution = None
    if form.is_valid() and form.cleaned_data["contribution"]:
        contribution = get_object_or_404(
            theme.process.contributions, pk=form.cleaned_data["contribution"]
        )
    try:
        services.quote_pin(actor=request.user, theme=theme, contribution=contribution)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The quote is pinned.") if contribution else _("The quote is unpinned.")
        )
    return _back(request, _detail_url(theme))
