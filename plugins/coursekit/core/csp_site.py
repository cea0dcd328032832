"""The Content Security Policy of a site folder that a host built without the plugin.

The plugin sees each page's content as the theme writes it, and keeps the
lesson's inline scripts out of the policy (`csp.Hashes`). From a built folder
alone, the content is told from the theme by the element that holds it: the
first of `CONTENT` found in the page (Material's and Zensical's
`<article class="md-content__inner">`, MkDocs' own themes' `role="main"`, else
`<main>`). An inline script inside it is the lesson's: left out of the policy,
so the browser blocks it, and reported at its line in the built page. An
inline script outside it is the theme's: allowed by its hash. A page with none
of these elements cannot be told apart: every inline script of it is allowed,
and the page is reported.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from . import csp
from .problems import Problem

# (tag, attribute, a word of its value), in order of preference
CONTENT = (("article", "class", "md-content__inner"), ("", "role", "main"), ("main", "", ""))
MOVE_IT = ("the site's Content Security Policy leaves it out, so the browser blocks it; move its code to a "
           ".js file and list that file under `extra_javascript`")


class _Content(HTMLParser):
    """Finds where each element of `CONTENT` starts and ends (the first of each)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = line_starts(text)
        self.spans: dict[int, tuple[int, int]] = {}
        self.open: dict[int, tuple[str, int, int]] = {}  # rule -> (tag, depth, start)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for rule, (name, attr, word) in enumerate(CONTENT):
            if rule in self.open:
                opened, depth, start = self.open[rule]
                if tag == opened:
                    self.open[rule] = (opened, depth + 1, start)
            elif rule not in self.spans and (not name or tag == name) and (
                    not attr or word in (dict(attrs).get(attr) or "").split()):
                self.open[rule] = (tag, 1, self._offset())

    def handle_endtag(self, tag: str) -> None:
        for rule, (opened, depth, start) in list(self.open.items()):
            if tag != opened:
                continue
            if depth > 1:
                self.open[rule] = (opened, depth - 1, start)
            else:
                del self.open[rule]
                self.spans[rule] = (start, self._offset())


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character."""
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def content_span(text: str) -> tuple[int, int] | None:
    """Where the page's content element starts and ends, or None if the page has none."""
    parser = _Content(text)
    parser.feed(text)
    parser.close()
    for rule in range(len(CONTENT)):
        if rule in parser.spans:
            return parser.spans[rule]
        if rule in parser.open:  # never closed: to the end of the page
            return parser.open[rule][2], len(text)
    return None


def site_policy(site_dir: Path, frame_ancestors: Iterable[str] = csp.FRAME_ANCESTORS,
                style_sources: Iterable[str] = ()) -> tuple[str, list[Problem]]:
    """The policy of every page of `site_dir`, and what the author should know (each path as given).

    `style_sources`: added to `style-src`, for a theme whose script inserts a stylesheet of its own
    (Zensical's search panel), which no built page shows.
    """
    allowed: set[str] = set()
    content: set[str] = set()
    notes: list[Problem] = []
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(n for n in names if n.endswith(".html")):
            path = Path(folder, name)
            text = path.read_text(encoding="utf-8", errors="replace")
            scripts = csp.inline_scripts(text)
            if not scripts:
                continue
            shown = path.as_posix()
            span = content_span(text)
            if span is None:
                allowed.update(csp.source(code) for _offset, code in scripts)
                notes.append(Problem(shown, None, (
                    "no content element found (<article class=\"md-content__inner\">, role=\"main\" or <main>): "
                    f"its {len(scripts)} inline script(s) are all allowed, a lesson's as well as the theme's"),
                    "warning"))
                continue
            lines = line_starts(text)
            for offset, code in scripts:
                if span[0] <= offset < span[1]:
                    content.add(csp.source(code))
                    line = bisect.bisect_right(lines, offset)
                    notes.append(Problem(shown, line, f"an inline <script> in the page's content: {MOVE_IT}",
                                         "warning"))
                else:
                    allowed.add(csp.source(code))
    value = csp.policy(allowed - content, frame_ancestors)
    extra = " ".join(dict.fromkeys(style_sources))
    return (value.replace("style-src 'self'", f"style-src 'self' {extra}", 1) if extra else value), notes


def style_source_problems(sources: Iterable[str]) -> list[str]:
    """What is wrong with `style-src` sources: only hashes are taken (a policy with 'unsafe-inline' protects
    nothing from injected styles)."""
    return [f"{source!r} is not a hash such as 'sha256-…=' (with its single quotes)"
            for source in sources if not csp.HASH.fullmatch(source)]
