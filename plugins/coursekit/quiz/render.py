"""Quiz model -> HTML, through overridable Jinja templates.

The page never holds a correct answer in clear: each is a salted SHA-256 token
that the browser recomputes from the learner's answer, and the texts that would
give answers away (per-choice feedback, explanations, expected answers) are
sealed with a keystream derived from the same salt. See README, "What the
answer protection does".

Every text is Markdown whose raw HTML is limited to a few harmless inline tags
(`RAW_TAGS`); any other `<…>` shows as written. The HTML Markdown makes is then
cleaned by nh3 (the ammonia sanitizer): only `INLINE` or `BLOCK` tags, a few
attributes, no event handler or style, and links only to http, https, mailto or
relative addresses. Sealed texts are cleaned the same way before they are sealed:
the script inserts them as HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html as html_lib
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markdown
import nh3
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markupsafe import Markup

from .cache import BuildCache, files_stamp
from .i18n import STRINGS, number

if TYPE_CHECKING:  # the models are imported only where a quiz is rendered, not here
    from .documents import Loaded
    from .model import Quiz

TEMPLATES = Path(__file__).parent / "templates"
UID = "__CK_UID__"
# The raw HTML a trainer may write in a text; any other `<…>` (`reply to <customer name>`) is text.
RAW_TAGS = frozenset({"a", "abbr", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s", "small",
                      "span", "strong", "sub", "sup"})
# What an inline text (a title, a choice, a feedback…) may hold once Markdown has made its HTML:
# never a block element, since it goes inside a heading, a label or a button.
INLINE = RAW_TAGS | {"img"}
# What a block text (an intro, an explanation, a debrief…) may hold: what Markdown makes.
BLOCK = INLINE | {"p", "ul", "ol", "li", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}  # and relative addresses; never javascript:, data:, vbscript:
_RAW_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])")
_PARAGRAPHS = re.compile(r"</p>\s*<p>")
_BR = re.compile(r"<br\s*/?>")
_WIDE = re.compile("[^\\x00-\\xff]")  # beyond Latin-1: not one byte a character in CPython
# One line without anything that Markdown (with the extensions below) reads or rewrites: no
# backslash, code, emphasis, link, attribute list, HTML or entity, no block marker or digit
# at the start, no space at either end. Markdown would make it `<p>` + the text + `</p>`.
_PLAIN = re.compile("(?![\\s\\d#>=+-])[^\\\\`*_\\[\\]{}<>&\\x00-\\x1f\\x7f\\x85\\u2028\\u2029]*(?<!\\s)")


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


class RawHtml(InlineProcessor):
    """Markdown's raw HTML, for `RAW_TAGS` and comments only: another `<…>` stays text, escaped."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:
        raw = m.group(1)
        tag = _RAW_TAG.match(raw)
        if raw.startswith("<!--") or (tag and tag.group(1).lower() in RAW_TAGS):
            return self.md.htmlStash.store(raw), m.start(0), m.end(0)
        return None, None, None


def markdown_of(inline: bool) -> markdown.Markdown:
    """Markdown for the texts of quizzes and scenarios; `inline`: paragraphs only (no list, heading…)."""
    md = markdown.Markdown(extensions=["attr_list", "sane_lists"])
    md.preprocessors.deregister("html_block")  # a line that starts with a tag is a paragraph like any other
    md.inlinePatterns.register(RawHtml(HTML_RE, md), "html", 90)
    if inline:  # Markdown's block processors but "empty" and "paragraph" (the sanitizer drops any block tag left)
        for name in ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference"):
            md.parser.blockprocessors.deregister(name, strict=False)
    return md


_CLEANERS = {kind: nh3.Cleaner(tags=set(tags), attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                               strip_comments=True)
             for kind, tags in (("inline", INLINE), ("block", BLOCK), ("plain", frozenset()))}


def clean(html: str, kind: str) -> str:
    """`html` with only the tags and attributes of `kind` ("inline", "block" or "plain": none)."""
    # nh3 writes U+00A0 as `&nbsp;`: the character itself, as before (French typography is full of it)
    return _CLEANERS[kind].clean(html).replace("&nbsp;", "\xa0")


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


class Widget:
    """The HTML of a widget for one place of a page: the cached HTML, and the ids it gets there.

    The page gets the text (`str(widget)`) only when it is written: until then, a
    thousand widgets of a course share the cache's strings rather than each
    holding a copy. A quiz that a worker process may still be rendering has no
    HTML yet: `later` gives it then.
    """

    __slots__ = ("html", "uid", "later")

    def __init__(self, html: str | None, uid: str, later: Callable[[], str] | None = None) -> None:
        self.html, self.uid, self.later = html, uid, later

    def __str__(self) -> str:
        if self.html is None:
            assert self.later is not None
            self.html = self.later()
        return self.html.replace(UID, self.uid)

    def __bool__(self) -> bool:
        return self.html is None or bool(self.html)


@dataclass
class Renderer:
    """Renders quizzes for one build: one language, one storage namespace."""

    lang: str
    namespace: str
    template_dirs: list[str]
    cache_key: str = ""  # the project (mkdocs.yml's folder): the cache it keeps in memory
    cache_dir: Path | None = None  # where the build cache is written; None: memory only

    def __post_init__(self) -> None:
        self.t = STRINGS[self.lang]
        self.env = environment((*self.template_dirs, str(TEMPLATES)))
        # What the HTML depends on besides a document and the plugin's own files: the build
        # cache's context (the theme's templates may override ours, or be included by them).
        context = (self.lang, self.namespace, tuple(self.template_dirs),
                   files_stamp([*self.template_dirs, str(TEMPLATES)]))
        self.context_key = hashlib.sha256(repr(context).encode()).hexdigest()[:16]
        self.cache = BuildCache(self.cache_key, self.cache_dir)

    widget = Widget  # for the scenarios' HTML, which does not import this module

    # (adding an extension to markdown_of? check that _PLAIN excludes what it reads)
    @cached_property
    def md(self) -> markdown.Markdown:
        return markdown_of(inline=False)

    @cached_property
    def md_inline(self) -> markdown.Markdown:
        return markdown_of(inline=True)

    def html(self, template: str, **context: Any) -> str:
        """A widget's HTML, every character beyond Latin-1 written as a character reference.

        The browser shows `&#8217;` as `’`, and the HTML of a page that is Latin-1
        otherwise stays one byte a character in memory: a `—` or a `’` in a quiz would
        make CPython hold the whole written page (navigation and all: 0.5 MB in a
        course of 1000 lessons) at two bytes a character, and join and encode it about
        twice as slowly. Widgets hold no `<script>` or `<style>`, where references
        would be read as they are.
        """
        text = self.env.get_template(template).render(**context)
        return _WIDE.sub(_reference, text) if not text.isascii() else text

    # -- Markdown in texts -------------------------------------------------
    def block(self, text: str | None) -> Markup | None:
        """A text of paragraphs, lists…: cleaned HTML."""
        if not text:
            return None
        if _PLAIN.fullmatch(text):  # most texts of a quiz: Markdown's output, 50 times sooner
            return Markup(f"<p>{text}</p>")
        self.md.reset()
        return Markup(clean(self.md.convert(text), "block"))

    def inline(self, text: str | None) -> Markup | None:
        """A text that goes inside a heading, a label, a button: cleaned HTML with no block element.

        Paragraphs are joined by line breaks; a line that would start a list or a heading
        (`1. Accepter`, `# 3`) stays as written.
        """
        if not text:
            return None
        if _PLAIN.fullmatch(text):
            return Markup(text)
        self.md_inline.reset()
        html = self.md_inline.convert(text).strip()
        html = _PARAGRAPHS.sub("<br>", html.removeprefix("<p>").removesuffix("</p>"))
        return Markup(clean(html, "inline"))

    def plain(self, text: str) -> str:
        """The text alone, as the browser shows the inline HTML (for attributes, options, the map)."""
        if _PLAIN.fullmatch(text):
            return text
        html = _BR.sub(" ", str(self.inline(text) or ""))
        return html_lib.unescape(clean(html, "plain"))

    # -- quizzes -----------------------------------------------------------
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
            types=dict(pair.split("=") for pair in self.t["types"].split(",")))

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


@functools.lru_cache(maxsize=8)
def environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """One Jinja environment per set of template folders, kept between the builds of a process.

    `mkdocs serve` makes a new plugin for each rebuild: the templates stay
    compiled (Jinja checks their files' mtimes, so an edited template is read
    again).
    """
    return jinja2.Environment(loader=jinja2.FileSystemLoader(list(folders)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"


def _derange(values: list[int], rng: random.Random) -> list[int]:
    """A shuffled copy that is never the correct order (else there is nothing to do)."""
    shown = values[:]
    while shown == values:
        rng.shuffle(shown)
    return shown

