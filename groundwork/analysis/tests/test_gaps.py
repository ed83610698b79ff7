"""Needs no service offers: names compared without case, accents, punctuation or underscores."""

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis.gaps import Need, unmet

FOOD = Need("focus_area", "food_security", "Food security", ("Seguridad alimentaria",))
HOUSING = Need("focus_area", "housing", "Housing")
LEGAL = Need("term", "3f1", "Legal aid", ("LEGAL-01",))


def test_a_need_is_met_by_any_of_its_names() -> None:
    assert unmet([FOOD, HOUSING, LEGAL], ["Food_Security"]) == [HOUSING, LEGAL]
    assert unmet([FOOD], ["seguridad alimentaria!"]) == []
    assert unmet([LEGAL], ["legal 01"]) == []  # a term's code
    assert unmet([FOOD, HOUSING], ["Vivienda", ""]) == [FOOD, HOUSING]


def test_each_need_is_listed_once_in_the_order_given() -> None:
    assert unmet([HOUSING, FOOD, HOUSING], []) == [HOUSING, FOOD]


@given(st.text(min_size=1, max_size=30))
def test_a_name_always_meets_itself_and_its_case_swapped_ascii_form(name: str) -> None:
    need = Need("term", "unused key", name)
    if name.strip():
        assert unmet([need], [name]) == []
    if name.isascii() and name.strip():
        assert unmet([need], [name.swapcase()]) == []


def test_a_repeated_need_is_skipped_and_the_needs_after_it_still_read() -> None:
    assert unmet([HOUSING, HOUSING, FOOD, LEGAL], ["legal aid"]) == [HOUSING, FOOD]


def test_needs_are_values_that_cannot_change() -> None:
    again = Need("focus_area", "housing", "Housing")
    assert {HOUSING, again} == {HOUSING} and hash(again) == hash(HOUSING)
    with pytest.raises(FrozenInstanceError):
        HOUSING.label = "Shelter"  # type: ignore[misc]
