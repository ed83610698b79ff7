"""The practice library and peer help of a network.

A ``Practice`` is something that worked for a coalition (a program, a tool, a story), written
in English and Spanish, tagged with the network's strategies, a focus area and a taxonomy term,
with its evidence in plain words. Coalitions publish one from an adapted facilitation guide, a
plan activity or a survey, and ``Adoption`` keeps the link from the plan activity made when a
coalition adopts it (so the library shows how it went). ``HelpRequest`` is a coalition's
request for technical assistance or mentoring, triaged by the network's stewards;
``Introduction`` records both coordinators' agreement before an e-mail introduces them.
``Comment`` and ``Following`` carry the discussion on practices and requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import FocusArea
from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language


class EvidenceLevel(models.TextChoices):
    COMMUNITY_DEFINED = "community_defined", _("Community-defined evidence")
    PROMISING = "promising", _("Promising")
    EVIDENCE_INFORMED = "evidence_informed", _("Evidence-informed")
    EVIDENCE_BASED = "evidence_based", _("Evidence-based")


EVIDENCE_HELP = {
    EvidenceLevel.COMMUNITY_DEFINED: _(
        "The community saw it work and says so, from its own knowledge and experience."
    ),
    EvidenceLevel.PROMISING: _("Early results look good, but it has not been studied closely."),
    EvidenceLevel.EVIDENCE_INFORMED: _(
        "Built on what research says works, adapted here; not studied itself yet."
    ),
    EvidenceLevel.EVIDENCE_BASED: _("Studies that compared it with no program found it works."),
}


class Licence(models.TextChoices):
    CC_BY = "cc_by", _("Creative Commons Attribution 4.0 (CC BY)")
    CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA)")
    CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC)")
    CC0 = "cc0", _("Public domain dedication (CC0)")


class Source(models.TextChoices):
    WRITTEN = "written", _("Written for the library")
    GUIDE = "guide", _("An adapted facilitation guide")
    ACTIVITY = "activity", _("A plan activity")
    SURVEY = "survey", _("A survey")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Practice(TimeStampedModel):
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="practices",
    )
    # The community's network when it was written: the library of a network lists its own.
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    body_en = models.TextField(_("what it is and how it works, in English"), max_length=20000)
    body_es = models.TextField(
        _("what it is and how it works, in Spanish"), max_length=20000, blank=True
    )
    problem = models.TextField(_("the problem it addresses"), max_length=2000, blank=True)
    strengths = models.TextField(_("the strengths it builds on"), max_length=2000, blank=True)
    population = models.CharField(_("who it serves"), max_length=300, blank=True)
    setting = models.CharField(
        _("setting"),
        max_length=300,
        blank=True,
        help_text=_("For example: rural county, schools, faith communities."),
    )
    cost = models.CharField(
        _("cost"),
        max_length=300,
        blank=True,
        help_text=_("What it costs to run, in money and volunteer time."),
    )
    evidence_level = models.CharField(
        _("evidence"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.COMMUNITY_DEFINED,
    )
    evidence_source = models.CharField(
        _("source of the evidence"),
        max_length=500,
        blank=True,
        help_text=_("Who says it works: a study, an evaluation, the coalition's own records."),
    )
    focus_area = models.CharField(
        _("focus area"), max_length=30, choices=FocusArea.choices, blank=True
    )
    strategies = models.ManyToManyField(
        "communities.Strategy",
        verbose_name=_("strategies"),
        blank=True,
        related_name="practices",
    )
    # A term of the community's directory taxonomy (HSDS taxonomy_term.code and name).
    taxonomy_code = models.CharField(_("taxonomy term"), max_length=100, blank=True)
    taxonomy_name = models.CharField(_("taxonomy term name"), max_length=200, blank=True)
    licence = models.CharField(
        _("licence"), max_length=10, choices=Licence.choices, default=Licence.CC_BY
    )
    source = models.CharField(
        _("made from"), max_length=10, choices=Source.choices, default=Source.WRITTEN
    )
    source_guide = models.ForeignKey(
        "planning.Guide", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_survey = models.ForeignKey(
        "measures.Instrument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "focus_area", "evidence_level"], name="practice_find"),
        ]

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("library:practice", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def body(self) -> str:
        return in_language(self.body_en, self.body_es)

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def evidence_help(self) -> str:
        return str(EVIDENCE_HELP.get(self.evidence_level, ""))


class Attachment(models.Model):
    """A PDF or an image of a practice, served through a view that checks who may see it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="library/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["practice", "id"]

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    """A coalition adopted a practice into its plan: the activity made for it keeps the link."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="adoptions"
    )
    activity = models.OneToOneField(
        "plans.Activity", on_delete=models.CASCADE, related_name="adoption"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["practice", "id"]

    def __str__(self) -> str:
        return f"{self.practice_id} → {self.community_id}"


class HelpKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical assistance")
    MENTORING = "mentoring", _("Mentoring by another coalition")


class Urgency(models.TextChoices):
    LOW = "low", _("When someone can")
    NORMAL = "normal", _("Within a month")
    HIGH = "high", _("Urgent: within a week")


class HelpStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DECLINED = "declined", _("Declined")


class HelpRequest(TimeStampedModel):
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="help_requests",
    )
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="help_requests",
    )
    kind = models.CharField(_("what you need"), max_length=10, choices=HelpKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    details = models.TextField(_("details"), max_length=5000, blank=True)
    strategy = models.ForeignKey(
        "communities.Strategy",
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    focus_area = models.CharField(
        _("focus area"), max_length=30, choices=FocusArea.choices, blank=True
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=HelpStatus.choices, default=HelpStatus.NEW
    )
    assigned_steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("steward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_region = models.ForeignKey(
        "communities.Region",
        verbose_name=_("regional hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )
    mentor = models.ForeignKey(
        "communities.Community",
        verbose_name=_("mentor coalition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentoring",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("community")), name="help_mentor_not_itself"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("library:request", kwargs={"pk": self.pk})


class Introduction(models.Model):
    """The requesting coalition and its mentor are introduced by e-mail only once the
    coordinators of both have agreed."""

    request = models.OneToOneField(
        HelpRequest, on_delete=models.CASCADE, related_name="introduction"
    )
    mentor = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    requester_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_agreed_at = models.DateTimeField(null=True, blank=True)
    mentor_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor_agreed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")

    def __str__(self) -> str:
        return f"{self.request_id} ↔ {self.mentor_id}"


class Comment(models.Model):
    """A comment on a practice or a request for help (exactly one)."""

    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(practice__isnull=False, request__isnull=True)
                | Q(practice__isnull=True, request__isnull=False),
                name="library_comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class Following(models.Model):
    """Someone is told by e-mail of new comments on a practice or a request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="followings"
    )
    request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="followings"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="library_follow_practice"),
            models.UniqueConstraint(fields=["user", "request"], name="library_follow_request"),
            models.CheckConstraint(
                condition=Q(practice__isnull=False, request__isnull=True)
                | Q(practice__isnull=True, request__isnull=False),
                name="library_follow_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.practice_id or self.request_id}"
