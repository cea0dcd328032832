"""Questions of many quizzes in one widget: an exam's paper (`exam.py`), « Revoir mes erreurs »
(`practice.py`).

Each question is rendered by the quiz renderer (its type's partial, tokens and sealed data) under its
own quiz's salt, which the view carries (`coursekit/_question.html` writes it beside the question),
so that the browser grades it as its quiz does; its element ids start with its quiz's id, so that two
quizzes' `q1` stay apart in one page.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.course import Course
    from ..core.documents import Loaded
    from ..quiz import Quizzes
    from ..quiz.render import QuizRenderer


def quizzes(course: Course) -> Quizzes:
    """The course's quiz kind (its documents and its renderer, `.view`)."""
    from ..quiz import Quizzes

    kind = course.kind("quiz")
    assert isinstance(kind, Quizzes)
    return kind


def views(view: QuizRenderer, doc: Loaded[Any], chosen: list[Any]) -> list[SimpleNamespace]:
    """The views of some questions of `doc`, each with its quiz's id (`quiz`) and salt (`salt`)."""
    salt = view.salt(doc)
    found = view.views(doc, chosen, prefix=f"{doc.id}-")
    for q in found:
        q.salt, q.quiz = salt, doc.id
    return found
