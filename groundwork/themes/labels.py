"""A theme's name in the viewer's language.

The theme engine names a theme whose answers are written in English and Spanish in both
languages, each name a phrase from the answers of that language
(:func:`groundwork.analysis.theme_labels.theme_labels`). The run that found the themes keeps
those names (``ThemeRun.parameters["labels"]``, by theme key); the stored ``Theme.label`` is
the name in the language most of the theme's answers are written in. Pages show each viewer
the name in their language when there is one. A name a person gave is shown as it is.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.utils.translation import get_language

from groundwork.analysis.text import base_language

from .models import Theme, ThemeRun


def names_by_language(found: Iterable[Any]) -> dict[str, dict[str, str]]:
    """The names of the engine's themes (``analysis.themes.Theme``) that have one per language,
    by theme id: what a run keeps."""
    return {theme.id: dict(theme.labels) for theme in found if len(theme.labels) > 1}


def with_names(queryset: Any) -> Any:
    """Themes with their run's names by language (``run_names``), read in the same query."""
    return queryset.annotate(run_names=F("run__parameters__labels"))


def show_in_language(themes: Iterable[Theme], language: str | None = None) -> None:
    """Set each theme's ``label`` to its name in ``language`` (the active one by default) when
    its run named it in that language and no person renamed it. For display only: these
    instances are never saved. Themes read through :func:`with_names` cost no query; others
    one in all."""
    themes = [t for t in themes if not t.label_is_custom and t.run_id is not None]
    if not themes:
        return
    lang = base_language(language or get_language())
    missing = {t.run_id for t in themes if not hasattr(t, "run_names")}
    names: dict[Any, Any] = {}
    if missing:
        names = dict(
            ThemeRun.objects.filter(pk__in=missing).values_list("pk", "parameters__labels")
        )
    for theme in themes:
        by_key = getattr(theme, "run_names", None) if hasattr(theme, "run_names") else None
        theme.label = name_in_language(
            theme, lang, names=by_key if by_key is not None else names.get(theme.run_id)
        )


def name_in_language(theme: Theme, language: str | None = None, *, names: Any = None) -> str:
    """The name to show a theme by in ``language`` (the active one by default), from its
    run's names (``names``, or those read through :func:`with_names`), without changing it."""
    if theme.label_is_custom:
        return theme.label
    by_key = names if names is not None else getattr(theme, "run_names", None)
    if isinstance(by_key, str):  # a JSON text on a backend that does not decode it
        by_key = json.loads(by_key)
    lang = base_language(language or get_language())
    localized = ((by_key or {}).get(theme.key) or {}).get(lang)
    return str(localized) if localized else theme.label
