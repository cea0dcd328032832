"""The Content Security Policy of a built site.

`default-src 'self'`, and for scripts only the site's own files plus the
SHA-256 hashes of the inline scripts that the theme writes (Material has a few,
whose text depends on the page's depth); `frame-ancestors` says which sites may
show the course in a frame (by default only the site itself). Written beside the
pages in three forms: the bare policy, an nginx `add_header` line, and a
`_headers` file.

Only the theme's inline scripts are allowed, never the content's: an inline
script that a lesson holds (or anything the lesson includes or embeds) is
blocked, and the plugin reports it, as it does those of the HTML files copied
from the lessons' folder. A page's content is `page.content`, which the theme
writes inside the page: the hashes of the scripts of every page, less the
hashes of every script found in any content, are the policy. (A script found
in no content is the theme's, or a plugin's that writes outside the content.)

A host that sees each page as it is written (the MkDocs plugin) hashes it then
(`Hashes.page`), and at the end reads only the HTML files that it did not see
(the theme's 404 page, HTML copied from the lessons' folder, pages left alone by
`--dirty`); a host that does not (`coursekit csp SITE`) reads every page at the
end.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
EMPTY_SCRIPT = re.compile(r"<script\b[^>]*>\s*</script>", re.IGNORECASE)
HASH = re.compile(r"'sha256-[A-Za-z0-9+/]+=*'")
FILES = ("csp-policy.txt", "csp-nginx.conf", "_headers")
FRAME_ANCESTORS = ("'self'",)  # by default, only the site itself may show its pages in a frame


def inline_scripts(html: str) -> list[tuple[int, str]]:
    """The offset and code of each inline script that a browser would run."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs, body = match.groups()
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if kind and kind.group(1).lower() not in JS_TYPES:
            continue  # application/json and the like are data, never run
        found.append((match.start(), body))
    return found


def source(code: str) -> str:
    """The `'sha256-…'` source that allows this inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode('utf-8')).digest()).decode()}'"


def inline_script_hashes(html: str) -> set[str]:
    """`'sha256-…'` sources for each inline script that a browser would run."""
    return {source(code) for _offset, code in inline_scripts(html)}


def lines_in_file(path: str | Path | None, codes: list[str]) -> list[int | None]:
    """The line of the <script> tag of each code of `codes`, in order, in the file `path`, where it is
    there as written."""
    try:
        text = Path(path).read_text(encoding="utf-8") if path else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    lower = text.lower()
    lines: list[int | None] = []
    cursor = 0
    for code in codes:
        if code.strip():
            at = text.find(code.strip(), cursor)
        else:
            empty = EMPTY_SCRIPT.search(text, cursor)
            at = empty.start() if empty else -1
        if not text or at < 0:
            lines.append(None)
            continue
        tag = lower.rfind("<script", 0, at + len("<script"))
        lines.append(text.count("\n", 0, tag if tag >= 0 else at) + 1)
        cursor = at + 1
    return lines


class Hashes:
    """The inline scripts of a site, page by page as they are written, then the rest."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()
        self.content: set[str] = set()  # scripts found in some content: never in the policy
        self.seen: set[str] = set()

    def page(self, path: str, html: str, content: str = "") -> list[tuple[int, str]]:
        """Hash the inline scripts of a page about to be written; return those of its content
        (`content`, within `html`): their offset in the content and their code."""
        path = os.path.normpath(path)
        self.seen.add(path)
        found = self.add_content(content)
        self.hashes |= inline_script_hashes(html)
        return found

    def add_content(self, content: str) -> list[tuple[int, str]]:
        """The inline scripts of content that the site's authors wrote: kept out of the policy."""
        found = inline_scripts(content)
        self.content.update(source(code) for _offset, code in found)
        return found

    def site_policy(self, site_dir: str, frame_ancestors: Iterable[str] = FRAME_ANCESTORS,
                    kept: Collection[str] = ()) -> str:
        """The policy, once every page is written. `kept`: the pages that `--dirty` left as they were,
        whose content cannot be told from the theme any more: of their scripts, only those that the
        policy written before allowed are allowed (all of them if there is none)."""
        kept = {os.path.normpath(path) for path in kept}
        before = Path(site_dir, FILES[0])
        allowed = set(HASH.findall(before.read_text(encoding="utf-8"))) if kept and before.is_file() else None
        for folder, _dirs, files in os.walk(site_dir):
            for name in files:
                path = os.path.normpath(os.path.join(folder, name))
                if name.endswith(".html") and path not in self.seen:
                    hashes = inline_script_hashes(Path(path).read_text(encoding="utf-8"))
                    self.hashes |= hashes & allowed if path in kept and allowed is not None else hashes
        return policy(self.hashes - self.content, frame_ancestors)


def policy(hashes: set[str], frame_ancestors: Iterable[str] = FRAME_ANCESTORS) -> str:
    scripts = " ".join(["'self'", *sorted(hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        # Material draws its icons with `data:` SVG images in its stylesheet
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        # who may show the pages in a frame (`default-src` does not cover it; a <meta> policy cannot)
        f"frame-ancestors {' '.join(frame_ancestors)}",
    ])


KEYWORDS = {"'self'", "'none'"}
SCHEME_SOURCE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
HOST_SOURCE = re.compile(r"""
    (?:[A-Za-z][A-Za-z0-9+.-]*://)?                         # scheme
    (?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?)    # host, or *.host
    (?::(?:[0-9]+|\*))?                                      # port
    (?:/[A-Za-z0-9._~!$&()*+=:@%/-]*)?                       # path
    """, re.VERBOSE)


def frame_source_problems(value: object) -> list[str]:
    """What is wrong with a list of `frame-ancestors` sources, in plain words (empty if nothing)."""
    example = "for instance [\"'self'\", \"https://lms.example.com\"]"
    if not isinstance(value, list):
        return [f"expected a list of sources, {example}, not {value!r}"]
    if not value:
        return ["the list is empty: write [\"'none'\"] to forbid every frame, or list the sites "
                f"allowed to show the course in a frame, {example}"]
    problems = []
    for item in value:
        if not isinstance(item, str):
            problems.append(f"{item!r} is not a source: each source is a text, {example}")
        elif item.lower() in {"self", "none"}:
            problems.append(f"{item!r} needs its single quotes, inside double quotes in mkdocs.yml: "
                            f"\"'{item.lower()}'\" (without them it names a web site called {item!r})")
        elif item.lower() in KEYWORDS:
            if item.lower() == "'none'" and len(value) > 1:
                problems.append("'none' forbids every frame: it cannot come with other sources")
        elif item.startswith("'"):
            problems.append(f"{item!r}: of the quoted words, only 'self' and 'none' mean something here")
        elif not (SCHEME_SOURCE.fullmatch(item) or HOST_SOURCE.fullmatch(item)):
            problems.append(f"{item!r} is not a web address a browser understands here: write a site "
                            "such as https://lms.example.com (or *.example.com, https:, 'self'), "
                            "with no space, comma, semicolon or quote")
    return problems


def write(site_dir: str, value: str) -> None:
    root = Path(site_dir)
    (root / FILES[0]).write_text(value + "\n", encoding="utf-8")
    (root / FILES[1]).write_text(
        "# include this file in the nginx `server` or `location` block that serves the course\n"
        f'add_header Content-Security-Policy "{value}" always;\n', encoding="utf-8")
    (root / FILES[2]).write_text(f"/*\n  Content-Security-Policy: {value}\n", encoding="utf-8")
