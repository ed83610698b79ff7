"""Money in templates: ``{{ cents|money }}`` for reading (dollar sign, the language's
separators) and ``{{ cents|money_raw }}`` for inputs, SVG and data (1234.50, unlocalized)."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(cents: Any) -> str:
    if cents in (None, ""):
        return ""
    amount = Decimal(int(cents)) / 100
    places = 0 if int(cents) % 100 == 0 else 2
    return "$" + number_format(amount, places, use_l10n=True, force_grouping=True)


@register.filter
def money_raw(cents: Any) -> str:
    """An amount for inputs, SVG, data and sentences: whole units and cents, unlocalized."""
    value = int(cents or 0)
    return f"{value // 100}.{value % 100:02d}"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
