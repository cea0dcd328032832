"""The journey kind: the course settings file (`course.yml`) and the widgets that follow a learner
across the lessons: `[[progress]]` (« Ma progression »), `[[continue]]` (« Continuer »), `[[exam: id]]` (an
assessment of the settings, drawn from its pools: `exam.py`) and `[[attestation]]` (the « attestation de
réussite » of an assessment passed: `attestation.py`).

It is a kind like the quizzes, with one file instead of a folder, so that its file is checked
and reported as theirs are. What it needs of the other kinds (which lesson embeds which quiz or
scenario) it reads once every lesson has been scanned (`link`); the host then gives it the
navigation's order (`manifest.build`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.documents import FileType
from ..core.kinds import FileKind
from ..core.problems import Problem, line_of, relative_path, suggest

if TYPE_CHECKING:
    from ..core.cache import BuildCache
    from ..core.course import Course
    from ..core.html import Widget
    from .manifest import NavPage
    from .settings import Settings


class Journey(FileKind):
    name = "course"
    embeds = ("progress", "continue", "exam", "attestation", "practice")
    option = "course_file"
    default_folder = "course.yml"  # a file, not a folder: the kind's one document
    files = FileType("course", "coursekit.journey.settings:parse_settings")
    counted: ClassVar[bool] = False  # not a folder of documents to count in `coursekit check`

    def __init__(self, root: Path, folder: Path | None, html: Any) -> None:
        super().__init__(root, folder, html)
        self.settings: Settings | None = None
        self.course: Course | None = None
        self.exams: dict[str, list[str]] = {}  # assessment -> the lessons that embed it
        self.pages: dict[str, NavPage] = {}  # the site's pages by source path, once the host's navigation is known
        self.manifest: dict[str, Any] | None = None  # the course's manifest, once the host has built it
        self.attestations: dict[str, list[tuple[str, int]]] = {}  # assessment -> its attestations' lessons, lines

    def attach(self, course: Course) -> None:
        self.course = course

    def load(self, cache: BuildCache) -> list[Problem]:
        if self.folder is None or not self.folder.is_file():
            return []
        from .settings import parse_settings
        loaded, problems = parse_settings(self.folder, relative_path(self.folder, self.root), "course")
        if loaded is not None:
            self.docs = {"course": loaded}
            self.settings = loaded.model
        return problems

    def scan(self, embed: str, ident: str, page: str, line: int) -> list[Problem]:
        if embed == "exam":
            known = self.settings.assessments if self.settings else {}
            self.used.setdefault(embed, []).append(page)
            if ident in known:
                self.exams.setdefault(ident, []).append(page)
                if self.course is not None:  # a quiz the exam draws from is used by the exam's lesson:
                    quizzes = self.course.kind("quiz")  # drawn whole, or a tag's questions in it
                    for pool in known[ident].pools:
                        for name in [pool.quiz] if pool.quiz in quizzes.docs else [
                                name for name, doc in quizzes.docs.items()
                                if pool.tag is not None and any(pool.tag in q.tags for q in doc.model.questions)]:
                            quizzes.used.setdefault(name, [])
                            quizzes.placed.setdefault(name, []).append((page, line))  # the course's order
                return []
            return [Problem(page, line, (f"[[exam: {ident}]]: there is no assessment '{ident}' in "
                                         f"course.yml (assessments){suggest(ident, list(known))}"))]
        if embed == "attestation":
            from . import attestation
            self.used.setdefault(embed, []).append(page)
            return attestation.scan(self, ident, page, line)
        if ident:
            return [Problem(page, line, f"[[{embed}: {ident}]]: this embed takes no id; write [[{embed}]]")]
        self.used.setdefault(embed, []).append(page)
        return []

    def finish_scan(self) -> list[Problem]:
        from . import attestation
        return attestation.check(self)

    def link(self, course: Course) -> list[Problem]:
        """Once the lessons are scanned: check what the settings name (lessons, logo, quizzes)."""
        self.course = course
        settings, doc = self.settings, self.docs.get("course")
        if settings is None or doc is None:
            return []
        problems = []
        lessons = course.docs_dir
        shown = relative_path(lessons, self.root)
        for index, page in enumerate(settings.counts or []):
            if not (lessons / page).is_file() or not page.endswith(".md"):
                problems.append(Problem(doc.file, line_of(doc.lines, ("counts", index)), (
                    f"counts: there is no lesson '{page}' in {shown}/ (a path such as partie-1/lecon.md)"
                    f"{suggest(page, _lessons(lessons))}")))
        logo = settings.organisation.logo if settings.organisation else None
        if logo and not ((lessons / logo).is_file() and (lessons / logo).resolve().is_relative_to(lessons.resolve())):
            problems.append(Problem(doc.file, line_of(doc.lines, ("organisation", "logo")), (
                f"organisation › logo: there is no file '{logo}' in {shown}/ (a path in that folder, "
                "such as images/logo.svg: the site copies its files)")))
        quizzes = course.kind("quiz").docs
        for name, assessment in settings.assessments.items():
            for index, pool in enumerate(assessment.pools):
                if pool.quiz is not None and pool.quiz not in quizzes:
                    at = line_of(doc.lines, ("assessments", name, "pools", index, "quiz"))
                    problems.append(Problem(doc.file, at, (
                        f"assessments › {name} › pool {index + 1}: there is no quiz '{pool.quiz}'"
                        f"{suggest(pool.quiz, list(quizzes))}")))
        from .exam import check
        return problems + check(course, settings, doc)

    def render(self, embed: str, ident: str, count: int) -> Widget | str | None:
        uid = f"ck-{embed}" if count == 1 else f"ck-{embed}-{count}"
        if embed == "exam":
            if self.course is None or self.settings is None or ident not in self.settings.assessments:
                return None
            from . import exam
            att = ((self.manifest or {}).get("exams") or {}).get(ident, {}).get("att")
            return exam.render(self.course, ident, self.settings.assessments[ident], uid, att)
        if embed == "attestation":
            from . import attestation
            return attestation.render(self, ident, uid)
        if embed == "practice" and self.course is not None:  # « Revoir mes erreurs »
            from . import practice
            return practice.render(self.course, self.pages, uid, (self.manifest or {}).get("progress"))
        from .render import render
        return render(self.html, embed, uid, self.manifest, self.pages)


def _lessons(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
