"""``{% practices_for_themes community themes %}``: on a coalition's plan builder, the
published practices of other coalitions that match its largest themes' words."""

from typing import Any

from django import template

from .. import selectors

register = template.Library()

QUESTIONS = ("problems", "actions", "barriers")


@register.inclusion_tag("library/_for_themes.html")
def practices_for_themes(community: Any, themes: dict[str, list[Any]]) -> dict[str, Any]:
    largest = sorted(
        (t for key in QUESTIONS for t in themes.get(key, [])), key=lambda t: -(t.size or 0)
    )[:3]
    rows = []
    for theme in largest:
        found = selectors.for_themes(community=community, labels=[theme.label], limit=3)
        if found:
            rows.append({"theme": theme, "practices": found})
    return {"rows": rows}
