from django import template

from groundwork.measures.urls_helpers import survey_url as _survey_url

register = template.Library()


@register.simple_tag
def survey_url(instrument, name, **kwargs):  # type: ignore[no-untyped-def]
    """{% survey_url instrument "builder" %}: a survey page under its network or community."""
    return _survey_url(instrument, name, **kwargs)


@register.simple_tag
def result_url(result_or_owner, name="result_list", **kwargs):  # type: ignore[no-untyped-def]
    """{% result_url result "result_edit" result_id=result.pk %}: a results page under the
    result's (or this) community or network."""
    from groundwork.measures.views_indicators import results_url

    return results_url(result_or_owner, name, **kwargs)


@register.simple_tag
def indicator_url(indicator, name="indicator"):  # type: ignore[no-untyped-def]
    """{% indicator_url indicator "indicator_edit" %}: an indicator's page."""
    from groundwork.measures.views_indicators import indicator_url as _indicator_url

    return _indicator_url(indicator, name)
