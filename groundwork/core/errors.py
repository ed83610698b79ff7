"""Errors raised by services: a translated message a person can act on."""


class ApplicationError(Exception):
    """A business rule refused the request. `message` is already translated."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyReceived(ApplicationError):
    """A form arrived with an idempotency key that an earlier submission already used, and the
    sender cannot be shown to be that submission's owner (another participant, or a browser
    without the owner's cookie). Nothing is stored and nothing of the first submission (its
    participant, its cookie, its answers) is handed over: only this message."""

    def __init__(self, message: str | None = None) -> None:
        from django.utils.translation import gettext as _

        super().__init__(message or _("This form was already received. Nothing more was saved."))
