"""Background work of the API: webhook deliveries."""

from django_tasks import task

from . import webhooks


@task()
def webhook_deliver(*, delivery_id: int) -> str:
    return webhooks.deliver(delivery_id)
