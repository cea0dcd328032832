"""Texts and widgets as HTML, for every kind: Markdown, the sanitizer, the templates, the cache.

Every text of a course file is Markdown whose raw HTML is limited to a few
harmless inline tags (`RAW_TAGS`); any other `<…>` shows as written. The HTML
Markdown makes is then cleaned by nh3 (the ammonia sanitizer): only `INLINE` or
`BLOCK` tags, a few attributes, no event handler or style, and links only to
http, https, mailto or relative addresses. Sealed texts are cleaned the same way
before they are sealed: the script inserts them as HTML.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markupsafe import Markup

from ..i18n import strings
from .cache import BuildCache, files_stamp

TEMPLATES = Path(__file__).parent.parent / "templates"
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


class Widget:
    """The HTML of a widget for one place of a page: the cached HTML, and the ids it gets there.

    The page gets the text (`str(widget)`) only when it is written. Until then, a
    widget whose HTML the build cache keeps out of memory (`later`, see
    `BuildCache.text`) holds only where to read it: a thousand widgets held
    their strings until MkDocs wrote the pages, after every page was converted.
    """

    __slots__ = ("html", "uid", "later")

    def __init__(self, html: str | None, uid: str, later: Callable[[], str] | None = None) -> None:
        self.html, self.uid, self.later = html, uid, later

    def __str__(self) -> str:
        if self.html is None:
            assert self.later is not None
            return self.later().replace(UID, self.uid)
        return self.html.replace(UID, self.uid)

    def __bool__(self) -> bool:
        return self.html is None or bool(self.html)


@dataclass
class Html:
    """What every kind renders with, for one build: one language, one storage namespace."""

    lang: str
    namespace: str
    template_dirs: list[str]
    cache_key: str = ""  # the project (mkdocs.yml's folder): the cache it keeps in memory
    cache_dir: Path | None = None  # where the build cache is written; None: memory only

    def __post_init__(self) -> None:
        self.t = strings(self.lang)
        folders = (*self.template_dirs, str(TEMPLATES))
        stamp = files_stamp(list(folders))
        self.env = environment(folders, stamp)
        # What the HTML depends on besides a document and the plugin's own files: the build
        # cache's context (the theme's templates may override ours, or be included by them).
        context = (self.lang, self.namespace, tuple(self.template_dirs), stamp)
        self.context_key = hashlib.sha256(repr(context).encode()).hexdigest()[:16]
        self.cache = BuildCache(self.cache_key, self.cache_dir)

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
        make CPython hold the whole written page (navigation and all) at two bytes a
        character, and join and encode it more slowly (BENCHMARKS.md). Widgets hold no
        `<script>` or `<style>`, where references would be read as they are.
        """
        text = self.env.get_template(template).render(**context)
        return _WIDE.sub(_reference, text) if not text.isascii() else text

    # -- Markdown in texts -------------------------------------------------
    def block(self, text: str | None) -> Markup | None:
        """A text of paragraphs, lists…: cleaned HTML."""
        if not text:
            return None
        if _PLAIN.fullmatch(text):  # most texts of a quiz: Markdown's output, without Markdown
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



@functools.lru_cache(maxsize=8)
def environment(folders: tuple[str, ...], stamp: object = None) -> jinja2.Environment:
    """One Jinja environment per set of template folders and state of their files (`stamp`).

    `mkdocs serve` makes a new plugin for each rebuild: the templates stay
    compiled while no template file changes, and an edited template gets a new
    environment. So Jinja need not check a template file's mtime each time a
    widget asks for the template (`auto_reload`), a stat of the file each time.
    """
    return jinja2.Environment(loader=jinja2.FileSystemLoader(list(folders)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"
