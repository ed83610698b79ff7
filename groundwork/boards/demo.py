"""The demo's advisory board: the network's statewide advisory council, with seats for
sectors and three reserved for people with lived experience, some held (by name with
consent, or by an account) and some vacant, and its next meeting (the network's first Peer
Connection ahead). Safe to run again."""

from datetime import date

from django.db import transaction

from groundwork.accounts.models import User
from groundwork.communities.models import Network, Sector

from . import services
from .models import Board

NAME = "Statewide Advisory Council"

# title, sector, constituency, reserved for lived experience, holder (e-mail or a name), lived
SEATS = [
    ("Parent raising young children", Sector.LIVED_EXPERIENCE, "Parents", True, "Daniela M.", True),
    ("Survivor of the 2021 flood", Sector.LIVED_EXPERIENCE, "Flood survivors", True, "", False),
    ("Youth voice (16–24)", Sector.LIVED_EXPERIENCE, "Young people", True, "Jordan K.", True),
    ("Public health", Sector.GOVERNMENT, "County health departments", False, "", False),
    ("Community clinics", Sector.HEALTH_CARE, "", False, "Dr. Lena Ortiz", False),
    ("Tribal communities", Sector.COMMUNITY_BASED, "", False, "cedar@example.org", False),
    ("Faith communities", Sector.FAITH, "", False, "riverside@example.org", True),
    ("Schools", Sector.EDUCATION, "School districts", False, "", False),
]


@transaction.atomic
def load_boards_demo() -> int:
    """Returns how many seats the new board has (0 when it was there already)."""
    from groundwork.core.demo import NETWORK

    network = Network.objects.filter(slug=NETWORK["slug"]).first()
    lead = network.stewards.order_by("pk").first() if network else None
    if network is None or lead is None or Board.objects.filter(network=network).exists():
        return 0
    board = services.board_save(
        actor=lead,
        owner=network,
        kind="advisory_board",
        name=NAME,
        name_es="Consejo asesor estatal",
        purpose=(
            "Advises the network's stewards on its strategies and statewide goals. Three seats "
            "are reserved for people with lived experience."
        ),
        purpose_es=(
            "Asesora a quienes coordinan la red sobre sus estrategias y metas estatales. Tres "
            "puestos son para personas con experiencia vivida."
        ),
        is_public=True,
    )
    for title, sector, constituency, reserved, holder, lived in SEATS:
        seat = services.seat_save(
            actor=lead,
            board=board,
            title=title,
            sector=sector,
            constituency=constituency,
            lived_experience=reserved,
            term_start=date(2026, 7, 1),
            term_end=date(2028, 6, 30),
        )
        if not holder:
            continue
        account = "@" in holder and User.objects.filter(email=holder).exists()
        services.seat_fill(
            actor=lead,
            seat=seat,
            email=holder if account else "",
            name="" if account else holder,
            has_lived_experience=lived or reserved,
            listed_publicly=not reserved,
            consent=not account or not reserved,
            consent_note="" if account else "Signed form at the orientation",
        )
    gathering = network.gatherings.order_by("starts_at", "pk").first()
    if gathering is not None:
        services.meeting_link(actor=lead, board=board, gathering=gathering)
    return len(SEATS)
