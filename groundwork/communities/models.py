import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language

from .counties import County, county


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    HEALTH_CARE = "health_care", _("Health care")
    EDUCATION = "education", _("Education")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    BUSINESS = "business", _("Business")
    FAITH = "faith", _("Faith")
    COMMUNITY_BASED = "community_based", _("Community-based organizations")
    LIVED_EXPERIENCE = "lived_experience", _("Residents with lived experience")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    OTHER = "other", _("Other")


class FocusArea(models.TextChoices):
    ACES = "aces", _("Adverse childhood experiences (ACEs)")
    TRAUMA = "trauma", _("Trauma-informed practice")
    RESILIENCE = "resilience", _("Community resilience")
    DISASTER_RECOVERY = "disaster_recovery", _("Disaster recovery")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood")
    YOUTH = "youth", _("Youth")
    HOUSING = "housing", _("Housing")
    FOOD_SECURITY = "food_security", _("Food security")
    VIOLENCE_PREVENTION = "violence_prevention", _("Violence prevention")
    OTHER = "other", _("Other")


class MaturityStage(models.TextChoices):
    """Stages after the Community Coalition Action Theory (Butterfoss and Kegler)."""

    AWARENESS = "awareness", _("Beginning to raise awareness")
    FORMING = "forming", _("Forming")
    MAINTAINING = "maintaining", _("Maintaining")
    INSTITUTIONALIZED = "institutionalized", _("Institutionalized")


RATING_RANGE = [MinValueValidator(1), MaxValueValidator(5)]


class Network(TimeStampedModel):
    """A statewide (or regional) initiative that aligns many community coalitions."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    state = models.CharField(
        _("state"), max_length=2, blank=True, help_text=_("Two letters, e.g. NC.")
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network staff"),
        blank=True,
        related_name="stewarded_networks",
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:network_detail", kwargs={"network_slug": self.slug})


class Region(TimeStampedModel):
    """A regional hub of a network: it groups some of the network's coalitions (and the
    counties they serve), with stewards of its own who guide and support them. The network's
    stewards make regions and name their stewards; a region's stewards look after that
    region only."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="regions"
    )
    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=80)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_es = models.TextField(_("description in Spanish"), blank=True, max_length=5000)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("region stewards"),
        blank=True,
        related_name="stewarded_regions",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["network", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="region_unique_slug")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_es)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_es)

    def get_absolute_url(self) -> str:
        return reverse(
            "communities:region_detail",
            kwargs={"network_slug": self.network.slug, "region_slug": self.slug},
        )


class Community(TimeStampedModel):
    """The workspace of a county, town, tribe or neighborhood and the coalition serving it."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("County")
        TRIBAL = "tribal", _("Tribal community")
        NEIGHBORHOOD = "neighborhood", _("City neighborhood")
        TOWN = "town", _("Town or city")
        REGION = "region", _("Region")

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communities",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
        help_text=_("The network's regional hub the coalition belongs to."),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind of community"), max_length=20, choices=Kind.choices)
    coalition_name = models.CharField(_("coalition name"), max_length=200, blank=True)
    description = models.TextField(_("about the coalition"), blank=True, max_length=5000)
    area_served = models.CharField(
        _("counties or area served"),
        max_length=500,
        blank=True,
        help_text=_("For example: Alder County, or the Riverside and Mill Hill neighborhoods."),
    )
    sectors = models.JSONField(_("sectors at the table"), default=list, blank=True)
    is_public = models.BooleanField(
        _("public profile"),
        default=True,
        help_text=_(
            "Anyone can see the community's name and profile. Members' pages stay private."
        ),
    )
    # Coalition profile: where it works, what it works on, how mature it is.
    county_fips = models.JSONField(
        _("counties served"),
        default=list,
        blank=True,
        help_text=_("Five-digit FIPS codes of the counties (or county equivalents) served."),
    )
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    has_paid_coordinator = models.BooleanField(_("has a paid coordinator"), default=False)
    meets_regularly = models.BooleanField(_("meets regularly"), default=False)
    has_leadership_structure = models.BooleanField(_("has a leadership structure"), default=False)
    has_backbone_agency = models.BooleanField(_("has a backbone agency"), default=False)
    has_shared_vision = models.BooleanField(_("has a written shared vision"), default=False)
    uses_data = models.BooleanField(_("uses data to guide its work"), default=False)
    # Self-rating, 1 (not yet) to 5 (fully), on the five conditions of collective impact.
    ci_common_agenda = models.PositiveSmallIntegerField(
        _("common agenda"), null=True, blank=True, validators=RATING_RANGE
    )
    ci_shared_measurement = models.PositiveSmallIntegerField(
        _("shared measurement"), null=True, blank=True, validators=RATING_RANGE
    )
    ci_mutually_reinforcing = models.PositiveSmallIntegerField(
        _("mutually reinforcing activities"), null=True, blank=True, validators=RATING_RANGE
    )
    ci_communication = models.PositiveSmallIntegerField(
        _("continuous communication"), null=True, blank=True, validators=RATING_RANGE
    )
    ci_backbone = models.PositiveSmallIntegerField(
        _("backbone support"), null=True, blank=True, validators=RATING_RANGE
    )
    profile_confirmed_at = models.DateTimeField(_("profile last confirmed"), null=True, blank=True)
    # Set only on the row that holds a network's own directory entries (a statewide hotline,
    # the network's assets): not a community, never public, in no network, without members;
    # the network's stewards edit it (``directory.owners``).
    directory_of = models.OneToOneField(
        Network,
        verbose_name=_("directory of the network"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="own_directory",
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(directory_of__isnull=True)
                | models.Q(network__isnull=True, is_public=False),
                name="community_network_directory_apart",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.directory_of_id is not None:  # a network's own entries: the network's directory
            return reverse("directory:network", kwargs={"network_slug": self.directory_of.slug})
        return reverse("communities:detail", kwargs={"slug": self.slug})

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels[s]) for s in self.sectors if s in labels]

    def focus_area_labels(self) -> list[str]:
        labels = dict(FocusArea.choices)
        return [str(labels[f]) for f in self.focus_areas or [] if f in labels]

    def counties(self) -> list[County]:
        """The counties served, from the shipped list (codes it does not know are left out)."""
        found = (county(code) for code in self.county_fips or [])
        return [c for c in found if c is not None]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")


class ReferralsRole(models.TextChoices):
    """What a member of a partner organization may do with referrals (none by default).

    Only members whose membership names an organization and carries one of these roles see
    the personal details of the referrals their organization sends or receives; an
    administrator also sees the organization's record of who read those details."""

    NONE = "", _("No referrals")
    STAFF = "staff", _("Handles referrals")
    ADMIN = "admin", _("Referrals administrator")


class Organization(TimeStampedModel):
    """A partner organization of a community (health, schools, faith, business...), and the
    community's HSDS 3.0 organization: the fields after ``description`` carry HSDS names, and
    ``hsds_id`` is the HSDS ``id`` the directory's services, locations and programs refer to
    (unique within the community, so two communities may hold the same published record)."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="organizations",
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(
        _("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER
    )
    website = models.URLField(_("website"), blank=True, max_length=2000)
    description = models.TextField(_("what they offer"), blank=True, max_length=2000)
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, editable=False)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    description_es = models.TextField(_("what they offer, in Spanish"), blank=True)
    alternate_name = models.TextField(_("other name"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    tax_status = models.TextField(_("tax status"), blank=True)
    tax_id = models.TextField(_("tax identifier"), blank=True)
    year_incorporated = models.IntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.TextField(_("legal status"), blank=True)
    logo = models.URLField(_("logo"), blank=True, max_length=2000)
    uri = models.URLField(_("persistent address"), blank=True, max_length=2000)
    parent_organization_id = models.UUIDField(_("parent organization"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="organization_unique_name"),
            models.UniqueConstraint(
                fields=["community", "hsds_id"], name="organization_unique_hsds_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    referrals_role = models.CharField(
        _("referrals role"),
        max_length=10,
        choices=ReferralsRole.choices,
        default=ReferralsRole.NONE,
        blank=True,
        help_text=_("Lets the member send and receive referrals for their organization."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.community} · {self.get_role_display()}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> "InvitationQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).filter(
            Q(max_uses__isnull=True) | Q(uses__lt=models.F("max_uses"))
        )


class Invitation(TimeStampedModel):
    """An invitation to join a community with a role, sent by e-mail or shared as a link.

    The token in the link is an HMAC of a random nonce under SECRET_KEY: the database holds
    the nonce and a hash of the token, so a copy of the database alone cannot forge or
    reveal a link, while the server can show it again to the people who manage invitations.
    """

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("number of uses"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("times used"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(uses__lte=models.F("max_uses")),
                name="invitation_uses_within_limit",
            )
        ]

    def __str__(self) -> str:
        return self.email or str(_("link invitation"))

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_hex(16)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash_token(token)

    @property
    def token(self) -> str:
        return salted_hmac("groundwork.invitation", self.nonce, algorithm="sha256").hexdigest()[:43]

    def get_accept_url(self) -> str:
        return reverse("communities:invitation_accept", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and (self.max_uses is None or self.uses < self.max_uses)
        )


class InvitationAcceptance(models.Model):
    """Who accepted which invitation, and when (a link can be used by several people)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "user"], name="invitation_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.invitation}"


class Strategy(TimeStampedModel):
    """One strategy of a network's theory of change."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="strategies"
    )
    key = models.SlugField(_("short name"), max_length=60)
    # In English and in Spanish side by side; ``name`` and ``description`` pick the page's.
    name_en = models.CharField(_("name in English"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    description_en = models.TextField(_("description in English"), blank=True, max_length=2000)
    description_es = models.TextField(_("description in Spanish"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["network", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="strategy_unique_key")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_es)

    @property
    def description(self) -> str:
        return in_language(self.description_en, self.description_es)


class CoalitionStrategy(TimeStampedModel):
    """A coalition pursues one of its network's strategies, and says how."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="strategy_links",
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="coalition_links",
    )
    how = models.TextField(_("how we pursue it"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("strategy pursued")
        verbose_name_plural = _("strategies pursued")
        ordering = ["strategy__position", "strategy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "strategy"], name="coalition_strategy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.strategy}"


class NetworkGoal(TimeStampedModel):
    """A statewide goal a network sets and its coalitions work toward."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("statewide goal")
        verbose_name_plural = _("statewide goals")
        ordering = ["network", "position", "id"]

    def __str__(self) -> str:
        return self.title


class CountyGoal(TimeStampedModel):
    """A coalition's own goal for its county, linked to a statewide goal when it serves one."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="county_goals",
    )
    network_goal = models.ForeignKey(
        NetworkGoal,
        verbose_name=_("statewide goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="county_goals",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    target = models.CharField(
        _("target"), max_length=200, blank=True, help_text=_("What, by how much, by when.")
    )

    class Meta:
        verbose_name = _("county goal")
        verbose_name_plural = _("county goals")
        ordering = ["community", "id"]

    def __str__(self) -> str:
        return self.title


class JoinRequest(TimeStampedModel):
    """A coalition asks to join a network; one of the network's stewards accepts or declines
    (a decline says why). A community has at most one pending request at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the network")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the network"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("request to join a network")
        verbose_name_plural = _("requests to join a network")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="join_request_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} → {self.network}"
