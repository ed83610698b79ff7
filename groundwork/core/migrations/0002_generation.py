from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "key",
                    models.CharField(
                        max_length=200, primary_key=True, serialize=False, verbose_name="key"
                    ),
                ),
                ("value", models.BigIntegerField(default=0, verbose_name="value")),
            ],
            options={
                "verbose_name": "generation",
                "verbose_name_plural": "generations",
            },
        ),
    ]
