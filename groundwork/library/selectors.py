"""Reads of the library: the search (through the directory's selector, ``core.fulltext``),
a practice's page (adoptions and how they went, coalitions doing it), and the plan builder's
"practices other coalitions used for this theme"."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from groundwork.communities.models import Community
from groundwork.core import fulltext
from groundwork.core.fulltext import TextIndex, folded, words_of
from groundwork.plans.models import ActivityStatus

from .models import Adoption, Comment, Practice, PracticeStatus

PER_PAGE = 20

# The same expression as the index of migrations/0001_initial (a test compares them).
PG_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, "
    + folded("{t}title_en")
    + "), 'A') || setweight(to_tsvector('english'::regconfig, "
    + folded("{t}body_en")
    + "), 'B') || setweight(to_tsvector('spanish'::regconfig, "
    + folded("{t}title_es")
    + "), 'A') || setweight(to_tsvector('spanish'::regconfig, "
    + folded("{t}body_es")
    + "), 'B'))"
)
PRACTICE_INDEX = TextIndex(
    table=Practice._meta.db_table,
    pg_document=PG_DOCUMENT,
    fts_table="library_practice_fts",
    fts_weights="10.0, 1.0, 10.0, 1.0",
    fields=("title_en", "body_en", "title_es", "body_es"),
)


@dataclass
class Filters:
    words: str = ""
    focus_area: str = ""
    evidence_level: str = ""
    strategy: str = ""  # a strategy's key
    network: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            words_of(self.words)
            or self.focus_area
            or self.evidence_level
            or self.strategy
            or self.network
        )


@dataclass
class PracticePage:
    practices: list[Practice]
    total: int
    number: int
    pages: int
    adopted: dict[int, int] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def published() -> QuerySet[Practice]:
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED)


def practice_search(filters: Filters, *, page: int = 1, per_page: int = PER_PAGE) -> PracticePage:
    """One page of published practices that hold the words and pass the filters, best match
    first (newest first without words): a count, the page, its coalitions and strategies,
    and how many coalitions adopted each (five queries whatever the library's size)."""
    rows = published()
    if filters.focus_area:
        rows = rows.filter(focus_area=filters.focus_area)
    if filters.evidence_level:
        rows = rows.filter(evidence_level=filters.evidence_level)
    if filters.strategy:
        rows = rows.filter(strategies__key=filters.strategy)
    if filters.network:
        rows = rows.filter(network_id=filters.network)
    total = fulltext.filter_words(rows, filters.words, PRACTICE_INDEX).count()
    rows = fulltext.match_words(rows, filters.words, PRACTICE_INDEX)
    ordering = ["-published_at", "-id"]
    if words_of(filters.words) and connection.vendor in ("postgresql", "sqlite"):
        ordering = ["-rank", *ordering]
    pages = max(1, math.ceil(total / per_page))
    number = min(max(page, 1), pages)
    start = (number - 1) * per_page
    practices = list(
        rows.order_by(*ordering)
        .select_related("community")
        .prefetch_related("strategies")[start : start + per_page]
    )
    adopted = adoption_counts([p.pk for p in practices])
    for p in practices:
        p.adopted_by = adopted.get(p.pk, 0)  # type: ignore[attr-defined]
    return PracticePage(practices, total, number, pages, adopted)


def adoption_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    counts = (
        Adoption.objects.filter(practice_id__in=ids)
        .values("practice_id")
        .annotate(n=Count("community_id", distinct=True))
    )
    return {row["practice_id"]: row["n"] for row in counts}


@dataclass
class Outcome:
    """How an adoption went: the adopting coalition, its activity's status and progress, and
    its latest progress note (shown only when the coalition's profile is public)."""

    community: Community
    status: str
    progress: int
    note: str


def adoptions_of(practice: Practice) -> list[Outcome]:
    rows = (
        Adoption.objects.filter(practice=practice)
        .select_related("community", "activity")
        .prefetch_related("activity__updates")
        .order_by("community__name", "id")
    )
    out = []
    for a in rows:
        updates = sorted(a.activity.updates.all(), key=lambda u: (u.on_date, u.pk))
        out.append(
            Outcome(
                community=a.community,
                status=a.activity.get_status_display(),
                progress=a.activity.progress,
                note=updates[-1].note if updates and a.community.is_public else "",
            )
        )
    return out


def doing_this(practice: Practice) -> list[Community]:
    """Coalitions doing this: the author and every adopter whose activity is not dropped,
    public profiles only (they link to the network's catalog profile)."""
    ids = set(
        Adoption.objects.filter(practice=practice)
        .exclude(activity__status=ActivityStatus.DROPPED)
        .values_list("community_id", flat=True)
    )
    ids.add(practice.community_id)
    return list(Community.objects.filter(pk__in=ids, is_public=True).order_by("name"))


def comments_of(*, practice: Practice | None = None, request: Any = None) -> list[Comment]:
    return list(
        Comment.objects.filter(practice=practice, request=request)
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )


def community_practices(community: Community) -> QuerySet[Practice]:
    return Practice.objects.filter(community=community).annotate(
        adopters=Count("adoptions__community", distinct=True)
    )


def for_themes(*, community: Community, labels: list[str], limit: int = 3) -> list[Practice]:
    """Published practices of other coalitions that match a theme's words, most adopted
    first: one search per label (up to three labels), through the same index."""
    found: dict[int, Practice] = {}
    for label in labels[:3]:
        words = " ".join(words_of(label)[:4])
        if not words:
            continue
        rows = fulltext.filter_words(
            published().exclude(community=community), words, PRACTICE_INDEX
        )
        rows = rows.annotate(adopters=Count("adoptions", distinct=True)).order_by(
            "-adopters", "-published_at", "-id"
        )
        for practice in rows.select_related("community")[:limit]:
            found.setdefault(practice.pk, practice)
    return list(found.values())[: limit * 2]


def visible_practice_ids(user: Any) -> Q:
    """Drafts a person may read beside the published ones: their coalitions'."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(community__memberships__user=user)


def prefetch_strategies() -> Prefetch:
    return Prefetch("strategies")
