"""E-mails of the library, each in its reader's language, sent once the transaction commits."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def send_after_commit(*, template: str, users: list[Any], context: dict[str, Any]) -> None:
    """One message per person (nobody sees another's address). Links start with SITE_URL."""
    recipients = [(u.email, u.preferred_language or "en") for u in users if u.email]
    context = {"site_url": settings.SITE_URL, **context}

    def send() -> None:
        for address, language in recipients:
            with translation.override(language):
                subject = render_to_string(f"library/email/{template}_subject.txt", context)
                body = render_to_string(f"library/email/{template}.txt", context)
            EmailMessage(" ".join(subject.split()), body, to=[address]).send()

    transaction.on_commit(send)
