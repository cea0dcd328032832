"""The bytes a learner downloads: a lesson page, the stylesheets and scripts it references, five
lessons in a row with the browser cache on (for bench/run.py)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class Refs(HTMLParser):
    """The stylesheets and scripts of a page: external (href/src) and inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.inline: list[str] = []
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.external.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.external.append(a["src"] or "")
        elif tag in ("script", "style") and not a.get("src"):
            kind = (a.get("type") or "").lower()
            if tag == "style" or kind in ("", "text/javascript", "application/javascript", "module"):
                self._in, self._buf = tag, []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in == tag:
            self.inline.append("".join(self._buf))
            self._in = None


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def refs(site: Path, page: str) -> tuple[bytes, list[Path], list[str]]:
    """HTML bytes of `page`, the local CSS/JS files it references, its inline blocks."""
    html = (site / page).read_bytes()
    parser = Refs()
    parser.feed(html.decode("utf-8"))
    base = "http://site/" + page
    files = []
    for ref in parser.external:
        url = urljoin(base, ref)
        if not url.startswith("http://site/"):
            continue  # another host: none in these sites (font: false)
        path = site / urlsplit(url).path.lstrip("/")
        if path.is_file() and path not in files:
            files.append(path)
    return html, files, parser.inline


@dataclass
class Bytes:
    html: int = 0
    html_gz: int = 0
    quiz_assets: int = 0  # our JS + CSS files, or what mkdocs-quiz inlines in the page
    quiz_assets_gz: int = 0
    page_total: int = 0  # HTML + every CSS and JS file it references
    page_total_gz: int = 0
    five_pages: int = 0  # five lessons in a row, browser cache on
    five_pages_gz: int = 0
    search_index: int = 0  # not counted above: Material fetches it for the search box


def page_bytes(site: Path, plain_site: Path, builder: str, pages: list[str]) -> Bytes:
    out = Bytes()
    cached: set[Path] = set()
    for n, page in enumerate(pages):
        html, files, inline = refs(site, page)
        new = [f for f in files if f not in cached]
        cached.update(new)
        out.five_pages += len(html) + sum(f.stat().st_size for f in new)
        out.five_pages_gz += gz(html) + sum(gz(f.read_bytes()) for f in new)
        if n:
            continue
        out.html, out.html_gz = len(html), gz(html)
        out.page_total = len(html) + sum(f.stat().st_size for f in files)
        out.page_total_gz = gz(html) + sum(gz(f.read_bytes()) for f in files)
        if builder == "coursekit":
            # the script and the stylesheet; data the page names (the course manifest) is not code
            ours = [f for f in files if "/assets/coursekit/" in f.as_posix() and f.suffix in (".js", ".css")]
            out.quiz_assets = sum(f.stat().st_size for f in ours)
            out.quiz_assets_gz = sum(gz(f.read_bytes()) for f in ours)
        elif builder == "mkdocs_quiz":
            theirs = set(refs(plain_site, page)[2])
            added = "".join(block for block in inline if block not in theirs).encode()
            out.quiz_assets, out.quiz_assets_gz = len(added), gz(added)
    index = site / "search" / "search_index.json"
    out.search_index = index.stat().st_size if index.exists() else 0
    return out
