"""The course's questions as every bank format reads them: by category, each with its file and line.

`collect` loads the quiz files (and course.yml, for the final assessment's pools) with the course's own
loader, so that a question's line is the one a trainer sees and a broken file stops the export with the
same message as `coursekit check`. A category is one quiz, or one pool of the final assessment, so that
an LMS can draw random questions the way the course does. What a format cannot carry is a `Loss`: said
by the command with its file and line, never silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.problems import CourseError, Problem, line_of, relative_path, suggest
from ..lms.files import ExportError

if TYPE_CHECKING:
    from ..core.course import Course
    from ..core.html import Html

BY = ("quiz", "pool")


@dataclass
class Entry:
    """One question of the course, with where a trainer wrote it."""

    quiz: str  # the quiz's id (its file name without .yml)
    file: str  # the file as a trainer names it: "quizzes/p1-accepter.yml"
    line: int  # the line of the question (its `- id:` / `- type:` item) in that file
    # the validated model (a QuestionBase of quiz/types/*.py), typed Any: each format reads its type's own
    # fields (`.choices`, `.answers`, `.pairs`…) once it has looked at `.type`
    question: Any
    quiz_title: str
    shuffle: bool = False  # the quiz shuffles its questions and choices at each attempt

    @property
    def name(self) -> str:
        """`<quiz id>/<question id>`: the question's name in a bank, the same in every export."""
        return f"{self.quiz}/{self.question.id}"


@dataclass
class Category:
    # a path, its parts joined by "/" (a "/" inside a part written "//", as Moodle reads it):
    # "Répondre non à un client/Quatre appels, quatre refus" (course/quiz) or
    # "Répondre non à un client/Évaluation finale/Lot 1 (étiquette : obj-ecoute)" (course/assessment/pool)
    name: str
    entries: list[Entry]
    draw: int | None  # pools: how many the course draws from it (a random-question quiz may use it)
    parts: list[str] = field(default_factory=list)  # the path's parts, unescaped

    @staticmethod
    def path(parts: list[str]) -> str:
        return "/".join(part.replace("/", "//") for part in parts)

    def shuffled(self, entry: Entry) -> bool:
        """Whether the course shows `entry`'s choices in another order for each learner: a pool of the
        final assessment shuffles every paper's choices; a quiz, as its `shuffle` says."""
        return self.draw is not None or entry.shuffle


@dataclass
class Bank:
    title: str  # the site's name
    lang: str  # the theme's language
    categories: list[Category]
    texts: Html | None = field(default=None, repr=False)  # the site's renderer (one made for `lang` if None)

    def _texts(self) -> Html:
        if self.texts is None:
            from ..core.html import Html
            self.texts = Html(self.lang, "", [])
        return self.texts

    def html(self, text: str, inline: bool) -> str:
        """A trainer's Markdown as the cleaned HTML the site shows (inline: no block element)."""
        texts = self._texts()
        return str((texts.inline(text) if inline else texts.block(text)) or "")

    def plain(self, text: str) -> str:
        """The same text as plain text (a match's right side, titles), as the browser shows it."""
        return self._texts().plain(text)

    def essay(self, question: Any, inline: bool) -> tuple[str, str]:
        """A `rewrite` question as an essay: its text as HTML (`inline` or not), the text to rewrite quoted
        and the hint after it; and its checklist as a list, for the grader."""
        text = self.html(question.text, inline)
        if question.original:
            text += f"<blockquote>{self.html(question.original, False)}</blockquote>"
        if question.hint:
            text += f"<p>{self.html(question.hint, True)}</p>"
        checklist = "".join(f"<li>{self.html(item, True)}</li>" for item in question.checklist)
        return text, f"<ul>{checklist}</ul>"

    @property
    def entries(self) -> list[Entry]:
        return [entry for category in self.categories for entry in category.entries]


@dataclass
class Loss:
    """What a format could not carry: said, never silent."""

    file: str
    line: int
    question: str  # the question's id
    what: str
    type: str = ""  # the question's type, when known

    @classmethod
    def of(cls, entry: Entry, what: str) -> Loss:
        return cls(entry.file, entry.line, str(entry.question.id), what, entry.question.type)

    def __str__(self) -> str:
        kind = f" ({self.type})" if self.type else ""
        return f"{self.file}:{self.line}: warning: question '{self.question}'{kind}: {self.what}"


def collect(config_file: Path, quizzes: list[str] | None, by: str) -> Bank:
    """The course's questions: one category per quiz (every quiz, or the ones named) with `by="quiz"`;
    one per pool of course.yml's final assessment (its first) with `by="pool"`, a question that several
    pools would draw in the first. An `ExportError` (one line) for an unknown quiz, no assessment, or a
    file with errors."""
    from ..core.course import Course
    from ..core.html import Html
    from ..core.site_config import read_config
    from ..i18n import pick_language

    if by not in BY:
        raise ExportError(f"no category by {by!r}: one category per quiz (quiz) or per pool of the final "
                          "assessment (pool)")
    try:
        site = read_config(config_file)
    except CourseError as exc:
        raise ExportError(str(exc)) from None
    lang = pick_language(site.options.get("language"), site.theme_language)
    texts = Html(lang, site.namespace(), [])
    course = Course(site.root, site.docs_dir, site.folders(), texts, edition=site.edition)
    kind = course.kind("quiz")
    _stop(kind.load(texts.cache))
    title = site.site_name or "coursekit"
    if by == "quiz":
        categories = _by_quiz(kind, quizzes or sorted(kind.docs), title, site.root)
    else:
        if quizzes:
            raise ExportError(f"--by pool exports the pools of the final assessment (course.yml); it takes no quiz "
                              f"name ({', '.join(quizzes)}): name quizzes with --by quiz")
        categories = _by_pool(course, title)
    return Bank(title, lang, categories, texts)


def _stop(problems: list[Problem]) -> None:
    """The first error of the course's files, as `coursekit check` says it."""
    errors = [p for p in problems if p.level == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: run `coursekit check`)" if len(errors) > 1 else ""
        raise ExportError(f"{first}{more}")


def _entries(doc: Any, chosen: list[Any] | None = None) -> list[Entry]:
    questions = doc.model.questions
    wanted = {id(q) for q in chosen} if chosen is not None else None
    return [Entry(doc.id, doc.file, line_of(doc.lines, ("questions", index)), q, doc.model.title,
                  doc.model.shuffle)
            for index, q in enumerate(questions) if wanted is None or id(q) in wanted]


def _by_quiz(kind: Any, names: list[str], title: str, root: Path) -> list[Category]:
    docs = kind.docs
    categories = []
    for name in dict.fromkeys(names):
        if name not in docs:
            folder = relative_path(kind.folder, root) if kind.folder else kind.default_folder
            raise ExportError(f"there is no quiz '{name}' in {folder}/{suggest(name, list(docs))}")
        doc = docs[name]
        parts = [title, kind.html.plain(doc.model.title)]
        categories.append(Category(Category.path(parts), _entries(doc), None, parts))
    return categories


def _by_pool(course: Course, title: str) -> list[Category]:
    from ..journey.exam import candidates, check

    journey = course.kind("course")
    _stop(journey.load(course.html.cache))
    settings, doc = getattr(journey, "settings", None), journey.docs.get("course")
    shown = relative_path(journey.folder, course.root) if journey.folder else "course.yml"
    if settings is None or doc is None:
        raise ExportError(f"{shown}: no such file; --by pool takes the pools of the final assessment "
                          "(course.yml, assessments:)")
    if not settings.assessments:
        raise ExportError(f"{shown}: no final assessment (assessments:); export one category per quiz with --by quiz")
    ident, assessment = next(iter(settings.assessments.items()))
    docs = course.kind("quiz").docs
    for index, pool in enumerate(assessment.pools):
        if pool.quiz is not None and pool.quiz not in docs:
            at = line_of(doc.lines, ("assessments", ident, "pools", index, "quiz"))
            raise ExportError(f"{doc.file}:{at}: assessments › {ident} › pool {index + 1}: there is no quiz "
                              f"'{pool.quiz}'{suggest(pool.quiz, list(docs))}")
    _stop(check(course, settings, doc))
    pools, _ = candidates(course, assessment)
    heading = course.html.plain(assessment.title) if assessment.title else ident
    categories = []
    for index, (pool, found) in enumerate(zip(assessment.pools, pools, strict=True)):
        t = course.html.t
        source = t["bank_pool_tag"].format(tag=pool.tag) if pool.tag is not None else \
            t["bank_pool_quiz"].format(quiz=pool.quiz)
        parts = [title, heading, t["bank_pool"].format(n=index + 1, source=source)]
        entries = []
        for name in dict.fromkeys(c.quiz for c in found):
            entries.extend(_entries(docs[name], [c.question for c in found if c.quiz == name]))
        categories.append(Category(Category.path(parts), entries, pool.draw, parts))
    return categories
