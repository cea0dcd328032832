"""The attestation's look, before anything fills it: coursekit/attestation.html and
assets/attestation.css in a small built site (a test-only MkDocs hook puts the template in a
page), its slots filled with text, printed by Chromium. The print is exactly one A4 landscape
page holding the name and the score, with none of Material's header, navigation or footer; a
name with markup in it shows as text; and a page without an attestation still prints in
portrait (the landscape page is named, not the site's default). Screenshots and the PDF go to
screenshots/ for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, served, watch, write_tree
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

SHOTS = ROOT / "screenshots"
NAME = "Camille <script>alert('x')</script> Martin-Dupont"
SCORE = "17 sur 20 (85\u00a0%)"
DATE = "12 mars 2026"
COURSE = "Répondre non à un client"
ORG = "Société Exemple"

CONFIG = """\
site_name: Répondre non à un client
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: course
theme:
  name: material
  language: fr
  font: false
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Passer au thème sombre}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Passer au thème clair}
plugins:
  - coursekit
hooks:
  - attestation_hook.py
nav:
  - Accueil: index.md
  - Attestation: attestation.md
"""
# the test-only embed: a paragraph `ATTESTATION` becomes the template, as a later step will render it
HOOK = f"""\
from coursekit.core.html import Html

def on_page_content(html, page, config, files):
    base = Html("fr", "test", [])
    sheet = base.html("coursekit/attestation.html", t=base.t, uid="ck-att", course={COURSE!r},
                      org={{"name": {ORG!r}, "logo": "../logo.svg"}})
    return html.replace("<p>ATTESTATION</p>", sheet)
"""
LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect x="2" y="2" width="60" height="60" rx="12" fill="#24335e"/>
  <path d="M18 44 L32 16 L46 44 Z" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round"/>
</svg>
"""
PAGE = """\
# Votre attestation

Un paragraphe d’introduction, qui ne s’imprime pas.

ATTESTATION

Un paragraphe après l’attestation, qui ne s’imprime pas non plus.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("attestation")
    write_tree(root, {"mkdocs.yml": CONFIG, "attestation_hook.py": HOOK, "course/logo.svg": LOGO,
                      "course/index.md": "# Accueil\n\nUne leçon ordinaire.\n", "course/attestation.md": PAGE})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


@pytest.fixture
def page(browser: Browser, site: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context(base_url=site[1], viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = watch(tab)
    yield tab
    context.close()
    assert errors == [], "\n".join(errors)


def fill(page: Page) -> None:
    """What the later step will do: every slot filled with text, never with markup."""
    page.goto("attestation/")
    page.evaluate("""([name, score, date]) => {
      const slot = (s) => document.querySelector(`.ck-att [data-slot="${s}"]`);
      slot("name").textContent = name;
      slot("score").textContent = score;
      slot("date").textContent = date;
    }""", [NAME, SCORE, DATE])


def test_the_template_has_every_part_and_no_script() -> None:
    from coursekit.core.html import Html
    base = Html("fr", "test", [])
    sheet = base.html("coursekit/attestation.html", t=base.t, uid="u", course="Cours <b>&</b>",
                      org={"name": "A & B", "logo": None})
    assert sheet.startswith('<ck-attestation class="ck-att" id="u">')
    for slot in ("name", "date", "score"):
        assert f'data-slot="{slot}"></' in sheet  # empty: the browser fills it
    assert "Cours &lt;b&gt;&amp;&lt;/b&gt;" in sheet and "A &amp; B" in sheet  # titles are text
    assert "<img" not in sheet and "<script" not in sheet and " style=" not in sheet
    assert "Attestation de r&#233;ussite" in sheet or "Attestation de réussite" in sheet


def test_on_screen_the_sheet_shows_every_part_and_the_name_as_text(page: Page) -> None:
    fill(page)
    sheet = page.locator(".ck-att")
    expect(sheet.locator(".ck-att__name")).to_have_text(NAME)
    assert sheet.locator("script").count() == 0
    text = " ".join(sheet.inner_text().split())
    for part in (ORG.upper(), "Attestation de réussite", COURSE, SCORE, DATE, "navigateur",
                 "plateforme de formation de votre entreprise (LMS)"):
        assert " ".join(part.split()) in text, part
    logo = sheet.locator(".ck-att__logo")
    assert logo.evaluate("(img) => img.complete && img.naturalWidth > 0")
    box = sheet.locator(".ck-att__sheet").bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - 297 / 210) < 0.02  # A4's proportions
    SHOTS.mkdir(exist_ok=True)
    sheet.screenshot(path=SHOTS / "attestation-screen-light.png")
    page.locator("[data-md-color-scheme]").first.evaluate("(b) => b.setAttribute('data-md-color-scheme', 'slate')")
    sheet.screenshot(path=SHOTS / "attestation-screen-dark.png")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_printed_it_is_one_a4_landscape_page_with_the_name_and_the_score(page: Page, scheme: str) -> None:
    fill(page)
    page.locator("[data-md-color-scheme]").first.evaluate("(b, s) => b.setAttribute('data-md-color-scheme', s)",
                                                          scheme)
    page.emulate_media(media="print")
    # printed from the dark scheme too, the ink is dark on white paper
    assert page.locator(".ck-att__title").evaluate("(h) => getComputedStyle(h).color") == "rgb(36, 51, 94)"
    sheet = page.locator(".ck-att__sheet")
    assert sheet.evaluate("(s) => getComputedStyle(s).backgroundColor") == "rgb(255, 255, 255)"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "h1", "text=Un paragraphe"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator(".ck-att__name")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    pdf = SHOTS / f"attestation-{scheme}.pdf"
    page.pdf(path=pdf, format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == 1
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4 landscape, in points
    # words as the PDF gives them back: spaced capitals (letter-spacing), a long name wrapped
    text = "".join(reader.pages[0].extract_text().split()).casefold()
    for part in (NAME, SCORE, DATE, COURSE, "Attestation de réussite", ORG):
        assert "".join(part.split()).casefold() in text, (part, text)
    assert "Un paragraphe" not in text and "Accueil" not in text


def test_a_page_without_an_attestation_prints_as_before(page: Page) -> None:
    page.goto("")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    box = PdfReader(_bytes_io(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4 portrait
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()


def _bytes_io(data: bytes):  # type: ignore[no-untyped-def]
    import io
    return io.BytesIO(data)
