"""Numbers typed into a survey keep their value in Spanish: "2,5" is two and a half, not 25."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundwork.measures.services import parse_number


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_a_spanish_decimal_comma_and_a_point_read_the_same(value):  # type: ignore[no-untyped-def]
    text = f"{value:f}"
    assert parse_number(text, language="es") == float(text)
    assert parse_number(text.replace(".", ","), language="es") == float(text)
    assert parse_number(text, language="en") == float(text)


@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_grouped_thousands_read_in_each_language(whole, cents):  # type: ignore[no-untyped-def]
    english = f"{whole:,}.{cents:02d}"
    spanish = english.replace(",", " ").replace(".", ",")
    european = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    expected = float(f"{whole}.{cents:02d}")
    assert parse_number(english, language="en") == expected
    assert parse_number(english, language="es") == expected
    assert parse_number(spanish, language="es") == expected
    assert parse_number(european, language="es") == expected
    assert parse_number(f"{whole:,}", language="en") == whole


@pytest.mark.parametrize("text", ["", "abc", "1,2,3,4", "2,5.3.1", "1e400", "--2", "nan"])
def test_anything_else_is_refused(text):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        parse_number(text, language="es")


def test_a_survey_answer_of_two_and_a_half_is_stored_as_such_in_spanish() -> None:
    from django.utils import translation

    from groundwork.measures.models import Item
    from groundwork.measures.services import answer_clean

    item = Item(pk=1, kind="number", min_value=0, max_value=10)
    with translation.override("es"):
        assert answer_clean(item, "2,5").number == 2.5
    with translation.override("en"):
        assert answer_clean(item, "2.5").number == 2.5
