"""Themes in the API, under the same rules as the pages (public counts suppressed)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.planning.models import Process

from . import selectors

router = Router(tags=["themes"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ThemeFilters(Schema):
    question: str = "problems"
    channel: str = ""
    language: str = ""
    gathering: int | None = None
    area: int | None = None


class QuoteOut(Schema):
    id: int
    text: str
    language: str


class ThemeOut(Schema):
    id: int
    key: str
    label: str
    # For the barriers question's themes: internal, external or unspecified; else "".
    barrier_kind: str
    count: int | None  # None: hidden to protect small groups
    pinned_quote: int | None
    quotes: list[QuoteOut]


@router.get(
    "/communities/{slug}/processes/{process_slug}/themes",
    response={200: list[ThemeOut], **ERRORS},
)
def list_themes(  # type: ignore[no-untyped-def]
    request: HttpRequest, slug: str, process_slug: str, filters: Query[ThemeFilters]
):
    """A question's themes ranked by how many answers (of those the filters pick) they hold."""
    process = get_object_or_404(
        Process.objects.select_related("community"), community__slug=slug, slug=process_slug
    )
    require(request, "themes.view_themes", process)
    question = get_object_or_404(process.questions, key=filters.question)
    question.process = process
    wanted = {
        name: getattr(filters, name)
        for name in ("channel", "language", "gathering", "area")
        if getattr(filters, name)
    }
    overview = selectors.theme_overview(
        question=question, viewer=request.user, filters=wanted, with_subthemes=False
    )
    return [
        {
            "id": ranked.theme.pk,
            "key": ranked.theme.key,
            "label": ranked.theme.label,
            "barrier_kind": ranked.theme.barrier_kind,
            "count": ranked.shown,
            "pinned_quote": ranked.theme.pinned_quote_id,
            "quotes": [{"id": q.pk, "text": q.text, "language": q.language} for q in ranked.quotes],
        }
        for ranked in overview.themes
    ]
