"""Recall of must-see topics for the themes benchmark (bench/themes.py). Pure functions.

Each Pol.is corpus has a list of topics that someone building a plan must see, written from the
comments before any engine was run (bench/themes_topics/<corpus>.json, see its README.md). A
topic's members are the comments its ``pattern`` matches. The synthetic corpora use their
planted topics instead.

A method's output is a list of groups, each a set of text indices: for Groundwork every theme
and every subtheme, for BERTopic every topic (it has no subthemes); "other" is never a group.

The rule, fixed before any result was seen: a topic is **found** when at least one group is
mainly about it, that is

- at least half of the group's members belong to the topic (``purity >= 0.5``), and
- the group holds at least ``needed(topic size)`` of the topic's comments: 20% of them, and never
  fewer than 3 (or all of them when the topic has fewer than 3).

``recall`` = topics found / topics with at least one member in the corpus.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A group is mainly about a topic when at least this share of its members belong to it.
PURITY = 0.5
#: ... and it holds at least this share of the topic's members ...
MIN_SHARE = 0.2
#: ... and never fewer than this many (all of them for a smaller topic).
MIN_COUNT = 3


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    pattern: str


def normalize(text: str) -> str:
    """The text a pattern is searched in: runs of whitespace collapsed to one space."""
    return " ".join(text.split())


def load_topics(path: Path) -> list[Topic]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Topic(t["name"], t["description"], t["pattern"]) for t in data["topics"]]


def topic_members(texts: Sequence[str], topics: Sequence[Topic]) -> dict[str, frozenset[int]]:
    """Each topic's members: the indices of the texts its pattern matches (case-insensitive)."""
    normal = [normalize(t) for t in texts]
    out: dict[str, frozenset[int]] = {}
    for topic in topics:
        rx = re.compile(topic.pattern, re.IGNORECASE)
        out[topic.name] = frozenset(i for i, text in enumerate(normal) if rx.search(text))
    return out


def planted_members(planted: Sequence[str]) -> dict[str, frozenset[int]]:
    """The synthetic corpus's planted topics as must-see topics."""
    out: dict[str, set[int]] = {}
    for i, topic in enumerate(planted):
        out.setdefault(topic, set()).add(i)
    return {name: frozenset(members) for name, members in sorted(out.items())}


def needed(topic_size: int) -> int:
    """How many of a topic's members a group must hold to count for it."""
    return max(min(MIN_COUNT, topic_size), math.ceil(MIN_SHARE * topic_size))


@dataclass(frozen=True)
class Group:
    """One theme, subtheme or peer topic: its label and its members' text indices."""

    label: str
    members: frozenset[int]
    level: str = "theme"


def groups_from_assignment(assignment: Sequence[int], labels: Sequence[str]) -> list[Group]:
    """Groups from one theme number per text (negative = other)."""
    members: dict[int, set[int]] = {}
    for i, number in enumerate(assignment):
        if number >= 0:
            members.setdefault(number, set()).add(i)
    return [
        Group(labels[n] if n < len(labels) else str(n), frozenset(m))
        for n, m in sorted(members.items())
    ]


def best_group(topic: frozenset[int], groups: Iterable[Group]) -> tuple[Group, int] | None:
    """The group mainly about ``topic`` holding most of it, with how many it holds; else None."""
    best: tuple[Group, int] | None = None
    need = needed(len(topic))
    for group in groups:
        if not group.members:
            continue
        shared = len(group.members & topic)
        mainly = shared >= need and shared / len(group.members) >= PURITY
        if mainly and (best is None or shared > best[1]):
            best = (group, shared)
    return best


def recall(topics: Mapping[str, frozenset[int]], groups: Sequence[Group]) -> dict[str, Any]:
    """Which must-see topics a method found, and its recall.

    Topics with no member in the corpus cannot be found and are left out of the denominator
    (listed under ``empty``).
    """
    found: dict[str, dict[str, Any]] = {}
    missed: list[str] = []
    empty: list[str] = []
    for name, members in topics.items():
        if not members:
            empty.append(name)
            continue
        hit = best_group(members, groups)
        if hit is None:
            missed.append(name)
        else:
            group, shared = hit
            found[name] = {
                "by": group.label,
                "level": group.level,
                "holds": shared,
                "of": len(members),
                "group_size": len(group.members),
            }
    scored = len(found) + len(missed)
    return {
        "recall": round(len(found) / scored, 4) if scored else None,
        "found": len(found),
        "topics": scored,
        "found_topics": found,
        "missed_topics": missed,
        "empty_topics": empty,
    }


def overall(per_corpus: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Topics found over topics scored, summed over corpora."""
    found = topics = 0
    for entry in per_corpus:
        found += entry["found"]
        topics += entry["topics"]
    return {
        "found": found,
        "topics": topics,
        "recall": round(found / topics, 4) if topics else None,
    }


def spread(per_corpus: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The recall of each round (seed) summed over the corpora, and their mean: how much of
    the median is the luck of one seed."""
    runs = [v["found_per_round"] for v in per_corpus]
    topics = sum(v["topics"] for v in per_corpus)
    if not topics or not runs[0] or any(len(r) != len(runs[0]) for r in runs):
        return {}
    per_round = [sum(column) for column in zip(*runs, strict=True)]
    return {
        "found_per_round": per_round,
        "recall_per_round": [round(f / topics, 4) for f in per_round],
        "recall_mean": round(sum(per_round) / len(per_round) / topics, 4),
    }
