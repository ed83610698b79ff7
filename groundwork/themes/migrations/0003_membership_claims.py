"""An answer may be in several themes, one claim (a sentence or clause of it) per theme.

ThemeMembership was one per answer; it becomes one per answer and theme, with the span of the
claim. Nothing is lost: every existing membership stays, as one claim covering the whole
answer."""

from django.db import migrations, models


def whole_answers(apps, schema_editor):
    ThemeMembership = apps.get_model("themes", "ThemeMembership")
    batch = []
    for membership in ThemeMembership.objects.select_related("contribution").iterator():
        membership.claim_start = 0
        membership.claim_end = len(membership.contribution.text)
        batch.append(membership)
        if len(batch) >= 1000:
            ThemeMembership.objects.bulk_update(batch, ["claim_start", "claim_end"])
            batch = []
    if batch:
        ThemeMembership.objects.bulk_update(batch, ["claim_start", "claim_end"])


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_barrier_kinds"),
        ("themes", "0002_theme_barrier_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="thememembership",
            name="contribution",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="theme_memberships",
                to="planning.contribution",
            ),
        ),
        migrations.AddField(
            model_name="thememembership",
            name="claim_start",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="thememembership",
            name="claim_end",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="thememembership",
            constraint=models.UniqueConstraint(
                fields=("theme", "contribution"), name="theme_membership_once_per_theme"
            ),
        ),
        migrations.RunPython(whole_answers, migrations.RunPython.noop),
    ]
