"""YAML files -> validated models, with every problem located as `file:line`.

ruamel.yaml keeps the line of every key and list item; pydantic validates and
reports the path of each problem; this module joins the two so that a trainer
reads `quizzes/etapes.yml:14: question 2 › choices: …` and never a traceback.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

from .documents import (  # noqa: F401 - also imported from here
    QUIZ,
    Loaded,
    Problem,
    line_of,
    load_dir,
    relative_path,
    suggest,
    unknown_embed,
    unused_docs,
)
from .model import (
    QUESTION_TYPES,
    Choice,
    FillIn,
    Matching,
    MultipleChoice,
    Ordering,
    Pair,
    Quiz,
    SingleChoice,
    TrueFalse,
)

M = TypeVar("M", bound=BaseModel)

QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "truefalse": TrueFalse,
    "fill": FillIn,
    "order": Ordering,
    "match": Matching,
}


def parse_quiz(path: Path, display: str, doc_id: str) -> tuple[Loaded[Quiz] | None, list[Problem]]:
    """`documents.QUIZ`'s parser: a quiz file read and checked, or its problems."""
    result = load_file(path, display, doc_id, Quiz, describe_quiz_loc)
    return (None, result) if isinstance(result, list) else (result, [])


def load_file(path: Path, display: str, doc_id: str, schema: type[M],
              describe: Callable[[tuple[Any, ...], Any], str]) -> Loaded[M] | list[Problem]:
    """Parse and validate one file. Returns the document, or the list of its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(display, None, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    fast = _read_fast(text)
    if fast is not None:
        try:
            model = schema.model_validate(fast[0])
        except ValidationError:
            pass  # ruamel reads it below: the messages need its document
        else:
            version = hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:12]
            return Loaded(doc_id, display, model, version, fast[1])
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        hint = ""
        if "found character '\\t'" in what:
            hint = " (use spaces, not tabs, to indent)"
        elif "mapping values are not allowed" in what:
            hint = " (a text that contains ': ' must be put between quotes)"
        elif "duplicate key" in what:
            what = f"the key {exc.problem.split('duplicate key')[-1].strip()} is written twice"
        return [Problem(display, line, f"YAML syntax error: {what}{hint}")]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        return [Problem(display, None, f"YAML syntax error: {exc}")]
    if data is None:
        return [Problem(display, 1, "the file is empty")]
    if not isinstance(data, dict):
        return [Problem(display, 1, "the file must be a mapping of keys (`title: …`, then the rest)")]
    lines = _index_lines(data)
    try:
        model = schema.model_validate(_plain(data))
    except ValidationError as exc:
        problems = [_problem(display, data, lines, err, schema, describe) for err in exc.errors()]
        return sorted(set(problems), key=lambda p: (p.line or 0, p.message))
    version = hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:12]
    return Loaded(doc_id, display, model, version, lines)


try:  # libyaml, through PyYAML (a dependency of MkDocs)
    import yaml as _pyyaml

    _LIBYAML: Any = _pyyaml.CSafeLoader
except (ImportError, AttributeError):  # pragma: no cover - PyYAML built without libyaml
    _LIBYAML = None
# Left to ruamel alone: characters that YAML 1.1 (libyaml) and 1.2 (ruamel) may read differently.
_UNUSUAL = re.compile("[\t\x85\u2028\u2029\ufeff]|\r(?!\n)")
_RESOLVE = YAML(typ="rt").resolver.resolve  # ruamel's YAML 1.2 rules for unquoted values
_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_NO_KEY = object()


class _Unusual(Exception):
    pass


def _read_fast(text: str) -> tuple[dict[Any, Any], dict[tuple[Any, ...], int]] | None:
    """`(_plain(data), _index_lines(data))` of ruamel's document, read by libyaml; or None.

    ruamel's scanner, composer and constructor are pure Python: they took over half of
    a build with many quizzes. libyaml reads the events 20 times faster; this builds the
    same plain values and the same lines from them, with ruamel's own rules for unquoted
    values. None (ruamel then reads the file as before) for anything else: tags, anchors,
    directives, merge keys, dates, other number forms, complex or duplicate keys, tabs,
    a lone CR, a root that is not a mapping, or any error.
    """
    if _LIBYAML is None or _UNUSUAL.search(text):
        return None
    lines: dict[tuple[Any, ...], int] = {(): 1}
    stack: list[list[Any]] = []  # [container, path, pending key]
    root: Any = _NO_KEY
    try:
        for e in _pyyaml.parse(text, Loader=_LIBYAML):
            kind = type(e)
            if kind in (_pyyaml.MappingEndEvent, _pyyaml.SequenceEndEvent):
                stack.pop()
                continue
            if kind in (_pyyaml.StreamStartEvent, _pyyaml.StreamEndEvent, _pyyaml.DocumentEndEvent):
                continue
            if kind is _pyyaml.DocumentStartEvent:
                if e.version or e.tags or root is not _NO_KEY:
                    return None
                continue
            if kind is _pyyaml.AliasEvent or e.anchor is not None or e.tag is not None:
                return None
            node: Any = _scalar(e) if kind is _pyyaml.ScalarEvent else {} if kind is _pyyaml.MappingStartEvent else []
            line = e.start_mark.line + 1  # where ruamel's `lc` puts a key or an item
            if not stack:
                root, path = node, ()
            else:
                frame = stack[-1]
                container, parent = frame[0], frame[1]
                if isinstance(container, list):
                    path = parent + (len(container),)
                    container.append(node)
                    lines[path] = line
                elif frame[2] is _NO_KEY:
                    if kind is not _pyyaml.ScalarEvent or node in container:
                        return None
                    frame[2] = node
                    lines[parent + (node,)] = line
                    continue
                else:
                    path = parent + (frame[2],)
                    container[frame[2]] = node
                    frame[2] = _NO_KEY
            if kind is not _pyyaml.ScalarEvent:
                stack.append([node, path, _NO_KEY])
    except Exception:  # whatever it is, ruamel reads the text again and says what it is
        return None
    return (root, lines) if isinstance(root, dict) else None


@functools.lru_cache(maxsize=4096)  # keys and short values come back in every file
def _plain_tag(value: str) -> str:
    """The tag ruamel gives an unquoted, untagged value."""
    return str(_RESOLVE(ScalarNode, value, (True, False)))


def _scalar(e: Any) -> Any:
    if not e.implicit[0]:  # quoted or block scalar: text
        return e.value
    tag = _plain_tag(e.value)
    if tag == _TAG + "str":
        return e.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return e.value in ("true", "True", "TRUE")
    if tag == _TAG + "int" and _INT.fullmatch(e.value):
        return int(e.value)
    if tag == _TAG + "float" and _FLOAT.fullmatch(e.value):
        return float(e.value)
    raise _Unusual(tag)


def _plain(node: Any) -> Any:
    """ruamel's round-trip types -> plain Python (pydantic is then on familiar ground)."""
    if isinstance(node, dict):
        return {(_plain(k)): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _index_lines(root: Any) -> dict[tuple[Any, ...], int]:
    """Map each path (('questions', 2, 'choices') …) to its 1-based line in the file."""
    lines: dict[tuple[Any, ...], int] = {(): 1}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict) and hasattr(node, "lc"):
            for key, value in node.items():
                try:
                    lines[path + (key,)] = node.lc.key(key)[0] + 1
                except (KeyError, TypeError):  # pragma: no cover - every ruamel key has a line
                    lines[path + (key,)] = lines.get(path, 1)
                walk(value, path + (key,))
        elif isinstance(node, list) and hasattr(node, "lc"):
            for index, value in enumerate(node):
                try:
                    lines[path + (index,)] = node.lc.item(index)[0] + 1
                except (KeyError, TypeError):  # pragma: no cover
                    lines[path + (index,)] = lines.get(path, 1)
                walk(value, path + (index,))

    walk(root, ())
    return lines


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags: ('questions', 0, 'single', 'choices') -> ('questions', 0, 'choices')."""
    out: list[Any] = []
    for part in loc:
        if out and isinstance(out[-1], int) and part in QUESTION_TYPES:
            continue
        out.append(part)
    return tuple(out)


def allowed_keys(schema: type[BaseModel], data: Any, parent: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at `parent`, to suggest a fix for an unknown one."""
    model: type[BaseModel] | None = schema
    for index, part in enumerate(parent):
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return []
        if str(part) == "questions":
            kind = _get(data, parent[: index + 2] + ("type",))
            model = QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
            if model is None:
                return sorted({k for m in QUESTION_MODELS.values() for k in m.model_fields})
        else:
            nested: dict[str, type[BaseModel]] = {"choices": Choice, "pairs": Pair}
            model = nested.get(str(part))
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
             schema: type[BaseModel], describe: Callable[[tuple[Any, ...], Any], str]) -> Problem:
    loc = _strip_tags(tuple(err["loc"]))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    found = err.get("input")
    key = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    name = f"`{key}`" if key else "this entry"
    if kind == "located":
        loc = loc + tuple(int(p) if p.isdigit() else p for p in ctx["at"].split("."))
        message = err["msg"]
    elif kind == "extra_forbidden":
        allowed = allowed_keys(schema, data, loc[:-1])
        message = f"unknown key {name}{suggest(str(key), allowed)}"
        if allowed:
            message += f" (allowed here: {', '.join(allowed)})"
    elif kind == "missing":
        message = f"{name} is missing"
        if key == "type":
            message = f"`type` is missing (one of: {', '.join(QUESTION_TYPES)})"
    elif kind == "union_tag_not_found":
        message = f"`type` is missing (one of: {', '.join(QUESTION_TYPES)})"
    elif kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        loc = loc + ("type",)
        message = (f"unknown question type '{tag}'{suggest(tag, QUESTION_TYPES)} "
                   f"(types: {', '.join(QUESTION_TYPES)})")
    elif kind in ("string_type",):
        message = f"{name} must be text (found {_show(found)})"
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
    where = describe(loc, data)
    return Problem(file, line_of(lines, loc), f"{where}: {message}" if where else message)


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) < 40 else text[:37] + "…'"


def describe_quiz_loc(loc: tuple[Any, ...], data: Any) -> str:
    """('questions', 1, 'choices', 0, 'text') -> 'question 2 › choice 1'."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            owner = loc[index - 1] if index else None
            label = {"questions": "question", "choices": "choice", "pairs": "pair",
                     "answers": "answer", "items": "item", "distractors": "distractor",
                     "ignore": "ignore entry"}.get(str(owner), "entry")
            parts[-1:] = [f"{label} {part + 1}"]
            if owner == "questions":
                qid = _get(data, loc[: index + 1] + ("id",))
                if isinstance(qid, str):
                    parts[-1] += f" (id '{qid}')"
        else:
            parts.append(str(part))
    # the last key is named in the message itself
    if parts and loc and isinstance(loc[-1], str):
        parts.pop()
    return " › ".join(parts)


def load_quizzes(folder: Path, root: Path) -> tuple[dict[str, Loaded[Quiz]], list[Problem]]:
    return load_dir(folder, root, QUIZ)
