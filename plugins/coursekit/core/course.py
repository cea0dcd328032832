"""What the builder knows of a course during one build, apart from any host.

Loads the documents of every kind, finds every embed in the lessons, and
reports problems as a list, so that a trainer sees all of them at once and
before anything is written. Knows kinds only through their protocol
(`kinds.Kind`): it dispatches an embed on its name alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .embeds import scan
from .kinds import FileKind, kind_classes
from .problems import Problem, relative_path

if TYPE_CHECKING:
    from .html import Html, Widget

# What a site is: the learners' edition (no answer key, no scenario map) or the trainer's.
EDITIONS = ("learner", "trainer")


def edition_problem(value: Any) -> str | None:
    """What is wrong with the option `edition`, in plain words, or None."""
    if isinstance(value, str) and value in EDITIONS:
        return None
    return (f"no edition {value!r}: write `edition: learner` for the learners' site (the default: a page that "
            "shows an answer key or a scenario map stops the build) or `edition: trainer` for the trainer's site")


@dataclass(frozen=True)
class Part:
    """A piece of a widget shown under a heading of the page's own (each quiz of an answer key), so that
    the page's table of contents lists it."""

    title: str  # inline HTML
    html: Any  # a Widget or HTML; the MkDocs plugin's placeholder


@dataclass
class Course:
    root: Path  # the folder of the site's configuration file: paths in messages are relative to it
    docs_dir: Path  # the lessons
    folders: dict[str, Path]  # each kind's folder, by its option (`quizzes_dir`…); a kind's default otherwise
    html: Html
    late_problems: list[Problem] = field(default_factory=list)  # found while pages are converted
    # False for a one-shot build: a document's widget is rendered as soon as it is parsed and its
    # model let go (`FileKind.load`); `mkdocs serve` keeps them for the next rebuild
    keep_models: bool = True
    edition: str = "learner"  # `EDITIONS`: in the learners' one, an answer key or a map is an error
    # whether the host leaves a page out of the site (its path in the lessons' folder): not scanned
    excluded: Callable[[str], bool] | None = None

    def __post_init__(self) -> None:
        self.kinds: list[FileKind] = [
            cls(self.root, self.folders.get(cls.option, self.root / cls.default_folder), self.html)
            for cls in kind_classes()]
        self.by_embed = {embed: kind for kind in self.kinds for embed in kind.embeds}
        for kind in self.kinds:
            kind.keep_models = self.keep_models
            # a kind that reads the others' documents (the journey's exams)
            attach = getattr(kind, "attach", None)
            if attach is not None:
                attach(self)

    def kind(self, name: str) -> FileKind:
        """The kind called `name` ("quiz", "scenario")."""
        return next(kind for kind in self.kinds if kind.name == name)

    def check(self) -> list[Problem]:
        """Load every kind's documents and scan the lessons; return every problem found."""
        problems: list[Problem] = []
        for kind in self.kinds:
            problems.extend(kind.load(self.html.cache))
        docs, shown = str(self.docs_dir), relative_path(self.docs_dir, self.root)
        for folder, dirs, names in os.walk(docs):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            sub = os.path.relpath(folder, docs)
            where = shown if sub == "." else f"{shown}/{Path(sub).as_posix()}"
            for name in sorted(names):
                rel = name if sub == "." else f"{Path(sub).as_posix()}/{name}"
                if name.endswith(".md") and not (self.excluded and self.excluded(rel)):
                    problems.extend(self._scan(Path(folder, name), f"{where}/{name}"))
        for kind in self.kinds:
            problems.extend(kind.finish_scan())
            if not self.keep_models:
                for doc in kind.docs.values():
                    doc.release(lines_only=True)
        return problems

    def _scan(self, path: Path, display: str) -> list[Problem]:
        text = path.read_text(encoding="utf-8-sig")
        if "[" not in text:
            return []
        problems = []
        embeds, misses = scan(text)
        for embed in embeds:
            if (trainers := self.for_trainers(embed.kind, embed.id)) is not None:
                problems.append(Problem(display, embed.line, trainers))
                continue
            problems.extend(self.by_embed[embed.kind].scan(embed.kind, embed.id, display, embed.line))
        for miss in misses:
            kind = self.by_embed[miss.kind]
            known = {key.lower(): key for key in kind.docs}
            problems.append(Problem(display, miss.line, miss.message(known), level="warning"))
            meant = known.get(miss.id.lower())
            if meant is not None:  # the document is meant to be used: the warning says it all
                kind.used.setdefault(meant, [])
        return problems

    def for_trainers(self, embed: str, ident: str) -> str | None:
        """The error of an embed that only the trainer's edition may show, in the learners' one."""
        what = self.by_embed[embed].trainer_embeds.get(embed)
        if what is None or self.edition != "learner":
            return None
        return (f"[[{embed}: {ident}]] would show {what} to learners: this site is the learners' edition (the "
                "coursekit option `edition` is `learner`, its default). Put this page in a folder that the learners' "
                "configuration leaves out (`exclude_docs`) and build it with a configuration that sets "
                "`edition: trainer`, or set `edition: trainer` here if this site is for trainers only")

    def follow(self, pages: list[str]) -> None:
        """The course's order, from the host's navigation (each page's path in the lessons' folder): each
        kind's documents rank by the first place that shows them (`FileKind.in_course_order`)."""
        shown = relative_path(self.docs_dir, self.root)
        rank = {f"{shown}/{page}": n for n, page in enumerate(pages)}
        for kind in self.kinds:
            kind.ranks = {ident: min(found) for ident, places in kind.placed.items()
                          if (found := [(rank[page], line) for page, line in places if page in rank])}

    def render(self, embed: str, ident: str, count: int, page: str) -> Widget | str | list[Part]:
        """HTML for one embed; an unknown id found only now is kept for the end of the build."""
        if (trainers := self.for_trainers(embed, ident)) is not None:  # a page that no scan read
            self.late_problems.append(Problem(page, None, trainers))
            return ""
        kind = self.by_embed[embed]
        html = kind.render(embed, ident, count)
        if not self.keep_models and ident in kind.docs:
            kind.docs[ident].release()
        if html is None:
            self.late_problems.append(Problem(page, None, f"[[{embed}: {ident}]]: there is no {kind.name} '{ident}'"))
            return ""
        return html
