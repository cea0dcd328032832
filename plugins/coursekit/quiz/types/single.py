"""`type: single`: one right choice among several (radio buttons)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import QuestionBase, unique
from .choices import Choice, ChoiceType


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
        unique([c.text for c in choices], "choice")
        return choices


class Single(ChoiceType[SingleChoice]):
    name = "single"
    model = SingleChoice
    input = "radio"
