"""The bridge between the database and ``groundwork.analysis.opinion``: votes out of the
database into arrays, the result back as JSON for the results page and for the next run's
warm start."""

from typing import Any

import numpy as np

from groundwork.analysis import opinion

from .models import AnalysisRun, StatementModeration, Vote

PERCENT = 100


def _state_to_json(state: opinion.OpinionState) -> dict[str, Any]:
    def clusters(items: tuple[opinion.Cluster, ...]) -> list[dict[str, Any]]:
        return [
            {"id": int(c.id), "members": [int(m) for m in c.members], "center": c.center.tolist()}
            for c in items
        ]

    smoother = state.k_smoother
    return {
        "in_conversation_ids": [int(i) for i in state.in_conversation_ids],
        "base_clusters": clusters(state.base_clusters),
        "group_clusterings": {str(k): clusters(v) for k, v in state.group_clusterings.items()},
        "k_smoother": None
        if smoother is None
        else {
            "displayed_k": smoother.displayed_k,
            "candidate_k": smoother.candidate_k,
            "streak": smoother.streak,
        },
        "components": state.components.tolist(),
        "component_statement_ids": [int(i) for i in state.component_statement_ids],
    }


def _state_from_json(data: dict[str, Any]) -> opinion.OpinionState | None:
    if not data:
        return None

    def clusters(items: list[dict[str, Any]]) -> tuple[opinion.Cluster, ...]:
        return tuple(
            opinion.Cluster(
                id=int(c["id"]),
                members=np.asarray(c["members"], dtype=np.int64),
                center=np.asarray(c["center"], dtype=np.float64),
            )
            for c in items
        )

    smoother = data.get("k_smoother")
    return opinion.OpinionState(
        in_conversation_ids=np.asarray(data["in_conversation_ids"], dtype=np.int64),
        base_clusters=clusters(data["base_clusters"]),
        group_clusterings={int(k): clusters(v) for k, v in data["group_clusterings"].items()},
        k_smoother=opinion.KSmoother(**smoother) if smoother else None,
        components=np.asarray(data["components"], dtype=np.float64).reshape(2, -1),
        component_statement_ids=np.asarray(data["component_statement_ids"], dtype=np.int64),
    )


def _percent(part: int, whole: int) -> int:
    return round(PERCENT * part / whole) if whole else 0


def run_compute(run: AnalysisRun) -> None:
    """Compute the run in place (the caller saves it)."""
    conversation = run.conversation
    rows = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("id", "participant_id", "statement_id", "value")
    )
    rejected_ids = list(
        conversation.statements.exclude(moderation=StatementModeration.ACCEPTED).values_list(
            "pk", flat=True
        )
    )
    previous_run = (
        conversation.runs.filter(status=AnalysisRun.Status.DONE)
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-id")
        .first()
    )
    last_vote_id = rows[-1][0] if rows else 0
    run.parameters = {"last_vote_id": last_vote_id, "seed": 0}
    run.vote_count = len(rows)
    if not rows:
        run.participant_count = 0
        run.k = run.displayed_k = None
        run.results = {"groups": [], "consensus": {"agree": [], "disagree": []}}
        return
    ids = np.asarray(rows, dtype=np.int64)
    matrix = opinion.votes_from_triples(ids[:, 1], ids[:, 2], ids[:, 3])
    previous = _state_from_json(previous_run.results.get("state", {})) if previous_run else None
    try:
        result = opinion.opinion_groups(
            matrix, rejected=np.asarray(rejected_ids, dtype=np.int64), seed=0, previous=previous
        )
    except ValueError:
        # A previous state that no longer fits (e.g. statements removed): start cold.
        result = opinion.opinion_groups(
            matrix, rejected=np.asarray(rejected_ids, dtype=np.int64), seed=0
        )
    sids = [int(s) for s in result.statement_ids]

    def representative(g: int) -> list[dict[str, Any]]:
        out = []
        for r in result.representative[g]:
            seen = int(r.n_seen)
            out.append(
                {
                    "statement": sids[r.statement],
                    "direction": r.direction,
                    "percent_agree": _percent(int(r.n_agree), seen),
                    "percent_disagree": _percent(int(r.n_disagree), seen),
                    "n_seen": seen,
                    "repness": float(r.repness),
                }
            )
        return out

    def consensus(items: tuple[opinion.ConsensusStatement, ...]) -> list[dict[str, Any]]:
        return [
            {
                "statement": sids[c.statement],
                "percent": _percent(int(c.n_success), int(c.n_seen)),
                "n_seen": int(c.n_seen),
            }
            for c in items
        ]

    clustered = result.labels >= 0
    coords = result.coordinates[clustered]
    labels = result.labels[clustered]
    # The map shows at most 2,000 participants (an even sample) to keep the page light.
    step = max(1, len(labels) // 2000)
    run.participant_count = int(len(result.participant_ids))
    run.k = int(result.best_k)
    run.displayed_k = int(result.k)
    smoother = result.state.k_smoother
    run.k_streak = smoother.streak if smoother else 0
    run.timings = {name: round(float(s), 4) for name, s in result.timings.items()}
    run.results = {
        "k": int(result.k),
        "groups": [
            {"size": int(result.group_sizes[g]), "representative": representative(g)}
            for g in range(len(result.group_sizes))
        ],
        "consensus": {
            "agree": consensus(result.consensus_agree),
            "disagree": consensus(result.consensus_disagree),
        },
        "group_aware_consensus": {
            str(sid): float(v)
            for sid, v in zip(sids, result.group_aware_consensus, strict=True)
            if np.isfinite(v)
        },
        "priority": {
            str(sid): float(v) for sid, v in zip(sids, result.comment_priority, strict=True)
        },
        "map": [
            [float(x), float(y), int(g)]
            for (x, y), g in zip(coords[::step].tolist(), labels[::step].tolist(), strict=True)
        ],
        # Who is in which group, for the Pol.is export's group-id column.
        "labels": {
            str(int(pid)): int(g)
            for pid, g in zip(result.participant_ids.tolist(), result.labels.tolist(), strict=True)
            if g >= 0
        },
        "state": _state_to_json(result.state),
    }
    run.results.update(_participants_and_subgroups(result, matrix, previous_run))


def _subgroup_state_to_json(state: opinion.SubgroupState) -> dict[str, Any]:
    smoother = state.k_smoother
    return {
        "clusterings": {
            str(k): [
                {
                    "id": int(c.id),
                    "members": [int(m) for m in c.members],
                    "center": c.center.tolist(),
                }
                for c in clusters
            ]
            for k, clusters in state.clusterings.items()
        },
        "k_smoother": None
        if smoother is None
        else {
            "displayed_k": smoother.displayed_k,
            "candidate_k": smoother.candidate_k,
            "streak": smoother.streak,
        },
    }


def _subgroup_state_from_json(data: dict[str, Any]) -> opinion.SubgroupState:
    smoother = data.get("k_smoother")
    return opinion.SubgroupState(
        clusterings={
            int(k): tuple(
                opinion.Cluster(
                    id=int(c["id"]),
                    members=np.asarray(c["members"], dtype=np.int64),
                    center=np.asarray(c["center"], dtype=np.float64),
                )
                for c in clusters
            )
            for k, clusters in data.get("clusterings", {}).items()
        },
        k_smoother=opinion.KSmoother(**smoother) if smoother else None,
    )


PARTICIPANT_COLUMNS = [
    "participant",
    "n_votes",
    "n_agree",
    "n_disagree",
    "n_pass",
    "group",
    "subgroup",
    "group_correlation",
]


def _participants_and_subgroups(
    result: opinion.OpinionResult, matrix: opinion.VoteMatrix, previous_run: AnalysisRun | None
) -> dict[str, Any]:
    """polismath's per-participant statistics and the subgroups of each group, as JSON:
    ``participants`` (a row per voter, columns in ``PARTICIPANT_COLUMNS``; the correlation is
    null where it is not defined), ``subgroups`` (per group: k, silhouette, sizes and each
    subgroup's representative statements) and ``subgroups_state`` for the next warm start."""
    previous_state = (previous_run.results.get("subgroups_state") or {}) if previous_run else {}
    try:
        previous = {int(g): _subgroup_state_from_json(v) for g, v in previous_state.items()}
        subgroups = opinion.subgroup_clusters(result, matrix, previous=previous)
    except (ValueError, KeyError, TypeError):
        subgroups = opinion.subgroup_clusters(result, matrix)
    stats = opinion.participant_statistics(
        matrix, result.labels, k=result.k, excluded=result.rejected
    )
    sub_of = np.full(len(result.labels), -1, dtype=np.int64)
    for sub in subgroups:
        if sub.k >= 2:
            inside = sub.labels >= 0
            sub_of[inside] = sub.labels[inside]
    sids = [int(s) for s in result.statement_ids]
    rows = [
        [
            int(pid),
            int(nv),
            int(na),
            int(nd),
            int(np_),
            int(g),
            int(sg),
            None if np.isnan(c) else round(float(c), 4),
        ]
        for pid, nv, na, nd, np_, g, sg, c in zip(
            result.participant_ids.tolist(),
            stats.n_votes.tolist(),
            stats.n_agree.tolist(),
            stats.n_disagree.tolist(),
            stats.n_pass.tolist(),
            stats.group.tolist(),
            sub_of.tolist(),
            stats.group_correlation.tolist(),
            strict=True,
        )
    ]
    return {
        "participants": {"columns": PARTICIPANT_COLUMNS, "rows": rows},
        "subgroups": [
            {
                "group": sub.group,
                "k": sub.k,
                "silhouette": sub.silhouette,
                "sizes": [int(x) for x in sub.sizes],
                "representative": [
                    [
                        {
                            "statement": sids[r.statement],
                            "direction": r.direction,
                            "percent_agree": _percent(int(r.n_agree), int(r.n_seen)),
                            "percent_disagree": _percent(int(r.n_disagree), int(r.n_seen)),
                            "n_seen": int(r.n_seen),
                            "repness": float(r.repness),
                        }
                        for r in reps
                    ]
                    for reps in sub.representative
                ],
            }
            for sub in subgroups
        ],
        "subgroups_state": {
            str(sub.group_id): _subgroup_state_to_json(sub.state) for sub in subgroups
        },
    }
