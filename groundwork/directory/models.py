"""The resource directory, modelled on Open Referral HSDS 3.0.

Each model is one HSDS table and its fields carry the HSDS names, so the CSV data package,
the JSON form and the API map onto them field by field (``hsds.py`` holds that map). Every
row belongs to a community (the tenant) and keeps its HSDS ``id`` as ``hsds_id``, unique
within the community. HSDS records refer to each other by ``id`` (``service.organization_id``
…), and so do these rows: a reference is a UUID looked up within the same community, which
keeps a package whole even when it names records published elsewhere (a parent organization,
a shared taxonomy). Organizations are ``communities.Organization`` (extended in place).

Fields that HSDS does not have are few and marked: the Spanish name and description, the
confidential flag on a location, the IANA time zone of a schedule, and the date a record was
last verified.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community
from groundwork.core.text import in_language

# The fields every HSDS row has here that are not HSDS fields themselves.
BOOKKEEPING = ("id", "community", "hsds_id", "created_at", "updated_at")


class HsdsRecord(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Fields of this model that HSDS does not define (never written to a package).
    EXTRA_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def unique_hsds_id(cls, name: str) -> list[models.BaseConstraint]:
        return [models.UniqueConstraint(fields=["community", "hsds_id"], name=name)]


def _ref(label: str) -> models.UUIDField:
    return models.UUIDField(label, null=True, blank=True, db_index=True)


def _text(label: str, *, required: bool = False) -> models.TextField:
    return models.TextField(label, blank=not required)


def _url(label: str) -> models.URLField:
    return models.URLField(label, blank=True, max_length=2000)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class Program(HsdsRecord):
    organization_id = _ref(_("organization"))
    name = _text(_("name"), required=True)
    alternate_name = _text(_("other name"))
    description = _text(_("description"), required=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = HsdsRecord.unique_hsds_id("program_unique_hsds_id")

    def __str__(self) -> str:
        return self.name


class Service(HsdsRecord):
    organization_id = _ref(_("organization"))
    program_id = _ref(_("program"))
    name = _text(_("name"), required=True)
    alternate_name = _text(_("other name"))
    description = _text(_("description"))
    url = _url(_("web address"))
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = _text(_("interpretation"))
    application_process = _text(_("how to apply"))
    fees_description = _text(_("fees, described"))
    wait_time = _text(_("wait time"))
    fees = _text(_("fees"))
    accreditations = _text(_("accreditations"))
    eligibility_description = _text(_("who can use it"))
    minimum_age = models.FloatField(_("minimum age"), null=True, blank=True)
    maximum_age = models.FloatField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("date assured"), null=True, blank=True)
    assurer_email = models.EmailField(_("assurer's e-mail"), blank=True)
    licenses = _text(_("licenses"))
    alert = _text(_("alert"))
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)
    # Not HSDS:
    name_es = _text(_("name in Spanish"))
    description_es = _text(_("description in Spanish"))
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive service"),
        default=False,
        help_text=_(
            "Substance-use treatment (42 CFR Part 2), domestic-violence services (VAWA) and the "
            "like: referrals need written or self-confirmed consent with an end date."
        ),
    )

    EXTRA_FIELDS = ("name_es", "description_es", "last_verified", "sensitive")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = HsdsRecord.unique_hsds_id("service_unique_hsds_id")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_es)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_es)


class Location(HsdsRecord):
    location_type = models.CharField(
        _("kind of location"), max_length=10, choices=LocationType.choices
    )
    url = _url(_("web address"))
    organization_id = _ref(_("organization"))
    name = _text(_("name"))
    alternate_name = _text(_("other name"))
    description = _text(_("description"))
    transportation = _text(_("getting there"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = _text(_("external identifier"))
    external_identifier_type = _text(_("kind of external identifier"))
    # Not HSDS:
    name_es = _text(_("name in Spanish"))
    description_es = _text(_("description in Spanish"))
    confidential = models.BooleanField(
        _("confidential address"),
        default=False,
        help_text=_(
            "The address and coordinates are shown only to the organization's own members: "
            "never on public pages, in exports or in the API."
        ),
    )

    EXTRA_FIELDS = ("name_es", "description_es", "confidential")
    # What a confidential location keeps to itself (its addresses are withheld too).
    CONFIDENTIAL_FIELDS = ("latitude", "longitude")

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = HsdsRecord.unique_hsds_id("location_unique_hsds_id")
        # Distance searches narrow locations to a box of latitude and longitude first.
        indexes = [
            models.Index(fields=["community", "latitude", "longitude"], name="location_coordinates")
        ]

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class ServiceAtLocation(HsdsRecord):
    service_id = _ref(_("service"))
    location_id = _ref(_("location"))
    description = _text(_("description"))

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = HsdsRecord.unique_hsds_id("service_at_location_unique_hsds_id")

    def __str__(self) -> str:
        return str(self.hsds_id)


class Address(HsdsRecord):
    location_id = _ref(_("location"))
    attention = _text(_("attention"))
    address_1 = _text(_("address"), required=True)
    address_2 = _text(_("address, second line"))
    city = _text(_("city"), required=True)
    region = _text(_("region"))
    state_province = _text(_("state"), required=True)
    postal_code = _text(_("postal code"), required=True)
    country = _text(_("country"), required=True)
    address_type = models.CharField(
        _("kind of address"), max_length=10, choices=LocationType.choices
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = HsdsRecord.unique_hsds_id("address_unique_hsds_id")
        # The search filters by it (``search.spellings``).
        indexes = [models.Index(fields=["community", "region"], name="address_region")]

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city}"


class Phone(HsdsRecord):
    location_id = _ref(_("location"))
    service_id = _ref(_("service"))
    organization_id = _ref(_("organization"))
    contact_id = _ref(_("contact"))
    service_at_location_id = _ref(_("service at a location"))
    number = _text(_("number"), required=True)
    extension = models.FloatField(_("extension"), null=True, blank=True)
    type = _text(_("kind of phone"))
    description = _text(_("description"))

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        constraints = HsdsRecord.unique_hsds_id("phone_unique_hsds_id")

    def __str__(self) -> str:
        return self.number


class Schedule(HsdsRecord):
    """When a service or location is open, as an RFC 5545 recurrence (HSDS 3.0):
    ``freq``/``interval``/``byday``/… with ``opens_at``–``closes_at`` in local time.
    ``schedules.py`` computes "open now" and the next opening from it."""

    service_id = _ref(_("service"))
    location_id = _ref(_("location"))
    service_at_location_id = _ref(_("service at a location"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first day"), null=True, blank=True)
    timezone = models.FloatField(_("UTC offset"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.IntegerField(_("number of times"), null=True, blank=True)
    wkst = models.CharField(_("week starts"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.IntegerField(_("interval"), null=True, blank=True)
    byday = _text(_("days"))
    byweekno = _text(_("weeks of the year"))
    bymonthday = _text(_("days of the month"))
    byyearday = _text(_("days of the year"))
    description = _text(_("description"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = _url(_("schedule link"))
    attending_type = _text(_("how to attend"))
    notes = _text(_("notes"))
    # Not HSDS: the IANA zone the times are in (HSDS gives only a UTC offset, which moves with
    # daylight saving); blank means the site's zone.
    tz_name = models.CharField(_("time zone"), max_length=64, blank=True)

    EXTRA_FIELDS = ("tz_name",)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = HsdsRecord.unique_hsds_id("schedule_unique_hsds_id")

    def __str__(self) -> str:
        return self.description or str(self.hsds_id)


class Language(HsdsRecord):
    service_id = _ref(_("service"))
    location_id = _ref(_("location"))
    phone_id = _ref(_("phone"))
    name = _text(_("name"))
    code = _text(_("code"))
    note = _text(_("note"))

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = HsdsRecord.unique_hsds_id("language_unique_hsds_id")
        # The search filters by it (``search.spellings``).
        indexes = [models.Index(fields=["community", "code"], name="language_code")]

    def __str__(self) -> str:
        return self.name or self.code


class Accessibility(HsdsRecord):
    location_id = _ref(_("location"))
    description = _text(_("description"))
    details = _text(_("details"))
    url = _url(_("web address"))

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")
        constraints = HsdsRecord.unique_hsds_id("accessibility_unique_hsds_id")

    def __str__(self) -> str:
        return self.description or str(self.hsds_id)


class ServiceArea(HsdsRecord):
    service_id = _ref(_("service"))
    name = _text(_("name"))
    description = _text(_("description"))
    extent = _text(_("extent"))
    extent_type = _text(_("kind of extent"))
    uri = _text(_("identifier"))

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = HsdsRecord.unique_hsds_id("service_area_unique_hsds_id")
        # The search filters by it (``search.spellings``).
        indexes = [models.Index(fields=["community", "name"], name="service_area_name")]

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class CostOption(HsdsRecord):
    service_id = _ref(_("service"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = _text(_("option"))
    currency = _text(_("currency"))
    amount = models.FloatField(_("amount"), null=True, blank=True)
    amount_description = _text(_("amount, described"))

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")
        constraints = HsdsRecord.unique_hsds_id("cost_option_unique_hsds_id")

    def __str__(self) -> str:
        return self.option or str(self.hsds_id)


class RequiredDocument(HsdsRecord):
    service_id = _ref(_("service"))
    document = _text(_("document"))
    uri = _url(_("web address"))

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = HsdsRecord.unique_hsds_id("required_document_unique_hsds_id")

    def __str__(self) -> str:
        return self.document or str(self.hsds_id)


class Taxonomy(HsdsRecord):
    name = _text(_("name"), required=True)
    description = _text(_("description"), required=True)
    uri = _url(_("web address"))
    version = _text(_("version"))

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        constraints = HsdsRecord.unique_hsds_id("taxonomy_unique_hsds_id")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsRecord):
    code = _text(_("code"))
    name = _text(_("name"), required=True)
    description = _text(_("description"), required=True)
    parent_id = _ref(_("parent term"))
    taxonomy = _text(_("taxonomy name"))
    language = _text(_("language"))
    taxonomy_id = _ref(_("taxonomy"))
    term_uri = _url(_("web address"))

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = HsdsRecord.unique_hsds_id("taxonomy_term_unique_hsds_id")

    def __str__(self) -> str:
        return self.name


class Attribute(HsdsRecord):
    """A taxonomy term attached to any record (``link_entity`` names its table)."""

    link_id = _ref(_("linked record"))
    taxonomy_term_id = _ref(_("taxonomy term"))
    link_type = _text(_("kind of link"))
    link_entity = _text(_("linked table"))
    value = _text(_("value"))

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        constraints = HsdsRecord.unique_hsds_id("attribute_unique_hsds_id")

    def __str__(self) -> str:
        return self.value or str(self.hsds_id)


class Funding(HsdsRecord):
    organization_id = _ref(_("organization"))
    service_id = _ref(_("service"))
    source = _text(_("source"))

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = HsdsRecord.unique_hsds_id("funding_unique_hsds_id")

    def __str__(self) -> str:
        return self.source or str(self.hsds_id)


class Contact(HsdsRecord):
    organization_id = _ref(_("organization"))
    service_id = _ref(_("service"))
    service_at_location_id = _ref(_("service at a location"))
    location_id = _ref(_("location"))
    name = _text(_("name"))
    title = _text(_("title"))
    department = _text(_("department"))
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = HsdsRecord.unique_hsds_id("contact_unique_hsds_id")

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class OrganizationIdentifier(HsdsRecord):
    organization_id = _ref(_("organization"))
    identifier_scheme = _text(_("identifier scheme"))
    identifier_type = _text(_("kind of identifier"), required=True)
    identifier = _text(_("identifier"), required=True)

    class Meta:
        verbose_name = _("organization identifier")
        verbose_name_plural = _("organization identifiers")
        constraints = HsdsRecord.unique_hsds_id("organization_identifier_unique_hsds_id")

    def __str__(self) -> str:
        return self.identifier


class Metadata(HsdsRecord):
    """A change record as a package publishes it (HSDS ``metadata``), kept as received."""

    resource_id = _ref(_("record"))
    resource_type = _text(_("kind of record"))
    last_action_date = _text(_("date of the change"), required=True)
    last_action_type = _text(_("kind of change"), required=True)
    field_name = _text(_("field"), required=True)
    previous_value = _text(_("previous value"), required=True)
    replacement_value = _text(_("new value"), required=True)
    updated_by = _text(_("changed by"), required=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        constraints = HsdsRecord.unique_hsds_id("metadata_unique_hsds_id")

    def __str__(self) -> str:
        return f"{self.resource_type} {self.field_name}"


class MetaTableDescription(HsdsRecord):
    name = _text(_("name"))
    language = _text(_("language"))
    character_set = _text(_("character set"))

    class Meta:
        verbose_name = _("table description")
        verbose_name_plural = _("table descriptions")
        constraints = HsdsRecord.unique_hsds_id("meta_table_description_unique_hsds_id")

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


# Assets: the community's strengths, as asset-based community development (ABCD) maps them ----


class AssetKind(models.TextChoices):
    """ABCD's six kinds of assets."""

    INDIVIDUAL = "individual", _("Gifts and skills of individuals")
    ASSOCIATION = "association", _("Associations")
    INSTITUTION = "institution", _("Institutions")
    PLACE = "place", _("Physical places")
    ECONOMIC = "economic", _("Economic assets")
    CULTURE = "culture", _("Culture and stories")


class Consent(models.TextChoices):
    """What a person agreed to, for an individual's gifts and skills. Blank: not recorded."""

    FIRST_NAME = "first_name", _("Shown with their first name")
    ANONYMOUS = "anonymous", _("Shown without a name")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


# The consents under which an individual's gifts may be shown at all.
SHOWN_CONSENTS = (Consent.FIRST_NAME, Consent.ANONYMOUS)


class ContactVisibility(models.TextChoices):
    PUBLIC = "public", _("Anyone who can see the asset map")
    MEMBERS = "members", _("Members of the community only")


class AssetQuerySet(models.QuerySet["Asset"]):
    def shown(self) -> "AssetQuerySet":
        """Assets that may be shown to anyone at all: an individual's gifts only with the
        person's recorded consent."""
        return self.exclude(
            models.Q(kind=AssetKind.INDIVIDUAL) & ~models.Q(consent__in=SHOWN_CONSENTS)
        )


class Asset(models.Model):
    """A strength of the community: a person's gifts, an association, an institution, a place,
    an economic asset, or its culture and stories. Named in English and Spanish; optionally
    placed (an address and/or a point); its contact public or for members only; linked to the
    residents' answers it was promoted from."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="assets"
    )
    kind = models.CharField(_("kind of asset"), max_length=20, choices=AssetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=2000, blank=True)
    county_fips = models.CharField(
        _("county"), max_length=5, blank=True, help_text=_("One of the counties served.")
    )
    area = models.CharField(
        _("area"),
        max_length=200,
        blank=True,
        help_text=_("A neighborhood, town or part of the county."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_visibility = models.CharField(
        _("who sees the contact"),
        max_length=10,
        choices=ContactVisibility.choices,
        default=ContactVisibility.MEMBERS,
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # Individuals' gifts and skills only: the person's first name and what they agreed to.
    person_first_name = models.CharField(_("first name"), max_length=80, blank=True)
    consent = models.CharField(
        _("consent"), max_length=12, choices=Consent.choices, blank=True, default=""
    )
    consent_note = models.CharField(
        _("how consent was recorded"),
        max_length=300,
        blank=True,
        help_text=_("For example: signed the paper form at the September gathering."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    contributions = models.ManyToManyField(
        "planning.Contribution",
        verbose_name=_("residents' answers"),
        blank=True,
        related_name="assets",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="asset_point_on_earth",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="individual") | models.Q(person_first_name=""),
                name="asset_first_name_only_for_individuals",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shown(self) -> bool:
        return self.kind != AssetKind.INDIVIDUAL or self.consent in SHOWN_CONSENTS

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_es)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_es)

    @property
    def shown_first_name(self) -> str:
        """The person's first name where they agreed to it; otherwise nothing."""
        if self.kind == AssetKind.INDIVIDUAL and self.consent == Consent.FIRST_NAME:
            return self.person_first_name
        return ""

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class AllyOrigin(models.Model):
    """An answer to the allies question that a facilitator promoted into an organization: the
    organization keeps the residents' words that named it."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "communities.Organization", on_delete=models.CASCADE, related_name="origins"
    )
    contribution = models.ForeignKey(
        "planning.Contribution", on_delete=models.CASCADE, related_name="ally_origins"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ally named by residents")
        verbose_name_plural = _("allies named by residents")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contribution"], name="ally_origin_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} ← {self.contribution_id}"


class VerificationReminder(models.Model):
    """A "confirm these details are still right" e-mail sent to an organization: when and to
    which address. At most one is sent per organization in each reminder period
    (``DIRECTORY_REMINDER_MONTHS``); the link it carries is bound to the organization and this
    address."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "communities.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="verification_reminders",
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent"), db_index=True)

    class Meta:
        verbose_name = _("verification reminder")
        verbose_name_plural = _("verification reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.sent_at:%Y-%m-%d}"


class OpeningWindow(models.Model):
    """When a schedule is open in a week, as the search filters "open now" in SQL: one row per
    stretch of a week in wall-clock seconds from Monday 00:00 in the schedule's zone
    (``starts`` inclusive, ``ends`` exclusive; a stretch past Sunday midnight is cut in two),
    bounded by the first and last days the rule runs. Derived from ``Schedule`` alone
    (``opening_windows.py`` writes them on every save and after an import); a rule that does
    not repeat week after week (monthly, every other week, a number of times) has a single row
    ``exact=False`` covering the week, and is evaluated with its recurrence rule instead."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    schedule = models.ForeignKey(
        Schedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="windows"
    )
    # The schedule's references, copied so the search needs no join to the schedules.
    service_id = models.UUIDField(_("service"), null=True, blank=True)
    service_at_location_id = models.UUIDField(_("service at a location"), null=True, blank=True)
    # The zone as the schedule names it: an IANA name; blank with an offset (HSDS's fixed
    # ``timezone``); blank without one: the site's zone when the search runs.
    tz_name = models.CharField(_("time zone"), max_length=64, blank=True)
    utc_offset = models.FloatField(_("UTC offset"), null=True, blank=True)
    starts = models.IntegerField(_("opens (seconds into the week)"))
    ends = models.IntegerField(_("closes (seconds into the week)"))
    first_day = models.DateField(_("first day"), null=True, blank=True)
    last_day = models.DateField(_("last day"), null=True, blank=True)
    exact = models.BooleanField(_("weekly"), default=True)

    class Meta:
        verbose_name = _("opening window")
        verbose_name_plural = _("opening windows")
        indexes = [
            # Covering: the windows open at a moment are read from the index alone.
            models.Index(
                fields=[
                    "community",
                    "tz_name",
                    "starts",
                    "ends",
                    "exact",
                    "first_day",
                    "last_day",
                    "utc_offset",
                    "service_id",
                    "service_at_location_id",
                ],
                name="window_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.starts}–{self.ends}"
