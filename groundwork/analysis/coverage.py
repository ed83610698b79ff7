"""Coverage of a plan: which themes of the answers to one question (the problems, the barriers)
the plan's activities address, and which no activity addresses yet (the gaps), each weighted by
how many people raised it.

**People.** A theme's weight is the number of distinct participants with an answer in it (an
answer about several things is in each of its themes), plus
one for every answer with no participant (answers typed in from a gathering or a paper form
stand for one person each: nobody can tell whether two cards came from the same hand). Someone
who wrote three answers that fell in the same theme counts once; the number of answers is kept
beside it.

**Addressed.** An activity addresses a theme when it is linked to the theme itself, or to any
answer in the theme (a facilitator who linked "no bus to the clinic" has addressed the theme
"transport to the clinic" that answer belongs to). The kind of link does not matter: a barrier
linked as a barrier and a problem linked as evidence both count.

**Not yet themed.** Answers that are in no theme (new since the last theme run, or a question
with no themes yet) are not dropped: they are grouped by their words, compared without case,
accents or punctuation ("No bus!" and "no bus" are one group), weighted by people in the same
way, and addressed when an activity is linked to any answer of the group.

**Groups.** Each answer may carry a group (for barriers, internal or external); a theme reports
the people of each group and its main group (the one most of its people gave; none on a tie),
so barrier gaps can be shown by kind.

Pure Python, no Django: the plans app hands in plain rows and gets the result back.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from .text import strip_accents, words

__all__ = ["AnswerRow", "Coverage", "Topic", "answer_key", "coverage"]


@dataclass(frozen=True)
class AnswerRow:
    """One answer: its id, the theme it is in (None if in none), who gave it (None for an
    answer captured on paper or at a gathering), its words, language and group. An answer
    about several things is in several themes (one claim each): ``themes`` lists them all
    (``theme`` is then the first)."""

    id: int
    theme: int | None
    person: int | None
    text: str
    language: str = ""
    group: str = ""
    themes: tuple[int, ...] = ()

    @property
    def all_themes(self) -> tuple[int, ...]:
        if self.themes:
            return self.themes
        return () if self.theme is None else (self.theme,)


@dataclass
class Topic:
    """A theme, or a group of same-words answers in no theme, with who raised it and the
    activities that address it."""

    theme: int | None  # None for answers in no theme
    label: str
    language: str
    people: int
    answers: int
    activities: tuple[int, ...]  # ids of the activities that address it, ascending
    groups: dict[str, int] = field(default_factory=dict)  # people per group
    group: str = ""  # the group most of its people gave ("" on a tie or none)

    @property
    def addressed(self) -> bool:
        return bool(self.activities)


@dataclass
class Coverage:
    themes: list[Topic]  # every theme, most people first
    unthemed: list[Topic]  # groups of answers in no theme, most people first (up to a limit)
    unthemed_groups: int  # how many such groups there are in all
    unthemed_answers: int
    unthemed_people: int
    people: int  # distinct people with any answer
    gap_people: int  # distinct people with an answer in a theme no activity addresses

    @property
    def gaps(self) -> list[Topic]:
        return [t for t in self.themes if not t.addressed]


def answer_key(text: str) -> str:
    """Words compared without case, accents or punctuation: "¡No hay autobús!" and "no hay
    autobus" are the same answer."""
    found = [strip_accents(w.casefold()) for w in words(text)]
    return " ".join(found) if found else " ".join(text.casefold().split())


class _People:
    """Distinct participants plus one per captured answer."""

    def __init__(self) -> None:
        self.participants: set[int] = set()
        self.captured: set[int] = set()  # answer ids with no participant

    def add(self, answer: AnswerRow) -> None:
        if answer.person is None:
            self.captured.add(answer.id)
        else:
            self.participants.add(answer.person)

    def __len__(self) -> int:
        return len(self.participants) + len(self.captured)

    def update(self, other: _People) -> None:
        self.participants |= other.participants
        self.captured |= other.captured


def _topic(
    theme: int | None,
    label: str,
    language: str,
    members: list[AnswerRow],
    activities: set[int],
) -> tuple[Topic, _People]:
    people = _People()
    by_group: dict[str, _People] = {}
    for answer in members:
        people.add(answer)
        if answer.group:
            by_group.setdefault(answer.group, _People()).add(answer)
    groups = {g: len(p) for g, p in sorted(by_group.items())}
    ranked = sorted(groups.items(), key=lambda item: -item[1])
    main = ""
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        main = ranked[0][0]
    topic = Topic(
        theme=theme,
        label=label,
        language=language,
        people=len(people),
        answers=len(members),
        activities=tuple(sorted(activities)),
        groups=groups,
        group=main,
    )
    return topic, people


def _ranked(topics: list[Topic]) -> list[Topic]:
    return sorted(topics, key=lambda t: (-t.people, -t.answers, t.label.casefold(), t.theme or 0))


def coverage(
    answers: Iterable[AnswerRow],
    themes: Mapping[int, str],
    *,
    theme_links: Mapping[int, Collection[int]],
    answer_links: Mapping[int, Collection[int]],
    unthemed_limit: int = 10,
) -> Coverage:
    """The coverage of one question's answers.

    ``themes`` maps each theme id to its label (every theme is listed, with no answer too);
    ``theme_links`` maps a theme id to the activities linked to it and ``answer_links`` an
    answer id to the activities linked to it. An answer whose theme is not in ``themes``
    counts as in no theme. ``unthemed_limit`` caps the groups of unthemed answers returned
    (their totals count all of them)."""
    members: dict[int, list[AnswerRow]] = {theme: [] for theme in themes}
    unthemed: dict[str, list[AnswerRow]] = {}
    everyone = _People()
    for answer in answers:
        everyone.add(answer)
        # An answer in several themes counts in each of them (its person once in each).
        found = [theme for theme in answer.all_themes if theme in members]
        for theme in found:
            members[theme].append(answer)
        if not found:
            unthemed.setdefault(answer_key(answer.text), []).append(answer)

    theme_topics: list[Topic] = []
    gap_people = _People()
    for theme, label in themes.items():
        rows = members[theme]
        activities = set(theme_links.get(theme, ()))
        for answer in rows:
            activities.update(answer_links.get(answer.id, ()))
        topic, people = _topic(theme, label, "", rows, activities)
        theme_topics.append(topic)
        if not topic.addressed:
            gap_people.update(people)

    loose: list[Topic] = []
    loose_people = _People()
    for rows in unthemed.values():
        rows.sort(key=lambda a: a.id)
        activities = set()
        for answer in rows:
            activities.update(answer_links.get(answer.id, ()))
        topic, people = _topic(None, rows[0].text, rows[0].language, rows, activities)
        loose.append(topic)
        loose_people.update(people)

    return Coverage(
        themes=_ranked(theme_topics),
        unthemed=_ranked(loose)[:unthemed_limit],
        unthemed_groups=len(loose),
        unthemed_answers=sum(len(rows) for rows in unthemed.values()),
        unthemed_people=len(loose_people),
        people=len(everyone),
        gap_people=len(gap_people),
    )
