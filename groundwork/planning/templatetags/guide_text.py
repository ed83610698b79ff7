from django import template
from django.utils.safestring import SafeString

from groundwork.planning.guides.text import to_html

register = template.Library()


@register.filter
def guide_text(value: str) -> SafeString:
    """A guide section's plain text as escaped HTML paragraphs and lists."""
    return to_html(value or "")
