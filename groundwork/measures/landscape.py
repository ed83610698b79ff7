"""Surveys in the network's landscape report: each published survey of the network with its
dates, its number of responses (suppressed) and the largest themes in its free-text answers."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch

from groundwork.analysis import suppression
from groundwork.analysis.suppression import Cell, Reason
from groundwork.communities.models import Network

from .models import Answer, Instrument, Item, ItemKind
from .results import ThemeSummary, item_themes

TOP_THEMES = 5


@dataclass
class SurveySummary:
    title: str
    status: str
    status_label: str
    opens_at: datetime | None
    closes_at: datetime | None
    responses: Cell
    themes: list[ThemeSummary] = field(default_factory=list)
    url: str = ""


def survey_summaries(*, network: Network) -> list[SurveySummary]:
    """The network's published surveys, newest first. Themes come from the cache kept with
    each free-text question (computed again only when new answers arrived)."""
    instruments = list(
        Instrument.objects.filter(network=network)
        .exclude(status=Instrument.Status.DRAFT)
        .annotate(response_count=Count("responses"))
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.filter(kind=ItemKind.TEXT), to_attr="texts")
        )
        .order_by("-created_at")
    )
    # Every free-text answer of these surveys in one query, grouped by question.
    texts: dict[int, list[tuple[int, str, str]]] = {}
    for item_id, pk, text, language in (
        Answer.objects.filter(item__in=[i for s in instruments for i in s.texts])
        .exclude(text="")
        .order_by("pk")
        .values_list("item_id", "pk", "text", "response__language")
    ):
        texts.setdefault(item_id, []).append((pk, text, language))
    summaries = []
    for instrument in instruments:
        responses = suppression.suppress_count(instrument.response_count)
        themes: list[ThemeSummary] = []
        if not responses.hidden:
            for item in instrument.texts:
                for theme in item_themes(item, texts.get(item.pk, [])):
                    size = suppression.suppress_count(int(theme["size"]))
                    if not size.hidden:
                        themes.append(ThemeSummary(theme["label"], size, list(theme["quotes"])))
        themes.sort(key=lambda t: -(t.size.value or 0))
        summaries.append(
            SurveySummary(
                title=instrument.title,
                status=instrument.status,
                status_label=str(instrument.get_status_display()),
                opens_at=instrument.opens_at,
                closes_at=instrument.closes_at,
                responses=responses,
                themes=themes[:TOP_THEMES],
                url=instrument.get_absolute_url(),
            )
        )
    return summaries


def survey_figures(*, network: Network) -> list[dict[str, Any]]:
    """The same summaries as plain data, to be kept in a dated landscape report: counts that
    are hidden are stored as None, never as their value."""
    return [
        {
            "title": s.title,
            "status": s.status,
            "opens_at": s.opens_at.isoformat() if s.opens_at else None,
            "closes_at": s.closes_at.isoformat() if s.closes_at else None,
            "responses": s.responses.value,
            "themes": [
                {"label": t.label, "size": t.size.value, "quotes": t.quotes[:1]} for t in s.themes
            ],
            "url": s.url,
        }
        for s in survey_summaries(network=network)
    ]


def _cell(value: int | None) -> Cell:
    return Cell(value, Reason.SHOWN if value is not None else Reason.PRIMARY)


def summaries_from_figures(rows: list[dict[str, Any]]) -> list[SurveySummary]:
    """Summaries kept in a report, ready for the include template again."""
    return [
        SurveySummary(
            title=row["title"],
            status=row["status"],
            status_label=str(Instrument.Status(row["status"]).label),
            opens_at=datetime.fromisoformat(row["opens_at"]) if row["opens_at"] else None,
            closes_at=datetime.fromisoformat(row["closes_at"]) if row["closes_at"] else None,
            responses=_cell(row["responses"]),
            themes=[
                ThemeSummary(t["label"], _cell(t["size"]), list(t["quotes"])) for t in row["themes"]
            ],
            url=row["url"],
        )
        for row in rows
    ]
