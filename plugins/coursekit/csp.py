"""The Content Security Policy of a built site.

`default-src 'self'`, and for scripts only the site's own files plus the
SHA-256 hashes of the inline scripts that the theme writes (Material has a few,
whose text depends on the page's depth). Written beside the pages in three
forms: the bare policy, an nginx `add_header` line, and a `_headers` file.

The plugin hashes each page as it is written (`Hashes.page`, the last of the
page's plugins), and at the end reads only the HTML files that were not
(the theme's 404 page, HTML copied from the lessons' folder, pages left alone by
`--dirty`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
FILES = ("csp-policy.txt", "csp-nginx.conf", "_headers")


def inline_script_hashes(html: str) -> set[str]:
    """`'sha256-…'` sources for each inline script that a browser would run."""
    hashes: set[str] = set()
    for attrs, body in SCRIPT.findall(html):
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if kind and kind.group(1).lower() not in JS_TYPES:
            continue  # application/json and the like are data, never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return hashes


class Hashes:
    """The inline scripts of a site, page by page as they are written, then the rest."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()
        self.seen: set[str] = set()

    def page(self, path: str, html: str) -> None:
        self.hashes |= inline_script_hashes(html)
        self.seen.add(os.path.normpath(path))

    def site_policy(self, site_dir: str) -> str:
        for folder, _dirs, files in os.walk(site_dir):
            for name in files:
                path = os.path.normpath(os.path.join(folder, name))
                if name.endswith(".html") and path not in self.seen:
                    self.hashes |= inline_script_hashes(Path(path).read_text(encoding="utf-8"))
        return policy(self.hashes)


def site_policy(site_dir: str) -> str:
    """The policy of a built site, from its HTML files alone."""
    return Hashes().site_policy(site_dir)


def policy(hashes: set[str]) -> str:
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
    ])


def write(site_dir: str, value: str) -> None:
    root = Path(site_dir)
    (root / FILES[0]).write_text(value + "\n", encoding="utf-8")
    (root / FILES[1]).write_text(
        "# include this file in the nginx `server` or `location` block that serves the course\n"
        f'add_header Content-Security-Policy "{value}" always;\n', encoding="utf-8")
    (root / FILES[2]).write_text(f"/*\n  Content-Security-Policy: {value}\n", encoding="utf-8")
