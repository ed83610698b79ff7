"""Reading and writing Pol.is export folders: round trips, malformed input, the real exports
in ../shared when they are there."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.opinion import AGREE, DISAGREE, PASS, as_csr
from groundwork.analysis.polis_io import (
    COMMENT_COLUMNS,
    COMMENT_COLUMNS_NEW,
    Comment,
    ParticipantVotes,
    PolisExport,
    VoteLog,
    analyze_folder,
    participant_votes_from_matrix,
    read_comments,
    read_export,
    read_participant_votes,
    read_summary,
    read_votes,
    write_export,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared Pol.is exports are not at {SHARED}"
)

FAST = settings(max_examples=25, deadline=None)

# --------------------------------------------------------------------------- strategies

text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=40,
)
ids = st.integers(min_value=0, max_value=10_000)


@st.composite
def comments(draw: st.DrawFn) -> tuple[tuple[Comment, ...], tuple[str, ...]]:
    new_layout = draw(st.booleans())
    comment_ids = draw(st.lists(ids, unique=True, max_size=8))
    out = []
    for cid in comment_ids:
        out.append(
            Comment(
                comment_id=cid,
                moderated=draw(st.sampled_from([-1, 0, 1])),
                body=draw(text),
                timestamp=draw(st.integers(0, 2**41)),
                datetime=None if new_layout else draw(text),
                author_id=draw(ids),
                agrees=draw(st.integers(0, 500)),
                disagrees=draw(st.integers(0, 500)),
                is_meta=draw(st.booleans()) if new_layout else None,
                is_seed=draw(st.booleans()) if new_layout else None,
                group_informed_consensus=(
                    draw(st.floats(0, 1, allow_nan=False)) if new_layout else None
                ),
            )
        )
    return tuple(out), COMMENT_COLUMNS_NEW if new_layout else COMMENT_COLUMNS


@st.composite
def vote_logs(draw: st.DrawFn) -> VoteLog:
    n = draw(st.integers(0, 12))
    with_datetime = draw(st.booleans())
    return VoteLog(
        timestamps=np.array(draw(st.lists(st.integers(0, 2**41), min_size=n, max_size=n))),
        datetimes=tuple(draw(st.lists(text, min_size=n, max_size=n))) if with_datetime else None,
        comment_ids=np.array(draw(st.lists(ids, min_size=n, max_size=n)), dtype=np.int64),
        voter_ids=np.array(draw(st.lists(ids, min_size=n, max_size=n)), dtype=np.int64),
        votes=np.array(
            draw(st.lists(st.sampled_from([1, -1, 0]), min_size=n, max_size=n)), dtype=np.int64
        ),
        columns=(
            ("timestamp", "datetime", "comment-id", "voter-id", "vote")
            if with_datetime
            else ("timestamp", "comment-id", "voter-id", "vote")
        ),
    )


@st.composite
def participant_tables(draw: st.DrawFn) -> ParticipantVotes:
    pids = draw(st.lists(ids, unique=True, max_size=6))
    cids = draw(st.lists(ids, unique=True, max_size=6))
    cells = draw(
        st.lists(
            st.lists(
                st.sampled_from([0, AGREE, DISAGREE, PASS]), min_size=len(cids), max_size=len(cids)
            ),
            min_size=len(pids),
            max_size=len(pids),
        )
    )
    dense = np.array(cells, dtype=np.int8).reshape(len(pids), len(cids))
    n = len(pids)
    counts = st.lists(st.integers(0, 99), min_size=n, max_size=n)
    with_xid = draw(st.booleans())
    return ParticipantVotes(
        participant_ids=np.array(pids, dtype=np.int64),
        xids=tuple(draw(st.lists(text, min_size=n, max_size=n))) if with_xid else None,
        group_ids=np.array(draw(st.lists(st.integers(-1, 4), min_size=n, max_size=n))),
        n_comments=np.array(draw(counts)),
        n_votes=np.array(draw(counts)),
        n_agree=np.array(draw(counts)),
        n_disagree=np.array(draw(counts)),
        comment_ids=np.array(cids, dtype=np.int64),
        codes=as_csr(dense),
    )


@st.composite
def exports(draw: st.DrawFn) -> PolisExport:
    commented = draw(st.none() | comments())
    votes = draw(st.none() | vote_logs())
    participants = (
        draw(participant_tables()) if votes is None else draw(st.none() | participant_tables())
    )
    summary = draw(st.none() | st.lists(st.tuples(text, text), max_size=5).map(tuple))
    return PolisExport(
        summary=summary,
        comments=commented[0] if commented else None,
        comment_columns=commented[1] if commented else COMMENT_COLUMNS,
        votes=votes,
        participants=participants,
    )


# --------------------------------------------------------------------------- round trips


@FAST
@given(export=exports())
def test_round_trip_is_lossless(export: PolisExport) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_export(Path(tmp) / "export", export)
        again = read_export(folder)
        assert again == export
        # And writing what was read gives the same bytes.
        write_export(Path(tmp) / "again", again)
        for name in ("summary.csv", "comments.csv", "votes.csv", "participants-votes.csv"):
            first, second = folder / name, Path(tmp) / "again" / name
            assert first.exists() == second.exists()
            if first.exists():
                assert first.read_bytes() == second.read_bytes()


def test_participant_table_from_matrix_counts_like_polis() -> None:
    from groundwork.analysis.opinion import votes_from_triples

    matrix = votes_from_triples([1, 1, 2, 2, 2], [10, 11, 10, 11, 12], [1, -1, 1, 1, 0])
    table = participant_votes_from_matrix(matrix)
    assert table.n_votes.tolist() == [2, 3]
    assert table.n_agree.tolist() == [1, 2]
    assert table.n_disagree.tolist() == [1, 0]
    assert table.group_ids.tolist() == [-1, -1]


# --------------------------------------------------------------------------- malformed input


def _write(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


VOTES_HEADER = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]


@pytest.mark.parametrize(
    "row,message",
    [
        (["1", "d", "3", "4", "2"], "vote must be 1, -1 or 0"),
        (["1", "d", "x", "4", "1"], "comment-id is not an integer"),
        (["1", "d", "3", "4"], "expected 5 fields"),
    ],
)
def test_bad_vote_rows_name_the_file_and_line(tmp_path: Path, row: list[str], message: str) -> None:
    path = _write(tmp_path, "votes.csv", [VOTES_HEADER, ["1", "d", "3", "4", "1"], row])
    with pytest.raises(ValueError, match=rf"votes\.csv: line 3: {message}"):
        read_votes(path)


def test_line_numbers_count_multi_line_fields(tmp_path: Path) -> None:
    rows = [
        list(COMMENT_COLUMNS),
        ["1", "d", "0", "5", "1", "0", "1", "first line\nsecond line"],
        ["1", "d", "1", "5", "1", "0", "7", "ok"],
    ]
    path = _write(tmp_path, "comments.csv", rows)
    with pytest.raises(ValueError, match=r"comments\.csv: line 4: moderated must be"):
        read_comments(path)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("votes.csv", "", r"line 1: the file is empty"),
        ("votes.csv", "timestamp,comment-id\n", r"line 1: missing column\(s\) voter-id, vote"),
        ("comments.csv", "comment-id,moderated,colour\n", r"line 1: unknown column\(s\) colour"),
        ("comments.csv", "comment-id,moderated\n1,1\n1,0\n", r"line 3: duplicate comment-id 1"),
        ("summary.csv", "topic,a,b\n", r"line 1: expected a key,value pair"),
        (
            "participants-votes.csv",
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,7\n1,,0,1,1,0,5\n",
            r"line 2: vote for comment 7 must be 1, -1, 0 or blank",
        ),
        (
            "participants-votes.csv",
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,x\n",
            r"line 1: comment column 'x' is not a comment id",
        ),
        ("votes.csv", 'timestamp,comment-id,voter-id,vote\n1,2,3,"1\n', r"line 2:"),
    ],
)
def test_malformed_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    reader = {
        "votes.csv": read_votes,
        "comments.csv": read_comments,
        "summary.csv": read_summary,
        "participants-votes.csv": read_participant_votes,
    }[name]
    escaped = re.escape(name)
    with pytest.raises(ValueError, match=rf"{escaped}: {message}"):
        reader(path)


@FAST
@given(
    n_rows=st.integers(1, 8),
    bad_row=st.integers(0, 7),
    bad_column=st.sampled_from(["comment-id", "voter-id", "vote", "timestamp"]),
    junk=st.sampled_from(["", "x", "1.5", "--1", "2"]),
)
def test_any_corrupted_cell_is_reported_at_its_line(
    n_rows: int, bad_row: int, bad_column: str, junk: str
) -> None:
    bad_row %= n_rows
    if bad_column != "vote" and junk == "2":
        junk = "two"
    rows = [VOTES_HEADER] + [[str(i), "d", str(i), str(i), "1"] for i in range(n_rows)]
    rows[1 + bad_row][VOTES_HEADER.index(bad_column)] = junk
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "votes.csv", rows)
        with pytest.raises(ValueError, match=rf"votes\.csv: line {bad_row + 2}: {bad_column}"):
            read_votes(path)


def test_folder_needs_votes(tmp_path: Path) -> None:
    _write(tmp_path, "summary.csv", [["topic", "x"]])
    with pytest.raises(ValueError, match="neither votes.csv nor participants-votes.csv"):
        read_export(tmp_path)
    with pytest.raises(ValueError, match="not a folder"):
        read_export(tmp_path / "missing")


# --------------------------------------------------------------------------- vote matrices


def test_latest_vote_wins_and_comments_without_votes_get_columns(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "votes.csv",
        [
            VOTES_HEADER,
            ["5", "d", "1", "7", "1"],
            ["3", "d", "1", "7", "-1"],
            ["9", "d", "2", "7", "0"],
        ],
    )
    _write(
        tmp_path,
        "comments.csv",
        [list(COMMENT_COLUMNS)]
        + [[str(t), "d", str(t), "0", "0", "0", "1", "c"] for t in (1, 2, 3)],
    )
    matrix = read_export(tmp_path).vote_matrix()
    assert matrix.statement_ids.tolist() == [1, 2, 3]
    assert matrix.codes.toarray().tolist() == [[AGREE, PASS, 0]]


def test_analyze_folder_summary_shape(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    rows = [VOTES_HEADER]
    for pid in range(40):
        side = 1 if pid < 20 else -1
        for cid in range(12):
            vote = side if cid < 6 else int(rng.choice([1, 0]))
            rows.append([str(pid * 100 + cid), "d", str(cid), str(pid), str(vote)])
    _write(tmp_path, "votes.csv", rows)
    _write(
        tmp_path,
        "comments.csv",
        [list(COMMENT_COLUMNS)]
        + [["0", "d", str(c), "0", "0", "0", "-1" if c == 11 else "1", "c"] for c in range(12)],
    )
    summary = analyze_folder(tmp_path)
    assert set(summary) == {"k", "groups", "representative", "consensus", "group_aware_consensus"}
    assert summary["k"] == 2
    assert len(summary["groups"]) == 40 and all(isinstance(p, str) for p in summary["groups"])
    assert set(summary["representative"]) == {"0", "1"}
    assert set(summary["consensus"]) == {"agree", "disagree"}
    assert 11 not in [s for reps in summary["representative"].values() for s in reps]
    assert set(summary["group_aware_consensus"]) == {str(c) for c in range(12)}


# --------------------------------------------------------------------------- real exports


@needs_shared
def test_real_exports_round_trip_byte_for_byte(tmp_path: Path) -> None:
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        export = read_export(folder)
        out = write_export(tmp_path / folder.name, export)
        for name in ("summary.csv", "comments.csv", "votes.csv", "participants-votes.csv"):
            if (folder / name).exists():
                assert (out / name).read_bytes() == (folder / name).read_bytes(), (folder, name)


@needs_shared
def test_latest_votes_reproduce_participants_votes() -> None:
    folder = SHARED / "london.youth.policing"
    export = read_export(folder)
    assert export.votes is not None and export.participants is not None
    from_log = export.votes.latest()
    table = export.participants
    order = np.searchsorted(from_log.participant_ids, table.participant_ids)
    columns = np.searchsorted(from_log.statement_ids, table.comment_ids)
    dense = from_log.codes.toarray()[np.ix_(order, columns)]
    assert np.array_equal(dense, table.codes.toarray())


def test_a_folder_with_only_the_participant_table_gives_its_matrix(tmp_path: Path) -> None:
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    _write(
        tmp_path,
        "participants-votes.csv",
        [header + ["1", "2"], ["7", "0", "0", "2", "1", "1"] + ["1", "-1"]],
    )
    matrix = read_export(tmp_path).vote_matrix()
    assert matrix.participant_ids.tolist() == [7]
    assert matrix.codes.toarray().tolist() == [[AGREE, DISAGREE]]


def test_a_participant_table_without_rows_keeps_whole_number_columns(tmp_path: Path) -> None:
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", "1"]
    _write(tmp_path, "participants-votes.csv", [header])
    table = read_participant_votes(tmp_path / "participants-votes.csv")
    assert len(table.participant_ids) == 0 and table.codes.shape == (0, 1)
    for column in (table.participant_ids, table.group_ids, table.n_agree, table.comment_ids):
        assert column.dtype == np.int64
