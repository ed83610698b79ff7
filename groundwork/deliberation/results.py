"""What the results page shows, from the latest finished run: opinion groups with their sizes
and representative statements, consensus, group-aware consensus and participation over time.

Group sizes are counts of people on a public page, so they pass through the suppression
helper: a group of 1–10 people shows as "fewer than 11", and so do the percentages inside it.
"""

from typing import Any

from groundwork.analysis.suppression import DEFAULT_THRESHOLD, suppress_line

from . import selectors
from .models import AnalysisRun, Conversation

MAP_SIZE = 320  # the SVG opinion map's width and height, in its own units


def _statement_texts(conversation: Conversation, ids: set[int]) -> dict[int, Any]:
    return {s.pk: s for s in conversation.statements.filter(pk__in=ids)}


def _map_points(points: list[list[float]]) -> list[dict[str, Any]]:
    """Scale participants' 2-D positions into the SVG box (a margin of 16 units)."""
    if not points:
        return []
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    margin = 16
    scale = (MAP_SIZE - 2 * margin) / span
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    return [
        {
            "x": round(MAP_SIZE / 2 + (x - cx) * scale, 1),
            "y": round(MAP_SIZE / 2 - (y - cy) * scale, 1),
            "group": int(g),
        }
        for x, y, g in points
    ]


def results_context(conversation: Conversation) -> dict[str, Any]:
    run = selectors.latest_run(conversation)
    # The newest run of any state: still computing, or failed (or interrupted) after the last
    # good one, which stays on the page either way.
    newest = conversation.runs.only("id", "status", "error").order_by("-id").first()
    pending = newest is not None and newest.status in (
        AnalysisRun.Status.QUEUED,
        AnalysisRun.Status.RUNNING,
    )
    failed = newest is not None and newest.status == AnalysisRun.Status.FAILED
    context: dict[str, Any] = {
        "run": run,
        "run_pending": pending,
        "run_failed": failed,
        "run_interrupted": failed and newest is not None and newest.interrupted,
        "participation": selectors.participation_by_day(conversation),
        "map_size": MAP_SIZE,
        "threshold": DEFAULT_THRESHOLD,
    }
    if run is None:
        return context
    data = run.results
    groups = data.get("groups", [])
    sizes = suppress_line([g["size"] for g in groups])
    mentioned: set[int] = set()
    for g in groups:
        mentioned.update(r["statement"] for r in g["representative"])
    for kind in ("agree", "disagree"):
        mentioned.update(c["statement"] for c in data.get("consensus", {}).get(kind, []))
    gac = sorted(
        ((int(k), v) for k, v in data.get("group_aware_consensus", {}).items()),
        key=lambda kv: -kv[1],
    )[:10]
    mentioned.update(k for k, _v in gac)
    texts = _statement_texts(conversation, mentioned)

    def with_text(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "text": texts[r["statement"]]} for r in rows if r["statement"] in texts]

    context.update(
        {
            "k": run.displayed_k,
            "groups": [
                {
                    "label": chr(ord("A") + i),
                    "index": i,
                    "size": cell.value,
                    "shown": cell.value is not None,
                    "representative": with_text(g["representative"]) if cell.value else [],
                }
                for i, (g, cell) in enumerate(zip(groups, sizes.cells, strict=True))
            ],
            "clustered": sizes.total.value,
            "consensus_agree": with_text(data.get("consensus", {}).get("agree", [])),
            "consensus_disagree": with_text(data.get("consensus", {}).get("disagree", [])),
            "group_aware": [
                {"statement": k, "score": v, "text": texts[k]} for k, v in gac if k in texts
            ],
            "points": _map_points(data.get("map", [])),
        }
    )
    return context
