# Following a plan becomes a subscription to the plan's own mailing list (groundwork.newsletters).
# Every follow is copied with its address, account, language, dates and digest mark, under the
# same id, so the links already e-mailed (signed with the follow's id) keep working.

from django.core.management.color import no_style
from django.db import migrations


def follows_to_lists(apps, schema_editor):
    Follow = apps.get_model("plans", "Follow")
    MailingList = apps.get_model("newsletters", "MailingList")
    Subscription = apps.get_model("newsletters", "Subscription")
    lists = {}
    subs = []
    created = {}
    for follow in Follow.objects.select_related("plan").order_by("pk").iterator():
        plan = follow.plan
        if plan.pk not in lists:
            lists[plan.pk] = MailingList.objects.create(
                community_id=plan.community_id,
                plan_id=plan.pk,
                slug=f"plan-{plan.pk}",
                name_en=plan.title[:200],
            )
        subs.append(
            Subscription(
                pk=follow.pk,
                mailing_list=lists[plan.pk],
                email=follow.email,
                user_id=follow.user_id,
                language=follow.language,
                confirmation_sent_at=follow.confirmation_sent_at,
                confirmed_at=follow.confirmed_at,
                last_digest_at=follow.last_digest_at,
            )
        )
        created[follow.pk] = follow.created_at
    Subscription.objects.bulk_create(subs, batch_size=500)
    # auto_now_add set "now" on insert: put back when each follow was asked for.
    for sub in subs:
        sub.created_at = created[sub.pk]
    Subscription.objects.bulk_update(subs, ["created_at"], batch_size=500)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Subscription]):
            cursor.execute(sql)


def lists_to_follows(apps, schema_editor):
    Follow = apps.get_model("plans", "Follow")
    Subscription = apps.get_model("newsletters", "Subscription")
    MailingList = apps.get_model("newsletters", "MailingList")
    rows = Subscription.objects.filter(
        mailing_list__plan__isnull=False, unsubscribed_at__isnull=True
    ).select_related("mailing_list")
    follows = [
        Follow(
            pk=sub.pk,
            community_id=sub.mailing_list.community_id,
            plan_id=sub.mailing_list.plan_id,
            email=sub.email,
            user_id=sub.user_id,
            language=sub.language,
            confirmation_sent_at=sub.confirmation_sent_at,
            confirmed_at=sub.confirmed_at,
            last_digest_at=sub.last_digest_at,
        )
        for sub in rows
    ]
    created = {sub.pk: sub.created_at for sub in rows}
    Follow.objects.bulk_create(follows, batch_size=500)
    for follow in follows:
        follow.created_at = created[follow.pk]
    Follow.objects.bulk_update(follows, ["created_at"], batch_size=500)
    MailingList.objects.filter(plan__isnull=False).delete()
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Follow]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_initial"),
        ("plans", "0007_asset_and_service_links"),
    ]

    operations = [
        migrations.RunPython(follows_to_lists, lists_to_follows),
        migrations.DeleteModel(name="Follow"),
        migrations.CreateModel(
            name="Follow",
            fields=[],
            options={
                "verbose_name": "follower",
                "verbose_name_plural": "followers",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("newsletters.subscription",),
        ),
    ]
