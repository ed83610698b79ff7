from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_contribution_text_fingerprint"),
    ]

    operations = [
        migrations.AddField(
            model_name="process",
            name="title_es",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in Spanish"),
        ),
    ]
