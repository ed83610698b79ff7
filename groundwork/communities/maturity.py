"""A coalition's stage, derived from what it has in place (no database access).

The stages follow the Community Coalition Action Theory (Butterfoss and Kegler): a coalition
forms, maintains itself and becomes institutionalized; before forming, a group is beginning to
raise awareness. The rule is deliberately simple and is explained to people on the page:

- **Institutionalized**: meets regularly, has a leadership structure, a paid coordinator, a
  backbone agency and a written shared vision (data use is not required).
- **Maintaining**: meets regularly and has a leadership structure, and has a written shared
  vision or uses data to guide its work.
- **Forming**: meets regularly or has a leadership structure.
- **Beginning to raise awareness**: none of the above yet.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import MaturityStage

INDICATORS: list[tuple[str, Any]] = [
    ("meets_regularly", _("Meets regularly")),
    ("has_leadership_structure", _("Has a leadership structure")),
    ("has_shared_vision", _("Has a written shared vision")),
    ("uses_data", _("Uses data to guide its work")),
    ("has_paid_coordinator", _("Has a paid coordinator")),
    ("has_backbone_agency", _("Has a backbone agency")),
]

# The five conditions of collective impact, each self-rated 1 (not yet) to 5 (fully).
RATING_FIELDS = (
    "ci_common_agenda",
    "ci_shared_measurement",
    "ci_mutually_reinforcing",
    "ci_communication",
    "ci_backbone",
)

_FORMING = ("meets_regularly", "has_leadership_structure")
_INSTITUTIONALIZED = (
    "meets_regularly",
    "has_leadership_structure",
    "has_paid_coordinator",
    "has_backbone_agency",
    "has_shared_vision",
)


@dataclass(frozen=True)
class Maturity:
    stage: str  # a MaturityStage value
    has: list[Any]  # labels of the indicators in place
    missing: list[Any]  # labels of the indicators not yet in place
    next_stage: str | None
    to_reach_next: list[Any]  # what would move the coalition to the next stage

    @property
    def stage_label(self) -> Any:
        return MaturityStage(self.stage).label

    @property
    def next_stage_label(self) -> Any:
        return MaturityStage(self.next_stage).label if self.next_stage else None


def _labels(names: tuple[str, ...] | list[str]) -> list[Any]:
    labels = dict(INDICATORS)
    return [labels[n] for n in names]


def stage_of(flags: dict[str, bool]) -> str:
    def on(name: str) -> bool:
        return bool(flags.get(name))

    if all(on(n) for n in _INSTITUTIONALIZED):
        return MaturityStage.INSTITUTIONALIZED.value
    settled = on("meets_regularly") and on("has_leadership_structure")
    if settled and (on("has_shared_vision") or on("uses_data")):
        return MaturityStage.MAINTAINING.value
    if any(on(n) for n in _FORMING):
        return MaturityStage.FORMING.value
    return MaturityStage.AWARENESS.value


def maturity(flags: dict[str, bool]) -> Maturity:
    """The stage for these indicator flags, with what is in place and what would come next."""
    stage = stage_of(flags)
    has = [name for name, _label in INDICATORS if flags.get(name)]
    missing = [name for name, _label in INDICATORS if not flags.get(name)]
    order = [s.value for s in MaturityStage]
    index = order.index(stage)
    next_stage = order[index + 1] if index + 1 < len(order) else None
    if next_stage == MaturityStage.FORMING:
        needed: tuple[str, ...] = ("meets_regularly",)
    elif next_stage == MaturityStage.MAINTAINING:
        # A written shared vision, unless data already guides the work (either one counts).
        needed = ("meets_regularly", "has_leadership_structure")
        if not flags.get("uses_data"):
            needed += ("has_shared_vision",)
    elif next_stage == MaturityStage.INSTITUTIONALIZED:
        needed = _INSTITUTIONALIZED
    else:
        needed = ()
    to_reach = [name for name in needed if not flags.get(name)]
    return Maturity(stage, _labels(has), _labels(missing), next_stage, _labels(to_reach))


def flags_of(community: Any) -> dict[str, bool]:
    return {name: bool(getattr(community, name)) for name, _label in INDICATORS}


def community_maturity(community: Any) -> Maturity:
    return maturity(flags_of(community))


# The default theory of change, stored in both languages when a network is created (key,
# English, Spanish); the network's staff may reword, add or remove strategies afterwards.
DEFAULT_STRATEGIES: list[tuple[str, str, str]] = [
    (
        "raise-awareness",
        "Raise awareness about trauma and resilience",
        "Crear conciencia sobre el trauma y la resiliencia",
    ),
    (
        "shift-power",
        "Shift power dynamics in decision-making and leadership",
        "Cambiar las dinámicas de poder en la toma de decisiones y el liderazgo",
    ),
    (
        "foster-collaboration",
        "Foster collaboration among agencies and residents",
        "Fomentar la colaboración entre agencias y residentes",
    ),
    (
        "informed-practice",
        "Create trauma- and asset-informed practice and programs",
        "Crear prácticas y programas informados sobre el trauma y basados en las fortalezas",
    ),
    ("policy-change", "Advocate for policy change", "Abogar por cambios de políticas"),
    (
        "investment",
        "Increase financial and community investment",
        "Aumentar la inversión financiera y comunitaria",
    ),
    (
        "community-power",
        "Leverage community power and local expertise",
        "Aprovechar el poder de la comunidad y el conocimiento local",
    ),
]
