from django.urls import reverse

from .models import Instrument


def survey_url(instrument: Instrument, name: str, **kwargs: object) -> str:
    """The address of one of a survey's management pages, under its network or community."""
    if instrument.network_id:
        owner = {"network_slug": instrument.network.slug}  # type: ignore[union-attr]
    else:
        owner = {"slug": instrument.community.slug}  # type: ignore[union-attr]
    return reverse(
        f"measures:{instrument.owner_kind}_{name}",
        kwargs={**owner, "survey_slug": instrument.slug, **kwargs},
    )
