"""Quiz model -> HTML, through overridable Jinja templates.

What every question shares is rendered here; what a type shows, how it is
graded and its answer key come from its class in the registry (`types/`), and
its markup from its partial (`coursekit/questions/<type>.html`), which
`quiz.html` includes. The page never holds a correct answer in clear: see
`protect.py` and README, "What the answer protection does".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..core.html import UID, Html, Widget
from ..i18n import number
from .protect import seal

if TYPE_CHECKING:  # the models are imported only where a quiz is rendered, not here
    from jinja2 import Template

    from ..core.documents import Loaded
    from .model import Quiz
    from .types import QuestionType


@dataclass
class QuizRenderer:
    """Quizzes and answer keys as HTML."""

    base: Html

    def __post_init__(self) -> None:
        self.t = self.base.t
        self.lang = self.base.lang
        self.namespace = self.base.namespace
        self.context_key = self.base.context_key
        self.cache = self.base.cache
        self.html, self.inline, self.block, self.plain = (self.base.html, self.base.inline, self.base.block,
                                                          self.base.plain)

    def quiz(self, doc: Loaded[Quiz], uid: str) -> Widget:
        """HTML of one quiz; `uid` makes element ids unique when a page holds it twice."""
        return Widget(None, uid, self.cache.text(self.quiz_key(doc.id, str(doc.version)), lambda: self._quiz(doc)))

    def quiz_key(self, doc_id: str, version: str) -> tuple[str, ...]:
        """The build cache's key of a quiz's HTML."""
        return ("quiz", doc_id, version, self.context_key)

    def _quiz(self, doc: Loaded[Quiz]) -> str:
        quiz = doc.model
        salt = self.salt(doc)
        questions = self.views(doc, quiz.questions)
        count = len(questions)
        return self.html("coursekit/quiz.html",
            t=self.t, uid=UID, quiz=quiz, id=doc.id, salt=salt,
            key=f"ck:{self.namespace}:{doc.id}:{doc.version}",
            intro=self.block(quiz.intro), title=self.inline(quiz.title),
            meta=self.t["meta"].format(n=count, s="s" if count > 1 else "",
                                       **{"pass": number(quiz.pass_mark, self.lang)}),
            pass_mark=f"{quiz.pass_mark:g}", questions=questions)

    def salt(self, doc: Loaded[Quiz]) -> str:
        """The salt of a quiz's tokens and sealed data: its questions keep it wherever they are shown."""
        return hashlib.sha256(f"{self.namespace}|{doc.id}|{doc.version}".encode()).hexdigest()[:16]

    def views(self, doc: Loaded[Quiz], chosen: list[Any], prefix: str = "") -> list[SimpleNamespace]:
        """The views of some of a quiz's questions, for its partials (an exam shows questions of many
        quizzes in one page: `prefix` keeps their element ids apart)."""
        from .types import question_type  # with the models: only when a quiz is rendered

        salt = self.salt(doc)
        kinds = {q.type: question_type(q.type) for q in chosen}
        # each partial found once a quiz, not once a question (`include` accepts the template itself)
        partials = {name: self.base.env.get_template(kind.template) for name, kind in kinds.items()}
        return [self._question(kinds[q.type], partials[q.type], q, salt, n, doc.model.reveal, prefix)
                for n, q in enumerate(chosen, 1)]

    def answers(self, docs: list[Loaded[Quiz]], titled: bool = True) -> str:
        """The answer key of some quizzes, for a trainer's guide (never for learners); without their titles
        when the page gives each its heading."""
        key = ("answers", tuple((doc.id, doc.version) for doc in docs), titled, self.context_key)
        return str(self.cache.memo(key, lambda: self._answers(docs, titled)))

    def title(self, doc: Loaded[Quiz]) -> str:
        """A quiz's title as inline HTML."""
        return str(self.cache.memo(("title", doc.id, doc.version, self.context_key),
                                   lambda: str(self.inline(doc.model.title))))

    def _answers(self, docs: list[Loaded[Quiz]], titled: bool = True) -> str:
        from .types import labels

        names = labels(self.lang)
        return self.html("coursekit/answers.html",
            t=self.t, quizzes=[self._key(doc, names) for doc in docs], types=names, titled=titled)

    def _key(self, doc: Loaded[Quiz], names: dict[str, str]) -> SimpleNamespace:
        """One quiz's answer key (namespaces, as the quiz's question views)."""
        from .types import question_type

        rows = []
        for q in doc.model.questions:
            kind = question_type(q.type)
            rows.append(SimpleNamespace(
                text=self.inline(q.text), type=kind.name, label=names[kind.name], answer=kind.key(q, self),
                ordered=kind.ordered, explanation=self.block(q.explanation), points=number(q.points, self.lang)))
        return SimpleNamespace(id=doc.id, title=self.inline(doc.model.title), file=doc.file,
                               pass_mark=number(doc.model.pass_mark, self.lang), questions=rows)

    def _question(self, kind: QuestionType[Any], partial: Template, q: Any, salt: str, n: int,
                  reveal: bool, prefix: str = "") -> SimpleNamespace:
        """What every question's view holds, and what its type adds (`view`), for its partial.

        A namespace, not a dict: Jinja reads `q.key` as an attribute first, and a dict's
        missing attribute costs an exception at each of the hundred reads of a quiz.
        """
        qid = q.id
        # a field's value, read in the model's __dict__: `getattr(q, "partial_credit", False)` on a type
        # without the field goes through pydantic's __getattr__, which builds an error to miss
        credit = q.__dict__.get("partial_credit", False)
        key = Markup.escape(f"{UID}-{prefix}{qid}")
        own, sealed = kind.view(q, self, salt, reveal)
        view: dict[str, Any] = {
            "id": qid, "key": key, "type": kind.name, "template": partial, "n": n,
            "text": self.inline(q.text), "number": self.t["question"].replace("{n}", str(n)),
            "points": f"{q.points:g}", "partial": credit, **own,
        }
        # the explanation first: the sealed bytes stay as they were
        payload = {"e": str(self.block(q.explanation) or "") or None, **sealed}
        view["sealed"] = seal(salt, qid, {k: v for k, v in payload.items() if v})
        view["tokens_attr"] = ",".join(view["tokens"])
        view["ids"] = [Markup(f"{key}-{i}") for i in range(kind.rows(q))]  # one per choice or row
        return SimpleNamespace(**view)
