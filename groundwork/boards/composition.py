"""Who is at the board's table: the question the catalog asks of coalitions, asked of a board.

Seats are structure and are shown as they are (how many, how many reserved for people with
lived experience, which sectors they speak for). Counts of the people holding them go through
``analysis.suppression`` like every public count of people: the seats held by people with
lived experience and by others, with their total, as one line (1–10 hidden, and another cell
hidden when one could be worked out). Which sectors have nobody at the table is a list, not a
count."""

from collections.abc import Sequence
from dataclasses import dataclass

from groundwork.analysis.suppression import Cell, suppress_line
from groundwork.communities.models import Sector

from .models import Seat


@dataclass(frozen=True)
class Composition:
    seats: int
    reserved: int
    held: Cell
    held_lived_experience: Cell
    held_others: Cell
    sectors_present: list[str]  # labels, in the order of the sector list
    sectors_missing: list[str]


def compose(seats: Sequence[Seat]) -> Composition:
    """The composition of a board from its seats, each with its ``member`` loaded (or none)."""
    held = [s for s in seats if _holder(s) is not None]
    lived = sum(1 for s in held if _holder(s).has_lived_experience)  # type: ignore[union-attr]
    line = suppress_line([lived, len(held) - lived])
    at_table = {s.sector for s in held}
    considered = [s for s in Sector if s != Sector.OTHER]
    return Composition(
        seats=len(seats),
        reserved=sum(1 for s in seats if s.lived_experience),
        held=line.total,
        held_lived_experience=line.cells[0],
        held_others=line.cells[1],
        sectors_present=[str(s.label) for s in Sector if s in at_table],
        sectors_missing=[str(s.label) for s in considered if s not in at_table],
    )


def _holder(seat: Seat):  # type: ignore[no-untyped-def]
    try:
        return seat.member
    except Seat.member.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None
