"""Kinds of course documents (quizzes, scenarios…) behind one small protocol.

A kind owns a folder of YAML files and the embeds that show them in a lesson
(`[[quiz: id]]`, `[[answers: id]]`…). The course (`course.Course`) and the
embed syntax know kinds only through this protocol and the registry below: a
new kind is one package with a class here, nothing else to change.

`FileKind` does what every kind of file does (load and check its folder,
count which documents the lessons embed, report unknown ids, a missing folder
and unused files); a kind adds its `render`.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from .documents import FileType, Loaded, load_dir
from .problems import Problem, missing_folder, relative_path, suggest, unused_docs

if TYPE_CHECKING:
    from .cache import BuildCache
    from .course import Part
    from .html import Html, Widget

# module:class of each kind, imported when a course is built (the kinds' packages import nothing heavy)
REGISTRY = ("coursekit.quiz:Quizzes", "coursekit.scenario:Scenarios", "coursekit.journey:Journey")


class Kind(Protocol):
    name: str  # "quiz": what its documents are called in messages
    embeds: tuple[str, ...]  # the embeds it renders; the first counts a document as used
    folder: Path | None
    docs: dict[str, Loaded[Any]]
    used: dict[str, list[str]]

    def load(self, cache: BuildCache) -> list[Problem]: ...
    def scan(self, embed: str, ident: str, page: str, line: int) -> list[Problem]: ...
    def finish_scan(self) -> list[Problem]: ...
    def render(self, embed: str, ident: str, count: int) -> Widget | str | list[Part] | None: ...


@functools.cache
def kind_classes() -> tuple[type[FileKind], ...]:
    found = []
    for entry in REGISTRY:
        module, _, name = entry.partition(":")
        found.append(getattr(importlib.import_module(module), name))
    return tuple(found)


@functools.cache
def embed_names() -> tuple[str, ...]:
    """Every embed of every kind: `quiz`, `answers`, `scenario`, `map`."""
    return tuple(embed for cls in kind_classes() for embed in cls.embeds)


def folder_options() -> dict[str, str]:
    """Each kind's folder option and its default: {"quizzes_dir": "quizzes", …}."""
    return {cls.option: cls.default_folder for cls in kind_classes()}


class FileKind:
    """A kind whose documents are the YAML files of one folder."""

    name: ClassVar[str]
    embeds: ClassVar[tuple[str, ...]]
    option: ClassVar[str]  # the host's option naming its folder ("quizzes_dir")
    default_folder: ClassVar[str]
    files: ClassVar[FileType]
    every: ClassVar[str] = ""  # the embed that takes `*` for every document (`[[answers: *]]`)
    templates: ClassVar[tuple[str, ...]] = ()  # its widgets' main templates, readied by `ready`
    # the embeds for trainers only, and what they show: an error in the learners' edition (`Course.edition`)
    trainer_embeds: ClassVar[dict[str, str]] = {}

    def __init__(self, root: Path, folder: Path | None, html: Html) -> None:
        self.root, self.folder, self.html = root, folder, html
        self.docs: dict[str, Loaded[Any]] = {}
        self.used: dict[str, list[str]] = {}
        # where each document is shown (page, line): its first embed, an exam that draws from it
        self.placed: dict[str, list[tuple[str, int]]] = {}
        self.ranks: dict[str, tuple[int, int]] = {}  # its first place in the course (`Course.follow`)
        self.broken: set[str] = set()  # ids of files with errors of their own
        self.without_folder: list[str] = []  # lessons that embed one, when there is no folder
        self.keep_models = True  # False for a one-shot build (`Course.keep_models`)

    def load(self, cache: BuildCache) -> list[Problem]:
        if self.folder is None:
            return []
        self.docs = {}
        parsed = None if self.keep_models else self._rendered
        self.docs, problems = load_dir(self.folder, self.root, self.files, cache, parsed)
        self.broken = {Path(p.file).stem for p in problems}
        return problems

    def scan(self, embed: str, ident: str, page: str, line: int) -> list[Problem]:
        """An embed found in a lesson: unknown ids are errors at the lesson's line."""
        if embed == self.embeds[0]:
            self.used.setdefault(ident, []).append(page)
            self.placed.setdefault(ident, []).append((page, line))
        if ident in self.docs or ident in self.broken or (embed == self.every and ident == "*"):
            return []
        if self.folder is None or not self.folder.is_dir():  # said once, for every lesson (finish_scan)
            self.without_folder.append(page)
            return []
        folder = relative_path(self.folder, self.root)
        return [Problem(page, line, (f"[[{embed}: {ident}]]: there is no {self.name} '{ident}' in "
                                     f"{folder}/{suggest(ident, list(self.docs))}"))]

    def finish_scan(self) -> list[Problem]:
        """Once every lesson is read: a missing folder (once), and the documents no lesson embeds."""
        problems = []
        if self.without_folder:
            folder = relative_path(self.folder, self.root) if self.folder else self.default_folder
            problems.append(missing_folder(folder, self.name, self.option, self.without_folder))
        problems.extend(unused_docs(self.docs, self.used, self.name, self.embeds[0]))
        return problems

    def render(self, embed: str, ident: str, count: int) -> Widget | str | list[Part] | None:
        raise NotImplementedError

    def in_course_order(self) -> list[Loaded[Any]]:
        """The documents in the course's order (`Course.follow`): by the first page of the navigation that
        shows them, and their line in it; those that none shows come last, by name."""
        last = (float("inf"), 0)
        return sorted(self.docs.values(), key=lambda doc: (self.ranks.get(doc.id, last), doc.id))

    def ready(self) -> None:
        """Import the parser and compile the templates now (`mkdocs serve` starting), so that the first
        edit of a file does not wait for them."""
        self.files.function()
        for template in self.templates:
            self.html.env.get_template(template)

    def _rendered(self, doc: Loaded[Any]) -> None:
        """A one-shot build: a just-parsed document's widget (its first embed) rendered into the build
        cache, where its page finds it, and its model let go (parsed again if something asks for it).

        Kept until their pages were converted, the models of a thousand quizzes
        weighed more than MkDocs' whole build.
        """
        self.docs[doc.id] = doc  # what `render` reads; `load` sets the whole dict once the folder is read
        self.render(self.embeds[0], doc.id, 1)
        doc.release()
