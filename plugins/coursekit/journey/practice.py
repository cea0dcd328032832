"""`[[practice]]`: « Revoir mes erreurs », the questions a learner got wrong in the quizzes, to try again.

The page holds every question of every quiz a lesson embeds (`[[quiz: id]]`), rendered by the quiz
renderer under its own quiz's salt (`questions.py`, as an exam's paper), hidden, one group a quiz
with the lesson that embeds it, in the navigation's order. Which questions were wrong is the
learner's, in the learner's browser: each quiz, once graded, writes it in one record of the course
(`ck:<namespace>:mistakes`); the script shows those questions, grades them as their quiz does and
takes out those answered right. A quiz that no lesson embeds (one an exam only draws from) is left
out: it is never graded as a quiz, so none of its questions is ever in the record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

from ..core.assets import widget_strings
from ..core.html import UID, Widget
from .questions import quizzes, views

if TYPE_CHECKING:
    from ..core.course import Course
    from .manifest import NavPage


@dataclass(frozen=True)
class Group:
    quiz: str  # the quiz file's id
    version: str
    url: str | None  # the first lesson that embeds it, from the site's root (`partie-1/lecon/`)
    lesson: str | None  # its title in the navigation


def groups(course: Course, pages: dict[str, NavPage]) -> list[Group]:
    """The quizzes the lessons embed, each with its first lesson, in the navigation's order.

    `pages` (the host's pages by source path, in the navigation's order) may be empty: a host
    without navigation gives the groups no lesson.
    """
    from .manifest import lesson_src

    kind = quizzes(course)
    order = {src: n for n, src in enumerate(pages)}
    found = []
    for ident, used in kind.used.items():
        doc = kind.docs.get(ident)
        if doc is None or not used:  # unknown (said by the scan), or only an exam's pool
            continue
        first = min((lesson_src(course, page) for page in used), key=lambda s: (order.get(s, len(order)), s))
        page = pages.get(first)
        group = Group(ident, str(doc.version), page.url if page else None, page.title if page else None)
        found.append((order.get(first, len(order)), ident, group))
    return [group for _, _, group in sorted(found)]


def render(course: Course, pages: dict[str, NavPage], uid: str, progress: str | None = None) -> Widget:
    """`progress`: the address of « Ma progression » (from the site's root), where the page sends a
    learner with nothing to review, or None."""
    kind = quizzes(course)
    view = kind.view
    found = groups(course, pages)
    titles = {page.url: page.title for page in pages.values()}
    see = {"url": progress, "title": titles.get(progress, view.t["pr_progress"])} if progress else None
    digest = hashlib.sha256(json.dumps([[astuple(g) for g in found], see]).encode()).hexdigest()[:16]
    key = ("practice", digest, view.context_key)

    def make() -> str:
        shown = []
        for g in found:
            doc = kind.docs[g.quiz]
            quiz = doc.model
            shown.append({"id": g.quiz, "url": g.url, "lesson": g.lesson, "title": view.inline(quiz.title),
                          "reveal": quiz.reveal, "shuffle": quiz.shuffle,
                          "questions": views(view, doc, list(quiz.questions))})
            if not kind.keep_models:  # a one-shot build: the quiz's widget was rendered already
                doc.release()
        return str(view.html("coursekit/practice.html", t=view.t, uid=UID, groups=shown, progress=see,
                             strings=widget_strings(view.lang, "practice"),
                             key=f"ck:{view.namespace}:mistakes"))

    return Widget(str(view.cache.memo(key, make)), uid)
