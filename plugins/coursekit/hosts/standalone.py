"""The course of the Markdown extension, for hosts that run no plugin: checked once per build and change.

A host makes one extension for each page, and keeps no object of ours between
pages; what lives for the whole build is this module. So the course is kept
here, by the extension's options and the current folder, with a stamp of its
quiz and scenario files (name, size, modification time): a page converted
while nothing changed reuses it, and `zensical serve` checks the course again
once a file changes. Every problem is said at once: warnings in the log, errors
as one CourseError whose text is the list.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from ..core.course import Course, Part, edition_problem
from ..core.html import Html
from ..core.problems import CourseError, Problem, relative_path
from ..core.site_config import SiteConfig, read_config
from ..i18n import pick_language

# Under MkDocs or ProperDocs (the extension without the plugin), `--strict` counts these warnings.
log = logging.getLogger("mkdocs.plugins.coursekit")
_LOCK = threading.RLock()  # a host may convert pages in threads: one check, one renderer at a time
_COURSES: dict[tuple[Any, ...], StandaloneCourse] = {}
_RAISED: list[str] = []  # the messages of the errors raised, for the hook below


@dataclass
class StandaloneCourse:
    course: Course
    stamp: tuple[Any, ...]
    folders: dict[str, Path]
    site: SiteConfig

    def render(self, kind: str, ident: str, count: int) -> str | list[Part]:
        with _LOCK:
            html = self.course.render(kind, ident, count, "")
            if isinstance(html, list):
                return [Part(part.title, str(part.html)) for part in html]
            if html:
                return str(html)
            if (trainers := self.course.for_trainers(kind, ident)) is not None:  # a page the check left out
                stop(trainers)
            # A lesson changed since the check (`serve`): check again, to say where.
            fresh = _check(self.course.root, self.course.docs_dir, self.folders, self.course.html, self.site)
            kind_of = self.course.by_embed[kind]
            folder = relative_path(kind_of.folder, self.course.root) if kind_of.folder else kind_of.default_folder
            stop(_message(fresh.late_problems) if fresh.late_problems else
                 f"[[{kind}: {ident}]]: there is no {kind_of.name} '{ident}' in {folder}/")


def course(options: dict[str, Any]) -> StandaloneCourse:
    """The checked course for these options, checked again if a quiz or scenario file changed."""
    cwd = Path.cwd()
    key = (str(cwd), tuple(sorted((k, str(v)) for k, v in options.items())))
    with _LOCK:
        site = _site(cwd, options)
        folders = site.folders(cwd)
        stamp = _stamp(site.docs_dir, folders)
        known = _COURSES.get(key)
        if known is not None and known.stamp == stamp:
            return known
        lang = pick_language(options.get("language") or None, site.theme_language)
        html = Html(lang, site.namespace(), [], cache_key=f"markdown:{cwd}")
        if problem := edition_problem(site.edition):
            stop(f"the coursekit option `edition`: {problem}")
        checked = _check(cwd, site.docs_dir, folders, html, site)
        if checked.late_problems:  # errors: nothing kept, the next page checks again
            stop(_message(checked.late_problems))
        _COURSES[key] = StandaloneCourse(checked, stamp, folders, site)
        return _COURSES[key]


def stop(message: str) -> NoReturn:
    """Stop the build with `message`: a CourseError, shown without a traceback if no host catches it.

    Zensical lets the error out of its command as a RuntimeError whose text is the
    error's and a traceback; MkDocs lets it out as it is. Python then calls
    `sys.excepthook`: this one prints our message alone (the exit status stays 1),
    and leaves any other error to the hook it replaces.
    """
    _RAISED.append(message)
    previous = sys.excepthook
    if not getattr(previous, "coursekit", False):
        def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            text = str(value)
            shown = next((m for m in reversed(_RAISED) if m in text), None)
            if shown is None:
                previous(kind, value, tb)
            else:
                print(f"Error: coursekit: {shown}", file=sys.stderr)

        hook.coursekit = True  # type: ignore[attr-defined]
        sys.excepthook = hook
    raise CourseError(message)


def _site(cwd: Path, options: dict[str, Any]) -> SiteConfig:
    path = cwd / str(options.get("config_file") or "mkdocs.yml")
    site = read_config(path) if path.is_file() else SiteConfig(cwd, cwd / "docs")
    site.options = {**site.options, **{k: v for k, v in options.items() if v}}
    if options.get("docs_dir"):
        site.docs_dir = cwd / str(options["docs_dir"])
    return site


def _check(root: Path, docs_dir: Path, folders: dict[str, Path], html: Html, site: SiteConfig) -> Course:
    """A course checked: its warnings logged; its errors, if any, in `late_problems`."""
    checked = Course(root, docs_dir, folders, html, edition=site.edition, excluded=site.excluded())
    problems = checked.check()
    for problem in problems:
        if problem.level != "error":
            log.warning(f"coursekit: {problem}")
    checked.late_problems = [p for p in problems if p.level == "error"]
    return checked


def _message(errors: list[Problem]) -> str:
    plural = "s" if len(errors) > 1 else ""
    lines = "\n".join(str(p) for p in errors)
    return f"{len(errors)} problem{plural} in the course files; the build stopped:\n{lines}"


def _stamp(docs_dir: Path, folders: dict[str, Path]) -> tuple[Any, ...]:
    """What says that a course file changed: each file of the kinds' folders, its size and time."""
    found: list[Any] = [str(docs_dir)]
    for folder in folders.values():
        try:
            with os.scandir(folder) as listing:
                for entry in sorted(listing, key=lambda e: e.name):
                    try:
                        stat = entry.stat()
                    except OSError:
                        found.append((entry.path, None))
                        continue
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((str(folder), None))
    return tuple(found)
