from django.db import migrations, models

# The default theory of change in both languages (key, English, Spanish), as this migration
# writes it.
DEFAULT_STRATEGIES = [
    (
        "raise-awareness",
        "Raise awareness about trauma and resilience",
        "Crear conciencia sobre el trauma y la resiliencia",
    ),
    (
        "shift-power",
        "Shift power dynamics in decision-making and leadership",
        "Cambiar las dinámicas de poder en la toma de decisiones y el liderazgo",
    ),
    (
        "foster-collaboration",
        "Foster collaboration among agencies and residents",
        "Fomentar la colaboración entre agencias y residentes",
    ),
    (
        "informed-practice",
        "Create trauma- and asset-informed practice and programs",
        "Crear prácticas y programas informados sobre el trauma y basados en las fortalezas",
    ),
    ("policy-change", "Advocate for policy change", "Abogar por cambios de políticas"),
    (
        "investment",
        "Increase financial and community investment",
        "Aumentar la inversión financiera y comunitaria",
    ),
    (
        "community-power",
        "Leverage community power and local expertise",
        "Aprovechar el poder de la comunidad y el conocimiento local",
    ),
]


def fill_spanish(apps, schema_editor):
    """Default strategies still worded as created get their Spanish. A default row created
    while the page was in Spanish holds the Spanish name: it gets its English back too.
    Strategies a network reworded or added are left as they are."""
    Strategy = apps.get_model("communities", "Strategy")
    for key, en, es in DEFAULT_STRATEGIES:
        Strategy.objects.filter(key=key, name_en=en, name_es="").update(name_es=es)
        Strategy.objects.filter(key=key, name_en=es, name_es="").update(name_en=en, name_es=es)


def keep_english(apps, schema_editor):
    """Going back, ``name`` keeps the English."""


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_profile_ratings_default_strategies"),
    ]

    operations = [
        migrations.RenameField(model_name="strategy", old_name="name", new_name="name_en"),
        migrations.RenameField(
            model_name="strategy", old_name="description", new_name="description_en"
        ),
        migrations.AlterField(
            model_name="strategy",
            name="name_en",
            field=models.CharField(max_length=200, verbose_name="name in English"),
        ),
        migrations.AlterField(
            model_name="strategy",
            name="description_en",
            field=models.TextField(
                blank=True, max_length=2000, verbose_name="description in English"
            ),
        ),
        migrations.AddField(
            model_name="strategy",
            name="name_es",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Spanish"),
        ),
        migrations.AddField(
            model_name="strategy",
            name="description_es",
            field=models.TextField(
                blank=True, max_length=2000, verbose_name="description in Spanish"
            ),
        ),
        migrations.RunPython(fill_spanish, keep_english),
    ]
