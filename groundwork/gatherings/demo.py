"""The demo's gatherings: the network's monthly Peer Connection series (the third Wednesday,
noon to 1:30 in New York, live Spanish interpretation) and a community workshop of the
planning process open for registration. Safe to run again."""

from datetime import time, timedelta

from django.utils import timezone

from groundwork.communities.models import Network
from groundwork.planning.models import Process

from . import services

PEER_TITLE = "Monthly Peer Connection"


def load_gatherings_demo() -> int:
    """Returns how many gatherings the demo has ahead."""
    from groundwork.core.demo import NETWORK

    network = Network.objects.filter(slug=NETWORK["slug"]).first()
    if network is None:
        return 0
    lead = network.stewards.order_by("pk").first()
    if lead is None:
        return 0
    today = timezone.localdate()
    if not network.gathering_series.filter(title=PEER_TITLE).exists():
        services.series_save(
            actor=lead,
            owner=network,
            title=PEER_TITLE,
            title_es="Conexión entre pares mensual",
            description=(
                "Connect with others, professionals and community members, from across the "
                "state. Live interpretation in Spanish is available."
            ),
            description_es=(
                "Conéctese con profesionales y miembros de la comunidad de todo el estado. "
                "Hay interpretación en vivo al español."
            ),
            kind="peer",
            mode="online",
            online_url="https://meet.example.org/peer-connection",
            language="en",
            interpretation_language="es",
            interpretation="Live Spanish interpretation / Interpretación en vivo al español",
            capacity=40,
            frequency="MONTHLY",
            ordinal=3,
            weekday="WE",
            start_time=time(12, 0),
            end_time=time(13, 30),
            time_zone="America/New_York",
            starts_on=today.replace(day=1),
        )
    processes = Process.objects.filter(
        slug="resilience-plan", community__network=network
    ).select_related("community")
    process = (
        processes.filter(community__slug="alder-county").first() or processes.order_by("pk").first()
    )
    if process is not None and not process.community.gathering_series.exists():
        coordinator = process.community.memberships.filter(role="coordinator").first()
        if coordinator is not None:
            services.series_save(
                actor=coordinator.user,
                owner=process.community,
                title="Mothers' circle",
                title_es="Círculo de madres",
                description_es="Conversación entre madres, con cuidado infantil y merienda.",
                kind="small",
                mode="in_person",
                place="Library meeting room",
                language="es",
                interpretation_language="en",
                childcare=True,
                food="Merienda / Snacks",
                capacity=15,
                frequency="MONTHLY",
                ordinal=2,
                weekday="SA",
                start_time=time(10, 0),
                end_time=time(11, 30),
                time_zone="America/New_York",
                starts_on=today.replace(day=1),
            )
    if process is not None and not process.gatherings.filter(kind="workshop").exists():
        coordinator = process.community.memberships.filter(role="coordinator").first()
        if coordinator is not None:
            starts = timezone.now().replace(hour=22, minute=0, second=0, microsecond=0)
            starts += timedelta(days=10)
            services.gathering_save(
                actor=coordinator.user,
                owner=process,
                title="Two-day resilience workshop, day 1",
                title_es="Taller de resiliencia de dos días, día 1",
                description="The five questions in small groups, with a meal.",
                description_es="Las cinco preguntas en grupos pequeños, con comida.",
                kind="workshop",
                mode="in_person",
                place="Community center",
                accessibility_notes="Step-free entrance; large-print cards.",
                language="en",
                interpretation_language="es",
                childcare=True,
                food="Dinner / Cena",
                capacity=60,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                time_zone="America/New_York",
            )
    return services.Gathering.objects.filter(ends_at__gte=timezone.now(), is_public=True).filter(
        network=network
    ).count() + (process.gatherings.filter(ends_at__gte=timezone.now()).count() if process else 0)
