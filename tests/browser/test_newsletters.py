"""Newsletters end to end, in Spanish on a phone: a coordinator creates a list and writes an
issue in both languages (preview, schedule); a resident subscribes, confirms from the e-mail,
receives the issue in Spanish and unsubscribes in one click. Every page fits 320 and 360 px
and axe-core finds nothing."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from groundwork.core.testing import build_tenant
from groundwork.newsletters.models import Issue, MailingList, Subscription
from groundwork.newsletters.sending import send_issue

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def in_spanish(page, live_server):  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])


def fits(page):  # type: ignore[no-untyped-def]
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url}: {wide} px wide at {width} px"
    assert_accessible(page)


def test_a_subscriber_confirms_gets_an_issue_in_spanish_and_leaves_in_one_click(  # type: ignore[no-untyped-def]
    new_page, live_server
):
    alder, birch = build_tenant("alder"), build_tenant("birch")
    MailingList.objects.create(community=birch.community, slug="news", name_en="Birch news")

    # The coordinator, in Spanish on a phone, with JavaScript off.
    page = new_page(phone=True, javascript=False)
    sign_in(page, alder.coordinator.email)
    in_spanish(page, live_server)
    page.goto(f"/c/{alder.community.slug}/lists/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Listas de correo")
    assert "Birch news" not in page.content()
    fits(page)
    page.get_by_label("Nombre en inglés").fill("Peer Connections news")
    page.get_by_label("Nombre en español").fill("Noticias de Conexiones")
    page.get_by_label("Nombre corto").fill("peer")
    page.get_by_role("button", name="Crear la lista").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noticias de Conexiones")
    fits(page)
    page.get_by_label("Asunto en inglés").fill("June news")
    page.get_by_label("Asunto en español").fill("Noticias de junio")
    page.get_by_label("Texto en inglés").fill("The clinic bus runs on Tuesdays.")
    page.get_by_label("Texto en español").fill("El autobús a la clínica pasa los martes.")
    page.get_by_role("button", name="Guardar el borrador").click()
    expect(page.get_by_role("heading", name="Vista previa")).to_be_visible()
    preview = page.get_by_role("paragraph").filter(has_text="El autobús a la clínica pasa")
    expect(preview).to_be_visible()
    fits(page)

    # A resident subscribes in Spanish; only the confirmation is sent.
    resident = new_page(phone=True)
    in_spanish(resident, live_server)
    mailing_list = MailingList.objects.get(slug="peer")
    resident.goto(mailing_list.get_absolute_url())
    fits(resident)
    resident.get_by_label("Su correo electrónico").fill("ana@example.org")
    resident.get_by_label("Idioma de los correos").select_option("es")
    resident.get_by_role("button", name="Suscribirse").click()
    expect(resident.get_by_text("Revise su correo")).to_be_visible()
    [confirmation] = mail.outbox
    assert "Noticias de Conexiones" in confirmation.body
    link = next(ln for ln in confirmation.body.splitlines() if "/newsletters/confirm/" in ln)
    resident.goto(link.strip())
    fits(resident)
    resident.get_by_role("button", name="Sí, envíenmelo").click()
    expect(resident.get_by_text("Confirmado")).to_be_visible()
    fits(resident)

    # The coordinator schedules it now; the worker sends it.
    page.get_by_role("button", name="Programar").click()
    expect(page.get_by_text("Programado", exact=False).first).to_be_visible()
    issue = Issue.objects.get(mailing_list=mailing_list)
    assert issue.status == Issue.Status.SCHEDULED
    mail.outbox.clear()
    assert send_issue(issue.pk, base_url=live_server.url, runner="browser-test") == 1
    [message] = mail.outbox
    assert message.subject == "Noticias de junio"
    assert "El autobús a la clínica pasa los martes." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The archive shows it; the link in the message unsubscribes in one click.
    resident.goto(mailing_list.get_absolute_url())
    resident.get_by_role("link", name="Noticias de junio").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Noticias de junio")
    fits(resident)
    unsubscribe = next(ln for ln in message.body.splitlines() if "/newsletters/unsubscribe/" in ln)
    resident.goto(unsubscribe[unsubscribe.index("http") :].strip())
    fits(resident)
    resident.get_by_role("button", name="Darse de baja").click()
    expect(resident.get_by_text("Listo: no recibirá más de estos correos.")).to_be_visible()
    fits(resident)
    assert Subscription.objects.get(email="ana@example.org").unsubscribed_at is not None
    assert not Subscription.objects.filter(mailing_list__community=birch.community).exists()
