import factory
from factory.django import DjangoModelFactory

from groundwork.communities.tests.factories import NetworkFactory
from groundwork.measures.models import Instrument, Item, ItemKind, Section


class InstrumentFactory(DjangoModelFactory):
    class Meta:
        model = Instrument

    network = factory.SubFactory(NetworkFactory)
    community = None
    slug = factory.Sequence(lambda n: f"survey-{n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    title_es = factory.Sequence(lambda n: f"Encuesta {n}")
    status = Instrument.Status.OPEN


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    instrument = factory.SubFactory(InstrumentFactory)
    title_en = "About the coalition"
    title_es = "Sobre la coalición"


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = Item

    section = factory.SubFactory(SectionFactory)
    instrument = factory.LazyAttribute(lambda o: o.section.instrument)
    kind = ItemKind.LIKERT
    prompt_en = factory.Sequence(lambda n: f"Statement {n} in English")
    prompt_es = factory.Sequence(lambda n: f"Afirmación {n} en español")


def community_survey(tenant, **fields):  # type: ignore[no-untyped-def]
    """An open survey of the tenant's community, titled with the tenant's marker in both
    languages, with one required agree/disagree question."""
    instrument = InstrumentFactory(
        network=None,
        community=tenant.community,
        title_en=f"Survey {tenant.marker}",
        title_es=f"Encuesta {tenant.marker}",
        **fields,
    )
    ItemFactory(section=SectionFactory(instrument=instrument), kind=ItemKind.LIKERT, required=True)
    return instrument


def choices(*values: str) -> list[dict[str, str]]:
    return [{"value": v, "en": v.title(), "es": f"{v} (es)"} for v in values]


def result_with_series(
    tenant,  # type: ignore[no-untyped-def]
    *,
    values: tuple[float, ...] = (9.8, 10.4, 9.9, 9.1, 8.6),
    owner: str = "plan",
    name: str = "Reports per 1,000 children",
):
    """A result of the tenant (under its plan, its county goal or its network's goal) with one
    indicator and a yearly series from 2020. Returns (result, indicator)."""
    from groundwork.communities.models import CountyGoal, NetworkGoal
    from groundwork.measures.actions import indicators as actions

    if owner == "plan":
        kwargs = {"owner": tenant.plan, "community": tenant.community}
    elif owner == "county_goal":
        goal = CountyGoal.objects.create(community=tenant.community, title="Safe children")
        kwargs = {"owner": goal, "community": tenant.community}
    else:
        ngoal = NetworkGoal.objects.create(network=tenant.network, title="Thriving children")
        kwargs = {"owner": ngoal, "network": tenant.network}
    result = actions.result_create(
        actor=tenant.coordinator, title_en=f"Children are safe {tenant.marker}", **kwargs
    )
    indicator = actions.indicator_create(
        actor=tenant.coordinator,
        result=result,
        name_en=name,
        name_es="Casos por cada 1,000 niños",
        unit="per 1,000",
        direction="down",
        target_value=7.5,
        target_period="2028",
    )
    for offset, value in enumerate(values):
        actions.value_put(indicator=indicator, period=str(2020 + offset), value=value)
    return result, indicator
