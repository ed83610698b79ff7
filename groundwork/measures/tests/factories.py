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


def choices(*values: str) -> list[dict[str, str]]:
    return [{"value": v, "en": v.title(), "es": f"{v} (es)"} for v in values]
