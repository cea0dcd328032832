"""The registry of question types: the only place the rest of the code learns what types exist.

The quiz model's `questions` (a union told apart by `type`), the loader's error
messages (`unknown question type 'x' … (types: single, multiple, …)`), the
renderer and the answer key all read `TYPES`. A type is one class in one module
of this folder (see `base.QuestionType`), one template
(`templates/coursekit/questions/<name>.html`) and one strategy in the browser
script; adding one is adding it to `BUILT_IN` below. Looking up a type that is
not registered is an error naming it: nothing falls through to another type.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any, Union

from pydantic import Field

from ...i18n import question_types
from .base import QuestionBase, QuestionType
from .fill import Fill
from .match import Match
from .multiple import Multiple
from .order import Order
from .rewrite import Rewrite
from .single import Single
from .truefalse import TrueOrFalse

# in the order that messages list them
BUILT_IN: tuple[type[QuestionType[Any]], ...] = (Single, Multiple, TrueOrFalse, Fill, Order, Match, Rewrite)

TYPES: dict[str, QuestionType[Any]] = {}
QUESTION_MODELS: dict[str, type[QuestionBase]] = {}  # the loader's variants: a question's model by its `type`
_MODEL = __name__.rpartition(".")[0] + ".model"  # the quiz model, made from the registry once


class UnknownQuestionType(LookupError):
    def __init__(self, name: object) -> None:
        super().__init__(f"unknown question type {name!r}: no class is registered for it "
                         f"(registered: {', '.join(TYPES)}; see coursekit/quiz/types/)")
        self.name = name


def register(cls: type[QuestionType[Any]]) -> type[QuestionType[Any]]:
    """Add a question type (usable as a class decorator); its name and its model's `type` must agree."""
    if hasattr(sys.modules.get(_MODEL), "Quiz"):
        raise RuntimeError(f"question type '{cls.name}' registered after the quiz model was made: "
                           "register every type before quizzes are loaded")
    name = getattr(cls, "name", None)
    model = getattr(cls, "model", None)
    if not isinstance(name, str) or not (isinstance(model, type) and issubclass(model, QuestionBase)):
        raise TypeError(f"{cls.__name__}: a question type needs a `name` and a `model` (a QuestionBase)")
    literal = getattr(model.model_fields.get("type"), "annotation", None)
    if getattr(literal, "__args__", None) != (name,):
        raise TypeError(f"{cls.__name__}: its model {model.__name__} must declare `type: Literal[{name!r}]`")
    if name in TYPES:
        raise ValueError(f"question type '{name}' is registered twice ({type(TYPES[name]).__name__}, "
                         f"{cls.__name__})")
    TYPES[name] = cls()
    QUESTION_MODELS[name] = model
    return cls


def question_type(name: object) -> QuestionType[Any]:
    """The registered type of that name; an error naming it if there is none."""
    found = TYPES.get(name) if isinstance(name, str) else None
    if found is None:
        raise UnknownQuestionType(name)
    return found


def question_union() -> Any:
    """The models of every registered type, told apart by `type` (the quiz model's `questions`)."""
    models = tuple(QUESTION_MODELS.values())
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007 (a tuple of classes)


def labels(lang: str) -> dict[str, str]:
    """Each type's name in the answer key: the language file's, else the type's own `labels`."""
    named = question_types(lang)
    found: dict[str, str] = {}
    for name, kind in TYPES.items():
        label = named.get(name) or kind.labels.get(lang)
        if not label:
            raise LookupError(f"question type '{name}' has no name in language '{lang}': give it in "
                              f"i18n/{lang}.py (question_types) or in its class (labels)")
        found[name] = label
    return found


def entry_labels() -> dict[str, str]:
    """How a problem names an entry of a question's list, for every type: {"choices": "choice", …}."""
    return {key: label for kind in TYPES.values() for key, label in kind.entries.items()}


for _cls in BUILT_IN:
    register(_cls)
