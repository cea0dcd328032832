"""Course files as YAML: read with the line of every key and list item, and nothing more.

ruamel.yaml keeps the line of every key and list item, so that a trainer reads
`quizzes/etapes.yml:14: …`. Course files are plain data: anchors, aliases and
tags are refused as they are read, and so is nesting deeper than any course
file needs (`MAX_DEPTH`), so that no file can make the build take minutes,
gigabytes or a traceback. Most files are read by a faster reader first
(`_read_fast`), which gives up on anything unusual.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent
from ruamel.yaml.nodes import ScalarNode

from .problems import Problem

Lines = dict[tuple[Any, ...], int]


def read(text: str, display: str) -> tuple[Any, Lines] | Problem:
    """The data of a file's text (plain dicts, lists and scalars), with the line of every key and list
    item; or its first problem."""
    yaml = YAML(typ="rt")
    yaml.Composer, yaml.Constructor = _Composer, _Constructor
    try:
        data = yaml.load(text)
    except _Refused as exc:
        return Problem(display, exc.line, exc.message)
    except MarkedYAMLError as exc:
        return _syntax_error(display, text, exc)
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        return Problem(display, None, f"YAML syntax error: {exc}")
    except ValueError as exc:  # a number too long for Python to read (thousands of digits)
        found = re.search("[0-9]{1000,}", text)
        if found is None:  # pragma: no cover - no other value ruamel reads raises it
            return Problem(display, None, f"a value cannot be read ({exc})")
        return Problem(display, text.count("\n", 0, found.start()) + 1, (
            "a number too long to be read (thousands of digits); if it is a text, put it in quotes"))
    if data is None:
        return Problem(display, 1, "the file is empty")
    if not isinstance(data, dict):
        return Problem(display, 1, "the file must be a mapping of keys (`title: …`, then the rest)")
    return _plain(data), _index_lines(data)


def read_fast(text: str) -> tuple[dict[Any, Any], Lines] | None:
    """The data and lines of a usual file, sooner than `read`; None for anything unusual."""
    return _read_fast(text)


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

    ruamel's scanner, composer and constructor are pure Python: they took most of
    a build with many quizzes (BENCHMARKS.md). libyaml reads the events in C; this builds the
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
        events: Any = _pyyaml.parse(text, Loader=_LIBYAML)  # their attributes differ by kind
        for e in events:
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


def get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
