"""Surveys in the API, under the same rules as the pages: a published survey's definition for
anyone with its link, and its results summary (counts suppressed) for those who may see it."""

import hashlib
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Schema

from groundwork.api.errors import require
from groundwork.api.idempotency import HEADER, WRITE_ERRORS, created, idempotent
from groundwork.api.schemas import ErrorOut

from . import results, selectors, services
from .choices import item_choices
from .models import Instrument

router = Router(tags=["surveys"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ChoiceOut(Schema):
    value: str
    label: str


class ItemOut(Schema):
    id: int
    kind: str
    role: str
    prompt: str
    help: str
    required: bool
    choices: list[ChoiceOut]
    min_value: float | None
    max_value: float | None
    max_choices: int | None


class SectionOut(Schema):
    id: int
    title: str
    intro: str
    items: list[ItemOut]


class SurveyOut(Schema):
    slug: str
    title: str
    intro: str
    status: str
    opens_at: str | None
    closes_at: str | None
    respondents: str
    one_response_per: str
    sections: list[SectionOut]


class CountOut(Schema):
    label: str
    value: str
    count: int | None  # None: hidden to protect small groups
    percent: float | None


class AnswerThemeOut(Schema):
    label: str
    count: int | None
    quotes: list[str]


class ItemResultOut(Schema):
    id: int
    kind: str
    prompt: str
    answered: int | None
    counts: list[CountOut]
    median: float | None
    quartiles: list[float] | None
    themes: list[AnswerThemeOut]


class ResultsOut(Schema):
    slug: str
    title: str
    responses: int | None
    items: list[ItemResultOut]


def _instrument(request: HttpRequest, slug: str, perm: str) -> Instrument:
    instrument = selectors.instrument_by_slug(slug=slug, user=request.user)
    require(request, perm, instrument)
    return instrument


@router.get("/surveys/{slug}", response={200: SurveyOut, **ERRORS})
def survey_definition(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """A survey's sections and questions in the caller's language (Accept-Language)."""
    instrument = _instrument(request, slug, "measures.respond")
    sections = selectors.instrument_with_structure(instrument)
    return {
        "slug": instrument.slug,
        "title": instrument.title,
        "intro": instrument.intro,
        "status": instrument.accepting_state(),
        "opens_at": instrument.opens_at.isoformat() if instrument.opens_at else None,
        "closes_at": instrument.closes_at.isoformat() if instrument.closes_at else None,
        "respondents": instrument.respondents,
        "one_response_per": instrument.one_response_per,
        "sections": [
            {
                "id": s.pk,
                "title": s.title,
                "intro": s.intro,
                "items": [
                    {
                        "id": i.pk,
                        "kind": i.kind,
                        "role": i.role,
                        "prompt": i.prompt,
                        "help": i.help,
                        "required": i.required,
                        "choices": [{"value": v, "label": lab} for v, lab in item_choices(i)],
                        "min_value": i.min_value,
                        "max_value": i.max_value,
                        "max_choices": i.max_choices,
                    }
                    for i in s.items.all()
                ],
            }
            for s in sections
        ],
    }


@router.get("/surveys/{slug}/results", response={200: ResultsOut, **ERRORS})
def survey_results(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """Per-question results with counts from 1 to 10 (and any that would reveal them) hidden."""
    instrument = _instrument(request, slug, "measures.view_results")
    found = results.instrument_results(instrument)
    return {
        "slug": instrument.slug,
        "title": instrument.title,
        "responses": found.total.value,
        "items": [
            {
                "id": r.item.pk,
                "kind": r.kind,
                "prompt": r.item.prompt,
                "answered": r.base.value,
                "counts": [
                    {
                        "label": b.label,
                        "value": b.value,
                        "count": b.cell.value,
                        "percent": b.percent,
                    }
                    for b in r.bars
                ],
                "median": r.median,
                "quartiles": list(r.quartiles) if r.quartiles else None,
                "themes": [
                    {"label": t.label, "count": t.size.value, "quotes": t.quotes} for t in r.themes
                ],
            }
            for r in found.items
        ],
    }


class SurveyResponseIn(Schema):
    # The client's own reference for the person answering: on a survey that takes one response
    # per link, each reference counts as one link (one response each).
    respondent: str = ""
    # A personal invitation link's token, for surveys only invited people answer.
    invitation: str = ""
    language: str = ""
    answers: dict[str, Any]  # question id → value (text, number, choice value or list)


class SurveyResponseOut(Schema):
    id: int
    submitted_at: datetime


@router.post(
    "/surveys/{slug}/responses",
    response={201: SurveyResponseOut, **WRITE_ERRORS},
)
@idempotent
def submit_survey_response(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    payload: SurveyResponseIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """One response with all its answers, or nothing, under the survey's own rules (open
    dates, one response per link, person or invitation, required questions)."""
    instrument = _instrument(request, slug, "measures.respond")
    if instrument.one_response_per == Instrument.OnePer.INVITATION:
        link = payload.invitation
    elif payload.respondent:
        digest = hashlib.sha256(f"{request.user.pk}:{payload.respondent}".encode()).hexdigest()
        link = f"api-{digest[:40]}"
    else:
        link = ""
    answers: dict[int, Any] = {}
    for key, value in payload.answers.items():
        if key.isdigit():
            answers[int(key)] = value
    response = services.response_submit(
        instrument=instrument,
        answers=answers,
        language=payload.language,
        idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
        user=request.user,
        link_token=link,
    )
    return created(SurveyResponseOut.from_orm(response).model_dump(mode="json"))
