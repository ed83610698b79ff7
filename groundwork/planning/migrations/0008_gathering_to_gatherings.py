"""Gatherings move to the gatherings app (gatherings/0002 copied them with their ids): answers
point to the new table and the old one goes. Going back copies them into the old table first."""

import django.db.models.deletion
from django.db import migrations, models

OLD_FIELDS = (
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


def copy_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.core.management.color import no_style

    Old = apps.get_model("planning", "Gathering")
    New = apps.get_model("gatherings", "Gathering")
    rows = New.objects.filter(process__isnull=False).values(
        "id", "created_at", "updated_at", *OLD_FIELDS
    )
    for row in rows.order_by("id"):
        Old.objects.create(pk=row["id"], **{k: row[k] for k in OLD_FIELDS})
        Old.objects.filter(pk=row["id"]).update(
            created_at=row["created_at"], updated_at=row["updated_at"]
        )
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Old]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # Check the new rows now, so that the next step may alter the table.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("gatherings", "0002_from_planning"),
        ("planning", "0007_late_capture"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contribution",
            name="gathering",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contributions",
                to="gatherings.gathering",
                verbose_name="gathering",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, copy_back),
        migrations.DeleteModel(name="Gathering"),
    ]
