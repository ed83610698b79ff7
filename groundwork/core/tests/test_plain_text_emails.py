"""Plain-text e-mails show people's words as written: no HTML escaping in a text e-mail."""

from types import SimpleNamespace

from django.template.loader import render_to_string

WORDS = "I <3 our library & 5 < 10 … <Mill Hill>"


def test_the_digest_and_invitation_e_mails_keep_words_as_written():
    activity = SimpleNamespace(title="Rides & <more>")
    update = SimpleNamespace(
        activity=activity,
        on_date=None,
        progress=10,
        get_status_display=lambda: "Under way",
        note=WORDS,
    )
    context = {
        "plan": SimpleNamespace(title="Plan <A> & B"),
        "community": SimpleNamespace(name="Mill Hill & Co"),
        "updates": [update],
        "timeline_url": "https://gw.example/t?a=1&b=2",
        "plan_url": "https://gw.example/p",
        "unsubscribe_url": "https://gw.example/u?x=1&y=2",
    }
    body = render_to_string("plans/email/digest.txt", context)
    assert WORDS in body and "Rides & <more>" in body and "Mill Hill & Co" in body
    assert "https://gw.example/u?x=1&y=2" in body and "&amp;" not in body and "&lt;" not in body
    subject = render_to_string("plans/email/digest_subject.txt", context)
    assert "Plan <A> & B" in subject
    invitation = SimpleNamespace(
        invited_by="Ana <Mill Hill>",
        get_role_display=lambda: "Member",
        expires_at=None,
    )
    body = render_to_string(
        "communities/email/invitation.txt",
        {"invitation": invitation, "community": context["community"], "accept_url": "u?a&b"},
    )
    assert "Ana <Mill Hill>" in body and "Mill Hill & Co" in body and "u?a&b" in body
    subject = render_to_string(
        "communities/email/invitation_subject.txt", {"community": context["community"]}
    )
    assert "Mill Hill & Co" in subject
