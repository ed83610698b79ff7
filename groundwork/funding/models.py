"""Who funds a network's coalitions and their plans: funders, and grants with their amount,
period, restrictions, reporting dates, and the coalitions and activities they fund. Amounts
are integers of cents. A grant belongs to one network; the coalitions and activities it funds
are that network's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel


class FunderKind(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    STATE = "state", _("State agency")
    COUNTY = "county", _("County agency")
    BUSINESS = "business", _("Local business")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")
    OTHER = "other", _("Other")


class Funder(TimeStampedModel):
    network = models.ForeignKey(
        "communities.Network", on_delete=models.CASCADE, related_name="funders"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=FunderKind.choices)
    identifier = models.CharField(
        _("organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("For open data, for example US-EIN-123456789. Leave empty if unknown."),
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["network", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Grant(TimeStampedModel):
    network = models.ForeignKey(
        "communities.Network", on_delete=models.CASCADE, related_name="grants"
    )
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="grants")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    recipient = models.CharField(
        _("recipient"), max_length=200, help_text=_("The organization that receives the money.")
    )
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    awarded_on = models.DateField(_("award date"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    restrictions = models.TextField(_("restrictions"), max_length=3000, blank=True)
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("coalitions funded"), related_name="grants"
    )
    activities = models.ManyToManyField(
        "plans.Activity", verbose_name=_("activities funded"), related_name="grants", blank=True
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["network", "ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="grant_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReportingDate(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reporting_dates")
    due_on = models.DateField(_("report due"))
    note = models.CharField(_("what to report"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reporting date")
        verbose_name_plural = _("reporting dates")
        ordering = ["grant", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.grant_id} {self.due_on}"


class ReportingReminder(models.Model):
    """That a coordinator was reminded of a reporting date: written in the transaction that
    sends the e-mail, so each person hears once per date however often the job runs."""

    reporting_date = models.ForeignKey(
        ReportingDate, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_date", "recipient"], name="funding_reminder_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporting_date_id} {self.recipient_id}"
