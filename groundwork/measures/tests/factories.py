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


# The SVI county layout, cut down to the columns read plus a few others, two states' lines.
SYNTHETIC_SVI = (
    "\ufeffST,STATE,ST_ABBR,COUNTY,FIPS,LOCATION,E_TOTPOP,RPL_THEME1,RPL_THEME2,RPL_THEME3,"
    "RPL_THEME4,RPL_THEMES,F_TOTAL\n"
    '37,NORTH CAROLINA,NC,Ashe,37009,"Ashe County, North Carolina",27109,0.5859,0.4141,'
    "0.0505,0.3636,0.3939,1\n"
    '37,NORTH CAROLINA,NC,Durham,37063,"Durham County, North Carolina",306457,0.3737,'
    "0.1111,0.9495,0.7677,0.6061,3\n"
    '37,NORTH CAROLINA,NC,Hyde,37095,"Hyde County, North Carolina",5393,-999,-999,-999,'
    "-999,-999,0\n"
    '51,VIRGINIA,VA,Accomack,51001,"Accomack County, Virginia",32742,0.8,0.7,0.6,0.5,0.9,2\n'
).encode()


def counties_served(tenant, *codes: str) -> None:  # type: ignore[no-untyped-def]
    """The counties (FIPS codes) the tenant's community serves, as its profile lists them."""
    tenant.community.county_fips = list(codes)
    tenant.community.save()
