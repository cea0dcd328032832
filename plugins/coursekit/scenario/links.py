"""Links from a scenario to the course's lessons: `[Le non sec](partie-2/non-sec.md)` in a method tag.

A scenario file lives outside the lessons' folder, so a link to a lesson names the lesson's path
in that folder, as `course.yml` does. The build checks that the lesson exists (file and line of
the link). The widget's HTML keeps the `.md` address, the same on every page, so that the build
cache holds one text per scenario; where the widget lands, each such address becomes the lesson's
page, relative to the page that shows it, as MkDocs writes a Markdown link of a lesson. A link
that cannot be resolved there (a host that gives no navigation, a lesson left out of the site)
loses its address: the tag stays, as text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..core.html import Widget

# A Markdown link's address in a text: `[…](partie-2/lecon.md)`, `[…](<partie-2/lecon.md#titre>)`.
_MARKDOWN = re.compile(r"\]\(\s*<?(?P<to>[^)\s>]+)>?")
# The same address in the HTML the renderer wrote: relative (no scheme, not from the root), a `.md` file.
_HREF = re.compile(r' href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)(?P<lesson>[^"?#]+\.md)(?P<anchor>#[^"]*)?"')

Resolve = Callable[[str], "str | None"]  # a lesson's path in the lessons' folder -> its page's address, or None


def lesson_of(address: str) -> str | None:
    """The lesson a Markdown link's address names, or None if it names no lesson (a web address…)."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/|#", address):
        return None
    path = address.split("#", 1)[0].split("?", 1)[0]
    return path if path.endswith(".md") else None


def links_in(model: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(lesson, where in the file) of every link to a lesson in the texts of a scenario's model."""
    if isinstance(model, str):
        for match in _MARKDOWN.finditer(model):
            lesson = lesson_of(match["to"])
            if lesson is not None:
                yield lesson, loc
    elif isinstance(model, list):
        for index, item in enumerate(model):
            yield from links_in(item, (*loc, index))
    elif hasattr(type(model), "model_fields"):  # a pydantic model (not imported: a cached build needs none)
        for name in type(model).model_fields:
            yield from links_in(getattr(model, name), (*loc, name))


def relative_url(to: str, here: str) -> str:
    """The address of the page `to` from the page `here`, both from the site's root (`partie-1/lecon/`,
    `partie-1/lecon.html`, `` for the home page), as MkDocs writes links between pages."""
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    target = to.rstrip("/") or "."
    found = posixpath.relpath(target, folder or ".")
    if to.endswith("/") or not to:
        found = "./" if found == "." else found + "/"
    return found


def resolve(text: str, resolver: Resolve) -> str:
    """`text` (a widget's HTML) with each link to a lesson made a link to its page, or no link."""
    if ".md" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        found = resolver(html.unescape(match["lesson"]))
        return "" if found is None else f' href="{html.escape(found + (match["anchor"] or ""))}"'

    return _HREF.sub(one, text)


class LinkedWidget(Widget):
    """A widget whose links to lessons are resolved for the page it lands on."""

    __slots__ = ("resolver",)

    def __init__(self, html: str | None, uid: str, later: Callable[[], str] | None, resolver: Resolve) -> None:
        super().__init__(html, uid, later)
        self.resolver = resolver

    def __str__(self) -> str:
        return resolve(super().__str__(), self.resolver)
