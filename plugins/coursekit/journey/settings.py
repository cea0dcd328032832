"""The course settings file (`course.yml` beside mkdocs.yml): what a company sets for its course.

MkDocs' own option checks cannot say `file:line`, so these options live in a
YAML file of their own, checked as a quiz file is (`core.validate`): every
unknown key is an error with a suggestion, every wrong type an error at its
line, all of them at once. A missing file means every default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from ..core.documents import Loaded
from ..core.fields import NonEmpty, Strict
from ..core.problems import Problem
from ..core.validate import Format, load_file


class Organisation(Strict):
    name: NonEmpty
    logo: str | None = None  # a file of the lessons' folder (checked once the course is known)


class Pool(Strict):
    """Where an assessment draws its questions: the questions of one tag, or one whole quiz file."""

    tag: str | None = None
    quiz: str | None = None
    draw: int = Field(ge=1)

    @model_validator(mode="after")
    def _one_source(self) -> Pool:
        if (self.tag is None) == (self.quiz is None):
            raise ValueError("a pool takes either `tag` (questions tagged so) or `quiz` (a quiz file), not both")
        return self


class Assessment(Strict):
    title: str | None = None  # the exam's heading; by default the first whole quiz's title
    pools: list[Pool] = Field(min_length=1)
    attempts: int = Field(default=3, ge=1)
    time_limit: float | None = Field(default=None, gt=0)  # minutes
    review: Literal["score", "wrong", "full"] = "wrong"
    pass_mark: float | None = Field(default=None, ge=0, le=100)  # None: the first whole quiz's, else 70


class Settings(Strict):
    organisation: Organisation | None = None
    counts: list[NonEmpty] | None = None  # lessons, as paths in the lessons' folder; None: every page with a widget
    assessments: dict[str, Assessment] = Field(default_factory=dict)


def describe_settings_loc(loc: tuple[Any, ...], data: Any) -> str:
    """('assessments', 'finale', 'pools', 0, 'draw') -> 'assessments › finale › pool 1'."""
    labels = {"pools": "pool", "counts": "lesson"}
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            owner = str(loc[index - 1]) if index else ""
            parts[-1:] = [f"{labels.get(owner, 'entry')} {part + 1}"]
        else:
            parts.append(str(part))
    if parts and loc and isinstance(loc[-1], str):
        parts.pop()
    return " › ".join(parts)


FORMAT = Format(Settings, describe_settings_loc)


def parse_settings(path: Path, display: str, doc_id: str) -> tuple[Loaded[Settings] | None, list[Problem]]:
    """The course file read and checked, or its problems."""
    result = load_file(path, display, doc_id, FORMAT)
    return (None, result) if isinstance(result, list) else (result, [])
