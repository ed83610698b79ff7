"""Reads: upcoming gatherings of a community, a network or a process with the page's
filters; what is coming up for the home page; a gathering's registrations and needs."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Gathering, Interpretation, Mode, Registration, Status

PUBLIC_OWNER = (
    Q(community__isnull=False, community__is_public=True) & ~Q(process__is_public=False)
) | Q(network__isnull=False)


def _base() -> QuerySet[Gathering]:
    return Gathering.objects.select_related("community", "network", "process", "series")


def for_owner(owner: Any) -> QuerySet[Gathering]:
    from groundwork.communities.models import Network
    from groundwork.planning.models import Process

    if isinstance(owner, Process):
        return _base().filter(process=owner)
    if isinstance(owner, Network):
        return _base().filter(network=owner)
    return _base().filter(community=owner)


def upcoming(
    owner: Any,
    *,
    filters: dict[str, str] | None = None,
    now: datetime | None = None,
    listed_only: bool = True,
) -> QuerySet[Gathering]:
    """Upcoming (or under way) gatherings of the owner, soonest first. Off the public list
    (``is_public`` false) only when a facilitator asks (``listed_only=False``)."""
    gatherings = for_owner(owner).filter(cancelled=False, ends_at__gte=now or timezone.now())
    if listed_only:
        gatherings = gatherings.filter(is_public=True).exclude(process__is_public=False)
    return filtered(gatherings, filters or {}).order_by("starts_at", "pk")


def filtered(gatherings: QuerySet[Gathering], filters: dict[str, str]) -> QuerySet[Gathering]:
    if kind := filters.get("kind"):
        gatherings = gatherings.filter(kind=kind)
    if language := filters.get("language"):
        gatherings = gatherings.filter(Q(language=language) | Q(interpretation_language=language))
    if (mode := filters.get("mode")) == Mode.ONLINE:
        gatherings = gatherings.filter(mode__in=[Mode.ONLINE, Mode.HYBRID])
    elif mode == Mode.IN_PERSON:
        gatherings = gatherings.filter(mode__in=[Mode.IN_PERSON, Mode.HYBRID])
    return gatherings


def coming_up(*, limit: int = 5, now: datetime | None = None) -> list[Gathering]:
    """For the home page: the next public gatherings of public communities and networks."""
    return list(
        with_counts(_base())
        .filter(PUBLIC_OWNER, is_public=True, cancelled=False, ends_at__gte=now or timezone.now())
        .order_by("starts_at", "pk")[:limit]
    )


def with_counts(gatherings: QuerySet[Gathering]) -> QuerySet[Gathering]:
    return gatherings.annotate(
        registered=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
    ).annotate(places_left=F("capacity") - F("registered"))


def registrations(gathering: Gathering) -> QuerySet[Registration]:
    return gathering.registrations.exclude(status=Status.CANCELLED).order_by(
        "-status", "created_at", "pk"
    )  # registered, then the waitlist in its order


@dataclass
class NeedsSummary:
    registered: int
    waitlisted: int
    interpretation: dict[str, int]
    asl: int
    childcare_people: int
    children: int
    dietary: int
    other: int

    def sentence(self) -> str:
        """ "4 need Spanish interpretation, 2 childcare", in the page's language."""
        parts = []
        for code, count in self.interpretation.items():
            if code == Interpretation.ES:
                text = ngettext(
                    "%(count)s needs Spanish interpretation",
                    "%(count)s need Spanish interpretation",
                    count,
                )
            else:
                text = ngettext(
                    "%(count)s needs English interpretation",
                    "%(count)s need English interpretation",
                    count,
                )
            parts.append(text % {"count": count})
        if self.asl:
            parts.append(ngettext("%(count)s ASL", "%(count)s ASL", self.asl) % {"count": self.asl})
        if self.childcare_people:
            parts.append(
                ngettext(
                    "%(count)s childcare (%(children)s children)",
                    "%(count)s childcare (%(children)s children)",
                    self.childcare_people,
                )
                % {"count": self.childcare_people, "children": self.children}
            )
        if self.dietary:
            parts.append(
                ngettext("%(count)s dietary need", "%(count)s dietary needs", self.dietary)
                % {"count": self.dietary}
            )
        if self.other:
            parts.append(
                ngettext("%(count)s other need", "%(count)s other needs", self.other)
                % {"count": self.other}
            )
        return ", ".join(parts) or _("No access needs so far.")


def needs_summary(gathering: Gathering) -> NeedsSummary:
    """Over everyone holding a seat or on the waitlist (they may be promoted)."""
    regs = gathering.registrations.exclude(status=Status.CANCELLED)
    figures = regs.aggregate(
        registered=Count("pk", filter=Q(status=Status.REGISTERED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        asl=Count("pk", filter=Q(asl=True)),
        childcare_people=Count("pk", filter=Q(childcare__gt=0)),
        dietary=Count("pk", filter=~Q(dietary="")),
        other=Count("pk", filter=~Q(other_needs="")),
    )
    children = sum(regs.values_list("childcare", flat=True))
    interpretation = {
        row["interpretation_language"]: row["n"]
        for row in regs.exclude(interpretation_language="")
        .values("interpretation_language")
        .annotate(n=Count("pk"))
        .order_by("interpretation_language")
    }
    return NeedsSummary(interpretation=interpretation, children=children, **figures)
