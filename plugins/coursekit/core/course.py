"""What the plugin knows of a course during one build, apart from MkDocs.

Loads every quiz, finds every embed in the lessons, and reports problems as a
list, so that a trainer sees all of them at once and before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import QUIZ, Loaded, Problem, files, load_dir, missing, relative_path, unknown_embed, unused_docs
from .markdown import scan
from .render import Renderer
from .scenario_html import KINDS as SCENARIO_KINDS
from .scenario_html import Scenarios

if TYPE_CHECKING:
    from .model import Quiz


def missing_folder(folder: str, what: str, option: str, lessons: list[str]) -> Problem:
    """One error for a folder that does not exist, with the lessons that need it."""
    pages = list(dict.fromkeys(lessons))
    more = len(pages) - 1
    named = pages[0] + (f" and {more} other lesson{'s' if more > 1 else ''}" if more else "")
    return Problem(f"{folder}/", None, (f"the {what} folder does not exist (plugin option {option}, relative to "
                                        f"mkdocs.yml); needed by {named}"))


@dataclass
class Course:
    root: Path
    docs_dir: Path
    quizzes_dir: Path
    renderer: Renderer
    quizzes: dict[str, Loaded[Quiz]] = field(default_factory=dict)
    used: dict[str, list[str]] = field(default_factory=dict)
    late_problems: list[Problem] = field(default_factory=list)
    scenarios_dir: Path | None = None
    processes: int | None = None  # the `processes` option (see parallel.py)
    shared: str = ""  # what worker processes did, if any
    workers: Any = None  # parallel.Workers checking and rendering quiz files, if any
    settled: bool = False  # whether the workers' checks were taken
    without_folder: list[str] = field(default_factory=list)  # lessons that embed a quiz, when there is no folder

    def __post_init__(self) -> None:
        self.scenarios = Scenarios(self.root, self.scenarios_dir, self.renderer)

    def check(self) -> list[Problem]:
        """Load the quizzes and scan the lessons; return every problem found."""
        cache = self.renderer.cache
        listing = files(self.quizzes_dir, self.root, cache)
        tasks = missing(listing, QUIZ, cache)
        if len(tasks) > 1 and self.processes != 1:  # a first build, most likely: work beside the build
            from . import parallel
            count = parallel.processes(self.processes) - 1
            if parallel.usable(len(tasks), count):
                self.workers = parallel.Workers(tasks, self.renderer, count)
        pending = {task[1] for task in tasks} if self.workers else ()
        self.quizzes, problems = load_dir(self.quizzes_dir, self.root, QUIZ, cache, listing, pending)
        broken = {p.file for p in problems}
        problems += self.scenarios.load(cache)
        docs, shown = str(self.docs_dir), relative_path(self.docs_dir, self.root)
        for folder, dirs, names in os.walk(docs):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            sub = os.path.relpath(folder, docs)
            where = shown if sub == "." else f"{shown}/{Path(sub).as_posix()}"
            for name in sorted(names):
                if name.endswith(".md"):
                    problems.extend(self._scan(Path(folder, name), f"{where}/{name}", broken))
        if self.without_folder:
            problems.append(missing_folder(relative_path(self.quizzes_dir, self.root), "quiz", "quizzes_dir",
                                           self.without_folder))
        if self.scenarios.without_folder and self.scenarios.folder is not None:
            problems.append(missing_folder(relative_path(self.scenarios.folder, self.root), "scenario",
                                           "scenarios_dir", self.scenarios.without_folder))
        problems.extend(unused_docs(self.quizzes, self.used, "quiz", "quiz"))
        problems.extend(self.scenarios.unused())
        if any(p.level == "error" for p in problems):  # every problem at once: the workers' too
            problems.extend(self.settle())
        return problems

    def settle(self) -> list[Problem]:
        """The quiz files that worker processes checked, completed with their results; the problems of
        those the workers left (invalid files, read again here for their messages)."""
        if self.workers is None or self.settled:
            return []
        self.settled = True
        workers = self.workers
        done = workers.checked()
        self.shared = (f"{done} of {len(workers.tasks)} quiz files checked and rendered by {workers.count} "
                       f"worker process{'es' if workers.count > 1 else ''} while the lessons were read")
        docs, problems = load_dir(self.quizzes_dir, self.root, QUIZ, self.renderer.cache, list(workers.tasks))
        for doc_id, doc in docs.items():
            self.quizzes[doc_id].settle(doc)
            if doc_id not in workers.versions:  # a worker failed: rendered here, before any page is written
                self.renderer._cached(doc)
        return problems

    def poll(self) -> None:
        if self.workers is not None:
            self.workers.poll()

    def close(self) -> None:
        """The build is done: the workers' last results into the build cache."""
        if self.workers is not None:
            self.workers.close()
            self.workers = None

    def stop(self) -> None:
        """The build failed: end the worker processes, if any."""
        if self.workers is not None:
            self.workers.stop()
            self.workers = None

    def _from_worker(self, doc: Loaded[Quiz]) -> str:
        """A quiz's HTML once its page is written: from its worker (into the cache), or rendered here."""
        if self.workers is not None and doc.id in self.workers.versions:
            self.workers.take(doc.id)
        return self.renderer._cached(doc)

    def _scan(self, path: Path, display: str, broken: set[str]) -> list[Problem]:
        text = path.read_text(encoding="utf-8-sig")
        if "[" not in text:
            return []
        problems = []
        embeds, misses = scan(text)
        for embed in embeds:
            if embed.kind in SCENARIO_KINDS:
                problems.extend(self.scenarios.scan(embed.kind, embed.id, display, embed.line))
                continue
            if embed.kind == "quiz":
                self.used.setdefault(embed.id, []).append(display)
            if embed.id in self.quizzes or (embed.kind == "answers" and embed.id == "*"):
                continue
            if any(Path(f).stem == embed.id for f in broken):
                continue  # the quiz file has errors of its own, reported already
            if not self.quizzes_dir.is_dir():  # said once, for every lesson (see check)
                self.without_folder.append(display)
                continue
            problems.append(unknown_embed(embed.kind, embed.id, display, embed.line, "quiz",
                                          relative_path(self.quizzes_dir, self.root), list(self.quizzes)))
        for miss in misses:
            docs: dict[str, Any] = self.scenarios.docs if miss.kind in SCENARIO_KINDS else self.quizzes
            known = {key.lower(): key for key in docs}
            problems.append(Problem(display, miss.line, miss.message(known), level="warning"))
            meant = known.get(miss.id.lower())
            if meant is not None:  # the document is meant to be used: the warning says it all
                (self.scenarios.used if miss.kind in SCENARIO_KINDS else self.used).setdefault(meant, [])
        return problems

    def render(self, kind: str, ident: str, count: int, page: str) -> Any:
        """HTML for one embed; an unknown id found only now is kept for the end of the build."""
        if kind in SCENARIO_KINDS:
            html = self.scenarios.render(kind, ident, count)
            if html is None:
                self.late_problems.append(Problem(page, None, f"[[{kind}: {ident}]]: there is no scenario '{ident}'"))
            return html or ""
        if kind == "answers":
            self.late_problems.extend(self.settle())  # an answer key needs every quiz's model
            docs = list(self.quizzes.values()) if ident == "*" else [self.quizzes.get(ident)]
            if all(docs):
                return self.renderer.answers([d for d in docs if d])
        elif ident in self.quizzes:
            uid = f"ck-{ident}" if count == 1 else f"ck-{ident}-{count}"
            doc = self.quizzes[ident]
            if self.workers is not None:  # a worker may be rendering it: its page takes it when written
                return self.renderer.widget(None, uid, lambda: self._from_worker(doc))
            return self.renderer.quiz(doc, uid)
        self.late_problems.append(Problem(page, None, f"[[{kind}: {ident}]]: there is no quiz '{ident}'"))
        return ""

