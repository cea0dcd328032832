"""`type: match`: each left item matched with its right one, from one drop-down list per row."""

from __future__ import annotations

import random
from typing import Any, Literal

from markupsafe import Markup
from pydantic import Field, field_validator, model_validator

from ...core.fields import NonEmpty, Strict, not_blank
from ..protect import token
from .base import QuestionBase, QuestionType, Texts, unique


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
        unique([p.left for p in self.pairs], "left item")
        unique([p.right for p in self.pairs] + self.distractors, "right item")
        return self


class Match(QuestionType[Matching]):
    name = "match"
    model = Matching
    entries = {"pairs": "pair", "distractors": "distractor"}

    def rows(self, question: Matching) -> int:
        return len(question.pairs)

    def view(self, question: Matching, texts: Texts, salt: str,
             reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        qid = str(question.id)
        rights = [p.right for p in question.pairs] + list(question.distractors)
        order = list(range(len(rights)))
        random.Random(f"{salt}|{qid}").shuffle(order)
        value_of = {item: pos for pos, item in enumerate(order)}
        shown = [texts.plain(rights[i]) for i in order]
        # the same options in every row (an option holds no HTML: the plain text)
        options = Markup('<option value="">{}</option>').format(texts.t["choose"]) + Markup("").join(
            Markup('<option value="{}">{}</option>').format(i, right) for i, right in enumerate(shown))
        return {"lefts": [texts.inline(p.left) for p in question.pairs], "rights": shown, "options": options,
                "tokens": [token(salt, qid, k, value_of[k]) for k in range(len(question.pairs))]}, {}

    def key(self, question: Matching, texts: Texts) -> list[Any]:
        # the right-hand text as the quiz's drop-down list shows it
        return [Markup("{} → {}").format(texts.inline(p.left), texts.plain(p.right)) for p in question.pairs]
