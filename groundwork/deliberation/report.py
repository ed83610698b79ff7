"""The conversation report (page and PDF): what the conversation was, who took part and when,
the opinion groups with what each stands for and who is in them, what unites and what divides
them, and what became of the statements in the plan. Pol.is's report is the model; the plan
links and the groups' composition are Groundwork's own.

Everything here is read from the newest finished run and a bounded number of queries, whatever
the number of votes (the report's query count is pinned in a test). Counts of people go
through ``groundwork.analysis.suppression``: a group's composition is published only for
groups whose size the results page publishes, and each of its breakdowns (by area, age,
language, lived experience) is one line of counts adding up to that size, suppressed as such.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from groundwork.analysis.suppression import (
    DEFAULT_THRESHOLD,
    Cell,
    suppress_count,
    suppress_line,
)
from groundwork.planning.models import AgeBand, Channel, Participant, YesNoPreferNot

from . import results as results_view
from .models import Conversation, Statement, StatementModeration, StatementSource, Vote

NOT_STATED = ""
DIVISIVE_LIMIT = 5
# A statement divides the groups when their shares of agreement are this far apart (in
# percentage points), and each group compared has seen it this many times.
DIVISIVE_SPREAD = 30
DIVISIVE_MIN_SEEN = 3
# Imported votes carry this key prefix (``services.conversation_import_polis``) and are on
# imported statements.
IMPORTED_KEY_PREFIX = "polis-"

CHART_WIDTH = 320
CHART_HEIGHT = 150
CHART_TOP = 14
CHART_BOTTOM = 22
CHART_LEFT = 6


@dataclass(frozen=True)
class CompositionRow:
    label: str
    cells: list[dict[str, Any]]  # one per described group: {"cell": Cell, "percent": int|None}
    not_stated: bool = False


@dataclass(frozen=True)
class CompositionTable:
    dimension: str
    title: str
    rows: list[CompositionRow]


# -- participation -------------------------------------------------------------------------


def participation_by_week(conversation: Conversation) -> list[dict[str, Any]]:
    """Votes and voters per week (weeks start on Monday), voters suppressed like every count
    of people (primary suppression: a week's voters are not part of a published total)."""
    rows = (
        Vote.objects.filter(conversation=conversation)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(votes=Count("id"), voters=Count("participant", distinct=True))
        .order_by("week")
    )
    weeks = []
    for row in rows:
        week = row["week"]
        weeks.append(
            {
                "week": week.date() if hasattr(week, "date") else week,
                "votes": row["votes"],
                "voters": suppress_count(row["voters"]),
            }
        )
    return weeks


def _bars(values: list[int | None]) -> dict[str, Any]:
    """Bars for an SVG chart, in the chart's own units (never localized by templates)."""
    usable = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    top = max([v for v in values if v is not None] or [0]) or 1
    n = max(len(values), 1)
    slot = (CHART_WIDTH - 2 * CHART_LEFT) / n
    width = max(round(slot * 0.7, 1), 1.0)
    bars = []
    for i, value in enumerate(values):
        x = round(CHART_LEFT + i * slot + (slot - width) / 2, 1)
        if value is None:
            bars.append({"x": x, "hidden": True, "y": CHART_HEIGHT - CHART_BOTTOM - 2})
            continue
        height = round(usable * value / top, 1)
        bars.append(
            {
                "x": x,
                "y": round(CHART_HEIGHT - CHART_BOTTOM - height, 1),
                "height": height,
                "hidden": False,
            }
        )
    return {
        "bars": bars,
        "bar_width": width,
        "max": top if any(v for v in values if v) else 0,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - 6,
        "top_y": CHART_TOP - 3,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_LEFT,
    }


def charts(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    first: date | None = weeks[0]["week"] if weeks else None
    last: date | None = weeks[-1]["week"] if weeks else None
    return {
        "votes": _bars([w["votes"] for w in weeks]),
        "voters": _bars([w["voters"].value for w in weeks]),
        "first_week": first.isoformat() if first else "",
        "last_week": last.isoformat() if last else "",
    }


def channels(conversation: Conversation) -> dict[str, Any]:
    """How votes and statements arrived. Votes are cast on the voting page (online) or came
    in a Pol.is export; statements are written by participants, seeded by facilitators,
    promoted from an answer (which has its own channel: online, a gathering, paper, an
    interview) or imported."""
    votes = Vote.objects.filter(conversation=conversation).aggregate(
        all=Count("id"),
        imported=Count(
            "id",
            filter=Q(
                idempotency_key__startswith=IMPORTED_KEY_PREFIX,
                statement__source=StatementSource.IMPORT,
            ),
        ),
    )
    statements = (
        conversation.statements.filter(moderation=StatementModeration.ACCEPTED)
        .values("source", "contribution__channel")
        .annotate(n=Count("id"))
        .order_by("source", "contribution__channel")
    )
    source_labels = dict(StatementSource.choices)
    channel_labels = dict(Channel.choices)
    by_source: dict[str, int] = defaultdict(int)
    promoted: dict[str, int] = defaultdict(int)
    for row in statements:
        by_source[row["source"]] += row["n"]
        if row["source"] == StatementSource.CONTRIBUTION and row["contribution__channel"]:
            promoted[row["contribution__channel"]] += row["n"]
    return {
        "votes_online": votes["all"] - votes["imported"],
        "votes_imported": votes["imported"],
        "statements": [
            {"label": str(source_labels[key]), "count": by_source[key]}
            for key in StatementSource.values
            if by_source.get(key)
        ],
        "promoted": [
            {"label": str(channel_labels.get(key, key)), "count": n}
            for key, n in sorted(promoted.items(), key=lambda kv: -kv[1])
        ],
    }


# -- who is in which group -----------------------------------------------------------------


def _categories(
    areas: dict[int, str], seen: dict[str, set[str]]
) -> dict[str, list[tuple[str, str]]]:
    """Every possible answer of each dimension, in its natural order, so a group with nobody
    of a kind shows a zero; answers outside the lists (older choices) come after."""
    known = {
        "area": [(str(pk), name) for pk, name in areas.items()],
        "age_band": [(str(v), str(label)) for v, label in AgeBand.choices],
        "language": [(code, str(name)) for code, name in settings.LANGUAGES],
        "lived_experience": [(str(v), str(label)) for v, label in YesNoPreferNot.choices],
    }
    for dimension, members in known.items():
        keys = {k for k, _label in members}
        members += [(k, k) for k in sorted(seen.get(dimension, set()) - keys)]
    return known


def composition(
    conversation: Conversation,
    labels: dict[str, int],
    groups: list[dict[str, Any]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[CompositionTable]:
    """For each described group (one whose size is published), how many of its members said
    they live in each area, are of each age, speak each language, have lived experience.
    Only participants who agreed to the "about you" step count by their answers; the others
    are "not stated". Each group's breakdown is one suppressed line adding up to its size."""
    described = [g for g in groups if g["shown"]]
    if not described or not labels:
        return []
    process = conversation.process
    areas = dict(process.areas.order_by("order", "name").values_list("id", "name"))
    fields = {
        "area": "area_id",
        "age_band": "age_band",
        "language": "language",
        "lived_experience": "lived_experience",
    }
    counts: dict[int, dict[str, dict[str, int]]] = {
        g["index"]: {d: defaultdict(int) for d in fields} for g in described
    }
    seen: dict[str, set[str]] = defaultdict(set)
    # The process's participants (tenancy through the process); those in no group are skipped.
    rows = Participant.objects.filter(process=process).values(
        "pk", "consented_at", *fields.values()
    )
    for row in rows:
        group = labels.get(str(row["pk"]))
        if group is None or group not in counts:
            continue
        for dimension, field in fields.items():
            value = "" if row["consented_at"] is None else str(row[field] or "")
            if dimension == "area" and value and int(value) not in areas:
                value = ""
            counts[group][dimension][value] += 1
            if value and dimension != "area":
                seen[dimension].add(value)
    categories = _categories(areas, seen)
    titles = {
        "area": _("By area"),
        "age_band": _("By age"),
        "language": _("By language spoken at home"),
        "lived_experience": _("By lived experience of the problems"),
    }
    tables = []
    for dimension, members in categories.items():
        keys = [k for k, _label in members] + [NOT_STATED]
        per_group: dict[int, tuple[list[Cell], Cell]] = {}
        for g in described:
            line = suppress_line(
                [counts[g["index"]][dimension].get(k, 0) for k in keys], threshold=threshold
            )
            per_group[g["index"]] = (list(line.cells), line.total)
        rows_out = []
        for position, key in enumerate(keys):
            label = dict(members).get(key, "") if key else _("Not stated")
            cells = []
            for g in described:
                line_cells, total = per_group[g["index"]]
                cell = line_cells[position]
                percent = (
                    round(100 * cell.value / total.value)
                    if cell.value is not None and total.value
                    else None
                )
                cells.append({"cell": cell, "percent": percent})
            rows_out.append(CompositionRow(label=label, cells=cells, not_stated=not key))
        tables.append(CompositionTable(dimension=dimension, title=titles[dimension], rows=rows_out))
    return tables


# -- what divides the groups ---------------------------------------------------------------


def _latest_votes(
    conversation: Conversation, last_vote_id: int | None
) -> dict[tuple[int, int], int]:
    """The vote that counts for each participant × statement (the latest), up to the run's
    last vote, so the figures match the run's groups."""
    votes = Vote.objects.filter(conversation=conversation)
    if last_vote_id:
        votes = votes.filter(pk__lte=last_vote_id)
    latest: dict[tuple[int, int], int] = {}
    for participant, statement, value in votes.order_by("id").values_list(
        "participant_id", "statement_id", "value"
    ):
        latest[(participant, statement)] = value
    return latest


def divisive(
    conversation: Conversation,
    run: Any,
    groups: list[dict[str, Any]],
    labels: dict[str, int],
) -> list[dict[str, Any]]:
    """Statements the described groups answer most differently: the widest gap between two
    groups' shares of agreement, largest first. Only groups whose size is published are
    compared, and only statements each of them has seen often enough."""
    described = [g for g in groups if g["shown"]]
    if len(described) < 2:
        return []
    index = {g["index"]: g for g in described}
    tally: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for (participant, statement), value in _latest_votes(
        conversation, (run.parameters or {}).get("last_vote_id")
    ).items():
        group = labels.get(str(participant))
        if group is None or group not in index:
            continue
        counts = tally[statement][group]
        counts[2] += 1
        if value == 1:
            counts[0] += 1
        elif value == -1:
            counts[1] += 1
    found = []
    for statement, by_group in tally.items():
        if any(by_group.get(g, [0, 0, 0])[2] < DIVISIVE_MIN_SEEN for g in index):
            continue
        shares = {g: round(100 * by_group[g][0] / by_group[g][2]) for g in index}
        spread = max(shares.values()) - min(shares.values())
        if spread >= DIVISIVE_SPREAD:
            found.append((spread, statement, by_group))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [
        {
            "statement": statement,
            "spread": spread,
            "groups": [
                {
                    "label": index[g]["label"],
                    "index": g,
                    "percent_agree": round(100 * by_group[g][0] / by_group[g][2]),
                    "percent_disagree": round(100 * by_group[g][1] / by_group[g][2]),
                }
                for g in sorted(index)
            ],
        }
        for spread, statement, by_group in found[:DIVISIVE_LIMIT]
    ]


# -- what became of them in the plan -------------------------------------------------------


def plan_uses(process: Any, *, draft: bool) -> dict[str, Any]:
    """Goals made from the statements and activities that cite them as evidence. Facilitators
    (``draft``) see the draft plan, linked to the builder; everyone else sees only what the
    latest published version contains, linked to the plan's page."""
    from groundwork.plans.models import ActivityLink, Goal, Plan
    from groundwork.plans.selectors import latest_version

    empty: dict[str, Any] = {"by_statement": {}, "goals": [], "activities": [], "plan": None}
    plan = Plan.objects.filter(process=process).first()
    if plan is None:
        return empty
    goal_rows = list(
        Goal.objects.filter(plan=plan, statement__isnull=False)
        .order_by("order", "id")
        .values("id", "title", "statement_id", "consensus_percent")
    )
    link_rows = list(
        ActivityLink.objects.filter(activity__plan=plan, statement__isnull=False)
        .order_by("activity__goal__order", "activity__order", "activity_id")
        .values("activity_id", "activity__title", "activity__goal_id", "statement_id")
    )
    version = None
    if not draft:
        version = latest_version(plan)
        if version is None:
            return {**empty, "plan": plan, "unpublished": True}
        published_goals = {g["id"]: g for g in version.snapshot.get("goals", [])}
        published_activities = {
            a["id"]: a for g in version.snapshot.get("goals", []) for a in g["activities"]
        }
        goal_rows = [
            {**g, "title": published_goals[g["id"]]["title"]}
            for g in goal_rows
            if g["id"] in published_goals
        ]
        link_rows = [
            {**row, "activity__title": published_activities[row["activity_id"]]["title"]}
            for row in link_rows
            if row["activity_id"] in published_activities
            and any(
                item.get("key") == f"s{row['statement_id']}"
                for item in published_activities[row["activity_id"]].get("evidence", [])
            )
        ]
    by_statement: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"goals": [], "activities": []}
    )
    goals = []
    for g in goal_rows:
        entry = {"id": g["id"], "title": g["title"], "statement": g["statement_id"]}
        goals.append(entry)
        by_statement[g["statement_id"]]["goals"].append(entry)
    activities = []
    seen_activities: set[tuple[int, int]] = set()
    for row in link_rows:
        pair = (row["activity_id"], row["statement_id"])
        if pair in seen_activities:
            continue
        seen_activities.add(pair)
        entry = {
            "id": row["activity_id"],
            "title": row["activity__title"],
            "statement": row["statement_id"],
        }
        activities.append(entry)
        by_statement[row["statement_id"]]["activities"].append(entry)
    return {
        "by_statement": dict(by_statement),
        "goals": goals,
        "activities": activities,
        "plan": plan,
        "version": version,
        "unpublished": False,
    }


# -- the report ----------------------------------------------------------------------------


def report_context(conversation: Conversation, *, draft: bool) -> dict[str, Any]:
    """Everything the report page and its PDF show. ``draft``: the viewer may change the plan
    (facilitators), so plan links go to the draft."""
    context = results_view.results_context(conversation)
    weeks = participation_by_week(conversation)
    context.update(
        {
            "weeks": weeks,
            "charts": charts(weeks),
            "channels": channels(conversation),
            "threshold": DEFAULT_THRESHOLD,
            "composition": [],
            "divisive": [],
            "divisive_spread": DIVISIVE_SPREAD,
            "divisive_min_seen": DIVISIVE_MIN_SEEN,
        }
    )
    run = context["run"]
    if run is not None:
        labels = run.results.get("labels", {})
        groups = context["groups"]
        context["composition"] = composition(conversation, labels, groups)
        rows = divisive(conversation, run, groups, labels)
        texts = {
            s.pk: s
            for s in Statement.objects.filter(
                conversation=conversation, pk__in=[r["statement"] for r in rows]
            )
        }
        context["divisive"] = [
            {**r, "text": texts[r["statement"]]} for r in rows if r["statement"] in texts
        ]
    uses = plan_uses(conversation.process, draft=draft)
    by_statement = uses["by_statement"]

    def attach(rows: list[dict[str, Any]]) -> None:
        for r in rows:
            r["plan"] = by_statement.get(r["statement"])

    if run is not None:
        for key in ("consensus_agree", "consensus_disagree", "group_aware", "divisive"):
            attach(context[key])
        for g in context["groups"]:
            attach(g["representative"])
    used_ids = {e["statement"] for e in uses["goals"]} | {
        e["statement"] for e in uses["activities"]
    }
    used_texts = {
        s.pk: s for s in Statement.objects.filter(conversation=conversation, pk__in=used_ids)
    }
    consensus_ids = {r["statement"] for r in context.get("consensus_agree", [])} | {
        r["statement"] for r in context.get("group_aware", [])
    }
    context["plan_uses"] = {
        **uses,
        "statements": [
            {
                "text": used_texts[sid],
                "consensus": sid in consensus_ids,
                "goals": by_statement[sid]["goals"],
                "activities": by_statement[sid]["activities"],
            }
            for sid in sorted(used_texts)
        ],
    }
    context["draft"] = draft
    return context
