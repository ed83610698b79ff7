"""Every write to planning goes through here: validated, atomic, audited. The writes live in
actions/ by concept (processes, participants, contributions, gatherings, guides, population);
this module is their one import point."""

from .actions.contributions import (
    Answer,
    contribution_moderate,
    contributions_submit,
)
from .actions.gatherings import (
    DEFAULT_GATHERING_LENGTH,
    GATHERING_FIELDS,
    gathering_mode,
    gathering_save,
)
from .actions.guides import (
    GUIDE_SECTION_FIELDS,
    guide_copy,
    guide_section_delete,
    guide_section_save,
    guide_update,
)
from .actions.participants import (
    participant_create,
    participant_describe,
)
from .actions.population import (
    MAX_POPULATION,
    PopulationEntry,
    PopulationFiguresInvalid,
    population_figures_check,
    population_figures_save,
    population_groups,
)
from .actions.processes import (
    late_capture_allowed,
    process_create,
    process_set_phase,
    process_update,
)

__all__ = [
    "Answer",
    "DEFAULT_GATHERING_LENGTH",
    "GATHERING_FIELDS",
    "GUIDE_SECTION_FIELDS",
    "MAX_POPULATION",
    "PopulationEntry",
    "PopulationFiguresInvalid",
    "contribution_moderate",
    "contributions_submit",
    "gathering_mode",
    "gathering_save",
    "guide_copy",
    "guide_section_delete",
    "guide_section_save",
    "guide_update",
    "late_capture_allowed",
    "participant_create",
    "participant_describe",
    "population_figures_check",
    "population_figures_save",
    "population_groups",
    "process_create",
    "process_set_phase",
    "process_update",
]
