"""Survey instruments and their responses.

An Instrument belongs to a network or to a community (never both: a check constraint says
so). Its text is kept in English and Spanish side by side (``*_en`` / ``*_es``), as planning
questions are; the properties without a suffix pick the request's language.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language


class Instrument(TimeStampedModel):
    """A survey."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Respondents(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: no sign-in, no name recorded")
        SIGNED = "signed", _("Signed: people sign in and their name is recorded")

    class OnePer(models.TextChoices):
        LINK = "link", _("One response per browser that opens the link")
        PERSON = "person", _("One response per signed-in person")
        INVITATION = (
            "invitation",
            _("One response per personal invitation link (only invited people can answer)"),
        )

    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction in English"), max_length=3000, blank=True)
    intro_es = models.TextField(_("introduction in Spanish"), max_length=3000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    respondents = models.CharField(
        _("who responds"), max_length=10, choices=Respondents.choices, default=Respondents.ANONYMOUS
    )
    one_response_per = models.CharField(
        _("one response per"), max_length=10, choices=OnePer.choices, default=OnePer.LINK
    )
    breakdowns_allowed = models.BooleanField(
        _("show results by sector and county"),
        default=False,
        help_text=_("Small groups are still hidden in every breakdown."),
    )
    results_public = models.BooleanField(
        _("anyone may see the results"),
        default=False,
        help_text=_("Results are shown with small counts hidden, once the survey is open."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Waves: the same questions asked again later. A wave points at the one it repeats.
    previous_wave = models.ForeignKey(
        "self",
        verbose_name=_("previous wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_waves",
    )
    wave_number = models.PositiveSmallIntegerField(_("wave"), default=1)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(network__isnull=False) & Q(community__isnull=True))
                | (Q(network__isnull=True) & Q(community__isnull=False)),
                name="measures_instrument_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(one_response_per="person") | Q(respondents="signed"),
                name="measures_instrument_person_needs_signed",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="measures_instrument_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def intro(self) -> str:
        return in_language(self.intro_en, self.intro_es)

    @property
    def owner(self) -> models.Model:
        return self.network if self.network_id else self.community  # type: ignore[return-value]

    @property
    def owner_kind(self) -> str:
        return "network" if self.network_id else "community"

    @property
    def audit_community(self) -> models.Model | None:
        return self.community if self.community_id else None

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def accepting_state(self, now: object = None) -> str:
        """ "open", "draft", "not_yet" (before opens_at) or "closed"."""
        from django.utils import timezone

        moment = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CLOSED:
            return "closed"
        if self.opens_at and moment < self.opens_at:  # type: ignore[operator]
            return "not_yet"
        if self.closes_at and moment >= self.closes_at:  # type: ignore[operator]
            return "closed"
        return "open"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("measures:respond", kwargs={"survey_slug": self.slug})


class Section(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    title_en = models.CharField(_("title in English"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction in English"), max_length=2000, blank=True)
    intro_es = models.TextField(_("introduction in Spanish"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def intro(self) -> str:
        return in_language(self.intro_en, self.intro_es)


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Agree or disagree (five points)")
    SINGLE = "single", _("Choose one")
    MULTIPLE = "multiple", _("Choose any")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


class ItemRole(models.TextChoices):
    NONE = "", _("An ordinary question")
    SECTOR = "sector", _("The respondent's sector (choices are the sectors)")
    COUNTY = "county", _("The respondent's county (choices are the state's counties)")


class Item(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind of question"), max_length=10, choices=ItemKind.choices)
    role = models.CharField(
        _("what the question is for"),
        max_length=10,
        choices=ItemRole.choices,
        default=ItemRole.NONE,
        blank=True,
    )
    prompt_en = models.CharField(_("question in English"), max_length=500)
    prompt_es = models.CharField(_("question in Spanish"), max_length=500, blank=True)
    help_en = models.CharField(_("help text in English"), max_length=500, blank=True)
    help_es = models.CharField(_("help text in Spanish"), max_length=500, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    min_value = models.FloatField(_("smallest number allowed"), null=True, blank=True)
    max_value = models.FloatField(_("largest number allowed"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("most choices a person may pick"), null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    themes_cache = models.JSONField(default=dict, blank=True, editable=False)
    # What a question is scored under ("Connection and caring"); empty: its section.
    domain_en = models.CharField(
        _("domain in English"),
        max_length=200,
        blank=True,
        help_text=_(
            "Questions with the same domain are scored together when waves are compared, "
            "for example: Connection and caring. Left empty, the section is the domain."
        ),
    )
    domain_es = models.CharField(_("domain in Spanish"), max_length=200, blank=True)
    # The same question in every wave of a survey carries the same key.
    key = models.CharField(max_length=80, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "role"],
                condition=~Q(role=""),
                name="measures_item_one_per_role",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt_en

    @property
    def prompt(self) -> str:
        return in_language(self.prompt_en, self.prompt_es)

    @property
    def help(self) -> str:
        return in_language(self.help_en, self.help_es)

    @property
    def domain(self) -> str:
        return in_language(self.domain_en, self.domain_es)


class Response(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    idempotency_key = models.CharField(max_length=64, editable=False)
    # "link:<token>", "user:<id>" or "invitation:<link id>" when the survey takes one response
    # per browser, person or personal link.
    once_key = models.CharField(max_length=80, blank=True, editable=False)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=30, blank=True)
    county = models.CharField(_("county"), max_length=5, blank=True)
    # Set for a response captured on a device while offline and sent later (field mode).
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True)
    captured_device = models.CharField(_("device"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "idempotency_key"], name="measures_response_idempotent"
            ),
            models.UniqueConstraint(
                fields=["instrument", "once_key"],
                condition=~Q(once_key=""),
                name="measures_response_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("choice"), null=True, blank=True)  # a value, or a list of values
    text = models.TextField(_("text"), max_length=5000, blank=True)
    number = models.FloatField(_("number"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="measures_answer_one_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.item_id}"


class InvitationLink(models.Model):
    """A personal link to an invitation survey: it takes exactly one response.

    Only a SHA-256 of the token is stored; the token itself is shown once, in the file handed
    to the organizer who created the link.
    """

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="invitation_links",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    response = models.OneToOneField(
        Response,
        verbose_name=_("response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation_link",
    )

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument} link #{self.pk}"


class LateResponse(models.Model):
    """A response captured on a device while the survey was open and sent after it closed
    (field mode). It counts nowhere until one of the survey's owners accepts it (it becomes a
    Response, with its capture time and device) or rejects it (its answers are deleted; the
    record stays so that a retry with its key is not taken again)."""

    class Status(models.TextChoices):
        HELD = "held", _("Waiting for a decision")
        REJECTED = "rejected", _("Rejected")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="late"
    )
    idempotency_key = models.CharField(max_length=64, editable=False)
    once_key = models.CharField(max_length=80, blank=True, editable=False)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invitation = models.ForeignKey(
        InvitationLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # {item id: [value, text, number]}, as answer_clean returned them.
    answers = models.JSONField(default=dict, blank=True)
    captured_at = models.DateTimeField(_("captured"))
    captured_device = models.CharField(_("device"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response sent after closing")
        verbose_name_plural = _("responses sent after closing")
        ordering = ["captured_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "idempotency_key"], name="measures_late_idempotent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} late #{self.pk}"


# Results-Based Accountability ------------------------------------------------------------


class Result(TimeStampedModel):
    """A condition of well-being for a population ("Children in Alder County are safe and
    thriving"). It belongs to exactly one of: a community's plan, a coalition's county goal,
    a network's statewide goal (a check constraint says so). ``community`` is the plan's or the
    county goal's community (empty for a statewide goal): every read filters on it."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
    )
    county_goal = models.ForeignKey(
        "communities.CountyGoal",
        verbose_name=_("county goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
    )
    network_goal = models.ForeignKey(
        "communities.NetworkGoal",
        verbose_name=_("statewide goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
    )
    title_en = models.CharField(_("result in English"), max_length=300)
    title_es = models.CharField(_("result in Spanish"), max_length=300, blank=True)
    description_en = models.TextField(_("description in English"), max_length=3000, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=3000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(plan__isnull=False)
                    & Q(county_goal__isnull=True)
                    & Q(network_goal__isnull=True)
                    & Q(community__isnull=False)
                )
                | (
                    Q(plan__isnull=True)
                    & Q(county_goal__isnull=False)
                    & Q(network_goal__isnull=True)
                    & Q(community__isnull=False)
                )
                | (
                    Q(plan__isnull=True)
                    & Q(county_goal__isnull=True)
                    & Q(network_goal__isnull=False)
                    & Q(community__isnull=True)
                ),
                name="measures_result_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def description(self) -> str:
        return in_language(self.description_en, self.description_es)

    @property
    def owner(self) -> models.Model:
        return self.plan or self.county_goal or self.network_goal  # type: ignore[return-value]

    @property
    def owner_kind(self) -> str:
        """ "network" for a statewide goal's result, "community" otherwise (the address)."""
        return "network" if self.network_goal_id else "community"

    @property
    def network(self) -> models.Model | None:
        if self.network_goal_id:
            return self.network_goal.network  # type: ignore[union-attr]
        return self.community.network  # type: ignore[union-attr]


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Indicator(TimeStampedModel):
    """A population measure of a result, its target, and the turn-the-curve conversation about
    it: the story behind the curve, the partners with a role to play, what works (in words and
    as links to the plan's activities)."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="indicators"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    name_en = models.CharField(_("indicator in English"), max_length=300)
    name_es = models.CharField(_("indicator in Spanish"), max_length=300, blank=True)
    description_en = models.TextField(_("description in English"), max_length=3000, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=3000, blank=True)
    unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("For example: per 1,000 children.")
    )
    direction = models.CharField(
        _("which way is better"), max_length=4, choices=Direction.choices, default=Direction.DOWN
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    geography = models.CharField(
        _("geography"), max_length=200, blank=True, help_text=_("For example: Alder County.")
    )
    fips = models.CharField(_("county FIPS code"), max_length=5, blank=True)
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_period = models.CharField(
        _("baseline period"), max_length=10, blank=True, help_text=_("For example: 2020.")
    )
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    target_period = models.CharField(
        _("target period"), max_length=10, blank=True, help_text=_("For example: 2030.")
    )
    story_en = models.TextField(
        _("the story behind the curve, in English"), max_length=5000, blank=True
    )
    story_es = models.TextField(
        _("the story behind the curve, in Spanish"), max_length=5000, blank=True
    )
    partners_en = models.TextField(
        _("partners with a role to play, in English"), max_length=3000, blank=True
    )
    partners_es = models.TextField(
        _("partners with a role to play, in Spanish"), max_length=3000, blank=True
    )
    what_works_en = models.TextField(_("what works, in English"), max_length=5000, blank=True)
    what_works_es = models.TextField(_("what works, in Spanish"), max_length=5000, blank=True)
    activities = models.ManyToManyField(
        "plans.Activity",
        verbose_name=_("plan activities that work on it"),
        blank=True,
        related_name="indicators",
    )
    # Set by importers ("svi:RPL_THEMES:37053") so a second import updates the same indicator.
    source_key = models.CharField(max_length=80, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "source_key"],
                condition=~Q(source_key=""),
                name="measures_indicator_source_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_es)

    @property
    def description(self) -> str:
        return in_language(self.description_en, self.description_es)

    @property
    def story(self) -> str:
        return in_language(self.story_en, self.story_es)

    @property
    def partners(self) -> str:
        return in_language(self.partners_en, self.partners_es)

    @property
    def what_works(self) -> str:
        return in_language(self.what_works_en, self.what_works_es)


class PeriodValue(models.Model):
    """A value for one period (a year, a quarter, a month), who entered it and when: what an
    indicator's values and a performance measure's values share."""

    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("first day of the period"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["period_kind", "period_start"]

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.period_kind, self.period_start)


class IndicatorValue(PeriodValue):
    """One period's value of an indicator, with where it came from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta(PeriodValue.Meta):
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period_kind", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start"],
                name="measures_indicator_value_one_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_label}: {self.value}"


from .models_invitations import InvitationMessage, Invitee  # noqa: E402,F401
from .models_performance import (  # noqa: E402,F401  (performance measures live beside)
    PerformanceMeasure,
    PerformanceValue,
    Quadrant,
)
