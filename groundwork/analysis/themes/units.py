"""What is clustered: answers or their claims, languages guessed, claims mapped back to
answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from groundwork.analysis.claims import Claim, split_claims
from groundwork.analysis.text import base_language, guess_language
from groundwork.analysis.theme_input import is_junk, is_self_description
from groundwork.analysis.themes.results import DocId, Member, Quote, Theme


def _guessed_languages(texts: Sequence[str], languages: Sequence[str | None]) -> list[str | None]:
    """Each answer's language code: the given one, else guessed once from the whole answer
    (None when unsure), so that its claims share it."""
    return [
        base_language(lang) or guess_language(text) or None
        for text, lang in zip(texts, languages, strict=True)
    ]


def _claim_units(
    texts: Sequence[str], languages: Sequence[str | None]
) -> list[tuple[int, int, int]]:
    """(item, start, end) of every claim of every item, in order. A claim that is junk or a
    self-description (theme_input) is left out when the item has other claims ("I live on Elm
    Street. The drains flood." is about the drains); an item none of whose claims says
    anything else is one claim, the whole item."""
    units: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        pieces = split_claims(text, languages[i])
        kept = [
            p
            for p in pieces
            if not is_junk(p.text, languages[i]) and not is_self_description(p.text)
        ]
        if not kept:
            kept = (
                [Claim(pieces[0].start, pieces[-1].end, "")]
                if pieces
                else [Claim(0, len(text), "")]
            )
        units.extend((i, p.start, p.end) for p in kept)
    return units


class _AnswerMap:
    """Turns a theme of claims (member ids are claim positions) into a theme of answers."""

    def __init__(
        self,
        unit_item: Sequence[int],
        unit_span: Sequence[tuple[int, int]] | None,
        stands_for: Sequence[Sequence[DocId]],
        same_text: Sequence[Sequence[bool]],
        voice_of: Mapping[DocId, Any],
        item_texts: Sequence[str],
    ) -> None:
        self.item_texts = item_texts
        self.unit_item = unit_item
        self.unit_span = unit_span
        self.stands_for = stands_for
        self.same_text = same_text
        self.voice_of = voice_of

    def _members(self, members: Sequence[Member]) -> tuple[list[Member], dict[DocId, int]]:
        best: dict[DocId, int] = {}
        out: list[Member] = []
        for member in members:  # strongest first
            unit = int(member.id)
            item = self.unit_item[unit]
            span = None if self.unit_span is None else self.unit_span[unit]
            for answer, same in zip(self.stands_for[item], self.same_text[item], strict=True):
                if answer in best:
                    continue
                best[answer] = unit
                out.append(Member(answer, member.strength, span if same else None))
        return out, best

    def _quotes(self, quotes: Sequence[Quote]) -> list[Quote]:
        # A quote is its answer's whole text, verbatim (the first answer an item stands for is
        # written exactly as the item), even when one of its claims was picked.
        items = [self.unit_item[int(q.id)] for q in quotes]
        return [Quote(self.stands_for[i][0], self.item_texts[i]) for i in items]

    def apply(self, theme: Theme) -> None:
        members, best = self._members(theme.members)
        theme.members = members
        theme.size = len(members)
        theme.people = len({self.voice_of[m.id] for m in members})
        theme.quotes = self._quotes(theme.quotes)
        for sub in theme.subthemes:
            units = {int(m.id) for m in sub.members}
            sub_members, _ = self._members(sub.members)
            # An answer with claims in two subthemes of one theme is in the subtheme of the
            # claim that put it in the theme: every member in exactly one subtheme.
            sub.members = [m for m in sub_members if best[m.id] in units]
            sub.size = len(sub.members)
            sub.people = len({self.voice_of[m.id] for m in sub.members})
            sub.quotes = self._quotes(sub.quotes)


def _id_key(value: DocId) -> tuple[int, str]:
    return (0, f"{value:020d}") if isinstance(value, int) and value >= 0 else (1, str(value))
