"""`type: rewrite`: a text to rewrite, then a model answer and a checklist that the learner ticks.

Nothing here can grade a text: the learner writes, « Comparer » shows the model
answer (sealed, as every text that would give an answer away) and the
checklist, and the learner ticks what their own text does. The question is
right when every item is ticked (a share per item with `partial_credit`):
self-assessed, and said so on the page. For the same reason an assessment
(`course.yml`) may not draw it (`self_assessed`).
"""

from __future__ import annotations

from typing import Any, Literal

from markupsafe import Markup
from pydantic import Field, field_validator

from ...core.fields import NonEmpty, not_blank
from .base import QuestionBase, QuestionType, Texts, unique


class Rewriting(QuestionBase):
    type: Literal["rewrite"]
    original: str | None = None  # the text to rewrite, shown as a quotation
    hint: str | None = None  # under the text box's label; the interface's own hint without it
    answer: str  # the model answer, shown once the learner compares
    checklist: list[NonEmpty] = Field(min_length=1, max_length=8)
    partial_credit: bool = False

    _blank = field_validator("answer")(not_blank)

    @field_validator("checklist")
    @classmethod
    def _items(cls, items: list[str]) -> list[str]:
        for item in items:
            not_blank(item)
        unique(items, "checklist item")
        return items


class Rewrite(QuestionType[Rewriting]):
    name = "rewrite"
    model = Rewriting
    self_assessed = True
    entries = {"checklist": "checklist item"}

    def rows(self, question: Rewriting) -> int:
        return len(question.checklist)

    def view(self, question: Rewriting, texts: Texts, salt: str,
             reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        # no token: the learner's ticks are the grade, and nothing in the page is to be found
        return ({"original": texts.inline(question.original),
                 "hint": texts.inline(question.hint) or texts.t["rw_hint"],
                 "checklist": [texts.inline(item) for item in question.checklist], "tokens": []},
                {"m": str(texts.block(question.answer))})

    def key(self, question: Rewriting, texts: Texts) -> list[Any]:
        t = texts.t
        return [Markup("{} {}").format(t["rw_key_model"], texts.inline(question.answer)),
                *(Markup("{} {}").format(t["rw_key_item"], texts.inline(item)) for item in question.checklist)]
