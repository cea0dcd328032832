"""`type: multiple`: every right choice ticked (check boxes), with partial credit if asked."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import QuestionBase, unique
from .choices import Choice, ChoiceType


class MultipleChoice(QuestionBase):
    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2)
    partial_credit: bool = False

    @field_validator("choices")
    @classmethod
    def _at_least_one(cls, choices: list[Choice]) -> list[Choice]:
        if not any(c.correct for c in choices):
            raise ValueError("no choice is marked `correct: true`; mark at least one")
        unique([c.text for c in choices], "choice")
        return choices


class Multiple(ChoiceType[MultipleChoice]):
    name = "multiple"
    model = MultipleChoice
    input = "checkbox"
