"""What an activity costs and who pays: cost lines, in-kind help (hours, space, goods, from the
directory's assets and the community's organizations), what is funded and spent; and the
participatory budgeting vote that lets residents choose which proposed activities are funded.

Money is always an integer of cents (never a float); the page shows it unlocalized.
Imported by ``plans.models`` so Django finds the models in the ``plans`` app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    SPACE = "space", _("Space")
    MATERIALS = "materials", _("Materials")
    STIPENDS = "stipends", _("Stipends for residents")
    INTERPRETATION = "interpretation", _("Interpretation")
    FOOD = "food", _("Food")
    OTHER = "other", _("Other")


class CostLine(models.Model):
    """One line of an activity's estimated cost."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.CASCADE, related_name="cost_lines"
    )
    category = models.CharField(_("category"), max_length=16, choices=CostCategory.choices)
    description = models.CharField(_("what it pays for"), max_length=200, blank=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["activity", "category", "id"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.category}: {self.amount_cents}"


class InKindKind(models.TextChoices):
    HOURS = "hours", _("Volunteer hours")
    SPACE = "space", _("Space")
    GOODS = "goods", _("Goods")


class InKind(models.Model):
    """Help given in kind: hours, space or goods, from an asset of the community's map or one
    of its organizations (or someone named), with the value it saves, in cents."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey("plans.Activity", on_delete=models.CASCADE, related_name="in_kind")
    kind = models.CharField(_("kind of help"), max_length=8, choices=InKindKind.choices)
    description = models.CharField(_("what is given"), max_length=200)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    value_cents = models.PositiveBigIntegerField(_("value (cents)"), default=0)
    asset = models.ForeignKey(
        "directory.Asset",
        verbose_name=_("from an asset of the map"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_kind_help",
    )
    organization = models.ForeignKey(
        "communities.Organization",
        verbose_name=_("from an organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_kind_help",
    )

    class Meta:
        verbose_name = _("in-kind contribution")
        verbose_name_plural = _("in-kind contributions")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}"


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VoteRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, within the budget")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")
    RANKED_GREEDY = "ranked_greedy", _("Borda count: most points first, within the budget")


class BallotKind(models.TextChoices):
    CHOOSE = "choose", _("Choose activities within the budget")
    RANK = "rank", _("Rank activities in order of preference")


# The rules each kind of ballot can be counted by; the first is the one named "most votes
# first" on the form (for ranked ballots it counts Borda points).
RULES_FOR_KIND = {
    BallotKind.CHOOSE: (VoteRule.GREEDY, VoteRule.EQUAL_SHARES),
    BallotKind.RANK: (VoteRule.RANKED_GREEDY, VoteRule.EQUAL_SHARES),
}


class BudgetVote(models.Model):
    """A participatory budgeting vote on some of the plan's activities with a total budget.
    Residents without an account send one ballot each (the process's participant, as for
    endorsements); when ``codes_required``, a ballot also needs an unused verification code
    handed out at a gathering. A ballot either chooses activities within the budget or ranks
    them (``kind``); ``rule`` is one of the rules for that kind (``RULES_FOR_KIND``)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_votes")
    title = models.CharField(_("title"), max_length=200)
    budget_cents = models.PositiveBigIntegerField(_("budget (cents)"))
    status = models.CharField(
        _("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    codes_required = models.BooleanField(_("a verification code is needed to vote"), default=False)
    kind = models.CharField(
        _("kind of ballot"), max_length=8, choices=BallotKind.choices, default=BallotKind.CHOOSE
    )
    rule = models.CharField(
        _("rule that decides"), max_length=16, choices=VoteRule.choices, default=VoteRule.GREEDY
    )
    funded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget vote")
        verbose_name_plural = _("budget votes")
        ordering = ["plan", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="choose", rule__in=["greedy", "equal_shares"])
                | models.Q(kind="rank", rule__in=["ranked_greedy", "equal_shares"]),
                name="budget_vote_rule_fits_kind",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ranked(self) -> bool:
        return self.kind == BallotKind.RANK


class BudgetOption(models.Model):
    """An activity on a vote's ballot, with the cost it was proposed at (cents)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    vote = models.ForeignKey(BudgetVote, on_delete=models.CASCADE, related_name="options")
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.CASCADE, related_name="budget_options"
    )
    cost_cents = models.PositiveBigIntegerField(_("cost (cents)"))

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["vote", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "activity"], name="budget_option_once"),
            models.CheckConstraint(condition=models.Q(cost_cents__gt=0), name="budget_option_cost"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.activity_id}"


class Ballot(models.Model):
    """One participant's ballot: the options they choose, within the budget, or, on a ranked
    vote, the options they rank (``options``), each at its place (``places``). One per
    participant and vote (sending again replaces the choices while the vote is open)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    vote = models.ForeignKey(BudgetVote, on_delete=models.CASCADE, related_name="ballots")
    participant = models.ForeignKey(
        "planning.Participant", on_delete=models.CASCADE, related_name="budget_ballots"
    )
    channel = models.CharField(_("channel"), max_length=20, default="online")
    options = models.ManyToManyField(BudgetOption, related_name="ballots", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "participant"], name="ballot_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"ballot {self.pk} of vote {self.vote_id}"


class RankedChoice(models.Model):
    """An option's place on a ranked ballot: 1 is the voter's first choice. Places run from 1
    without gaps; an option the voter did not rank has no row."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="places")
    option = models.ForeignKey(BudgetOption, on_delete=models.CASCADE, related_name="places")
    place = models.PositiveSmallIntegerField(_("place"))

    class Meta:
        verbose_name = _("ranked choice")
        verbose_name_plural = _("ranked choices")
        ordering = ["ballot", "place"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="ranked_choice_once"),
            models.UniqueConstraint(fields=["ballot", "place"], name="ranked_choice_place_once"),
            models.CheckConstraint(condition=models.Q(place__gte=1), name="ranked_choice_place"),
        ]

    def __str__(self) -> str:
        return f"ballot {self.ballot_id}: {self.option_id} at {self.place}"


class VerificationCode(models.Model):
    """A one-use code for one vote, handed out at a gathering; only its SHA-256 is kept."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    vote = models.ForeignKey(BudgetVote, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    ballot = models.OneToOneField(
        Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="code"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "digest"], name="verification_code_unique")
        ]

    def __str__(self) -> str:
        return f"code {self.pk} of vote {self.vote_id}"
