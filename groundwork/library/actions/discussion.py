"""Comments on practices and requests, hidden by stewards with a reason; followers told."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from ..models import Comment, Following, HelpRequest, Practice
from .mail import send_after_commit

MAX_COMMENT = 3000


@transaction.atomic
def comment_add(
    *, actor: Any, practice: Practice | None = None, request: HelpRequest | None = None, body: str
) -> Comment:
    target: Any = practice if practice is not None else request
    perm = "library.comment_practice" if practice is not None else "library.comment_request"
    if target is None or not actor.has_perm(perm, target):
        raise PermissionDenied
    body = clean_text(body)
    if not body:
        raise ApplicationError(_("Write a comment first."), field="body")
    if len(body) > MAX_COMMENT:
        raise ApplicationError(
            too_long_message(label=_("comment"), length=len(body), limit=MAX_COMMENT),
            field="body",
        )
    comment = Comment.objects.create(practice=practice, request=request, author=actor, body=body)
    followers = Following.objects.filter(practice=practice, request=request).exclude(user=actor)
    users = [f.user for f in followers.select_related("user")]
    Following.objects.get_or_create(user=actor, practice=practice, request=request)
    audit_record(
        community=target.community,
        actor=actor,
        action="library.comment_added",
        target=target,
        details={"comment": comment.pk},
    )
    send_after_commit(
        template="comment",
        users=users,
        context={"target": target, "comment": comment, "author": str(actor)},
    )
    return comment


@transaction.atomic
def comment_hide(*, actor: Any, comment: Comment, reason: str) -> Comment:
    if not actor.has_perm("library.hide_comment", comment):
        raise PermissionDenied
    reason = clean_text(reason)
    if not reason:
        raise ApplicationError(_("Say why the comment is hidden."), field="reason")
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason[:300]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    target = comment.practice or comment.request
    audit_record(
        community=target.community if target else None,
        actor=actor,
        action="library.comment_hidden",
        target=comment,
        details={"reason": comment.hidden_reason},
    )
    return comment


@transaction.atomic
def follow_set(
    *, actor: Any, practice: Practice | None = None, request: HelpRequest | None = None, on: bool
) -> None:
    target: Any = practice if practice is not None else request
    perm = "library.view_practice" if practice is not None else "library.view_request"
    if target is None or not actor.is_authenticated or not actor.has_perm(perm, target):
        raise PermissionDenied
    if on:
        Following.objects.get_or_create(user=actor, practice=practice, request=request)
    else:
        Following.objects.filter(user=actor, practice=practice, request=request).delete()
