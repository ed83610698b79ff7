"""Claims: the sentences and clauses of an answer, each one thing said. No Django imports.

An answer about two things ("The bus never comes on time. And the clinic closes at four.")
supports two themes; the theme engine clusters claims, not whole answers. :func:`split_claims`
cuts an answer into claims by these rules, in this order:

1. *Sentences*: a sentence ends at ``.``, ``!``, ``?``, ``;``, ``…`` (and their full-width
   forms) followed by white space or the end, and at every line break. A full stop does not end a
   sentence after a known abbreviation ("Mr.", "Dr.", "e.g.", "etc.", "Sra.", "Ud.", "EE.UU.",
   "z.B.", "usw.", "bzw.", "Nr."; English, Spanish and German lists below), after a single letter
   ("J. Smith"), between digits ("3.5") or before a lower-case letter ("approx. ten"). Spanish
   opening marks "¿" and "¡" belong to the sentence they open. A list item ("- …", "* …", "• …",
   "1) …", "2. …") on its own line is a sentence.
2. *Clauses*: within a sentence, a coordinating word after a comma starts a new claim when both
   sides say something on their own: ", and" / ", but" / ", also" / ", plus" / ", or";
   ", y" / ", e" / ", pero" / ", además" / ", o"; ", und" / ", aber" / ", sondern" /
   ", außerdem" / ", oder". "Saying something" is having at least three content words
   (words that are not stop words of the language).
3. *Too short to stand alone*: a piece with fewer than three content words ("Yes.", "Thanks!",
   "Agreed;") is not a claim of its own: it joins the claim before it, or the one after it
   when it comes first. An answer always has at least one claim when it has any text.

Every claim is a span of the answer (``text[start:end] == claim.text``): claims are in reading
order, never overlap, start and end on a non-space character, and between two claims (and
before the first, after the last) there is only white space. Nothing is lost or invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from groundwork.analysis.text import base_language, guess_language, stop_words, strip_accents

__all__ = ["Claim", "split_claims"]


@dataclass(frozen=True)
class Claim:
    """A span of an answer: ``text == answer[start:end]``."""

    start: int
    end: int
    text: str


_ABBREVIATION_LIST = """
    mr mrs ms dr prof st sr jr vs etc eg ie e.g i.e approx dept est inc ltd co corp no nos
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun ave blvd rd
    u.s u.k p.m a.m
    sra srta dra dña ud uds lic ing av avda pág pag núm num tel aprox ej ee.uu p.ej
    z.b bzw usw ca evtl ggf inkl nr str tel vgl zb dh d.h u.a s.o z.t
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_END = re.compile(r"[.!?;…。！？；]+[\"'”’»)\]]*(?=\s|$)|\n")
_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*•·–—]|\d{1,2}[.)])[ \t]+")
_CLAUSE = {
    "en": ("and", "but", "also", "plus", "or"),
    "es": ("y", "e", "pero", "además", "ademas", "o"),
    "de": ("und", "aber", "sondern", "außerdem", "ausserdem", "oder"),
}
_CLAUSE_AT = {
    lang: re.compile(r",\s+(?=(?:" + "|".join(words) + r")\b)", re.IGNORECASE)
    for lang, words in _CLAUSE.items()
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MIN_CLAUSE_WORDS = 3
_MIN_CLAIM_WORDS = 3


def _content_words(text: str, lang: str) -> int:
    stops = stop_words(lang)
    return sum(1 for w in _WORD.findall(text) if strip_accents(w.casefold()) not in stops)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or a number rather than a
    sentence."""
    after = text[dot + 1 :].lstrip()
    if after[:1].islower() or after[:1].isdigit():
        return True
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].casefold()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True
    return word in _ABBREVIATIONS or strip_accents(word) in _ABBREVIATIONS


def _sentence_ends(text: str) -> list[int]:
    """Positions just after each sentence's last character (before the white space that
    follows)."""
    ends: list[int] = []
    for match in _END.finditer(text):
        if match.group() == "\n":
            ends.append(match.start())
            continue
        if match.group() == "." and _is_abbreviation(text, match.start()):
            continue
        ends.append(match.end())
    for match in _LIST_ITEM.finditer(text):
        ends.append(match.start())
    return sorted(set(ends))


def _spans(
    text: str, cuts: list[int], begin: int = 0, stop: int | None = None
) -> list[tuple[int, int]]:
    """The non-blank pieces of ``text[begin:stop]`` between cut points, trimmed of white
    space."""
    spans: list[tuple[int, int]] = []
    previous = begin
    for cut in [*cuts, len(text) if stop is None else stop]:
        if cut <= previous:
            continue
        start, end = previous, cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        previous = cut
    return spans


def _clauses(text: str, span: tuple[int, int], lang: str) -> list[tuple[int, int]]:
    pattern = _CLAUSE_AT.get(lang)
    start, end = span
    if pattern is None:
        return [span]
    cuts = [start]
    for match in pattern.finditer(text, start, end):
        before = text[cuts[-1] : match.start()]
        after = text[match.end() : end]
        if (
            _content_words(before, lang) >= _MIN_CLAUSE_WORDS
            and _content_words(after, lang) >= _MIN_CLAUSE_WORDS
        ):
            cuts.append(match.start() + 1)  # the comma stays with the clause before it
    return _spans(text, cuts[1:], start, end)


def split_claims(text: str, language: str | None = None) -> list[Claim]:
    """The claims of an answer (see the module docstring). ``language``: the answer's language
    code ("en", "es", "de"; others split by sentences only); guessed when not given."""
    lang = base_language(language) or guess_language(text, "en")
    pieces: list[tuple[int, int]] = []
    for sentence in _spans(text, _sentence_ends(text)):
        pieces.extend(_clauses(text, sentence, lang))
    # Pieces too short to stand alone join a neighbour: the one before, or else the next.
    merged: list[list[int]] = []
    pending: int | None = None  # start of short pieces before any claim
    for start, end in pieces:
        short = _content_words(text[start:end], lang) < _MIN_CLAIM_WORDS
        if short and merged:
            merged[-1][1] = end
        elif short:
            pending = start if pending is None else pending
        else:
            merged.append([start if pending is None else pending, end])
            pending = None
    if pending is not None:
        last = pieces[-1][1]
        merged.append([pending, last])
    return [Claim(start, end, text[start:end]) for start, end in merged]
