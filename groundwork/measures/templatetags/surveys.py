from django import template

from groundwork.measures.urls_helpers import survey_url as _survey_url

register = template.Library()


@register.simple_tag
def survey_url(instrument, name, **kwargs):  # type: ignore[no-untyped-def]
    """{% survey_url instrument "builder" %}: a survey page under its network or community."""
    return _survey_url(instrument, name, **kwargs)
