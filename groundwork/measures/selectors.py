from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from groundwork.communities.models import Community, Network

from .models import Instrument, Item, Section


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
