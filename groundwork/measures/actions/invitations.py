"""Survey invitations by e-mail: recipients added by a survey's owners, each sent a personal
link in their language by the background worker, and one reminder before the survey closes to
those who have not answered.

Sending once: each message is a row (``InvitationMessage``) claimed by one run just before it
goes to the mail backend and marked sent as it is handed over, through the same function as
the newsletters (``groundwork.newsletters.sending.send_marked``). A run killed half-way leaves
its claim; it was never handed over, and the next run sends it once its lease has passed.

Who is never written to: a recipient who opted out of this owner's survey invitations (the
link in every message), and an address on the site's suppression list (a hard bounce or a spam
complaint, kept by the newsletters: ``newsletters.services.suppressed_addresses``); a bounce or
complaint reported for a recipient's address also ends their invitations.

It lives in two modules by concept (``invitees``: recipients, their links and
opt-outs, the owners' counts; ``invitation_sending``: reminders and sending); this module is
their one import point.
"""

from .invitation_sending import (
    LEASE,
    anything_to_send,
    reminder_hours,
    reminders_due,
    render_message,
    send_waiting,
)
from .invitees import (
    LINK_SALT,
    MAX_RECIPIENTS_AT_ONCE,
    OPT_OUT_SALT,
    Added,
    Kind,
    Parsed,
    Status,
    address_suppressed,
    from_opt_out_token,
    link_token,
    members_of,
    not_to_write,
    opt_out,
    opt_out_token,
    parse_addresses,
    recipient_counts,
    recipients_add,
)

__all__ = [
    "Added",
    "Kind",
    "LEASE",
    "LINK_SALT",
    "MAX_RECIPIENTS_AT_ONCE",
    "OPT_OUT_SALT",
    "Parsed",
    "Status",
    "address_suppressed",
    "anything_to_send",
    "from_opt_out_token",
    "link_token",
    "members_of",
    "not_to_write",
    "opt_out",
    "opt_out_token",
    "parse_addresses",
    "recipient_counts",
    "recipients_add",
    "reminder_hours",
    "reminders_due",
    "render_message",
    "send_waiting",
]
