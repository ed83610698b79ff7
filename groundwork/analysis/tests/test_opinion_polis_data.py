"""The opinion-group math on real Pol.is exports (../shared/data/polis), when they are there."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from groundwork.analysis.opinion import group_aware_consensus, group_vote_counts, opinion_groups
from groundwork.analysis.polis_io import analyze_folder, read_export

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared Pol.is exports are not at {SHARED}"
)


def test_group_aware_consensus_matches_polis_given_its_groups() -> None:
    export = read_export(SHARED / "bg2050-volunteers")
    table = export.participants
    assert table is not None and export.comments is not None
    agree, _, seen = group_vote_counts(table.codes, table.group_ids)
    ours = dict(
        zip(table.comment_ids.tolist(), group_aware_consensus(agree, seen).tolist(), strict=True)
    )
    theirs = {c.comment_id: c.group_informed_consensus for c in export.comments}
    assert set(theirs) <= set(ours)
    for comment_id, value in theirs.items():
        assert value is not None
        assert abs(ours[comment_id] - value) < 1e-9


@pytest.mark.parametrize(
    "folder,minimum",
    [("bg2050-volunteers", 0.99), ("austria-climate.5twd2jsnkf.2022-08-08", 0.95)],
)
def test_groups_agree_with_polis(folder: str, minimum: float) -> None:
    export = read_export(SHARED / folder)
    result = opinion_groups(
        export.vote_matrix(), rejected=export.rejected_ids(), meta=export.meta_ids()
    )
    table = export.participants
    assert table is not None
    theirs = dict(zip(table.participant_ids.tolist(), table.group_ids.tolist(), strict=True))
    ours = dict(zip(result.participant_ids.tolist(), result.labels.tolist(), strict=True))
    both = [p for p, g in theirs.items() if g >= 0 and ours.get(p, -1) >= 0]
    assert len(both) > 0.9 * sum(1 for g in theirs.values() if g >= 0)
    ari = adjusted_rand_score([theirs[p] for p in both], [ours[p] for p in both])
    assert ari >= minimum
    assert result.k == len({g for g in theirs.values() if g >= 0})


def test_analyze_folder_prints_one_json_object() -> None:
    summary = analyze_folder(SHARED / "london.youth.policing")
    text = json.dumps(summary)
    again = json.loads(text)
    assert again["k"] == summary["k"] >= 2
    assert all(isinstance(g, int) for g in again["groups"].values())
    assert set(again["representative"]) == {str(g) for g in range(summary["k"])}
    rejected = {0, 2, 3}
    listed = {s for reps in again["representative"].values() for s in reps}
    listed |= set(again["consensus"]["agree"]) | set(again["consensus"]["disagree"])
    assert not listed & rejected
    assert all(np.isfinite(v) for v in again["group_aware_consensus"].values())
