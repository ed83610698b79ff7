"""Periodic jobs: one row per job declared in ``settings.SCHEDULED_JOBS``, claimed by whichever
scheduler process finds it due first (see :mod:`groundwork.scheduler.runner`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    name = models.SlugField(_("name"), max_length=80, unique=True)
    # Dotted path of a django_tasks task, enqueued with ``kwargs`` (plus ``base_url``).
    task_path = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    # An RFC 5545 recurrence rule in the site's time zone, e.g. FREQ=DAILY;BYHOUR=7;BYMINUTE=0
    schedule = models.CharField(_("schedule"), max_length=200)
    enabled = models.BooleanField(default=True)
    next_run_at = models.DateTimeField(db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
