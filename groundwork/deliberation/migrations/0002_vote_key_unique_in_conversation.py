"""A vote's idempotency key is unique in its conversation, not only per participant, so that a
key sent by someone else is recognised (and refused) even when two requests race.

Before the new constraint, any key that two participants of one conversation share (there
should be none: keys are random per form) is renamed on the later votes to "dup-<id>", so
the votes themselves are all kept."""

from django.db import migrations, models
from django.db.models import Count, Min


def rename_shared_keys(apps, schema_editor):
    Vote = apps.get_model("deliberation", "Vote")
    shared = (
        Vote.objects.values("conversation_id", "idempotency_key")
        .annotate(n=Count("id"), first=Min("id"))
        .filter(n__gt=1)
    )
    for group in shared.iterator():
        later = Vote.objects.filter(
            conversation_id=group["conversation_id"],
            idempotency_key=group["idempotency_key"],
            id__gt=group["first"],
        ).only("id")
        for vote in later:
            Vote.objects.filter(pk=vote.pk).update(idempotency_key=f"dup-{vote.pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("deliberation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_shared_keys, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name="vote",
            name="vote_idempotent",
        ),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(
                fields=("conversation", "idempotency_key"), name="vote_idempotent_in_conversation"
            ),
        ),
    ]
