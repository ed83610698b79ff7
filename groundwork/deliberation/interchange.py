"""A conversation in the Pol.is export format (comments.csv, votes.csv,
participants-votes.csv, summary.csv), so anyone can re-run the analysis elsewhere.

Statements are in two languages: comments.csv holds each author's original words (Pol.is's
``comment-body``), and a file of Groundwork's own beside it, ``comment-translations.csv``
(comment-id, original-language, translation-language, translation), holds the language of
each original and its text in the other language. The Pol.is files keep their exact layout,
so every reader of Pol.is exports still reads them (and ignores the extra file); an import
reads the extra file when it is there.
"""

import csv
import io
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from groundwork.analysis import polis_io
from groundwork.analysis.opinion import votes_from_triples

from . import selectors
from .models import Conversation, StatementModeration, Vote, base_language

TRANSLATIONS_FILE = "comment-translations.csv"
TRANSLATION_COLUMNS = ("comment-id", "original-language", "translation-language", "translation")


@dataclass(frozen=True)
class CommentLanguages:
    """One row of comment-translations.csv."""

    original_language: str
    translation_language: str
    translation: str


_MODERATED = {
    StatementModeration.ACCEPTED: 1,
    StatementModeration.PENDING: 0,
    StatementModeration.REJECTED: -1,
}


def conversation_export(conversation: Conversation) -> polis_io.PolisExport:
    """The conversation as a Pol.is export: statement and participant ids are Groundwork's;
    group-id comes from the latest finished run."""
    statements = list(conversation.statements.order_by("id"))
    rows = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("participant_id", "statement_id", "value", "created_at")
    )
    stamps = np.array([int(r[3].timestamp() * 1000) for r in rows], dtype=np.int64)
    voters = np.array([r[0] for r in rows], dtype=np.int64)
    cids = np.array([r[1] for r in rows], dtype=np.int64)
    votes = np.array([r[2] for r in rows], dtype=np.int64)
    tally: dict[int, list[int]] = {}
    for _p, sid, value, _t in rows:
        counts = tally.setdefault(sid, [0, 0])
        if value == 1:
            counts[0] += 1
        elif value == -1:
            counts[1] += 1
    comments = tuple(
        polis_io.Comment(
            comment_id=s.pk,
            moderated=_MODERATED[StatementModeration(s.moderation)],
            body=s.text,
            timestamp=int(s.created_at.timestamp() * 1000),
            datetime=s.created_at.strftime("%a %b %d %Y %H:%M:%S GMT%z"),
            author_id=s.author_id if s.author_id is not None else -1,
            agrees=tally.get(s.pk, [0, 0])[0],
            disagrees=tally.get(s.pk, [0, 0])[1],
        )
        for s in statements
    )
    log = polis_io.VoteLog(
        timestamps=stamps,
        datetimes=tuple(r[3].strftime("%a %b %d %Y %H:%M:%S GMT%z") for r in rows),
        comment_ids=cids,
        voter_ids=voters,
        votes=votes,
    )
    table = None
    latest = selectors.latest_run(conversation)
    if rows:
        matrix = votes_from_triples(voters, cids, votes, timestamps=stamps)
        labels = latest.results.get("labels", {}) if latest else {}
        groups = np.array(
            [labels.get(str(int(p)), -1) for p in matrix.participant_ids], dtype=np.int64
        )
        written = Counter(s.author_id for s in statements if s.author_id is not None)
        n_comments = [written[int(p)] for p in matrix.participant_ids]
        table = polis_io.participant_votes_from_matrix(
            matrix, group_ids=groups, n_comments=n_comments
        )
    summary = (
        ("topic", conversation.topic),
        ("url", ""),
        ("views", "0"),
        ("voters", str(len(set(voters.tolist())))),
        ("voters-in-conv", str(len(set(voters.tolist())))),
        ("commenters", str(len({s.author_id for s in statements if s.author_id}))),
        ("comments", str(len(statements))),
        ("groups", str(latest.displayed_k or 0) if latest else "0"),
        ("conversation-description", conversation.description),
    )
    return polis_io.PolisExport(summary=summary, comments=comments, votes=log, participants=table)


def translations_csv(conversation: Conversation) -> str:
    """comment-translations.csv: one row per statement, in comment-id order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TRANSLATION_COLUMNS)
    for pk, language, translation_language, translation in conversation.statements.order_by(
        "id"
    ).values_list("id", "language", "translation_language", "translation"):
        writer.writerow(
            [pk, base_language(language), translation_language if translation else "", translation]
        )
    return buffer.getvalue()


def read_translations(text: str, *, name: str = TRANSLATIONS_FILE) -> dict[int, CommentLanguages]:
    """Parse comment-translations.csv (comment id → languages). Raises UploadError naming the
    file and line."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    codes = {code for code, _name in settings.LANGUAGES}
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header] != list(TRANSLATION_COLUMNS):
        raise UploadError(
            _("“%(name)s” could not be read: check that it is the Pol.is file.")
            % {"name": Path(name).name}
        )
    found: dict[int, CommentLanguages] = {}
    for row in rows:
        if not row:
            continue
        try:
            if len(row) != len(TRANSLATION_COLUMNS):
                raise ValueError
            comment_id = int(row[0])
            original, target = base_language(row[1]), base_language(row[2])
            if (original and original not in codes) or (target and target not in codes):
                raise ValueError
            if target and target == original:
                raise ValueError
        except ValueError:
            raise UploadError(
                _(
                    "“%(name)s” could not be read at line %(line)s: "
                    "check that it is the Pol.is file."
                )
                % {"name": Path(name).name, "line": rows.line_num}
            ) from None
        found[comment_id] = CommentLanguages(
            original_language=original, translation_language=target, translation=row[3]
        )
    return found


def export_zip(conversation: Conversation) -> bytes:
    export = conversation_export(conversation)
    with tempfile.TemporaryDirectory() as tmp:
        folder = polis_io.write_export(Path(tmp) / "export", export)
        for name, text in participant_statistics_files(conversation).items():
            (folder / name).write_text(text, encoding="utf-8", newline="")
        (folder / TRANSLATIONS_FILE).write_text(
            translations_csv(conversation), encoding="utf-8", newline=""
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadError(ValueError):
    """An uploaded Pol.is file could not be read. `message` is translated and names only the
    file as it was uploaded (never where the server kept it) and the line, when known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _upload_error(exc: ValueError, folder: Path, names: dict[str, str]) -> UploadError:
    """Turn polis_io's message (which names the server's temporary copy) into one for the
    person who uploaded: the uploaded file's name and line, in their language."""
    import os
    import re

    from django.utils.translation import gettext as _

    text = str(exc)
    uploaded = next((shown for saved, shown in names.items() if saved in text), None)
    line = re.search(r"line (\d+)", text)
    if uploaded is None:
        return UploadError(
            _("The files could not be read as a Pol.is export (comments and votes in CSV).")
        )
    values = {"name": os.path.basename(uploaded), "line": line.group(1) if line else ""}
    if line:
        return UploadError(
            _("“%(name)s” could not be read at line %(line)s: check that it is the Pol.is file.")
            % values
        )
    return UploadError(
        _("“%(name)s” could not be read: check that it is the Pol.is file.") % values
    )


def read_uploaded_translations(upload: Any) -> dict[int, CommentLanguages]:
    """An uploaded comment-translations.csv (optional beside the Pol.is files)."""
    from django.utils.translation import gettext as _

    if upload is None:
        return {}
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadError(_("“%(name)s” is larger than 200 MB.") % {"name": Path(upload.name).name})
    raw = b"".join(upload.chunks())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadError(
            _("“%(name)s” could not be read: check that it is the Pol.is file.")
            % {"name": Path(upload.name or TRANSLATIONS_FILE).name}
        ) from None
    return read_translations(text, name=upload.name or TRANSLATIONS_FILE)


def read_folder_translations(folder: str | Path) -> dict[int, CommentLanguages]:
    """comment-translations.csv of an export folder, when it has one."""
    path = Path(folder) / TRANSLATIONS_FILE
    if not path.exists():
        return {}
    return read_translations(path.read_text(encoding="utf-8"), name=str(path))


def read_uploaded_export(comments: Any, votes: Any) -> polis_io.PolisExport:
    """Parse uploaded files: the vote file is votes.csv or participants-votes.csv, told apart
    by its header. Raises UploadError with a translated message that names the uploaded file
    and line."""
    from django.utils.translation import gettext as _

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for upload in (comments, votes):
            if upload.size > MAX_UPLOAD_BYTES:
                raise UploadError(
                    _("“%(name)s” is larger than 200 MB.") % {"name": Path(upload.name).name}
                )
        head = votes.read(200).decode("utf-8-sig", errors="replace").lstrip().lower()
        votes.seek(0)
        vote_name = "participants-votes.csv" if head.startswith("participant") else "votes.csv"
        names = {}
        for upload, name in ((comments, "comments.csv"), (votes, vote_name)):
            names[name] = upload.name or name
            with open(folder / name, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
        try:
            return polis_io.read_export(folder)
        except ValueError as exc:
            raise _upload_error(exc, folder, names) from exc


PARTICIPANT_STATS_HEADER = [
    "participant",
    "group-id",
    "subgroup-id",
    "n-votes",
    "n-agree",
    "n-disagree",
    "n-pass",
    "group-correlation",
]
SUBGROUPS_HEADER = [
    "group-id",
    "subgroup-id",
    "participants",
    "silhouette",
    "comment-id",
    "repful-for",
    "percent-agree",
    "percent-disagree",
    "n-trials",
]


def participant_statistics_files(conversation: Conversation) -> dict[str, str]:
    """Groundwork's additions to the export, from the latest finished run (none before one):
    ``participant-stats.csv``, polismath's participant info (votes, agrees, disagrees,
    passes, group, subgroup and the correlation of the participant's votes with their
    group's; blank where not defined), and ``subgroups.csv``, each group's subgroups with
    their representative statements. Pol.is's own files are unchanged by them."""
    import csv

    run = selectors.latest_run(conversation)
    if run is None or "participants" not in run.results:
        return {}
    data = run.results
    columns = data["participants"]["columns"]
    at = {name: i for i, name in enumerate(columns)}
    stats = io.StringIO()
    writer = csv.writer(stats, lineterminator="\n")
    writer.writerow(PARTICIPANT_STATS_HEADER)
    for row in data["participants"]["rows"]:
        group, subgroup, corr = row[at["group"]], row[at["subgroup"]], row[at["group_correlation"]]
        writer.writerow(
            [
                row[at["participant"]],
                "" if group < 0 else group,
                "" if subgroup < 0 else subgroup,
                row[at["n_votes"]],
                row[at["n_agree"]],
                row[at["n_disagree"]],
                row[at["n_pass"]],
                "" if corr is None else repr(float(corr)),
            ]
        )
    subgroups = io.StringIO()
    writer = csv.writer(subgroups, lineterminator="\n")
    writer.writerow(SUBGROUPS_HEADER)
    for group in data.get("subgroups", []):
        if group["k"] < 2:
            continue
        for index, (size, reps) in enumerate(
            zip(group["sizes"], group["representative"], strict=True)
        ):
            for rep in reps:
                writer.writerow(
                    [
                        group["group"],
                        index,
                        size,
                        repr(float(group["silhouette"])),
                        rep["statement"],
                        rep["direction"],
                        rep["percent_agree"],
                        rep["percent_disagree"],
                        rep["n_seen"],
                    ]
                )
    return {"participant-stats.csv": stats.getvalue(), "subgroups.csv": subgroups.getvalue()}
