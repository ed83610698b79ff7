"""Candidate statements drafted from residents' answers, for seeding a conversation.

Residents' words are kept as written: a candidate is always one sentence of an answer, or the
start of one cut at a clause boundary (a comma, semicolon, colon or dash) when the sentence
is longer than a statement may be. Nothing is reworded or invented; the only changes are the
white space (runs of spaces and line breaks become one space) and a list marker at the start
of a line ("- ", "• ", "1. "), which is dropped.

Sentences are left out when they are too short to vote on, when they are questions, when they
repeat a statement the conversation already has (compared without case, spacing or closing
punctuation), and when they look like they hold personal data (:mod:`groundwork.analysis.pii`).
When several answers hold the same sentence it becomes one candidate that names them all.

No Django imports: answers come in as (id, text) pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from groundwork.analysis.pii import looks_personal

__all__ = [
    "DraftStatement",
    "draft_statements",
    "normalize_space",
    "sentences",
    "statement_key",
]

DEFAULT_LIMIT = 400
MIN_WORDS = 3
MIN_CHARS = 12

# A list marker at the start of a line: "-", "*", "•", "·", "–", or "1." / "1)" / "a)".
_MARKER = re.compile(r"^\s*(?:[-*•·–—]+|\(?(?:\d{1,3}|[a-zA-Z])[.)])\s+")
# The end of a sentence: . ! ? … (possibly repeated), then closing quotes or brackets, then
# white space.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
# Words after which a full stop does not end a sentence (English and Spanish).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sr",
        "sra",
        "srta",
        "sres",
        "dra",
        "ud",
        "uds",
        "vd",
        "vds",
        "lic",
        "prof",
        "ing",
        "av",
        "ave",
        "avda",
        "etc",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "vs",
        "nº",
        "núm",
        "num",
        "approx",
        "aprox",
        "p.ej",
        "ej",
        "jr",
        "inc",
        "dept",
        "depto",
        "gov",
        "gob",
    ]
)
# A clause boundary inside a sentence: the text before it can stand alone.
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[-–—]\s)")


@dataclass(frozen=True)
class DraftStatement:
    """A candidate statement: its text and the answers (ids, in the order given) holding it."""

    text: str
    sources: tuple[int, ...]


def normalize_space(text: str) -> str:
    """Runs of white space (line breaks included) become one space; none at either end."""
    return " ".join(text.split())


def statement_key(text: str) -> str:
    """What two statements share when they say the same: NFC, case folded, white space
    collapsed, without closing punctuation or quotes."""
    folded = normalize_space(unicodedata.normalize("NFC", text)).casefold()
    return folded.strip(" .!?…,;:\"'“”‘’«»()[]¡¿-–—")


def _is_abbreviation(sentence_so_far: str) -> bool:
    words = sentence_so_far.split()
    if not words:
        return False
    last = words[-1].rstrip(".").casefold().lstrip("(\"'“‘«")
    # A single letter ("J. Smith", "a. m.") is an initial, not the end of a sentence.
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _without_marker(piece: str) -> str:
    while True:
        stripped = _MARKER.sub("", piece, count=1)
        if stripped == piece:
            return piece
        piece = stripped


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: each line on its own, split after . ! ? … when white space
    follows and the word before is not an abbreviation or an initial; white space normalized
    and a list marker at the start dropped."""
    out: list[str] = []
    for raw_line in text.splitlines():
        line = normalize_space(raw_line)
        start = 0
        pieces = []
        for match in _END.finditer(line):
            candidate = line[start : match.end()]
            if match.group().rstrip("\"'”’»)]") == "." and _is_abbreviation(candidate):
                continue
            pieces.append(candidate)
            start = match.end()
        pieces.append(line[start:])
        out.extend(_without_marker(piece.strip()).strip() for piece in pieces)
    return [s for s in out if s]


def _is_question(sentence: str) -> bool:
    return sentence.startswith("¿") or sentence.rstrip("\"'”’»)] ").endswith("?")


def _long_enough(text: str, min_words: int, min_chars: int) -> bool:
    return len(text.split()) >= min_words and len(text) >= min_chars


def _trim(sentence: str, limit: int, min_words: int, min_chars: int) -> str | None:
    """The sentence itself if it fits; otherwise its longest start that ends just before a
    clause boundary and fits; None if there is none long enough to vote on."""
    if len(sentence) <= limit:
        return sentence
    best = None
    for match in _CLAUSE.finditer(sentence):
        if match.start() > limit:
            break
        head = sentence[: match.start()].rstrip()
        if head and _long_enough(head, min_words, min_chars):
            best = head
    return best


def draft_statements(
    answers: Iterable[tuple[int, str]],
    *,
    existing: Iterable[str] = (),
    limit: int = DEFAULT_LIMIT,
    min_words: int = MIN_WORDS,
    min_chars: int = MIN_CHARS,
    personal: Callable[[str], bool] = looks_personal,
    max_candidates: int | None = None,
) -> list[DraftStatement]:
    """Candidate statements from ``answers`` ((id, text) pairs, most representative first).

    Candidates said in more answers come first; then in the order their first answer came.
    ``existing`` holds the texts of the conversation's statements, which are not proposed
    again. Every candidate's text is a part of its answers' text (white space normalized),
    at most ``limit`` characters long and at least ``min_words`` words and ``min_chars``
    characters; drafting from a candidate's own text gives that candidate back.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    taken = {statement_key(text) for text in existing}
    found: dict[str, tuple[str, list[int]]] = {}
    for answer_id, text in answers:
        for sentence in sentences(text):
            if _is_question(sentence) or not _long_enough(sentence, min_words, min_chars):
                continue
            trimmed = _trim(sentence, limit, min_words, min_chars)
            if trimmed is None or _is_question(trimmed) or personal(trimmed):
                continue
            key = statement_key(trimmed)
            if not key or key in taken:
                continue
            if key in found:
                sources = found[key][1]
                if answer_id not in sources:
                    sources.append(answer_id)
            else:
                found[key] = (trimmed, [answer_id])
    ranked: Sequence[tuple[str, list[int]]] = sorted(
        found.values(), key=lambda item: -len(item[1])
    )  # stable: ties keep the order of first appearance
    drafts = [DraftStatement(text=text, sources=tuple(ids)) for text, ids in ranked]
    return drafts if max_candidates is None else drafts[:max_candidates]
