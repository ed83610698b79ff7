"""Public pages of a list (subscribe, archive of past issues), the links in the e-mails
(confirm, preferences, unsubscribe) and the pages where coordinators and network stewards
manage lists and issues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import posted_address, rate_limited
from groundwork.core.services import audit_record

from . import services
from .forms import IssueForm, ListForm, PreferencesForm, ScheduleForm, SubscribeForm, TestSendForm
from .models import Issue, MailingList, Subscription
from .sending import public_text, send_test
from .sending import render as render_issue


def _owner(slug: str | None, network_slug: str | None) -> Community | Network:
    if network_slug:
        return get_object_or_404(Network, slug=network_slug)
    return get_object_or_404(Community, slug=slug)


def _list(request: HttpRequest, perm: str, kwargs: dict[str, Any]) -> MailingList:
    owner = _owner(kwargs.get("slug"), kwargs.get("network_slug"))
    lookup: dict[str, Any] = {"slug": kwargs["list_slug"], "plan__isnull": True}
    if isinstance(owner, Network):
        lookup["network"] = owner
    else:
        lookup["community"] = owner
    mailing_list = get_object_or_404(
        MailingList.objects.select_related("community", "network"), **lookup
    )
    check_perm(request, perm, mailing_list)
    return mailing_list


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _language() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


# --- Public -------------------------------------------------------------------------------


@rate_limited("follow", posted_address)
def list_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    mailing_list = _list(request, "newsletters.view_list", kwargs)
    form = SubscribeForm(
        request.POST or None,
        initial={
            "language": _language(),
            "email": request.user.email if request.user.is_authenticated else "",
        },
        auto_id="subscribe_%s",
    )
    if request.method == "POST":
        check_perm(request, "newsletters.subscribe", mailing_list)
        if form.is_valid():
            services.subscribe(
                mailing_list=mailing_list,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                user=request.user,
                base_url=_base(request),
            )
            # The same words whether the address is new, waiting or already subscribed.
            messages.success(
                request,
                _(
                    "Check your e-mail: we sent a link to confirm your subscription. "
                    "Until you open it we send nothing else."
                ),
            )
            return redirect(mailing_list.get_absolute_url())
    issues = mailing_list.issues.filter(status=Issue.Status.SENT).order_by("-sent_at")
    return render(
        request,
        "newsletters/list_detail.html",
        {
            "list": mailing_list,
            "form": form,
            "issues": issues,
            "can_manage": request.user.has_perm("newsletters.manage_list", mailing_list),
        },
    )


def issue_archive(request: HttpRequest, issue_id: int, **kwargs: Any) -> HttpResponse:
    """A past issue as a subscriber in the page's language got it (without their links)."""
    mailing_list = _list(request, "newsletters.view_list", kwargs)
    issue = get_object_or_404(
        Issue, pk=issue_id, mailing_list=mailing_list, status=Issue.Status.SENT
    )
    subject, text = render_issue(issue, _language(), _base(request))
    return render(
        request,
        "newsletters/issue.html",
        {"list": mailing_list, "issue": issue, "subject": subject, "text": public_text(text)},
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: opening it asks (link checkers open links), the
    button confirms."""
    sub = services._from_token(token, "groundwork.newsletters.confirm")
    done = False
    if sub is not None and request.method == "POST":
        sub = services.confirm(token)
        done = sub is not None
    elif sub is not None:
        done = sub.active
    return render(request, "newsletters/confirm.html", {"sub": sub, "token": token, "done": done})


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    sub = services.from_manage_token(token)
    if sub is None:
        return render(request, "newsletters/preferences.html", {"sub": None}, status=404)
    form = PreferencesForm(request.POST or None, initial={"language": sub.language})
    if request.method == "POST" and form.is_valid():
        services.set_language(sub, form.cleaned_data["language"])
        messages.success(request, _("Saved."))
        return redirect(sub.get_preferences_url())
    return render(
        request,
        "newsletters/preferences.html",
        {"sub": sub, "form": form, "token": token},
    )


@csrf_exempt  # the signed token is the credential; mail clients post it (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: the link in every message opens this page with one button; a mail client's
    one-click unsubscribe posts here directly (List-Unsubscribe-Post)."""
    sub = services.from_manage_token(token)
    if request.method == "POST":
        if sub is not None:
            services.unsubscribe(sub)
        return render(request, "newsletters/unsubscribe.html", {"done": True, "sub": sub})
    return render(request, "newsletters/unsubscribe.html", {"sub": sub, "token": token})


# --- Managing lists and issues --------------------------------------------------------------


def lists_manage(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    owner = _owner(kwargs.get("slug"), kwargs.get("network_slug"))
    check_perm(request, "newsletters.add_list", owner)
    form = ListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailing_list = form.save(commit=False)
        if isinstance(owner, Network):
            mailing_list.network = owner
            clash = MailingList.objects.filter(network=owner, slug=mailing_list.slug)
        else:
            mailing_list.community = owner
            clash = MailingList.objects.filter(community=owner, slug=mailing_list.slug)
        if clash.exists():
            form.add_error("slug", _("Another list here has this short name."))
        else:
            mailing_list.save()
            audit_record(
                actor=request.user,
                community=mailing_list.community,
                action="newsletter.list_create",
                target=mailing_list,
            )
            return redirect(_manage_url(mailing_list))
    if isinstance(owner, Network):
        lists = MailingList.objects.filter(network=owner)
    else:
        lists = MailingList.objects.filter(community=owner, plan__isnull=True)
    return render(
        request, "newsletters/lists_manage.html", {"owner": owner, "lists": lists, "form": form}
    )


def _manage_url(mailing_list: MailingList) -> str:
    from django.urls import reverse

    name = "network_manage" if mailing_list.network_id else "community_manage"
    return reverse(f"newsletters:{name}", kwargs=mailing_list.owner_slug_kwargs)


def _issue_url(issue: Issue) -> str:
    from django.urls import reverse

    mailing_list = issue.mailing_list
    name = "network_issue_edit" if mailing_list.network_id else "community_issue_edit"
    return reverse(
        f"newsletters:{name}", kwargs={**mailing_list.owner_slug_kwargs, "issue_id": issue.pk}
    )


def list_manage(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    mailing_list = _list(request, "newsletters.manage_list", kwargs)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issue = form.save(commit=False)
        issue.mailing_list = mailing_list
        issue.created_by = request.user
        issue.save()
        return redirect(_issue_url(issue))
    subs = mailing_list.subscriptions
    counts = {
        "active": subs.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count(),
        "waiting": subs.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True).count(),
        "left": subs.filter(unsubscribed_at__isnull=False).count(),
    }
    return render(
        request,
        "newsletters/list_manage.html",
        {
            "list": mailing_list,
            "form": form,
            "counts": counts,
            "issues": mailing_list.issues.order_by("-created_at"),
        },
    )


def issue_edit(request: HttpRequest, issue_id: int, **kwargs: Any) -> HttpResponse:
    mailing_list = _list(request, "newsletters.manage_list", kwargs)
    issue = get_object_or_404(Issue, pk=issue_id, mailing_list=mailing_list)
    editable = issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED)
    form = IssueForm(request.POST or None, instance=issue, prefix="issue")
    test_form = TestSendForm(
        initial={"email": request.user.email, "language": _language()}, prefix="test"
    )
    schedule_form = ScheduleForm(prefix="when")
    if request.method == "POST" and editable and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_issue_url(issue))
    language = request.GET.get("preview", _language())
    language = "es" if language == "es" else "en"
    preview_subject, preview_text = render_issue(issue, language, _base(request))
    return render(
        request,
        "newsletters/issue_edit.html",
        {
            "list": mailing_list,
            "issue": issue,
            "form": form,
            "test_form": test_form,
            "schedule_form": schedule_form,
            "editable": editable,
            "preview_language": language,
            "preview_subject": preview_subject,
            "preview_text": public_text(preview_text),
            "delivered": issue.deliveries.filter(status="sent").count(),
        },
    )


@require_POST
def issue_test(request: HttpRequest, issue_id: int, **kwargs: Any) -> HttpResponse:
    mailing_list = _list(request, "newsletters.manage_list", kwargs)
    issue = get_object_or_404(Issue, pk=issue_id, mailing_list=mailing_list)
    form = TestSendForm(request.POST, prefix="test")
    if form.is_valid():
        send_test(
            issue,
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            base_url=_base(request),
        )
        messages.success(request, _("The test was sent."))
    else:
        messages.error(request, _("Give an e-mail address for the test."))
    return redirect(_issue_url(issue))


@require_POST
def issue_schedule(request: HttpRequest, issue_id: int, **kwargs: Any) -> HttpResponse:
    mailing_list = _list(request, "newsletters.manage_list", kwargs)
    issue = get_object_or_404(Issue, pk=issue_id, mailing_list=mailing_list)
    if request.POST.get("action") == "unschedule":
        services.issue_unschedule(actor=request.user, issue=issue)
        messages.success(request, _("The issue is a draft again."))
        return redirect(_issue_url(issue))
    form = ScheduleForm(request.POST, prefix="when")
    if form.is_valid():
        with transaction.atomic():
            services.issue_schedule(
                actor=request.user,
                issue=issue,
                send_at=form.cleaned_data["send_at"] or timezone.now(),
            )
        messages.success(request, _("Scheduled: the issue goes out at the time given, in batches."))
    else:
        messages.error(request, _("Give a valid date and time."))
    return redirect(_issue_url(issue))


def subscriptions_of(mailing_list: MailingList) -> Any:
    return Subscription.objects.filter(mailing_list=mailing_list)


__all__ = ["Http404"]
