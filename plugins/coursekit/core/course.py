"""What the builder knows of a course during one build, apart from any host.

Loads the documents of every kind, finds every embed in the lessons, and
reports problems as a list, so that a trainer sees all of them at once and
before anything is written. Knows kinds only through their protocol
(`kinds.Kind`): it dispatches an embed on its name alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .embeds import scan
from .kinds import FileKind, kind_classes
from .problems import Problem, relative_path

if TYPE_CHECKING:
    from .html import Html, Widget


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
                if name.endswith(".md"):
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
            problems.extend(self.by_embed[embed.kind].scan(embed.kind, embed.id, display, embed.line))
        for miss in misses:
            kind = self.by_embed[miss.kind]
            known = {key.lower(): key for key in kind.docs}
            problems.append(Problem(display, miss.line, miss.message(known), level="warning"))
            meant = known.get(miss.id.lower())
            if meant is not None:  # the document is meant to be used: the warning says it all
                kind.used.setdefault(meant, [])
        return problems

    def render(self, embed: str, ident: str, count: int, page: str) -> Widget | str:
        """HTML for one embed; an unknown id found only now is kept for the end of the build."""
        kind = self.by_embed[embed]
        html = kind.render(embed, ident, count)
        if not self.keep_models and ident in kind.docs:
            kind.docs[ident].release()
        if html is None:
            self.late_problems.append(Problem(page, None, f"[[{embed}: {ident}]]: there is no {kind.name} '{ident}'"))
            return ""
        return html
