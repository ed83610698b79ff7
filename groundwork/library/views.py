"""The library's pages. Thin: find the object through the URL, check the rule, call a selector
or an action, render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import account, rate_limited
from groundwork.measures.models import Instrument
from groundwork.planning.models import Guide
from groundwork.plans.models import Activity, Goal

from . import mentoring, selectors
from .actions import discussion, help, practices
from .forms import (
    AdoptForm,
    AttachmentForm,
    CommentForm,
    HideForm,
    PracticeForm,
    RequestForm,
    SearchForm,
    TriageForm,
)
from .models import Attachment, Comment, HelpRequest, Practice


def _signed_in(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    return account(request)


def _practice(request: HttpRequest, pk: int, perm: str) -> Practice:
    practice = get_object_or_404(Practice.objects.select_related("community", "network"), pk=pk)
    check_perm(request, perm, practice)
    return practice


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(
        Community.objects.select_related("network"), slug=slug, directory_of__isnull=True
    )
    check_perm(request, perm, community)
    return community


def _help(request: HttpRequest, pk: int, perm: str) -> HelpRequest:
    found = get_object_or_404(
        HelpRequest.objects.select_related("community", "network", "mentor", "strategy"), pk=pk
    )
    check_perm(request, perm, found)
    return found


# --- Finding ---------------------------------------------------------------------------


def search(request: HttpRequest) -> HttpResponse:
    check_perm(request, "library.view_library")
    form = SearchForm(request.GET or None)
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            words=data["q"],
            focus_area=data["focus_area"],
            evidence_level=data["evidence"],
            strategy=data["strategy"],
            network=int(data["network"]) if data["network"] else None,
        )
    page = request.GET.get("page", "1")
    result = selectors.practice_search(filters, page=int(page) if page.isdigit() else 1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/search.html",
        {"form": form, "result": result, "filters": filters, "query": query.urlencode()},
    )


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.view_practice")
    user = request.user
    following = user.is_authenticated and practice.followings.filter(user=user).exists()
    return render(
        request,
        "library/practice.html",
        {
            "practice": practice,
            "attachments": list(practice.attachments.all()),
            "strategies": list(practice.strategies.all()),
            "outcomes": selectors.adoptions_of(practice),
            "doing": selectors.doing_this(practice),
            "comments": selectors.comments_of(practice=practice),
            "comment_form": CommentForm(),
            "can_change": user.has_perm("library.change_practice", practice),
            "can_comment": user.has_perm("library.comment_practice", practice),
            "can_hide": user.has_perm("library.hide_comment", practice),
            "following": following,
        },
    )


# --- Writing and publishing ---------------------------------------------------------------


def community_practices(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "library.view_community_practices")
    can_publish = request.user.has_perm("library.publish_practice", community)
    if request.method == "POST":
        check_perm(request, "library.publish_practice", community)
        kind, _sep, ident = request.POST.get("source", "").partition(":")
        if not ident.isdigit():
            raise Http404
        try:
            if kind == "guide":
                guide = get_object_or_404(Guide, community=community, pk=ident)
                practice = practices.publish_guide(actor=request.user, guide=guide)
            elif kind == "activity":
                activity = get_object_or_404(Activity, community=community, pk=ident)
                practice = practices.publish_activity(actor=request.user, activity=activity)
            elif kind == "survey":
                survey = get_object_or_404(Instrument, community=community, pk=ident)
                practice = practices.publish_survey(actor=request.user, survey=survey)
            else:
                raise Http404
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("library:community", slug=slug)
        messages.success(request, _("Published in the library. Add what others need to know."))
        return redirect("library:practice", pk=practice.pk)
    sources: dict[str, list[Any]] = {}
    if can_publish:
        sources = {
            "guides": list(community.guides.order_by("title_en")),
            "activities": list(
                Activity.objects.filter(community=community).select_related("plan")[:200]
            ),
            "surveys": list(Instrument.objects.filter(community=community)),
        }
    return render(
        request,
        "library/community.html",
        {
            "community": community,
            "practices": list(selectors.community_practices(community)),
            "can_publish": can_publish,
            **sources,
        },
    )


def practice_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "library.publish_practice")
    return _practice_form(request, community, None)


def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.change_practice")
    return _practice_form(request, practice.community, practice)


def _practice_form(
    request: HttpRequest, community: Community, practice: Practice | None
) -> HttpResponse:
    form = PracticeForm(request.POST or None, instance=practice, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            saved = practices.practice_save(
                actor=request.user,
                community=community,
                practice=practice,
                **form.cleaned_fields(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The practice was saved."))
            return redirect("library:practice", pk=saved.pk)
    return render(
        request,
        "library/practice_form.html",
        {"community": community, "practice": practice, "form": form},
    )


@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.change_practice")
    published = request.POST.get("published") == "1"
    practices.practice_set_published(actor=request.user, practice=practice, published=published)
    return redirect("library:practice", pk=pk)


def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.change_practice")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            practices.attachment_add(
                actor=request.user, practice=practice, upload=form.cleaned_data["file"]
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The file was added."))
            return redirect("library:practice", pk=pk)
    return render(request, "library/attachment_form.html", {"practice": practice, "form": form})


def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    practice = _practice(request, pk, "library.view_practice")
    found = get_object_or_404(Attachment, practice=practice, pk=attachment_id)
    try:
        handle = found.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=found.content_type, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Adopting ------------------------------------------------------------------------------


def _adoptable_goals(request: HttpRequest, practice: Practice) -> list[Goal]:
    if not request.user.is_authenticated:
        return []
    goals = (
        Goal.objects.filter(plan__community__memberships__user=request.user)
        .exclude(plan__community=practice.community)
        .select_related("plan__community", "plan__process")
        .order_by("plan__community__name", "plan_id", "order", "id")
    )
    return [g for g in goals if request.user.has_perm("plans.change_plan", g.plan)]


def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.view_practice")
    if not request.user.is_authenticated:
        check_perm(request, "library.publish_practice", None)
    goals = _adoptable_goals(request, practice)
    form = AdoptForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        goal = form.goals[form.cleaned_data["goal"]]
        try:
            adoption = practices.practice_adopt(
                actor=request.user, practice=practice, plan=goal.plan, goal=goal
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request, _("Adopted: the activity is in your draft plan, linked to the practice.")
            )
            plan = adoption.activity.plan
            return redirect(
                "plans:builder", slug=plan.community.slug, process_slug=plan.process.slug
            )
    return render(
        request, "library/adopt.html", {"practice": practice, "form": form, "goals": goals}
    )


# --- Discussion ----------------------------------------------------------------------------


@require_POST
@rate_limited("comment", _signed_in)
def practice_comment(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.comment_practice")
    return _comment(request, practice.get_absolute_url(), practice=practice)


@require_POST
@rate_limited("comment", _signed_in)
def request_comment(request: HttpRequest, pk: int) -> HttpResponse:
    found = _help(request, pk, "library.comment_request")
    return _comment(request, found.get_absolute_url(), request=found)


def _comment(request: HttpRequest, back: str, **target: Any) -> HttpResponse:
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            discussion.comment_add(actor=request.user, body=form.cleaned_data["body"], **target)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect(back + "#comments")


def comment_hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("practice__network", "request__network"), pk=comment_id
    )
    check_perm(request, "library.hide_comment", comment)
    target = comment.practice or comment.request
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        discussion.comment_hide(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The comment is hidden."))
        return redirect(target.get_absolute_url() + "#comments")
    return render(
        request, "library/comment_hide.html", {"comment": comment, "target": target, "form": form}
    )


@require_POST
def practice_follow(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, "library.view_practice")
    if not request.user.is_authenticated:
        check_perm(request, "library.publish_practice", None)
    discussion.follow_set(actor=request.user, practice=practice, on=request.POST.get("on") == "1")
    return redirect("library:practice", pk=pk)


# --- Peer help -----------------------------------------------------------------------------


def community_requests(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "library.view_community_requests")
    can_ask = request.user.has_perm("library.add_request", community)
    form = RequestForm(request.POST or None, community=community) if can_ask else None
    if request.method == "POST":
        check_perm(request, "library.add_request", community)
        assert form is not None
        if form.is_valid():
            try:
                found = help.request_create(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Your request was sent to the network's stewards."))
                return redirect("library:request", pk=found.pk)
    return render(
        request,
        "library/community_requests.html",
        {
            "community": community,
            "form": form,
            "requests": list(
                HelpRequest.objects.filter(community=community).select_related("mentor")
            ),
        },
    )


def network_requests(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "library.triage_network", network)
    rows = (
        HelpRequest.objects.filter(network=network)
        .select_related("community", "mentor", "assigned_steward", "assigned_region")
        .order_by("status", "due_on", "-created_at")
    )
    return render(request, "library/network_requests.html", {"network": network, "rows": rows})


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _help(request, pk, "library.view_request")
    user = request.user
    can_triage = user.has_perm("library.triage_request", found)
    initial = {
        "status": found.status,
        "assigned_steward": found.assigned_steward_id,
        "assigned_region": found.assigned_region_id,
        "mentor": found.mentor_id,
        "due_on": found.due_on,
    }
    intro = getattr(found, "introduction", None) if found.mentor_id else None
    return render(
        request,
        "library/request.html",
        {
            "help": found,
            "can_triage": can_triage,
            "triage_form": TriageForm(initial=initial, request=found) if can_triage else None,
            "suggestions": mentoring.suggestions_for(found) if can_triage else [],
            "intro": intro,
            "can_agree": user.has_perm("library.agree_introduction", found),
            "comments": selectors.comments_of(request=found),
            "comment_form": CommentForm(),
            "can_hide": user.has_perm("library.triage_network", found.network),
        },
    )


@require_POST
def request_triage(request: HttpRequest, pk: int) -> HttpResponse:
    found = _help(request, pk, "library.triage_request")
    data = request.POST.copy()
    if "accept_mentor" in data:  # a suggested mentor, accepted in one click
        data["mentor"] = data["accept_mentor"]
        data.setdefault("status", found.status)
        if found.assigned_steward_id and "assigned_steward" not in data:
            data["assigned_steward"] = str(found.assigned_steward_id)
        if found.assigned_region_id and "assigned_region" not in data:
            data["assigned_region"] = str(found.assigned_region_id)
        if found.due_on and "due_on" not in data:
            data["due_on"] = found.due_on.isoformat()
    form = TriageForm(data, request=found)
    if form.is_valid():
        try:
            help.request_triage(actor=request.user, request=found, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The request was updated."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("library:request", pk=pk)


@require_POST
def introduction_agree(request: HttpRequest, pk: int) -> HttpResponse:
    found = _help(request, pk, "library.agree_introduction")
    try:
        intro = help.introduction_agree(actor=request.user, request=found)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if intro.sent_at:
            messages.success(request, _("Both coalitions agreed: the introduction was e-mailed."))
        else:
            messages.success(request, _("Thank you. The other coalition is asked to agree too."))
    return redirect("library:request", pk=pk)
