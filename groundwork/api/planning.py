"""Planning processes and their answers in the API, under the same rules as the pages."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from groundwork.planning import selectors
from groundwork.planning.models import BarrierKind, Channel, Moderation, Process

from .errors import require
from .schemas import ContributionFilters, ContributionOut, ErrorOut, ProcessOut

router = Router(tags=["planning"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _process(request: HttpRequest, slug: str, process_slug: str) -> Process:
    process = get_object_or_404(
        Process.objects.select_related("community", "current_phase"),
        community__slug=slug,
        slug=process_slug,
    )
    require(request, "planning.view_process", process)
    return process


@router.get("/communities/{slug}/processes", response={200: list[ProcessOut], **ERRORS})
def list_processes(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Community

    community = get_object_or_404(Community, slug=slug)
    require(request, "communities.view_community", community)
    return Status(200, list(selectors.process_list(community=community, user=request.user)))


@router.get("/communities/{slug}/processes/{process_slug}", response={200: ProcessOut, **ERRORS})
def get_process(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    return _process(request, slug, process_slug)


@router.get(
    "/communities/{slug}/processes/{process_slug}/contributions",
    response={200: list[ContributionOut], **ERRORS},
)
@paginate(LimitOffsetPagination)
def list_contributions(  # type: ignore[no-untyped-def]
    request: HttpRequest, slug: str, process_slug: str, filters: Query[ContributionFilters]
):
    """Answers the caller may see (facilitators also see held and hidden ones), newest first."""
    process = _process(request, slug, process_slug)
    wanted = {
        "channel": filters.channel if filters.channel in Channel.values else "",
        "language": filters.language,
        "moderation": filters.moderation if filters.moderation in Moderation.values else "",
        "q": filters.q[:100],
        "gathering": filters.gathering,  # an id; one from another process matches nothing
        "barrier_kind": filters.barrier_kind if filters.barrier_kind in BarrierKind.values else "",
    }
    question = process.questions.filter(key=filters.question).first() if filters.question else None
    if filters.question and question is None:
        return process.contributions.none()  # a question this process does not ask
    return selectors.contribution_list(
        process=process, viewer=request.user, question=question, filters=wanted
    ).select_related("question", "gathering")
