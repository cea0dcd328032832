"""One small course built by each host coursekit supports, then taken in Chromium under its CSP.

MkDocs 1.6 + Material and ProperDocs run the plugin; Zensical runs no plugin:
it gets the Markdown extension, the assets from `coursekit assets` and its
policy from `coursekit csp`. Each copy of tests/site (links resolved) gets a
scenario, a map and an answer key besides its quizzes, is served with the
`Content-Security-Policy` header of its own `csp-policy.txt`, and must show no
console error and no axe violation.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, TRAINER, serve, watch
from coursekit.core.problems import CourseError
from coursekit.hosts import standalone
from playwright.sync_api import Browser, Page, expect
from sites import course_scenario
from test_browser_quiz import answer_all_right, result, run_axe, submit

BIN = Path(sys.executable).parent
SCENARIO = "refus-1-remise"
EXTRA_PAGES = {
    "course/scenario.md": f"# Mise en situation\n\n[[scenario: {SCENARIO}]]\n",
    "course/formateur.md": f"# Pour le formateur\n\n[[map: {SCENARIO}]]\n\n## Corrigé\n\n[[answers: *]]\n",
}
NAV = "  - Mise en situation: scenario.md\n  - Pour le formateur: formateur.md\n"
HOSTS = ("mkdocs", "properdocs", "zensical")
# Zensical 0.0.73's search panel inserts this stylesheet (its hash, from Chromium's console)
ZENSICAL_SEARCH_STYLE = "'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='"
# Zensical's theme writes the current page's link in the accent colour on a tint of it: 3.75:1 in the
# light scheme, 4.21:1 in the dark one (axe: color-contrast)
ZENSICAL_CSS = """\
[data-md-color-scheme="default"] .md-nav--primary .md-nav__item .md-nav__link--active {
  color: var(--md-primary-fg-color--dark);
}
[data-md-color-scheme="slate"] .md-nav--primary .md-nav__item .md-nav__link--active {
  color: var(--md-default-fg-color);
}
"""


@dataclass
class Host:
    name: str
    root: Path  # the copy of the course
    url: str
    log: str

    @property
    def site(self) -> Path:
        return self.root / "site"


def run(args: list[str], cwd: Path, url: str) -> str:
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout}{proc.stderr}"
    return proc.stdout + proc.stderr


def copy_course(root: Path) -> None:
    """tests/site with links resolved (its stylesheet is a link), plus a scenario (its links to the course's
    lessons made text) and a trainer's page."""
    shutil.copytree(ROOT / "tests" / "site", root, symlinks=False, ignore=shutil.ignore_patterns(".cache", "site"))
    (root / "scenarios").mkdir()
    (root / "scenarios" / f"{SCENARIO}.yml").write_text(course_scenario(SCENARIO), encoding="utf-8")
    for name, text in EXTRA_PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "plugins:\n  - coursekit\n" in text
    # the trainer's edition: the trainer's page shows a map and the answer key
    text = text.replace("plugins:\n  - coursekit\n", "plugins:\n" + TRAINER)
    config.write_text(text + NAV, encoding="utf-8")


def for_zensical(root: Path, url: str) -> str:
    """The plugin out, the extension in, and the assets written and listed as `coursekit assets` says."""
    printed = run([str(BIN / "coursekit"), "assets", "course"], root, url)
    listed = printed[printed.index("extra_javascript:"):]
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "plugins:\n" + TRAINER in text
    text = text.replace("plugins:\n" + TRAINER, "markdown_extensions:\n" + TRAINER)
    text = text.replace("extra_css:\n", listed.split("extra_css:\n")[0] + "extra_css:\n" +
                        listed.split("extra_css:\n")[1] + "  - zensical.css\n")
    config.write_text(text, encoding="utf-8")
    (root / "course" / "zensical.css").write_text(ZENSICAL_CSS, encoding="utf-8")
    return printed


def build(name: str, root: Path, url: str) -> str:
    if name == "mkdocs":
        return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], root, url)
    if name == "properdocs":
        return run([str(BIN / "properdocs"), "build", "--strict", "-q", "-f", "mkdocs.yml"], root, url)
    log = for_zensical(root, url)
    log += run([str(BIN / "zensical"), "build", "--clean"], root, url)
    return log + run([str(BIN / "coursekit"), "csp", "site", "--style-src", ZENSICAL_SEARCH_STYLE], root, url)


@pytest.fixture(scope="module", params=HOSTS)
def host(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    root = tmp_path_factory.mktemp(request.param) / "course"
    copy_course(root)
    (root / "site").mkdir()
    server, url = serve(root / "site")
    try:
        log = build(request.param, root, url)
        server.arm()  # type: ignore[attr-defined]
        yield Host(request.param, root, url, log)
    finally:
        server.shutdown()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of its own (pytest-playwright's would build tests/site for its base_url), failing on any
    console error, CSP violation or uncaught exception."""
    context = browser.new_context()
    page = context.new_page()
    errors = watch(page)
    yield page
    context.close()
    assert errors == [], "\n".join(errors)


def test_the_site_is_built_with_the_widgets_the_assets_and_a_policy(host: Host) -> None:
    quiz = (host.site / "quiz" / "index.html").read_text(encoding="utf-8")
    assert '<ck-quiz class="ck-quiz" id="ck-complet"' in quiz
    assert "[[quiz:" not in quiz
    scripts = re.findall(r'<script src="\.\./(assets/coursekit/coursekit\.[0-9a-f]{8}\.js)"', quiz)
    styles = re.findall(r'href="\.\./(assets/coursekit/coursekit\.[0-9a-f]{8}\.css)"', quiz)
    assert len(scripts) == len(styles) == 1
    assert (host.site / scripts[0]).is_file() and (host.site / styles[0]).is_file()
    trainer = (host.site / "formateur" / "index.html").read_text(encoding="utf-8")
    assert "<ck-scenario" in (host.site / "scenario" / "index.html").read_text(encoding="utf-8")
    assert 'class="ck-map' in trainer and 'class="ck-key' in trainer
    policy = (host.site / "csp-policy.txt").read_text(encoding="utf-8")
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert (host.site / "_headers").is_file() and (host.site / "csp-nginx.conf").is_file()


@pytest.mark.parametrize("host", ["properdocs"], indirect=True)
def test_properdocs_writes_what_mkdocs_writes(host: Host) -> None:
    """The same plugin through ProperDocs' `mkdocs` alias: the same files, bytes and policy."""
    other = host.root.parent / "mkdocs-copy"
    copy_course(other)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], other, host.url)
    ours = sorted(p.relative_to(host.site) for p in host.site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(other / "site") for p in (other / "site").rglob("*") if p.is_file())
    assert ours == theirs
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    for path in ours:
        mine, reference = (host.site / path).read_bytes(), (other / "site" / path).read_bytes()
        if path.suffix == ".html":
            mine, reference = (generator.sub("", x.decode()).encode() for x in (mine, reference))
        assert mine == reference, path


def test_a_quiz_taken_and_a_scenario_played_under_the_policy(host: Host, page: Page) -> None:
    response = page.goto(host.url + "quiz/")
    assert response is not None
    assert response.headers["content-security-policy"] == (host.site / "csp-policy.txt").read_text().strip()
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    assert run_axe(page) == []
    answer_all_right(page)
    submit(page)
    assert "100" in result(page)
    assert run_axe(page) == []

    page.goto(host.url + "scenario/")
    scenario = page.locator("ck-scenario.ck-ready")
    for _ in range(20):  # a reply each time, whichever comes first, up to an ending
        if scenario.locator(".ck-sc__end").is_visible():
            break
        scenario.locator(".ck-sc__choices .ck-sc__reply").first.click()
    expect(scenario.locator(".ck-sc__end")).to_be_visible()
    assert run_axe(page) == []

    page.goto(host.url + "formateur/")
    expect(page.locator(".ck-map").first).to_be_visible()
    assert run_axe(page) == []



def test_the_dark_scheme_keeps_its_contrast(host: Host, page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(host.url + "quiz/")
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    assert run_axe(page) == []


# -- the extension's errors, without a browser -----------------------------------------------
def test_zensical_stops_on_a_problem_with_the_list_and_no_traceback(tmp_path: Path) -> None:
    root = tmp_path / "course"
    copy_course(root)
    for_zensical(root, "http://127.0.0.1:8000/")
    quiz = root / "quizzes" / "melange.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("type: single", "type: singel", 1), encoding="utf-8")
    with (root / "course" / "index.md").open("a", encoding="utf-8") as lesson:
        lesson.write("\n[[quiz: nope]]\n")
    proc = subprocess.run([str(BIN / "zensical"), "build", "--clean"], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Error: coursekit: 2 problems in the course files; the build stopped:\n" in proc.stderr
    assert re.search(r"^quizzes/melange\.yml:\d+: question 1 .*unknown question type 'singel'", proc.stderr, re.M)
    assert "\ncourse/index.md:5: [[quiz: nope]]: there is no quiz 'nope' in quizzes/" in proc.stderr


def test_the_course_is_checked_once_and_again_after_a_change(tmp_path: Path, monkeypatch, caplog) -> None:
    """One extension a page, as hosts make them: the course is checked by the first page and again only
    once a quiz file changes; a lesson's unknown id found then is said with its line."""
    root = tmp_path / "course"
    copy_course(root)
    monkeypatch.chdir(root)
    checks: list[int] = []
    real = standalone._check
    monkeypatch.setattr(standalone, "_check", lambda *a: checks.append(1) or real(*a))

    def page(text: str) -> str:
        return markdown.markdown(text, extensions=["coursekit"])

    assert '<ck-quiz class="ck-quiz" id="ck-complet"' in page("[[quiz: complet]]")
    assert '<ck-quiz class="ck-quiz" id="ck-melange"' in page("[[quiz: melange]]")
    # the answer key: the quiz's title a heading of the page (for its table of contents), then the key
    assert re.match(r'<h2>Dans le désordre</h2>\n<div class="ck-key">', page("[[answers: melange]]"))
    assert len(checks) == 1
    quiz = root / "quizzes" / "melange.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("type: single", "type: singel", 1), encoding="utf-8")
    with pytest.raises(CourseError, match=r"^1 problem in the course files; the build stopped:\nquizzes/melange"):
        page("[[quiz: complet]]")
    (root / "course" / "quiz.md").write_text("# Quiz\n\n[[quiz: nope]]\n", encoding="utf-8")
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("type: singel", "type: single", 1), encoding="utf-8")
    with pytest.raises(CourseError, match=r"course/quiz\.md:3: \[\[quiz: nope\]\]: there is no quiz 'nope'"):
        page("[[quiz: complet]]")
