"""Quiz files: their format (the model and how to name a place in it) and their parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.documents import Loaded
from ..core.problems import Problem
from ..core.validate import Format, load_file
from ..core.yaml import get
from .model import Quiz
from .types import QUESTION_MODELS, entry_labels


def parse_quiz(path: Path, display: str, doc_id: str) -> tuple[Loaded[Quiz] | None, list[Problem]]:
    """The quiz kind's parser: a quiz file read and checked, or its problems."""
    result = load_file(path, display, doc_id, FORMAT)
    return (None, result) if isinstance(result, list) else (result, [])


def describe_quiz_loc(loc: tuple[Any, ...], data: Any) -> str:
    """('questions', 1, 'choices', 0, 'text') -> 'question 2 › choice 1'."""
    parts: list[str] = []
    labels = {"questions": "question", "tags": "tag", **entry_labels()}  # each question type names its lists' entries
    for index, part in enumerate(loc):
        if isinstance(part, int):
            owner = loc[index - 1] if index else None
            label = labels.get(str(owner), "entry")
            parts[-1:] = [f"{label} {part + 1}"]
            if owner == "questions":
                qid = get(data, loc[: index + 1] + ("id",))
                if isinstance(qid, str):
                    parts[-1] += f" (id '{qid}')"
        else:
            parts.append(str(part))
    # the last key is named in the message itself
    if parts and loc and isinstance(loc[-1], str):
        parts.pop()
    return " › ".join(parts)


FORMAT = Format(Quiz, describe_quiz_loc, {"questions": QUESTION_MODELS}, "question")
