"""The need categories a referral names: the network's own (``NeedCategory``), or the twelve
defaults for a community without a network. ``need_choices`` is what the referral form, the
API and the figures offer; ``need_labels`` names the codes a referral holds, retired ones
included, in the page's language."""

from typing import Any

from groundwork.communities.models import Community, Network
from groundwork.core.text import in_language

from .models import NeedCategory

# (code, English, Spanish): what every network starts with (migration 0003 holds a copy).
DEFAULT_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("food", "Food", "Alimentos"),
    ("housing", "Housing", "Vivienda"),
    ("utilities", "Utilities", "Servicios del hogar (luz, agua, gas)"),
    ("health", "Health care", "Atención de salud"),
    ("mental_health", "Mental health", "Salud mental"),
    ("substance_use", "Substance use", "Consumo de sustancias"),
    ("safety", "Safety", "Seguridad"),
    ("transportation", "Transportation", "Transporte"),
    ("employment", "Work and income", "Trabajo e ingresos"),
    ("childcare", "Child care and school", "Cuidado infantil y escuela"),
    ("legal", "Legal help", "Ayuda legal"),
    ("other", "Other", "Otro"),
)


def _network_id(where: Community | Network | None) -> int | None:
    if isinstance(where, Network):
        return where.pk
    return where.network_id if where is not None else None


def _categories(where: Community | Network | None) -> list[tuple[str, str, str, bool]]:
    """(code, English, Spanish, retired) in the network's order; the defaults without one."""
    network_id = _network_id(where)
    if network_id is not None:
        rows = list(
            NeedCategory.objects.filter(network_id=network_id)
            .order_by("position", "id")
            .values_list("code", "name_en", "name_es", "retired")
        )
        if rows:
            return rows
    return [(code, en, es, False) for code, en, es in DEFAULT_NEEDS]


def need_choices(
    where: Community | Network | None, *, retired: bool = False
) -> list[tuple[str, str]]:
    """(code, label in the current language) of the categories offered to ``where`` (a
    community or a network), in order; with ``retired``, the retired ones too."""
    return [
        (code, in_language(en, es))
        for code, en, es, is_retired in _categories(where)
        if retired or not is_retired
    ]


def need_labels(where: Community | Network | None, codes: list[Any]) -> list[str]:
    """The labels of ``codes``: the network's (retired ones included), else the defaults',
    else the code itself."""
    labels = {code: in_language(en, es) for code, en, es in DEFAULT_NEEDS}
    labels.update(need_choices(where, retired=True))
    return [labels.get(code, str(code)) for code in codes]
