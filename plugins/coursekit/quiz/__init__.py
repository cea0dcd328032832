"""The quiz kind: `[[quiz: id]]` shows a graded quiz, `[[answers: id]]` (or `*`) its answer key.

The answer key is for the trainer's edition only (`Course.edition`). Each quiz of
it comes under a heading of the page's own, so the page's table of contents
lists them; `[[answers: *]]` gives them in the course's order.

Imports nothing heavy: the model, the parser and the renderer come when a file
must be parsed or a quiz rendered that the build cache does not hold.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..core.documents import FileType
from ..core.kinds import FileKind

if TYPE_CHECKING:
    from ..core.course import Part
    from ..core.html import Widget
    from .render import QuizRenderer


class Quizzes(FileKind):
    name = "quiz"
    embeds = ("quiz", "answers")
    option = "quizzes_dir"
    default_folder = "quizzes"
    files = FileType("quiz", "coursekit.quiz.check:parse_quiz")
    every = "answers"
    templates = ("coursekit/quiz.html",)
    trainer_embeds = {"answers": "an answer key"}

    @cached_property
    def view(self) -> QuizRenderer:
        from .render import QuizRenderer
        return QuizRenderer(self.html)

    def render(self, embed: str, ident: str, count: int) -> Widget | str | list[Part] | None:
        if embed == "answers":
            from ..core.course import Part
            docs = self.in_course_order() if ident == "*" else [self.docs[ident]] if ident in self.docs else []
            return [Part(self.view.title(doc), self.view.answers([doc], titled=False)) for doc in docs] or None
        if ident not in self.docs:
            return None
        return self.view.quiz(self.docs[ident], f"ck-{ident}" if count == 1 else f"ck-{ident}-{count}")
