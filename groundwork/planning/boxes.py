"""The boxes residents write in: one per question, and two for the barriers question (internal
barriers, then external ones). The answer form, capture mode and the paper form all ask in
this order, so an answer's kind of barrier is known wherever it was written."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import BARRIER_BOX_KINDS, BarrierKind, Question, QuestionKey, barrier_kind_short

BOX_PROMPTS = {
    BarrierKind.INTERNAL: _("Internal barriers: within our community"),
    BarrierKind.EXTERNAL: _("External barriers: from outside our community"),
    BarrierKind.UNSPECIFIED: _("Barriers whose kind was not given"),
}


@dataclass(frozen=True)
class AnswerBox:
    question: Question
    barrier_kind: str = ""  # a BarrierKind for the barriers question's boxes, else ""

    @property
    def name(self) -> str:
        """The box's name in forms and in capture mode's question list."""
        return (
            f"{self.question.key}_{self.barrier_kind}" if self.barrier_kind else self.question.key
        )

    @property
    def prompt(self) -> str:
        """The barriers boxes' own prompt (in the active language); empty for other boxes."""
        return str(BOX_PROMPTS[self.barrier_kind]) if self.barrier_kind else ""

    @property
    def kind_short(self) -> str:
        """ "internal", "external" or "kind not given" (in the active language)."""
        return barrier_kind_short(self.barrier_kind)

    @property
    def label(self) -> str:
        """The question, and for a barriers box which kind it asks for."""
        if not self.barrier_kind:
            return self.question.text
        return f"{self.question.text} ({self.kind_short})"


def answer_boxes(questions: list[Question], *, unspecified: bool = False) -> list[AnswerBox]:
    """The boxes for a process's questions in the order asked. ``unspecified`` adds a box for
    barriers whose kind was not said (capture mode, for paper forms printed before the kinds
    were asked)."""
    boxes: list[AnswerBox] = []
    for question in questions:
        if question.key == QuestionKey.BARRIERS:
            kinds = [*BARRIER_BOX_KINDS, *([BarrierKind.UNSPECIFIED] if unspecified else [])]
            boxes.extend(AnswerBox(question, kind) for kind in kinds)
        else:
            boxes.append(AnswerBox(question))
    return boxes
