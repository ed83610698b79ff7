import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from groundwork.core.text import clean_text

# What a person can type: any character (controls, surrogates and separators included), with
# the markup-like ones and line endings drawn often.
typed = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["<", ">", "&", "\r\n", "\r", "\n", "\t", " ", "\x00", "\u2028"]),
    ),
    max_size=80,
).map("".join)


def _kept_letters(text: str) -> list[str]:
    """Letters and the characters markup is made of, compared after canonical decomposition
    (so that "é" typed as two characters and as one count the same)."""
    return [ch for ch in unicodedata.normalize("NFD", text) if ch.isalpha() or ch in "<>&"]


@settings(suppress_health_check=[HealthCheck.too_slow])  # the test machines are shared
@given(typed)
@example("I <3 our library & 5 < 10 … <Mill Hill>")
@example("e\x00\u0301 <b>")
def test_clean_text_is_idempotent_and_never_drops_letters_or_markup(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip()
    assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in cleaned)
    assert "\r" not in cleaned
    assert _kept_letters(cleaned) == _kept_letters(text)


def test_clean_text_keeps_what_people_wrote():
    written = "I <3 our library & 5 < 10 … <Mill Hill>"
    assert clean_text(written) == written
    assert clean_text("<p>Hola <b>vecinos</b></p>") == "<p>Hola <b>vecinos</b></p>"
    # Only line endings, control characters and the surrounding space change.
    assert clean_text("  Uno\r\n\r\n\r\n  dos\x00  tres\u2028 ") == "Uno\n\n\n  dos  tres"
    assert clean_text("cafe\u0301") == "café"
    # Emoji joined with a zero-width joiner stay one emoji.
    assert clean_text("👩\u200d👧") == "👩\u200d👧"
