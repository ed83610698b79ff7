"""A participant's same answer to the same question is stored once: a fingerprint of the
normalized text, unique per participant and question where it is set.

Existing answers get a fingerprint too, except repeats (the second and later copies of the
same answer by the same participant) and answers captured without a participant: those are
kept as they are, outside the constraint, so nothing is deleted or changed."""

import hashlib
import unicodedata

from django.db import migrations, models


def _fingerprint(text):
    # The rule as it stands in groundwork.core.fingerprint, frozen here for this migration.
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint_first_copies(apps, schema_editor):
    Contribution = apps.get_model("planning", "Contribution")
    seen = set()
    batch = []
    rows = (
        Contribution.objects.filter(participant__isnull=False, text_fingerprint__isnull=True)
        .order_by("participant_id", "question_id", "id")
        .values_list("id", "participant_id", "question_id", "text")
    )
    taken = set(
        Contribution.objects.filter(participant__isnull=False, text_fingerprint__isnull=False)
        .values_list("participant_id", "question_id", "text_fingerprint")
    )
    for pk, participant_id, question_id, text in rows.iterator(chunk_size=2000):
        key = (participant_id, question_id, _fingerprint(text))
        if key in seen or key in taken:
            continue  # a repeat: kept, without a fingerprint
        seen.add(key)
        batch.append(Contribution(pk=pk, text_fingerprint=key[2]))
        if len(batch) >= 1000:
            Contribution.objects.bulk_update(batch, ["text_fingerprint"])
            batch = []
    if batch:
        Contribution.objects.bulk_update(batch, ["text_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_profile_ratings_default_strategies"),
        ("planning", "0004_barrier_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="text_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fingerprint_first_copies, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("participant__isnull", False), ("text_fingerprint__isnull", False)),
                fields=("participant", "question", "text_fingerprint"),
                name="contribution_once_per_participant",
            ),
        ),
    ]
