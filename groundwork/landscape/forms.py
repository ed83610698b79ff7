"""The catalog's filters (a GET form: the page works without JavaScript)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.communities.counties import counties_in_state
from groundwork.communities.models import (
    FocusArea,
    MaturityStage,
    NetworkGoal,
    Region,
    Sector,
    Strategy,
)

from . import selectors
from .selectors import CatalogFilters

ANY = [("", _("Any"))]


class CatalogFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    stage = forms.MultipleChoiceField(
        label=_("Stage"),
        required=False,
        choices=MaturityStage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(
        label=_("Has this sector at the table"), required=False, choices=ANY + Sector.choices
    )
    lacks_sector = forms.ChoiceField(
        label=_("Lacks this sector"), required=False, choices=ANY + Sector.choices
    )
    focus = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=ANY + FocusArea.choices
    )
    strategy = forms.TypedChoiceField(
        label=_("Strategy pursued"), required=False, coerce=int, empty_value=None
    )
    goal = forms.TypedChoiceField(
        label=_("Works toward the statewide goal"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        data: Any = None,
        *,
        state: str,
        strategies: list[Strategy],
        goals: list[NetworkGoal],
        regions: list[Region] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.regions = {r.slug: r for r in regions or []}
        if self.regions:
            self.fields["region"].choices = ANY + [
                (r.slug, r.display_name) for r in self.regions.values()
            ]
        else:  # a network without regions: no such filter
            del self.fields["region"]
        self.fields["county"].choices = ANY + [
            (c.fips, c.name) for c in counties_in_state(state or "")
        ]
        self.fields["strategy"].choices = ANY + [(str(s.pk), s.name) for s in strategies]
        self.fields["goal"].choices = ANY + [(str(g.pk), g.title) for g in goals]
        for name in ("region", "county", "sector", "lacks_sector", "focus", "strategy", "goal"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "usa-select"

    def filters(self) -> CatalogFilters:
        """The filters asked for; values that are not valid choices are ignored."""
        if not self.is_bound:
            return CatalogFilters()
        self.is_valid()
        data = self.cleaned_data
        region = self.regions.get(data.get("region") or "")
        return CatalogFilters(
            region=region.pk if region else None,
            county=data.get("county") or "",
            stages=list(data.get("stage") or []),
            sector=data.get("sector") or "",
            lacks_sector=data.get("lacks_sector") or "",
            focus=data.get("focus") or "",
            strategy=data.get("strategy"),
            goal=data.get("goal"),
        )


def filtered_catalog(
    *, network: Any, user: Any, data: Any
) -> tuple[selectors.Catalog, CatalogFilterForm]:
    """The catalog for the filters in ``data`` (a query string or the API's parameters; None
    or empty for no filters), with its form: what the page, the CSV and the API all show."""
    strategies = list(network.strategies.order_by("position", "id"))
    goals = list(network.goals.order_by("position", "id"))
    form = CatalogFilterForm(
        data or None,
        state=network.state,
        strategies=strategies,
        goals=goals,
        regions=list(network.regions.order_by("name", "pk")),
    )
    result = selectors.catalog(
        network=network, user=user, filters=form.filters(), strategies=strategies, goals=goals
    )
    return result, form
