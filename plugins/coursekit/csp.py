"""The Content Security Policy of a built site.

`default-src 'self'`, and for scripts only the site's own files plus the
SHA-256 hashes of the inline scripts that the theme writes (Material has a few,
whose text depends on the page's depth). Written beside the pages in three
forms: the bare policy, an nginx `add_header` line, and a `_headers` file.

The plugin hashes each page as it is written (`Hashes.page`, the last of the
page's plugins), and at the end reads only the HTML files that were not
(the theme's 404 page, HTML copied from the lessons' folder, pages left alone by
`--dirty`). In a large build, a helper process reads each page once it is
written and hashes its scripts, on another CPU (`Hashes.start_helper`):
searching every page for its scripts took 2 % of a build of 1000 lessons.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import signal
import subprocess
import sys
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
        self.helper: subprocess.Popen[bytes] | None = None  # reads the pages named on its stdin
        self.last = ""  # the page about to be written, for the helper to read once it is
        self.failed = False

    def start_helper(self) -> None:
        """Start the helper: a new interpreter, not a fork (the build would copy, one by one, the memory
        pages it shares with a forked child as it writes to them: 50 ms of a build of 100 lessons)."""
        self.helper = subprocess.Popen([sys.executable, "-c", HELPER, str(Path(__file__).resolve().parents[1])],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.helper.stdin is not None
        from .parallel import widen_pipe
        widen_pipe(self.helper.stdin.fileno())  # room for every path of the site

    def page(self, path: str, html: str) -> None:
        path = os.path.normpath(path)
        self.seen.add(path)
        if self.helper is None:
            self.hashes |= inline_script_hashes(html)
            return
        if self.last:  # written now
            self._send(self.helper, self.last)
        self.last = path

    def _send(self, helper: subprocess.Popen[bytes], path: str) -> None:
        assert helper.stdin is not None
        try:
            os.write(helper.stdin.fileno(), os.fsencode(path) + b"\0")
        except OSError:  # the helper is gone: the pages are read again at the end
            self.failed = True

    def _join(self, helper: subprocess.Popen[bytes]) -> None:
        """The helper's hashes; if it failed, every page is read again here."""
        assert helper.stdin is not None and helper.stdout is not None
        if self.last:
            self._send(helper, self.last)
        with contextlib.suppress(OSError):
            helper.stdin.close()
        data = helper.stdout.read()
        helper.stdout.close()
        if helper.wait() == 0 and not self.failed:
            self.hashes |= set(data.decode("ascii").split())
        else:
            self.seen.clear()

    def stop(self) -> None:
        """The build failed: end the helper."""
        helper, self.helper = self.helper, None
        if helper is not None:
            helper.kill()
            helper.communicate()

    def site_policy(self, site_dir: str) -> str:
        helper, self.helper = self.helper, None
        if helper is not None:
            self._join(helper)
        for folder, _dirs, files in os.walk(site_dir):
            for name in files:
                path = os.path.normpath(os.path.join(folder, name))
                if name.endswith(".html") and path not in self.seen:
                    self.hashes |= inline_script_hashes(Path(path).read_text(encoding="utf-8"))
        return policy(self.hashes)


HELPER = "import sys; sys.path.insert(0, sys.argv[1]); from coursekit.csp import helper; helper()"


def can_start_helper() -> bool:
    return os.name == "posix" and bool(sys.executable)


def helper() -> None:  # pragma: no cover - in the helper process
    """Hash the scripts of each page named on stdin (once written); the hashes to stdout at the end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C stops the helper with the build
    hashes: set[str] = set()
    pending = b""
    while chunk := os.read(0, 1 << 16):
        *done, pending = (pending + chunk).split(b"\0")
        for name in done:
            try:
                html = Path(os.fsdecode(name)).read_text(encoding="utf-8")
            except FileNotFoundError:  # a page with no output is not written
                continue
            hashes |= inline_script_hashes(html)
    data = " ".join(sorted(hashes)).encode("ascii")
    while data:
        data = data[os.write(1, data):]


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
