"""The planning process's gatherings become gatherings of this app, linked to their process:
same ids (so every answer captured at one still points to it), every field kept. They were a
facilitators' record, so they stay off the public pages until a facilitator lists them."""

from datetime import timedelta

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

OLD_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "title",
    "kind",
    "starts_at",
    "place",
    "online_url",
    "language",
    "interpretation",
    "expected_attendance",
    "actual_attendance",
    "notes",
    "community_id",
    "process_id",
    "facilitator_id",
    "guide_id",
)
DEFAULT_LENGTH = timedelta(hours=2)


def _mode(row):  # type: ignore[no-untyped-def]
    if row["online_url"] and row["place"]:
        return "hybrid"
    return "online" if row["online_url"] else "in_person"


def reset_sequence(schema_editor, model):  # type: ignore[no-untyped-def]
    """Rows came with their ids; PostgreSQL's sequence must move past them."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("planning", "Gathering")
    New = apps.get_model("gatherings", "Gathering")
    for row in Old.objects.values(*OLD_FIELDS).order_by("id"):
        fields = {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}
        fields.update(
            ends_at=row["starts_at"] + DEFAULT_LENGTH,
            mode=_mode(row),
            time_zone=settings.TIME_ZONE,
            is_public=False,
        )
        New.objects.update_or_create(pk=row["id"], defaults=fields)
        # auto_now(_add) would stamp today: keep when it was written and last changed.
        New.objects.filter(pk=row["id"]).update(
            created_at=row["created_at"], updated_at=row["updated_at"]
        )
    reset_sequence(schema_editor, New)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    """planning/0007 copied them back already; drop the copies here."""
    New = apps.get_model("gatherings", "Gathering")
    New.objects.filter(process__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gatherings", "0001_initial"),
        ("planning", "0006_process_title_es"),
    ]

    operations = [migrations.RunPython(forward, backward)]
