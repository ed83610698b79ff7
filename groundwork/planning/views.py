"""Planning pages: the public process page, answering the five questions, browsing answers."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import selectors, services
from .forms import (
    AboutYouForm,
    AnswerForm,
    CaptureForm,
    ContributionFilterForm,
    GatheringForm,
    ModerateForm,
    ProcessForm,
)
from .models import Channel, Participant, Process, QuestionKey

PARTICIPANT_COOKIE = "gw_participant_{}"
PARTICIPANT_SALT = "groundwork.participant"
ONE_YEAR = 365 * 24 * 3600


def _process(request: HttpRequest, slug: str, process_slug: str, perm: str) -> Process:
    process = get_object_or_404(
        Process.objects.select_related("community", "current_phase"),
        community__slug=slug,
        slug=process_slug,
    )
    check_perm(request, perm, process)
    return process


def _participant(request: HttpRequest, process: Process) -> Participant | None:
    public_id = request.get_signed_cookie(
        PARTICIPANT_COOKIE.format(process.pk), default=None, salt=PARTICIPANT_SALT
    )
    if not public_id:
        return None
    return Participant.objects.filter(process=process, public_id=public_id).first()


def _remember_participant(response: HttpResponse, participant: Participant) -> None:
    response.set_signed_cookie(
        PARTICIPANT_COOKIE.format(participant.process_id),
        str(participant.public_id),
        salt=PARTICIPANT_SALT,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


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
            "can_contribute": request.user.has_perm("planning.contribute", process),
            "can_moderate": request.user.has_perm("planning.moderate", process),
            "can_capture": request.user.has_perm("planning.capture", process),
        },
    )


def answer(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    if not process.is_gathering:
        return render(
            request,
            "planning/not_gathering.html",
            {"community": process.community, "process": process},
            status=409,
        )
    form = AnswerForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        participant = _participant(request, process) or services.participant_create(
            process=process, user=request.user, language=get_language() or ""
        )
        answers = [
            services.Answer(
                question=q.key,
                text=form.cleaned_data.get(f"answer_{q.key}", ""),
                barrier_kind=form.cleaned_data.get("barrier_kind", "")
                if q.key == QuestionKey.BARRIERS
                else "",
            )
            for q in form.questions
        ]
        try:
            stored = services.contributions_submit(
                process=process,
                participant=participant,
                answers=answers,
                language=get_language() or settings.LANGUAGE_CODE,
                channel=Channel.ONLINE,
                idempotency_key=form.cleaned_data["idempotency_key"],
                actor=request.user,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            response = redirect("planning:thanks", slug=slug, process_slug=process_slug)
            _remember_participant(response, stored[0].participant or participant)
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


def contribution_list(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.view_process")
    questions = list(process.questions.all())
    question = request.GET.get("question") or (questions[0].key if questions else "")
    if question not in {q.key for q in questions}:
        question = questions[0].key if questions else ""
    can_moderate = request.user.has_perm("planning.moderate", process)
    filter_form = ContributionFilterForm(request.GET or None)
    if not can_moderate:
        del filter_form.fields["moderation"]
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    contributions = selectors.contribution_list(
        process=process, viewer=request.user, question=question, filters=filters
    )
    page = Paginator(contributions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "planning/contribution_list.html",
        {
            "community": process.community,
            "process": process,
            "questions": questions,
            "question": next((q for q in questions if q.key == question), None),
            "page": page,
            "filter_form": filter_form,
            "can_moderate": can_moderate,
            "query": query.urlencode(),
        },
    )


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
    gatherings = process.gatherings.select_related("facilitator").annotate(
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


def capture(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators type in answers from a gathering or paper forms: one per line."""
    process = _process(request, slug, process_slug, "planning.capture")
    sticky = {
        k: request.GET.get(k)
        for k in ("question", "gathering", "channel", "language")
        if request.GET.get(k)
    }
    form = CaptureForm(request.POST or None, process=process, initial=sticky)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = services.contributions_submit(
                process=process,
                participant=None,
                answers=[services.Answer(data["question"], line) for line in data["lines"]],
                language=data["language"],
                channel=data["channel"],
                gathering=data["gathering"],
                idempotency_key=data["idempotency_key"],
                actor=request.user,
            )
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
