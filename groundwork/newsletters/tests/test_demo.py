"""The demo's newsletter: loaded once however often the demo is, its archive readable in both
languages, its draft waiting for the stewards."""

import pytest
from django.test import Client
from django.urls import reverse

from groundwork.core.demo import load_demo
from groundwork.newsletters.demo import load_newsletters_demo
from groundwork.newsletters.models import Issue, MailingList, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_network_has_a_monthly_newsletter_with_an_archive():  # type: ignore[no-untyped-def]
    load_demo()  # the network, its communities and stewards
    assert load_newsletters_demo() == 4
    assert load_newsletters_demo() == 4
    mailing_list = MailingList.objects.get(slug="monthly")
    assert MailingList.objects.filter(network__isnull=False, plan=None).count() == 1
    assert Subscription.objects.filter(mailing_list=mailing_list).count() == 4
    sent = Issue.objects.get(mailing_list=mailing_list, status=Issue.Status.SENT)
    assert Issue.objects.filter(mailing_list=mailing_list, status=Issue.Status.DRAFT).count() == 1
    kwargs = {"network_slug": mailing_list.network.slug, "list_slug": mailing_list.slug}
    page = Client().get(reverse("newsletters:network_list", kwargs=kwargs))
    assert "Monthly newsletter" in page.content.decode()
    archive = reverse("newsletters:network_issue", kwargs={**kwargs, "issue_id": sent.pk})
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(archive).content.decode()
    assert "se publicaron los primeros planes" in spanish
    assert "El condado de Alder publicó" in spanish
