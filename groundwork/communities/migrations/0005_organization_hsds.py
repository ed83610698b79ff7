"""Organizations become HSDS 3.0 organizations, in place: the rows, their primary keys and
every reference to them (members' organizations, plan activities' leads and ally links) stay
as they are; each row gets its own HSDS identifier and the HSDS fields, empty."""

import uuid

from django.db import migrations, models


def give_each_organization_an_hsds_id(apps, schema_editor):  # type: ignore[no-untyped-def]
    Organization = apps.get_model("communities", "Organization")
    for organization in Organization.objects.filter(hsds_id__isnull=True).only("pk"):
        Organization.objects.filter(pk=organization.pk).update(hsds_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_strategy_in_two_languages")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="hsds_id",
            field=models.UUIDField(null=True, editable=False, verbose_name="HSDS identifier"),
        ),
        migrations.RunPython(give_each_organization_an_hsds_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organization",
            name="hsds_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, verbose_name="HSDS identifier"
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="alternate_name",
            field=models.TextField(blank=True, verbose_name="other name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="what they offer, in Spanish"),
        ),
        migrations.AddField(
            model_name="organization",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AddField(
            model_name="organization",
            name="last_verified",
            field=models.DateField(blank=True, null=True, verbose_name="last verified"),
        ),
        migrations.AddField(
            model_name="organization",
            name="legal_status",
            field=models.TextField(blank=True, verbose_name="legal status"),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo",
            field=models.URLField(blank=True, max_length=2000, verbose_name="logo"),
        ),
        migrations.AddField(
            model_name="organization",
            name="name_es",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Spanish"),
        ),
        migrations.AddField(
            model_name="organization",
            name="parent_organization_id",
            field=models.UUIDField(blank=True, null=True, verbose_name="parent organization"),
        ),
        migrations.AddField(
            model_name="organization",
            name="tax_id",
            field=models.TextField(blank=True, verbose_name="tax identifier"),
        ),
        migrations.AddField(
            model_name="organization",
            name="tax_status",
            field=models.TextField(blank=True, verbose_name="tax status"),
        ),
        migrations.AddField(
            model_name="organization",
            name="uri",
            field=models.URLField(blank=True, max_length=2000, verbose_name="persistent address"),
        ),
        migrations.AddField(
            model_name="organization",
            name="year_incorporated",
            field=models.IntegerField(blank=True, null=True, verbose_name="year incorporated"),
        ),
        migrations.AlterField(
            model_name="organization",
            name="sector",
            field=models.CharField(
                choices=[
                    ("government", "Government"),
                    ("health_care", "Health care"),
                    ("education", "Education"),
                    ("law_enforcement", "Law enforcement"),
                    ("business", "Business"),
                    ("faith", "Faith"),
                    ("community_based", "Community-based organizations"),
                    ("lived_experience", "Residents with lived experience"),
                    ("philanthropy", "Philanthropy"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=30,
                verbose_name="sector",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="website",
            field=models.URLField(blank=True, max_length=2000, verbose_name="website"),
        ),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(
                fields=("community", "hsds_id"), name="organization_unique_hsds_id"
            ),
        ),
    ]
