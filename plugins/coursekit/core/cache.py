"""The build cache: what checking and rendering the course's files gave, kept between builds.

Three kinds of entries, each keyed by what it depends on, so that an entry is
never stale, only unused:

- `("stat", path)` -> `(mtime, size, hash of its bytes)`: a file that keeps
  its mtime and size is not read again (see `documents.digest`);
- `("doc", kind, file, hash of its bytes)` -> `(version, problems)`: a valid
  file that needs no parsing again;
- `("quiz" | "scenario" | …, ids and versions, rendering context)` -> the
  widget's HTML; the context (`Renderer.context_key`) stands for the language,
  the storage namespace and every template file the theme may override.

What every entry depends on (the plugin's code, templates and strings, the
versions of Python and of the libraries whose output it keeps: Markdown, the
sanitizer, the YAML reader and the validator) makes up the cache's `stamp`:
when it changes, the cache starts empty.

The entries live in memory between the builds of one process (`mkdocs serve`)
and, unless the `cache` option is off, in one file under `cache_dir`
(`.cache/plugin/coursekit/`, beside mkdocs.yml, as Material's plugins do),
written after a build that succeeded, with only the entries that build used.
A missing, unreadable or foreign file is an empty cache, never an error.

A widget's HTML (a text entry) is kept out of memory: in a spill file, an
unnamed temporary file beside the cache, from which a page reads it when it
is written (`text`). Held in memory from their rendering until MkDocs writes
the pages, after every page is converted, the widgets of a large course were
the peak of its build (BENCHMARKS.md).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from .. import __version__

FILE = "build.cache"
FORMAT = 2  # a head (FORMAT, stamp, number of entries), then the entries in dicts of CHUNK
CHUNK = 256  # entries: written and read a few at a time, never the whole file as one bytes object
LIBRARIES = ("markdown", "nh3", "ruamel.yaml", "pydantic", "jinja2")
PACKAGE = Path(__file__).parent.parent  # the whole coursekit package
# project -> (stamp, entries of its last build, whether they differ from the file on disk)
_MEMORY: dict[str, tuple[str, dict[Any, Any], bool]] = {}


class _Text:
    """Where a text entry lies in a spill file; holding the file keeps it open while the entry lives."""

    __slots__ = ("file", "offset", "size")

    def __init__(self, file: IO[bytes], offset: int, size: int) -> None:
        self.file, self.offset, self.size = file, offset, size

    def read(self) -> str:
        return os.pread(self.file.fileno(), self.size, self.offset).decode()


class BuildCache:
    def __init__(self, key: str, folder: Path | None) -> None:
        self.key = key
        self.path = folder / FILE if folder else None
        self.stamp = hashlib.sha256(repr((FORMAT, __version__, sys.version, _libraries(),
                                          files_stamp([str(PACKAGE)]))).encode()).hexdigest()
        self.new: dict[Any, Any] = {}
        self.changed = False  # since the file on disk
        self._spill: IO[bytes] | None = None  # the text entries of this cache (`_Text`), opened once needed
        self._end = 0
        remembered = _MEMORY.get(key)
        if remembered and remembered[0] == self.stamp:
            self.old, self.changed = remembered[1], remembered[2]
        else:
            self.old = self._read()

    def _read(self) -> dict[Any, Any]:
        if self.path is None:
            return {}
        entries: dict[Any, Any] = {}
        try:
            with open(self.path, "rb") as file:
                head = marshal.load(file)
                if not (isinstance(head, tuple) and len(head) == 3 and head[:2] == (FORMAT, self.stamp)
                        and isinstance(head[2], int)):
                    return {}
                while len(entries) < head[2]:
                    chunk = marshal.load(file)
                    if not isinstance(chunk, dict) or not chunk:
                        return {}
                    for key, value in chunk.items():
                        entries[key] = self._keep(value) if isinstance(value, str) else value
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return entries

    def _keep(self, text: str) -> _Text | str:
        """`text` written at the end of the spill file (kept in memory if there is no file to write)."""
        if self._spill is None:
            folder = self.path.parent if self.path and self.path.parent.is_dir() else None
            try:
                self._spill = tempfile.TemporaryFile(dir=folder, buffering=0)  # noqa: SIM115 (open while an entry needs it)
            except OSError:
                return text
        data = text.encode()
        os.pwrite(self._spill.fileno(), data, self._end)
        place = _Text(self._spill, self._end, len(data))
        self._end += len(data)
        return place

    def _entry(self, key: Any) -> Any:
        """An entry as it is kept (a text entry's place in the spill file), now part of this build's."""
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.new[key] = value
        return value

    def get(self, key: Any) -> Any:
        value = self._entry(key)
        return value.read() if isinstance(value, _Text) else value

    def put(self, key: Any, value: Any) -> None:
        old = self.old.get(key)
        if isinstance(old, _Text):
            old = old.read()
        self.new[key] = self._keep(value) if isinstance(value, str) else value
        if old != value:
            self.changed = True

    def text(self, key: Any, compute: Callable[[], str]) -> Callable[[], str]:
        """A text entry (a widget's HTML), computed and kept if missing: a function that reads it, when
        the page that shows it is written, without holding it until then."""
        value = self._entry(key)
        if value is None:
            self.put(key, compute())
            value = self.new[key]
        return value.read if isinstance(value, _Text) else functools.partial(str, value)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def save(self, disk: bool = True) -> None:
        """Keep what this build used: in memory, and on disk (unless not `disk`) if it differs from the file."""
        stale = self.changed or len(self.new) != len(self.old) or not (self.path and self.path.exists())
        _MEMORY[self.key] = (self.stamp, self.new, stale and disk is False)
        if not disk or self.path is None or not stale:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".build-", suffix=".tmp")
        except OSError:  # a read-only project still builds; it only builds slower
            return
        try:
            with os.fdopen(fd, "wb") as out:
                items = list(self.new.items())
                marshal.dump((FORMAT, self.stamp, len(items)), out)
                for start in range(0, len(items), CHUNK):
                    marshal.dump({key: value.read() if isinstance(value, _Text) else value
                                  for key, value in items[start:start + CHUNK]}, out)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@functools.lru_cache(maxsize=1)
def _libraries() -> tuple[str, ...]:
    """The versions of the libraries that the cached checks and HTML come from."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return tuple(found)


def files_stamp(folders: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Every file of some folders (hidden ones and bytecode aside), with its mtime and size."""
    stamp = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                stat = os.stat(path)
                stamp.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


def forget() -> None:
    """Drop what this process keeps between builds (for tests and benchmarks)."""
    _MEMORY.clear()
