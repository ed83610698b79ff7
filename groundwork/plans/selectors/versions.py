"""The plan of a process and its published versions."""

import hashlib
from dataclasses import astuple
from typing import Any

from groundwork.planning.models import (
    Process,
)

from ..models import (
    Plan,
    PlanVersion,
)


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
