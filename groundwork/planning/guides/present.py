"""A guide (shipped or a community's copy) laid out for reading in one language.

The language of a guide's content can differ from the language of the site around it (a
facilitator reading the interface in English may print the Spanish guide for a table), so the
few labels inside the guide are content too, written here in both languages.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from groundwork.planning.defaults import FIVE_QUESTIONS

LANGUAGES = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    "contents": {"en": "Contents", "es": "Contenido"},
    "agenda": {"en": "Agenda at a glance", "es": "La agenda de un vistazo"},
    "day": {"en": "Day {n}", "es": "Día {n}"},
    "block": {"en": "Block", "es": "Bloque"},
    "time": {"en": "Time", "es": "Tiempo"},
    "group": {"en": "Group", "es": "Grupo"},
    "total": {"en": "Total", "es": "Total"},
    "question": {"en": "Question", "es": "Pregunta"},
    "large": {"en": "Large group", "es": "Grupo grande"},
    "small": {"en": "Small groups", "es": "Grupos pequeños"},
    "agenda_caption": {
        "en": "Blocks of day {n}, with their time and group size",
        "es": "Bloques del día {n}, con su duración y el tamaño del grupo",
    },
    # Shown in the other language, as a link to it.
    "read_in": {"en": "Read this guide in English", "es": "Leer esta guía en español"},
}

QUESTION_TEXT = {key: {"en": en, "es": es} for key, en, es, *_ in FIVE_QUESTIONS}


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


@dataclass
class PageSection:
    number: int
    anchor: str
    heading: str
    heading_lang: str
    body: str
    body_lang: str
    day: int | None
    day_label: str
    minutes: int | None
    time: str
    group: str
    question: str
    meta: list[str]


@dataclass
class AgendaDay:
    day: int
    label: str
    caption: str
    rows: list[PageSection] = field(default_factory=list)
    total: str = ""


@dataclass
class GuidePage:
    lang: str
    other_lang: str
    title: str
    summary: str
    sections: list[PageSection]
    agenda: list[AgendaDay]
    labels: dict[str, str]
    read_in_other: str


def _pick(obj: Any, name: str, lang: str) -> tuple[str, str]:
    """The field in `lang`, or in the other language (and which) when it is still empty."""
    other = "es" if lang == "en" else "en"
    value = getattr(obj, f"{name}_{lang}", "") or ""
    if value.strip():
        return value, lang
    return getattr(obj, f"{name}_{other}", "") or "", other


def guide_page(*, guide: Any, sections: Iterable[Any], lang: str) -> GuidePage:
    """Lay out `guide` (a Guide or a ShippedGuide) and its sections in `lang`."""
    lang = lang if lang in LANGUAGES else "en"
    other = "es" if lang == "en" else "en"
    labels = {key: value[lang] for key, value in LABELS.items()}
    page_sections = []
    days: dict[int, AgendaDay] = {}
    for number, item in enumerate(sections, start=1):
        heading, heading_lang = _pick(item, "heading", lang)
        body, body_lang = _pick(item, "body", lang)
        day_label = labels["day"].format(n=item.day) if item.day else ""
        time = duration(item.minutes) if item.minutes else ""
        group = labels[item.group_size] if item.group_size in ("large", "small") else ""
        question = QUESTION_TEXT.get(item.question, {}).get(lang, "")
        meta = [part for part in (day_label, time, group) if part]
        page_section = PageSection(
            number=number,
            anchor=f"part-{number}",
            heading=heading,
            heading_lang=heading_lang,
            body=body,
            body_lang=body_lang,
            day=item.day,
            day_label=day_label,
            minutes=item.minutes,
            time=time,
            group=group,
            question=question,
            meta=meta,
        )
        page_sections.append(page_section)
        if item.day:
            agenda_day = days.setdefault(
                item.day,
                AgendaDay(
                    day=item.day,
                    label=day_label,
                    caption=labels["agenda_caption"].format(n=item.day),
                ),
            )
            agenda_day.rows.append(page_section)
    for agenda_day in days.values():
        agenda_day.total = duration(sum(row.minutes or 0 for row in agenda_day.rows))
    title, _ = _pick(guide, "title", lang)
    summary, _ = _pick(guide, "summary", lang)
    return GuidePage(
        lang=lang,
        other_lang=other,
        title=title,
        summary=summary,
        sections=page_sections,
        agenda=[days[d] for d in sorted(days)],
        labels=labels,
        read_in_other=LABELS["read_in"][other],
    )
