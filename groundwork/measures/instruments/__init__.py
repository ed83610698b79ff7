"""The assessment instruments shipped with Groundwork, kept as data (one YAML file each).

Each file gives a title and an introduction in English and Spanish, the instrument's domains
(a key and a label in both languages) and its sections, each with five-point agreement
statements ("likert" questions). A statement names its domain, or takes its section's. Every
key is stable: waves of a survey match their questions by it, so a published key is never
reused for another statement.

The wording is the project's own and is distributed under the repository's licence.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Domain:
    key: str
    en: str
    es: str


@dataclass(frozen=True)
class Statement:
    key: str
    domain: Domain
    en: str
    es: str


@dataclass(frozen=True)
class Part:
    title_en: str
    title_es: str
    intro_en: str
    intro_es: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Spec:
    key: str
    title_en: str
    title_es: str
    intro_en: str
    intro_es: str
    domains: tuple[Domain, ...]
    sections: tuple[Part, ...]

    @property
    def statements(self) -> list[Statement]:
        return [s for part in self.sections for s in part.statements]


class InstrumentFileError(ValueError):
    pass


def _text(data: dict[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InstrumentFileError(f"{where}: {name} is missing")
    return " ".join(value.split())


def parse(data: Any, *, where: str = "instrument") -> Spec:
    """A Spec from a file's parsed content; InstrumentFileError says what is wrong."""
    if not isinstance(data, dict):
        raise InstrumentFileError(f"{where}: not a mapping")
    domains = {}
    for row in data.get("domains") or []:
        domain = Domain(
            key=_text(row, "key", where), en=_text(row, "en", where), es=_text(row, "es", where)
        )
        if domain.key in domains:
            raise InstrumentFileError(f"{where}: the domain {domain.key} appears twice")
        domains[domain.key] = domain
    if not domains:
        raise InstrumentFileError(f"{where}: no domains")
    keys: set[str] = set()
    parts = []
    for number, section in enumerate(data.get("sections") or [], 1):
        place = f"{where}, section {number}"
        statements = []
        for row in section.get("items") or []:
            key = _text(row, "key", place)
            domain_key = row.get("domain") or section.get("domain")
            if domain_key not in domains:
                raise InstrumentFileError(f"{place}: {key} has no known domain")
            if key in keys:
                raise InstrumentFileError(f"{place}: the key {key} appears twice")
            keys.add(key)
            statements.append(
                Statement(
                    key=key,
                    domain=domains[domain_key],
                    en=_text(row, "en", place),
                    es=_text(row, "es", place),
                )
            )
        if not statements:
            raise InstrumentFileError(f"{place}: no statements")
        parts.append(
            Part(
                title_en=_text(section, "title_en", place),
                title_es=_text(section, "title_es", place),
                intro_en=" ".join(str(section.get("intro_en") or "").split()),
                intro_es=" ".join(str(section.get("intro_es") or "").split()),
                statements=tuple(statements),
            )
        )
    if not parts:
        raise InstrumentFileError(f"{where}: no sections")
    return Spec(
        key=_text(data, "key", where),
        title_en=_text(data, "title_en", where),
        title_es=_text(data, "title_es", where),
        intro_en=_text(data, "intro_en", where),
        intro_es=_text(data, "intro_es", where),
        domains=tuple(domains.values()),
        sections=tuple(parts),
    )


@cache
def shipped() -> dict[str, Spec]:
    """Every shipped instrument by its key, in file-name order."""
    found = {}
    for path in sorted(HERE.glob("*.yaml")):
        spec = parse(yaml.safe_load(path.read_text(encoding="utf-8")), where=path.name)
        found[spec.key] = spec
    return found


def get(key: str) -> Spec | None:
    return shipped().get(key)
