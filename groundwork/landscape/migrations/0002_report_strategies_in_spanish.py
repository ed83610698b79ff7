from django.db import migrations


def add_spanish_names(apps, schema_editor):
    """Reports store the names of strategies as they were; give the rows of reports made
    before strategies had a Spanish name the Spanish of the same strategy, when the English
    is unchanged (a reworded strategy keeps the report's words)."""
    LandscapeReport = apps.get_model("landscape", "LandscapeReport")
    Strategy = apps.get_model("communities", "Strategy")
    for report in LandscapeReport.objects.all():
        rows = (report.figures or {}).get("strategies") or []
        missing = [r for r in rows if "name_es" not in r]
        if not missing:
            continue
        strategies = {
            s.pk: s for s in Strategy.objects.filter(pk__in=[r.get("id") for r in missing])
        }
        for row in missing:
            strategy = strategies.get(row.get("id"))
            same = strategy is not None and row.get("name") in (strategy.name_en, strategy.name_es)
            if same:
                row["name"] = strategy.name_en
            row["name_es"] = strategy.name_es if same else ""
        report.save(update_fields=["figures"])


class Migration(migrations.Migration):
    dependencies = [
        ("landscape", "0001_initial"),
        ("communities", "0004_strategy_in_two_languages"),
    ]

    operations = [
        migrations.RunPython(add_spanish_names, migrations.RunPython.noop),
    ]
