"""The attestation (`[[attestation]]`), in Chromium under the site's CSP: a tiny course whose final
assessment is passed for real on its page (the right choices read by their text, as in
test_exam.py), then the attestation page two folders down: before the pass, where the learner
stands and a link to the assessment, no sheet; after it, the name field, the sheet (name, course
title, date, score, organisation and its logo) and one A4 landscape page printed. A name with
markup stays text. Any console error fails a test (conftest.watch). The build's checks of the
embed are run on real builds. Screenshots and the PDF go to screenshots/ for a person to look at."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT, served, watch, write_tree
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from test_browser_quiz import run_axe

SHOTS = ROOT / "screenshots"
# the image loaded and decoded: the script makes it once the manifest is read, the file comes later
LOADED = "(img) => img.complete && img.naturalWidth > 0"
TITLE = "Dire non sans fâcher"
ORG = "Société Exemple"
NAME = "Camille Martin-Dupont"
HOSTILE = "<img src=x onerror=window.pwned=1> Zoé"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
EXAM = "parcours/examen/"
PAGE = "parcours/fin/attestation/"

CONFIG = f"""\
site_name: {TITLE}
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: course
use_directory_urls: DIRECTORY_URLS
theme:
  name: material
  language: fr
  font: false
  features: [navigation.instant]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Passer au thème sombre}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Passer au thème clair}}
extra_css:
  - stylesheets/extra.css
plugins:
  - coursekit
nav:
  - Accueil: index.md
  - Évaluation finale: parcours/examen.md
  - Attestation de réussite: parcours/fin/attestation.md
"""
FILES = {
    "course.yml": f"""\
        organisation:
          name: {ORG}
          logo: images/logo.svg
        assessments:
          finale:
            pools:
              - {{quiz: finale, draw: 2}}
            attempts: 3
            pass_mark: 50
        """,
    "course/index.md": "# Accueil\n\nUne leçon ordinaire, sans attestation.\n",
    "course/parcours/examen.md": "# Évaluation finale\n\n[[exam: finale]]\n",
    "course/parcours/fin/attestation.md": ("# Attestation de réussite\n\nUn paragraphe d’introduction, qui ne "
                                           "s’imprime pas.\n\n[[attestation]]\n"),
    "quizzes/finale.yml": """\
        title: Évaluation finale
        questions:
          - {id: a, type: single, text: Question a ?, choices: [{text: Juste a, correct: true}, {text: Faux a}]}
          - {id: b, type: single, text: Question b ?, choices: [{text: Juste b, correct: true}, {text: Faux b}]}
        """,
    "course/images/logo.svg": """\
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
          <rect x="2" y="2" width="60" height="60" rx="12" fill="#24335e"/>
          <path d="M18 44 L32 16 L46 44 Z" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round"/>
        </svg>
        """,
}


def make_site(factory: pytest.TempPathFactory, directory_urls: bool) -> Iterator[tuple[Path, str]]:
    root = factory.mktemp("attestation")
    config = CONFIG.replace("DIRECTORY_URLS", "true" if directory_urls else "false")
    # the course's stylesheet: Material's footer and links in a paragraph, made readable (axe)
    write_tree(root, {**FILES, "mkdocs.yml": config,
                      "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(factory, root / "mkdocs.yml")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    yield from make_site(tmp_path_factory, True)


@pytest.fixture
def page(browser: Browser, site: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context(base_url=site[1], viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = watch(tab)
    yield tab
    context.close()
    assert errors == [], "\n".join(errors)


def take_exam(page: Page, right: bool) -> None:
    """One attempt on the assessment's page, every answer right or wrong (read from the choices' text)."""
    page.goto(EXAM)
    exam = page.locator("ck-exam.ck-ready")
    start = exam.get_by_role("button", name=re.compile("^(Commencer la tentative|Nouvelle tentative)"))
    start.click()
    for q in exam.locator(".ck-q:visible").all():
        q.get_by_role("radio", name=re.compile("^Juste" if right else "^Faux")).check()
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Réussie" if right else "Pas encore réussie")


def sign(page: Page, name: str) -> None:
    page.get_by_label("Prénom et nom").fill(name)
    page.get_by_role("button", name="Valider").click()


def today() -> str:
    now = datetime.now()
    return f"{'1er' if now.day == 1 else now.day} {MONTHS[now.month - 1]} {now.year}"


def test_before_the_pass_where_the_learner_stands_then_the_sheet(page: Page, site: tuple[Path, str]) -> None:
    page.goto(PAGE)
    att = page.locator("ck-attestation.ck-ready")
    state = att.locator(".ck-att__state")
    expect(state).to_have_text("Vous n’avez pas encore passé l’évaluation. Réussissez-la, avec au moins 50\u00a0%, "
                               "pour obtenir votre attestation.")
    expect(att.locator(".ck-att__sheet")).to_be_hidden()
    expect(att.get_by_label("Prénom et nom")).to_be_hidden()
    link = att.get_by_role("link", name="Aller à l’évaluation")
    assert link.get_attribute("href") == site[1] + EXAM
    # a failed attempt: the best score so far and the attempts left
    take_exam(page, right=False)
    expect(page.get_by_role("link", name="Obtenir mon attestation de réussite")).to_have_count(0)
    page.goto(PAGE)
    expect(state).to_have_text("Évaluation pas encore réussie\u00a0: votre meilleur score est de 0\u00a0% et le seuil "
                               "de réussite de 50\u00a0%. Il vous reste 2\u00a0tentatives sur 3.")
    expect(att.locator(".ck-att__sheet")).to_be_hidden()
    link.click()
    expect(page).to_have_url(site[1] + EXAM)
    # passed: the exam's result links to the attestation
    take_exam(page, right=True)
    page.get_by_role("link", name="Obtenir mon attestation de réussite").click()
    expect(page).to_have_url(site[1] + PAGE)
    expect(att.locator(".ck-att__todo")).to_be_hidden()
    sheet = att.locator(".ck-att__sheet")
    expect(sheet).to_be_visible()
    expect(att.get_by_role("button", name="Imprimer ou enregistrer en PDF")).to_be_hidden()  # no name yet
    # a failed attempt after the pass changes nothing: the best passing attempt stays on the sheet
    take_exam(page, right=False)
    expect(page.get_by_role("link", name="Obtenir mon attestation de réussite")).to_be_visible()
    page.goto(PAGE)
    sign(page, NAME)
    expect(sheet.locator(".ck-att__name")).to_have_text(NAME)
    expect(att.locator(".ck-sr")).to_have_text(f"Attestation établie au nom de {NAME}. Vous pouvez l’imprimer ou "
                                                "l’enregistrer en PDF.")
    text = " ".join(sheet.inner_text().split())
    for part in (ORG.upper(), "Attestation de réussite", TITLE, "2 sur 2 (100\u00a0%)", today(), "navigateur",
                 "plateforme de formation de l’entreprise (LMS)"):
        assert " ".join(part.split()) in text, (part, text)
    expect(sheet.locator("[data-slot=score]")).to_have_text("2 sur 2 (100\u00a0%)")
    expect(sheet.locator("[data-slot=date]")).to_have_text(today())
    logo = sheet.locator("img.ck-att__logo")
    expect(logo).to_have_attribute("src", site[1] + "images/logo.svg")
    page.wait_for_function(LOADED, arg=logo.element_handle())
    box = sheet.bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - 297 / 210) < 0.02  # A4's proportions
    # the name is remembered, and the print button calls the browser's print
    page.reload()
    expect(att.get_by_label("Prénom et nom")).to_have_value(NAME)
    expect(sheet.locator(".ck-att__name")).to_have_text(NAME)
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    att.get_by_role("button", name="Imprimer ou enregistrer en PDF").click()
    assert page.evaluate("window.printed") == 1


def pass_exam(page: Page) -> None:
    take_exam(page, right=True)
    page.goto(PAGE)


def test_a_name_with_markup_stays_text(page: Page) -> None:
    pass_exam(page)
    sign(page, HOSTILE)
    sheet = page.locator(".ck-att__sheet")
    expect(sheet.locator(".ck-att__name")).to_have_text(HOSTILE)
    expect(page.locator("ck-attestation .ck-sr")).to_contain_text(HOSTILE)
    expect(sheet.locator("img")).to_have_count(1)  # the logo, and only it
    page.reload()
    expect(sheet.locator(".ck-att__name")).to_have_text(HOSTILE)
    expect(sheet.locator("img")).to_have_count(1)
    assert page.evaluate("window.pwned") is None


def test_an_empty_name_is_refused_and_said(page: Page) -> None:
    pass_exam(page)
    sign(page, "   ")
    field = page.get_by_label("Prénom et nom")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(page.locator(".ck-att__error")).to_have_text("Saisissez d’abord votre prénom et votre nom.")
    expect(page.locator("ck-attestation .ck-sr")).to_have_text("Saisissez d’abord votre prénom et votre nom.")
    assert field.get_attribute("aria-describedby") == page.locator(".ck-att__error").get_attribute("id")
    expect(page.get_by_role("button", name="Imprimer ou enregistrer en PDF")).to_be_hidden()
    sign(page, "  Camille   Martin ")
    expect(field).to_have_attribute("aria-invalid", "false")
    expect(page.locator(".ck-att__name")).to_have_text("Camille Martin")
    expect(page.locator(".ck-att__error")).to_have_text("")


def test_no_attempt_left_and_the_date_of_the_passing_attempt(page: Page) -> None:
    """States set in the assessment's record as exam.js saves it: every attempt failed; a pass on the 1st."""
    page.goto(PAGE)
    key = page.locator("ck-attestation").get_attribute("data-key")
    page.evaluate("([k, r]) => localStorage.setItem(k, JSON.stringify(r))",
                  [key, {"v": 1, "tries": [0, 50 - 1e-3, 25], "best": 50 - 1e-3, "passed": False, "prev": [], "p": None}])
    page.reload()
    expect(page.locator(".ck-att__state")).to_have_text(
        "Évaluation non réussie\u00a0: votre meilleur score est de 49,9\u00a0% pour un seuil de 50\u00a0%, et vous "
        "n’avez plus de tentative. Aucune attestation ne peut être établie\u00a0; parlez-en à votre formateur ou à "
        "votre formatrice.")
    expect(page.locator(".ck-att__sheet")).to_be_hidden()
    won = {"got": 2.5, "max": 3, "pct": 250 / 3, "at": "2026-03-01T10:00:00"}
    page.evaluate("([k, r]) => localStorage.setItem(k, JSON.stringify(r))",
                  [key, {"v": 1, "tries": [250 / 3, 0], "best": 250 / 3, "passed": True, "won": won,
                         "last": {"got": 0, "max": 3, "pct": 0, "passed": False, "at": "2026-03-09T10:00:00"},
                         "prev": [], "p": None}])
    page.reload()
    expect(page.locator("[data-slot=date]")).to_have_text("1er mars 2026")
    expect(page.locator("[data-slot=score]")).to_have_text("2,5 sur 3 (83,3\u00a0%)")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_printed_it_is_one_a4_landscape_page_with_the_sheet_alone(page: Page, scheme: str) -> None:
    pass_exam(page)
    sign(page, NAME)
    page.locator("[data-md-color-scheme]").first.evaluate("(b, s) => b.setAttribute('data-md-color-scheme', s)",
                                                          scheme)
    page.emulate_media(media="print")
    # printed from the dark scheme too, the ink is dark on white paper
    assert page.locator(".ck-att__title").evaluate("(h) => getComputedStyle(h).color") == "rgb(36, 51, 94)"
    assert page.locator(".ck-att__sheet").evaluate("(s) => getComputedStyle(s).backgroundColor") == "rgb(255, 255, 255)"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "h1", "text=Un paragraphe",
                   ".ck-att__form", ".ck-att__print"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator(".ck-att__name")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    pdf = SHOTS / f"attestation-{scheme}.pdf"
    page.pdf(path=pdf, format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4 landscape, in points
    # words as the PDF gives them back: spaced capitals (letter-spacing), a long name wrapped
    text = "".join(reader.pages[0].extract_text().split()).casefold()
    for part in (NAME, "2 sur 2 (100\u00a0%)", today(), TITLE, "Attestation de réussite", ORG):
        assert "".join(part.split()).casefold() in text, (part, text)
    for left_out in ("Un paragraphe", "Accueil", "Prénom et nom", "Imprimer", "Valider"):
        assert "".join(left_out.split()).casefold() not in text, left_out
    if shutil.which("pdftoppm"):  # the printed page as a person sees it
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SHOTS / f"attestation-{scheme}-pdf")],
                       check=True, timeout=60)
    else:
        page.screenshot(path=SHOTS / f"attestation-{scheme}-pdf.png")


def test_a_page_without_an_attestation_prints_as_before(page: Page) -> None:
    page.goto("")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4 portrait
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_before_and_after_the_pass(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(PAGE)
    expect(page.locator(".ck-att__state")).not_to_be_empty()
    assert run_axe(page) == []
    pass_exam(page)
    assert run_axe(page) == []
    sign(page, "")
    assert run_axe(page) == []
    sign(page, NAME)
    expect(page.locator(".ck-att__print")).to_be_visible()
    page.get_by_role("button", name="Valider").hover()
    assert run_axe(page) == []


@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_by_keyboard_at_desktop_and_phone_width(browser: Browser, site: tuple[Path, str], width: int, height: int,
                                                name: str) -> None:
    context = browser.new_context(base_url=site[1], viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    pass_exam(page)
    page.get_by_label("Prénom et nom").focus()
    page.keyboard.type(NAME)
    page.keyboard.press("Enter")  # the form's submit
    expect(page.locator(".ck-att__name")).to_have_text(NAME)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Imprimer ou enregistrer en PDF", focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    from conftest import shoot
    shoot(page, page.locator(".md-content"), SHOTS / f"attestation-{name}.png")
    page.locator("[data-md-color-scheme]").first.evaluate("(b) => b.setAttribute('data-md-color-scheme', 'slate')")
    shoot(page, page.locator(".md-content"), SHOTS / f"attestation-{name}-dark.png")
    context.close()
    assert errors == [], "\n".join(errors)


# -- without use_directory_urls ---------------------------------------------------------------
@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    yield from make_site(tmp_path_factory, False)


def test_the_addresses_hold_without_directory_urls(browser: Browser, flat_site: tuple[Path, str]) -> None:
    context = browser.new_context(base_url=flat_site[1])
    page = context.new_page()
    errors = watch(page)
    page.goto("parcours/fin/attestation.html")
    link = page.get_by_role("link", name="Aller à l’évaluation")
    expect(link).to_have_attribute("href", flat_site[1] + "parcours/examen.html")
    link.click()
    exam = page.locator("ck-exam.ck-ready")
    exam.get_by_role("button", name="Commencer la tentative").click()
    for q in exam.locator(".ck-q:visible").all():
        q.get_by_role("radio", name=re.compile("^Juste")).check()
    exam.get_by_role("button", name="Rendre ma copie").click()
    page.get_by_role("link", name="Obtenir mon attestation de réussite").click()
    expect(page).to_have_url(flat_site[1] + "parcours/fin/attestation.html")
    logo = page.locator(".ck-att__sheet img.ck-att__logo")
    expect(logo).to_have_attribute("src", flat_site[1] + "images/logo.svg")
    page.wait_for_function(LOADED, arg=logo.element_handle())
    context.close()
    assert errors == [], "\n".join(errors)


# -- the build's checks -----------------------------------------------------------------------
QUIZ = ("title: Essai\nquestions:\n" + "\n".join(
    f"  - {{id: q{k}, type: single, text: Q{k} ?, choices: [{{text: Oui, correct: true}}, {{text: Non}}]}}"
    for k in range(1, 4)) + "\n")


def test_an_unknown_or_missing_assessment_is_said_at_its_line(build) -> None:  # type: ignore[no-untyped-def]
    two = "assessments:\n  finale:\n    pools: [{quiz: essai, draw: 1}]\n  essai:\n    pools: [{quiz: essai, draw: 2}]\n"
    done = build({
        "course/index.md": "# Essai\n\n[[exam: finale]]\n\n[[attestation]]\n\n[[attestation: finalle]]\n",
        "quizzes/essai.yml": QUIZ, "course.yml": two})
    assert done.code == 1
    assert ("course/index.md:5: [[attestation]]: course.yml has 2 assessments (finale, essai); say which one, "
            "e.g. [[attestation: finale]]") in done.log
    assert ("course/index.md:7: [[attestation: finalle]]: there is no assessment 'finalle' in course.yml "
            "(assessments); did you mean `finale`?") in done.log
    assert "Traceback" not in done.log
    done = build({"course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[attestation]]\n", "quizzes/essai.yml": QUIZ,
                  "course.yml": "organisation: {name: Essai}\n"})
    assert done.code == 1
    assert "course/index.md:5: [[attestation]]: course.yml has no assessment" in done.log
    # an assessment that no lesson embeds can never be passed
    done = build({"course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[attestation: essai]]\n",
                  "quizzes/essai.yml": QUIZ, "course.yml": two})
    assert done.code == 1
    assert ("course/index.md:5: [[attestation]]: no lesson embeds the assessment 'essai', so no one can pass it; "
            "put [[exam: essai]] in a lesson") in done.log
    # with one assessment, the id may be left out
    done = build({"course/index.md": "# Essai\n\n[[exam: finale]]\n\n[[attestation]]\n", "quizzes/essai.yml": QUIZ,
                  "course.yml": "assessments:\n  finale:\n    pools: [{quiz: essai, draw: 1}]\n"})
    assert done.code == 0, done.log
    assert 'data-exam="finale"' in done.html()


def test_the_template_has_every_part_and_no_script() -> None:
    from coursekit.core.assets import widget_strings
    from coursekit.core.html import Html
    base = Html("fr", "test", [])
    sheet = base.html("coursekit/attestation.html", t=base.t, uid="u", course="Cours <b>&</b>", exam="x", key="k",
                      pass_mark="70", attempts=3, name_key="n", org={"name": "A & B", "logo": "a b/logo.svg"},
                      strings=widget_strings("fr", "attestation"))
    assert sheet.startswith('<ck-attestation class="ck-att" id="u" data-exam="x"')
    # the strings only its script reads, in an attribute the browser reads as JSON
    carried = json.loads(html.unescape(re.search(r" data-strings='([^']*)'", sheet).group(1)))
    assert carried["att_ready"].startswith("Attestation établie au nom de") and "att_title" not in carried
    for slot in ("name", "date", "score"):
        assert f'data-slot="{slot}"></' in sheet  # empty: the browser fills it
    assert "Cours &lt;b&gt;&amp;&lt;/b&gt;" in sheet and "A &amp; B" in sheet  # titles are text
    assert 'data-logo="a b/logo.svg"' in sheet and "<img" not in sheet  # the script makes the image
    assert "<script" not in sheet and " style=" not in sheet and not re.search(r"\son[a-z]+=", sheet)
    assert 'autocomplete="name"' in sheet and '<label for="u-name">' in sheet
