"""A statement in the reader's language: ``{% statement_text statement %}``."""

from typing import Any

from django import template
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from groundwork.deliberation.models import Statement

register = template.Library()

# Said of an original: "Original, written in English".
WRITTEN_IN = {
    "en": _("Original, written in English"),
    "es": _("Original, written in Spanish"),
}
# Said of a translation shown in place of the original.
TRANSLATED_FROM = {
    "en": _("Translated from English"),
    "es": _("Translated from Spanish"),
}
# A language's name inside a sentence ("written in English", "escrita en inglés").
LANGUAGE_NAMES = {
    "en": pgettext_lazy("language name in a sentence", "English"),
    "es": pgettext_lazy("language name in a sentence", "Spanish"),
}


@register.inclusion_tag("deliberation/_statement_text.html")
def statement_text(statement: Statement, block: bool = False) -> dict[str, Any]:
    """The translation into the active language when there is one, with the original behind a
    "Show the original" disclosure (a <details>, so it opens without JavaScript); otherwise the
    original, marked "not yet translated" when it is in the other language. ``block`` wraps
    the text in a <blockquote> (the voting card) instead of a <span>."""
    active = get_language()
    shown = statement.in_language(active)
    return {
        "LANGUAGE_CODE": active,
        "shown": shown,
        "block": block,
        "written_in": WRITTEN_IN.get(shown.original_language, ""),
        "translated_from": TRANSLATED_FROM.get(shown.original_language, ""),
    }


@register.filter
def language_name(code: str) -> str:
    """ "es" → "Spanish" (in the reader's language); unknown or blank → "not recorded"."""
    name = LANGUAGE_NAMES.get((code or "").split("-")[0].lower())
    return str(name) if name else str(_("not recorded"))
