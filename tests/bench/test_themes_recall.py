"""The themes benchmark's recall of must-see topics (bench/themes_recall.py) and its topic lists
(bench/themes_topics/). No theme engine and no BERTopic: the scoring is pure. The checks against
the Pol.is comments skip when ../shared/data/polis is absent."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from themes_recall import (  # noqa: E402
    Group,
    Topic,
    best_group,
    groups_from_assignment,
    load_topics,
    needed,
    overall,
    planted_members,
    recall,
    spread,
    topic_members,
)

TOPICS = BENCH / "themes_topics"
POLIS = BENCH.parent.parent / "shared" / "data" / "polis"
LISTS = sorted(TOPICS.glob("*.json"))


def group(label: str, members: range | list[int], level: str = "theme") -> Group:
    return Group(label, frozenset(members), level)


@pytest.mark.parametrize(
    ("size", "need"),
    [(1, 1), (2, 2), (3, 3), (10, 3), (15, 3), (16, 4), (20, 4), (100, 20), (101, 21)],
)
def test_needed_is_a_fifth_of_the_topic_and_never_fewer_than_three(size, need):
    assert needed(size) == need


def test_a_group_half_about_the_topic_counts_and_less_than_half_does_not():
    topic = frozenset(range(10))  # needs 3
    half = group("half", [0, 1, 2, 100, 101, 102])
    less = group("less", [0, 1, 2, 100, 101, 102, 103])
    assert best_group(topic, [half]) == (half, 3)
    assert best_group(topic, [less]) is None


def test_a_pure_group_must_hold_a_fifth_of_a_large_topic():
    topic = frozenset(range(100))  # needs 20
    assert best_group(topic, [group("19", range(19))]) is None
    twenty = group("20", range(20))
    assert best_group(topic, [twenty]) == (twenty, 20)


def test_a_small_topic_must_be_held_whole():
    topic = frozenset({5, 6})
    assert best_group(topic, [group("one", [5])]) is None
    both = group("both", [5, 6, 7, 8])
    assert best_group(topic, [both]) == (both, 2)


def test_a_subtheme_can_find_a_topic_its_theme_does_not():
    topic = frozenset(range(10))
    theme = group("big", range(0, 40))  # 10 of 40: not mainly about it
    sub = group("sub", range(0, 6), level="subtheme")
    result = recall({"t": topic}, [theme, sub])
    assert result["found_topics"]["t"]["by"] == "sub"
    assert result["found_topics"]["t"]["level"] == "subtheme"
    assert result["recall"] == 1.0


def test_the_group_holding_most_of_the_topic_is_reported():
    topic = frozenset(range(20))
    small = group("small", range(0, 5))
    large = group("large", range(5, 17))
    assert best_group(topic, [small, large]) == (large, 12)


def test_one_group_can_be_mainly_about_two_overlapping_topics():
    a = frozenset(range(0, 10))
    b = frozenset(range(0, 8))
    result = recall({"a": a, "b": b}, [group("both", range(0, 8))])
    assert result["found"] == 2


def test_other_is_never_a_group():
    groups = groups_from_assignment([-1, -1, -1, 0, 1, 0], ["first", "second"])
    assert [(g.label, sorted(g.members)) for g in groups] == [
        ("first", [3, 5]),
        ("second", [4]),
    ]
    # Three texts about the topic, all in other: not found.
    assert recall({"t": frozenset({0, 1, 2})}, groups)["recall"] == 0.0


def test_empty_topics_leave_the_denominator():
    result = recall({"there": frozenset({0, 1, 2}), "absent": frozenset()}, [group("g", [0, 1, 2])])
    assert (result["found"], result["topics"], result["recall"]) == (1, 1, 1.0)
    assert result["empty_topics"] == ["absent"]
    assert result["missed_topics"] == []


def test_missed_topics_are_listed():
    result = recall({"t": frozenset(range(10))}, [group("g", range(50, 60))])
    assert result["missed_topics"] == ["t"]
    assert result["recall"] == 0.0


def test_overall_sums_topics_over_corpora():
    assert overall([{"found": 3, "topics": 4}, {"found": 1, "topics": 6}]) == {
        "found": 4,
        "topics": 10,
        "recall": 0.4,
    }
    assert overall([])["recall"] is None


def test_spread_sums_each_round_over_corpora_and_takes_their_mean():
    corpora = [
        {"found": 3, "topics": 4, "found_per_round": [3, 2, 4]},
        {"found": 1, "topics": 6, "found_per_round": [1, 1, 0]},
    ]
    assert spread(corpora) == {
        "found_per_round": [4, 3, 4],
        "recall_per_round": [0.4, 0.3, 0.4],
        "recall_mean": 0.3667,
    }
    # Rounds that do not line up (a failed run) give no spread rather than a wrong one.
    assert spread([*corpora, {"found": 1, "topics": 2, "found_per_round": [1]}]) == {}
    assert spread([]) == {}


def test_topic_members_are_case_insensitive_over_collapsed_whitespace():
    texts = ["More  BUS\nroutes", "the bus stop", "a business plan", "Trains"]
    members = topic_members(texts, [Topic("transit", "", r"\bbus\b routes|\bbus\b|train")])
    assert members == {"transit": frozenset({0, 1, 3})}


def test_planted_topics_are_the_synthetic_must_see_list():
    assert planted_members(["a", "b", "a"]) == {"a": frozenset({0, 2}), "b": frozenset({1})}


# --------------------------------------------------------------------------- the lists


def test_every_list_is_well_formed():
    assert LISTS, "bench/themes_topics/ holds no topic list"
    for path in LISTS:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = [t["name"] for t in data["topics"]]
        assert len(names) == len(set(names)), path.name
        assert 5 <= len(names) <= 20, path.name
        for topic in data["topics"]:
            assert topic["description"].strip(), (path.name, topic["name"])
            re.compile(topic["pattern"])
            assert topic["matched"] >= 3, (path.name, topic["name"])
        assert load_topics(path)[0].name == names[0]


@pytest.mark.parametrize("path", LISTS, ids=[p.stem for p in LISTS])
def test_matched_counts_are_those_of_the_bench_corpus(path):
    folder = POLIS / path.stem
    if not (folder / "comments.csv").exists():
        pytest.skip(f"{folder} is absent")
    from themes_corpus import polis_comments

    texts = polis_comments(folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["comments"] == len(texts)
    members = topic_members(texts, load_topics(path))
    assert {name: len(m) for name, m in members.items()} == {
        t["name"]: t["matched"] for t in data["topics"]
    }
