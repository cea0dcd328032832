"""`type: fill`: a typed answer, compared with the accepted ones once both are normalized."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ...core.fields import NonEmpty, not_blank
from ..protect import normalize, token
from .base import QuestionBase, QuestionType, Texts

Tolerance = Literal["case", "accents", "spaces", "punctuation"]


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
    def _answers_not_blank(cls, answers: list[str]) -> list[str]:
        for answer in answers:
            not_blank(answer)
        return answers


class Fill(QuestionType[FillIn]):
    name = "fill"
    model = FillIn
    entries = {"answers": "answer", "ignore": "ignore entry"}

    def view(self, question: FillIn, texts: Texts, salt: str, reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        qid = str(question.id)
        view = {"ignore": " ".join(question.ignore),
                "tokens": sorted({token(salt, qid, normalize(a, question.ignore)) for a in question.answers})}
        # shown after a wrong answer only with `reveal: true`: else not in the page at all
        return view, {"s": str(texts.inline(question.answers[0]))} if reveal else {}

    def key(self, question: FillIn, texts: Texts) -> list[Any]:
        return [texts.inline(a) for a in question.answers]
