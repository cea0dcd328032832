"""The Content Security Policy written beside the site: it allows the theme's own inline scripts and
never the content's, says which sites may frame the pages, and the build warns about what it blocks.
The browser tests serve a tiny site on 127.0.0.1 with the computed header, as a web server would."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, Built, serve
from coursekit.core.csp import HASH, frame_source_problems, inline_script_hashes
from playwright.sync_api import Browser, Page, expect
from test_build import QUIZ

LESSON_SCRIPT = '<script>document.documentElement.dataset.lesson = "ran"</script>'
LESSON = f"""\
# Leçon

Du texte.

{LESSON_SCRIPT}

[[quiz: etapes]]
"""
WITH_OPTIONS = MINIMAL_CONFIG.replace("  - coursekit\n", "  - coursekit:\n")


def site(lesson: str = LESSON, **extra: str) -> dict[str, str]:
    quiz = {"quizzes/etapes.yml": QUIZ} if "[[quiz: etapes]]" in lesson else {}
    return {"course/index.md": "# Accueil\n", "course/lecon.md": lesson, **quiz, **extra}


def policy_of(built: Built) -> str:
    return (built.site / "csp-policy.txt").read_text(encoding="utf-8").strip()


def theme_hashes(built: Built) -> set[str]:
    """The hashes of the inline scripts outside the lessons' text, read in the built pages."""
    hashes: set[str] = set()
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">.*</article>', html, re.DOTALL)
        hashes |= inline_script_hashes(html[:article.start()] + html[article.end():] if article else html)
    return hashes


# -- inline scripts of the content ---------------------------------------------
def test_an_inline_script_in_a_lesson_is_a_warning_and_stays_out_of_the_policy(build) -> None:
    built = build(site())
    assert built.code == 0, built.log
    assert ("WARNING -  coursekit: course/lecon.md:5: an inline <script> in the lesson: the site's Content "
            "Security Policy blocks it") in built.log
    assert "list that file under `extra_javascript` in mkdocs.yml" in built.log
    assert built.log.count("inline <script>") == 1
    assert LESSON_SCRIPT in built.html("lecon/index.html")  # the page keeps it; the browser blocks it
    hashes = set(HASH.findall(policy_of(built)))
    assert inline_script_hashes(LESSON_SCRIPT).isdisjoint(hashes)
    # Material's own: the palette and the anchor scripts, and one `__md_scope` script for each depth
    # (the home page, the lesson, the 404 page)
    assert hashes == theme_hashes(built) and len(hashes) == 5
    clean = build(site("# Leçon\n\n[[quiz: etapes]]\n"))
    assert policy_of(clean) == policy_of(built) and "inline <script>" not in clean.log


def test_strict_fails_on_an_inline_script_in_a_lesson(build) -> None:
    built = build(site(), "--strict")
    assert built.code == 1
    assert "course/lecon.md:5: an inline <script> in the lesson" in built.log
    assert "Aborted with 1 warnings in strict mode" in built.log
    assert "Traceback" not in built.log


def test_a_script_the_lesson_includes_is_reported_without_a_line(build) -> None:
    config = MINIMAL_CONFIG + "markdown_extensions:\n  - pymdownx.snippets\n"
    built = build(site('# Leçon\n\n--8<-- "bout.html"\n', **{
        "mkdocs.yml": config, "bout.html": "<script>console.log('inclus')</script>\n"}))
    assert built.code == 0, built.log
    assert ("coursekit: course/lecon.md: an inline <script> in the page, not written as such in the lesson "
            "(something the lesson includes or embeds wrote it)") in built.log
    assert inline_script_hashes("<script>console.log('inclus')</script>").isdisjoint(HASH.findall(policy_of(built)))


def test_several_scripts_in_a_lesson_each_have_their_line(build) -> None:
    lesson = "# Leçon\n\n<SCRIPT type=\"module\">\nconsole.log(1)\n</SCRIPT>\n\nTexte.\n\n<script></script>\n"
    built = build(site(lesson))
    assert "course/lecon.md:3: an inline <script>" in built.log
    assert "course/lecon.md:9: an inline <script>" in built.log
    assert set(HASH.findall(policy_of(built))) == theme_hashes(built)


def test_an_html_file_in_the_lessons_folder_is_content_too(build) -> None:
    page = "<!doctype html>\n<title>Annexe</title>\n<p>Texte</p>\n<script>console.log('annexe')</script>\n"
    built = build(site("# Leçon\n", **{"course/annexe.html": page}))
    assert built.code == 0, built.log
    assert ("coursekit: course/annexe.html:4: an inline <script> in an HTML file of the lessons' folder: "
            "the site's Content Security Policy blocks it") in built.log
    assert (built.site / "annexe.html").exists()
    assert inline_script_hashes(page).isdisjoint(HASH.findall(policy_of(built)))


def test_a_dirty_build_does_not_allow_the_scripts_of_the_pages_it_leaves(build, tmp_path: Path) -> None:
    first = build(site())
    expected = policy_of(first)
    now = time.time()
    os.utime(tmp_path / "course" / "lecon.md", (now - 60, now - 60))  # the lesson is left as it was
    os.utime(tmp_path / "course" / "index.md", (now + 60, now + 60))  # the home page is written again
    dirty = build({}, "--dirty")
    assert dirty.code == 0, dirty.log
    assert "course/lecon.md:5" not in dirty.log
    assert LESSON_SCRIPT in dirty.html("lecon/index.html")
    assert policy_of(dirty) == expected
    assert inline_script_hashes(LESSON_SCRIPT).isdisjoint(HASH.findall(expected))


# -- the theme's fonts ----------------------------------------------------------
def test_web_fonts_of_material_are_a_warning(build) -> None:
    config = MINIMAL_CONFIG.replace("  font: false\n", "")
    built = build(site("# Leçon\n", **{"mkdocs.yml": config}), "--strict")
    assert built.code == 1
    assert "coursekit: mkdocs.yml: the theme loads its fonts from Google Fonts" in built.log
    assert "Add to mkdocs.yml:\n\ntheme:\n  font: false\n" in built.log
    assert "Aborted with 1 warnings in strict mode" in built.log


@pytest.mark.parametrize("config", [
    MINIMAL_CONFIG,  # font: false
    MINIMAL_CONFIG.replace("  font: false\n", "").replace("  - coursekit\n", "  - coursekit:\n      csp: false\n"),
    MINIMAL_CONFIG.replace("  name: material\n", "  name: mkdocs\n").replace("  font: false\n", ""),
], ids=["font-false", "csp-off", "other-theme"])
def test_no_font_warning_where_nothing_is_blocked(build, config: str) -> None:
    built = build(site("# Leçon\n", **{"mkdocs.yml": config}), "--strict")
    assert built.code == 0, built.log
    assert "Google Fonts" not in built.log


# -- frame-ancestors ------------------------------------------------------------
def test_frame_ancestors_is_self_by_default(build) -> None:
    built = build(site("# Leçon\n"))
    policy = policy_of(built)
    assert policy.endswith("; frame-ancestors 'self'")
    assert f'add_header Content-Security-Policy "{policy}" always;' in (built.site / "csp-nginx.conf").read_text()


def test_frame_ancestors_can_list_other_sites(build) -> None:
    config = WITH_OPTIONS + "      frame_ancestors: [\"'self'\", \"https://lms.example.com\", \"*.example.org:443\"]\n"
    built = build(site("# Leçon\n", **{"mkdocs.yml": config}), "--strict")
    assert built.code == 0, built.log
    assert policy_of(built).endswith("; frame-ancestors 'self' https://lms.example.com *.example.org:443")


def test_wrong_frame_ancestors_are_all_said_at_once(build, tmp_path: Path) -> None:
    config = WITH_OPTIONS + "      frame_ancestors: [self, 'https://lms.example.com; script-src *', \"'unsafe-inline'\"]\n"
    built = build(site("# Leçon\n", **{"mkdocs.yml": config}))
    assert built.code == 1
    assert "Plugin 'coursekit' option 'frame_ancestors':" in built.log
    assert "'self' needs its single quotes, inside double quotes in mkdocs.yml: \"'self'\"" in built.log
    assert "'https://lms.example.com; script-src *' is not a web address a browser understands here" in built.log
    assert "\"'unsafe-inline'\": of the quoted words, only 'self' and 'none' mean something here" in built.log
    assert "Traceback" not in built.log
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value, problem", [
    (["'self'"], None),
    (["'none'"], None),
    (["https:", "http://127.0.0.1:8080", "https://*.example.com/cours/", "lms.example.com", "*"], None),
    ("'self'", "expected a list of sources"),
    ([], "the list is empty"),
    (["'none'", "'self'"], "'none' forbids every frame: it cannot come with other sources"),
    (["none"], "needs its single quotes"),
    ([42], "42 is not a source"),
    (["https://lms.example.com ,https://autre.example.com"], "is not a web address"),
    (['https://lms.example.com/"x'], "is not a web address"),
    (["'sha256-abc='"], "only 'self' and 'none'"),
])
def test_frame_sources_are_checked(value: object, problem: str | None) -> None:
    problems = frame_source_problems(value)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


# -- in Chromium, under the header ----------------------------------------------------
@pytest.fixture
def chromium(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page of its own (no base address), and the messages of its console."""
    context = browser.new_context()
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    yield page, messages
    context.close()


def served(built: Built, csp: bool = True) -> tuple[object, str]:
    assert built.code == 0, built.log
    server, url = serve(built.site, csp=csp)
    server.arm()  # type: ignore[attr-defined]
    return server, url


def test_the_lesson_script_does_not_run_and_the_site_works(build, chromium: tuple[Page, list[str]]) -> None:
    page, messages = chromium
    built = build(site())
    for csp, ran in ((False, "ran"), (True, None)):
        server, url = served(built, csp)
        try:
            messages.clear()
            page.goto(url + "lecon/")
            expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)  # the plugin's script runs
            assert page.evaluate("document.documentElement.dataset.lesson") == ran
            assert page.evaluate("typeof __md_scope") == "object"  # the theme's inline script ran
            assert page.evaluate("typeof document$") == "object"  # and the theme's bundle
            page.get_by_role("radio", name="Les refus sont naturels").check()
            expect(page.get_by_role("radio", name="Les refus sont naturels")).to_be_checked()
        finally:
            server.shutdown()  # type: ignore[attr-defined]
        errors = [m for m in messages if m.startswith(("error", "pageerror")) and "favicon" not in m
                  and "404" not in m]
        if csp:
            assert len(errors) == 1, errors
            assert "Executing inline script violates the following Content Security Policy directive" in errors[0]
        else:
            assert errors == []


def frame_page(folder: Path, target: str) -> None:
    (folder / "frame.html").write_text(
        f'<!doctype html><html lang="fr"><title>Cadre</title><iframe src="{target}"></iframe></html>\n',
        encoding="utf-8")


def framed(page: Page, url: str) -> str:
    """The address the frame of `url` shows: the course, or Chromium's error page when it is blocked."""
    page.goto(url)
    frame = page.frame_locator("iframe").locator(":root")
    expect(frame).to_have_count(1)
    page.wait_for_load_state("load")
    return page.frames[1].url


def test_another_site_cannot_frame_the_course_but_the_site_itself_can(
        build, tmp_path: Path, chromium: tuple[Page, list[str]]) -> None:
    page, messages = chromium
    built = build(site("# Leçon\n"))
    course, url = served(built)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other, other_url = serve(elsewhere, csp=False)
    try:
        assert other_url.split(":")[-1] != url.split(":")[-1]  # another port: another origin
        frame_page(elsewhere, url)
        assert framed(page, other_url + "frame.html") == "chrome-error://chromewebdata/"
        assert any("violates the following Content Security Policy directive: \"frame-ancestors 'self'\"" in m
                   for m in messages), messages
        frame_page(built.site, url + "lecon/")
        assert framed(page, url + "frame.html") == url + "lecon/"
        assert page.frame_locator("iframe").get_by_role("heading", name="Leçon").count() == 1
    finally:
        course.shutdown()  # type: ignore[attr-defined]
        other.shutdown()


def test_a_site_listed_in_frame_ancestors_can_frame_the_course(
        build, tmp_path: Path, chromium: tuple[Page, list[str]]) -> None:
    page, messages = chromium
    elsewhere = tmp_path / "lms"
    elsewhere.mkdir()
    other, other_url = serve(elsewhere, csp=False)
    config = WITH_OPTIONS + f"      frame_ancestors: [\"'self'\", \"{other_url.rstrip('/')}\"]\n"
    built = build(site("# Leçon\n", **{"mkdocs.yml": config}))
    course, url = served(built)
    try:
        frame_page(elsewhere, url + "lecon/")
        assert framed(page, other_url + "frame.html") == url + "lecon/"
        assert page.frame_locator("iframe").get_by_role("heading", name="Leçon").count() == 1
        assert not any("Content Security Policy" in m for m in messages), messages
    finally:
        course.shutdown()  # type: ignore[attr-defined]
        other.shutdown()
