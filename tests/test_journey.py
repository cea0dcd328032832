"""The learner's whole journey, by keyboard alone, in Chromium at desktop (1280 × 800) and phone
(390 × 844) sizes: a small course of its own (a home page with « Continuer », two lessons with a quiz
each, a final assessment with two attempts, a timed one, the attestation, « Ma progression » and
« Revoir mes erreurs »), served with its CSP. Only Tab, Shift+Tab, Space, Enter, Escape, the arrows
and typed text (tests/learner.py): no click, no check(), no fill(). From page to page the learner
follows the links of the page (« Commencer », « Continuer », « Leçon suivante », the home page's
links, those of « Ma progression » and of the exam's result) and Material's « Précédent » /
« Suivant » at the foot of each page (the drawer, the navigation at phone width, has a test of its
own: test_drawer.py). At each control
the focus is shown (an outline or a shadow) inside the window; axe runs at a few stops, in light and
dark (the palette switched by keyboard). Any console error fails the test (conftest.watch)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, served, watch, write_tree
from learner import Learner
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader
from sites import material_config
from test_browser_quiz import run_axe

NAME = "Camille Martin-Dupont"
SITE = {
    "mkdocs.yml": material_config("Parcours au clavier", {
        "Accueil": "index.md",
        "Première leçon": "un.md",
        "Deuxième leçon": "deux.md",
        "Évaluation finale": "finale.md",
        "Épreuve chronométrée": "chrono.md",
        "Attestation": "attestation.md",
        "Ma progression": "progression.md",
        "Revoir mes erreurs": "revoir.md",
    }, ("navigation.instant", "navigation.footer")),
    "course.yml": """\
        organisation:
          name: Société Exemple
        assessments:
          finale:
            title: Évaluation finale
            pools:
              - {quiz: finale, draw: 2}
            attempts: 2
            pass_mark: 100
          chrono:
            title: Épreuve chronométrée
            pools:
              - {quiz: chrono, draw: 2}
            time_limit: 1
        """,
    "course/index.md": """\
        # Accueil

        Bienvenue dans ce parcours.

        [[continue]]

        Où vous en êtes\u00a0: [Ma progression](progression.md). Vos erreurs à retravailler\u00a0:
        [Revoir mes erreurs](revoir.md).
        """,
    "course/un.md": "# Première leçon\n\nTexte.\n\n[[quiz: un]]\n",
    "course/deux.md": "# Deuxième leçon\n\nTexte.\n\n[[quiz: deux]]\n",
    "course/finale.md": "# Évaluation finale\n\n[[exam: finale]]\n",
    "course/chrono.md": "# Épreuve chronométrée\n\n[[exam: chrono]]\n",
    "course/attestation.md": "# Attestation\n\n[[attestation: finale]]\n",
    "course/progression.md": "# Ma progression\n\n[[progress]]\n",
    "course/revoir.md": "# Revoir mes erreurs\n\n[[practice]]\n",
    "quizzes/un.yml": """\
        title: Un
        questions:
          - {id: a, type: single, text: Couleur\u00a0?, choices: [{text: Rouge, correct: true}, {text: Vert}]}
          - {id: b, type: single, text: Forme\u00a0?, choices: [{text: Rond, correct: true}, {text: Carré}]}
        """,
    "quizzes/deux.yml": """\
        title: Deux
        pass_mark: 50
        questions:
          - {id: a, type: single, text: Saison chaude\u00a0?, choices: [{text: Été, correct: true}, {text: Hiver}]}
          - {id: b, type: single, text: Mois d’hiver\u00a0?, choices: [{text: Janvier, correct: true}, {text: Juillet}]}
        """,
    "quizzes/finale.yml": """\
        title: Finale
        questions:
          - {id: a, type: single, text: Question a\u00a0?, choices: [{text: Juste a, correct: true}, {text: Faux a}]}
          - {id: b, type: single, text: Question b\u00a0?, choices: [{text: Juste b, correct: true}, {text: Faux b}]}
        """,
    "quizzes/chrono.yml": """\
        title: Chrono
        questions:
          - {id: c, type: single, text: Question c\u00a0?, choices: [{text: Juste c, correct: true}, {text: Faux c}]}
          - {id: d, type: single, text: Question d\u00a0?, choices: [{text: Juste d, correct: true}, {text: Faux d}]}
        """,
}


@pytest.fixture(scope="module")
def journey_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("keyboard-journey")
    # the course's stylesheet: Material's footer and links in a paragraph, made readable (axe)
    write_tree(root, {**SITE, "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


# -- what the learner reads --------------------------------------------------------------------
def tables(page: Page) -> list[dict[str, list[str]]]:
    """« Ma progression »'s tables: each row's first cell -> its other cells, as read."""
    expect(page.locator("ck-progress.ck-ready tbody tr").first).to_be_visible()
    return page.locator("ck-progress table").evaluate_all("""ts => ts.map(t => Object.fromEntries(
      [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent.replace(/[ \\n\\t]+/g, " ").trim()))
        .map(([head, ...rest]) => [head, rest])))""")


def lessons(page: Page) -> dict[str, str]:
    return {title: cells[0] for title, cells in tables(page)[0].items()}


def done_in_nav(page: Page) -> list[str]:
    """The navigation's links marked done, as a screen reader reads them (in the drawer at phone width)."""
    return page.locator(".md-sidebar--primary a.md-nav__link:has(.ck-navdone)").evaluate_all(
        "as => as.map(a => a.textContent.replace(/[ \\n\\t]+/g, ' ').trim())")


def to_review(page: Page) -> Locator:
    """The questions « Revoir mes erreurs » shows."""
    return page.locator("ck-practice.ck-ready .ck-q:visible .ck-q__text")


TODO = {"Première leçon": "○ à faire", "Deuxième leçon": "○ à faire", "Évaluation finale": "○ à faire",
        "Épreuve chronométrée": "○ à faire"}


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_whole_journey_by_keyboard(browser: Browser, journey_site: tuple[Path, str], tmp_path: Path,
                                       width: int, height: int) -> None:
    url = journey_site[1]
    context = browser.new_context(base_url=url, viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    page.clock.install()  # the time runs as usual, until the timed paper's minute is fast-forwarded
    me = Learner(page, url)
    page.goto("")
    expect(page.locator("ck-continue.ck-ready")).to_have_count(1)
    # 1. « Commencer »: the first lesson; half its quiz answered, left, found again, then failed
    me.follow("Commencer", "un/")
    quiz = page.locator("ck-quiz.ck-ready")
    me.tab_to("Rouge")
    me.press("ArrowDown")  # the arrow checks the next choice: « Vert », wrong
    me.on("Vert", "fieldset")
    me.footer("Précédent", "Accueil", "")
    me.follow("Continuer\u00a0: Première leçon", "un/")
    expect(quiz.get_by_role("radio", name="Vert")).to_be_checked()
    expect(quiz.get_by_role("radio", name="Rond")).not_to_be_checked()
    expect(quiz.get_by_role("radio", name="Carré")).not_to_be_checked()
    me.tab_to("Vert")  # a group is entered on its checked choice
    me.press("Tab")
    me.pick("Rond")
    me.step("Valider")
    me.press("Enter")
    result = quiz.locator(".ck-quiz__result")
    expect(result).to_be_focused()
    me.on(re.compile("Votre score.*"))
    expect(result.locator(".ck-quiz__score")).to_have_text("Votre score\u00a0: 1 sur 2 (50\u00a0%)")
    expect(result.locator(".ck-quiz__verdict")).to_contain_text("Pas encore")
    expect(quiz.locator(".ck-q__verdict")).to_contain_text(["Réponse incorrecte", "Bonne réponse"])
    me.step("Recommencer")  # the main action: « Recommencer »; no next lesson
    expect(quiz.locator(".ck-quiz__retry")).to_have_class(re.compile("md-button--primary"))
    expect(quiz.locator(".ck-quiz__next")).to_have_count(0)
    assert run_axe(page) == []
    # 2. « Ma progression »: the lesson begun, the quiz's last and best scores, nothing done yet
    me.footer("Précédent", "Accueil", "")
    me.follow("Ma progression", "progression/")
    assert lessons(page) == {**TODO, "Première leçon": "◐ commencé"}
    assert tables(page)[1] == {"Première leçon": ["50\u00a0%", "50\u00a0%"], "Deuxième leçon": ["—", "—"]}
    expect(page.locator(".ck-progress__final")).to_have_text("Évaluation finale\u00a0: pas encore passée.")
    expect(page.locator(".ck-progress__review")).to_have_text("1\u00a0question à revoir")
    expect(page.get_by_role("link", name="Obtenir mon attestation de réussite")).to_have_count(0)
    assert done_in_nav(page) == []
    # 3. « Revoir mes erreurs » (its link on « Ma progression »): the question missed; answered right,
    # it leaves the list
    me.follow("Revoir mes erreurs", "revoir/", "ck-progress")
    practice = page.locator("ck-practice.ck-ready")
    expect(practice).to_have_count(1)
    expect(to_review(page)).to_have_text(["Couleur\u00a0?"])
    expect(practice.locator(".ck-practice__summary p:visible")).to_have_text("1\u00a0question à revoir, dans 1\u00a0leçon\u00a0:")
    me.tab_to("Rouge")
    me.pick("Rouge")
    me.step("Vérifier")
    me.press("Enter")
    expect(practice.locator(".ck-quiz__result")).to_be_focused()
    expect(practice.locator(".ck-quiz__score")).to_have_text("Questions réussies\u00a0: 1 sur 1.")
    me.step("Continuer")
    me.press("Enter")
    expect(practice.locator(".ck-practice__summary")).to_be_focused()
    expect(practice.locator(".ck-sr")).to_have_text("Tout est réussi\u00a0: plus aucune erreur à revoir\u00a0!")
    expect(practice.locator(".ck-practice__summary")).to_contain_text("Aucune erreur à revoir pour l’instant")
    expect(to_review(page)).to_have_count(0)
    assert run_axe(page) == []
    # 4. the quiz again, right: passed, the lesson marked done, « Leçon suivante » the main action
    me.follow("Ma progression", "progression/")  # the empty list's link
    me.follow("Première leçon", "un/", "ck-progress")
    me.tab_to("Recommencer")
    me.press("Enter")
    me.on("Rouge", "fieldset")  # the quiz starts again from its first choice
    me.pick("Rouge")
    me.press("Tab")
    me.pick("Rond")
    me.step("Valider")
    me.press("Enter")
    expect(result.locator(".ck-quiz__verdict")).to_contain_text("Réussi")
    next_lesson = quiz.locator(".ck-quiz__next")
    expect(next_lesson).to_have_text("Leçon suivante\u00a0: Deuxième leçon")
    me.step("Leçon suivante\u00a0: Deuxième leçon")
    expect(next_lesson).to_have_class(re.compile("md-button--primary"))
    expect(quiz.locator(".ck-quiz__retry")).not_to_have_class(re.compile("md-button--primary"))
    assert done_in_nav(page) == ["Première leçon ✓ terminé"]
    me.press("Enter")
    expect(page).to_have_url(url + "deux/")
    me.tab_to("Été")
    me.pick("Été")
    me.press("Tab")
    me.pick("Juillet")  # wrong, and still passed: the pass mark is 50 %
    me.step("Valider")
    me.press("Enter")
    expect(result.locator(".ck-quiz__verdict")).to_contain_text("Réussi")
    assert done_in_nav(page) == ["Première leçon ✓ terminé", "Deuxième leçon ✓ terminé"]
    me.footer("Précédent", "Première leçon", "un/")
    me.footer("Précédent", "Accueil", "")
    me.follow("Continuer\u00a0: Évaluation finale", "finale/")  # the course's order: the assessment next
    # 5. the final assessment: attempt 1 failed, attempt 2 passed, then no attempt left
    exam = page.locator("ck-exam.ck-ready")
    expect(exam.locator(".ck-exam__status")).to_have_text("Tentative 1 sur 2")
    for right in (False, True):
        me.tab_to(re.compile("Commencer la tentative|Nouvelle tentative \\(2 sur 2\\)"))
        me.press("Enter")
        for _ in range(2):
            me.pick(re.compile("Juste ." if right else "Faux ."))
            me.press("Tab")
        me.on("Rendre ma copie")
        me.press("Enter")
        expect(exam.locator(".ck-quiz__result")).to_be_focused()
        expect(exam.locator(".ck-quiz__score")).to_have_text(f"Votre score\u00a0: {2 if right else 0} sur 2 "
                                                             f"({100 if right else 0}\u00a0%)")
    result = exam.locator(".ck-quiz__result")
    expect(result.locator(".ck-quiz__verdict")).to_contain_text("Réussie\u00a0!")
    expect(result.locator(".ck-exam__used")).to_contain_text("Tentatives utilisées\u00a0: 2 sur 2.")
    expect(result.locator(".ck-exam__over")).to_have_text(
        "Vous avez utilisé toutes vos tentatives\u00a0: l’évaluation est close.")
    expect(exam.get_by_role("button", name=re.compile("Nouvelle tentative"))).to_have_count(0)
    expect(result.get_by_role("link", name="Obtenir mon attestation de réussite")).to_be_visible()
    me.step("Obtenir mon attestation de réussite")
    me.palette("sombre")  # until the end of this browser's journey
    assert run_axe(page) == []
    # a timed paper: one question answered, then the minute runs out; graded as it stands
    me.footer("Suivant", "Épreuve chronométrée", "chrono/")
    me.tab_to("Commencer la tentative")
    me.press("Enter")
    clock = exam.locator(".ck-exam__clock")
    expect(clock).to_have_text(re.compile("Temps restant\u00a0: (1:00|0:59)"))
    me.pick(re.compile("Juste ."))
    page.clock.run_for(61_000)
    result = exam.locator(".ck-quiz__result")
    expect(result).to_be_focused()
    expect(result.locator(".ck-exam__up")).to_contain_text("Temps écoulé\u00a0!")
    expect(result.locator(".ck-quiz__score")).to_have_text("Votre score\u00a0: 1 sur 2 (50\u00a0%)")
    expect(clock).to_be_hidden()
    expect(exam.locator(".ck-q__verdict")).to_have_text([re.compile("Bonne réponse"), re.compile("Réponse incorrecte")])
    # 6. the attestation: the name typed, « Valider », the sheet; printed, one A4 landscape page
    me.footer("Suivant", "Attestation", "attestation/")
    att = page.locator("ck-attestation.ck-ready")
    me.tab_to("Prénom et nom")
    page.keyboard.type(NAME)
    me.step("Valider")
    me.press("Enter")
    sheet = att.locator(".ck-att__sheet")
    expect(sheet.locator("[data-slot=name]")).to_have_text(NAME)
    expect(sheet.locator("[data-slot=score]")).to_have_text("2 sur 2 (100\u00a0%)")
    expect(att.locator(".ck-sr")).to_have_text(f"Attestation établie au nom de {NAME}. Vous pouvez l’imprimer ou "
                                               "l’enregistrer en PDF.")
    me.step("Imprimer ou enregistrer en PDF")
    assert run_axe(page) == []
    page.emulate_media(media="print")
    pdf = tmp_path / "attestation.pdf"
    page.pdf(path=pdf, format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    printed = PdfReader(pdf)
    assert len(printed.pages) == 1
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4 landscape, in points
    text = "".join(printed.pages[0].extract_text().split()).casefold()
    for part in (NAME, "2 sur 2 (100\u00a0%)"):
        assert "".join(part.split()).casefold() in text, (part, text)
    # 7. « Ma progression »: all done but the timed paper; exported
    me.footer("Suivant", "Ma progression", "progression/")
    assert lessons(page) == {**{title: "✓ terminé" for title in TODO}, "Épreuve chronométrée": "◐ commencé"}
    expect(page.locator(".ck-progress__final")).to_have_text(
        "Évaluation finale\u00a0: réussie, avec un meilleur score de 100\u00a0%. Tentatives utilisées\u00a0: 2 sur 2.")
    expect(page.locator(".ck-progress__review")).to_have_text("1\u00a0question à revoir")
    expect(page.get_by_role("link", name="Obtenir mon attestation de réussite")).to_be_visible()
    before = tables(page)
    me.tab_to("Exporter ma progression")
    with page.expect_download() as waiting:
        me.press("Enter")
    exported = tmp_path / "progression.json"
    waiting.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["data"]
    expect(page.get_by_role("status")).to_contain_text("prêt dans vos téléchargements")
    context.close()
    assert errors == [], "\n".join(errors)
    # another browser: nothing; the file imported by keyboard, everything is back
    context = browser.new_context(base_url=url, viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    me = Learner(page, url)
    # the file the browser's dialog gives; listened for from the start: Playwright takes the dialog
    # over only a moment after a listener is added, and the keyboard is quicker (a missed dialog)
    page.on("filechooser", lambda dialog: dialog.set_files(exported))
    page.goto("progression/")
    assert lessons(page) == TODO
    me.tab_to("Importer une progression…")
    me.press("Enter")
    status = page.get_by_role("status")
    expect(status).to_have_text("Progression importée.")
    assert tables(page) == before
    expect(page.locator(".ck-progress__review")).to_have_text("1\u00a0question à revoir")
    me.follow("Revoir mes erreurs", "revoir/", "ck-progress")
    expect(to_review(page)).to_have_text(["Mois d’hiver\u00a0?"])
    me.footer("Précédent", "Ma progression", "progression/")
    me.follow("Obtenir mon attestation de réussite", "attestation/", "ck-progress")
    expect(page.locator("ck-attestation.ck-ready [data-slot=name]")).to_have_text(NAME)  # the name came too
    me.footer("Suivant", "Ma progression", "progression/")
    # reset: a confirmation first, that Escape cancels
    me.tab_to("Réinitialiser")
    me.press("Enter")
    dialog = page.get_by_role("dialog", name="Effacer toute votre progression\u00a0?")
    expect(dialog).to_be_visible()
    me.on("Annuler", "dialog")
    assert run_axe(page) == []
    me.press("Escape")
    expect(dialog).to_be_hidden()
    me.on("Réinitialiser")
    assert tables(page) == before
    me.press("Enter")
    me.on("Annuler", "dialog")
    me.step("Tout effacer", "dialog")
    me.press("Enter")
    expect(status).to_have_text("Progression effacée.")
    assert lessons(page) == TODO
    assert tables(page)[1] == {"Première leçon": ["—", "—"], "Deuxième leçon": ["—", "—"]}
    expect(page.locator(".ck-progress__final")).to_have_text("Évaluation finale\u00a0: pas encore passée.")
    expect(page.locator(".ck-progress__review")).to_have_text("aucune question à revoir pour l’instant")
    expect(page.get_by_role("link", name="Obtenir mon attestation de réussite")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ck:'))") == []
    me.follow("Revoir mes erreurs", "revoir/", "ck-progress")
    expect(page.locator("ck-practice.ck-ready .ck-practice__summary")).to_contain_text("Aucune erreur à revoir")
    expect(to_review(page)).to_have_count(0)
    context.close()
    assert errors == [], "\n".join(errors)
