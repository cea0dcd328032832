"""Quiz model -> HTML, through overridable Jinja templates.

The page never holds a correct answer in clear: each is a salted SHA-256 token
that the browser recomputes from the learner's answer, and the texts that would
give answers away (per-choice feedback, explanations, expected answers) are
sealed with a keystream derived from the same salt. See README, "What the
answer protection does".
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..core.html import UID, Html, Widget
from ..i18n import number, question_types

if TYPE_CHECKING:  # the models are imported only where a quiz is rendered, not here
    from ..core.documents import Loaded
    from .model import Quiz


def token(salt: str, qid: str, *parts: object) -> str:
    """The salted hash the browser recomputes to grade an answer (script: `tok`)."""
    text = "|".join([salt, qid, *map(str, parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def seal(salt: str, qid: str, payload: dict[str, Any]) -> str:
    """XOR the JSON payload with SHA-256(salt|qid|seal|n) blocks, base64 (script: `unseal`)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    stream = bytearray()
    counter = 0
    while len(stream) < len(data):
        stream += hashlib.sha256(f"{salt}|{qid}|seal|{counter}".encode()).digest()
        counter += 1
    # one XOR of two big integers, not one per byte
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream[: len(data)], "big")
    return base64.b64encode(mixed.to_bytes(len(data), "big")).decode("ascii")


def normalize(text: str, ignore: Iterable[str]) -> str:
    """Fill-in answers as both sides compare them (script: `norm`): keep in step."""
    flags = set(ignore)
    text = unicodedata.normalize("NFC", text)
    if "case" in flags:
        text = text.lower()
    if "accents" in flags:
        text = unicodedata.normalize("NFC", "".join(
            c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"))
    if "punctuation" in flags:
        text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)
    if "spaces" in flags or "punctuation" in flags:
        text = " ".join(text.split())
    return text.strip()


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
        return Widget(self._cached(doc), uid)

    def _cached(self, doc: Loaded[Quiz]) -> str:
        return str(self.cache.memo(self.quiz_key(doc.id, str(doc.version)), lambda: self._quiz(doc)))

    def quiz_key(self, doc_id: str, version: str) -> tuple[str, ...]:
        """The build cache's key of a quiz's HTML."""
        return ("quiz", doc_id, version, self.context_key)

    def _quiz(self, doc: Loaded[Quiz]) -> str:
        quiz = doc.model
        salt = hashlib.sha256(f"{self.namespace}|{doc.id}|{doc.version}".encode()).hexdigest()[:16]
        questions = [self._question(q, salt, n, quiz.reveal) for n, q in enumerate(quiz.questions, 1)]
        count = len(questions)
        return self.html("coursekit/quiz.html",
            t=self.t, uid=UID, quiz=quiz, id=doc.id, salt=salt,
            key=f"ck:{self.namespace}:{doc.id}:{doc.version}",
            intro=self.block(quiz.intro), title=self.inline(quiz.title),
            meta=self.t["meta"].format(n=count, s="s" if count > 1 else "",
                                       **{"pass": number(quiz.pass_mark, self.lang)}),
            pass_mark=f"{quiz.pass_mark:g}", total=f"{quiz.total_points:g}", questions=questions)

    def answers(self, docs: list[Loaded[Quiz]]) -> str:
        """The answer key of some quizzes, for a trainer's guide (never for learners)."""
        key = ("answers", tuple((doc.id, doc.version) for doc in docs), self.context_key)
        return str(self.cache.memo(key, lambda: self._answers(docs)))

    def _answers(self, docs: list[Loaded[Quiz]]) -> str:
        return self.html("coursekit/answers.html",
            t=self.t, quizzes=[self._key(doc) for doc in docs],
            types=question_types(self.lang))

    def _key(self, doc: Loaded[Quiz]) -> dict[str, Any]:
        rows = []
        questions: list[Any] = list(doc.model.questions)  # told apart by `type`, as in _question
        for q in questions:
            answer: list[Any]
            if q.type in ("single", "multiple"):
                answer = [self.inline(c.text) for c in q.choices if c.correct]
            elif q.type == "truefalse":
                answer = [self.t["true"] if q.answer else self.t["false"]]
            elif q.type == "fill":
                answer = [self.inline(a) for a in q.answers]
            elif q.type == "order":
                answer = [self.inline(i) for i in q.items]
            else:
                # the right-hand text as the quiz's drop-down list shows it (an option holds no HTML)
                answer = [Markup("{} → {}").format(self.inline(p.left), self.plain(p.right)) for p in q.pairs]
            rows.append({"text": self.inline(q.text), "type": q.type, "answer": answer,
                         "ordered": q.type == "order", "explanation": self.block(q.explanation),
                         "points": number(q.points, self.lang)})
        return {"id": doc.id, "title": self.inline(doc.model.title), "file": doc.file,
                "pass_mark": number(doc.model.pass_mark, self.lang), "questions": rows}

    def _question(self, q: Any, salt: str, n: int, reveal: bool) -> dict[str, Any]:
        qid = q.id
        key = Markup.escape(f"{UID}-{qid}")
        view: dict[str, Any] = {
            "id": qid, "key": key, "type": q.type, "n": n, "text": self.inline(q.text),
            "number": self.t["question"].replace("{n}", str(n)),
            "points": f"{q.points:g}", "partial": getattr(q, "partial_credit", False),
        }
        sealed: dict[str, Any] = {"e": str(self.block(q.explanation) or "") or None}
        rng = random.Random(f"{salt}|{qid}")
        kind = q.type
        if kind in ("single", "multiple"):
            view["input"] = "radio" if q.type == "single" else "checkbox"
            view["choices"] = [self.inline(c.text) for c in q.choices]
            view["tokens"] = [token(salt, qid, i, int(c.correct)) for i, c in enumerate(q.choices)]
            sealed["f"] = [str(self.inline(c.feedback) or "") or None for c in q.choices]
        elif kind == "truefalse":
            view["input"] = "radio"
            view["choices"] = [Markup.escape(self.t["true"]), Markup.escape(self.t["false"])]
            view["tokens"] = [token(salt, qid, 0, int(q.answer)), token(salt, qid, 1, int(not q.answer))]
            sealed["f"] = [str(self.inline(q.feedback_true) or "") or None,
                           str(self.inline(q.feedback_false) or "") or None]
        elif kind == "fill":
            view["ignore"] = " ".join(q.ignore)
            view["tokens"] = sorted({token(salt, qid, normalize(a, q.ignore)) for a in q.answers})
            if reveal:  # shown after a wrong answer only with `reveal: true`: else not in the page at all
                sealed["s"] = str(self.inline(q.answers[0]))
        elif kind == "order":
            shown = _derange(list(range(len(q.items))), rng)
            # value of an item = its place on screen; tokens say which value goes where
            value_of = {item: pos for pos, item in enumerate(shown)}
            view["order_items"] = [self.inline(q.items[i]) for i in shown]
            view["plain_items"] = [self.plain(q.items[i]) for i in shown]
            view["tokens"] = [token(salt, qid, k, value_of[k]) for k in range(len(q.items))]
        elif kind == "match":
            rights = [p.right for p in q.pairs] + list(q.distractors)
            order = list(range(len(rights)))
            rng.shuffle(order)
            value_of = {item: pos for pos, item in enumerate(order)}
            view["lefts"] = [self.inline(p.left) for p in q.pairs]
            view["rights"] = [self.plain(rights[i]) for i in order]
            view["tokens"] = [token(salt, qid, k, value_of[k]) for k in range(len(q.pairs))]
        view["sealed"] = seal(salt, qid, {k: v for k, v in sealed.items() if v})
        view["tokens_attr"] = ",".join(view["tokens"])
        count = len(view.get("choices") or view.get("lefts") or ())
        view["ids"] = [Markup(f"{key}-{i}") for i in range(count)]  # one per choice or row
        if kind == "match":  # the same options in every row
            view["options"] = Markup('<option value="">{}</option>').format(self.t["choose"]) + Markup("").join(
                Markup('<option value="{}">{}</option>').format(i, right) for i, right in enumerate(view["rights"]))
        return view


def _derange(values: list[int], rng: random.Random) -> list[int]:
    """A shuffled copy that is never the correct order (else there is nothing to do)."""
    shown = values[:]
    while shown == values:
        rng.shuffle(shown)
    return shown
