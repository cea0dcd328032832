"""What the course's own templates (overrides/) and the plugin's page details (hosts/pages.py) put in the
built site: each lesson and scenario shows its duration under its title, the table of contents keeps the
headings' no-break spaces, the 404 page is in French and accessible, and the home page's two buttons are in sight on arrival,
where nothing moves as the script fills them in."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import markdown
import pytest
from conftest import ROOT
from coursekit.hosts import pages as details
from mkdocs.structure.toc import get_toc
from playwright.sync_api import Browser, Page, expect
from test_browser_quiz import SHOTS, run_axe
from test_content import load
from test_course_text import duration_of, lessons, scenarios
from test_journey_pages import SHIFTS

H1_AND_DURATION = re.compile(r'</h1>\n<p class="duree">Durée\u00a0: environ (\d+)\u00a0minutes</p>')
HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TOC_LINK = re.compile(r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]*>", "", fragment)).strip())


# -- the page details, on small sites -----------------------------------------------------
def test_the_toc_extension_loses_no_break_spaces_and_the_plugin_puts_them_back() -> None:
    md = markdown.Markdown(extensions=["toc"])
    body = md.convert("## Des 70\u00a0% et plus\n\n## Pour qui\u202f?\n\n### Un & deux\n")
    toc = get_toc(md.toc_tokens)  # type: ignore[attr-defined]
    # Python-Markdown makes the entries' titles with ' '.join(text.split()): the fix is needed while it does.
    assert [item.title for item in toc] == ["Des 70 % et plus", "Pour qui ?"]
    details.restore_spaces(toc, details.heading_texts(body))
    assert [item.title for item in toc] == ["Des 70\u00a0% et plus", "Pour qui\u202f?"]
    assert toc.items[1].children[0].title == "Un &amp; deux"  # left as it was: the same text


SMALL_SITE = {
    "mkdocs.yml": "site_name: Test\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n"
                  "  language: fr\n  font: false\nplugins:\n  - coursekit\n",
    "course/index.md": "# Accueil\n",
}


def test_a_duration_shows_under_the_title(build) -> None:  # type: ignore[no-untyped-def]
    built = build({**SMALL_SITE, "course/lecon.md": "---\nduree: 75\n---\n\n# Une leçon\n\n## Des 70\u00a0%\n"})
    assert built.code == 0, built.log
    page = built.html("lecon/index.html")
    assert '</h1>\n<p class="duree">Durée\u00a0: environ 1\u00a0h\u00a015</p>' in page
    assert re.search(r'class="md-ellipsis">\s*Des 70\u00a0%\s*</span>', page)
    assert 'class="duree"' not in built.html("index.html")  # no duration, no line


@pytest.mark.parametrize("value", ["douze", "0", "12.5", "true"])
def test_a_wrong_duration_is_named_with_its_line(build, value: str) -> None:  # type: ignore[no-untyped-def]
    built = build({**SMALL_SITE, "course/lecon.md": f"---\ntitle: Une leçon\nduree: {value}\n---\n\n# Une leçon\n"})
    assert built.code != 0
    assert "course/lecon.md:3: 'duree' is the page's duration, a whole number of minutes" in built.log
    assert "Traceback" not in built.log


# -- the course, built ----------------------------------------------------------------------
def test_every_lesson_and_scenario_shows_its_duration(course_site: tuple[Path, str]) -> None:
    site = course_site[0]
    course = load(ROOT)
    pages = [*lessons(course), *scenarios(course)]
    assert len(pages) == 22
    for page in pages:
        built = (site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        shown = H1_AND_DURATION.findall(built)
        assert shown == [str(duration_of(course, page))], page


def test_the_tables_of_contents_keep_the_headings_spaces(course_site: tuple[Path, str]) -> None:
    site = course_site[0]
    lesson = (site / "partie-1" / "refus-naturels" / "index.html").read_text(encoding="utf-8")
    assert "L’expérience de pensée des 70\u00a0%" in [text_of(t) for _, t in TOC_LINK.findall(lesson)]
    checked = 0
    for path in site.rglob("index.html"):
        built = path.read_text(encoding="utf-8")
        headings = {ident: text_of(inner) for _, ident, inner in HEADING.findall(built)}
        for ident, title in TOC_LINK.findall(built):
            if ident in headings:
                assert text_of(title) == headings[ident], (path, ident)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_is_french_and_accessible(page: Page, course_site: tuple[Path, str], scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(course_site[1] + "404.html")
    expect(page).to_have_title("Page introuvable - Répondre non à un client")
    expect(page.locator("article h1")).to_have_text("Page introuvable")
    expect(page.locator("article")).to_contain_text("erreur 404")
    # the module's edition and its two links (tests/test_documents.py), then Material's line in French
    expect(page.locator(".md-copyright")).to_have_text(re.compile(
        r"^\s*Édition 2 — décembre 2026 · Accessibilité\u00a0: non conforme · Mentions légales\s+Site réalisé avec\s+Material for MkDocs\s*$"))
    assert run_axe(page) == []
    page.get_by_role("link", name="revenir à l’accueil du module").click()
    expect(page.locator("article h1")).to_contain_text("Répondre non à un client")


@pytest.mark.parametrize("width,height,name", [(1280, 800, "desktop"), (390, 844, "phone")])
def test_the_home_buttons_are_in_sight_on_arrival(browser: Browser, course_site: tuple[Path, str],
                                                  width: int, height: int, name: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    # the course's manifest, which « Commencer » waits for, arrives late, as on a slow network
    page.route("**/coursekit/course.*.json", lambda route: (time.sleep(0.25), route.continue_()))
    page.goto(course_site[1])
    expect(page.locator("ck-continue.ck-ready")).to_have_count(1)
    shifts = page.evaluate(SHIFTS)
    assert shifts["sum"] < 0.005, shifts  # the button keeps its room until it is ready (overrides/coursekit)
    header = page.locator(".md-header").bounding_box()
    assert header is not None
    # « Commencer », then « Continuer : <the next lesson> » ([[continue]]), and the quizzes' tour
    for label in ("Commencer", "Prendre en main les quiz"):
        button = page.get_by_role("link", name=label, exact=True)
        expect(button).to_be_in_viewport(ratio=1)
        box = button.bounding_box()
        assert box is not None and box["y"] >= header["y"] + header["height"], label
    assert page.evaluate("scrollY") == 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"course-home-arrival-{name}.png")
    page.get_by_role("link", name="Commencer", exact=True).click()
    expect(page).to_have_url(re.compile(r"/partie-1/quatre-appels/$"))
    context.close()
