"""Course files -> validated models, with every problem located as `file:line`.

pydantic validates and reports the path of each problem; this module joins it to
the lines that `yaml` kept, so that a trainer reads `quizzes/etapes.yml:14:
question 2 › choices: …` and never a traceback. What a kind of file holds is its
`Format`: its model, how to name a place in it, and its lists whose entries
take a model by their `type` (a quiz's questions).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .documents import Loaded
from .problems import Problem, line_of, suggest
from .yaml import get, read, read_fast, read_text

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Format(Generic[M]):
    """What a kind of file holds."""

    schema: type[M]
    describe: Callable[[tuple[Any, ...], Any], str]  # ('questions', 1, 'text') -> 'question 2'
    # a list whose entries take their model from their `type`: its key, what an entry is, and the models
    variants: Mapping[str, Mapping[str, type[BaseModel]]] = field(default_factory=dict)
    variant_label: str = "entry"  # "question": "unknown question type 'x'"

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(tag for models in self.variants.values() for tag in models)


def load_file(path: Path, display: str, doc_id: str, fmt: Format[M]) -> Loaded[M] | list[Problem]:
    """Parse and validate one file. Returns the document, or the list of its problems."""
    text = read_text(path, display)
    if isinstance(text, Problem):
        return [text]
    fast = read_fast(text)
    if fast is not None:
        try:
            model = fmt.schema.model_validate(fast[0])
        except ValidationError:
            pass  # ruamel reads it below: the messages need its document
        else:
            return Loaded(doc_id, display, model, _version(model), fast[1])
    found = read(text, display)
    if isinstance(found, Problem):
        return [found]
    data, lines = found
    try:
        model = fmt.schema.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(display, data, lines, err, fmt, text) for err in exc.errors()]
        return sorted(set(problems), key=lambda p: (p.line or 0, p.message))
    return Loaded(doc_id, display, model, _version(model), lines)


def _version(model: BaseModel) -> str:
    return hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:12]


def _strip_tags(loc: tuple[Any, ...], tags: tuple[str, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags: ('questions', 0, 'single', 'choices') -> ('questions', 0, 'choices')."""
    out: list[Any] = []
    for part in loc:
        if out and isinstance(out[-1], int) and part in tags:
            continue
        out.append(part)
    return tuple(out)


def allowed_keys(fmt: Format[Any], data: Any, parent: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at `parent`, to suggest a fix for an unknown one."""
    model: type[BaseModel] | None = fmt.schema
    for index, part in enumerate(parent):
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return []
        variants = fmt.variants.get(str(part))
        if variants is not None:
            kind = get(data, parent[: index + 2] + ("type",))
            model = variants.get(kind) if isinstance(kind, str) else None
            if model is None:
                return sorted({k for m in variants.values() for k in m.model_fields})
        else:
            model = None
            for candidate in _nested_models(info.annotation):
                model = candidate
    return list(model.model_fields) if model else []


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
        else:
            found.extend(_nested_models(arg))
    return found


def _problem(file: str, data: Any, lines: dict[tuple[Any, ...], int], err: Any,
             fmt: Format[Any], text: str = "") -> Problem:
    loc = _strip_tags(tuple(err["loc"]), fmt.tags)
    types, label = fmt.tags, fmt.variant_label
    kind = err["type"]
    ctx = err.get("ctx") or {}
    found = err.get("input")
    key = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    name = f"`{key}`" if key else "this entry"
    line = None
    if kind == "invalid_key":  # `1: …`, `[a, b]: …`, `? …`
        line = lines.get(loc)
        loc = loc[:-1]
        shown = f"[{', '.join(map(str, found))}]" if isinstance(found, tuple) else str(found)
        message = f"`{shown}` cannot be a key: a key is a name such as `text`"
    elif kind == "located":
        loc = loc + tuple(int(p) if p.isdigit() else p for p in ctx["at"].split("."))
        message = err["msg"]
    elif kind == "extra_forbidden":
        allowed = allowed_keys(fmt, data, loc[:-1])
        message = f"unknown key {name}{suggest(str(key), allowed)}"
        if allowed:
            message += f" (allowed here: {', '.join(allowed)})"
    elif kind == "missing":
        message = f"{name} is missing"
        if key == "type":
            message = f"`type` is missing (one of: {', '.join(types)})"
    elif kind == "union_tag_not_found":
        message = f"`type` is missing (one of: {', '.join(types)})"
    elif kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        loc = loc + ("type",)
        message = f"unknown {label} type '{tag}'{suggest(tag, types)} (types: {', '.join(types)})"
    elif kind in ("string_type",):
        message = f"{name} must be text (found {_show(found)})"
        written = _written(text, line_of(lines, loc), key) if key and not isinstance(found, (dict, list)) else ""
        if written:  # a date, `true`, `null`…: YAML read the value as something else than text
            quoted = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
            message = (f"{name} must be text, and YAML reads {written} as {_kind_of(found)}; write it in "
                       f"quotes: {key}: {quoted}")
    elif kind in ("bool_type", "bool_parsing"):
        message = f"{name} must be `true` or `false` (found {_show(found)})"
    elif kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        message = f"{name} must be a number (found {_show(found)})"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()))
        word = {"greater_than": "greater than", "greater_than_equal": "at least",
                "less_than": "less than", "less_than_equal": "at most"}[kind]
        message = f"{name} must be {word} {bound:g} (found {_show(found)})"
        if key == "pass_mark":
            message = f"`pass_mark` is a percentage from 0 to 100 (found {_show(found)})"
    elif kind == "string_too_short":
        message = f"{name} must not be empty"
    elif kind == "too_short":
        need = ctx.get("min_length", 1)
        if isinstance(found, str) or need == 1 and not isinstance(found, list):
            message = f"{name} must not be empty"
        else:
            message = f"{name} needs at least {need} entr{'y' if need == 1 else 'ies'} (found {len(found or [])})"
    elif kind == "list_type":
        message = f"{name} must be a list (lines starting with `- `), found {_show(found)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"{name} must be a mapping of keys such as `text: …` (found {_show(found)})"
    elif kind == "literal_error":
        owner = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        message = f"{_show(found)} is not allowed in `{owner}`; use one of {ctx.get('expected')}"
        if isinstance(found, str):
            options = str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
            message += suggest(found, [option.strip("'") for option in options])
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        if message == "must not be empty":
            message = f"{name} must not be empty"
    else:
        message = f"{name}: {err['msg']}"
    where = fmt.describe(loc, data)
    return Problem(file, line or line_of(lines, loc), f"{where}: {message}" if where else message)


def _written(text: str, line: int, key: str) -> str:
    """The value of `key: value` as the file writes it at `line`, if it is there."""
    rows = text.split("\n")
    if not 1 <= line <= len(rows):
        return ""
    found = re.match(r"\s*(?:-\s+)*" + re.escape(key) + r"\s*:\s+(.*?)(?:\s+#.*)?\s*$", rows[line - 1])
    return found.group(1) if found else ""


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a yes-or-no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return "something else than text"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) < 40 else text[:37] + ("…'" if isinstance(value, str) else "…")
