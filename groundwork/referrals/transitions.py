"""The referral's state machine: every allowed step, and who takes it. Anything not listed
is refused (``actions.statuses.referral_transition``)."""

from .models import Status

RECEIVER = "receiver"
PERSON = "person"

# (from, to) → who may take the step.
TRANSITIONS: dict[tuple[str, str], str] = {
    # Nothing is sent before consent: a link consent is confirmed by the person.
    (Status.AWAITING_CONSENT, Status.SENT): PERSON,
    (Status.SENT, Status.ACCEPTED): RECEIVER,
    (Status.SENT, Status.DECLINED): RECEIVER,
    (Status.SENT, Status.FORWARDED): RECEIVER,
    (Status.ACCEPTED, Status.IN_PROGRESS): RECEIVER,
    (Status.ACCEPTED, Status.CLOSED): RECEIVER,
    (Status.IN_PROGRESS, Status.CLOSED): RECEIVER,
}

# Statuses after which nothing more happens: the referral has ended.
ENDED = frozenset({Status.DECLINED, Status.FORWARDED, Status.CLOSED})
OPEN = frozenset({Status.AWAITING_CONSENT, Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS})


def allowed(from_status: str, to_status: str) -> str | None:
    """Who may take this step, or None when it is not a step of the machine."""
    return TRANSITIONS.get((from_status, to_status))


def next_steps(status: str, who: str) -> list[str]:
    return [to for (frm, to), by in TRANSITIONS.items() if frm == status and by == who]
