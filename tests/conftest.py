"""Shared fixtures: tiny sites built in a temporary folder, the real course
served on 127.0.0.1 with its computed Content Security Policy, and Chromium
(Debian's, never a downloaded build) that fails a test on any console error."""

from __future__ import annotations

import functools
import html
import http.server
import math
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# -- tiny sites ---------------------------------------------------------------
@dataclass
class Built:
    root: Path
    code: int
    log: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, page: str = "index.html") -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def text(self, page: str = "index.html") -> str:
        """The page with its character references read, as a browser reads them (`&#8217;` is `’`)."""
        return html.unescape(self.html(page))


MINIMAL_CONFIG = """\
site_name: Test
site_url: http://127.0.0.1:8000/
docs_dir: course
theme:
  name: material
  language: fr
  font: false
plugins:
  - coursekit
"""
# The plugin in the trainer's edition, where a page may show an answer key or a scenario map (in the
# learners' edition, the default, that page stops the build).
TRAINER = "  - coursekit:\n      edition: trainer\n"
TRAINER_CONFIG = MINIMAL_CONFIG.replace("  - coursekit\n", TRAINER)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def build_tree(root: Path, files: dict[str, str], *args: str) -> Built:
    """Write `files` (mkdocs.yml defaults to MINIMAL_CONFIG) and run `mkdocs build`."""
    files = {"mkdocs.yml": MINIMAL_CONFIG, **files}
    write_tree(root, files)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args], cwd=root, capture_output=True,
        text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    return Built(root, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture
def build(tmp_path: Path):
    return functools.partial(build_tree, tmp_path)


# -- the real course, served ----------------------------------------------------
class Handler(http.server.SimpleHTTPRequestHandler):
    """A site's files, with its CSP, cached as a web server lets a browser cache them: `no-cache` and a
    validator, each file's ETag (its modification time in nanoseconds and its size; no Last-Modified,
    whose second would keep a file rebuilt within it).

    Not `no-store`: then Chromium fetched every stylesheet twice (the fetch of its preload scanner
    could not be kept), the second time without holding the scripts back; on a busy machine,
    Material's script measured the page before its styles applied, so the navigation's sidebar was
    never sized and its last links lay over the footer (README, « For companies: self-hosting, CSP, offline »).
    """

    csp: str | None = None
    etag: str | None = None  # the ETag of the file this request is answered with (send_head)

    def _etag(self) -> str | None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        try:
            found = os.stat(path)
        except OSError:  # no such file (a 404), or one a test is writing again
            return None
        return f'"{found.st_mtime_ns:x}-{found.st_size:x}"' if stat.S_ISREG(found.st_mode) else None

    def send_head(self):  # type: ignore[no-untyped-def]
        self.etag = self._etag()
        if self.etag is not None and self.headers.get("If-None-Match") == self.etag:
            self.send_response(http.HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return None
        return super().send_head()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        self.send_header("Cache-Control", "no-cache")
        if self.etag is not None:
            self.send_header("ETag", self.etag)
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path, csp: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("SiteHandler", (Handler,), {})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    def arm() -> None:
        policy = directory / "csp-policy.txt"
        handler.csp = policy.read_text().strip() if csp and policy.exists() else None

    server.arm = arm  # type: ignore[attr-defined]
    return server, url


def build_served(config: Path, site: Path, url: str) -> None:
    """Build `config` into `site` for the address `url` (instant navigation needs site_url)."""
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def served(factory: pytest.TempPathFactory, config: Path) -> Iterator[tuple[Path, str]]:
    site = factory.mktemp("site") / "site"
    site.mkdir()
    server, url = serve(site)
    build_served(config, site, url)
    server.arm()  # type: ignore[attr-defined]
    yield site, url
    server.shutdown()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """tests/site (every question type, instant navigation), served with its CSP."""
    yield from served(tmp_path_factory, ROOT / "tests" / "site" / "mkdocs.yml")


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The course of this repository, served with its CSP."""
    yield from served(tmp_path_factory, ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def trainer_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The trainer's edition of the course (mkdocs-formateur.yml), served with its CSP."""
    yield from served(tmp_path_factory, ROOT / "mkdocs-formateur.yml")


@pytest.fixture(scope="session")
def base_url(demo_site: tuple[Path, str]) -> str:
    return demo_site[1]


@pytest.fixture(scope="session")
def scorm_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """The course's SCORM 1.2 and 2004 zips, exported once for the whole run (a build each), with what
    `coursekit export` said; the tests unzip them into their own folders and never change them."""
    from scorm_lms import export_course
    return export_course(tmp_path_factory.mktemp("scorm-zips"))


@pytest.fixture(scope="module")
def lms(scorm_zips: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Each version's package of the course (scorm_zips), unzipped for the module and served with its test
    LMS (tests/scorm_lms.py): {version: LMS}."""
    from scorm_lms import LMS, VERSIONS, unzip
    out = tmp_path_factory.mktemp("scorm-lms")
    made = {version: LMS(unzip(scorm_zips[version][0], out / version)) for version in VERSIONS}
    yield made
    for served in made.values():
        served.server.shutdown()


# -- Chromium ---------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync"]}


def watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Collect console errors, CSP violations and uncaught exceptions of a page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return errors


@pytest.fixture
def page(page):  # type: ignore[no-untyped-def]
    """pytest-playwright's page, failing the test on any console error."""
    errors = watch(page)
    yield page
    assert errors == [], "\n".join(errors)


def shoot(page: Page, target: Locator, path: Path) -> None:
    """A screenshot of the whole of `target`, taken inside the viewport.

    Playwright captures an element that does not fit in the viewport "beyond the viewport", and
    Chromium then at times lays the page out for a moment in a 1 × 1 px window: the maps page
    becomes 566,090 px tall and the screenshot takes 15 to 30 s instead of 0.3 s. So the page is
    shown from its top in a viewport that reaches 100 px below the element: nothing scrolls, and
    what Material fixes to the top or the bottom of the window (header, dialog) stays off the
    element. The width, and so the layout of the page, stays the same."""
    size = page.viewport_size
    assert size is not None
    page.evaluate("scrollTo(0, 0)")
    box = target.bounding_box()
    assert box is not None
    bottom = math.ceil(box["y"] + box["height"]) + 100
    if bottom > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": bottom})
    box = target.bounding_box()
    assert box is not None and box["x"] + box["width"] <= size["width"]
    assert box["y"] + box["height"] <= max(bottom, size["height"])
    target.screenshot(path=path, timeout=10_000)  # about 0.3 s; 15 s and more beyond the viewport
    page.set_viewport_size(size)


def load_quizzes(folder: Path, root: Path) -> tuple[dict, list]:  # type: ignore[type-arg]
    """Every quiz file of a folder, checked: the documents and the problems."""
    from coursekit.core.documents import load_dir
    from coursekit.quiz import Quizzes
    return load_dir(folder, root, Quizzes.files)


def load_scenarios(folder: Path, root: Path) -> tuple[dict, list]:  # type: ignore[type-arg]
    """Every scenario file of a folder, checked: the documents and the problems."""
    from coursekit.core.documents import load_dir
    from coursekit.scenario import Scenarios
    return load_dir(folder, root, Scenarios.files)
