"""`type: order`: items put back in order, shown never in the right one; moved by buttons."""

from __future__ import annotations

import random
from typing import Any, Literal

from pydantic import Field, field_validator

from ...core.fields import NonEmpty, not_blank
from ..protect import token
from .base import QuestionBase, QuestionType, Texts, unique


class Ordering(QuestionBase):
    type: Literal["order"]
    items: list[NonEmpty] = Field(min_length=2)
    partial_credit: bool = False

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: list[str]) -> list[str]:
        for item in items:
            not_blank(item)
        unique(items, "item")
        return items


class Order(QuestionType[Ordering]):
    name = "order"
    model = Ordering
    ordered = True
    entries = {"items": "item"}

    def view(self, question: Ordering, texts: Texts, salt: str,
             reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        qid = str(question.id)
        items = question.items
        shown = derange(list(range(len(items))), random.Random(f"{salt}|{qid}"))
        # value of an item = its place on screen; tokens say which value goes where
        value_of = {item: pos for pos, item in enumerate(shown)}
        return {"order_items": [texts.inline(items[i]) for i in shown],
                "plain_items": [texts.plain(items[i]) for i in shown],
                "tokens": [token(salt, qid, k, value_of[k]) for k in range(len(items))]}, {}

    def key(self, question: Ordering, texts: Texts) -> list[Any]:
        return [texts.inline(i) for i in question.items]


def derange(values: list[int], rng: random.Random) -> list[int]:
    """A shuffled copy that is never the correct order (else there is nothing to do)."""
    shown = values[:]
    while shown == values:
        rng.shuffle(shown)
    return shown
