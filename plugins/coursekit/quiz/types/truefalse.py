"""`type: truefalse`: a statement, true or false; shown as two choices, with feedback per answer."""

from __future__ import annotations

from typing import Any, Literal

from markupsafe import Markup

from .base import QuestionBase, QuestionType, Texts
from .choices import choice_view


class TrueFalse(QuestionBase):
    type: Literal["truefalse"]
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


class TrueOrFalse(QuestionType[TrueFalse]):
    name = "truefalse"
    model = TrueFalse

    def rows(self, question: TrueFalse) -> int:
        return 2

    def view(self, question: TrueFalse, texts: Texts, salt: str,
             reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        shown = [Markup.escape(texts.t["true"]), Markup.escape(texts.t["false"])]
        return choice_view(texts, salt, str(question.id), "radio", shown, [question.answer, not question.answer],
                           [question.feedback_true, question.feedback_false])

    def key(self, question: TrueFalse, texts: Texts) -> list[Any]:
        return [texts.t["true"] if question.answer else texts.t["false"]]
