"""GIFT's text, read: its escapes, and its `[html]` texts made Markdown again for a quiz file.

A quiz file's texts are Markdown whose raw HTML is limited to a few inline tags (core/html.py
RAW_TAGS): bold and italics become `**` and `*`, paragraphs, lists and headings Markdown's own,
the other allowed tags stay as written, and every other tag is dropped (its text kept).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..core.html import RAW_TAGS

ESCAPED = "\\~=#{}:"  # what a backslash keeps as it is in GIFT


def find(text: str, target: str, start: int = 0) -> int:
    """The index of the first `target` not behind a backslash, from `start`; -1 if none."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def rfind(text: str, target: str) -> int:
    """The index of the last `target` not behind a backslash; -1 if none."""
    found, at = -1, find(text, target)
    while at != -1:
        found, at = at, find(text, target, at + 1)
    return found


def split(text: str, marks: str) -> list[str]:
    """`text` cut before each of `marks` not behind a backslash (each part keeps its mark)."""
    parts, begin, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in marks and i > begin:
            parts.append(text[begin:i])
            begin = i
        i += 1
    parts.append(text[begin:])
    return [p for p in parts if p.strip()]


def unescape(text: str) -> str:
    """GIFT's `\\n` a line break, `\\=` and the others the character itself."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt if nxt in ESCAPED else "\\" + nxt)
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


_MD = re.compile(r"([\\`*_\[\]])")
_SPACES = re.compile("[ \t\r\n\f]+")  # HTML's white space; never U+00A0 or U+202F


class _Markdown(HTMLParser):
    KEEP = RAW_TAGS - {"b", "strong", "i", "em"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag in ("p", "blockquote", "pre", "div"):
            self.out.append("\n\n")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n" + ("1. " if self.lists and self.lists[-1] == "ol" else "- "))
        elif re.fullmatch("h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "br":
            self.out.append("<br>")
        elif tag in self.KEEP:
            shown = "".join(f' {k}="{(v or "").replace(chr(34), "&quot;")}"' for k, v in attrs
                            if k in ("href", "title"))
            self.out.append(f"<{tag}{shown}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag in ("p", "blockquote", "pre", "div") or re.fullmatch("h[1-6]", tag):
            self.out.append("\n\n")
        elif tag in self.KEEP and tag != "br":
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(_MD.sub(r"\\\1", _SPACES.sub(" ", data)).replace("<", "&lt;"))


def markdown(html: str) -> str:
    """A text's HTML as the Markdown of a quiz file."""
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub("\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_of(raw: str, form: str) -> str:
    """A GIFT text (escaped, in its format) as a quiz file's Markdown."""
    plain = unescape(raw).strip()
    return markdown(plain) if form == "html" else plain
