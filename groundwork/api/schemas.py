from datetime import date, datetime

from ninja import Schema


class NetworkOut(Schema):
    slug: str
    name: str
    state: str
    description: str


class CommunityOut(Schema):
    slug: str
    name: str
    kind: str
    network: str | None
    coalition_name: str
    area_served: str
    sectors: list[str]
    is_public: bool

    @staticmethod
    def resolve_network(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.network.slug if obj.network_id else None


class CommunityIn(Schema):
    name: str
    slug: str
    kind: str
    coalition_name: str = ""
    area_served: str = ""
    description: str = ""
    sectors: list[str] = []
    is_public: bool = True
    network: str | None = None


class MembershipOut(Schema):
    id: int
    name: str
    role: str
    organization: str | None

    @staticmethod
    def resolve_name(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.user.name

    @staticmethod
    def resolve_organization(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.organization.name if obj.organization_id else None


class OrganizationOut(Schema):
    id: int
    name: str
    sector: str
    website: str
    description: str


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ValidationErrorOut(Schema):
    """What a 422 carries: a summary and, per field at fault, a message in the caller's
    language."""

    detail: str
    errors: list[FieldErrorOut]


class ProcessOut(Schema):
    slug: str
    title: str
    title_es: str
    purpose: str
    starts_on: date | None
    ends_on: date | None
    phase: str | None

    @staticmethod
    def resolve_phase(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.current_phase.kind if obj.current_phase_id else None


class ContributionOut(Schema):
    id: int
    question: str
    text: str
    language: str
    channel: str
    gathering: str | None
    # For answers to the barriers question: internal, external or unspecified; else "".
    barrier_kind: str
    created_at: datetime
    moderation: str

    @staticmethod
    def resolve_question(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.question.key

    @staticmethod
    def resolve_gathering(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.gathering.title if obj.gathering_id else None


class ContributionFilters(Schema):
    question: str = ""
    # internal, external or unspecified: answers to the barriers question of that kind.
    barrier_kind: str = ""
    channel: str = ""
    language: str = ""
    gathering: int | None = None
    moderation: str = ""
    q: str = ""
