"""What a trainer must fix, said in plain words with its file and line, and the core's own error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CourseError(Exception):
    """A problem that stops the build; each host shows it its own way (MkDocs: a PluginError)."""


@dataclass(frozen=True)
class Problem:
    """One thing a trainer must fix, where to fix it, and how bad it is."""

    file: str
    line: int | None
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def relative_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    """The line of `loc`, or of its nearest ancestor that is in the file."""
    while loc not in lines:
        loc = loc[:-1]
    return lines[loc]


def suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    import difflib  # only when there is something to suggest

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def unused_docs(docs: Mapping[str, Any], used: dict[str, list[str]], what: str,
                kind: str) -> list[Problem]:
    """A warning for each document that no lesson embeds."""
    return [Problem(doc.file, 1, (f"the {what} '{key}' is not used by any lesson; embed it with "
                                  f"[[{kind}: {key}]] or delete the file"), level="warning")
            for key, doc in docs.items() if key not in used]


def missing_folder(folder: str, what: str, option: str, lessons: list[str]) -> Problem:
    """One error for a folder that does not exist, with the lessons that need it."""
    pages = list(dict.fromkeys(lessons))
    more = len(pages) - 1
    named = pages[0] + (f" and {more} other lesson{'s' if more > 1 else ''}" if more else "")
    return Problem(f"{folder}/", None, (f"the {what} folder does not exist (plugin option {option}, relative to "
                                        f"mkdocs.yml); needed by {named}"))
