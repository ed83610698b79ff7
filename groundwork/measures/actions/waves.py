"""Running a survey again as a new wave: the same sections and questions, new dates, new
links, and a pointer to the wave it repeats, so the two can be compared question by question
(the questions carry the same key in every wave).

Only the latest wave of a survey can be repeated, so a survey's waves form one line.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

from .. import services
from ..models import Instrument, Item, Section
from .building import _audit, _unique_slug

MAX_WAVES = 200  # how far back the chain of a survey's waves is followed


def _ensure_keys(instrument: Instrument) -> None:
    """Give the survey's questions a key if they have none (surveys built by hand)."""
    for item in instrument.items.filter(key=""):
        Item.objects.filter(pk=item.pk).update(key=f"q{item.pk}")


def wave_chain(instrument: Instrument) -> list[Instrument]:
    """Every wave of the survey, first to last, within its owner."""
    owner = {"network_id": instrument.network_id, "community_id": instrument.community_id}
    chain = [instrument]
    seen = {instrument.pk}
    current = instrument
    while current.previous_wave_id and len(chain) < MAX_WAVES:
        previous = Instrument.objects.filter(pk=current.previous_wave_id, **owner).first()
        if previous is None or previous.pk in seen:
            break
        chain.insert(0, previous)
        seen.add(previous.pk)
        current = previous
    current = instrument
    while len(chain) < MAX_WAVES:
        following = Instrument.objects.filter(previous_wave=current, **owner).order_by("pk").first()
        if following is None or following.pk in seen:
            break
        chain.append(following)
        seen.add(following.pk)
        current = following
    return chain


@transaction.atomic
def wave_create(
    *,
    actor: Any,
    instrument: Instrument,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Instrument:
    """A new wave of a published survey, published with its own dates. Personal links are not
    carried over: a new wave gets new ones."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_draft:
        raise ApplicationError(
            _("Publish the survey before running it again: a draft has no answers to compare.")
        )
    if instrument.next_waves.exists():
        raise ApplicationError(
            _("This wave has already been run again. Start the next wave from the latest one.")
        )
    _ensure_keys(instrument)
    number = instrument.wave_number + 1
    wave = services.instrument_create(
        actor=actor,
        network=instrument.network,
        community=instrument.community,
        slug=_unique_slug(slugify(f"{instrument.title_en[:60]} wave {number}")),
        **{k: getattr(instrument, k) for k in services.INSTRUMENT_FIELDS},
    )
    wave.previous_wave = instrument
    wave.wave_number = number
    wave.save(update_fields=["previous_wave", "wave_number"])
    items = []
    for section in instrument.sections.prefetch_related("items"):
        copy = Section(
            instrument=wave,
            position=section.position,
            **{k: getattr(section, k) for k in services.SECTION_FIELDS},
        )
        copy.save()
        for item in section.items.all():
            items.append(
                Item(
                    instrument=wave,
                    section=copy,
                    position=item.position,
                    key=item.key or f"q{item.pk}",
                    **{k: getattr(item, k) for k in services.ITEM_FIELDS},
                )
            )
    Item.objects.bulk_create(items)
    services.instrument_publish(
        actor=actor, instrument=wave, opens_at=opens_at, closes_at=closes_at
    )
    _audit(
        instrument=wave,
        actor=actor,
        action="survey.wave_created",
        target=wave,
        previous=instrument.pk,
        wave=number,
    )
    return wave


def indicators_for(instrument: Instrument) -> Any:
    """The indicators a survey's domain scores may feed: its community's, or its network's
    statewide ones."""
    from ..models import Indicator

    qs = Indicator.objects.select_related("result")
    if instrument.community_id:
        return qs.filter(community=instrument.community_id)
    return qs.filter(result__network_goal__network=instrument.network_id)


@transaction.atomic
def domain_score_to_indicator(
    *, actor: Any, instrument: Instrument, domain: str, indicator: Any, period: str
) -> Any:
    """Write one domain's mean score in this wave as the indicator's value for ``period``.
    Refused when too few people have a score for the count to be shown."""
    from .. import wave_results
    from . import indicators as indicator_actions

    if not indicators_for(instrument).filter(pk=indicator.pk).exists():
        raise ApplicationError(_("Choose one of this survey's own indicators."), field="indicator")
    if domain not in wave_results.domain_labels(instrument):
        raise ApplicationError(_("Choose one of the survey's domains."), field="domain")
    n, mean = wave_results.domain_mean(instrument, domain)
    if mean is None:
        raise ApplicationError(
            _("Too few people have a score in this domain for it to be published."),
            field="domain",
        )
    note = _("Mean score in “%(domain)s”, wave %(n)s of “%(survey)s” (1 to 5).") % {
        "domain": domain,
        "n": instrument.wave_number,
        "survey": instrument.title,
    }
    return indicator_actions.value_save(
        actor=actor,
        indicator=indicator,
        period=period,
        value=round(mean, 2),
        note=note[:500],
        source=instrument.title[:300],
    )
