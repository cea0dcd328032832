"""What single, multiple and true-or-false questions share: a list of choices to tick.

One markup (`coursekit/questions/choices.html`), one token per choice saying
whether it is right, and per-choice feedback sealed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from markupsafe import Markup
from pydantic import field_validator

from ...core.fields import Strict, not_blank
from ..protect import token
from .base import QuestionBase, QuestionType, Texts


class Choice(Strict):
    text: str
    correct: bool = False
    feedback: str | None = None

    _blank = field_validator("text")(not_blank)


def choice_view(texts: Texts, salt: str, qid: str, input: str, shown: Sequence[Markup | None],
                right: Sequence[bool], feedback: Sequence[str | None]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The view of choices to tick (`input`: radio or checkbox), and their sealed feedback."""
    view = {"input": input, "choices": shown,
            "tokens": [token(salt, qid, i, int(correct)) for i, correct in enumerate(right)]}
    return view, {"f": [str(texts.inline(text) or "") or None for text in feedback]}


C = TypeVar("C", bound=QuestionBase)


class ChoiceType(QuestionType[C]):
    """A type whose model has `choices`, some marked `correct: true` (each model declares its own,
    after `type`: the order of a model's fields is part of a quiz's version, hence of its salt)."""

    input: ClassVar[str]  # "radio" or "checkbox"
    entries = {"choices": "choice"}

    def rows(self, question: Any) -> int:
        return len(question.choices)

    def view(self, question: Any, texts: Texts, salt: str, reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        choices: list[Choice] = question.choices
        return choice_view(texts, salt, str(question.id), self.input, [texts.inline(c.text) for c in choices],
                           [c.correct for c in choices], [c.feedback for c in choices])

    def key(self, question: Any, texts: Texts) -> list[Any]:
        return [texts.inline(c.text) for c in question.choices if c.correct]
