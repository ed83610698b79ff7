"""A barrier theme knows its kind (internal, external or unspecified).

New runs find the barriers question's themes per kind. Themes stored before that keep their
answers: a theme whose answers are all of one kind gets that kind, any other barrier theme is
"unspecified" until the next run that starts over.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    ThemeMembership = apps.get_model("themes", "ThemeMembership")
    kinds: dict[int, set[str]] = {}
    for theme_id, kind in ThemeMembership.objects.filter(
        theme__question__key="barriers"
    ).values_list("theme_id", "contribution__barrier_kind"):
        kinds.setdefault(theme_id, set()).add(kind or "unspecified")
    for theme in Theme.objects.filter(question__key="barriers", parent=None):
        found = kinds.get(theme.pk, set())
        kind = next(iter(found)) if len(found) == 1 else "unspecified"
        Theme.objects.filter(pk=theme.pk).update(barrier_kind=kind)
        Theme.objects.filter(parent_id=theme.pk).update(barrier_kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_barrier_kinds"),
        ("themes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
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
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
