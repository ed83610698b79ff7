"""Planning pages: the public process page, answering the five questions, browsing answers."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community
from groundwork.core import generations
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.exports import csv_stream, json_stream
from groundwork.core.fragments import fragment, role_class
from groundwork.core.generations import community_key
from groundwork.core.pagecache import community_keys, public_page
from groundwork.core.pdf import pdf_response, render_pdf
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import process_participant, rate_limited
from groundwork.field.queue import captured, queueable

from . import exports, selectors, services
from .boxes import answer_boxes
from .forms import (
    AboutYouForm,
    AnswerForm,
    CaptureForm,
    ContributionFilterForm,
    GatheringForm,
    ModerateForm,
    PhaseForm,
    PopulationForm,
    PopulationImportForm,
    ProcessForm,
    ProcessSettingsForm,
    QuestionWordingForm,
)
from .models import Channel, Process, QuestionKey
from .paper import paper_photo_attach, photos_by_key
from .participants import participant_for_request
from .participants import participant_from_cookie as _participant
from .participants import process_for_request as _process
from .participants import remember_participant as _remember_participant
from .reach import public_report, with_vulnerability

PAPER_FORM_LINES = 15


def process_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, "communities.view_community", community)
    return render(
        request,
        "planning/process_list.html",
        {
            "community": community,
            "processes": selectors.process_list(community=community, user=request.user),
            "can_create": request.user.has_perm("communities.invite_members", community),
        },
    )


def process_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, "communities.invite_members", community)
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The process is ready and open for answers."))
            return redirect(process)
    return render(request, "planning/process_form.html", {"community": community, "form": form})


def process_detail(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    return render(
        request,
        "planning/process_detail.html",
        {
            "community": process.community,
            "process": process,
            "phases": process.phases.all(),
            "questions": process.questions.all(),
            "conversation": getattr(process, "conversation", None),
            "can_contribute": request.user.has_perm("planning.contribute", process),
            "can_moderate": request.user.has_perm("planning.moderate", process),
            "can_capture": request.user.has_perm("planning.capture", process),
        },
    )


@queueable
@rate_limited("answer", process_participant)
def answer(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    captured_at, device = captured(request)
    if not process.is_gathering and not services.late_capture_allowed(process, captured_at):
        return render(
            request,
            "planning/not_gathering.html",
            {"community": process.community, "process": process},
            status=409,
        )
    # The form and the submission both read the questions: once.
    prefetch_related_objects([process], "questions")
    form = AnswerForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            # A new participant is kept only if their answers are: one transaction.
            with transaction.atomic():
                generations.known_community(process.community)
                participant = participant_for_request(request, process)
                services.contributions_submit(
                    process=process,
                    participant=participant,
                    answers=answers,
                    language=get_language() or settings.LANGUAGE_CODE,
                    channel=Channel.ONLINE,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    actor=request.user,
                    captured_at=captured_at,
                    captured_device=device,
                )
        except AlreadyReceived as error:
            # Someone else's form (or a browser without its owner's cookie): a message and
            # nothing else, no participant and no cookie.
            messages.info(request, error.message)
            return redirect(process)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            response = redirect("planning:thanks", slug=slug, process_slug=process_slug)
            # Only ever the visitor's own participant (from their cookie, or new): never one
            # read from stored answers, which could be someone else's.
            _remember_participant(response, participant)
            return response
    return render(
        request,
        "planning/answer.html",
        {"community": process.community, "process": process, "form": form},
    )


def thanks(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    return render(
        request,
        "planning/thanks.html",
        {
            "community": process.community,
            "process": process,
            "participant": _participant(request, process),
        },
    )


def about_you(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    participant = _participant(request, process)
    if participant is None:
        return redirect("planning:answer", slug=slug, process_slug=process_slug)
    initial: dict[str, Any] = {
        "consent": participant.consented_at is not None,
        "area": participant.area_id,
        "age_band": participant.age_band,
        "language": participant.language,
        "lived_experience": participant.lived_experience,
    }
    form = AboutYouForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_describe(
                participant=participant,
                consent=data["consent"],
                area=data.get("area"),
                age_band=data["age_band"],
                language=data["language"],
                lived_experience=data["lived_experience"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            if data["consent"]:
                messages.success(request, _("Thank you. Your answers about yourself were saved."))
            else:
                messages.success(request, _("Nothing about you was kept."))
            return redirect(process)
    return render(
        request,
        "planning/about_you.html",
        {"community": process.community, "process": process, "form": form},
    )


def _filtered_contributions(
    request: HttpRequest, process: Process, *, all_questions: bool = False
) -> tuple[Any, ContributionFilterForm, Any, bool]:
    """The answers the viewer may see, narrowed by the filters in the query string."""
    questions = list(process.questions.all())
    keys = {q.key for q in questions}
    question = request.GET.get("question") or ""
    if question not in keys:
        question = "" if all_questions else (questions[0].key if questions else "")
    can_moderate = request.user.has_perm("planning.moderate", process)
    filter_form = ContributionFilterForm(
        request.GET or None, process=process, moderator=can_moderate
    )
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    current = next((q for q in questions if q.key == question), None)
    contributions = selectors.contribution_list(
        process=process, viewer=request.user, question=current, filters=filters
    )
    return contributions, filter_form, (questions, current), can_moderate


@public_page(community_keys)
def contribution_list(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The answers, 50 a page. The list is kept as a fragment per role class (moderators,
    those who promote answers, those who see paper photos) until the community's next
    write."""
    process = _process(request, slug, process_slug, "planning.view_process")
    user = request.user
    role = role_class(
        user,
        process.community,
        moderate=user.has_perm("planning.moderate", process),
        promote=user.has_perm("directory.promote_answers", process.community),
        photos=user.has_perm("planning.view_paper_photos", process),
    )
    return render(
        request,
        "planning/contribution_list.html",
        {
            "community": process.community,
            "process": process,
            "body": fragment(
                request,
                "planning:contributions",
                keys=[community_key(process.community.slug)],
                role=role,
                render=lambda: _contribution_list_body(request, process),
            ),
        },
    )


def _contribution_list_body(request: HttpRequest, process: Process) -> str:
    contributions, filter_form, (questions, question), can_moderate = _filtered_contributions(
        request, process
    )
    page = Paginator(contributions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query.pop("question", None)
    # Facilitators promote answers to the strengths and allies questions into the asset map
    # and the community's allies (the directory's pages).
    promote = ""
    promotable = question is not None and question.key in (
        QuestionKey.STRENGTHS,
        QuestionKey.ALLIES,
    )
    if promotable and request.user.has_perm("directory.promote_answers", process.community):
        from groundwork.directory.asset_selectors import promoted as promoted_into

        promote = "strength" if question.key == QuestionKey.STRENGTHS else "ally"
        promoted = promoted_into(community=process.community, contributions=page)
        for contribution in page:
            contribution.promoted_into = promoted.get(contribution.pk, [])
    if request.user.has_perm("planning.view_paper_photos", process):
        photos = photos_by_key(process, {c.idempotency_key for c in page})
        for contribution in page:
            contribution.paper_photo = photos.get(contribution.idempotency_key)
    args = [process.community.slug, process.slug]
    return render_to_string(
        "planning/_contribution_list_body.html",
        {
            "promote": promote,
            "community": process.community,
            "process": process,
            "questions": questions,
            "question": question,
            "page": page,
            "filter_form": filter_form,
            "can_moderate": can_moderate,
            "conversation": getattr(process, "conversation", None) if can_moderate else None,
            "query": query.urlencode(),
            "export_query": export_query.urlencode(),
            # Each answer's moderation and statement forms: the addresses are reversed once
            # per page, not twice per answer.
            "row_urls": {
                "moderate": _row_url("planning:moderate", args),
                "statement": _row_url("deliberation:statement_from_contribution", args),
            }
            if can_moderate
            else {},
        },
        request,
    )


_ROW = 2_147_483_647  # stands for an answer's id in a reversed address


def _row_url(name: str, args: list[str]) -> tuple[str, str]:
    """The address of `name` for an answer as (before its id, after its id)."""
    before, after = reverse(name, args=[*args, _ROW]).rsplit(str(_ROW), 1)
    return before, after


def contribution_export(
    request: HttpRequest, slug: str, process_slug: str, fmt: str
) -> StreamingHttpResponse:
    """Every answer the viewer may see, with the list's filters, as CSV or JSON (streamed)."""
    process = _process(request, slug, process_slug, "planning.view_process")
    contributions, _form, _questions, can_moderate = _filtered_contributions(
        request, process, all_questions=True
    )
    rows = exports.contribution_rows(
        contributions.select_related("question", "gathering"), moderator=can_moderate
    )
    filename = f"{process.community.slug}-{process.slug}-answers.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_stream(rows, exports.contribution_columns(moderator=can_moderate)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = StreamingHttpResponse(
            json_stream(rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def contribution_moderate(
    request: HttpRequest, slug: str, process_slug: str, contribution_id: int
) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.moderate")
    contribution = get_object_or_404(process.contributions, pk=contribution_id)
    form = ModerateForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_moderate(
                actor=request.user,
                contribution=contribution,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Moderation saved."))
    else:
        messages.error(request, _("Choose a valid moderation state."))
    back = request.POST.get("next", "")
    if not back.startswith(process.get_absolute_url()):
        back = process.get_absolute_url() + "answers/"
    return redirect(back)


def gathering_list(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.capture")
    form = GatheringForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.gathering_save(
                actor=request.user, process=process, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("%(title)s was added.") % {"title": gathering.title})
            return redirect("planning:gatherings", slug=slug, process_slug=process_slug)
    gatherings = process.gatherings.select_related("facilitator", "guide").annotate(
        answers=Count("contributions")
    )
    return render(
        request,
        "planning/gathering_list.html",
        {
            "community": process.community,
            "process": process,
            "form": form,
            "gatherings": gatherings,
        },
    )


def gathering_edit(
    request: HttpRequest, slug: str, process_slug: str, gathering_id: int
) -> HttpResponse:
    """Change a gathering, for example to record how many people came."""
    process = _process(request, slug, process_slug, "planning.capture")
    gathering = get_object_or_404(process.gatherings, pk=gathering_id)
    initial = {name: getattr(gathering, name) for name in services.GATHERING_FIELDS}
    initial["starts_at"] = timezone.localtime(gathering.starts_at).strftime("%Y-%m-%dT%H:%M")
    form = GatheringForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.gathering_save(
                actor=request.user, process=process, gathering=gathering, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("%(title)s was saved.") % {"title": gathering.title})
            return redirect("planning:gatherings", slug=slug, process_slug=process_slug)
    return render(
        request,
        "planning/gathering_form.html",
        {"community": process.community, "process": process, "form": form, "gathering": gathering},
    )


@queueable
def capture(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators type in answers from a gathering or paper forms: one per line (with the
    photo of the paper page, optionally)."""
    process = _process(request, slug, process_slug, "planning.capture")
    captured_at, device = captured(request)
    sticky = {
        k: request.GET.get(k)
        for k in ("question", "gathering", "channel", "language")
        if request.GET.get(k)
    }
    form = CaptureForm(request.POST or None, request.FILES or None, process=process, initial=sticky)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                stored = services.contributions_submit(
                    process=process,
                    participant=None,
                    answers=form.answers(),
                    language=data["language"],
                    channel=data["channel"],
                    gathering=data["gathering"],
                    idempotency_key=data["idempotency_key"],
                    actor=request.user,
                    captured_at=captured_at,
                    captured_device=device,
                )
                if data.get("photo"):
                    paper_photo_attach(
                        actor=request.user,
                        process=process,
                        idempotency_key=data["idempotency_key"],
                        upload=data["photo"],
                    )
        except AlreadyReceived as error:
            messages.info(request, error.message)
            return redirect(request.get_full_path())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            held = sum(1 for c in stored if c.moderation == "held")
            message = ngettext(
                "%(count)d answer was saved.", "%(count)d answers were saved.", len(stored)
            ) % {"count": len(stored)}
            if held:
                message += " " + ngettext(
                    "%(held)d is held for review because it may contain personal data.",
                    "%(held)d are held for review because they may contain personal data.",
                    held,
                ) % {"held": held}
            messages.success(request, message)
            keep = {
                "question": data["question"],
                "channel": data["channel"],
                "language": data["language"],
                **({"gathering": data["gathering"].pk} if data["gathering"] else {}),
            }
            return redirect(f"{request.path}?{urlencode(keep)}")
    return render(
        request,
        "planning/capture.html",
        {"community": process.community, "process": process, "form": form},
    )


def paper_form(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The printable paper form: a page for each box of the answer form (the barriers
    question has two, internal and external), in English and Spanish, laid out like the
    capture screen (question, gathering, date, language, then one answer per line)."""
    process = _process(request, slug, process_slug, "planning.view_process")
    pdf = render_pdf(
        "planning/pdf/paper_form.html",
        {
            "community": process.community,
            "process": process,
            # The barriers pages say which kind they ask for, in a line that two lines of
            # writing make room for: every box stays on one page.
            "pages": [
                (box, range(PAPER_FORM_LINES - (2 if box.barrier_kind else 0)))
                for box in answer_boxes(list(process.questions.all()))
            ],
        },
    )
    return pdf_response(pdf, f"{process.community.slug}-{process.slug}-paper-form.pdf")


def process_settings(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators move the process to its next phase and reword what it asks."""
    process = _process(request, slug, process_slug, "planning.change_process")
    phases = list(process.phases.all())
    questions = list(process.questions.all())
    data = request.POST if request.method == "POST" else None
    form = ProcessSettingsForm(
        data,
        process=process,
        initial={
            "title": process.title,
            "title_es": process.title_es,
            "purpose": process.purpose,
            "starts_on": process.starts_on,
            "ends_on": process.ends_on,
            "is_public": process.is_public,
            "current_phase": process.current_phase_id,
        },
    )
    phase_forms = [
        (
            phase,
            PhaseForm(
                data,
                prefix=f"phase-{phase.pk}",
                initial={
                    "description": phase.description,
                    "starts_on": phase.starts_on,
                    "ends_on": phase.ends_on,
                },
            ),
        )
        for phase in phases
    ]
    question_forms = [
        (
            question,
            QuestionWordingForm(
                data,
                prefix=f"question-{question.key}",
                initial={
                    "text_en": question.text_en,
                    "text_es": question.text_es,
                    "help_en": question.help_en,
                    "help_es": question.help_es,
                },
            ),
        )
        for question in questions
    ]
    every_form = [form, *(f for _p, f in phase_forms), *(f for _q, f in question_forms)]
    # Validate every form (not just up to the first bad one) so that all errors show at once.
    valid = [f.is_valid() for f in every_form] if data is not None else [False]
    if all(valid):
        try:
            services.process_update(
                actor=request.user,
                process=process,
                **form.cleaned_data,
                phases=[(phase, f.cleaned_data) for phase, f in phase_forms],
                questions=[(question, f.cleaned_data) for question, f in question_forms],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The process was saved."))
            return redirect(process)
    return render(
        request,
        "planning/process_settings.html",
        {
            "community": process.community,
            "process": process,
            "form": form,
            "phase_forms": phase_forms,
            "question_forms": question_forms,
            "has_errors": data is not None and any(f.errors for f in every_form),
        },
    )


def reach(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Who has been heard, against who lives there. Public: every count is suppressed. The
    counts and the tables are kept as a fragment until the community's next write."""
    process = _process(request, slug, process_slug, "planning.view_process")
    can_change = request.user.has_perm("planning.change_process", process)

    def body() -> str:
        from groundwork.measures.county_layers import area_vulnerability

        counts = selectors.reach_counts(process=process)
        vulnerability = area_vulnerability(
            community=process.community, names=counts.areas, user=request.user
        )
        context = {
            "community": process.community,
            "process": process,
            "report": with_vulnerability(public_report(counts), vulnerability),
            "areas": counts.areas,
            "areas_without_vulnerability": [a for a in counts.areas if a not in vulnerability],
            "can_change": can_change,
        }
        return render_to_string("planning/_reach_body.html", context, request)

    return render(
        request,
        "planning/reach.html",
        {
            "community": process.community,
            "process": process,
            "body": fragment(
                request,
                "planning:reach",
                keys=[community_key(process.community.slug)],
                role=role_class(request.user, process.community, change=can_change),
                render=body,
            ),
        },
    )


def population(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators enter population figures, or import them from a CSV file."""
    process = _process(request, slug, process_slug, "planning.change_process")
    posted = request.method == "POST"
    importing = posted and request.POST.get("action") == "import"
    groups = services.population_groups(process=process)
    form = PopulationForm(
        request.POST if posted and not importing else None,
        groups=groups,
        figures=list(process.population.all()),
    )
    import_form = PopulationImportForm(
        request.POST if importing else None,
        request.FILES if importing else None,
        process=process,
        prefix="import",
    )
    target = import_form if importing else form
    if posted and target.is_valid():
        try:
            saved = services.population_figures_save(
                actor=request.user,
                process=process,
                entries=import_form.entries if importing else form.entries(),
                replace=not importing,
                origin="csv" if importing else "form",
            )
        except services.PopulationFiguresInvalid as error:
            for problem in error.problems:
                target.add_error("file" if importing else None, problem)
        except ApplicationError as error:
            target.add_application_error(error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d population figure was saved.",
                    "%(count)d population figures were saved.",
                    saved,
                )
                % {"count": saved},
            )
            return redirect("planning:reach", slug=slug, process_slug=process_slug)
    return render(
        request,
        "planning/population.html",
        {
            "community": process.community,
            "process": process,
            "form": form,
            "import_form": import_form,
            "age_bands": groups["age_band"],
            "languages": groups["language"],
        },
    )
