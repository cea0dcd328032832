"""Two details of every page of the site, which only MkDocs gives a hold on (hosts/mkdocs.py calls them).

- The table of contents keeps the no-break spaces of the headings (option `toc_nbsp`). Python-Markdown's
  toc extension collapses every kind of space of a heading into an ordinary one when it makes the entry's
  title, so « 70 % » or « Pour qui ? » could break across two lines there. The heading's own text, which
  keeps them, is put back in the entry when it differs from it in spaces only.
- A page whose front matter says `duree: 12` (or `duration: 12`) shows « Durée : environ 12 minutes »
  under its title, in the interface's language (option `durations`). A duration that is not a whole
  number of minutes is a problem at its line in the front matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..core.problems import Problem, relative_path
from ..i18n import strings

KEYS = ("duree", "duration")  # the front matter's key: French, as the course writes it, or English
LONGEST = 600  # minutes
HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]*>")
ASCII_SPACES = re.compile(r"[ \t\r\n]+")


# -- the table of contents ------------------------------------------------------------------
def heading_texts(html: str) -> dict[str, str]:
    """The HTML text of every heading with an id, without its permalink, tags and line breaks."""
    return {match.group(2): ASCII_SPACES.sub(" ", TAG.sub("", PERMALINK.sub("", match.group(3)))).strip()
            for match in HEADING.finditer(html)}


def restore_spaces(items: Iterable[AnchorLink], texts: dict[str, str]) -> None:
    """Give each entry its heading's text where the two differ in spaces only."""
    for item in items:
        text = texts.get(item.id)
        if text is not None and text != item.title and " ".join(text.split()) == item.title:
            item.title = text
        restore_spaces(item.children, texts)


# -- the duration ---------------------------------------------------------------------------
def front_matter_line(path: Path | None, key: str) -> int | None:
    """The line of `key:` in the file's front matter (its first line is `---`), if it is there."""
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n") if path else []
    except OSError:
        return None
    if not lines or lines[0].rstrip() != "---":
        return None
    for number, text in enumerate(lines[1:], 2):
        if text.rstrip() in ("---", "..."):
            return None
        if re.match(rf"{key}\s*:", text):
            return number
    return None


def duration(page: Page, root: Path) -> tuple[int | None, Problem | None]:
    """The page's duration in minutes (None if it has none), or the problem with it."""
    given = [key for key in KEYS if page.meta.get(key) is not None]
    if not given:
        return None, None
    key, value = given[0], page.meta[given[0]]
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    shown = relative_path(source, root) if source else page.file.src_uri
    line = front_matter_line(source, given[-1] if len(given) > 1 else key)
    if len(given) > 1:
        return None, Problem(shown, line, f"the page's duration is given twice, as '{KEYS[0]}' and as "
                                          f"'{KEYS[1]}': keep one of them")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= LONGEST:
        return None, Problem(shown, line, f"'{key}' is the page's duration, a whole number of minutes between "
                                          f"1 and {LONGEST} (for example '{key}: 12'), not {value!r}")
    return value, None


def spoken(minutes: int, lang: str) -> str:
    """« 12 minutes », « 1 minute », « 1 h 15 », « 2 h » in the interface's language."""
    said = strings(lang)
    if minutes < 60:
        return said["duration_minutes"].format(n=minutes, s="s" if minutes > 1 else "")
    hours, rest = divmod(minutes, 60)
    if rest:
        return said["duration_hours"].format(h=hours, mm=f"{rest:02d}")
    return said["duration_whole_hours"].format(h=hours, s="s" if hours > 1 else "")


def with_duration(html: str, minutes: int, lang: str) -> str:
    """The page's HTML with its duration right under its title (at the top if it has no <h1>)."""
    line = f'<p class="duree">{strings(lang)["duration"].format(time=spoken(minutes, lang))}</p>\n'
    return html.replace("</h1>", "</h1>\n" + line, 1) if "</h1>" in html else line + html
