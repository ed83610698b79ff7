"""Reads for the plan pages, shaped for them; query counts are pinned in tests."""

import hashlib
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from groundwork.analysis.coverage import AnswerRow, Coverage, Topic
from groundwork.analysis.coverage import coverage as analysis_coverage
from groundwork.analysis.suppression import suppress_count, suppress_line
from groundwork.communities.models import Organization
from groundwork.deliberation.models import Statement, StatementModeration
from groundwork.deliberation.selectors import latest_consensus
from groundwork.directory.asset_selectors import builder_assets, builder_services
from groundwork.planning.models import (
    BarrierKind,
    Channel,
    Contribution,
    Moderation,
    Process,
    QuestionKey,
)
from groundwork.themes.labels import show_in_language, with_names
from groundwork.themes.models import Theme
from groundwork.themes.selectors import set_aside_answers

from .models import (
    Activity,
    ActivityLink,
    ActivityStatus,
    LinkKind,
    Plan,
    PlanVersion,
    ProgressUpdate,
)
from .snapshot import endorsement_counts, group_links, link_rows, localized

EVIDENCE_PER_QUESTION = 40
STALLED_AFTER_DAYS = 60
ITEMS_SHOWN = 5  # on the builder, the largest groups of each kind under an activity


def plan_for_process(process: Process) -> Plan | None:
    return Plan.objects.filter(process=process).select_related("process__community").first()


def latest_version(plan: Plan, *, with_snapshot: bool = True) -> PlanVersion | None:
    versions = plan.versions.order_by("-number")
    return (versions if with_snapshot else versions.defer("snapshot")).first()


def version_body_key(version: PlanVersion, live: dict[str, Any], language: str) -> str:
    """A cache key that changes whenever what the version's page shows could change: another
    version, language or day, or any activity's status, progress or latest update."""
    state = sorted(repr(astuple(row)) for row in live["activities"].values())
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:32]
    published = int(version.published_at.timestamp())
    return (
        f"plans:version-body:{version.pk}:{published}:{language}:"
        f"{live['today'].isoformat()}:{digest}"
    )


def version_numbers(plan: Plan) -> list[int]:
    return list(plan.versions.order_by("number").values_list("number", flat=True))


def grouped_answers(
    process: Process, keys: tuple[str, ...], limit: int = EVIDENCE_PER_QUESTION
) -> dict[str, list[dict[str, Any]]]:
    """For each question of ``keys``, its most shared visible answers, same words counted
    together, most shared first. One query: the groups are counted and ranked within their
    question in the database, which returns only each question's first ``limit``. (Barriers,
    whose groups are also kept apart by kind, are `barrier_groups`.)"""
    found: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
    for row in (
        Contribution.objects.filter(
            process=process, question__key__in=keys, moderation=Moderation.VISIBLE
        )
        .values("question__key", "text", "language", "barrier_kind")
        .annotate(count=Count("id"), first=Min("id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("question__key")],
                order_by=[F("count").desc(), F("first").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("-count", "first")
    ):
        kept = found[row.pop("question__key")]
        if len(kept) < limit:
            kept.append(row)
    return found


BARRIER_KIND_ORDER = (BarrierKind.INTERNAL, BarrierKind.EXTERNAL, BarrierKind.UNSPECIFIED)


def barrier_groups(
    process: Process, themes: list[Theme], limit: int = EVIDENCE_PER_QUESTION
) -> list[dict[str, Any]]:
    """The barriers to pick from, by kind: internal, then external, then those whose kind was
    not said (only when there are any), each with its most shared answers and its themes.
    One query: the groups of same-words answers are counted and ranked within their kind in
    the database, which returns only each kind's first ``limit``."""
    answers: dict[str, list[dict[str, Any]]] = {kind: [] for kind in BARRIER_KIND_ORDER}
    for row in (
        Contribution.objects.filter(
            process=process, question__key=QuestionKey.BARRIERS, moderation=Moderation.VISIBLE
        )
        .values("text", "language", "barrier_kind")
        .annotate(count=Count("id"), first=Min("id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("barrier_kind")],
                order_by=[F("count").desc(), F("first").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("-count", "first")
    ):
        kept = answers.setdefault(row["barrier_kind"] or BarrierKind.UNSPECIFIED, [])
        if len(kept) < limit:
            kept.append(row)
    groups = []
    for kind in BARRIER_KIND_ORDER:
        kind_themes = [t for t in themes if (t.barrier_kind or BarrierKind.UNSPECIFIED) == kind]
        if answers[kind] or kind_themes or kind != BarrierKind.UNSPECIFIED:
            groups.append(
                {"kind": kind, "label": kind.label, "answers": answers[kind], "themes": kind_themes}
            )
    return groups


@dataclass
class ActivityRow:
    activity: Activity
    links: dict[str, list[dict[str, Any]]]
    support: int = 0
    concern: int = 0
    warnings: list[str] = field(default_factory=list)

    def shown(self, kind: str) -> list[dict[str, Any]]:
        return self.links.get(kind, [])[:ITEMS_SHOWN]

    @property
    def strengths(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.STRENGTH)

    @property
    def barriers(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.BARRIER)

    @property
    def allies(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.ALLY)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.EVIDENCE)

    def _count(self, kind: str) -> int:
        return sum(i["count"] for i in self.links.get(kind, []))

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self._count(kind) for kind in LinkKind.values}

    @property
    def more(self) -> dict[str, int]:
        return {
            kind: max(0, len(self.links.get(kind, [])) - ITEMS_SHOWN) for kind in LinkKind.values
        }


def activity_warnings(activity: Activity, links: dict[str, list[dict[str, Any]]]) -> list[str]:
    from django.utils.translation import gettext as _

    warnings = []
    if not links.get(LinkKind.STRENGTH):
        warnings.append(_("It builds on no strength yet."))
    if not links.get(LinkKind.BARRIER):
        warnings.append(_("It addresses no barrier yet."))
    if not activity.lead:
        warnings.append(_("It has no lead."))
    return warnings


def plan_activities(plan: Plan) -> list[ActivityRow]:
    """The draft's activities with their links grouped and their endorsements counted: four
    queries whatever the size of the plan."""
    from .budget_selectors import with_money  # cost and in-kind totals, same query

    activities = list(
        with_money(plan.activities.select_related("lead_organization", "goal")).order_by(
            "goal__order", "goal_id", "order", "id"
        )
    )
    grouped = group_links(link_rows(plan))
    votes = endorsement_counts(plan)
    rows = []
    for activity in activities:
        links = {kind: localized(items) for kind, items in grouped.get(activity.pk, {}).items()}
        counts = votes.get(activity.pk, {})
        rows.append(
            ActivityRow(
                activity=activity,
                links=links,
                support=counts.get("support", 0),
                concern=counts.get("concern", 0),
                warnings=activity_warnings(activity, links),
            )
        )
    return rows


def goals_with_activities(plan: Plan, rows: list[ActivityRow]) -> list[dict[str, Any]]:
    goals = list(plan.goals.select_related("statement", "theme").order_by("order", "id"))
    by_goal: dict[int, list[ActivityRow]] = {g.pk: [] for g in goals}
    for row in rows:
        by_goal.setdefault(row.activity.goal_id, []).append(row)
    return [{"goal": g, "activities": by_goal[g.pk]} for g in goals]


def consensus_statements(process: Process) -> list[dict[str, Any]]:
    percents = latest_consensus(process)
    if not percents:
        return []
    statements = Statement.objects.filter(
        pk__in=percents, moderation=StatementModeration.ACCEPTED, conversation__process=process
    ).only("id", "text", "language")
    return sorted(
        ({"statement": s, "percent": percents[s.pk]} for s in statements),
        key=lambda row: -row["percent"],
    )


# The builder's evidence panels (each loaded on its own, see views.builder_evidence) and the
# parts of `evidence_panel` each one needs.
EVIDENCE_PANELS: dict[str, tuple[str, ...]] = {
    "strengths": ("strengths", "assets"),
    "barriers": ("barrier_groups",),
    "allies": ("allies", "organizations", "services"),
    "problems": ("problems", "statements"),
    "actions": ("actions",),
}
EVIDENCE_PARTS = (
    "strengths",
    "barrier_groups",
    "allies",
    "problems",
    "actions",
    "statements",
    "organizations",
    "assets",
    "services",
)
ANSWER_PARTS = {
    "strengths": QuestionKey.STRENGTHS,
    "allies": QuestionKey.ALLIES,
    "problems": QuestionKey.PROBLEMS,
    "actions": QuestionKey.ACTIONS,
}


def evidence_themes(process: Process) -> dict[str, list[Theme]]:
    """The process's top-level themes by question key, largest first, named in the reader's
    language. One query."""
    themes: dict[str, list[Theme]] = {}
    found = list(
        with_names(Theme.objects.filter(process=process, parent=None))
        .select_related("question")
        .order_by("-size", "id")
    )
    show_in_language(found)
    for theme in found:
        themes.setdefault(theme.question.key, []).append(theme)
    return themes


def evidence_panel(plan: Plan, parts: tuple[str, ...] = EVIDENCE_PARTS) -> dict[str, Any]:
    """What the builder offers to pick from: the most shared answers to each question, the
    themes found in them, the consensus statements, the community's organizations, the assets
    of its map and the services of its directory. ``parts`` names the keys wanted besides the
    themes (an evidence panel reads only its own); one query for the themes, one for the
    answers of all the questions wanted, and one per other part."""
    process = plan.process
    themes = evidence_themes(process)
    community = process.community  # loaded with the process
    found: dict[str, Any] = {"themes": themes}
    keys = tuple(ANSWER_PARTS[part] for part in parts if part in ANSWER_PARTS)
    if keys:
        answers = grouped_answers(process, keys)
        found.update({part: answers[key] for part, key in ANSWER_PARTS.items() if key in keys})
    readers = {
        "barrier_groups": lambda: barrier_groups(process, themes.get(QuestionKey.BARRIERS, [])),
        "statements": lambda: consensus_statements(process),
        "organizations": lambda: list(
            Organization.objects.filter(community=community).order_by("name")
        ),
        "assets": lambda: builder_assets(community=community),
        "services": lambda: builder_services(community=community),
    }
    found.update({part: read() for part, read in readers.items() if part in parts})
    return found


COVERAGE_QUESTIONS = (QuestionKey.PROBLEMS, QuestionKey.BARRIERS)
UNTHEMED_SHOWN = 10
# The kinds of barrier, in the order the coverage page lists them ("" : no single kind, or
# "unspecified": answers given before the kinds were asked).
COVERAGE_KIND_ORDER = (BarrierKind.INTERNAL, BarrierKind.EXTERNAL, "")


@dataclass
class CoverageRow:
    """A theme (or a group of same-words answers in no theme) with the activities that
    address it, as the coverage page lists it."""

    topic: Topic
    activities: list[Activity]


@dataclass
class QuestionCoverage:
    key: str
    result: Coverage
    themes: list[CoverageRow]
    unthemed: list[CoverageRow]
    # Barriers: the themes under the kind most of their people gave (empty when none did).
    by_kind: list[tuple[str, list[CoverageRow]]] = field(default_factory=list)

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.themes if not row.topic.addressed]


def coverage(plan: Plan, rows: list[ActivityRow]) -> dict[str, QuestionCoverage]:
    """Which themes of the problems and barriers people named the draft's activities address,
    and which none addresses yet, weighted by how many people raised each (computed by
    `analysis.coverage`, where the rules are written down). ``rows`` are the draft's activities
    (`plan_activities`). Answers the theme engine set aside (self-descriptions, junk) are
    neither themes nor "not yet themed". Four queries whatever the number of answers, themes
    and links.

    The page is for facilitators only (``plans.change_plan``), so counts are not suppressed."""
    process = plan.process
    themes: dict[str, dict[int, str]] = {key: {} for key in COVERAGE_QUESTIONS}
    parent_of: dict[int, int] = {}
    for theme in Theme.objects.filter(process=process, question__key__in=COVERAGE_QUESTIONS).values(
        "id", "parent_id", "label", "question__key"
    ):
        if theme["parent_id"] is None:
            themes[theme["question__key"]][theme["id"]] = theme["label"]
        else:
            parent_of[theme["id"]] = theme["parent_id"]
    aside = set_aside_answers(process=process, question_keys=list(COVERAGE_QUESTIONS))
    answers: dict[str, list[AnswerRow]] = {key: [] for key in COVERAGE_QUESTIONS}
    # An answer about several things is in several themes (one claim in each): the query
    # gives a row per answer and theme, gathered here into one row per answer.
    gathered: dict[int, tuple[str, int | None, str, str, str, list[int]]] = {}
    for row in (
        Contribution.objects.filter(
            process=process, question__key__in=COVERAGE_QUESTIONS, moderation=Moderation.VISIBLE
        )
        .order_by("id", "-theme_memberships__strength", "theme_memberships__id")
        .values_list(
            "id",
            "question__key",
            "theme_memberships__theme_id",
            "participant_id",
            "text",
            "language",
            "barrier_kind",
        )
    ):
        pk, key, theme_id, person, text, language, kind = row
        if pk in aside:
            continue
        if pk not in gathered:
            gathered[pk] = (key, person, text, language, kind, [])
        if theme_id is not None:
            gathered[pk][5].append(theme_id)
    for pk, (key, person, text, language, kind, found) in gathered.items():
        kind = "" if kind == BarrierKind.UNSPECIFIED else kind
        answers[key].append(
            AnswerRow(pk, found[0] if found else None, person, text, language, kind, tuple(found))
        )
    theme_links: dict[int, set[int]] = {}
    answer_links: dict[int, set[int]] = {}
    for activity_id, theme_id, contribution_id in (
        ActivityLink.objects.filter(activity__plan=plan)
        .filter(Q(theme__isnull=False) | Q(contribution__isnull=False))
        .values_list("activity_id", "theme_id", "contribution_id")
    ):
        if theme_id is not None:
            theme_id = parent_of.get(theme_id, theme_id)  # a subtheme stands for its theme
            theme_links.setdefault(theme_id, set()).add(activity_id)
        else:
            answer_links.setdefault(contribution_id, set()).add(activity_id)
    activities = {row.activity.pk: row.activity for row in rows}

    def listed(topics: list[Topic]) -> list[CoverageRow]:
        return [
            CoverageRow(t, [activities[i] for i in t.activities if i in activities]) for t in topics
        ]

    result = {}
    for key in COVERAGE_QUESTIONS:
        computed = analysis_coverage(
            answers[key],
            themes[key],
            theme_links=theme_links,
            answer_links=answer_links,
            unthemed_limit=UNTHEMED_SHOWN,
        )
        section = QuestionCoverage(
            key=key,
            result=computed,
            themes=listed(computed.themes),
            unthemed=listed(computed.unthemed),
        )
        if key == QuestionKey.BARRIERS and any(row.topic.groups for row in section.themes):
            section.by_kind = [
                (kind, rows_)
                for kind in COVERAGE_KIND_ORDER
                if (rows_ := [row for row in section.themes if row.topic.group == kind])
            ]
        result[key] = section
    return result


# --- Implementation tracking ------------------------------------------------------------


@dataclass
class Tracking:
    id: int
    goal_id: int
    title: str
    status: str
    progress: int
    ends_on: date | None
    last_update: date | None
    starts_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status not in (ActivityStatus.DONE, ActivityStatus.DROPPED)

    def overdue(self, today: date) -> bool:
        return self.is_open and self.ends_on is not None and self.ends_on < today

    def stalled(self, today: date) -> bool:
        """Under way (or planned and started) with no update for two months."""
        if self.status not in (ActivityStatus.UNDER_WAY, ActivityStatus.PLANNED):
            return False
        since = self.last_update or self.starts_on
        return since is not None and since < today - timedelta(days=STALLED_AFTER_DAYS)

    @property
    def status_label(self) -> str:
        return str(ActivityStatus(self.status).label)


def _average(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def tracking(
    plan: Plan, *, today: date | None = None, published: Mapping[int, int] | None = None
) -> dict[str, Any]:
    """Live progress of the activities (one query), rolled up per goal and for the plan: the
    average progress of the activities that were not dropped.

    Without ``published`` these are the draft's activities under their goals now (the builder,
    the draft in the API). With it (a version's activity id → goal id, from
    `version_activities`) only the activities in that published version count, under the goals
    they were published under: an activity added to the draft since, and its progress updates,
    change nothing the public sees. Public readers call `public_tracking`."""
    today = today or timezone.localdate()
    rows = [
        Tracking(**row)
        for row in plan.activities.annotate(last_update=Max("updates__on_date")).values(
            "id", "goal_id", "title", "status", "progress", "ends_on", "last_update", "starts_on"
        )
    ]
    if published is not None:
        rows = [r for r in rows if r.id in published]
        for row in rows:
            row.goal_id = published[row.id]
    by_goal: dict[int, list[int]] = {}
    for row in rows:
        if row.status != ActivityStatus.DROPPED:
            by_goal.setdefault(row.goal_id, []).append(row.progress)
    counted = [r.progress for r in rows if r.status != ActivityStatus.DROPPED]
    return {
        "activities": {r.id: r for r in rows},
        "goals": {goal_id: _average(values) for goal_id, values in by_goal.items()},
        "plan": _average(counted),
        "overdue": [r for r in rows if r.overdue(today)],
        "stalled": [r for r in rows if r.stalled(today)],
        "today": today,
    }


VERSION_ACTIVITIES_SECONDS = 7 * 24 * 60 * 60


def version_activities(version: PlanVersion) -> dict[int, int]:
    """The activities a published version contains: activity id → the goal it was published
    under. A version never changes, so the map is kept in the cache under the version and its
    publication time; on a miss the snapshot is read once (and kept on ``version``)."""
    key = f"plans:version-activities:{version.pk}:{int(version.published_at.timestamp())}"
    found: dict[int, int] | None = cache.get(key)
    if found is None:
        if "snapshot" in version.get_deferred_fields():
            version.refresh_from_db(fields=["snapshot"])
        found = {
            activity["id"]: goal["id"]
            for goal in version.snapshot.get("goals", [])
            for activity in goal["activities"]
        }
        cache.set(key, found, VERSION_ACTIVITIES_SECONDS)
    return found


def public_tracking(
    plan: Plan, version: PlanVersion, *, today: date | None = None
) -> dict[str, Any]:
    """A published version's live state: what every public reader (the plan page and its PDF,
    the progress page, the Atom feed, the e-mail digests, the API) shows. Only the version's
    activities appear or count; draft activities and their updates do not."""
    return tracking(plan, today=today, published=version_activities(version))


def timeline(
    plan: Plan, *, version: PlanVersion | None, limit: int | None = None
) -> QuerySet[ProgressUpdate]:
    """Progress updates, newest first: those of the activities in ``version`` (the published
    plan), or with ``version=None`` those of every activity of the draft (for facilitators,
    before anything is published)."""
    updates = ProgressUpdate.objects.filter(activity__plan=plan)
    if version is not None:
        updates = updates.filter(activity_id__in=list(version_activities(version)))
    updates = updates.select_related("activity", "activity__goal").order_by("-on_date", "-id")
    return updates[:limit] if limit else updates


# --- A published version, as the public page and the PDF show it -------------------------


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
