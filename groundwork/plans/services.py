"""Every write to a plan: one transaction, validated, with its audit record. The writes live
in plans/actions/ by concept (drafting, links, endorsements, publishing, progress, follows);
this module is the one place the views, the API, the tasks and other apps import them from."""

from groundwork.core.photos import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, photo_clean

from .actions.common import (
    LINK_QUESTIONS,
)
from .actions.drafting import (
    activity_delete,
    activity_move,
    activity_save,
    goal_delete,
    goal_move,
    goal_save,
    plan_create,
    plan_update,
)
from .actions.endorsements import (
    EndorsementEntry,
    endorsement_set_open,
    endorsements_submit,
)
from .actions.follows import (
    follow_confirm,
    follow_create,
    follow_delete,
    follow_from_confirm_token,
    follow_from_token,
    follow_prune_unconfirmed,
    plan_mailing_list,
)
from .actions.links import (
    activity_link,
    activity_unlink,
)
from .actions.progress import (
    progress_post,
)
from .actions.publishing import (
    plan_publish,
)

__all__ = [
    "EndorsementEntry",
    "LINK_QUESTIONS",
    "MAX_PHOTO_BYTES",
    "MAX_PHOTO_PIXELS",
    "activity_delete",
    "activity_link",
    "activity_move",
    "activity_save",
    "activity_unlink",
    "endorsement_set_open",
    "endorsements_submit",
    "follow_confirm",
    "follow_create",
    "follow_delete",
    "follow_from_confirm_token",
    "follow_from_token",
    "follow_prune_unconfirmed",
    "goal_delete",
    "goal_move",
    "goal_save",
    "photo_clean",
    "plan_create",
    "plan_mailing_list",
    "plan_publish",
    "plan_update",
    "progress_post",
]
