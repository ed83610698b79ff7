"""The Community Resilience Plan of a planning process: shared goals and the activities under
them, each linked to the evidence it came from (the strengths it builds on, the barriers it
addresses, the allies it enlists, the residents' words and the consensus statements behind it);
the community's endorsement of the draft; numbered, immutable published versions; and progress
updates over the months that follow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groundwork.core.models import TimeStampedModel
from groundwork.newsletters.models import Subscription


class Plan(TimeStampedModel):
    """The draft plan of a process (one per process). Published versions are snapshots of it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="plans"
    )
    process = models.OneToOneField(
        "planning.Process", on_delete=models.CASCADE, related_name="plan"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    endorsement_open = models.BooleanField(_("open for endorsement"), default=False)

    class Meta:
        verbose_name = _("community resilience plan")
        verbose_name_plural = _("community resilience plans")

    def __str__(self) -> str:
        return self.title

    @property
    def follows(self) -> Any:
        """The confirmed and waiting subscribers to the plan's progress e-mails."""
        return Follow.objects.filter(mailing_list__plan=self)

    def get_absolute_url(self) -> str:
        return reverse(
            "plans:plan",
            kwargs={"slug": self.process.community.slug, "process_slug": self.process.slug},
        )


class Goal(models.Model):
    """A shared goal. It may come from a consensus statement or a theme: the link is kept so
    the plan shows where the goal came from."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    statement = models.ForeignKey(
        "deliberation.Statement",
        verbose_name=_("consensus statement it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
    )
    # The statement's share of agreement when the goal was made from it.
    consensus_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", pgettext_lazy("activity status", "Done")
    DROPPED = "dropped", _("Dropped")


class Activity(TimeStampedModel):
    """Something people can organize locally, under one goal."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    lead_name = models.CharField(
        _("lead person"),
        max_length=200,
        blank=True,
        help_text=_("The person who leads the activity, if a person leads it."),
    )
    lead_organization = models.ForeignKey(
        "communities.Organization",
        verbose_name=_("lead organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_activities",
    )
    partners = models.CharField(
        _("partners"),
        max_length=500,
        blank=True,
        help_text=_("People and groups who take part, separated by commas."),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    resources = models.TextField(_("resources needed"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.IDEA
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Money, in cents (see budget_models): what is funded so far and what was spent; the
    # budget vote that funded it, when residents chose it.
    funded_cents = models.PositiveBigIntegerField(_("funded (cents)"), default=0)
    spent_cents = models.PositiveBigIntegerField(_("spent (cents)"), default=0)
    funded_by_vote = models.ForeignKey(
        "plans.BudgetVote",
        verbose_name=_("funded by the budget vote"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_activities",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "goal__order", "goal_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="activity_progress"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lead(self) -> str:
        names = [n for n in (self.lead_name, str(self.lead_organization or "")) if n]
        return ", ".join(names)


class LinkKind(models.TextChoices):
    STRENGTH = "strength", _("Builds on a strength")
    BARRIER = "barrier", _("Addresses a barrier")
    ALLY = "ally", _("Enlists an ally")
    EVIDENCE = "evidence", _("Evidence")


# What an activity link points to: exactly one of these.
LINK_TARGETS = ("contribution", "statement", "organization", "theme", "asset", "service")


def _exactly_one(fields: tuple[str, ...]) -> models.Q:
    condition = models.Q()
    for chosen in fields:
        condition |= models.Q(
            **{f"{name}__isnull": name != chosen for name in fields}  # type: ignore[misc]
        )
    return condition


class ActivityLink(models.Model):
    """One many-to-many link between an activity and what it came from: a contribution (an
    answer to the strengths, barriers, allies, problems or actions question), a theme of such
    answers, a statement and its consensus, a community organization enlisted as an ally, an
    asset of the community's map it builds on, or a directory service it enlists.
    One table for every kind, so a page loads all of an activity's links in one query."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("link"), max_length=10, choices=LinkKind.choices)
    contribution = models.ForeignKey(
        "planning.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    statement = models.ForeignKey(
        "deliberation.Statement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    organization = models.ForeignKey(
        "communities.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    theme = models.ForeignKey(
        "themes.Theme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    # The directory: an asset of the community's map (a strength it builds on) and a service
    # of its resource directory (an ally it enlists).
    asset = models.ForeignKey(
        "directory.Asset",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_links",
    )
    consensus_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity link")
        verbose_name_plural = _("activity links")
        ordering = ["activity", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(LINK_TARGETS), name="activity_link_one_target"
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "contribution"],
                condition=models.Q(contribution__isnull=False),
                name="activity_link_unique_contribution",
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "statement"],
                condition=models.Q(statement__isnull=False),
                name="activity_link_unique_statement",
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "organization"],
                condition=models.Q(organization__isnull=False),
                name="activity_link_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "theme"],
                condition=models.Q(theme__isnull=False),
                name="activity_link_unique_theme",
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "asset"],
                condition=models.Q(asset__isnull=False),
                name="activity_link_unique_asset",
            ),
            models.UniqueConstraint(
                fields=["activity", "kind", "service"],
                condition=models.Q(service__isnull=False),
                name="activity_link_unique_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}"


class EndorsementValue(models.TextChoices):
    SUPPORT = "support", _("I support this")
    CONCERN = "concern", _("I have concerns")


class Endorsement(models.Model):
    """A participant's view of one activity of the draft: one per participant and activity
    (sending again replaces it)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="endorsements")
    participant = models.ForeignKey(
        "planning.Participant", on_delete=models.CASCADE, related_name="endorsements"
    )
    value = models.CharField(_("your view"), max_length=10, choices=EndorsementValue.choices)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    # The key of the form that last set this view: a retry of that form is recognised, and
    # returned to the participant who sent it only.
    idempotency_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"], name="endorsement_one_per_participant"
            ),
            models.UniqueConstraint(
                fields=["activity", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="endorsement_idempotent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.value}"


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("Published plan versions are immutable.")


class PlanVersion(models.Model):
    """A published version: a frozen snapshot of the plan (goals, activities, links, quotes,
    how it was made), numbered 1, 2, … Never changed once written."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    snapshot = models.JSONField()
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("Published plan versions are immutable.")
        super().save(*args, **kwargs)


class ProgressUpdate(models.Model):
    """What happened on an activity: a date, the progress and status then, and a note."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    on_date = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices)
    note = models.TextField(_("what happened"), max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optional: a JPEG, PNG or WebP of at most 5 MB under MEDIA_ROOT, with a random name; served
    # through a view that checks who may see the plan (plans:update_photo), never /media/.
    photo = models.ImageField(_("photo"), upload_to="plans/progress/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-on_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="update_progress")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.on_date}: {self.progress}%"


class FollowQuerySet(models.QuerySet):
    def filter(self, *args: Any, **kwargs: Any) -> FollowQuerySet:
        if "plan" in kwargs:
            kwargs["mailing_list__plan"] = kwargs.pop("plan")
        return super().filter(*args, **kwargs)


class FollowManager(models.Manager.from_queryset(FollowQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> FollowQuerySet:
        return super().get_queryset().filter(mailing_list__plan__isnull=False)


class Follow(Subscription):
    """Someone who asked for the plan's progress updates by e-mail: a subscription to the
    plan's own mailing list (groundwork.newsletters), with its address (and the account, when
    signed in), the language to write in, and when the last digest went out (so sending twice
    sends nothing new). The link in every e-mail stops them without signing in.

    Double opt-in: a request is only a request until the link e-mailed to the address is
    followed (``confirmed_at``); nothing else is sent to it before, and a request left
    unconfirmed for ``FOLLOW_CONFIRM_DAYS`` is removed."""

    objects = FollowManager()

    class Meta:
        proxy = True
        verbose_name = _("follower")
        verbose_name_plural = _("followers")

    def __str__(self) -> str:
        return f"follower {self.pk} of list {self.mailing_list_id}"  # no address in the audit log

    @property
    def plan(self) -> Plan:
        return self.mailing_list.plan

    @property
    def plan_id(self) -> int:
        return self.mailing_list.plan_id

    @property
    def community(self) -> Any:
        return self.mailing_list.community

    @property
    def unsubscribe_token(self) -> str:
        from django.core import signing

        return signing.dumps({"f": self.pk, "e": self.email}, salt=FOLLOW_SALT)

    def get_unsubscribe_url(self) -> str:
        return reverse("plans:unfollow", kwargs={"token": self.unsubscribe_token})

    @property
    def confirm_token(self) -> str:
        """Signed (under SECRET_KEY, with its own salt) and dated: the confirmation view
        accepts it for FOLLOW_CONFIRM_DAYS."""
        from django.core import signing

        return signing.dumps({"f": self.pk, "e": self.email}, salt=FOLLOW_CONFIRM_SALT)

    def get_confirm_url(self) -> str:
        return reverse("plans:follow_confirm", kwargs={"token": self.confirm_token})


FOLLOW_SALT = "groundwork.plans.follow"
FOLLOW_CONFIRM_SALT = "groundwork.plans.follow.confirm"


from .budget_models import (  # noqa: E402 - the budget models belong to this app
    RULES_FOR_KIND,
    Ballot,
    BallotKind,
    BudgetOption,
    BudgetVote,
    CostCategory,
    CostLine,
    InKind,
    InKindKind,
    RankedChoice,
    VerificationCode,
    VoteRule,
    VoteStatus,
)

__all__ = [
    "RULES_FOR_KIND",
    "Activity",
    "ActivityLink",
    "ActivityStatus",
    "Ballot",
    "BallotKind",
    "BudgetOption",
    "BudgetVote",
    "CostCategory",
    "CostLine",
    "Endorsement",
    "EndorsementValue",
    "Follow",
    "Goal",
    "InKind",
    "InKindKind",
    "LinkKind",
    "Plan",
    "RankedChoice",
    "PlanVersion",
    "ProgressUpdate",
    "VerificationCode",
    "VoteRule",
    "VoteStatus",
]
