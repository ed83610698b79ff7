"""Reads for the plan pages, shaped for them; query counts are pinned in tests. The reads
live in this package by concept (``versions``: the plan of a process and its versions;
``evidence``: what the builder offers to pick from; ``drafting``: the draft's activities;
``gaps``: what the activities address; ``progress``: implementation tracking; ``public``: a
published version as the public sees it); this module is their one import point."""

from .drafting import (
    ITEMS_SHOWN,
    ActivityRow,
    activity_warnings,
    goals_with_activities,
    plan_activities,
)
from .evidence import (
    ANSWER_PARTS,
    BARRIER_KIND_ORDER,
    EVIDENCE_PANELS,
    EVIDENCE_PARTS,
    EVIDENCE_PER_QUESTION,
    barrier_groups,
    consensus_statements,
    evidence_panel,
    evidence_themes,
    grouped_answers,
)
from .gaps import (
    COVERAGE_KIND_ORDER,
    COVERAGE_QUESTIONS,
    UNTHEMED_SHOWN,
    CoverageRow,
    QuestionCoverage,
    coverage,
)
from .progress import (
    STALLED_AFTER_DAYS,
    VERSION_ACTIVITIES_SECONDS,
    Tracking,
    public_tracking,
    timeline,
    tracking,
    version_activities,
)
from .public import (
    live_activity,
    public_plan,
)
from .versions import (
    latest_version,
    plan_for_process,
    version_body_key,
    version_numbers,
)

__all__ = [
    "ANSWER_PARTS",
    "ActivityRow",
    "BARRIER_KIND_ORDER",
    "COVERAGE_KIND_ORDER",
    "COVERAGE_QUESTIONS",
    "CoverageRow",
    "EVIDENCE_PANELS",
    "EVIDENCE_PARTS",
    "EVIDENCE_PER_QUESTION",
    "ITEMS_SHOWN",
    "QuestionCoverage",
    "STALLED_AFTER_DAYS",
    "Tracking",
    "UNTHEMED_SHOWN",
    "VERSION_ACTIVITIES_SECONDS",
    "activity_warnings",
    "barrier_groups",
    "consensus_statements",
    "coverage",
    "evidence_panel",
    "evidence_themes",
    "goals_with_activities",
    "grouped_answers",
    "latest_version",
    "live_activity",
    "plan_activities",
    "plan_for_process",
    "public_plan",
    "public_tracking",
    "timeline",
    "tracking",
    "version_activities",
    "version_body_key",
    "version_numbers",
]
