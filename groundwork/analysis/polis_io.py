"""Reading and writing Pol.is conversation export folders. Pure Python and NumPy, no Django.

A Pol.is export is a folder of CSV files (UTF-8, ``\\n`` line endings, fields quoted only when
they need it):

``summary.csv``
    ``key,value`` rows without a header: topic, url, views, voters, voters-in-conv, commenters,
    comments, groups, conversation-description (values may span lines).
``comments.csv``
    timestamp (ms), datetime, comment-id, author-id, agrees, disagrees, moderated (1 accepted,
    0 unmoderated, -1 rejected), comment-body. A newer layout has no datetime and adds
    is-meta, is-seed and group-informed-consensus (Pol.is's own group-aware consensus).
``votes.csv``
    timestamp, datetime, comment-id, voter-id, vote (1 agree, -1 disagree, 0 pass); a
    participant who changed a vote has several rows, and the latest counts.
``participants-votes.csv``
    participant, [xid], group-id, n-comments, n-votes, n-agree, n-disagree, then one column
    per comment id holding 1, -1, 0 or blank (unseen). ``group-id`` is the group Pol.is gave
    the participant in its latest run, blank for participants it did not cluster.

:func:`read_export` parses a folder into a :class:`PolisExport`; :func:`write_export` writes
one back in the same format, so that ``read_export(write_export(x))`` equals ``x`` for
everything the format holds (the column layout of each file is kept, so a folder read and
written again comes out the same). Malformed input raises :class:`ValueError` naming the file
and the line. :func:`analyze_folder` runs the opinion-group analysis
(:mod:`groundwork.analysis.opinion`) on a folder and returns the JSON-able summary that
``manage.py analyze_polis --json`` prints.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from groundwork.analysis.opinion import (
    AGREE,
    DISAGREE,
    PASS,
    CodeMatrix,
    OpinionResult,
    VoteMatrix,
    as_csr,
    opinion_groups,
    votes_from_triples,
)

__all__ = [
    "COMMENT_COLUMNS",
    "COMMENT_COLUMNS_NEW",
    "PARTICIPANT_FIXED_COLUMNS",
    "VOTE_COLUMNS",
    "Comment",
    "ParticipantVotes",
    "PolisExport",
    "VoteLog",
    "analyze_folder",
    "analysis_summary",
    "participant_votes_from_matrix",
    "read_comments",
    "read_export",
    "read_participant_votes",
    "read_summary",
    "read_votes",
    "write_comments",
    "write_export",
    "write_participant_votes",
    "write_summary",
    "write_votes",
]

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
COMMENT_COLUMNS_NEW = (
    "timestamp",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "is-meta",
    "is-seed",
    "group-informed-consensus",
    "comment-body",
)
_COMMENT_REQUIRED = ("comment-id", "moderated")
_COMMENT_KNOWN = frozenset(COMMENT_COLUMNS) | frozenset(COMMENT_COLUMNS_NEW)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
_VOTE_REQUIRED = ("comment-id", "voter-id", "vote")
PARTICIPANT_FIXED_COLUMNS = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)
_PARTICIPANT_REQUIRED = ("participant", "group-id")
_LINE_TERMINATOR = "\n"

IntArray = npt.NDArray[np.int64]


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Comment:
    """One row of ``comments.csv``. Fields absent from the file's layout are ``None``."""

    comment_id: int
    moderated: int
    body: str = ""
    timestamp: int | None = None
    datetime: str | None = None
    author_id: int | None = None
    agrees: int | None = None
    disagrees: int | None = None
    is_meta: bool | None = None
    is_seed: bool | None = None
    group_informed_consensus: float | None = None

    @property
    def rejected(self) -> bool:
        return self.moderated == -1


@dataclass(frozen=True, eq=False)
class VoteLog:
    """The rows of ``votes.csv``, column-wise, in file order."""

    timestamps: IntArray
    datetimes: tuple[str, ...] | None
    comment_ids: IntArray
    voter_ids: IntArray
    votes: IntArray  # 1 agree, -1 disagree, 0 pass
    columns: tuple[str, ...] = VOTE_COLUMNS

    def __len__(self) -> int:
        return int(self.votes.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VoteLog):
            return NotImplemented
        return (
            self.columns == other.columns
            and self.datetimes == other.datetimes
            and all(
                np.array_equal(a, b)
                for a, b in (
                    (self.timestamps, other.timestamps),
                    (self.comment_ids, other.comment_ids),
                    (self.voter_ids, other.voter_ids),
                    (self.votes, other.votes),
                )
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def latest(self) -> VoteMatrix:
        """The vote matrix keeping each voter's latest vote per comment (by timestamp, then
        by file order)."""
        return votes_from_triples(
            self.voter_ids, self.comment_ids, self.votes, timestamps=self.timestamps
        )


@dataclass(frozen=True, eq=False)
class ParticipantVotes:
    """``participants-votes.csv``: one row per participant, one vote column per comment.

    ``codes`` is a participants × comments CSR matrix in the coding of
    :mod:`groundwork.analysis.opinion` (1 agree, -1 disagree, 2 pass; nothing stored for
    blank). ``group_ids`` holds -1 where the file's group-id is blank.
    """

    participant_ids: IntArray
    xids: tuple[str, ...] | None
    group_ids: IntArray
    n_comments: IntArray
    n_votes: IntArray
    n_agree: IntArray
    n_disagree: IntArray
    comment_ids: IntArray
    codes: CodeMatrix

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParticipantVotes):
            return NotImplemented
        arrays = (
            (self.participant_ids, other.participant_ids),
            (self.group_ids, other.group_ids),
            (self.n_comments, other.n_comments),
            (self.n_votes, other.n_votes),
            (self.n_agree, other.n_agree),
            (self.n_disagree, other.n_disagree),
            (self.comment_ids, other.comment_ids),
        )
        return (
            self.xids == other.xids
            and all(np.array_equal(a, b) for a, b in arrays)
            and self.codes.shape == other.codes.shape
            and _same_codes(self.codes, other.codes)
        )

    __hash__ = None  # type: ignore[assignment]

    def vote_matrix(self) -> VoteMatrix:
        return VoteMatrix(
            codes=self.codes, participant_ids=self.participant_ids, statement_ids=self.comment_ids
        )


@dataclass(frozen=True)
class PolisExport:
    """A parsed export folder. Files that were absent are ``None``."""

    summary: tuple[tuple[str, str], ...] | None = None
    comments: tuple[Comment, ...] | None = None
    comment_columns: tuple[str, ...] = COMMENT_COLUMNS
    votes: VoteLog | None = None
    participants: ParticipantVotes | None = None

    def summary_dict(self) -> dict[str, str]:
        return dict(self.summary or ())

    def vote_matrix(self) -> VoteMatrix:
        """Latest vote per participant × comment: from votes.csv when present, otherwise
        from participants-votes.csv. Comments that nobody voted on get empty columns."""
        if self.votes is not None:
            matrix = self.votes.latest()
        elif self.participants is not None:
            matrix = self.participants.vote_matrix()
        else:
            raise ValueError("the export has neither votes.csv nor participants-votes.csv")
        if self.comments:
            extra_ids = np.array([c.comment_id for c in self.comments], dtype=np.int64)
            matrix = _with_statements(matrix, extra_ids)
        return matrix

    def rejected_ids(self) -> IntArray:
        """Comments Pol.is leaves out of the math ("mod-out"): rejected or meta."""
        return np.array(
            [c.comment_id for c in self.comments or () if c.moderated == -1 or c.is_meta],
            dtype=np.int64,
        )

    def meta_ids(self) -> IntArray:
        return np.array([c.comment_id for c in self.comments or () if c.is_meta], dtype=np.int64)


def _same_codes(a: CodeMatrix, b: CodeMatrix) -> bool:
    a, b = as_csr(a, copy=True), as_csr(b, copy=True)
    for m in (a, b):
        m.sum_duplicates()
        m.sort_indices()
    return (
        np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def _with_statements(matrix: VoteMatrix, statement_ids: IntArray) -> VoteMatrix:
    ids = np.asarray(matrix.statement_ids)
    if ids.dtype.kind not in "iu":
        return matrix
    all_ids = np.union1d(ids.astype(np.int64), statement_ids)
    if all_ids.shape[0] == ids.shape[0]:
        return matrix
    position = np.searchsorted(all_ids, ids.astype(np.int64))
    coo = matrix.codes.tocoo()
    codes = as_csr(
        (coo.data, (coo.row, position[coo.col])),
        shape=(matrix.codes.shape[0], all_ids.shape[0]),
        dtype=np.int8,
    )
    return VoteMatrix(codes=codes, participant_ids=matrix.participant_ids, statement_ids=all_ids)


# --------------------------------------------------------------------------- CSV helpers


class _Rows:
    """Iterates over CSV records, remembering the (first) physical line number of each."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self.line = 0
        self._last = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        try:
            row = next(self._reader)
        except csv.Error as exc:
            raise ValueError(f"{self.name}: line {self._reader.line_num}: {exc}") from exc
        self.line = self._last + 1
        self._last = self._reader.line_num
        return row

    def error(self, message: str) -> ValueError:
        return ValueError(f"{self.name}: line {self.line}: {message}")


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # keep \r inside fields
            return handle.read()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc})") from exc


def _int(rows: _Rows, value: str, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise rows.error(f"{column} is not an integer: {value!r}") from None


def _bool(rows: _Rows, value: str, column: str) -> bool:
    if value == "true":
        return True
    if value == "false":
        return False
    raise rows.error(f"{column} is not true or false: {value!r}")


def _float(rows: _Rows, value: str, column: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise rows.error(f"{column} is not a number: {value!r}") from None
    if math.isnan(number):
        raise rows.error(f"{column} is not a number: {value!r}")
    return number


def _header(rows: _Rows, required: Sequence[str]) -> list[str]:
    try:
        header = next(rows)
    except StopIteration:
        raise ValueError(f"{rows.name}: line 1: the file is empty (no header)") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise rows.error(f"missing column(s) {', '.join(missing)} in header {header}")
    if len(set(header)) != len(header):
        raise rows.error(f"duplicate column names in header {header}")
    return header


def _check_width(rows: _Rows, row: list[str], width: int) -> None:
    if len(row) != width:
        raise rows.error(f"expected {width} fields, found {len(row)}")


def _csv_text(rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV with ``\n`` line ends, quoting only the fields that need it (a field
    holding a ``\r`` is quoted too, which a ``\n``-terminated csv.writer would not do)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out: list[str] = []
    for row in rows:
        writer.writerow(row)
        line = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        out.append(line[:-2] + _LINE_TERMINATOR)
    return "".join(out)


def _float_text(value: float) -> str:
    return repr(float(value))


# --------------------------------------------------------------------------- summary.csv


def read_summary(path: str | Path) -> tuple[tuple[str, str], ...]:
    path = Path(path)
    rows = _Rows(_read_text(path), str(path))
    result: list[tuple[str, str]] = []
    for row in rows:
        if not row:
            continue
        if len(row) != 2:
            raise rows.error(f"expected a key,value pair, found {len(row)} fields")
        result.append((row[0], row[1]))
    return tuple(result)


def write_summary(path: str | Path, summary: Sequence[tuple[str, str]]) -> None:
    Path(path).write_text(_csv_text([list(kv) for kv in summary]), encoding="utf-8", newline="")


# --------------------------------------------------------------------------- comments.csv


def read_comments(path: str | Path) -> tuple[tuple[Comment, ...], tuple[str, ...]]:
    """Parse comments.csv; returns the comments (file order) and the header."""
    path = Path(path)
    rows = _Rows(_read_text(path), str(path))
    header = _header(rows, _COMMENT_REQUIRED)
    unknown = [name for name in header if name not in _COMMENT_KNOWN]
    if unknown:
        raise rows.error(f"unknown column(s) {', '.join(unknown)}")
    index = {name: i for i, name in enumerate(header)}
    comments: list[Comment] = []
    seen: set[int] = set()
    for row in rows:
        _check_width(rows, row, len(header))
        values: dict[str, Any] = {}
        for name, i in index.items():
            raw = row[i]
            if name in ("timestamp", "comment-id", "author-id", "agrees", "disagrees"):
                values[name] = _int(rows, raw, name)
            elif name == "moderated":
                moderated = _int(rows, raw, name)
                if moderated not in (-1, 0, 1):
                    raise rows.error(f"moderated must be -1, 0 or 1, not {raw!r}")
                values[name] = moderated
            elif name in ("is-meta", "is-seed"):
                values[name] = _bool(rows, raw, name)
            elif name == "group-informed-consensus":
                values[name] = _float(rows, raw, name)
            else:  # datetime, comment-body
                values[name] = raw
        if values["comment-id"] in seen:
            raise rows.error(f"duplicate comment-id {values['comment-id']}")
        seen.add(values["comment-id"])
        comments.append(
            Comment(
                comment_id=values["comment-id"],
                moderated=values["moderated"],
                body=values.get("comment-body", ""),
                timestamp=values.get("timestamp"),
                datetime=values.get("datetime"),
                author_id=values.get("author-id"),
                agrees=values.get("agrees"),
                disagrees=values.get("disagrees"),
                is_meta=values.get("is-meta"),
                is_seed=values.get("is-seed"),
                group_informed_consensus=values.get("group-informed-consensus"),
            )
        )
    return tuple(comments), tuple(header)


def _comment_field(comment: Comment, name: str) -> str:
    value: object = {
        "timestamp": comment.timestamp,
        "datetime": comment.datetime,
        "comment-id": comment.comment_id,
        "author-id": comment.author_id,
        "agrees": comment.agrees,
        "disagrees": comment.disagrees,
        "moderated": comment.moderated,
        "comment-body": comment.body,
        "is-meta": comment.is_meta,
        "is-seed": comment.is_seed,
        "group-informed-consensus": comment.group_informed_consensus,
    }[name]
    if value is None:
        raise ValueError(f"comment {comment.comment_id} has no value for column {name}")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    return str(value)


def write_comments(
    path: str | Path, comments: Sequence[Comment], columns: Sequence[str] = COMMENT_COLUMNS
) -> None:
    unknown = [name for name in columns if name not in _COMMENT_KNOWN]
    if unknown:
        raise ValueError(f"unknown comment column(s) {', '.join(unknown)}")
    rows: list[list[str]] = [list(columns)]
    rows.extend([_comment_field(c, name) for name in columns] for c in comments)
    Path(path).write_text(_csv_text(rows), encoding="utf-8", newline="")


# --------------------------------------------------------------------------- votes.csv


def read_votes(path: str | Path) -> VoteLog:
    path = Path(path)
    rows = _Rows(_read_text(path), str(path))
    header = _header(rows, _VOTE_REQUIRED)
    unknown = [name for name in header if name not in VOTE_COLUMNS]
    if unknown:
        raise rows.error(f"unknown column(s) {', '.join(unknown)}")
    index = {name: i for i, name in enumerate(header)}
    i_time = index.get("timestamp")
    i_date = index.get("datetime")
    i_comment, i_voter, i_vote = index["comment-id"], index["voter-id"], index["vote"]
    timestamps: list[int] = []
    datetimes: list[str] = []
    comment_ids: list[int] = []
    voter_ids: list[int] = []
    votes: list[int] = []
    width = len(header)
    for row in rows:
        _check_width(rows, row, width)
        vote = row[i_vote]
        if vote == "1":
            votes.append(1)
        elif vote == "-1":
            votes.append(-1)
        elif vote == "0":
            votes.append(0)
        else:
            raise rows.error(f"vote must be 1, -1 or 0, not {vote!r}")
        comment_ids.append(_int(rows, row[i_comment], "comment-id"))
        voter_ids.append(_int(rows, row[i_voter], "voter-id"))
        if i_time is not None:
            timestamps.append(_int(rows, row[i_time], "timestamp"))
        if i_date is not None:
            datetimes.append(row[i_date])
    n = len(votes)
    return VoteLog(
        timestamps=(
            np.array(timestamps, dtype=np.int64)
            if i_time is not None
            else np.arange(n, dtype=np.int64)
        ),
        datetimes=tuple(datetimes) if i_date is not None else None,
        comment_ids=np.array(comment_ids, dtype=np.int64),
        voter_ids=np.array(voter_ids, dtype=np.int64),
        votes=np.array(votes, dtype=np.int64),
        columns=tuple(header),
    )


def write_votes(path: str | Path, log: VoteLog) -> None:
    columns = list(log.columns)
    source: dict[str, Sequence[object]] = {
        "timestamp": log.timestamps.tolist(),
        "comment-id": log.comment_ids.tolist(),
        "voter-id": log.voter_ids.tolist(),
        "vote": log.votes.tolist(),
    }
    if "datetime" in columns:
        if log.datetimes is None:
            raise ValueError("votes.csv layout has a datetime column but the log has none")
        source["datetime"] = log.datetimes
    rows: list[list[object]] = [list(columns)]
    rows.extend(zip(*(source[name] for name in columns), strict=True))  # type: ignore[arg-type]
    Path(path).write_text(_csv_text(rows), encoding="utf-8", newline="")


# --------------------------------------------------------------------------- participants-votes.csv

_CODE_OF_TEXT = {"1": AGREE, "-1": DISAGREE, "0": PASS}
_TEXT_OF_CODE = {AGREE: "1", DISAGREE: "-1", PASS: "0"}


def read_participant_votes(path: str | Path) -> ParticipantVotes:
    path = Path(path)
    rows = _Rows(_read_text(path), str(path))
    header = _header(rows, _PARTICIPANT_REQUIRED)
    fixed = [name for name in PARTICIPANT_FIXED_COLUMNS if name in header]
    if header[: len(fixed)] != fixed:
        raise rows.error(
            f"the first columns must be {', '.join(fixed)} in that order, found {header}"
        )
    comment_ids: list[int] = []
    for name in header[len(fixed) :]:
        try:
            comment_ids.append(int(name))
        except ValueError:
            raise rows.error(f"comment column {name!r} is not a comment id") from None
    if len(set(comment_ids)) != len(comment_ids):
        raise rows.error("duplicate comment columns")
    has_xid = "xid" in fixed
    counts: dict[str, list[int]] = {
        name: [] for name in ("n-comments", "n-votes", "n-agree", "n-disagree")
    }
    present = [name for name in counts if name in fixed]
    if len(present) != len(counts):
        raise rows.error(f"missing column(s) {', '.join(sorted(set(counts) - set(present)))}")
    participant_ids: list[int] = []
    xids: list[str] = []
    group_ids: list[int] = []
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    n_fixed = len(fixed)
    position = {name: i for i, name in enumerate(fixed)}
    width = len(header)
    seen: set[int] = set()
    for row in rows:
        _check_width(rows, row, width)
        pid = _int(rows, row[0], "participant")
        if pid in seen:
            raise rows.error(f"duplicate participant {pid}")
        seen.add(pid)
        participant_ids.append(pid)
        if has_xid:
            xids.append(row[position["xid"]])
        group = row[position["group-id"]]
        group_ids.append(-1 if group == "" else _int(rows, group, "group-id"))
        if group_ids[-1] < -1:
            raise rows.error(f"group-id must not be negative: {group!r}")
        for name in counts:
            counts[name].append(_int(rows, row[position[name]], name))
        for j, cell in enumerate(row[n_fixed:]):
            if cell == "":
                continue
            code = _CODE_OF_TEXT.get(cell)
            if code is None:
                raise rows.error(
                    f"vote for comment {comment_ids[j]} must be 1, -1, 0 or blank, not {cell!r}"
                )
            indices.append(j)
            data.append(code)
        indptr.append(len(indices))
    codes = as_csr(
        (
            np.array(data, dtype=np.int8),
            np.array(indices, dtype=np.int32),
            np.array(indptr, dtype=np.int64),
        ),
        shape=(len(participant_ids), len(comment_ids)),
    )
    return ParticipantVotes(
        participant_ids=np.array(participant_ids, dtype=np.int64),
        xids=tuple(xids) if has_xid else None,
        group_ids=np.array(group_ids, dtype=np.int64),
        n_comments=np.array(counts["n-comments"], dtype=np.int64),
        n_votes=np.array(counts["n-votes"], dtype=np.int64),
        n_agree=np.array(counts["n-agree"], dtype=np.int64),
        n_disagree=np.array(counts["n-disagree"], dtype=np.int64),
        comment_ids=np.array(comment_ids, dtype=np.int64),
        codes=codes,
    )


def write_participant_votes(path: str | Path, table: ParticipantVotes) -> None:
    fixed = [name for name in PARTICIPANT_FIXED_COLUMNS if name != "xid" or table.xids is not None]
    header = fixed + [str(c) for c in table.comment_ids.tolist()]
    codes = as_csr(table.codes)
    codes.sort_indices()
    n_cols = len(table.comment_ids)
    rows: list[list[object]] = [list(header)]
    for i, pid in enumerate(table.participant_ids.tolist()):
        start, stop = codes.indptr[i], codes.indptr[i + 1]
        cells = [""] * n_cols
        for j, code in zip(
            codes.indices[start:stop].tolist(), codes.data[start:stop].tolist(), strict=True
        ):
            text = _TEXT_OF_CODE.get(int(code))
            if text is None:
                raise ValueError(f"participant {pid}: vote code {code} is not 1, -1 or 2")
            cells[j] = text
        group = int(table.group_ids[i])
        prefix: list[object] = [pid]
        if table.xids is not None:
            prefix.append(table.xids[i])
        prefix.extend(
            [
                "" if group < 0 else group,
                int(table.n_comments[i]),
                int(table.n_votes[i]),
                int(table.n_agree[i]),
                int(table.n_disagree[i]),
            ]
        )
        rows.append(prefix + cells)
    Path(path).write_text(_csv_text(rows), encoding="utf-8", newline="")


# --------------------------------------------------------------------------- folders


def read_export(path: str | Path) -> PolisExport:
    """Parse an export folder. At least one of votes.csv and participants-votes.csv must be
    there; the other files are optional."""
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    summary = read_summary(folder / "summary.csv") if (folder / "summary.csv").exists() else None
    comments: tuple[Comment, ...] | None = None
    columns: tuple[str, ...] = COMMENT_COLUMNS
    if (folder / "comments.csv").exists():
        comments, columns = read_comments(folder / "comments.csv")
    votes = read_votes(folder / "votes.csv") if (folder / "votes.csv").exists() else None
    participants = (
        read_participant_votes(folder / "participants-votes.csv")
        if (folder / "participants-votes.csv").exists()
        else None
    )
    if votes is None and participants is None:
        raise ValueError(f"{folder}: neither votes.csv nor participants-votes.csv is there")
    return PolisExport(
        summary=summary,
        comments=comments,
        comment_columns=columns,
        votes=votes,
        participants=participants,
    )


def write_export(path: str | Path, export: PolisExport) -> Path:
    """Write the parts of ``export`` that are present into folder ``path`` (created if
    needed); returns the folder."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    if export.summary is not None:
        write_summary(folder / "summary.csv", export.summary)
    if export.comments is not None:
        write_comments(folder / "comments.csv", export.comments, export.comment_columns)
    if export.votes is not None:
        write_votes(folder / "votes.csv", export.votes)
    if export.participants is not None:
        write_participant_votes(folder / "participants-votes.csv", export.participants)
    return folder


def participant_votes_from_matrix(
    matrix: VoteMatrix,
    *,
    group_ids: npt.ArrayLike | None = None,
    n_comments: npt.ArrayLike | None = None,
    xids: Sequence[str] | None = None,
) -> ParticipantVotes:
    """Build a participants-votes table from a vote matrix (integer ids), computing
    n-votes, n-agree and n-disagree as Pol.is does."""
    codes = as_csr(matrix.codes, dtype=np.int8, copy=True)
    codes.sum_duplicates()
    n = codes.shape[0]
    seen = np.diff(codes.indptr).astype(np.int64)
    row = np.repeat(np.arange(n), seen)
    agree = np.bincount(row[codes.data == AGREE], minlength=n).astype(np.int64)
    disagree = np.bincount(row[codes.data == DISAGREE], minlength=n).astype(np.int64)
    groups = (
        np.full(n, -1, dtype=np.int64)
        if group_ids is None
        else np.asarray(group_ids, dtype=np.int64)
    )
    return ParticipantVotes(
        participant_ids=np.asarray(matrix.participant_ids, dtype=np.int64),
        xids=tuple(xids) if xids is not None else None,
        group_ids=groups,
        n_comments=(
            np.zeros(n, dtype=np.int64)
            if n_comments is None
            else np.asarray(n_comments, dtype=np.int64)
        ),
        n_votes=seen,
        n_agree=agree,
        n_disagree=disagree,
        comment_ids=np.asarray(matrix.statement_ids, dtype=np.int64),
        codes=codes,
    )


# --------------------------------------------------------------------------- analysis


def analysis_summary(result: OpinionResult) -> dict[str, Any]:
    """The JSON-able summary of a result: ``{"k", "groups", "representative", "consensus",
    "group_aware_consensus"}`` with ids as strings (participants not clustered left out)."""
    participant_ids = result.participant_ids.tolist()
    statement_ids = result.statement_ids.tolist()
    groups = {
        str(participant_ids[i]): int(label)
        for i, label in enumerate(result.labels.tolist())
        if label >= 0
    }
    representative = {
        str(g): [_json_id(statement_ids[r.statement]) for r in reps]
        for g, reps in enumerate(result.representative)
    }
    consensus = {
        "agree": [_json_id(statement_ids[c.statement]) for c in result.consensus_agree],
        "disagree": [_json_id(statement_ids[c.statement]) for c in result.consensus_disagree],
    }
    gac = {
        str(statement_ids[j]): float(value)
        for j, value in enumerate(result.group_aware_consensus.tolist())
        if not math.isnan(value)
    }
    return {
        "k": int(result.k),
        "groups": groups,
        "representative": representative,
        "consensus": consensus,
        "group_aware_consensus": gac,
    }


def _json_id(value: object) -> object:
    if isinstance(value, int | str):
        return value
    return str(value)


def analyze_folder(path: str | Path, *, seed: int = 0) -> dict[str, Any]:
    """Read a Pol.is export folder and run the opinion-group analysis on its latest votes,
    leaving out rejected and meta comments as Pol.is does; returns the summary described in
    :func:`analysis_summary`. Touches nothing but the folder."""
    export = read_export(path)
    matrix = export.vote_matrix()
    result = opinion_groups(
        matrix, rejected=export.rejected_ids(), meta=export.meta_ids(), seed=seed
    )
    return analysis_summary(result)
