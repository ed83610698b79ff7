"""Moving one item of an ordered list one place up or down (goals, activities, survey sections
and questions, a network's strategies and goals): one rule for every list."""

from collections.abc import Sequence
from typing import Any


def next_position(rows: Any, *, field: str = "position", start: int = 1) -> int:
    """The number for a row added at the end of ``rows`` (a queryset), ``start`` if empty."""
    last = rows.order_by(f"-{field}").values_list(field, flat=True).first()
    return start if last is None else last + 1


def renumber(rows: Sequence[Any], *, field: str = "position", start: int = 1) -> None:
    """Number the rows start, start + 1, … in their current order, saving only those that
    change (and their ``updated_at`` when they have one)."""
    for number, row in enumerate(rows, start=start):
        if getattr(row, field) != number:
            setattr(row, field, number)
            fields = [field, *(["updated_at"] if hasattr(row, "updated_at") else [])]
            row.save(update_fields=fields)


def move_one_place(
    rows: Sequence[Any], item: Any, direction: str, *, field: str = "position", start: int = 1
) -> bool:
    """Swap ``item`` with its neighbour above ("up") or below ("down") among ``rows`` (in their
    display order) and renumber; returns False, changing nothing, when it cannot move."""
    ordered = list(rows)
    index = next(i for i, row in enumerate(ordered) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    renumber(ordered, field=field, start=start)
    return True
