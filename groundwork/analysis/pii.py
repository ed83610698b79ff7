"""Spotting personal data in free text (phone numbers, e-mail addresses, street addresses),
so that answers containing it are held for review before anyone else sees them.

Deliberately cautious: a false alarm costs a facilitator one click; a miss can expose a
resident. No Django imports.
"""

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# North American numbers with or without separators, and international +CC numbers.
_PHONE = re.compile(
    r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
    r"|(?<!\d)\+\d{1,3}(?:[\s.-]?\d{2,4}){3,5}(?!\d)"
)
_STREET_WORDS = (
    r"street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|circle|cir|way"
    r"|highway|hwy|place|pl|terrace|parkway|pkwy|trail|calle|avenida|camino|carretera"
)
# "123 Main Street", "4501 N. Oak Ave", "Calle Real 45", "Avenida Juárez 1200"
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Za-zÀ-ÿ'.-]+\s+){{1,4}}(?:{_STREET_WORDS})\b\.?"
    rf"|\b(?:calle|avenida|camino|carretera)\s+(?:[A-Za-zÀ-ÿ'.-]+\s+){{1,4}}\d{{1,6}}\b",
    re.IGNORECASE | re.UNICODE,
)


@dataclass(frozen=True)
class PersonalDataFinding:
    kind: str  # "email" | "phone" | "address"
    start: int
    end: int


def find_personal_data(text: str) -> list[PersonalDataFinding]:
    findings = [
        PersonalDataFinding(kind, m.start(), m.end())
        for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("address", _ADDRESS))
        for m in pattern.finditer(text)
    ]
    return sorted(findings, key=lambda f: f.start)


def looks_personal(text: str) -> bool:
    return bool(find_personal_data(text))
