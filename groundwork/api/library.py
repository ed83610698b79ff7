"""The practice library and peer help in the API: the same search, practice and request reads
as the pages, under the same rules (published practices are public; drafts are read by their
coalition's members; requests for help by the asking coalition and the network's stewards)."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from groundwork.communities.models import Community, Network
from groundwork.library import selectors
from groundwork.library.models import HelpRequest, Practice

from .errors import require
from .pagination import MAX_ID
from .schemas import ErrorOut

router = Router(tags=["library"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_PAGE = 10_000


class PracticeQuery(Schema):
    q: str = Field("", max_length=200)  # words, in English or Spanish
    focus_area: str = ""
    evidence_level: str = ""
    strategy: str = ""  # a strategy's key
    network: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=MAX_PAGE)


class PracticeOut(Schema):
    id: int
    title_en: str
    title_es: str
    community: str
    network: str | None
    evidence_level: str
    focus_area: str
    strategies: list[str]
    licence: str
    published_at: datetime | None
    adopted_by: int  # how many coalitions adopted it
    url: str

    @staticmethod
    def resolve_community(obj: Any) -> str:
        return str(obj.community.slug)

    @staticmethod
    def resolve_network(obj: Any) -> str | None:
        return obj.network.slug if obj.network_id else None

    @staticmethod
    def resolve_strategies(obj: Any) -> list[str]:
        return [s.key for s in obj.strategies.all()]

    @staticmethod
    def resolve_adopted_by(obj: Any) -> int:
        return int(getattr(obj, "adopted_by", 0))

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class PracticePageOut(Schema):
    total: int
    page: int
    pages: int
    results: list[PracticeOut]


class AdoptionOut(Schema):
    community: str
    status: str
    progress: int
    note: str


class PracticeDetailOut(PracticeOut):
    body_en: str
    body_es: str
    problem: str
    strengths: str
    population: str
    setting: str
    cost: str
    evidence_source: str
    taxonomy_code: str
    taxonomy_name: str
    adoptions: list[AdoptionOut]

    @staticmethod
    def resolve_adoptions(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "community": a.community.slug,
                "status": a.status,
                "progress": a.progress,
                "note": a.note,
            }
            for a in obj.outcomes
        ]


@router.get("/library/practices", response={200: PracticePageOut, **ERRORS})
def practice_search(request: HttpRequest, query: Query[PracticeQuery]):  # type: ignore[no-untyped-def]
    """Published practices with the words (either language) and the filters, best match first
    (newest first without words), 20 a page."""
    require(request, "library.view_library", None)
    found = selectors.practice_search(
        selectors.Filters(
            words=query.q,
            focus_area=query.focus_area,
            evidence_level=query.evidence_level,
            strategy=query.strategy,
            network=query.network,
        ),
        page=query.page,
    )
    return Status(
        200,
        {
            "total": found.total,
            "page": found.number,
            "pages": found.pages,
            "results": found.practices,
        },
    )


@router.get("/library/practices/{practice_id}", response={200: PracticeDetailOut, **ERRORS})
def practice_detail(request: HttpRequest, practice_id: int):  # type: ignore[no-untyped-def]
    """A practice with how it went for the coalitions that adopted it."""
    practice = get_object_or_404(
        Practice.objects.select_related("community", "network").prefetch_related("strategies"),
        pk=practice_id,
    )
    require(request, "library.view_practice", practice)
    practice.outcomes = selectors.adoptions_of(practice)  # type: ignore[attr-defined]
    practice.adopted_by = len({a.community.pk for a in practice.outcomes})  # type: ignore[attr-defined]
    return Status(200, practice)


# --- Peer help: requests for technical assistance or mentoring -----------------------------


class HelpRequestOut(Schema):
    id: int
    community: str
    kind: str
    topic: str
    details: str
    strategy: str | None
    focus_area: str
    urgency: str
    status: str
    due_on: date | None
    mentor: str | None  # the mentor coalition, once the stewards chose one
    created_at: datetime

    @staticmethod
    def resolve_community(obj: Any) -> str:
        return str(obj.community.slug)

    @staticmethod
    def resolve_strategy(obj: Any) -> str | None:
        return obj.strategy.key if obj.strategy_id else None

    @staticmethod
    def resolve_mentor(obj: Any) -> str | None:
        return obj.mentor.slug if obj.mentor_id else None


def _help_requests() -> Any:
    return HelpRequest.objects.select_related("community", "mentor", "strategy")


@router.get("/communities/{slug}/help-requests", response={200: list[HelpRequestOut], **ERRORS})
def community_help_requests(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The coalition's own requests for help, newest first (its members)."""
    community = get_object_or_404(Community, slug=slug)
    require(request, "library.view_community_requests", community)
    found = _help_requests().filter(community=community).order_by("-created_at", "-pk")
    return Status(200, list(found[:500]))


@router.get(
    "/networks/{network_slug}/help-requests", response={200: list[HelpRequestOut], **ERRORS}
)
def network_help_requests(request: HttpRequest, network_slug: str):  # type: ignore[no-untyped-def]
    """Every coalition's requests to the network, in the stewards' triage order: by status,
    then the earliest due (its stewards)."""
    network = get_object_or_404(Network, slug=network_slug)
    require(request, "library.triage_network", network)
    found = _help_requests().filter(network=network).order_by("status", "due_on", "-created_at")
    return Status(200, list(found[:500]))
