"""The survey's owners decide on responses sent after the survey closed (actions/late.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .actions.late import late_decide
from .models import LateResponse
from .urls_helpers import survey_url
from .views import _instrument


def survey_late(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    """Responses captured offline while the survey was open, sent after it closed: when and on
    which device each was captured, what it says, and accept or reject."""
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    held = list(instrument.late.filter(status=LateResponse.Status.HELD))
    items = {str(item.pk): item for item in instrument.items.all()}
    rows = []
    for late in held:
        answers = []
        for pk, (value, text, number) in late.answers.items():
            item = items.get(pk)
            if item is None:
                continue
            shown = text or (", ".join(value) if isinstance(value, list) else value)
            if number is not None:
                shown = f"{number:g}"
            answers.append((item.prompt, shown))
        rows.append((late, answers))
    if held:
        audit_record(
            action="survey.late_responses_viewed",
            actor=request.user,
            community=instrument.audit_community,
            target=instrument,
            details={"count": len(held)},
        )
    return render(request, "measures/late.html", {"instrument": instrument, "rows": rows})


@require_POST
def survey_late_decide(
    request: HttpRequest, survey_slug: str, late_id: int, **owner: str
) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    late = get_object_or_404(instrument.late, pk=late_id)
    accept = request.POST.get("decision") == "accept"
    try:
        late_decide(actor=request.user, late=late, accept=accept)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The response was accepted.") if accept else _("The response was rejected.")
        )
    return redirect(survey_url(instrument, "late"))
