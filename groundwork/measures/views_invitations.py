"""Invitations by e-mail (actions/invitations.py): the owners add recipients and see how the
sending goes; a recipient's own link stops further invitations."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from groundwork.core.errors import ApplicationError

from .actions import invitations
from .forms_invitations import RecipientsForm
from .models import Instrument
from .urls_helpers import survey_url
from .views import _instrument


def survey_invitations(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    """Add recipients (pasted addresses with their language, or the members); the counts of
    what was sent, is waiting, failed, and who answered or opted out."""
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    by_invitation = instrument.one_response_per == Instrument.OnePer.INVITATION
    form = RecipientsForm(request.POST or None)
    if request.method == "POST" and by_invitation and form.is_valid():
        language = form.cleaned_data["language"]
        recipients = [(email, language) for email in form.cleaned_data["addresses"]]
        if form.cleaned_data["members"]:
            recipients += invitations.members_of(instrument)
        try:
            added = invitations.recipients_add(
                actor=request.user, instrument=instrument, recipients=recipients
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            text = ngettext(
                "%(n)s person added: their invitation is on its way.",
                "%(n)s people added: their invitations are on their way.",
                added.added,
            ) % {"n": added.added}
            if added.already:
                text += " " + ngettext(
                    "%(n)s address was invited already.",
                    "%(n)s addresses were invited already.",
                    added.already,
                ) % {"n": added.already}
            if added.not_written:
                text += " " + ngettext(
                    "%(n)s address was left out: it asked for no more invitations, or messages "
                    "to it bounced.",
                    "%(n)s addresses were left out: they asked for no more invitations, or "
                    "messages to them bounced.",
                    added.not_written,
                ) % {"n": added.not_written}
            messages.success(request, text)
            return redirect(survey_url(instrument, "invitations"))
    return render(
        request,
        "measures/invitations.html",
        {
            "instrument": instrument,
            "invitation": by_invitation,
            "form": form,
            "counts": invitations.recipient_counts(instrument) if by_invitation else None,
            "reminder_hours": invitations.reminder_hours(),
        },
    )


@csrf_exempt  # the signed token is the credential; mail clients post it (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every invitation: one button; a mail client's one-click posts directly."""
    invitee = invitations.from_opt_out_token(token)
    done = False
    if request.method == "POST" and invitee is not None:
        invitations.opt_out(invitee)
        done = True
    elif invitee is not None:
        done = invitee.opted_out_at is not None
    language = invitee.language if invitee is not None else get_language()
    with translation.override(language):
        return render(
            request,
            "measures/opt_out.html",
            {"invitee": invitee, "token": token, "done": done},
            status=404 if invitee is None else 200,
        )


__all__ = ["survey_invitations", "opt_out", "_"]
