"""The demo: a fictional statewide network with three communities, people in every role and
partner organizations. Loading it twice changes nothing. All names are fictional."""

from dataclasses import dataclass

from django.db import transaction

from groundwork.accounts.models import User
from groundwork.communities import services as community_services
from groundwork.communities.models import Community, Membership, Network, Organization, Role, Sector

DEMO_PASSWORD = "resilience-demo"  # noqa: S105 - printed for the local demo only


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    what: str


NETWORK = {
    "slug": "resilient-together",
    "name": "Resilient Together Network",
    "state": "NC",
    "description": (
        "A statewide initiative connecting county, neighborhood and tribal coalitions working on "
        "trauma, resilience and community strengths. / Una iniciativa estatal que conecta "
        "coaliciones de condados, vecindarios y comunidades tribales."
    ),
}

PEOPLE = [
    # email, name, language, what
    ("admin@example.org", "Ada Admin", "en", "site administrator and network staff"),
    ("coordinator@example.org", "Carmen Coordinator", "en", "coordinator of Alder County"),
    (
        "facilitator@example.org",
        "Fabiola Facilitadora",
        "es",
        "facilitator in Alder County (Spanish)",
    ),
    ("member@example.org", "Marcus Member", "en", "member of Alder County"),
    ("partner@example.org", "Priya Partner", "en", "partner (health clinic) in Alder County"),
    ("viewer@example.org", "Victor Viewer", "en", "viewer in Alder County"),
    ("riverside@example.org", "Rosa Rivera", "es", "coordinator of Riverside Heights"),
    ("cedar@example.org", "Thomas Whitefeather", "en", "coordinator of Cedar Creek"),
]

COMMUNITIES = [
    {
        "slug": "alder-county",
        "name": "Alder County",
        "kind": Community.Kind.COUNTY,
        "coordinator": "coordinator@example.org",
        "coalition_name": "Alder County Resilience Coalition",
        "area_served": "Alder County (rural, 23,000 residents)",
        "description": (
            "Farmers, teachers, clinic staff, churches and parents working together since the "
            "2021 flood to build on what is strong in our county."
        ),
        "sectors": [
            "government",
            "health_care",
            "education",
            "faith",
            "lived_experience",
            "business",
        ],
        "members": [
            ("facilitator@example.org", Role.FACILITATOR),
            ("member@example.org", Role.MEMBER),
            ("partner@example.org", Role.PARTNER),
            ("viewer@example.org", Role.VIEWER),
        ],
        "organizations": [
            (
                "Alder County Health Department",
                Sector.GOVERNMENT,
                "Public health nurses, WIC, flood recovery.",
            ),
            (
                "Blue Heron Community Clinic",
                Sector.HEALTH_CARE,
                "Sliding-scale primary care and counseling.",
            ),
            ("Alder County Schools", Sector.EDUCATION, "Family resource centers at three schools."),
            ("Mount Olive Fellowship", Sector.FAITH, "Food pantry; meeting space for gatherings."),
            (
                "Alder Farmers' Cooperative",
                Sector.BUSINESS,
                "Seasonal jobs and a community kitchen.",
            ),
            (
                "Sheriff's Office of Alder County",
                Sector.LAW_ENFORCEMENT,
                "Crisis intervention team.",
            ),
        ],
    },
    {
        "slug": "riverside-heights",
        "name": "Riverside Heights",
        "kind": Community.Kind.NEIGHBORHOOD,
        "coordinator": "riverside@example.org",
        "coalition_name": "Vecinos de Riverside Heights",
        "area_served": "Riverside Heights and Mill Hill neighborhoods, City of Eastbrook",
        "description": (
            "Una coalición de vecinos, iglesias y negocios del barrio. / A coalition of neighbors, "
            "churches and local businesses in a bilingual city neighborhood."
        ),
        "sectors": ["community_based", "faith", "business", "lived_experience", "education"],
        "members": [("facilitator@example.org", Role.FACILITATOR)],
        "organizations": [
            (
                "Centro Comunitario La Esperanza",
                Sector.COMMUNITY_BASED,
                "Clases de inglés, ayuda legal.",
            ),
            (
                "Eastbrook Public Library, Riverside branch",
                Sector.GOVERNMENT,
                "Computers, meeting room.",
            ),
            ("Iglesia San José", Sector.FAITH, "Despensa de alimentos; grupos de jóvenes."),
            (
                "Mill Hill Merchants Association",
                Sector.BUSINESS,
                "Small business owners on Main Street.",
            ),
        ],
    },
    {
        "slug": "cedar-creek",
        "name": "Cedar Creek Tribal Community",
        "kind": Community.Kind.TRIBAL,
        "coordinator": "cedar@example.org",
        "coalition_name": "Cedar Creek Wellness Circle",
        "area_served": "Cedar Creek tribal lands and neighboring towns",
        "description": (
            "Elders, youth and tribal programs restoring traditions that keep families strong."
        ),
        "sectors": ["government", "health_care", "lived_experience", "education", "philanthropy"],
        "members": [("member@example.org", Role.VIEWER)],
        "organizations": [
            (
                "Cedar Creek Tribal Health Services",
                Sector.HEALTH_CARE,
                "Behavioral health and elder care.",
            ),
            (
                "Cedar Creek Youth Council",
                Sector.COMMUNITY_BASED,
                "Youth leadership and culture camps.",
            ),
            (
                "Three Rivers Community Foundation",
                Sector.PHILANTHROPY,
                "Small grants for local projects.",
            ),
        ],
    },
]


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    users: dict[str, User] = {}
    for email, name, language, _what in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                name=name,
                preferred_language=language,
                is_staff=email.startswith("admin"),
                is_superuser=email.startswith("admin"),
            )
        users[email] = user
    admin = users["admin@example.org"]

    network = Network.objects.filter(slug=NETWORK["slug"]).first()
    if network is None:
        network = community_services.network_create(actor=admin, **NETWORK)

    for spec in COMMUNITIES:
        community = Community.objects.filter(slug=spec["slug"]).first()
        coordinator = users[spec["coordinator"]]
        if community is None:
            network.stewards.add(coordinator)
            community = community_services.community_create(
                actor=coordinator,
                network=network,
                **{
                    k: spec[k]
                    for k in (
                        "name",
                        "slug",
                        "kind",
                        "coalition_name",
                        "area_served",
                        "description",
                        "sectors",
                    )
                },
            )
        for email, role in spec["members"]:
            Membership.objects.get_or_create(
                community=community, user=users[email], defaults={"role": role}
            )
        for name, sector, description in spec["organizations"]:
            if not Organization.objects.filter(community=community, name=name).exists():
                community_services.organization_create(
                    actor=coordinator,
                    community=community,
                    name=name,
                    sector=sector,
                    description=description,
                )
    clinic = Organization.objects.get(
        community__slug="alder-county", name="Blue Heron Community Clinic"
    )
    Membership.objects.filter(
        community__slug="alder-county", user=users["partner@example.org"]
    ).update(organization=clinic)
    return [DemoLogin(email, name, what) for email, name, _lang, what in PEOPLE]
