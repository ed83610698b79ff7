"""A published version, as the public page and the PDF show it."""

from datetime import date
from typing import Any

from groundwork.analysis.suppression import suppress_count, suppress_line
from groundwork.planning.models import (
    Channel,
)

from ..models import (
    ActivityStatus,
    PlanVersion,
)
from ..snapshot import localized


def _themes_apart(activity: dict[str, Any]) -> dict[str, Any]:
    """Themes linked to an activity listed on their own; the other lists keep residents' words,
    organizations and statements."""
    themes: dict[str, dict[str, Any]] = {}
    kept: dict[str, Any] = {}
    for kind in ("strengths", "barriers", "allies", "evidence"):
        items = activity.get(kind, [])
        for item in items:
            if item.get("type") == "theme":
                themes.setdefault(item["key"], item)
        kept[kind] = localized([i for i in items if i.get("type") != "theme"])
    return {**kept, "themes": list(themes.values())}


def live_activity(activity: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    """A snapshot activity's live state (activities since removed from the draft keep the
    status they had): status, progress, last update, overdue and stalled flags, and its
    endorsement counts as they may be published."""
    row = live["activities"].get(activity["id"])
    status = row.status if row else activity["status"]
    return {
        "status": status,
        "status_label": ActivityStatus(status).label,
        "progress": row.progress if row else None,
        "last_update": row.last_update if row else None,
        "overdue": bool(row and row.overdue(live["today"])),
        "stalled": bool(row and row.stalled(live["today"])),
        "support": suppress_count(activity["endorsement"]["support"]),
        "concern": suppress_count(activity["endorsement"]["concern"]),
    }


def public_plan(version: PlanVersion, live: dict[str, Any]) -> dict[str, Any]:
    """The version's snapshot with its counts of people suppressed and each activity's live
    progress (activities since removed from the draft keep the progress they had)."""
    snapshot = version.snapshot
    how = snapshot.get("how", {})
    channel_keys = [c for c in Channel.values if c in how.get("channels", {})]
    channels = suppress_line([how["channels"][c] for c in channel_keys])
    goals = []
    for goal in snapshot.get("goals", []):
        activities = []
        for a in goal["activities"]:
            activities.append(
                {
                    **a,
                    **live_activity(a, live),
                    "status": a["status"],  # as published; status_label is the live one
                    "lead": ", ".join(n for n in (a["lead_name"], a["lead_organization"]) if n),
                    "partner_list": [p.strip() for p in a["partners"].split(",") if p.strip()],
                    "statements": [i for i in a["evidence"] if i["type"] == "statement"],
                    **_themes_apart(a),
                    "starts": date.fromisoformat(a["starts_on"]) if a["starts_on"] else None,
                    "ends": date.fromisoformat(a["ends_on"]) if a["ends_on"] else None,
                }
            )
        goals.append({**goal, "activities": activities, "progress": live["goals"].get(goal["id"])})
    gatherings = [
        {
            **g,
            "date": date.fromisoformat(g["date"]),
            "attendance": suppress_count(g["attendance"]) if g["attendance"] is not None else None,
        }
        for g in how.get("gatherings", [])
    ]
    return {
        "snapshot": snapshot,
        "goals": goals,
        "activity_count": sum(len(g["activities"]) for g in goals),
        "participants": suppress_count(how.get("participants", 0)),
        "contributions": channels.total,
        "channels": [
            {"label": Channel(key).label, "cell": cell}
            for key, cell in zip(channel_keys, channels.cells, strict=True)
        ],
        "endorsers": suppress_count(how.get("endorsers", 0)),
        "gatherings": gatherings,
        "plan_progress": live["plan"],
    }
