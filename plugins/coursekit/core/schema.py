"""JSON Schemas of the course files, from the models that check them.

An editor with a YAML language server reads them to complete keys and
underline mistakes as a trainer types, before any build. They say what the
checks accept, no more and no less where a schema can: unknown keys are
refused (`additionalProperties: false`), a number stands for a text (the
models read `text: 4` as "4"), and a fill-in question's `answers` may be one
text. What a schema cannot say (a single-choice question with two right
answers, a reply to a node that does not exist) only `coursekit check` says.
"""

from __future__ import annotations

import importlib
from typing import Any

from .kinds import kind_classes

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "{name}.schema.json"


def kind_names() -> tuple[str, ...]:
    """The kinds of files that have a schema: `quiz`, `scenario`."""
    return tuple(cls.name for cls in kind_classes())


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the files of the kind `name`."""
    cls = next((c for c in kind_classes() if c.name == name), None)
    if cls is None:
        raise KeyError(name)
    module = importlib.import_module(cls.files.parser.partition(":")[0])
    model = module.FORMAT.schema
    found = model.model_json_schema()
    _numbers_as_texts(found)
    _one_answer(found)
    return {
        "$schema": DIALECT,
        "title": f"coursekit {name} file",
        "description": (f"A {name} file of a coursekit course ({cls.default_folder}/*.yml). "
                        "`coursekit check` checks what a schema cannot."),
        **{k: v for k, v in found.items() if k != "title"},
    }


def _numbers_as_texts(node: Any) -> None:
    """Where a text is expected, a number is accepted too (the models' `coerce_numbers_to_str`)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "const" not in node and "enum" not in node:
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_as_texts(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_as_texts(value)


def _one_answer(found: dict[str, Any]) -> None:
    """A fill-in question's `answers` may be one text (its model makes a list of it before checking)."""
    for definition in found.get("$defs", {}).values():
        properties = definition.get("properties", {})
        if properties.get("type", {}).get("const") == "fill" and "answers" in properties:
            listed = properties["answers"]
            properties["answers"] = {"title": listed.pop("title", "Answers"),
                                     "anyOf": [{"type": ["string", "number"], "minLength": 1}, listed]}
