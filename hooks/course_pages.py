"""Two details of the course's pages, as MkDocs hooks (mkdocs.yml: `hooks`).

- The table of contents keeps the no-break spaces of the headings. Python-Markdown's toc
  extension collapses every kind of space of a heading into an ordinary one when it makes the
  entry's title, so « 70 % » or « Pour qui ? » could break across two lines there. The heading's
  own text, which keeps them, is put back in the entry, when it differs from it in spaces only.
- A page whose front matter says `duree: 12` shows « Durée : environ 12 minutes » under its
  title. A duration that is not a whole number of minutes stops the build with file:line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

DURATION_KEY = "duree"
HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]*>")
ASCII_SPACES = re.compile(r"[ \t\r\n]+")
NBSP = "\u00a0"


def heading_texts(html: str) -> dict[str, str]:
    """The HTML text of every heading with an id, without its permalink, tags and line breaks."""
    return {match.group(2): ASCII_SPACES.sub(" ", TAG.sub("", PERMALINK.sub("", match.group(3)))).strip()
            for match in HEADING.finditer(html)}


def restore_spaces(items: Iterable[AnchorLink], texts: dict[str, str]) -> None:
    for item in items:
        text = texts.get(item.id)
        if text is not None and text != item.title and " ".join(text.split()) == item.title:
            item.title = text
        restore_spaces(item.children, texts)


def spoken_duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes}{NBSP}minute{'s' if minutes > 1 else ''}"
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"


def where(page: Page, key: str) -> str:
    """`file:line` of `key:` in the page's front matter, the file as the trainer sees it."""
    path = Path(page.file.abs_src_path or page.file.src_uri)
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 1)
    return f"{os.path.relpath(path) if path.is_absolute() else path}:{line}"


def duration(page: Page) -> int | None:
    value = page.meta.get(DURATION_KEY)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 600:
        raise PluginError(f"{where(page, DURATION_KEY)}: '{DURATION_KEY}' is the page's duration, a whole "
                          f"number of minutes between 1 and 600 (for example '{DURATION_KEY}: 12'), not {value!r}")
    return value


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    restore_spaces(page.toc, heading_texts(html))
    minutes = duration(page)
    if minutes is None:
        return html
    line = f'<p class="duree">Durée{NBSP}: environ {spoken_duration(minutes)}</p>\n'
    return html.replace("</h1>", "</h1>\n" + line, 1) if "</h1>" in html else line + html
