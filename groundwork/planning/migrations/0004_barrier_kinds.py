"""The barriers question is asked as two boxes, internal and external.

Existing answers keep the kind they were given; barrier answers given without one are marked
"unspecified" (shown as such, nothing lost), and a kind stored on an answer to another
question is cleared. Processes still using the default wording of the barriers question get
the new wording, which names both kinds; reworded questions stay as their facilitators wrote
them.
"""

from django.db import migrations, models

OLD = {
    "text_en": "What barriers stand in the way of solving them?",
    "text_es": "¿Qué barreras impiden resolverlos?",
    "help_en": "A barrier can be internal (within our community) or external (from outside it).",
    "help_es": "Una barrera puede ser interna (dentro de la comunidad) o externa (de afuera).",
}
NEW = {
    "text_en": "What barriers, internal and external, stand in the way of solving them?",
    "text_es": "¿Qué barreras, internas y externas, impiden resolverlos?",
    "help_en": (
        "Internal barriers come from within our community; external barriers come from "
        "outside it."
    ),
    "help_es": "Las barreras internas vienen de dentro de nuestra comunidad; las externas, de afuera.",
}


def _reword(Question, before, after):
    for field in before:
        Question.objects.filter(key="barriers", **{field: before[field]}).update(
            **{field: after[field]}
        )


def forwards(apps, schema_editor):
    Contribution = apps.get_model("planning", "Contribution")
    Question = apps.get_model("planning", "Question")
    Contribution.objects.filter(question__key="barriers", barrier_kind="").update(
        barrier_kind="unspecified"
    )
    Contribution.objects.exclude(question__key="barriers").exclude(barrier_kind="").update(
        barrier_kind=""
    )
    _reword(Question, OLD, NEW)


def backwards(apps, schema_editor):
    Contribution = apps.get_model("planning", "Contribution")
    Question = apps.get_model("planning", "Question")
    Contribution.objects.filter(barrier_kind="unspecified").update(barrier_kind="")
    _reword(Question, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_contribution_reach_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contribution",
            name="barrier_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("internal", "Internal (within the community)"),
                    ("external", "External (outside the community)"),
                    ("unspecified", "Not said whether internal or external"),
                ],
                max_length=12,
                verbose_name="kind of barrier",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
