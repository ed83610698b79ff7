"""The CDC/ATSDR Social Vulnerability Index (SVI), county file, into indicators.

Reads any SVI county CSV of the CDC's layout (every release from 2014 on; any state, or the
whole country): one line per county with ``FIPS``, ``COUNTY``, ``ST_ABBR`` and the percentile
ranks ``RPL_THEMES`` (overall) and ``RPL_THEME1`` to ``RPL_THEME4`` (the four themes), from 0
(least vulnerable) to 1 (most); -999 means no data. The year is not in the file: the person
importing says which release it is.

For each county the result's community serves (for a statewide goal: the counties of the
network's communities) it keeps five indicators under the result, one per percentile, found
again on the next import by a key (``svi:RPL_THEMES:37053``), and writes the year's value.
When the file has the population estimate ``E_TOTPOP`` it is kept too, as a sixth indicator
(``svi:E_TOTPOP:37053``; not counted in the figures returned), for funding per resident.
All or nothing.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community

from ..models import Direction, Indicator, Result
from .indicators import audit, value_put
from .value_import import ImportRefused, decode, parse_number

SOURCE = "CDC/ATSDR Social Vulnerability Index"
MISSING = -999
FIRST_YEAR, LAST_YEAR = 2000, 2100

# (column, names before the 2020 release, names from 2020 on): English, Spanish.
MEASURES = (
    (
        "RPL_THEMES",
        ("Social vulnerability, overall", "Vulnerabilidad social, general"),
        ("Social vulnerability, overall", "Vulnerabilidad social, general"),
    ),
    (
        "RPL_THEME1",
        ("Socioeconomic status", "Situación socioeconómica"),
        ("Socioeconomic status", "Situación socioeconómica"),
    ),
    (
        "RPL_THEME2",
        ("Household composition and disability", "Composición del hogar y discapacidad"),
        ("Household characteristics", "Características del hogar"),
    ),
    (
        "RPL_THEME3",
        ("Minority status and language", "Condición de minoría e idioma"),
        ("Racial and ethnic minority status", "Condición de minoría racial y étnica"),
    ),
    (
        "RPL_THEME4",
        ("Housing type and transportation", "Tipo de vivienda y transporte"),
        ("Housing type and transportation", "Tipo de vivienda y transporte"),
    ),
)
POPULATION = "E_TOTPOP"
REQUIRED = ("FIPS",) + tuple(column for column, _old, _new in MEASURES)


@dataclass(frozen=True)
class SviImported:
    counties: int
    values: int
    missing: int  # -999 in the file: no value written
    indicators_created: int
    populations: int = 0  # counties whose population (E_TOTPOP) was written


def result_counties(result: Result) -> list[str]:
    """The five-digit FIPS codes of the counties the result is about."""
    if result.community_id:
        communities = [result.community]
    else:
        communities = list(Community.objects.filter(network=result.network_goal.network))  # type: ignore[union-attr]
    codes: list[str] = []
    for community in communities:
        for code in community.county_fips or []:
            if code not in codes:
                codes.append(str(code))
    return codes


def read_svi(data: bytes) -> dict[str, dict[str, str]]:
    """The file's lines by five-digit FIPS code."""
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    header = [(name or "").strip().upper() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused(
            [
                _("Line 1: this is not an SVI county file; it lacks the columns %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )
    reader.fieldnames = header
    rows: dict[str, dict[str, str]] = {}
    try:
        for row in reader:
            fips = (row.get("FIPS") or "").strip()
            if fips.isdigit() and len(fips) <= 5:
                row["_line"] = str(reader.line_num)
                rows[fips.zfill(5)] = row
    except csv.Error as error:
        raise ImportRefused(
            [_("Line %(line)s: %(problem)s") % {"line": reader.line_num, "problem": error}]
        ) from None
    return rows


def _place(row: dict[str, str], fips: str) -> str:
    location = (row.get("LOCATION") or "").strip()
    if location:
        return location
    name = (row.get("COUNTY") or "").strip() or fips
    state = (row.get("ST_ABBR") or "").strip()
    return f"{name}, {state}" if state else name


@transaction.atomic
def svi_import(*, actor: Any, result: Result, data: bytes, year: int) -> SviImported:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ImportRefused([_("Enter the year of the SVI release, for example 2018.")])
    counties = result_counties(result)
    if not counties:
        raise ImportRefused(
            [_("No counties are listed for this community yet: add them to its profile first.")]
        )
    rows = read_svi(data)
    found = [code for code in counties if code in rows]
    if not found:
        raise ImportRefused(
            [
                _("None of the counties served (%(codes)s) is in this file.")
                % {"codes": ", ".join(counties)}
            ]
        )
    errors = []
    for code in found:
        row = rows[code]
        for column, _old, _new in MEASURES:
            number = parse_number(row.get(column) or "")
            if number is None or (number != MISSING and not 0 <= number <= 1):
                errors.append(
                    _("Line %(line)s: %(column)s is “%(value)s”, not a percentile from 0 to 1.")
                    % {"line": row["_line"], "column": column, "value": row.get(column, "")}
                )
        population = parse_number(row.get(POPULATION) or "")
        if (row.get(POPULATION) or "").strip() and (
            population is None or (population != MISSING and population < 0)
        ):
            errors.append(
                _("Line %(line)s: %(column)s is “%(value)s”, not a number of people.")
                % {"line": row["_line"], "column": POPULATION, "value": row.get(POPULATION, "")}
            )
    if errors:
        raise ImportRefused(errors)
    values = missing = created = populations = 0
    for code in found:
        row = rows[code]
        place = _place(row, code)
        for column, old, new in MEASURES:
            name_en, name_es = new if year >= 2020 else old
            indicator, made = Indicator.objects.get_or_create(
                result=result,
                source_key=f"svi:{column}:{code}",
                defaults={
                    "community": result.community,
                    "name_en": f"{name_en} (SVI percentile), {place}",
                    "name_es": f"{name_es} (percentil del SVI), {place}",
                    "description_en": (
                        "Percentile rank of the county among the counties of the file "
                        "(0 = least vulnerable, 1 = most vulnerable)."
                    ),
                    "description_es": (
                        "Rango percentil del condado entre los condados del archivo "
                        "(0 = el menos vulnerable, 1 = el más vulnerable)."
                    ),
                    "unit": "0–1",
                    "direction": Direction.DOWN,
                    "source": SOURCE,
                    "geography": place,
                    "fips": code,
                    "position": result.indicators.count(),
                },
            )
            created += made
            number = parse_number(row[column])
            assert number is not None
            if number == MISSING:
                missing += 1
                continue
            value_put(
                indicator=indicator,
                period=str(year),
                value=number,
                source=f"{SOURCE} {year}",
                actor=actor,
            )
            values += 1
        populations += _population_put(actor=actor, result=result, row=row, code=code, year=year)
    audit(
        actor=actor,
        action="indicator.svi_import",
        result=result,
        target=result,
        year=year,
        counties=found,
        values=values,
    )
    return SviImported(
        counties=len(found),
        values=values,
        missing=missing,
        indicators_created=created,
        populations=populations,
    )


def _population_put(
    *, actor: Any, result: Result, row: dict[str, str], code: str, year: int
) -> int:
    """The county's population estimate as an indicator of its own; 1 if a value was written."""
    number = parse_number(row.get(POPULATION) or "")
    if number is None or number == MISSING:
        return 0
    place = _place(row, code)
    indicator, _made = Indicator.objects.get_or_create(
        result=result,
        source_key=f"svi:{POPULATION}:{code}",
        defaults={
            "community": result.community,
            "name_en": f"Population (SVI estimate), {place}",
            "name_es": f"Población (estimación del SVI), {place}",
            "description_en": "Total population, American Community Survey estimate.",
            "description_es": "Población total, estimación de la American Community Survey.",
            "unit": "people",
            "direction": Direction.UP,
            "source": SOURCE,
            "geography": place,
            "fips": code,
            "position": result.indicators.count(),
        },
    )
    value_put(
        indicator=indicator, period=str(year), value=number, source=f"{SOURCE} {year}", actor=actor
    )
    return 1
