"""The quiz model: what a trainer writes in `quizzes/*.yml`, validated.

Independent of MkDocs. Every class forbids unknown keys so that a typo
(`corect: true`) is an error with a suggestion, never a silently ignored line.
Semantic checks (a single-choice question with two correct choices...) raise
`ValueError` from validators; the loader turns each into `file:line: message`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.fields import NonEmpty, Strict, not_blank
from ..core.ids import check_id

Tolerance = Literal["case", "accents", "spaces", "punctuation"]






class Choice(Strict):
    text: str
    correct: bool = False
    feedback: str | None = None

    _blank = field_validator("text")(not_blank)


class QuestionBase(Strict):
    id: str | None = None
    text: str
    points: float = Field(default=1, gt=0, le=1000)
    explanation: str | None = None

    _blank = field_validator("text")(not_blank)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str | None) -> str | None:
        return None if value is None else check_id(value)


class SingleChoice(QuestionBase):
    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2)

    @field_validator("choices")
    @classmethod
    def _exactly_one(cls, choices: list[Choice]) -> list[Choice]:
        right = sum(c.correct for c in choices)
        if right == 0:
            raise ValueError("no choice is marked `correct: true`; a single-choice question needs one")
        if right > 1:
            raise ValueError(
                f"{right} choices are marked `correct: true`; a single-choice question has exactly "
                "one (use `type: multiple` for several)"
            )
        _unique([c.text for c in choices], "choice")
        return choices


class MultipleChoice(QuestionBase):
    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2)
    partial_credit: bool = False

    @field_validator("choices")
    @classmethod
    def _at_least_one(cls, choices: list[Choice]) -> list[Choice]:
        if not any(c.correct for c in choices):
            raise ValueError("no choice is marked `correct: true`; mark at least one")
        _unique([c.text for c in choices], "choice")
        return choices


class TrueFalse(QuestionBase):
    type: Literal["truefalse"]
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


class FillIn(QuestionBase):
    type: Literal["fill"]
    answers: list[NonEmpty] = Field(min_length=1)
    ignore: list[Tolerance] = Field(default_factory=lambda: list[Tolerance](["case", "spaces"]))

    @field_validator("answers", mode="before")
    @classmethod
    def _one_answer(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("answers")
    @classmethod
    def _answersnot_blank(cls, answers: list[str]) -> list[str]:
        for answer in answers:
            not_blank(answer)
        return answers


class Ordering(QuestionBase):
    type: Literal["order"]
    items: list[NonEmpty] = Field(min_length=2)
    partial_credit: bool = False

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: list[str]) -> list[str]:
        for item in items:
            not_blank(item)
        _unique(items, "item")
        return items


class Pair(Strict):
    left: str
    right: str

    _blank = field_validator("left", "right")(not_blank)


class Matching(QuestionBase):
    type: Literal["match"]
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[NonEmpty] = Field(default_factory=list)
    partial_credit: bool = False

    @model_validator(mode="after")
    def _distinct(self) -> Matching:
        _unique([p.left for p in self.pairs], "left item")
        _unique([p.right for p in self.pairs] + self.distractors, "right item")
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | FillIn | Ordering | Matching,
    Field(discriminator="type"),
]
QUESTION_MODELS: dict[str, type[QuestionBase]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "truefalse": TrueFalse,
    "fill": FillIn,
    "order": Ordering,
    "match": Matching,
}
QUESTION_TYPES = tuple(QUESTION_MODELS)


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

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"the {what} '{value}' appears twice")
        seen.add(value)
