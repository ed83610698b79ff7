import re
import unicodedata
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

# Every way a line can end becomes "\n": Windows and old Mac endings, NEL, and the Unicode
# line and paragraph separators.
_LINE_ENDINGS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _kept(ch: str) -> bool:
    # Control characters (NUL included) go, except tab and newline; so do lone surrogates,
    # which no database can store. Format characters (zero-width joiners in emoji, direction
    # marks) are part of what people wrote and stay.
    category = unicodedata.category(ch)
    return ch in "\n\t" or category not in ("Cc", "Cs")


def clean_text(text: str) -> str:
    """What residents wrote, as they wrote it: line endings made one kind, control characters
    dropped, canonical Unicode composition (NFC), and the space around the whole text trimmed.

    Nothing else changes: markup such as ``<Mill Hill>`` is text and is kept (templates escape
    it on output), and spaces or blank lines inside the text stay where the writer put them.
    """
    text = _LINE_ENDINGS.sub("\n", text or "")
    text = "".join(ch for ch in text if _kept(ch))
    return unicodedata.normalize("NFC", text).strip()


def in_language(en: str, es: str) -> str:
    """The Spanish text when the page is in Spanish and there is one, else the English."""
    from django.utils.translation import get_language

    return es if es and (get_language() or "en").startswith("es") else en


def too_long_message(*, label: Any, length: int, limit: int) -> str:
    """The one message for writing past a limit, naming the box it is about."""
    return gettext(
        "What you wrote for “%(label)s” is too long: %(length)s characters, and the limit is "
        "%(limit)s. Please shorten it; your text is kept below."
    ) % {
        "label": label,
        "length": number_format(length, force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }
