"""The course's YAML documents (quiz and scenario files): found, checked once per change.

Every build runs this module, so it imports nothing heavy. A file is known by a
hash of its bytes: when the build cache already holds the result of checking
those bytes (its version and its warnings), the file is not parsed at all, and
ruamel.yaml, pydantic and the models are not even imported. Only a new or
changed file goes through its kind's parser (`quiz.check.parse_quiz`,
`scenario.check.parse_scenario`), and a document's model is parsed again only if
something asks for it (an answer key, a quiz the cache has not rendered).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .ids import is_id
from .problems import CourseError, Problem, relative_path

if TYPE_CHECKING:
    from .cache import BuildCache

M = TypeVar("M")


class Loaded(Generic[M]):
    """A valid document: its id (the file name), its file, and a hash of its content.

    `model` and `lines` (the line of every key) come with it when the file was
    just parsed; when the build cache vouched for the file instead, they are
    parsed on first use.
    """

    __slots__ = ("id", "file", "version", "_model", "_lines", "_reparse")

    def __init__(self, id: str, file: str, model: M | None, version: str,
                 lines: dict[tuple[Any, ...], int] | None = None,
                 reparse: Callable[[], Loaded[M]] | None = None) -> None:
        self.id, self.file, self.version = id, file, version
        self._model, self._lines, self._reparse = model, lines, reparse

    def _load(self) -> None:
        if self._reparse is None:
            raise RuntimeError(f"{self.file}: no model and no way to read it")
        full = self._reparse()
        if full.version != self.version:
            raise CourseError(f"{self.file} changed during the build; build again")
        self._model, self._lines = full._model, full._lines

    def release(self, lines_only: bool = False) -> None:
        """Let go of the model (unless `lines_only`) and of the lines, read again if asked for later.

        A one-shot build needs a document's model until its widget is rendered and
        its lines until the course is checked: kept to the end, the models of a
        thousand quizzes weighed more than MkDocs' whole build.
        """
        if self._reparse is not None:
            self._lines = None
            if not lines_only:
                self._model = None

    @property
    def model(self) -> M:
        if self._model is None:
            self._load()
        assert self._model is not None
        return self._model

    @property
    def lines(self) -> dict[tuple[Any, ...], int]:
        if self._lines is None:
            self._load()
        return self._lines or {}


Parser = Callable[[Path, str, str], "tuple[Loaded[Any] | None, list[Problem]]"]


@dataclass(frozen=True)
class FileType:
    """A kind's files: their name in the cache, and where their parser is (imported when needed)."""

    name: str
    parser: str  # "module:function", the function taking (path, display, id)

    def function(self) -> Parser:
        """The parser itself (its module imported now: the parsing libraries with it)."""
        module, _, function = self.parser.partition(":")
        parse: Parser = getattr(importlib.import_module(module), function)
        return parse

    def parse(self, path: Path, display: str, doc_id: str) -> tuple[Loaded[Any] | None, list[Problem]]:
        return self.function()(path, display, doc_id)



# Between the builds of one process (`mkdocs serve`): the hash of each file by its mtime and
# size, so that an unchanged file is not even read; and the documents this process parsed,
# with their problems.
_DIGESTS: dict[str, tuple[int, int, str]] = {}
_PARSED: dict[tuple[str, str], tuple[str, Loaded[Any], list[tuple[Any, ...]]]] = {}


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest(path: Path | str, stat: os.stat_result | None = None, cache: BuildCache | None = None) -> str:
    """A hash of the file's bytes, read again only if its mtime or size changed.

    This process and the build cache keep the mtime, size and hash of a file
    that had not been touched for two seconds when it was read: a file changed
    again within the same tick of the file system's clock, keeping its size, is
    then still read (the "racy" case that git guards against the same way).
    """
    key = os.fspath(path)
    stat = stat or os.stat(key)
    known = _DIGESTS.get(key)
    if known is None and cache is not None:
        known = cache.get(("stat", key))
    if known and known[0] == stat.st_mtime_ns and known[1] == stat.st_size:
        if cache is not None:
            cache.put(("stat", key), known)  # kept for the next build
        return str(known[2])
    with open(key, "rb") as file:
        value = content_hash(file.read())
    if stat.st_mtime_ns < time.time_ns() - 2_000_000_000:  # else read it again next time
        _DIGESTS[key] = (stat.st_mtime_ns, stat.st_size, value)
        if cache is not None:
            cache.put(("stat", key), (stat.st_mtime_ns, stat.st_size, value))
    return value


File = tuple[str, str, str, str]  # path, display, id, hash of the bytes


def files(folder: Path, root: Path, cache: BuildCache) -> list[File | Problem]:
    """The `*.yml`/`*.yaml` files of `folder` in order, hashed; a file with a bad or twice-used name, or that
    is no file to read (a folder, a FIFO, a link to nothing or out of the project), as a Problem. Listed once a
    build: `missing` and `load_dir` both take this list. Hidden files (`.name.yml`, editors' lock files) are left
    out, as MkDocs leaves them out of the lessons."""
    found: list[File | Problem] = []
    if not folder.is_dir():
        return found
    with os.scandir(folder) as listing:
        entries = sorted((e for e in listing if e.name.endswith((".yml", ".yaml")) and not e.name.startswith(".")),
                         key=lambda e: e.name)
    where = relative_path(folder, root)  # once: resolving each file's path took most of a warm build
    seen: dict[str, str] = {}
    inside: tuple[str, ...] | None = None
    for entry in entries:
        display, doc_id = f"{where}/{entry.name}", entry.name.rsplit(".", 1)[0]
        if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
            if inside is None:  # a file of the project, or of the folder itself (wherever it is)
                inside = tuple(os.path.join(os.path.realpath(p), "") for p in (root, folder))
            wrong = _not_a_file(entry, inside)
            if wrong:
                found.append(Problem(display, None, wrong))
                continue
        if not is_id(doc_id):
            found.append(Problem(display, None, (
                f"the file name '{entry.name}' is used as an id in lessons: use only letters, digits, "
                "'-' and '_' (no spaces or accents)")))
        elif doc_id in seen:
            found.append(Problem(display, None, (
                f"two files have the id '{doc_id}' ({seen[doc_id]} and {display}); rename one")))
        else:
            seen[doc_id] = display
            found.append((entry.path, display, doc_id, digest(entry.path, entry.stat(), cache)))
    return found


def _not_a_file(entry: os.DirEntry[str], inside: tuple[str, ...]) -> str:
    """Why a listed name that is a link or no regular file is not a file to read ("" if it is one).

    Only its status is read (`stat`): a FIFO is never opened, which would wait for a writer forever.
    """
    try:
        stat = entry.stat()  # through a link
    except OSError:
        return "is a link to nothing (its target does not exist); remove it or point it to a file"
    if entry.is_symlink() and not os.path.realpath(entry.path).startswith(inside):
        return ("is a link to a file outside the project; copy the file into the project instead "
                "(a course publishes only its own files)")
    if S_ISDIR(stat.st_mode):
        return "is a folder, not a file; rename it, or move it out of the folder"
    if not S_ISREG(stat.st_mode):
        return "is not a regular file (a pipe, a socket or a device); only text files are read here"
    return ""


def load_dir(folder: Path, root: Path, kind: FileType, cache: BuildCache | None = None,
             parsed: Callable[[Loaded[Any]], None] | None = None,
             ) -> tuple[dict[str, Loaded[Any]], list[Problem]]:
    """Every `*.yml`/`*.yaml` file of `folder`: the valid documents, and all problems.

    `parsed` is given each valid document as soon as it is parsed (not one the
    cache vouched for), before the next file is read: a one-shot build renders
    it then and lets its model go, so the models of a course are never all alive.
    """
    if cache is None:  # every file parsed (what this process parsed already aside)
        from .cache import BuildCache
        cache = BuildCache("", None)
    docs: dict[str, Loaded[Any]] = {}
    problems: list[Problem] = []
    for item in files(folder, root, cache):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        path, display, doc_id, value = item
        doc, more, fresh = _load(path, display, doc_id, kind, cache, value)
        problems.extend(more)
        if doc is not None:
            docs[doc_id] = doc
            if fresh and parsed is not None:
                parsed(doc)
    return docs, problems


def doc_key(kind: FileType, display: str, value: str) -> tuple[str, ...]:
    """The build cache's key of a file's check: its kind, its name and the hash of its bytes."""
    return ("doc", kind.name, display, value)


def _load(path: str, display: str, doc_id: str, kind: FileType, cache: BuildCache,
          value: str) -> tuple[Loaded[Any] | None, list[Problem], bool]:
    """A file's document (unless invalid), its problems, and whether it was parsed just now."""
    key = doc_key(kind, display, value)
    fresh = False
    parsed = _PARSED.get((kind.name, path))
    if parsed and parsed[0] == value:  # parsed by this process (`mkdocs serve`)
        doc: Loaded[Any] | None = parsed[1]
        rows = parsed[2]
    else:
        known = cache.get(key)
        if known is None:
            doc, found = kind.parse(Path(path), display, doc_id)
            if doc is None:  # an invalid file is not kept: it is read again, every message with it
                return None, found, False
            fresh = True
            rows = [(p.file, p.line, p.message, p.level) for p in found]
            doc._reparse = functools.partial(_reparse, path, display, doc_id, kind, value, rows)
            _PARSED[(kind.name, path)] = (value, doc, rows)
        else:
            version, rows = known
            doc = Loaded(doc_id, display, None, version,
                         reparse=lambda: _reparse(path, display, doc_id, kind, value, rows))
    assert doc is not None
    cache.put(key, (doc.version, rows))
    return doc, [Problem(*row) for row in rows], fresh


def _reparse(path: str, display: str, doc_id: str, kind: FileType, value: str,
             rows: list[tuple[Any, ...]]) -> Loaded[Any]:
    doc, _found = kind.parse(Path(path), display, doc_id)
    if doc is None:
        raise CourseError(f"{display} changed during the build; build again")
    _PARSED[(kind.name, path)] = (value, doc, rows)
    return doc


def forget() -> None:
    """Drop what this process keeps between builds (for tests and benchmarks)."""
    _DIGESTS.clear()
    _PARSED.clear()


