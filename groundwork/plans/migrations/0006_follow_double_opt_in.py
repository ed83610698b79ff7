from django.db import migrations, models
from django.db.models import F


def confirm_existing(apps, schema_editor):
    # Addresses that followed before double opt-in keep their e-mails; each one carries the
    # one-click link to stop them.
    Follow = apps.get_model("plans", "Follow")
    Follow.objects.filter(confirmed_at__isnull=True).update(confirmed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_endorsement_idempotency_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="follow",
            name="confirmation_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="follow",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]
