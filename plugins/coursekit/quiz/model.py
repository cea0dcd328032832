"""The quiz model: what a trainer writes in `quizzes/*.yml`, validated.

Independent of MkDocs. Every class forbids unknown keys so that a typo
(`corect: true`) is an error with a suggestion, never a silently ignored line.
Semantic checks (a single-choice question with two correct choices...) raise
`ValueError` from validators; the loader turns each into `file:line: message`.
A question's model comes from its type's class (`types/`): `questions` takes
the models of every registered type, told apart by `type`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.fields import Strict, not_blank
from .types import QUESTION_MODELS, QuestionBase, question_union

if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = question_union()

__all__ = ["QUESTION_MODELS", "Question", "QuestionBase", "Quiz"]


class Quiz(Strict):
    title: str
    intro: str | None = None
    pass_mark: float = Field(default=70, ge=0, le=100)
    shuffle: bool = False
    reveal: bool = True
    questions: list[Question] = Field(min_length=1)

    _blank = field_validator("title")(not_blank)

    @model_validator(mode="after")
    def _number_questions(self) -> Quiz:
        seen: dict[str, int] = {}
        for index, question in enumerate(self.questions):
            if question.id is None:
                question.id = f"q{index + 1}"
            if question.id in seen:
                # `at` tells the loader where to point: the second `id:` line.
                raise PydanticCustomError(
                    "located",
                    "duplicate question id '{id}' (question {first} has it already)",
                    {"id": question.id, "first": seen[question.id] + 1, "at": f"questions.{index}.id"},
                )
            seen[question.id] = index
        return self
