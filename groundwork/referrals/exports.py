"""One referral as a CSV file, for the sending or the receiving organization's records.

The person's details in it are what the reader may see on the referral's page, read through
``actions.access.referral_details_read`` with the reason "export", so the person sees the
export in their access log. Cells go through ``core.exports.spreadsheet_safe``."""

import csv
import io
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from groundwork.core.exports import spreadsheet_safe

from . import selectors
from .actions import access
from .models import REDISCLOSURE_NOTICE, AccessRecord, Referral


def _when(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else ""


def referral_export_rows(*, actor: Any, referral: Referral, is_sender: bool) -> list[list[str]]:
    """Rows of (section, field, value). Records the read; the caller has checked
    ``referrals.export_referral``."""
    details = access.referral_details_read(
        actor=actor, referral=referral, reason=AccessRecord.Reason.EXPORT
    )
    consent = referral.consent
    referral_section = _("Referral")
    rows: list[list[Any]] = [
        [referral_section, _("Number"), referral.pk],
        [referral_section, _("Community"), referral.community.name],
        [referral_section, _("Service"), referral.service.display_name],
        [referral_section, _("From"), referral.sender.name],
        [referral_section, _("To"), referral.receiver.name],
        [referral_section, _("Status"), referral.get_status_display()],
        [referral_section, _("Reason for declining"), referral.get_decline_reason_display()],
        [referral_section, _("Outcome"), referral.get_outcome_display()],
        [referral_section, _("Urgency"), referral.get_urgency_display()],
        [referral_section, _("Needs"), ", ".join(referral.need_labels)],
        [referral_section, _("Sent"), _when(referral.sent_at)],
        [referral_section, _("Accepted"), _when(referral.accepted_at)],
        [referral_section, _("Ended"), _when(referral.closed_at)],
        [referral_section, _("Consent"), consent.get_method_display()],
        [referral_section, _("Consent holds until"), _when(consent.expires_at)],
        [referral_section, _("Consent revoked"), _when(consent.revoked_at)],
    ]
    if referral.sensitive and not is_sender:
        rows.append(
            [
                referral_section,
                _("Redisclosure notice"),
                str(REDISCLOSURE_NOTICE),
            ]
        )
    person = _("The person")
    labels = {
        "name": _("Name"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "best_times": _("Best times"),
        "note": _("Note"),
    }
    for key, label in labels.items():
        if key in details:
            rows.append([person, label, details[key]])
    if "phone" in details:
        rows.append([person, _("Language"), referral.person.get_language_display()])
    history = _("History")
    for change in selectors.history(referral):
        who = (
            _("the person")
            if change.by_person
            else ", ".join(
                str(x)
                for x in (change.actor, change.organization and change.organization.name)
                if x
            )
        )
        step = change.get_to_status_display()
        if change.reason:
            step = f"{step} ({change.reason_label})"
        rows.append([history, _when(change.created_at), f"{step} · {who}"])
    message_section = _("Messages")
    for message in selectors.messages(referral):
        author = ", ".join(str(x) for x in (message.author, message.organization.name) if x)
        rows.append([message_section, f"{_when(message.created_at)} · {author}", message.body])
    return [[spreadsheet_safe(str(cell)) for cell in row] for row in rows]


def referral_export_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow([_("Section"), _("Field"), _("Value")])
    writer.writerows(rows)
    return out.getvalue()
