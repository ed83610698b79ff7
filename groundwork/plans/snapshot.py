"""A plan's links grouped the way pages show them, the frozen snapshot a published version
keeps, and the difference between two snapshots.

Answers with the very same words to the same question are one item ("The library has computers
and a meeting room", said by 14 people). Every query here reads whole plans at once: the number
of queries does not grow with the number of activities or links.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Count

from groundwork.analysis.pii import looks_personal
from groundwork.core.text import in_language
from groundwork.directory.models import SHOWN_CONSENTS, AssetKind
from groundwork.planning.models import Contribution, Moderation, Participant

from .models import Activity, ActivityLink, Endorsement, EndorsementValue, LinkKind, Plan

SCHEMA = 1
QUOTES_PER_ACTIVITY = 3
ITEMS_PER_KIND = 50  # a snapshot keeps at most this many items of each kind per activity
# Quotes are taken first from the answers that say what is wrong and what to do.
QUOTE_ORDER = {"problems": 0, "actions": 1, "barriers": 2, "strengths": 3, "allies": 4}

LINK_VALUES = (
    "activity_id",
    "kind",
    "contribution_id",
    "contribution__text",
    "contribution__question_id",
    "contribution__question__key",
    "contribution__barrier_kind",
    "contribution__language",
    "contribution__channel",
    "contribution__moderation",
    "statement_id",
    "statement__text",
    "statement__language",
    "consensus_percent",
    "organization_id",
    "organization__name",
    "organization__sector",
    "theme_id",
    "theme__label",
    "theme__size",
    "theme__question__key",
    "theme__barrier_kind",
    "asset_id",
    "asset__name",
    "asset__name_es",
    "asset__kind",
    "asset__consent",
    "service_id",
    "service__name",
    "service__name_es",
)


def link_rows(plan: Plan) -> list[dict[str, Any]]:
    """Every link of the plan, in one query, as plain values."""
    return list(
        ActivityLink.objects.filter(activity__plan=plan).order_by("id").values(*LINK_VALUES)
    )


def group_links(rows: list[dict[str, Any]]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """activity id → kind → items, each item one group of same-words answers (with how many
    answers it stands for), one statement or one organization; largest groups first."""
    grouped: dict[int, dict[str, dict[tuple[Any, ...], dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in rows:
        items = grouped[row["activity_id"]][row["kind"]]
        if row["contribution_id"]:
            if row["contribution__moderation"] != Moderation.VISIBLE:
                continue
            key = (
                "c",
                row["contribution__question_id"],
                row["contribution__barrier_kind"],
                row["contribution__text"],
            )
            item = items.get(key)
            if item is None:
                item = items[key] = {
                    "key": f"c{row['contribution_id']}",
                    "type": "contribution",
                    "text": row["contribution__text"],
                    "question": row["contribution__question__key"],
                    "barrier_kind": row["contribution__barrier_kind"],
                    "language": row["contribution__language"],
                    "channels": set(),
                    "count": 0,
                }
            item["count"] += 1
            item["channels"].add(row["contribution__channel"])
        elif row["statement_id"]:
            items[("s", row["statement_id"])] = {
                "key": f"s{row['statement_id']}",
                "type": "statement",
                "text": row["statement__text"],
                "language": row["statement__language"],
                "percent": row["consensus_percent"],
                "count": 1,
            }
        elif row["theme_id"]:
            items[("t", row["theme_id"])] = {
                "key": f"t{row['theme_id']}",
                "type": "theme",
                "text": row["theme__label"],
                "question": row["theme__question__key"],
                "barrier_kind": row["theme__barrier_kind"],
                "size": row["theme__size"],
                "count": 1,
            }
        elif row["asset_id"]:
            if row["asset__kind"] == AssetKind.INDIVIDUAL and (
                row["asset__consent"] not in SHOWN_CONSENTS
            ):
                continue  # a person's gifts only with their consent
            items[("a", row["asset_id"])] = {
                "key": f"a{row['asset_id']}",
                "type": "asset",
                "text": row["asset__name"],
                "text_es": row["asset__name_es"],
                "asset_kind": row["asset__kind"],
                "count": 1,
            }
        elif row["service_id"]:
            items[("v", row["service_id"])] = {
                "key": f"v{row['service_id']}",
                "type": "service",
                "text": row["service__name"],
                "text_es": row["service__name_es"],
                "count": 1,
            }
        elif row["organization_id"]:
            items[("o", row["organization_id"])] = {
                "key": f"o{row['organization_id']}",
                "type": "organization",
                "text": row["organization__name"],
                "sector": row["organization__sector"],
                "count": 1,
            }
    result: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for activity_id, kinds in grouped.items():
        result[activity_id] = {}
        for kind, items in kinds.items():
            ordered = sorted(
                items.values(),
                key=lambda i: (
                    i["type"] not in ("organization", "asset", "service"),
                    i["type"] != "theme",
                    -i["count"],
                    i["text"],
                ),
            )
            for item in ordered:
                if "channels" in item:
                    item["channels"] = sorted(item["channels"])
            result[activity_id][kind] = ordered
    return result


def localized(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items as a reader sees them: an asset's or a service's name in the reader's language
    (their Spanish name when the page is in Spanish and they have one)."""
    return [
        {**item, "text": in_language(item["text"], item.get("text_es", ""))}
        if "text_es" in item
        else item
        for item in items
    ]


def add_directory_details(plan: Plan, grouped: dict[int, dict[str, list[dict[str, Any]]]]) -> None:
    """Services linked to the plan get their organization's name and the towns they are
    offered in, from the directory, as anyone may see them: a confidential location gives
    nothing, not even its town. Two or three queries, only when services are linked."""
    from groundwork.directory.asset_selectors import service_summaries

    ids = {
        int(item["key"][1:])
        for kinds in grouped.values()
        for items in kinds.values()
        for item in items
        if item["type"] == "service"
    }
    if not ids:
        return
    summaries = service_summaries(community=plan.community, service_ids=ids)
    for kinds in grouped.values():
        for items in kinds.values():
            for item in items:
                if item["type"] == "service":
                    found = summaries.get(int(item["key"][1:]), {})
                    item["organization"] = found.get("organization", "")
                    item["places"] = found.get("places", [])


def pick_quotes(kinds: dict[str, list[dict[str, Any]]], limit: int = QUOTES_PER_ACTIVITY) -> list:
    """A few residents' own words behind an activity: distinct answers, the most shared first,
    in more than one language when there is more than one, none that looks like personal data."""
    candidates = [
        item
        for kind in (LinkKind.EVIDENCE, LinkKind.BARRIER, LinkKind.STRENGTH, LinkKind.ALLY)
        for item in kinds.get(kind, [])
        if item["type"] == "contribution" and not looks_personal(item["text"])
    ]
    candidates.sort(key=lambda i: (QUOTE_ORDER.get(i["question"], 9), -i["count"]))
    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()
    languages: set[str] = set()
    # First pass: one per language; then fill up with the rest.
    for strict in (True, False):
        for item in candidates:
            if len(chosen) >= limit:
                break
            if item["text"] in seen or (strict and item["language"] in languages):
                continue
            chosen.append(
                {
                    "text": item["text"],
                    "language": item["language"],
                    "question": item["question"],
                    "channel": item["channels"][0] if item["channels"] else "",
                }
            )
            seen.add(item["text"])
            languages.add(item["language"])
    return chosen


def endorsement_counts(plan: Plan) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {EndorsementValue.SUPPORT: 0, EndorsementValue.CONCERN: 0}
    )
    rows = (
        Endorsement.objects.filter(activity__plan=plan)
        .values("activity_id", "value")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["activity_id"]][row["value"]] = row["n"]
    return counts


def how_it_was_made(plan: Plan) -> dict[str, Any]:
    """Raw counts of who took part and through which channels; pages suppress them."""
    process = plan.process
    visible = Contribution.objects.filter(process=process, moderation=Moderation.VISIBLE)
    channels = {
        row["channel"]: row["n"]
        for row in visible.values("channel").annotate(n=Count("id")).order_by("channel")
    }
    languages = {
        row["language"]: row["n"]
        for row in visible.values("language").annotate(n=Count("id")).order_by("language")
    }
    participants = (
        Participant.objects.filter(
            process=process,
            contributions__moderation=Moderation.VISIBLE,
        )
        .distinct()
        .count()
    )
    endorsers = (
        Endorsement.objects.filter(activity__plan=plan).values("participant_id").distinct().count()
    )
    gatherings = [
        {
            "title": g.title,
            "kind": g.kind,
            "date": g.starts_at.date().isoformat(),
            "place": g.place,
            "language": g.language,
            "attendance": g.actual_attendance,
        }
        for g in process.gatherings.order_by("starts_at")
    ]
    return {
        "participants": participants,
        "contributions": sum(channels.values()),
        "channels": channels,
        "languages": languages,
        "gatherings": gatherings,
        "endorsers": endorsers,
        "process_starts_on": process.starts_on.isoformat() if process.starts_on else None,
    }


def _activity_snapshot(
    activity: Activity, kinds: dict[str, list[dict[str, Any]]], votes: dict[str, int]
) -> dict[str, Any]:
    def items(kind: str) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in item.items() if k != "channels"}
            for item in kinds.get(kind, [])[:ITEMS_PER_KIND]
        ]

    contributions = sum(
        item["count"]
        for kind_items in kinds.values()
        for item in kind_items
        if item["type"] == "contribution"
    )
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "lead_name": activity.lead_name,
        "lead_organization": activity.lead_organization.name if activity.lead_organization else "",
        "partners": activity.partners,
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else None,
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
        "resources": activity.resources,
        "status": activity.status,
        "strengths": items(LinkKind.STRENGTH),
        "barriers": items(LinkKind.BARRIER),
        "allies": items(LinkKind.ALLY),
        "evidence": items(LinkKind.EVIDENCE),
        "quotes": pick_quotes(kinds),
        "contribution_count": contributions,
        "endorsement": {
            "support": votes.get(EndorsementValue.SUPPORT, 0),
            "concern": votes.get(EndorsementValue.CONCERN, 0),
        },
    }


def build_snapshot(plan: Plan) -> dict[str, Any]:
    goals = list(plan.goals.select_related("statement", "theme").order_by("order", "id"))
    activities = list(
        plan.activities.select_related("lead_organization").order_by("goal_id", "order", "id")
    )
    grouped = group_links(link_rows(plan))
    add_directory_details(plan, grouped)
    votes = endorsement_counts(plan)
    by_goal: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_goal[activity.goal_id].append(activity)
    return {
        "schema": SCHEMA,
        "title": plan.title,
        "summary": plan.summary,
        "process": plan.process.title,
        "process_es": plan.process.title_es,
        "community": plan.process.community.name,
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "description": goal.description,
                "statement": {"text": goal.statement.text, "percent": goal.consensus_percent}
                if goal.statement
                else None,
                "theme": {"label": goal.theme.label, "size": goal.theme.size}
                if goal.theme
                else None,
                "activities": [
                    _activity_snapshot(a, grouped.get(a.pk, {}), votes.get(a.pk, {}))
                    for a in by_goal.get(goal.pk, [])
                ],
            }
            for goal in goals
        ],
        "how": how_it_was_made(plan),
    }


ACTIVITY_FIELDS = (
    "title",
    "description",
    "lead_name",
    "lead_organization",
    "partners",
    "starts_on",
    "ends_on",
    "resources",
    "status",
)
LINK_KINDS = ("strengths", "barriers", "allies", "evidence")


def _activities(snapshot: dict[str, Any]) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    return {a["id"]: (g, a) for g in snapshot.get("goals", []) for a in g["activities"]}


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed from one published version to another: goals and activities added,
    removed or changed (field by field), and the strengths, barriers, allies and evidence
    linked or unlinked."""
    old_goals = {g["id"]: g for g in old.get("goals", [])}
    new_goals = {g["id"]: g for g in new.get("goals", [])}
    old_acts = _activities(old)
    new_acts = _activities(new)
    changed = []
    for pk in new_acts.keys() & old_acts.keys():
        (og, oa), (ng, na) = old_acts[pk], new_acts[pk]
        fields = [
            {"field": f, "old": oa.get(f), "new": na.get(f)}
            for f in ACTIVITY_FIELDS
            if oa.get(f) != na.get(f)
        ]
        if og["id"] != ng["id"]:
            fields.append({"field": "goal", "old": og["title"], "new": ng["title"]})
        links = []
        for kind in LINK_KINDS:
            before = {i["text"] for i in oa.get(kind, [])}
            after = {i["text"] for i in na.get(kind, [])}
            if before != after:
                links.append(
                    {
                        "kind": kind,
                        "added": sorted(after - before),
                        "removed": sorted(before - after),
                    }
                )
        if fields or links:
            changed.append({"id": pk, "title": na["title"], "fields": fields, "links": links})
    return {
        "title_changed": old.get("title") != new.get("title"),
        "goals_added": [new_goals[i]["title"] for i in new_goals.keys() - old_goals.keys()],
        "goals_removed": [old_goals[i]["title"] for i in old_goals.keys() - new_goals.keys()],
        "goals_renamed": [
            {"old": old_goals[i]["title"], "new": new_goals[i]["title"]}
            for i in new_goals.keys() & old_goals.keys()
            if old_goals[i]["title"] != new_goals[i]["title"]
        ],
        "activities_added": [new_acts[i][1]["title"] for i in new_acts.keys() - old_acts.keys()],
        "activities_removed": [old_acts[i][1]["title"] for i in old_acts.keys() - new_acts.keys()],
        "activities_changed": sorted(changed, key=lambda c: c["title"]),
    }
