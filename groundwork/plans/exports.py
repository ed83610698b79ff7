"""A plan as data for the API: the published version (or the draft) with its goals, activities,
their links and live progress, as one JSON document or a CSV of activities.

Counts of people are suppressed as on the pages; the raw "how it was made" counts are left out.
CSV cells go through `core.exports.spreadsheet_safe` (formula cells defused)."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .models import Plan, PlanVersion
from .selectors import live_activity
from .snapshot import LINK_KINDS, build_snapshot, localized

ITEM_FIELDS = (
    "type",
    "text",
    "question",
    "barrier_kind",
    "language",
    "percent",
    "sector",
    "size",
    "asset_kind",
    "organization",
    "places",
)


def _item(item: dict[str, Any]) -> dict[str, Any]:
    """One linked item: its id (the first contribution of a group of same words, a theme, a
    statement or an organization), its type and text, and how many answers it stands for."""
    out = {"id": int(item["key"][1:])}
    out.update({k: item[k] for k in ITEM_FIELDS if k in item})
    out["count"] = item.get("count", 1)
    return out


def plan_document(
    plan: Plan, version: PlanVersion | None, live: dict[str, Any], *, draft: bool = False
) -> dict[str, Any]:
    """The version's snapshot (or, for the draft, a snapshot of it taken now) with live progress."""
    snapshot = build_snapshot(plan) if draft else version.snapshot  # type: ignore[union-attr]
    goals = []
    for goal in snapshot.get("goals", []):
        activities = []
        for a in goal["activities"]:
            now = live_activity(a, live)
            activities.append(
                {
                    "id": a["id"],
                    "title": a["title"],
                    "description": a["description"],
                    "lead_name": a["lead_name"],
                    "lead_organization": a["lead_organization"],
                    "partners": a["partners"],
                    "starts_on": a["starts_on"],
                    "ends_on": a["ends_on"],
                    "resources": a["resources"],
                    "status": now["status"],
                    "status_label": str(now["status_label"]),
                    "progress": now["progress"],
                    "last_update": now["last_update"].isoformat() if now["last_update"] else None,
                    "overdue": now["overdue"],
                    "stalled": now["stalled"],
                    "contribution_count": a["contribution_count"],
                    "endorsement": {
                        "support": now["support"].value,
                        "concern": now["concern"].value,
                    },
                    "links": {
                        kind: [_item(i) for i in localized(a.get(kind, []))] for kind in LINK_KINDS
                    },
                    "quotes": a.get("quotes", []),
                }
            )
        goals.append(
            {
                "id": goal["id"],
                "title": goal["title"],
                "description": goal["description"],
                "statement": goal["statement"],
                "theme": goal.get("theme"),
                "progress": live["goals"].get(goal["id"]),
                "activities": activities,
            }
        )
    return {
        "title": snapshot.get("title", plan.title),
        "summary": snapshot.get("summary", plan.summary),
        "community": plan.process.community.slug,
        "process": plan.process.slug,
        "draft": draft,
        "version": None if draft else version.number,  # type: ignore[union-attr]
        "published_at": None if draft else version.published_at.isoformat(),  # type: ignore[union-attr]
        "note": "" if draft else version.note,  # type: ignore[union-attr]
        "progress": live["plan"],
        "goals": goals,
    }


def activity_columns() -> list[tuple[str, str]]:
    """(key, translated heading) of each column of the activities CSV."""
    return [
        ("id", _("id")),
        ("goal", _("goal")),
        ("title", _("activity")),
        ("description", _("description")),
        ("lead_name", _("lead person")),
        ("lead_organization", _("lead organization")),
        ("partners", _("partners")),
        ("starts_on", _("starts")),
        ("ends_on", _("ends")),
        ("resources", _("resources needed")),
        ("status", _("status")),
        ("progress", _("progress (%)")),
        ("last_update", _("last update")),
        ("strengths", _("strengths")),
        ("barriers", _("barriers")),
        ("allies", _("allies")),
        ("evidence", _("evidence")),
    ]


def activity_rows(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per activity; each kind of link as its texts, one per line."""
    keys = [key for key, _heading in activity_columns()]
    for goal in document["goals"]:
        for a in goal["activities"]:
            row = {key: a[key] for key in keys if key in a}
            row["goal"] = goal["title"]
            row["progress"] = "" if a["progress"] is None else a["progress"]
            for kind in LINK_KINDS:
                row[kind] = "\n".join(i["text"] for i in a["links"][kind])
            yield {k: ("" if v is None else v) for k, v in row.items()}
