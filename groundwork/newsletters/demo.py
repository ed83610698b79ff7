"""The demo's newsletter: the network's monthly list (the Peer Connection's invitation and the
news, as the seed describes), a few confirmed subscribers with fictional addresses, last
month's issue in the public archive and next month's as a draft for the stewards to preview.
Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from groundwork.communities.models import Network

from .models import Issue, MailingList, Subscription

SLUG = "monthly"
SUBSCRIBERS = (
    ("lena.okafor@example.org", "en"),
    ("marisol.vega@example.org", "es"),
    ("tom.baker@example.org", "en"),
    ("rosa.medina@example.org", "es"),
)


def load_newsletters_demo() -> int:
    """Returns how many people receive the network's newsletter."""
    from groundwork.core.demo import NETWORK

    network = Network.objects.filter(slug=NETWORK["slug"]).first()
    if network is None:
        return 0
    mailing_list, _created = MailingList.objects.get_or_create(
        network=network,
        slug=SLUG,
        defaults={
            "name_en": "Monthly newsletter and Peer Connection invitations",
            "name_es": "Boletín mensual e invitaciones a la Conexión entre pares",
            "description_en": (
                "Once a month: news from the coalitions, upcoming gatherings, and the "
                "invitation to the Peer Connection (third Wednesday, noon to 1:30, with live "
                "Spanish interpretation)."
            ),
            "description_es": (
                "Una vez al mes: noticias de las coaliciones, las próximas reuniones y la "
                "invitación a la Conexión entre pares (tercer miércoles, del mediodía a la "
                "1:30, con interpretación en vivo al español)."
            ),
        },
    )
    now = timezone.now()
    for email, language in SUBSCRIBERS:
        Subscription.objects.get_or_create(
            mailing_list=mailing_list,
            email=email,
            defaults={"language": language, "confirmed_at": now - timedelta(days=60)},
        )
    steward = network.stewards.order_by("pk").first()
    if not mailing_list.issues.exists():
        last_month = now - timedelta(days=30)
        Issue.objects.create(
            mailing_list=mailing_list,
            subject_en="News from the network: the first plans are published",
            subject_es="Noticias de la red: se publicaron los primeros planes",
            body_en=(
                "Alder County published its Community Resilience Plan: every activity in it "
                "traces back to what residents said at the spring workshops.\n\n"
                "Join us at the Peer Connection on the third Wednesday to hear how they did it."
            ),
            body_es=(
                "El condado de Alder publicó su Plan de Resiliencia Comunitaria: cada actividad "
                "viene de lo que dijeron los vecinos en los talleres de primavera.\n\n"
                "Acompáñenos en la Conexión entre pares del tercer miércoles para saber cómo lo "
                "lograron."
            ),
            blocks=["upcoming-gatherings"],
            status=Issue.Status.SENT,
            send_at=last_month,
            started_at=last_month,
            sent_at=last_month,
            covers_from=last_month - timedelta(days=30),
            covers_until=last_month,
            created_by=steward,
        )
        Issue.objects.create(
            mailing_list=mailing_list,
            subject_en="This month in the network",
            subject_es="Este mes en la red",
            body_en="What the coalitions did this month, and what is coming up.",
            body_es="Lo que hicieron las coaliciones este mes y lo que viene.",
            blocks=["upcoming-gatherings", "plan-updates", "new-surveys"],
            created_by=steward,
        )
    return mailing_list.subscriptions.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).count()
