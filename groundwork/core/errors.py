"""Errors raised by services: a translated message a person can act on."""


class ApplicationError(Exception):
    """A business rule refused the request. `message` is already translated."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
