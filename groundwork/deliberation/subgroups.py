"""Sub-currents within opinion groups, for facilitators: polismath's subgroups, shown only
where they read as something, i.e. when a group splits into clearly separate parts that are
each large enough to describe without singling anyone out, and each has statements that set
it apart from the other. Every run's subgroups are exported either way (interchange)."""

from typing import Any

from groundwork.analysis.suppression import DEFAULT_THRESHOLD

from .models import AnalysisRun, Conversation

# Kaufman and Rousseeuw's reading of a silhouette: 0.51–0.70 "a reasonable structure has
# been found"; below that, a split of a group may be one continuum cut in two.
MIN_SILHOUETTE = 0.5


def readable_subgroups(conversation: Conversation, run: AnalysisRun | None) -> list[dict[str, Any]]:
    """For each group that has readable sub-currents: its letter, and per sub-current its
    size and representative statements (with text). Empty when there is nothing to say."""
    if run is None:
        return []
    out = []
    for group in run.results.get("subgroups", []):
        sizes, reps = group.get("sizes", []), group.get("representative", [])
        if (
            group.get("k", 1) < 2
            or group.get("silhouette", 0.0) < MIN_SILHOUETTE
            or min(sizes, default=0) <= DEFAULT_THRESHOLD
            or not all(reps)
        ):
            continue
        out.append({"group": group["group"], "currents": list(zip(sizes, reps, strict=True))})
    if not out:
        return []
    ids = {r["statement"] for g in out for _size, reps in g["currents"] for r in reps}
    texts = {s.pk: s for s in conversation.statements.filter(pk__in=ids)}
    return [
        {
            "label": chr(ord("A") + g["group"]),
            "index": g["group"],
            "currents": [
                {
                    "number": i + 1,
                    "size": size,
                    "representative": [
                        {**r, "text": texts[r["statement"]]}
                        for r in reps
                        if r["statement"] in texts
                    ],
                }
                for i, (size, reps) in enumerate(g["currents"])
            ],
        }
        for g in out
    ]
