"""What every question type is: a model, a view for its template, an answer key.

A type is one class (`QuestionType`) in one module of this folder, plus one
template (`coursekit/questions/<name>.html`) and one strategy in the browser
script. The renderer and the loader know types only through the registry
(`types/__init__.py`): nothing else in Python tells them apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from markupsafe import Markup
from pydantic import Field, field_validator

from ...core.fields import Strict, not_blank
from ...core.ids import RULE, check_id, is_id


class QuestionBase(Strict):
    """What every question has; a type's model adds `type: Literal["<name>"]` and its own keys."""

    id: str | None = None
    text: str
    points: float = Field(default=1, gt=0, le=1000)
    explanation: str | None = None
    # Ids that gather questions across quiz files (`tags: [final, ecoute]`), for exam pools.
    # Never shown to learners. Left out of the version while empty: untagged quizzes keep their
    # version, hence their salt and their learners' saved results.
    tags: list[str] = Field(default_factory=list, exclude_if=lambda value: not value)

    if TYPE_CHECKING:  # each type's model declares it (`Literal["single"]`), after the fields above:
        type: str  # their order is part of a quiz's version, hence of its salt

    _blank = field_validator("text")(not_blank)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str | None) -> str | None:
        return None if value is None else check_id(value)

    @field_validator("tags")
    @classmethod
    def _tags_form(cls, value: list[str]) -> list[str]:
        for tag in value:
            if not is_id(tag):
                raise ValueError(f"the tag '{tag}' is not an id: a tag holds {RULE}")
        unique(value, "tag")
        return value


M = TypeVar("M", bound=QuestionBase)


class Texts(Protocol):
    """What a type renders its texts with (the quiz renderer): cleaned HTML and the interface strings."""

    @property
    def t(self) -> Mapping[str, str]: ...
    def inline(self, text: str | None) -> Markup | None: ...
    def block(self, text: str | None) -> Markup | None: ...
    def plain(self, text: str) -> str: ...


class QuestionType(Generic[M]):
    """One kind of question, from the YAML a trainer writes to the HTML and the answer key.

    The renderer gives every view what all questions share (`id`, `key`, `number`,
    `text`, `points`, `partial`, `sealed`, `tokens_attr`, `ids`, `template`); a type
    adds the rest through `view`, which must give the `tokens` the script grades with.
    """

    name: ClassVar[str]  # what `type:` says in a quiz file; equal to its model's `type` literal
    model: type[M]
    ordered: ClassVar[bool] = False  # its answer key is a sequence (`<ol>`), not a set (`<ul>`)
    # the learner grades it (`rewrite`): an assessment of course.yml may not draw it
    self_assessed: ClassVar[bool] = False
    # how a problem names an entry of one of its lists: {"choices": "choice"} -> "question 2 › choice 1"
    entries: ClassVar[Mapping[str, str]] = {}
    # its name in the answer key, per language, for a type the language files do not name
    labels: ClassVar[Mapping[str, str]] = {}

    @property
    def template(self) -> str:
        """Its partial, which a site may override in its theme's `custom_dir`."""
        return f"coursekit/questions/{self.name}.html"

    def rows(self, question: M) -> int:
        """How many inputs of its HTML need an id of their own (`ids`: one per choice or row)."""
        return 0

    def view(self, question: M, texts: Texts, salt: str, reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        """What its template shows (with the `tokens`), and what is sealed beside the explanation."""
        raise NotImplementedError

    def key(self, question: M, texts: Texts) -> list[Any]:
        """The right answer as the answer key lists it: one HTML entry per item."""
        raise NotImplementedError


def unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"the {what} '{value}' appears twice")
        seen.add(value)
