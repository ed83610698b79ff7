"""Newsletters in the API: a community's or network's lists and the issues sent to them (the
public archive), under the pages' rules. Subscribers are never here: subscribing is double
opt-in by e-mail, through the list's page."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Router, Schema, Status

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Community, Network

from .models import Issue, MailingList
from .sending import public_text
from .sending import render as render_issue

router = Router(tags=["newsletters"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ListOut(Schema):
    slug: str
    name_en: str
    name_es: str
    description_en: str
    description_es: str
    issues_sent: int
    url: str

    @staticmethod
    def resolve_issues_sent(obj: Any) -> int:
        return int(getattr(obj, "issues_sent", 0))

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class IssueOut(Schema):
    id: int
    subject_en: str
    subject_es: str
    sent_at: datetime | None


class IssueTextOut(IssueOut):
    language: str
    subject: str
    text: str  # as a subscriber read it, without their own links


def _owner_visible(request: HttpRequest, owner: Community | Network) -> None:
    """A private community's lists are its members' business: the community first."""
    if isinstance(owner, Community):
        require(request, "communities.view_community", owner)


def _lists(request: HttpRequest, owner: Community | Network) -> Any:
    from django.db.models import Count, Q

    _owner_visible(request, owner)
    lookup = {"network": owner} if isinstance(owner, Network) else {"community": owner}
    found = (
        MailingList.objects.filter(plan__isnull=True, **lookup)
        .select_related("community", "network")
        .annotate(issues_sent=Count("issues", filter=Q(issues__status=Issue.Status.SENT)))
        .order_by("name_en", "pk")
    )
    return Status(200, [m for m in found if request.user.has_perm("newsletters.view_list", m)])


def _one(owner: Community | Network, list_slug: str, request: HttpRequest) -> MailingList:
    _owner_visible(request, owner)
    lookup = {"network": owner} if isinstance(owner, Network) else {"community": owner}
    mailing_list = get_object_or_404(
        MailingList.objects.select_related("community", "network"),
        slug=list_slug,
        plan__isnull=True,
        **lookup,
    )
    require(request, "newsletters.view_list", mailing_list)
    return mailing_list


def _sent(mailing_list: MailingList) -> Any:
    return mailing_list.issues.filter(status=Issue.Status.SENT).order_by("-sent_at", "-pk")


def _issue(request: HttpRequest, mailing_list: MailingList, issue_id: int) -> Any:
    issue = get_object_or_404(_sent(mailing_list), pk=issue_id)
    language = "es" if (get_language() or "en").startswith("es") else "en"
    subject, text = render_issue(issue, language, request.build_absolute_uri("/"))
    return Status(
        200,
        {
            "id": issue.pk,
            "subject_en": issue.subject_en,
            "subject_es": issue.subject_es,
            "sent_at": issue.sent_at,
            "language": language,
            "subject": subject,
            "text": public_text(text),
        },
    )


@router.get("/communities/{slug}/newsletters", response={200: list[ListOut], **ERRORS})
def community_lists(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """A community's mailing lists (plans' own follower lists are not among them)."""
    return _lists(request, get_object_or_404(Community, slug=slug))


@router.get("/networks/{network_slug}/newsletters", response={200: list[ListOut], **ERRORS})
def network_lists(request: HttpRequest, network_slug: str):  # type: ignore[no-untyped-def]
    return _lists(request, get_object_or_404(Network, slug=network_slug))


@router.get(
    "/communities/{slug}/newsletters/{list_slug}/issues", response={200: list[IssueOut], **ERRORS}
)
def community_issues(request: HttpRequest, slug: str, list_slug: str):  # type: ignore[no-untyped-def]
    """The issues sent to a list, newest first (the public archive)."""
    mailing_list = _one(get_object_or_404(Community, slug=slug), list_slug, request)
    return Status(200, list(_sent(mailing_list)[:500]))


@router.get(
    "/networks/{network_slug}/newsletters/{list_slug}/issues",
    response={200: list[IssueOut], **ERRORS},
)
def network_issues(request: HttpRequest, network_slug: str, list_slug: str):  # type: ignore[no-untyped-def]
    mailing_list = _one(get_object_or_404(Network, slug=network_slug), list_slug, request)
    return Status(200, list(_sent(mailing_list)[:500]))


@router.get(
    "/communities/{slug}/newsletters/{list_slug}/issues/{issue_id}",
    response={200: IssueTextOut, **ERRORS},
)
def community_issue(request: HttpRequest, slug: str, list_slug: str, issue_id: int):  # type: ignore[no-untyped-def]
    """One sent issue's text in the caller's language (Accept-Language), blocks filled."""
    mailing_list = _one(get_object_or_404(Community, slug=slug), list_slug, request)
    return _issue(request, mailing_list, issue_id)


@router.get(
    "/networks/{network_slug}/newsletters/{list_slug}/issues/{issue_id}",
    response={200: IssueTextOut, **ERRORS},
)
def network_issue(request: HttpRequest, network_slug: str, list_slug: str, issue_id: int):  # type: ignore[no-untyped-def]
    mailing_list = _one(get_object_or_404(Network, slug=network_slug), list_slug, request)
    return _issue(request, mailing_list, issue_id)
