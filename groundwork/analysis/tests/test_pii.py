from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis.pii import find_personal_data, looks_personal


@pytest.mark.parametrize(
    "text,kind",
    [
        ("write to maria.lopez@example.com please", "email"),
        ("call (919) 555-0134", "phone"),
        ("text 919.555.0134 after 5", "phone"),
        ("llame al +52 55 1234 5678", "phone"),
        ("she lives at 123 Main Street", "address"),
        ("the house on 4501 N. Oak Ave is empty", "address"),
        ("vivo en Calle Real 45", "address"),
    ],
)
def test_finds_personal_data(text: str, kind: str) -> None:
    assert kind in {f.kind for f in find_personal_data(text)}


@pytest.mark.parametrize(
    "text",
    [
        "We need more buses on Main Street",
        "In 2021 the flood hit 300 homes",
        "Necesitamos 2 clínicas más",
        "Talk to the health department",
    ],
)
def test_ordinary_answers_are_not_flagged(text: str) -> None:
    assert not looks_personal(text)


@given(st.text(max_size=300))
def test_never_crashes_and_spans_are_inside_the_text(text: str) -> None:
    for finding in find_personal_data(text):
        assert 0 <= finding.start < finding.end <= len(text)


def test_findings_come_in_the_order_of_the_text_and_are_values() -> None:
    text = "call 919-555-0134 or write to ana@example.org"
    found = find_personal_data(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        ("phone", "919-555-0134"),
        ("email", "ana@example.org"),
    ]
    assert len(set(found + find_personal_data(text))) == 2
    with pytest.raises(FrozenInstanceError):
        found[0].start = 0  # type: ignore[misc]
