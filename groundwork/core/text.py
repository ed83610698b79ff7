import re
import unicodedata

from django.utils.html import strip_tags

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """What residents typed, without markup, control characters or runs of blank space."""
    text = unicodedata.normalize("NFC", strip_tags(text or ""))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = _SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def in_language(en: str, es: str) -> str:
    """The Spanish text when the page is in Spanish and there is one, else the English."""
    from django.utils.translation import get_language

    return es if es and (get_language() or "en").startswith("es") else en
