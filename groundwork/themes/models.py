"""Themes of the answers to one question: runs of the theme engine, the stored (and curated)
themes, and which answer belongs to which theme."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groundwork.core.taskhooks import run_interrupted
from groundwork.planning.models import (
    BarrierKind,
    Contribution,
    Process,
    Question,
    barrier_kind_short,
)


class ThemeRun(models.Model):
    """One computation of themes for a question (all answers, or only the new ones)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        # Cluster every visible answer again; replaces the themes.
        FULL = "full", _("Find themes from scratch")
        # Place answers that are in no theme yet in the stored (curated) themes.
        ASSIGN = "assign", _("Add new answers to the themes")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="theme_runs")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="theme_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    mode = models.CharField(max_length=10, choices=Mode.choices, blank=True)
    start_over = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)
    model = models.JSONField(default=dict, blank=True)  # ThemeModel.to_dict()
    contribution_count = models.PositiveIntegerField(default=0)
    assigned_count = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("theme run")
        verbose_name_plural = _("theme runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["question", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.question} · {self.get_status_display()}"

    @property
    def interrupted(self) -> bool:
        """Failed because the background worker stopped during it (see core.worker)."""
        return run_interrupted(self)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Theme(models.Model):
    """A theme (or, with a parent, a subtheme) of one question's answers (for the barriers
    question, of one kind of barrier's answers).

    Themes belong to the question, not to a run: a run that only assigns new answers keeps
    them, and every human decision (a name, a merge, a split, a move, a pinned quote) stays.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    run = models.ForeignKey(
        ThemeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="themes"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subthemes"
    )
    key = models.CharField(max_length=40)  # the theme's id in the stored ThemeModel
    # Barriers' themes are found per kind: internal, external or unspecified. Blank for the
    # themes of the other questions.
    barrier_kind = models.CharField(
        _("kind of barrier"), max_length=12, choices=BarrierKind.choices, blank=True
    )
    label = models.CharField(_("name"), max_length=200)
    label_is_custom = models.BooleanField(default=False)
    words = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(default=0)  # members when last computed
    quotes = models.JSONField(default=list, blank=True)  # [{"id": contribution id, "text": …}]
    pinned_quote = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Shaped by a person (renamed, merged into, split off, pinned): re-runs keep it as it is.
    curated = models.BooleanField(default=False)
    created_by_human = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["-size", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="theme_key_per_question")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def barrier_kind_short(self) -> str:
        """ "internal", "external" or "kind not given" for a barrier theme; empty otherwise."""
        return barrier_kind_short(self.barrier_kind)


class ThemeMembership(models.Model):
    """A claim of an answer in a theme, and its subtheme if the theme has any.

    An answer about two things supports two themes: it has one membership per theme, each
    with the claim (a sentence or clause of the answer, ``claim_start``..``claim_end`` in its
    text) that put it there. An answer is in a theme at most once."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    subtheme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="sub_memberships"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="theme_memberships"
    )
    # The claim: a span of the answer's text. Null when not known (the whole answer counts).
    claim_start = models.PositiveIntegerField(null=True, blank=True)
    claim_end = models.PositiveIntegerField(null=True, blank=True)
    strength = models.FloatField(default=0.0)
    moved_by_human = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("theme membership")
        verbose_name_plural = _("theme memberships")
        ordering = ["-strength", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "contribution"], name="theme_membership_once_per_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} · {self.contribution_id}"

    def claim_parts(self, text: str) -> tuple[str, str, str]:
        """The answer's ``text`` as (before, claim, after); the claim is the whole text when
        its span is not known, does not fit the text, or covers all of it."""
        start, end = self.claim_start, self.claim_end
        if start is None or end is None or not 0 <= start < end <= len(text):
            return "", text, ""
        return text[:start], text[start:end], text[end:]

    @property
    def parts(self) -> tuple[str, str, str]:
        """The answer as (before, claim, after), for the page that marks the claim."""
        return self.claim_parts(self.contribution.text)

    @property
    def claim_text(self) -> str:
        """The part of the answer that supports the theme (the whole answer when not known)."""
        return self.claim_parts(self.contribution.text)[1]

    @property
    def is_part(self) -> bool:
        """Whether the claim is only part of the answer (then the page marks it)."""
        before, _claim, after = self.claim_parts(self.contribution.text)
        return bool(before.strip() or after.strip())
