"""YAML files -> validated models, with every problem located as `file:line`.

ruamel.yaml keeps the line of every key and list item; pydantic validates and
reports the path of each problem; this module joins the two so that a trainer
reads `quizzes/etapes.yml:14: question 2 › choices: …` and never a traceback.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent
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
    text = read_text(path, display)
    if isinstance(text, Problem):
        return [text]
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
    yaml.Composer, yaml.Constructor = _Composer, _Constructor
    try:
        data = yaml.load(text)
    except _Refused as exc:
        return [Problem(display, exc.line, exc.message)]
    except MarkedYAMLError as exc:
        return [_syntax_error(display, text, exc)]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        return [Problem(display, None, f"YAML syntax error: {exc}")]
    except ValueError as exc:  # a number too long for Python to read (thousands of digits)
        found = re.search("[0-9]{1000,}", text)
        if found is None:  # pragma: no cover - no other value ruamel reads raises it
            return [Problem(display, None, f"a value cannot be read ({exc})")]
        return [Problem(display, text.count("\n", 0, found.start()) + 1, (
            "a number too long to be read (thousands of digits); if it is a text, put it in quotes"))]
    if data is None:
        return [Problem(display, 1, "the file is empty")]
    if not isinstance(data, dict):
        return [Problem(display, 1, "the file must be a mapping of keys (`title: …`, then the rest)")]
    lines = _index_lines(data)
    try:
        model = schema.model_validate(_plain(data))
    except ValidationError as exc:
        problems = [_problem(display, data, lines, err, schema, describe, text) for err in exc.errors()]
        return sorted(set(problems), key=lambda p: (p.line or 0, p.message))
    version = hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:12]
    return Loaded(doc_id, display, model, version, lines)


# -- what course files may not hold, refused as they are read ---------------------------
# YAML 1.2's printable characters; anything else (NUL, other control characters) is not text.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_text(path: Path, display: str) -> str | Problem:
    """The file's text; or, for bytes that are not UTF-8 text, a problem at their line and column."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(display, None, f"the file cannot be read ({exc.strerror or exc})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", "replace")) + 1
        what = f"byte 0x{data[exc.start]:02x} at column {column}"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            what = "it is UTF-16 text"
        return Problem(display, line, f"the file is not UTF-8 text ({what}); save it as UTF-8")
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        index = bad.start()
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        if bad.group() == "\x00":
            return Problem(display, line, f"the file holds a NUL byte (column {column}): it is not plain text; "
                                          "save it as UTF-8 text")
        return Problem(display, line, f"an invisible control character (U+{ord(bad.group()):04X}) at column "
                                      f"{column}; delete it")
    return text


MAX_DEPTH = 20  # lists and mappings inside one another; a quiz or a scenario needs 6 at most
ANCHORS = ("anchors (&name) and aliases (*name) are not allowed in course files; write the value out (a text "
           "that starts with `*` or `&`, such as *emphasis* in Markdown, must be put in quotes)")


class _Refused(Exception):
    """Something course files never hold, found as the YAML is read: no value of the file is built."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Composer(Composer):
    """ruamel's composer, refusing anchors, aliases and tags, and lists and mappings nested too deep.

    An alias is what lets a few hundred bytes stand for billions of values (each level
    repeating the one before), and ruamel's composer calls itself once per level: so these
    are refused as they come, before any value is built from them.
    """

    nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise _Refused(line, ANCHORS)
        if event.tag is not None:
            tag = str(event.tag).replace(_TAG, "!!")
            raise _Refused(line, (f"`{tag}` is a YAML tag, which course files do not use; if it is part "
                                  "of the text, put the whole text in quotes"))
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self.nesting += 1
        try:
            if self.nesting > MAX_DEPTH:
                raise _Refused(line, (f"lists and mappings nested more than {MAX_DEPTH} levels deep; a course "
                                      "file needs a few at most: check the brackets [ ] and { } and the "
                                      "indentation"))
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


class _Constructor(RoundTripConstructor):
    """ruamel's constructor, keeping each number's text as the file writes it (see `_Int`)."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        data = super().construct_non_recursive_object(node, tag)
        if isinstance(node, ScalarNode) and isinstance(data, (int, float)) and not isinstance(data, bool):
            return _number(data, str(node.value))
        return data


class _Int(int):
    """A number that YAML reads from a text written otherwise (`0x1F`, `007`, `+1`, `1_000`): a number
    where a number is expected, and where a text is (`text: 007`) the text as written, not `7`."""

    written = ""

    def __str__(self) -> str:
        return self.written

    __repr__ = __str__


class _Float(float):
    """`_Int`'s twin (`1.10`, `1e3`, `.inf`)."""

    written = ""

    def __str__(self) -> str:
        return self.written

    __repr__ = __str__


def _number(value: int | float, written: str) -> int | float:
    """`value` as plain int or float when its text is the one written, else with the text written."""
    if isinstance(value, float):
        number: int | float = float(value)
        kind: type[_Int] | type[_Float] = _Float
    else:
        number, kind = int(value), _Int
    if str(number) == written:
        return number
    out = kind(number)
    out.written = written
    return out


def _syntax_error(display: str, text: str, exc: MarkedYAMLError) -> Problem:
    """ruamel's syntax error, with a hint in plain words where its words are a parser's."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    hint = ""
    if "found character '\\t'" in what:
        hint = " (use spaces, not tabs, to indent)"
    elif "mapping values are not allowed" in what:
        hint = " (a text that contains ': ' must be put between quotes)"
        rows = text.split("\n")  # ruamel counts \x85, \u2028… as line breaks too: its line may be past these
        row = rows[mark.line] if mark and mark.line < len(rows) else ""
        if mark and ": " not in row[:mark.column] and _indent(text, mark.line + 1) > _indent(text, mark.line) >= 0:
            hint = (" (this line is indented more than the line above it: if it is a key of its own, start "
                    "it in the same column as the keys above; a text that contains ': ' must be put between "
                    "quotes)")
    elif "expected <block end>" in what:
        hint = (" (this line is indented less than the lines of the list or mapping above it, but more than "
                "the line that holds them; check its indentation: the keys of one mapping, and the `- ` of "
                "one list, start in the same column)")
    elif "duplicate key" in what:
        what = f"the key {str(exc.problem).split('duplicate key')[-1].strip()} is written twice"
    return Problem(display, line, f"YAML syntax error: {what}{hint}")


def _indent(text: str, line: int) -> int:
    """The column of the first key or value of a line (1-based) of `text` (after its `- `, if any), or of
    the nearest line above it that is not blank; -1 if there is none."""
    rows = text.split("\n")
    while 1 <= line <= len(rows):
        row = rows[line - 1]
        if row.strip() and not row.lstrip().startswith("#"):
            return len(row) - len(_LEFT.sub("", row, count=1))
        line -= 1
    return -1


_LEFT = re.compile(r" *(?:- +)*")


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
    a lone CR, a root that is not a mapping, lists and mappings nested more than
    MAX_DEPTH deep, or any error. Nothing here expands an alias: the first anchor or
    alias ends it, and ruamel's composer (`_Composer`) refuses it with its line.
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
                if len(stack) >= MAX_DEPTH:  # ruamel's composer says where
                    return None
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
        return _number(int(e.value), e.value)
    if tag == _TAG + "float" and _FLOAT.fullmatch(e.value):
        return _number(float(e.value), e.value)
    raise _Unusual(tag)


def _plain(node: Any) -> Any:
    """ruamel's round-trip types -> plain Python (pydantic is then on familiar ground)."""
    if isinstance(node, dict):
        return {(_plain(k)): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, (bool, _Int, _Float)):
        return node
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
             schema: type[BaseModel], describe: Callable[[tuple[Any, ...], Any], str], text: str = "") -> Problem:
    loc = _strip_tags(tuple(err["loc"]))
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
    where = describe(loc, data)
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
