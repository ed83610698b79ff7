"""A new survey from one of the shipped assessment instruments (``measures.instruments``).

The copy is an ordinary draft: its sections and five-point questions, each with its domain in
both languages and its stable key, can be changed like any other before publishing.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError

from .. import instruments, services
from ..models import Instrument, Item, ItemKind, Section
from .building import _audit


@transaction.atomic
def instrument_create_from_shipped(
    *,
    actor: Any,
    key: str,
    network: Network | None = None,
    community: Community | None = None,
    results_public: bool = False,
) -> Instrument:
    """A draft survey with the shipped instrument's sections and statements."""
    spec = instruments.get(key)
    if spec is None:
        raise ApplicationError(_("There is no such instrument."), field="start")
    instrument = services.instrument_create(
        actor=actor,
        network=network,
        community=community,
        title_en=spec.title_en,
        title_es=spec.title_es,
        intro_en=spec.intro_en,
        intro_es=spec.intro_es,
        results_public=results_public,
    )
    items = []
    for s_pos, part in enumerate(spec.sections):
        section = Section(
            instrument=instrument,
            position=s_pos,
            title_en=part.title_en,
            title_es=part.title_es,
            intro_en=part.intro_en,
            intro_es=part.intro_es,
        )
        section.full_clean()
        section.save()
        for i_pos, statement in enumerate(part.statements):
            item = Item(
                instrument=instrument,
                section=section,
                position=i_pos,
                kind=ItemKind.LIKERT,
                prompt_en=statement.en,
                prompt_es=statement.es,
                domain_en=statement.domain.en,
                domain_es=statement.domain.es,
                key=statement.key,
            )
            item.full_clean()
            items.append(item)
    Item.objects.bulk_create(items)
    _audit(
        instrument=instrument,
        actor=actor,
        action="survey.instrument_copied",
        target=instrument,
        shipped=key,
    )
    return instrument
