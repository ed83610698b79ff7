from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from groundwork.communities.models import Community, Network

from .models import Instrument, InvitationLink, Item, Section


def instrument_list(
    *, network: Network | None = None, community: Community | None = None, manager: bool
) -> QuerySet[Instrument]:
    """A network's or a community's surveys: every one for those who build them, the
    published ones for everybody else."""
    qs = Instrument.objects.select_related("network", "community").annotate(
        response_count=Count("responses")
    )
    qs = qs.filter(network=network) if network is not None else qs.filter(community=community)
    if not manager:
        qs = qs.exclude(status=Instrument.Status.DRAFT)
    return qs.order_by("-created_at")


def instrument_with_structure(instrument: Instrument) -> list[Section]:
    """The survey's sections, each with its items, in order (two queries)."""
    sections = list(
        instrument.sections.prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position", "pk"))
        )
    )
    for section in sections:
        section.instrument = instrument
        for item in section.items.all():
            item.instrument = instrument
            item.section = section
    return sections


def form_items(instrument: Instrument) -> list[Item]:
    items: list[Any] = []
    for section in instrument_with_structure(instrument):
        items.extend(section.items.all())
    return items


def instrument_by_slug(*, slug: str, user: Any) -> Instrument:
    """A survey found by its public slug; a draft exists only for those who build it (404 for
    everyone else). The caller then checks what the user may do with it."""
    instrument = get_object_or_404(
        Instrument.objects.select_related("network", "community", "community__network"),
        slug=slug,
    )
    if instrument.is_draft and not user.has_perm("measures.manage_survey", instrument):
        raise Http404
    return instrument


def invitation_link_groups(*, instrument: Instrument) -> list[dict[str, Any]]:
    """The survey's personal links by label: how many were made, used and not yet used."""
    groups = list(
        InvitationLink.objects.filter(instrument=instrument)
        .values("label")
        .annotate(total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False)))
        .order_by("label")
    )
    for group in groups:
        group["unused"] = group["total"] - group["used"]
    return groups
