"""What every course-file model shares: unknown keys are errors, numbers may stand for texts."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

NonEmpty = Annotated[str, Field(min_length=1)]


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


class Strict(BaseModel):
    # A number where a text is expected (`text: 4`) is taken as that text.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
