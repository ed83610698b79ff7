from hypothesis import given
from hypothesis import strategies as st

from groundwork.core.text import clean_text


@given(st.text())
def test_clean_text_never_leaves_markup_or_control_characters(text):
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert all(ch in "\n\t" or ord(ch) >= 32 for ch in cleaned)
    assert clean_text(cleaned) == cleaned


def test_clean_text_examples():
    assert (
        clean_text("<p>Hola <b>vecinos</b></p>\r\n\r\n\r\n  Gracias ") == "Hola vecinos\n\nGracias"
    )
