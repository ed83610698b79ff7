"""The shape of a guide shipped with Groundwork: plain data, in English and Spanish.

Shipped guides are content, like the five questions in `defaults.py`: written here in both
languages rather than through gettext, and copied into a community's own `Guide` rows when its
facilitators want to adapt one.
"""

import textwrap
from dataclasses import dataclass

from groundwork.core.text import in_language

from .text import normalize


@dataclass(frozen=True)
class ShippedSection:
    heading_en: str
    heading_es: str
    body_en: str
    body_es: str
    day: int | None = None
    minutes: int | None = None
    group_size: str = ""  # a Gathering.Kind value, or "" when the whole team or no group
    question: str = ""  # a QuestionKey value, or ""

    @property
    def heading(self) -> str:
        return in_language(self.heading_en, self.heading_es)

    @property
    def body(self) -> str:
        return in_language(self.body_en, self.body_es)


@dataclass(frozen=True)
class ShippedGuide:
    slug: str
    title_en: str
    title_es: str
    summary_en: str
    summary_es: str
    sections: tuple[ShippedSection, ...]

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def summary(self) -> str:
        return in_language(self.summary_en, self.summary_es)


def section(
    heading_en: str,
    heading_es: str,
    body_en: str,
    body_es: str,
    *,
    day: int | None = None,
    minutes: int | None = None,
    group: str = "",
    question: str = "",
) -> ShippedSection:
    """A section whose bodies may be wrapped in the source; soft line breaks are joined."""
    return ShippedSection(
        heading_en=heading_en.strip(),
        heading_es=heading_es.strip(),
        body_en=normalize(textwrap.dedent(body_en)),
        body_es=normalize(textwrap.dedent(body_es)),
        day=day,
        minutes=minutes,
        group_size=group,
        question=question,
    )
