"""The maturity stage rule and its explanation."""

from hypothesis import given
from hypothesis import strategies as st

from groundwork.communities.maturity import INDICATORS, maturity, stage_of
from groundwork.communities.models import MaturityStage

NAMES = [name for name, _label in INDICATORS]
ORDER = [s.value for s in MaturityStage]


def flags(*on: str) -> dict[str, bool]:
    return {name: name in on for name in NAMES}


def test_nothing_in_place_is_raising_awareness():
    result = maturity(flags())
    assert result.stage == MaturityStage.AWARENESS
    assert result.has == []
    assert result.next_stage == MaturityStage.FORMING
    assert [str(label) for label in result.to_reach_next] == ["Meets regularly"]


def test_data_or_a_paid_coordinator_alone_is_still_raising_awareness():
    assert stage_of(flags("uses_data", "has_paid_coordinator")) == MaturityStage.AWARENESS


def test_meeting_regularly_or_a_leadership_structure_is_forming():
    assert stage_of(flags("meets_regularly")) == MaturityStage.FORMING
    assert stage_of(flags("has_leadership_structure")) == MaturityStage.FORMING
    result = maturity(flags("meets_regularly"))
    assert result.next_stage == MaturityStage.MAINTAINING
    assert [str(label) for label in result.to_reach_next] == [
        "Has a leadership structure",
        "Has a written shared vision",
    ]


def test_data_already_in_use_stands_in_for_the_vision():
    result = maturity(flags("meets_regularly", "uses_data"))
    assert [str(label) for label in result.to_reach_next] == ["Has a leadership structure"]


def test_maintaining_needs_a_vision_or_data_besides_meetings_and_leadership():
    settled = ("meets_regularly", "has_leadership_structure")
    assert stage_of(flags(*settled)) == MaturityStage.FORMING
    assert stage_of(flags(*settled, "uses_data")) == MaturityStage.MAINTAINING
    result = maturity(flags(*settled, "has_shared_vision"))
    assert result.stage == MaturityStage.MAINTAINING
    assert [str(label) for label in result.to_reach_next] == [
        "Has a paid coordinator",
        "Has a backbone agency",
    ]


def test_institutionalized_does_not_need_data():
    everything_but_data = [n for n in NAMES if n != "uses_data"]
    result = maturity(flags(*everything_but_data))
    assert result.stage == MaturityStage.INSTITUTIONALIZED
    assert result.next_stage is None and result.to_reach_next == []
    assert [str(label) for label in result.missing] == ["Uses data to guide its work"]


@given(st.fixed_dictionaries({name: st.booleans() for name in NAMES}), st.sampled_from(NAMES))
def test_adding_an_indicator_never_lowers_the_stage(before, added):
    after = {**before, added: True}
    assert ORDER.index(stage_of(after)) >= ORDER.index(stage_of(before))


@given(st.fixed_dictionaries({name: st.booleans() for name in NAMES}))
def test_doing_what_is_listed_reaches_the_next_stage(current):
    result = maturity(current)
    if result.next_stage is None:
        return
    labels = dict(INDICATORS)
    after = dict(current)
    for name in NAMES:
        if labels[name] in result.to_reach_next:
            after[name] = True
    assert ORDER.index(stage_of(after)) > ORDER.index(result.stage)
