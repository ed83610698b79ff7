"""A statement's text in the other language: the translation, its language, who wrote it and
when. The author's original stays in ``text`` and ``language``."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deliberation", "0003_seed_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="translation",
            field=models.TextField(blank=True, max_length=400, verbose_name="translation"),
        ),
        migrations.AddField(
            model_name="statement",
            name="translation_language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Spanish")],
                max_length=8,
                verbose_name="language of the translation",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="translated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="translated by",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="translated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="translated"),
        ),
    ]
