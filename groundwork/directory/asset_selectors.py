"""Reads of the asset map, of what the plan builder links to, and of the gaps: shaped for the
pages, in a fixed number of queries, always within one community."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation

from groundwork.analysis.coverage import AnswerRow, Topic
from groundwork.analysis.coverage import coverage as analysis_coverage
from groundwork.analysis.gaps import Need, unmet
from groundwork.analysis.pii import looks_personal
from groundwork.communities.models import Community, FocusArea, Organization
from groundwork.communities.rules import is_member
from groundwork.core.text import in_language
from groundwork.planning.models import Contribution, Moderation, Process, QuestionKey

from .actions.focus import TAXONOMY_ID as FOCUS_TAXONOMY_ID
from .models import (
    SHOWN_CONSENTS,
    Address,
    AllyOrigin,
    Asset,
    AssetKind,
    Attribute,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

WORDS_SHOWN = 3  # residents' answers shown under an asset in the list


@dataclass
class AssetFilters:
    kind: str = ""
    county: str = ""
    tag: str = ""
    words: str = ""


def residents_words(viewer: Any, community: Community) -> Q:
    """The answers behind an asset that this viewer may read: members read every visible
    answer; anyone else only those of public processes that do not look like personal data
    (checked after the query)."""
    visible = Q(moderation=Moderation.VISIBLE)
    if is_member(viewer, community):
        return visible
    return visible & Q(process__is_public=True)


def asset_queryset(*, community: Community, filters: AssetFilters | None = None) -> QuerySet[Asset]:
    """The community's assets that may be shown at all (an individual's gifts only with
    consent), filtered."""
    assets = Asset.objects.filter(community=community).shown()
    if filters:
        if filters.kind:
            assets = assets.filter(kind=filters.kind)
        if filters.county:
            assets = assets.filter(county_fips=filters.county)
        for word in filters.words.split():
            assets = assets.filter(
                Q(name__icontains=word)
                | Q(name_es__icontains=word)
                | Q(description__icontains=word)
                | Q(description_es__icontains=word)
                | Q(area__icontains=word)
            )
    return assets.order_by("kind", "name", "pk")


def asset_list(
    *, community: Community, viewer: Any, filters: AssetFilters | None = None
) -> list[Asset]:
    """The asset map's list: each asset with ``words`` (a few answers it came from, as the
    viewer may read them), ``words_count`` and ``tag_match``. Three queries."""
    member = is_member(viewer, community)
    answers = Contribution.objects.filter(residents_words(viewer, community)).order_by("pk")
    assets = list(
        asset_queryset(community=community, filters=filters).prefetch_related(
            Prefetch("contributions", queryset=answers, to_attr="readable_answers")
        )
    )
    tag = (filters.tag if filters else "").strip().lower()
    shown = []
    for asset in assets:
        if tag and tag not in asset.tags:
            continue
        readable = _as_seen(asset, asset.readable_answers, member=member)
        asset.words = readable[:WORDS_SHOWN]  # type: ignore[attr-defined]
        asset.words_count = len(readable)  # type: ignore[attr-defined]
        shown.append(asset)
    return shown


def asset_detail(*, community: Community, viewer: Any, pk: int) -> Asset | None:
    """One asset of the community as the viewer may see it (None when it is not shown)."""
    asset = asset_queryset(community=community).filter(pk=pk).first()
    if asset is None:
        return None
    member = is_member(viewer, community)
    answers = asset.contributions.filter(residents_words(viewer, community)).order_by("pk")
    asset.words = _as_seen(asset, answers, member=member)  # type: ignore[attr-defined]
    return asset


def _as_seen(asset: Asset, answers: Iterable[Contribution], *, member: bool) -> list[Contribution]:
    """Marks whether the viewer sees the asset's contact (``contact_shown``) and returns the
    answers behind it they may read: a visitor reads none that looks like personal data."""
    asset.contact_shown = asset.has_contact and (  # type: ignore[attr-defined]
        member or asset.contact_visibility == "public"
    )
    return [a for a in answers if member or not looks_personal(a.text)]


def all_tags(assets: Iterable[Asset]) -> list[str]:
    return sorted({tag for asset in assets for tag in asset.tags})


# Promotion --------------------------------------------------------------------------------


def promotion_answers(
    *, community: Community, ids: Iterable[Any], question: str
) -> list[Contribution]:
    """The visible answers to ``question`` picked, within the community, with their process
    and question (the promotion pages link back to them)."""
    numbers = [int(i) for i in ids if str(i).isdigit()]
    return list(
        Contribution.objects.filter(
            community=community,
            pk__in=numbers,
            moderation=Moderation.VISIBLE,
            question__key=question,
        )
        .select_related("process", "question")
        .order_by("pk")
    )


def promoted(
    *, community: Community, contributions: Iterable[Contribution]
) -> dict[int, list[str]]:
    """For each answer, the names of the assets and allies it was promoted into (two queries)."""
    ids = [c.pk for c in contributions]
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    through = Asset.contributions.through
    for contribution_id, name, name_es in through.objects.filter(
        contribution_id__in=ids, asset__community=community
    ).values_list("contribution_id", "asset__name", "asset__name_es"):
        found[contribution_id].append(in_language(name, name_es))
    for contribution_id, name in AllyOrigin.objects.filter(
        community=community, contribution_id__in=ids
    ).values_list("contribution_id", "organization__name"):
        found[contribution_id].append(name)
    return found


def ally_words(*, organization: Organization) -> list[Contribution]:
    return [
        o.contribution
        for o in AllyOrigin.objects.filter(
            community_id=organization.community_id, organization=organization
        ).select_related("contribution")
    ]


# The plan builder -------------------------------------------------------------------------


def builder_assets(*, community: Community) -> list[Asset]:
    return list(asset_queryset(community=community).only("id", "name", "name_es", "kind"))


def builder_services(*, community: Community) -> list[Service]:
    return list(
        Service.objects.filter(community=community)
        .exclude(status=ServiceStatus.DEFUNCT)
        .only("id", "name", "name_es")
        .order_by("name", "pk")
    )


def service_summaries(
    *, community: Community, service_ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """For each service: its organization's name and the towns of its locations, as anyone may
    see them. A confidential location gives nothing at all, not even its town. Four queries."""
    services = list(
        Service.objects.filter(community=community, pk__in=list(service_ids)).only(
            "id", "hsds_id", "organization_id"
        )
    )
    organizations = dict(
        Organization.objects.filter(
            community=community,
            hsds_id__in=[s.organization_id for s in services if s.organization_id],
        ).values_list("hsds_id", "name")
    )
    links = list(
        ServiceAtLocation.objects.filter(
            community=community, service_id__in=[s.hsds_id for s in services]
        ).values_list("service_id", "location_id")
    )
    public_locations = set(
        Location.objects.filter(
            community=community,
            hsds_id__in=[loc for _s, loc in links if loc],
            confidential=False,
        ).values_list("hsds_id", flat=True)
    )
    towns: dict[Any, set[str]] = defaultdict(set)
    for location_id, city in Address.objects.filter(
        community=community, location_id__in=public_locations
    ).values_list("location_id", "city"):
        if city:
            towns[location_id].add(city)
    places: dict[Any, set[str]] = defaultdict(set)
    for service_id, location_id in links:
        if location_id in public_locations:
            places[service_id] |= towns.get(location_id, set())
    return {
        s.pk: {
            "organization": organizations.get(s.organization_id, ""),
            "places": sorted(places.get(s.hsds_id, set())),
        }
        for s in services
    }


# Gaps -------------------------------------------------------------------------------------

UNMAPPED_SHOWN = 10


@dataclass
class Gaps:
    """What the community's county lacks and what the asset map lacks."""

    counties: list[str]
    focus_areas: list[Need] = field(default_factory=list)  # with no service in the county
    terms: list[Need] = field(default_factory=list)  # with no service in the county
    strength_themes: list[Topic] = field(default_factory=list)  # not in the asset map
    strength_answers: list[Topic] = field(default_factory=list)  # in no theme, not mapped

    @property
    def any(self) -> bool:
        return bool(self.focus_areas or self.terms or self.strength_themes or self.strength_answers)


def _network(community: Community) -> list[tuple[int, list[str], list[str]]]:
    """(id, counties, focus areas) of the community, of the others of its network and of the
    network's own directory, whose statewide entries serve every county of the network (one
    query, none without a network)."""
    if community.network_id is None:
        return [
            (community.pk, list(community.county_fips or []), list(community.focus_areas or []))
        ]
    return [
        (pk, list(counties or []), list(areas or []))
        for pk, counties, areas in Community.objects.filter(
            Q(network_id=community.network_id) | Q(directory_of_id=community.network_id)
        ).values_list("id", "county_fips", "focus_areas")
    ]


def _focus_needs(keys: Iterable[str]) -> list[Need]:
    labels = dict(FocusArea.choices)
    needs = []
    for key in dict.fromkeys(keys):
        if key not in labels or key == FocusArea.OTHER:
            continue
        with translation.override("en"):
            english = str(labels[key])
        with translation.override("es"):
            spanish = str(labels[key])
        needs.append(Need("focus_area", key, str(labels[key]), (english, spanish)))
    return needs


def service_gaps(*, community: Community) -> tuple[list[Need], list[Need]]:
    """The network's focus areas (those of every community in it, else the community's own)
    and the community's taxonomy terms that no active service in the community's counties
    offers through a taxonomy term attached to it. A service is in the counties when its
    community serves one of them (this community, or another of its network). Two queries
    (one without a network)."""
    network = _network(community)
    mine = set(community.county_fips or [])
    neighbours = [
        pk for pk, counties, _areas in network if pk == community.pk or mine & set(counties)
    ]
    focus = [*(community.focus_areas or []), *(a for _pk, _c, areas in network for a in areas)]
    active_service = Service.objects.filter(
        community_id=OuterRef("community_id"), hsds_id=OuterRef("link_id")
    ).exclude(status__in=[ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE])
    offered_term = Attribute.objects.filter(
        community_id=OuterRef("community_id"), taxonomy_term_id=OuterRef("hsds_id")
    ).filter(Exists(active_service))
    offered: list[str] = []
    terms: list[Need] = []
    for community_id, hsds_id, code, name, taxonomy_id, is_offered in (
        TaxonomyTerm.objects.filter(community_id__in=neighbours)
        .annotate(offered=Exists(offered_term))
        .order_by("name", "pk")
        .values_list("community_id", "hsds_id", "code", "name", "taxonomy_id", "offered")
    ):
        if is_offered:
            offered.extend([code, name])
        # The focus areas' own terms are needs of the first kind, not listed again.
        if community_id == community.pk and taxonomy_id != FOCUS_TAXONOMY_ID:
            terms.append(Need("term", str(hsds_id), name, (code,) if code else ()))
    return unmet(_focus_needs(focus), offered), unmet(terms, offered)


def strength_gaps(
    *, process: Process, themes: Iterable[Any] | None = None
) -> tuple[list[Topic], list[Topic]]:
    """The themes of the strengths residents named with no answer in the asset map, and the
    most shared answers in no theme that are not in it either (most people first). The same
    computation as the plan's coverage (`analysis.coverage`) with assets for activities.
    ``themes``: the process's top-level strengths themes when the caller has them already.
    One query with them, two without."""
    if themes is None:
        from groundwork.themes.models import Theme

        themes = Theme.objects.filter(
            process=process, question__key=QuestionKey.STRENGTHS, parent=None
        ).only("id", "label")
    labels = {theme.pk: theme.label for theme in themes}
    # An answer about several things is in several themes (one row per theme and asset).
    rows: dict[int, tuple[Any, str, str, list[int]]] = {}
    mapped: dict[int, set[int]] = defaultdict(set)
    for pk, theme, person, text, language, asset, kind, consent in Contribution.objects.filter(
        process=process, question__key=QuestionKey.STRENGTHS, moderation=Moderation.VISIBLE
    ).values_list(
        "id",
        "theme_memberships__theme_id",
        "participant_id",
        "text",
        "language",
        "assets__id",
        "assets__kind",
        "assets__consent",
    ):
        row = rows.setdefault(pk, (person, text, language, []))
        if theme is not None and theme not in row[3]:
            row[3].append(theme)
        if asset is not None and (kind != AssetKind.INDIVIDUAL or consent in SHOWN_CONSENTS):
            mapped[pk].add(asset)
    answers = [
        AnswerRow(pk, found[0] if found else None, person, text, language, themes=tuple(found))
        for pk, (person, text, language, found) in rows.items()
    ]
    result = analysis_coverage(
        answers, labels, theme_links={}, answer_links=mapped, unthemed_limit=1_000
    )
    unthemed = [t for t in result.unthemed if not t.addressed][:UNMAPPED_SHOWN]
    return result.gaps, unthemed


def gaps(
    *, community: Community, process: Process | None, strength_themes: Iterable[Any] | None = None
) -> Gaps:
    """The gaps panel of the plan builder: three queries (two when the caller passes the
    process's strengths themes, one more when the community is in a network)."""
    focus_areas, terms = service_gaps(community=community)
    found = Gaps(
        counties=[c.label for c in community.counties()], focus_areas=focus_areas, terms=terms
    )
    if process is not None:
        found.strength_themes, found.strength_answers = strength_gaps(
            process=process, themes=strength_themes
        )
    return found
